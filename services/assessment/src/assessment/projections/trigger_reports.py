"""Which of cases' public events are accountability triggers, as `TriggerReport`s (pure).

- `case.deadline_breached`: a deadline breach (inaction), the case's unit and handling officers;
- `lead.deadline_breached`: verification missed, an unverified lead; filing or the major-violation
  report missed, a deadline breach;
- `case.error_found` of kind `wrongful_case`: a decision revoked or changed, the officers responsible;
- `case.error_found` of kind `defect`: an error found (the policy raises a matter for a major one);
- `normative_document.filing_deadline_breached`: a deadline breach of the drafting unit;
- `satellite_batch.clearance_breached`: a deadline breach of the unit answering for the campaign;
- `satellite_inspection.accountability_triggered`: satellite accountability, the leaders named;
- `lead.taken_over`: the superior took a lead over (the policy raises a matter when the bureau
  should have filed it), the officers who verified it.

`cases.case.challenge_decided` with a decision revoked or changed raises nothing itself: cases
records the wrongful case as an `error_found` in the same save, naming who was responsible, and
that event raises the matter (one matter per revoked decision). Satellite events name no unit: the
unit answering for the campaign is configured (`ASSESSMENT_SATELLITE_UNIT_ID`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from assessment.domain.accountability.triggers import TriggerKind, TriggerReport
from shared.contracts import IntegrationEvent
from shared.contracts.cases import (
    CaseDeadlineBreachedV1,
    CaseErrorFoundV1,
    LeadDeadlineBreachedV1,
    LeadTakenOverV1,
    NormativeDocumentFilingDeadlineBreachedV1,
    SatelliteBatchClearanceBreachedV1,
    SatelliteInspectionAccountabilityTriggeredV1,
)
from shared.messaging.envelope import Envelope


def trigger_report(event: IntegrationEvent, envelope: Envelope, *, satellite_unit_id: str) -> TriggerReport | None:
    report = _REPORTS.get(type(event))
    return report(event, str(envelope.event_id), satellite_unit_id) if report is not None else None


def _case_breach(event: CaseDeadlineBreachedV1, trigger: str, satellite_unit_id: str) -> TriggerReport:
    return TriggerReport(
        kind=TriggerKind.DEADLINE_BREACH,
        trigger_event_id=trigger,
        unit_id=event.unit_id,
        officer_ids=_ids(event.officer_ids),
        related={
            "case_id": str(event.case_id),
            "case_no": event.case_no,
            "deadline_kind": event.deadline_kind,
            "due_on": event.due_on.isoformat(),
        },
    )


def _lead_breach(event: LeadDeadlineBreachedV1, trigger: str, satellite_unit_id: str) -> TriggerReport:
    return TriggerReport(
        kind=TriggerKind.UNVERIFIED_LEAD if event.deadline_kind == "verification" else TriggerKind.DEADLINE_BREACH,
        trigger_event_id=trigger,
        unit_id=event.unit_id,
        officer_ids=_ids(event.officer_ids),
        related={
            "lead_id": str(event.lead_id),
            "deadline_kind": event.deadline_kind,
            "due_on": event.due_on.isoformat(),
        },
    )


def _error(event: CaseErrorFoundV1, trigger: str, satellite_unit_id: str) -> TriggerReport:
    related = {"case_id": str(event.case_id), "case_no": event.case_no, "error_id": str(event.error_id)}
    related |= {"source": event.source, "category": event.category}
    if event.review_id is not None:
        related["review_id"] = str(event.review_id)
    return TriggerReport(
        kind=TriggerKind.DECISION_REVOKED if event.kind == "wrongful_case" else TriggerKind.ERROR_FOUND,
        trigger_event_id=trigger,
        unit_id=event.unit_id,
        officer_ids=_ids(r.officer_id for r in event.responsible),
        related=related,
        severity=event.severity,
    )


def _normative_breach(
    event: NormativeDocumentFilingDeadlineBreachedV1, trigger: str, satellite_unit_id: str
) -> TriggerReport:
    return TriggerReport(
        kind=TriggerKind.DEADLINE_BREACH,
        trigger_event_id=trigger,
        unit_id=event.drafting_unit_id,
        related={
            "doc_id": str(event.doc_id),
            "doc_no": event.doc_no,
            "deadline_kind": "normative_filing",
            "due_on": event.due_on.isoformat(),
        },
    )


def _clearance_breach(event: SatelliteBatchClearanceBreachedV1, trigger: str, satellite_unit_id: str) -> TriggerReport:
    return TriggerReport(
        kind=TriggerKind.DEADLINE_BREACH,
        trigger_event_id=trigger,
        unit_id=satellite_unit_id,
        related={
            "batch_id": str(event.batch_id),
            "region_code": event.region_code,
            "period": event.period,
            "deadline_kind": "satellite_clearance",
            "due_on": event.due_on.isoformat(),
            "unreported_patches": str(len(event.unreported_patch_ids)),
        },
    )


def _satellite(
    event: SatelliteInspectionAccountabilityTriggeredV1, trigger: str, satellite_unit_id: str
) -> TriggerReport:
    return TriggerReport(
        kind=TriggerKind.SATELLITE_RATIO_OVER_THRESHOLD,
        trigger_event_id=trigger,
        unit_id=satellite_unit_id,
        officer_ids=tuple(event.leader_ids),
        related={
            "region_code": event.region_code,
            "year": str(event.year),
            "proposed_sanction": event.proposed_sanction,
        },
        ratio=Decimal(str(event.ratio)),
        threshold=Decimal(str(event.threshold)),
        bad_impact=event.bad_impact,
    )


def _takeover(event: LeadTakenOverV1, trigger: str, satellite_unit_id: str) -> TriggerReport:
    return TriggerReport(
        kind=TriggerKind.SUPERIOR_TAKEOVER,
        trigger_event_id=trigger,
        unit_id=event.unit_id,
        officer_ids=_ids(event.officer_ids),
        related={
            "lead_id": str(event.lead_id),
            "superior": event.superior,
            "reason": event.reason,
            "letter_no": event.letter_no,
        },
    )


def _ids(officers: Iterable[object]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(o) for o in officers))


_REPORTS: dict[type[IntegrationEvent], Callable[[Any, str, str], TriggerReport]] = {
    CaseDeadlineBreachedV1: _case_breach,
    LeadDeadlineBreachedV1: _lead_breach,
    CaseErrorFoundV1: _error,
    NormativeDocumentFilingDeadlineBreachedV1: _normative_breach,
    SatelliteBatchClearanceBreachedV1: _clearance_breach,
    SatelliteInspectionAccountabilityTriggeredV1: _satellite,
    LeadTakenOverV1: _takeover,
}
