"""Roles and unit scope as business rules: an officer of station 3 acts on station 3's objects.

Pure: the web layer enforces which role may call a route; the application checks an object's unit
against the caller's, which the command context carries.
"""

from __future__ import annotations

from enum import StrEnum

from shared.domain.aggregate import DomainError
from shared.domain.context import current_context


class Role(StrEnum):
    DIRECTOR = "director"
    DEPUTY_DIRECTOR = "deputy_director"
    UNIT_HEAD = "unit_head"
    OFFICER = "officer"
    LEGAL_AFFAIRS = "legal_affairs"
    CASE_REVIEWER = "case_reviewer"
    ASSESSMENT_SECRETARIAT = "assessment_secretariat"
    AUDITOR = "auditor"
    ADMIN = "admin"
    # Machine callers inside the cluster (the scheduler records breaches through ordinary commands).
    SYSTEM = "system"


ALL_ROLES = frozenset(Role)
# Roles whose duties span the bureau: they see (and, where a route allows, act on) every unit's objects.
BUREAU_WIDE = frozenset(
    {
        Role.DIRECTOR,
        Role.DEPUTY_DIRECTOR,
        Role.LEGAL_AFFAIRS,
        Role.CASE_REVIEWER,
        Role.ASSESSMENT_SECRETARIAT,
        Role.AUDITOR,
        Role.ADMIN,
        Role.SYSTEM,
    }
)


# Roles that may enter a record after the fact (its business time in the past, `Occurred-At`): those
# who keep the bureau's records and their heads. The record stays visibly late: it keeps both times.
BACKDATING = frozenset(
    {
        Role.DIRECTOR,
        Role.DEPUTY_DIRECTOR,
        Role.UNIT_HEAD,
        Role.LEGAL_AFFAIRS,
        Role.ASSESSMENT_SECRETARIAT,
        Role.ADMIN,
        Role.SYSTEM,
    }
)


class ForbiddenError(DomainError):
    """The caller's role or unit does not allow this (HTTP 403)."""

    code = "forbidden"
    status = 403


def sees_unit(role: str, own_unit: str | None, unit_id: str | None) -> bool:
    return role in BUREAU_WIDE or (unit_id is not None and own_unit == unit_id)


def listed_unit(role: str, own_unit: str | None, unit_id: str | None) -> str | None:
    """The unit a list is filtered to: a bureau-wide role may ask for any unit (or, with None, all);
    any other role reads its own unit's list only, and asking for another's is refused."""
    if role in BUREAU_WIDE:
        return unit_id
    if own_unit is None or (unit_id is not None and unit_id != own_unit):
        raise ForbiddenError("this list belongs to another unit", your_unit=own_unit, object_unit=unit_id)
    return own_unit


def ensure_unit_scope(unit_id: str | None) -> None:
    """Refuse the current caller, unless bureau-wide, acting on another unit's object."""
    ctx = current_context()
    if not sees_unit(ctx.actor_role, ctx.actor_unit, unit_id):
        raise ForbiddenError("this object belongs to another unit", your_unit=ctx.actor_unit, object_unit=unit_id)
