"""Commands and queries of dynamic patrols: a unit's monthly plan, its revisions, the patrols logged."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from cases.commands.base import CasesBase
from cases.domain.enforcers import TeamMember
from cases.domain.errors import LeadNotFoundError
from cases.domain.lead import ViolationLead
from cases.domain.patrol_plan import PatrolPlan
from cases.domain.patrol_terms import (
    Finding,
    LeadBeforePatrolError,
    LeadNotFromPatrolError,
    PatrolPlanAlreadyPublishedError,
    PatrolPlanNotFoundError,
    PlannedArea,
    month_bounds,
)
from cases.domain.rules import PENALTY_PROCEDURE, ProcedureRules
from cases.domain.timing import business_time, local_day
from shared.domain.access import ensure_unit_scope


class PatrolCommands(CasesBase):
    def publish_patrol_plan(
        self, *, unit_id: str, month: str, areas: list[PlannedArea], published_at: datetime | None = None
    ) -> PatrolPlan:
        ensure_unit_scope(unit_id)
        month_bounds(month)  # a malformed month is a 422 before anything is looked up
        plan_id = PatrolPlan.create_id(unit_id, month)
        if self.find_plan(plan_id) is not None:
            raise self._already_published(plan_id, unit_id, month)
        plan = PatrolPlan.publish(
            unit_id=unit_id, month=month, areas=areas, published_at=business_time(published_at, field="published_at")
        )
        try:
            self.save(plan)
        except IntegrityError:  # published concurrently by another request
            raise self._already_published(plan_id, unit_id, month) from None
        return plan

    def revise_patrol_plan(
        self,
        plan_id: UUID,
        *,
        areas: list[PlannedArea],
        revised_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> PatrolPlan:
        plan = self.patrol_plan_in_scope(plan_id, expected_version)
        plan.revise(areas=areas, revised_at=business_time(revised_at, field="revised_at"))
        self.save(plan)
        return plan

    def log_patrol(
        self,
        plan_id: UUID,
        *,
        patrol_id: str,
        area_code: str,
        officers: Sequence[TeamMember],
        findings: Finding,
        lead_id: UUID | None = None,
        notes: str | None = None,
        patrolled_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> PatrolPlan:
        plan = self.patrol_plan_in_scope(plan_id, expected_version)
        at = business_time(patrolled_at, field="patrolled_at")
        if patrol_id not in plan.patrols:
            # Check what the plan alone decides before asking the directory and the lead.
            plan.check_patrol(area_code=area_code, patrolled_at=at, findings=findings, lead_id=lead_id)
            if lead_id is not None:
                self._check_lead_from_patrol(lead_id, at)
        rules = self.rules_in_force(PENALTY_PROCEDURE, local_day(at))
        minimum = ProcedureRules.parse(rules.version, rules.values).enforcement_officers_min
        # The same team rule as an investigation step: two officers who could enforce, certificates shown.
        team = self.team(officers, at, minimum)
        if plan.log_patrol(
            patrol_id=patrol_id,
            area_code=area_code,
            patrolled_at=at,
            team=team,
            findings=findings,
            lead_id=lead_id,
            notes=notes,
        ):
            self.save(plan)
        return plan

    # -- queries ------------------------------------------------------------------------------------------

    def patrol_plan(self, plan_id: UUID, expected_version: int | None = None) -> PatrolPlan:
        return self.load(plan_id, PatrolPlan, PatrolPlanNotFoundError, expected_version)

    def patrol_plan_in_scope(self, plan_id: UUID, expected_version: int | None = None) -> PatrolPlan:
        plan = self.patrol_plan(plan_id, expected_version)
        ensure_unit_scope(plan.unit_id)
        return plan

    def patrol_plans_of(self, unit_id: str, year: int) -> list[PatrolPlan]:
        """The unit's plans of a year, by month (a plan's id derives from its unit and month)."""
        found = (self.find_plan(PatrolPlan.create_id(unit_id, f"{year}-{month:02d}")) for month in range(1, 13))
        return [plan for plan in found if plan is not None]

    def find_plan(self, plan_id: UUID) -> PatrolPlan | None:
        try:
            return self.patrol_plan(plan_id)
        except PatrolPlanNotFoundError:
            return None

    def _check_lead_from_patrol(self, lead_id: UUID, patrolled_at: datetime) -> None:
        # Read without the caller's unit scope: the lead may since have been handed to another unit.
        lead = self.load(lead_id, ViolationLead, LeadNotFoundError)
        if lead.source != "patrol":
            raise LeadNotFromPatrolError(
                "a suspected violation found on patrol is registered as a lead of source patrol",
                lead_id=str(lead_id),
                source=lead.source,
            )
        if local_day(lead.received_at) < local_day(patrolled_at):
            raise LeadBeforePatrolError(
                "the lead was registered before this patrol took place, so it did not come from it",
                lead_id=str(lead_id),
                received_at=lead.received_at.isoformat(),
                patrolled_at=patrolled_at.isoformat(),
            )

    @staticmethod
    def _already_published(plan_id: UUID, unit_id: str, month: str) -> PatrolPlanAlreadyPublishedError:
        return PatrolPlanAlreadyPublishedError(
            "this unit's plan for the month is published; revise it instead",
            plan_id=str(plan_id),
            unit_id=unit_id,
            month=month,
            revise_at=f"/patrol-plans/{plan_id}/revisions",
        )
