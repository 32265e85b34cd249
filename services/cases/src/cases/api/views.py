"""Response bodies of the cases API, built from the aggregates (reads go to the event store by id)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from cases.domain.checklist import checklist, deadlines
from cases.domain.file_review import CaseFileReview
from cases.domain.late_payment import DAILY_RATE, LatePaymentSurcharge
from cases.domain.lead import ViolationLead
from cases.domain.penalty_case import PenaltyCase


class LeadResponse(BaseModel):
    id: UUID
    version: int
    register_no: str
    source: str
    unit_id: str
    received_at: datetime
    location: dict[str, Any]
    description: str
    reporter: dict[str, Any] | None
    satellite_patch_id: str | None
    template_id: str
    template_version: str
    rule_version: int
    assigned_officer_ids: list[UUID]
    outcome: str | None
    verification: dict[str, Any]
    violation_ongoing: bool
    major_criteria: list[str]
    stop_orders: list[str]
    settlement: str | None
    case_id: UUID | None
    case_no: str | None
    completed_steps: dict[str, datetime]
    documents: dict[str, list[str]]
    deadlines: dict[str, date | None]
    breaches: dict[str, date]


def lead_view(lead: ViolationLead) -> LeadResponse:
    reporter = lead.reporter
    if reporter and reporter.get("confidential"):
        reporter = {"confidential": True}  # kept in the record, never shown (举报人保密)
    return LeadResponse(
        id=lead.id,
        version=lead.version,
        register_no=lead.register_no,
        source=lead.source,
        unit_id=lead.unit_id,
        received_at=lead.received_at,
        location=lead.location,
        description=lead.description,
        reporter=reporter,
        satellite_patch_id=lead.satellite_patch_id,
        template_id=lead.template_id,
        template_version=lead.template_version,
        rule_version=lead.rule_version,
        assigned_officer_ids=lead.assigned_officer_ids,
        outcome=lead.outcome,
        verification=lead.verification,
        violation_ongoing=lead.violation_ongoing,
        major_criteria=lead.major_criteria,
        stop_orders=lead.stop_orders,
        settlement=lead.settlement,
        case_id=lead.case_id,
        case_no=lead.case_no,
        completed_steps=lead.completed,
        documents=lead.documents,
        deadlines={w.kind: w.due_on for w in lead.watched()},
        breaches=lead.breaches,
    )


class CaseResponse(BaseModel):
    id: UUID
    version: int
    case_no: str
    lead_id: UUID
    unit_id: str
    stage: str
    party: dict[str, Any]
    cause: str
    violation_type: str
    template_id: str
    template_version: str
    rule_version: int
    filed_at: datetime
    handling_officer_ids: list[UUID]
    investigator_ids: list[UUID]
    completed_steps: dict[str, datetime]
    documents: dict[str, list[str]]
    report: dict[str, Any] | None
    notice: dict[str, Any] | None
    hearing: dict[str, Any]
    decision: dict[str, Any] | None
    decision_due_on: date | None
    clock_suspended_since: date | None
    enforcement: dict[str, Any]
    closure: dict[str, Any] | None
    archive: dict[str, Any] | None
    deadlines: list[dict[str, Any]]
    challenges: list[dict[str, Any]]
    errors: list[dict[str, Any]]


def case_view(case: PenaltyCase) -> CaseResponse:
    return CaseResponse(
        id=case.id,
        version=case.version,
        case_no=case.case_no,
        lead_id=case.lead_id,
        unit_id=case.unit_id,
        stage=case.stage,
        party={"type": case.party["type"], "name": case.party["name"]},
        cause=case.cause,
        violation_type=case.violation_type,
        template_id=case.template_id,
        template_version=case.template_version,
        rule_version=case.rule_version,
        filed_at=case.filed_at,
        handling_officer_ids=case.handling_officer_ids,
        investigator_ids=sorted(case.investigators),
        completed_steps=case.completed,
        documents=case.documents,
        report=case.report,
        notice=case.notice,
        hearing={
            **case.hearing,
            "notice": case.hearing_notice,
            "requested": case.hearing_requested,
            "waived": case.hearing_waived,
        },
        decision=case.decision,
        decision_due_on=case.decision_due_on,
        clock_suspended_since=case.suspended_since,
        enforcement=case.enforcement,
        closure=case.closure,
        archive=case.archive,
        deadlines=[asdict(line) for line in deadlines(case)],
        challenges=case.challenges,
        errors=case.errors,
    )


class SurchargeResponse(BaseModel):
    case_id: UUID
    fine_yuan: int = Field(description="the fines the decision imposes")
    due_on: date = Field(description="the last day to pay: 15 days from service, moved off a day off")
    as_of: date
    paid_yuan: int = Field(description="paid by the end of as_of")
    outstanding_fine_yuan: int
    paid_in_full_on: date | None
    days_late: int
    daily_rate: Decimal = Field(description="of the fine's amount, each day late (行政处罚法 art. 72)")
    surcharge_yuan: Decimal = Field(description="加处罚款 accrued, never more than the fine (行政强制法 art. 45)")
    capped: bool


def surcharge_view(case_id: UUID, surcharge: LatePaymentSurcharge) -> SurchargeResponse:
    return SurchargeResponse(
        case_id=case_id,
        fine_yuan=surcharge.fine_yuan,
        due_on=surcharge.due_on,
        as_of=surcharge.as_of,
        paid_yuan=surcharge.paid_yuan,
        outstanding_fine_yuan=max(0, surcharge.fine_yuan - surcharge.paid_yuan),
        paid_in_full_on=surcharge.paid_in_full_on,
        days_late=surcharge.days_late,
        daily_rate=DAILY_RATE,
        surcharge_yuan=surcharge.surcharge_yuan,
        capped=surcharge.capped,
    )


class ChecklistResponse(BaseModel):
    case_id: UUID
    template_id: str
    template_version: str
    complete: bool
    steps: list[dict[str, Any]]


def checklist_view(case: PenaltyCase) -> ChecklistResponse:
    lines = checklist(case)
    complete = all(
        not line.applies or (line.completed_at is not None and all(d.on_file or not d.required for d in line.documents))
        for line in lines
    )
    return ChecklistResponse(
        case_id=case.id,
        template_id=case.template_id,
        template_version=case.template_version,
        complete=complete,
        steps=[asdict(line) for line in lines],
    )


class FileReviewResponse(BaseModel):
    id: UUID
    version: int
    case_id: UUID
    case_no: str
    unit_id: str
    reviewer_ids: list[UUID]
    occasion: str
    rule_version: int
    defects: list[dict[str, Any]]
    result: dict[str, Any] | None


def file_review_view(review: CaseFileReview) -> FileReviewResponse:
    return FileReviewResponse(
        id=review.id,
        version=review.version,
        case_id=review.case_id,
        case_no=review.case_no,
        unit_id=review.unit_id,
        reviewer_ids=review.reviewer_ids,
        occasion=review.occasion,
        rule_version=review.rule_version,
        defects=review.defects,
        result=review.result,
    )
