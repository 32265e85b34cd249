"""Who may take part in an investigation-type step: the enforcement team rule (DOMAIN §1.4 invariant 1).

At least two officers, each holding at that step's time a certificate that lets them enforce in
land and resources, each having shown it. Who could enforce is answered by an `EnforcerDirectory`
(the port); the application asks it and hands the answers to the aggregate, which stays pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from shared.domain import DomainError, InvalidInputError

LAND_RESOURCES = "land_resources"


@dataclass(frozen=True)
class Standing:
    """Whether one officer could enforce at an instant; if not, `reason` says why (a stable code)."""

    officer_id: UUID
    can_enforce: bool
    certificate_no: str | None = None
    reason: str | None = None


class EnforcerDirectory(Protocol):
    def standing_at(self, officer_ids: Sequence[UUID], at: datetime) -> Mapping[UUID, Standing]: ...


class NoEnforcers:
    """A directory that knows no certificate: every officer is refused (the safe default)."""

    def standing_at(self, officer_ids: Sequence[UUID], at: datetime) -> Mapping[UUID, Standing]:
        return {officer: Standing(officer, False, None, "no_certificate") for officer in officer_ids}


@dataclass(frozen=True)
class TeamMember:
    officer_id: UUID
    certificate_shown: bool


class EnforcementTeamTooSmallError(DomainError):
    code = "enforcement_team_too_small"


class OfficerCannotEnforceError(DomainError):
    code = "officer_cannot_enforce"


class CertificateNotShownError(DomainError):
    code = "certificate_not_shown"


class DuplicateOfficerError(InvalidInputError):
    code = "duplicate_officer"


@dataclass(frozen=True)
class CheckedTeam:
    """A team that passed the rule: the officers and the certificate each showed."""

    officer_ids: list[UUID]
    certificate_nos: list[str]


def check_team(
    members: Sequence[TeamMember],
    standings: Mapping[UUID, Standing],
    *,
    minimum: int,
    at: datetime,
    require_shown: bool = True,
) -> CheckedTeam:
    ids = [m.officer_id for m in members]
    if len(set(ids)) != len(ids):
        raise DuplicateOfficerError("an officer is listed twice", officer_ids=[str(i) for i in ids])
    if len(ids) < minimum:
        raise EnforcementTeamTooSmallError(
            f"at least {minimum} enforcement officers must take part", required=minimum, listed=len(ids)
        )
    refused = [standings.get(i) or Standing(i, False, None, "unknown_officer") for i in ids]
    refused = [s for s in refused if not s.can_enforce]
    if refused:
        raise OfficerCannotEnforceError(
            "an officer listed could not enforce at the time of the step",
            at=at.isoformat(),
            officers=[
                {"officer_id": str(s.officer_id), "reason": s.reason, "certificate_no": s.certificate_no}
                for s in refused
            ],
        )
    unshown = [str(m.officer_id) for m in members if not m.certificate_shown]
    if require_shown and unshown:
        raise CertificateNotShownError(
            "every officer must show an enforcement certificate (亮证执法)", officer_ids=unshown
        )
    return CheckedTeam(ids, [str(standings[i].certificate_no) for i in ids])


def officer_ids(members: Iterable[TeamMember]) -> list[UUID]:
    return [m.officer_id for m in members]
