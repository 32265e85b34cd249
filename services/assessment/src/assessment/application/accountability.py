"""Fault accountability commands: raise (by hand or from a trigger), investigate, determine
responsibility (with the repeat-fault aggravation found automatically), exempt, aggravate,
sanction, appeal, close."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from assessment.application.base import AssessmentsBase
from assessment.domain.accountability.errors import MatterAlreadyRaisedError, MatterNotFoundError
from assessment.domain.accountability.faults import OfficerFaultRecord
from assessment.domain.accountability.matter import AccountabilityMatter
from assessment.domain.accountability.sanctions import Sanction
from assessment.domain.accountability.terms import (
    LIABLE_SHARES,
    AggravationGround,
    AppealResult,
    Category,
    ExemptionEffect,
    ExemptionGround,
    ResponsibleRole,
    Share,
    Tier,
    Trigger,
)
from assessment.domain.accountability.triggers import TriggerReport, matter_for_trigger
from assessment.domain.timing import recorded_time
from shared.domain import current_context, get_clock
from shared.domain.access import ensure_unit_scope
from shared.domain.calendar import BUREAU_TIMEZONE


class AccountabilityCommands(AssessmentsBase):
    def raise_matter(
        self,
        *,
        category: Category,
        trigger: Trigger,
        unit_id: str,
        suspected_officer_ids: list[str],
        related: Mapping[str, str],
        summary: str,
        trigger_event_id: str | None = None,
    ) -> AccountabilityMatter:
        matter = AccountabilityMatter(
            category=category.value,
            trigger=trigger.value,
            related=dict(related),
            trigger_event_ids=[trigger_event_id] if trigger_event_id else [],
            suspected_officer_ids=list(suspected_officer_ids),
            unit_id=unit_id,
            summary=summary,
            raised_on=self._business_day(),
        )
        try:
            self.save(matter)
        except IntegrityError:
            raise MatterAlreadyRaisedError(
                "a matter has already been raised for this trigger event",
                matter_id=str(matter.id),
                trigger_event_id=trigger_event_id,
            ) from None
        return matter

    def raise_from_trigger(self, report: TriggerReport) -> AccountabilityMatter | None:
        """The policy's entry point: a matter for the report (the existing one if this trigger was
        seen before), or None when the policy raises nothing."""
        plan = matter_for_trigger(report)
        if plan is None:
            return None
        try:
            return self.raise_matter(
                category=plan.category,
                trigger=plan.trigger,
                unit_id=plan.unit_id,
                suspected_officer_ids=list(plan.suspected_officer_ids),
                related=plan.related,
                summary=plan.summary,
                trigger_event_id=plan.trigger_event_id,
            )
        except MatterAlreadyRaisedError:
            return self.get_matter(AccountabilityMatter.id_for_trigger(plan.trigger_event_id))

    def open_investigation(
        self, matter_id: UUID, investigator_ids: list[str], expected_version: int | None = None
    ) -> AccountabilityMatter:
        matter = self.get_matter(matter_id, expected_version)
        rules = self.accountability_rules(matter.raised_on)
        due_on = self.calendar.add_working_days(self._business_day(), rules.investigation_working_days)
        matter.open_investigation(investigator_ids, due_on)
        self.save(matter)
        return matter

    def determine_responsibility(
        self,
        matter_id: UUID,
        *,
        officer_id: str,
        role: ResponsibleRole,
        share: Share,
        basis: str,
        expected_version: int | None = None,
    ) -> AccountabilityMatter:
        matter = self.get_matter(matter_id, expected_version)
        matter.determine_responsibility(officer_id, role, share, basis)
        if share in LIABLE_SHARES:
            self._aggravate_repeat_faults(matter, officer_id, self._business_day())
        self.save(matter)
        return matter

    def grant_exemption(
        self,
        matter_id: UUID,
        *,
        officer_id: str,
        ground: ExemptionGround | None,
        effect: ExemptionEffect,
        note: str,
        expected_version: int | None = None,
    ) -> AccountabilityMatter:
        matter = self.get_matter(matter_id, expected_version)
        matter.grant_exemption(officer_id, ground, effect, note)
        self.save(matter)
        return matter

    def apply_aggravation(
        self,
        matter_id: UUID,
        *,
        officer_id: str,
        ground: AggravationGround,
        note: str,
        expected_version: int | None = None,
    ) -> AccountabilityMatter:
        matter = self.get_matter(matter_id, expected_version)
        matter.apply_aggravation(officer_id, ground, note)
        self.save(matter)
        return matter

    def impose_sanction(
        self,
        matter_id: UUID,
        *,
        officer_id: str | None,
        unit_id: str | None,
        sanction_type: str,
        tier: Tier,
        effective_at: datetime,
        ends_at: datetime | None,
        officer_unit_id: str | None = None,
        expected_version: int | None = None,
    ) -> AccountabilityMatter:
        matter = self.get_matter(matter_id, expected_version)
        decided_on = self._business_day()
        if officer_id is not None and matter.is_liable(officer_id):
            # A fault of another matter confirmed since the determination counts too.
            self._aggravate_repeat_faults(matter, officer_id, decided_on)
        sanction = matter.impose_sanction(
            officer_id=officer_id,
            unit_id=unit_id,
            officer_unit_id=officer_unit_id or matter.unit_id,
            sanction_type=sanction_type,
            tier=tier,
            effective_at=effective_at,
            ends_at=ends_at,
            decided_by=current_context().actor_id,
            decided_on=decided_on,
        )
        self.save(matter, *self._confirm_fault(matter, sanction))
        return matter

    def appeal_sanction(
        self,
        matter_id: UUID,
        *,
        sanction_id: UUID,
        grounds: str,
        appealed_at: datetime,
        expected_version: int | None = None,
    ) -> AccountabilityMatter:
        matter = self.get_matter(matter_id, expected_version)
        ensure_unit_scope(matter.unit_id)
        appealed_at = recorded_time(appealed_at, now=get_clock().now(), field="appealed_at")
        appealed_on = appealed_at.astimezone(BUREAU_TIMEZONE).date()
        rules = self.accountability_rules(appealed_on)
        matter.appeal(sanction_id, grounds, appealed_on, rules.appeal_days)
        self.save(matter)
        return matter

    def decide_appeal(
        self,
        matter_id: UUID,
        *,
        sanction_id: UUID,
        result: AppealResult,
        note: str,
        replacement_type: str | None = None,
        replacement_tier: Tier | None = None,
        replacement_ends_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> AccountabilityMatter:
        matter = self.get_matter(matter_id, expected_version)
        replacement: dict[str, Any] | None = None
        if replacement_type is not None and replacement_tier is not None:
            replacement = {
                "sanction_type": replacement_type,
                "tier": replacement_tier,
                "effective_at": self._business_now(),
                "ends_at": replacement_ends_at,
                "decided_by": current_context().actor_id,
                "decided_on": self._business_day(),
            }
        original = matter.sanction(sanction_id)
        matter.decide_appeal(sanction_id, result, note, replacement)
        self.save(matter, *self._withdraw_fault_if_cleared(matter, original))
        return matter

    def close_matter(
        self, matter_id: UUID, *, summary: str, expected_version: int | None = None
    ) -> AccountabilityMatter:
        matter = self.get_matter(matter_id, expected_version)
        today = self._business_day()
        # An appeal lodged today would be judged under the rules in force today.
        matter.close(summary, today, self.accountability_rules(today).appeal_days)
        self.save(matter)
        return matter

    def get_matter(self, matter_id: UUID, expected_version: int | None = None) -> AccountabilityMatter:
        return self.load(matter_id, AccountabilityMatter, MatterNotFoundError, expected_version)

    def fault_record(self, officer_id: str) -> OfficerFaultRecord | None:
        try:
            record: OfficerFaultRecord = self.repository.get(OfficerFaultRecord.create_id(officer_id))
        except AggregateNotFoundError:
            return None
        return record

    # -- helpers ------------------------------------------------------------------------------

    def _aggravate_repeat_faults(self, matter: AccountabilityMatter, officer_id: str, on: date) -> None:
        """§3.1 D: this matter's fault and the officer's confirmed faults of other matters dated in the
        window ending `on`, the day of the decision being taken (see `OfficerFaultRecord`), under the
        rules in force that day."""
        rules = self.accountability_rules(on)
        record = self.fault_record(officer_id)
        prior = record.prior_faults(on, rules.repeat_fault_window_days, matter.id) if record else []
        if len(prior) + 1 >= rules.repeat_fault_threshold:
            matter.apply_aggravation(
                officer_id,
                AggravationGround.REPEAT_FAULTS,
                f"{len(prior) + 1} faults within {rules.repeat_fault_window_days} days "
                f"(threshold {rules.repeat_fault_threshold})",
                prior_matter_ids=[str(m) for m in prior],
                automatic=True,
            )

    def _confirm_fault(self, matter: AccountabilityMatter, sanction: Sanction) -> list[OfficerFaultRecord]:
        if sanction.officer_id is None:
            return []
        record = self.fault_record(sanction.officer_id) or OfficerFaultRecord(officer_id=sanction.officer_id)
        record.confirm(matter.id, sanction.decided_on)
        return [record]

    def _withdraw_fault_if_cleared(self, matter: AccountabilityMatter, sanction: Sanction) -> list[OfficerFaultRecord]:
        officer_id = sanction.officer_id
        if officer_id is None:
            return []
        standing = [s for s in matter.sanctions.values() if s.officer_id == officer_id and not s.revoked]
        record = self.fault_record(officer_id)
        if standing or record is None:
            return []
        record.withdraw(matter.id)
        return [record]

    def _business_now(self) -> datetime:
        return current_context().occurred_at or get_clock().now()

    def _business_day(self) -> date:
        return self._business_now().astimezone(BUREAU_TIMEZONE).date()
