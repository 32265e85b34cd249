"""A unit's patrol plan for a month (巡查计划) and the patrols logged against it (巡查日志).

Township stations do the first-line patrol and ENF patrols too (DOMAIN §9): most leads come from
patrols. A unit head publishes the month's plan (the areas and how many days each must be
patrolled) and may revise it until the month ends; the latest revision counts, but it cannot drop
an area already patrolled, since that would erase work done. Each patrol is logged once, by an
enforcement team (two officers who could enforce at that instant, certificates shown), on an area
of the plan, on a day of its month. Coverage of an area is min(days patrolled, days required) /
days required; every event carries the coverage it leaves, so the assessment reads it from the
event alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from cases.domain.enforcers import CheckedTeam
from cases.domain.errors import OccurredBeforeError
from cases.domain.patrol_terms import (
    AreaNotPlannedError,
    Finding,
    LeadAlreadyLinkedToPatrolError,
    PatrolAlreadyRecordedError,
    PatrolledAreaDroppedError,
    PatrolOutsidePlanMonthError,
    PatrolPlanMonthEndedError,
    PlannedArea,
    check_areas,
    month_bounds,
)
from cases.domain.timing import local_day
from shared.domain import InvalidInputError, RecordedAggregate

PATROL_PLAN_NAMESPACE = UUID("6c1e8b2a-4f3d-4e7a-9b05-7d2c1a9e4f68")


@dataclass(frozen=True)
class PatrolRecord:
    patrol_id: str
    area_code: str
    patrolled_at: datetime
    officer_ids: tuple[UUID, ...]
    certificate_nos: tuple[str, ...]
    findings: str
    lead_id: UUID | None
    notes: str | None

    def same_patrol(self, other: PatrolRecord) -> bool:
        """The same record entered again (a retry); certificates come from the directory, not the caller."""
        return (
            self.area_code == other.area_code
            and self.patrolled_at == other.patrolled_at
            and set(self.officer_ids) == set(other.officer_ids)
            and self.findings == other.findings
            and self.lead_id == other.lead_id
            and self.notes == other.notes
        )


class PatrolPlan(RecordedAggregate):
    class Published(RecordedAggregate.Created):
        unit_id: str
        month: str
        coverage: list[dict[str, Any]]  # each area as planned, with `visits` so far (0)

    class Revised(RecordedAggregate.Event):
        unit_id: str
        month: str
        revision: int
        coverage: list[dict[str, Any]]  # each area of the revised plan, with `visits` so far
        dropped_area_codes: list[str]

    class PatrolLogged(RecordedAggregate.Event):
        unit_id: str
        month: str
        patrol_id: str
        area: dict[str, Any]  # the area as planned, with `visits` after this patrol
        officer_ids: list[UUID]
        certificate_nos: list[str]
        findings: str
        lead_id: UUID | None
        notes: str | None

    @staticmethod
    def create_id(unit_id: str, month: str) -> UUID:
        """Derived from the unit and the month, so a unit has one plan a month."""
        return uuid5(PATROL_PLAN_NAMESPACE, f"{unit_id}/{month}")

    @classmethod
    def publish(cls, *, unit_id: str, month: str, areas: list[PlannedArea], published_at: datetime) -> PatrolPlan:
        first, last = month_bounds(month)
        check_areas(areas, first, last)
        _ensure_month_open(month, last, local_day(published_at), "published")
        return cls(
            unit_id=unit_id,
            month=month,
            coverage=[{**area.as_dict(), "visits": 0} for area in areas],
            occurred_at=published_at,
        )

    @event(Published)
    def __init__(self, *, unit_id: str, month: str, coverage: list[dict[str, Any]], occurred_at: datetime) -> None:
        self.unit_id = unit_id
        self.month = month
        self.first_day, self.last_day = month_bounds(month)
        self.revision = 1
        self.areas = _areas(coverage)
        self.published_at = occurred_at
        self.revised_at: datetime | None = None
        self.patrols: dict[str, PatrolRecord] = {}
        self.visit_days: dict[str, set[date]] = {}

    # -- commands ------------------------------------------------------------------------------------

    def revise(self, *, areas: list[PlannedArea], revised_at: datetime) -> None:
        check_areas(areas, self.first_day, self.last_day)
        _ensure_month_open(self.month, self.last_day, local_day(revised_at), "revised")
        if revised_at < self.published_at:
            raise OccurredBeforeError(
                "a plan is revised after it was published",
                field="revised_at",
                published_at=self.published_at.isoformat(),
            )
        kept = {area.area_code for area in areas}
        dropped = sorted(code for code in self.areas if code not in kept)
        patrolled = [code for code in dropped if self.visit_days.get(code)]
        if patrolled:
            raise PatrolledAreaDroppedError(
                "a revision keeps every area already patrolled; lower its visits instead of dropping it",
                area_codes=patrolled,
                patrol_ids=sorted(p.patrol_id for p in self.patrols.values() if p.area_code in patrolled),
            )
        self._revised(
            unit_id=self.unit_id,
            month=self.month,
            revision=self.revision + 1,
            coverage=[{**area.as_dict(), "visits": self.visits(area.area_code)} for area in areas],
            dropped_area_codes=dropped,
            occurred_at=revised_at,
        )

    def log_patrol(
        self,
        *,
        patrol_id: str,
        area_code: str,
        patrolled_at: datetime,
        team: CheckedTeam,
        findings: Finding,
        lead_id: UUID | None,
        notes: str | None,
    ) -> bool:
        """Record a patrol; False if this very record was logged before (nothing is recorded again)."""
        record = PatrolRecord(
            patrol_id, area_code, patrolled_at, tuple(team.officer_ids), tuple(team.certificate_nos),
            findings.value, lead_id, notes,
        )  # fmt: skip
        earlier = self.patrols.get(patrol_id)
        if earlier is not None:
            if earlier.same_patrol(record):
                return False
            raise PatrolAlreadyRecordedError(
                "this patrol id is already logged in the plan, with other details",
                patrol_id=patrol_id,
                area_code=earlier.area_code,
                patrolled_at=earlier.patrolled_at.isoformat(),
            )
        self.check_patrol(area_code=area_code, patrolled_at=patrolled_at, findings=findings, lead_id=lead_id)
        day = local_day(patrolled_at)
        visits = len(self.visit_days.get(area_code, set()) | {day})
        self._patrol_logged(
            unit_id=self.unit_id,
            month=self.month,
            patrol_id=patrol_id,
            area={**self.areas[area_code].as_dict(), "visits": visits},
            officer_ids=list(team.officer_ids),
            certificate_nos=list(team.certificate_nos),
            findings=findings.value,
            lead_id=lead_id,
            notes=notes,
            occurred_at=patrolled_at,
        )
        return True

    def check_patrol(self, *, area_code: str, patrolled_at: datetime, findings: Finding, lead_id: UUID | None) -> None:
        """The rules a patrol meets that need only the plan (the team is checked against the directory)."""
        if (findings is Finding.SUSPECTED_VIOLATION) != (lead_id is not None):
            raise InvalidInputError(
                "a suspected violation names the lead registered from it, and only then is a lead named",
                field="lead_id",
                findings=findings.value,
            )
        if area_code not in self.areas:
            raise AreaNotPlannedError(
                "the area is not in this month's plan; revise the plan first",
                area_code=area_code,
                planned_area_codes=sorted(self.areas),
            )
        day = local_day(patrolled_at)
        if not self.first_day <= day <= self.last_day:
            raise PatrolOutsidePlanMonthError(
                "a patrol is logged on the plan of the month it took place in",
                month=self.month,
                patrolled_on=day.isoformat(),
            )
        linked = next((p.patrol_id for p in self.patrols.values() if lead_id and p.lead_id == lead_id), None)
        if linked is not None:
            raise LeadAlreadyLinkedToPatrolError(
                "the lead was registered from another patrol", lead_id=str(lead_id), patrol_id=linked
            )

    # -- reads ---------------------------------------------------------------------------------------

    def visits(self, area_code: str) -> int:
        return len(self.visit_days.get(area_code, ()))

    def coverage(self, area_code: str) -> float:
        required = self.areas[area_code].visits_required
        return min(self.visits(area_code), required) / required

    # -- events --------------------------------------------------------------------------------------

    @event(Revised)
    def _revised(
        self,
        *,
        unit_id: str,
        month: str,
        revision: int,
        coverage: list[dict[str, Any]],
        dropped_area_codes: list[str],
        occurred_at: datetime,
    ) -> None:
        self.revision = revision
        self.revised_at = occurred_at
        self.areas = _areas(coverage)
        for code in dropped_area_codes:
            self.visit_days.pop(code, None)

    @event(PatrolLogged)
    def _patrol_logged(
        self,
        *,
        unit_id: str,
        month: str,
        patrol_id: str,
        area: dict[str, Any],
        officer_ids: list[UUID],
        certificate_nos: list[str],
        findings: str,
        lead_id: UUID | None,
        notes: str | None,
        occurred_at: datetime,
    ) -> None:
        self.patrols[patrol_id] = PatrolRecord(
            patrol_id, area["area_code"], occurred_at, tuple(officer_ids), tuple(certificate_nos), findings, lead_id,
            notes,
        )  # fmt: skip
        self.visit_days.setdefault(area["area_code"], set()).add(local_day(occurred_at))


def _areas(coverage: list[dict[str, Any]]) -> dict[str, PlannedArea]:
    return {
        entry["area_code"]: PlannedArea(
            entry["area_code"], entry["township_code"], entry["village"], int(entry["visits_required"])
        )
        for entry in coverage
    }


def _ensure_month_open(month: str, last: date, on: date, verb: str) -> None:
    if on > last:
        raise PatrolPlanMonthEndedError(
            f"a plan is {verb} until its month ends", month=month, ended_on=last.isoformat(), on=on.isoformat()
        )
