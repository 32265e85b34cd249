"""Helpers shared by the assessment routes: stored histories, unit scope on reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assessment.api.responses import HistoryEntry
from shared.domain.access import listed_unit
from shared.history import history
from shared.web.authz import READERS, ForbiddenError, Role, allow, sees_unit
from shared.web.identity import Identity

READ = [allow(*READERS)]
SECRETARIAT = [allow(Role.ASSESSMENT_SECRETARIAT)]
LEADERSHIP = [allow(Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
AUDIT_READERS = [
    allow(
        Role.AUDITOR,
        Role.DIRECTOR,
        Role.DEPUTY_DIRECTOR,
        Role.ASSESSMENT_SECRETARIAT,
        Role.LEGAL_AFFAIRS,
        Role.ADMIN,
    )
]


def histories(events: Iterable[Any]) -> list[HistoryEntry]:
    return [HistoryEntry.model_validate(entry) for entry in history(events)]


def unit_filter(identity: Identity, unit_id: str | None) -> str | None:
    """Bureau-wide roles read any unit (or all); others read their own unit only (`listed_unit`)."""
    return listed_unit(identity.role, identity.unit_id, unit_id)


def ensure_sees(identity: Identity, unit_id: str) -> None:
    if not sees_unit(identity.role, identity.unit_id, unit_id):
        raise ForbiddenError("this belongs to another unit", your_unit=identity.unit_id, object_unit=unit_id)
