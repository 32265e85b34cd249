"""The penalty case (行政处罚案件): filed from a verified lead, then every step of the statutory
procedure until it is archived, under the template and rules in force on its filing date."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from cases.domain.penalty_case.base import CaseEvent, CaseState
from cases.domain.penalty_case.challenges import Challenges
from cases.domain.penalty_case.clock import Clock
from cases.domain.penalty_case.closure import Closure
from cases.domain.penalty_case.decision import Decision
from cases.domain.penalty_case.enforcement import Enforcement
from cases.domain.penalty_case.investigation import Investigation
from cases.domain.penalty_case.notice import NoticeAndHearing
from cases.domain.penalty_case.review import Review
from cases.domain.penalty_case.stopping import Stopping
from shared.domain import RecordedAggregate

CASE_NAMESPACE = UUID("9c1e4b7a-2d3f-4a8b-b6c5-e0f1a2b3c4d5")
PARTY_TYPES = ("person", "organisation")
VIOLATION_TYPES = (
    "illegal_occupation",
    "illegal_transfer",
    "farmland_destruction",
    "illegal_mining",
    "refuse_return_land",
    "illegal_approval",
    "surveying_mapping",
    "geo_hazard",
)


class PenaltyCase(
    Investigation,
    Stopping,
    Review,
    NoticeAndHearing,
    Decision,
    Enforcement,
    Clock,
    Closure,
    Challenges,
    CaseState,
    RecordedAggregate,
):
    """One penalty case; the mixins hold the steps of each stage and their events.

    The library redefines each mixin's events on this class, so they are stored under topics such as
    `cases.domain.penalty_case.aggregate:PenaltyCase.InquiryRecorded`: an event's name must stay unique
    across the mixins and never change, while the mixins themselves may be reorganised.
    """

    class Filed(RecordedAggregate.Created):
        case_no: str
        lead_id: UUID
        unit_id: str
        party: dict[str, Any]
        cause: str
        facts_summary: str
        violation_type: str
        conditions: dict[str, bool]
        handling_officer_ids: list[UUID]
        handling_certificate_nos: list[str]
        approved_by: UUID
        filing_form_no: str
        template_id: str
        template_version: str
        rule_version: int
        rules: dict[str, Any]
        lead_facts: dict[str, Any]
        lead_steps: dict[str, datetime]
        lead_documents: dict[str, list[str]]
        filing_due_on: date | None
        filing_on_time: bool
        decision_due_on: date

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        if issubclass(event_class, CaseEvent):
            kwargs = {"case_no": self.case_no, "unit_id": self.unit_id, **kwargs}
        super().trigger_event(event_class, **kwargs)

    @staticmethod
    def create_id(case_no: str) -> UUID:
        """Derived from the case number, so a number can be used only once."""
        return uuid5(CASE_NAMESPACE, case_no.strip().upper())

    @event(Filed)
    def __init__(
        self,
        *,
        case_no: str,
        lead_id: UUID,
        unit_id: str,
        party: dict[str, Any],
        cause: str,
        facts_summary: str,
        violation_type: str,
        conditions: dict[str, bool],
        handling_officer_ids: list[UUID],
        handling_certificate_nos: list[str],
        approved_by: UUID,
        filing_form_no: str,
        template_id: str,
        template_version: str,
        rule_version: int,
        rules: dict[str, Any],
        lead_facts: dict[str, Any],
        lead_steps: dict[str, datetime],
        lead_documents: dict[str, list[str]],
        filing_due_on: date | None,
        filing_on_time: bool,
        decision_due_on: date,
        occurred_at: datetime,
    ) -> None:
        self._init_state()
        self.case_no = case_no
        self.lead_id = lead_id
        self.unit_id = unit_id
        self.party = party
        self.cause = cause
        self.facts_summary = facts_summary
        self.violation_type = violation_type
        self.conditions = conditions
        self.handling_officer_ids = list(handling_officer_ids)
        self.approvers = {approved_by}
        self.template_id = template_id
        self.template_version = template_version
        self.rule_version = rule_version
        self.rule_values = rules
        self.lead_facts = lead_facts
        self.filed_at = occurred_at
        self.filing_due_on = filing_due_on
        self.filing_on_time = filing_on_time
        self.decision_due_on = decision_due_on
        self.completed = {**lead_steps, "case_filing": occurred_at}
        self.documents = {kind: list(numbers) for kind, numbers in lead_documents.items()}
        self._file("filing_approval_form", filing_form_no)

    @property
    def stage(self) -> str:
        """Where the case stands, for people reading it (the rules use the completed steps)."""
        if self.archive is not None or self.closure is not None:
            return "archived" if self.archive is not None else "closed"
        if "service" in self.completed or self.outcome == "transferred":
            enforcing = self.holds("obligations_remain") and "enforcement" not in self.completed
            return "enforcing" if enforcing else "ready_to_close"
        if self.decision is not None:
            return "decided"
        for step, stage in (("penalty_notice", "noticed"), ("case_review", "review_passed")):
            if step in self.completed:
                return stage
        return "under_review" if "investigation_report" in self.completed else "investigating"
