"""Write side of personnel: the `Personnel` application, composed of one command mixin per area.

Each area keeps its commands (get, check, mutate, save once) in its own module; this module only
composes them, so one notification log orders every event of the service.
"""

from __future__ import annotations

from personnel.application.assets import AssetCommands
from personnel.application.certificates import CertificateCommands
from personnel.application.officers import OfficerCommands
from personnel.application.organisation import OrganisationCommands
from personnel.application.powers import PowerCommands
from personnel.application.roster import RosterCommands
from personnel.application.rules import RuleCommands
from personnel.application.sanctions import SanctionCommands, SanctionType
from personnel.application.training import TrainingCommands


class Personnel(
    OfficerCommands,
    TrainingCommands,
    CertificateCommands,
    SanctionCommands,
    OrganisationCommands,
    PowerCommands,
    RosterCommands,
    AssetCommands,
    RuleCommands,
):
    name = "personnel"


__all__ = ["Personnel", "SanctionType"]
