"""Commands of a penalty case from the decision on: decision, publication, service, enforcement."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from cases.commands.case_investigation import CaseStepCommands, RecordedAct
from cases.domain.enforcers import TeamMember
from cases.domain.late_payment import LatePaymentSurcharge
from cases.domain.penalties import Penalty
from cases.domain.penalty_case import PenaltyCase
from cases.domain.timing import business_time, local_day
from shared.domain import get_clock


class CaseDecisionCommands(CaseStepCommands):
    def decide_penalty(
        self,
        case_id: UUID,
        *,
        decision_no: str,
        penalties: Sequence[Penalty],
        correction_order: str | None,
        approved_by: UUID,
        decided_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(decided_at, field="decided_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.decide_penalty(
                decision_no=decision_no,
                penalties=penalties,
                correction_order=correction_order,
                approved_by=approved_by,
                at=at,
                calendar=self.working_calendar(local_day(at)),
            ),
        )

    def decide_no_penalty(
        self,
        case_id: UUID,
        *,
        decision_no: str,
        reason: str,
        approved_by: UUID,
        decided_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(decided_at, field="decided_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.decide_no_penalty(
                decision_no=decision_no,
                reason=reason,
                approved_by=approved_by,
                at=at,
                calendar=self.working_calendar(local_day(at)),
            ),
        )

    def transfer_case(
        self,
        case_id: UUID,
        *,
        transfer_no: str,
        to: str,
        reason: str,
        approved_by: UUID,
        transferred_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(transferred_at, field="transferred_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.transfer(
                transfer_no=transfer_no,
                to=to,
                reason=reason,
                approved_by=approved_by,
                at=at,
                calendar=self.working_calendar(local_day(at)),
            ),
        )

    def publish_decision(
        self,
        case_id: UUID,
        *,
        channel: str,
        reference: str,
        published_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(published_at, field="published_at")
        return self.on_case(
            case_id, expected_version, lambda case: case.publish_decision(channel=channel, reference=reference, at=at)
        )

    def serve_decision(
        self,
        case_id: UUID,
        *,
        receipt_no: str | None,
        method: str,
        recipient: str,
        officers: Sequence[TeamMember],
        served_at: datetime | None,
        clips: Sequence[Mapping[str, Any]] = (),
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(served_at, field="served_at")
        recorded = RecordedAct.of("decision_served", at, clips)

        def act(case: PenaltyCase) -> None:
            team = self.team(officers, at, case.rules.enforcement_officers_min) if officers else None
            case.serve_decision(
                receipt_no=receipt_no,
                method=method,
                recipient=recipient,
                team=team,
                at=at,
                calendar=self.working_calendar(local_day(at)),
                clips=recorded.clips if recorded else (),
            )

        return self.on_case(case_id, expected_version, act, recorded)

    def file_service_receipt(
        self, case_id: UUID, *, receipt_no: str, filed_at: datetime | None, expected_version: int | None = None
    ) -> PenaltyCase:
        at = business_time(filed_at, field="filed_at")
        return self.on_case(
            case_id, expected_version, lambda case: case.file_service_receipt(receipt_no=receipt_no, at=at)
        )

    def record_payment(
        self,
        case_id: UUID,
        *,
        amount_yuan: int,
        receipt_no: str,
        paid_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(paid_at, field="paid_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.record_payment(amount_yuan=amount_yuan, receipt_no=receipt_no, at=at),
        )

    def late_payment_surcharge(self, case_id: UUID, on: date | None = None) -> LatePaymentSurcharge:
        """The surcharge accrued on the case's fine by the end of `on` (default today)."""
        case = self.case(case_id)
        as_of = on or local_day(get_clock().now())
        return case.late_payment_surcharge(as_of, self.working_calendar(case.served_on or as_of))

    def verify_demolition(
        self,
        case_id: UUID,
        *,
        record_no: str,
        restored_area_mu: float,
        officers: Sequence[TeamMember],
        verified_at: datetime | None,
        clips: Sequence[Mapping[str, Any]] = (),
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(verified_at, field="verified_at")
        recorded = RecordedAct.of("demolition_verified", at, clips)

        def act(case: PenaltyCase) -> None:
            team = self.team(officers, at, case.rules.enforcement_officers_min)
            case.verify_demolition(
                record_no=record_no,
                restored_area_mu=restored_area_mu,
                team=team,
                at=at,
                clips=recorded.clips if recorded else (),
            )

        return self.on_case(case_id, expected_version, act, recorded)

    def serve_payment_demand(
        self, case_id: UUID, *, doc_no: str, served_at: datetime | None, expected_version: int | None = None
    ) -> PenaltyCase:
        at = business_time(served_at, field="served_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.serve_payment_demand(doc_no=doc_no, at=at, calendar=self.working_calendar(local_day(at))),
        )

    def apply_court_enforcement(
        self,
        case_id: UUID,
        *,
        doc_no: str,
        court: str,
        applied_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(applied_at, field="applied_at")
        return self.on_case(
            case_id, expected_version, lambda case: case.apply_court_enforcement(doc_no=doc_no, court=court, at=at)
        )

    def record_court_decision(
        self,
        case_id: UUID,
        *,
        accepted: bool,
        reason: str,
        decided_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(decided_at, field="decided_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.record_court_decision(accepted=accepted, reason=reason, at=at),
        )

    def terminate_enforcement(
        self,
        case_id: UUID,
        *,
        reason: str,
        explanation: str,
        terminated_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(terminated_at, field="terminated_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.terminate_enforcement(reason=reason, explanation=explanation, at=at),
        )
