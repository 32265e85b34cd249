"""Write side of cases: the `Cases` application, composed of one command mixin per area.

Each area (leads, penalty cases, case-file review, normative documents, satellite patches,
expropriation) keeps its commands in its own module as a mixin of `ServiceApplication`; this module
only composes them, so one notification log orders every event of the service.
"""

from __future__ import annotations

from shared.application import ServiceApplication


class Cases(ServiceApplication):
    name = "cases"
