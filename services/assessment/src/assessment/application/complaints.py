"""Complaints: received by the secretariat, decided upheld or not; an upheld complaint raises its
accountability matter in the same save, so a decision never stands without its matter."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from uuid import UUID

from assessment.application.accountability import AccountabilityCommands
from assessment.domain.accountability.matter import AccountabilityMatter
from assessment.domain.accountability.terms import Category, Trigger
from assessment.domain.complaints import Complaint, ComplaintChannel, ComplaintNotFoundError
from assessment.domain.periods import SubjectType, ensure_subject_of_unit
from assessment.domain.timing import recorded_time
from shared.domain import InvalidInputError, get_clock
from shared.domain.access import ensure_unit_scope
from shared.domain.calendar import BUREAU_TIMEZONE


class ComplaintCommands(AccountabilityCommands):
    def receive_complaint(
        self,
        *,
        channel: ComplaintChannel,
        subject_type: SubjectType,
        subject_id: str,
        unit_id: str,
        summary: str,
        related: Mapping[str, str],
        evidence_ref: str,
        received_at: datetime | None = None,
    ) -> Complaint:
        ensure_unit_scope(unit_id)
        ensure_subject_of_unit(subject_type, subject_id, unit_id, "a complaint")
        received_at = recorded_time(received_at or self._business_now(), now=get_clock().now(), field="received_at")
        complaint = Complaint(
            channel=channel.value,
            subject_type=subject_type.value,
            subject_id=subject_id,
            unit_id=unit_id,
            summary=summary,
            related=dict(related),
            evidence_ref=evidence_ref,
            occurred_at=received_at,
        )
        self.save(complaint)
        return complaint

    def decide_complaint(
        self,
        complaint_id: UUID,
        *,
        upheld: bool,
        finding: str,
        evidence_ref: str,
        officer_ids: list[str],
        fault_category: Category | None = None,
        decided_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> Complaint:
        """Decide the complaint. Upheld, it raises a matter (trigger `complaint`) naming the
        officers found at fault — the complained-about officer when none is named."""
        complaint = self.get_complaint(complaint_id, expected_version)
        ensure_unit_scope(complaint.unit_id)
        decided_at = recorded_time(decided_at or self._business_now(), now=get_clock().now(), field="decided_at")
        if not upheld and officer_ids:
            raise InvalidInputError(
                "a complaint not upheld finds no officer at fault", field="officer_ids", officer_ids=officer_ids
            )
        if not upheld and fault_category is not None:
            raise InvalidInputError(
                "a complaint not upheld raises no matter to categorise",
                field="fault_category",
                fault_category=fault_category.value,
            )
        suspected = sorted(set(officer_ids))
        if upheld and not suspected and complaint.subject_type == SubjectType.OFFICER.value:
            suspected = [complaint.subject_id]
        matter: AccountabilityMatter | None = None
        if upheld:
            matter = AccountabilityMatter(
                category=(fault_category or Category.OTHER).value,
                trigger=Trigger.COMPLAINT.value,
                related={**complaint.related, "complaint_id": str(complaint.id)},
                # One matter per complaint, whatever retries or replays do.
                trigger_event_ids=[f"complaint/{complaint.id}"],
                suspected_officer_ids=suspected,
                unit_id=complaint.unit_id,
                summary=f"an upheld complaint: {finding}",
                raised_on=decided_at.astimezone(BUREAU_TIMEZONE).date(),
            )
        complaint.decide(
            upheld=upheld,
            finding=finding,
            evidence_ref=evidence_ref,
            officer_ids=suspected,
            matter_id=str(matter.id) if matter is not None else None,
            decided_at=decided_at,
        )
        self.save(complaint, *([matter] if matter is not None else []))
        return complaint

    def get_complaint(self, complaint_id: UUID, expected_version: int | None = None) -> Complaint:
        return self.load(complaint_id, Complaint, ComplaintNotFoundError, expected_version)
