"""Facts from cases' public events: the procedure (leads, penalty cases, case-file reviews, errors and
challenges) and the land section (normative documents, satellite patches and ratios, grievances,
farmland balance); dynamic patrols in `patrols`.

Attribution: a lead's or a case's facts go to its unit and to the officers concerned — those who
acted for an act, the handling officers for a step of the case (as named at filing, remembered from
`CaseFiledV1`; a recusal is not public), those responsible for an error. County-level figures (the
satellite ratio, the farmland balance) are facts of the county, `unit_id` = its code: they feed the
KPIs and no unit's score.

Timeliness: one fact per deadline, 1 met on time, 0 late. A deadline breach is the same observation
as the late step it concerns (cases records it whether the step is still open or was done late),
so both write the same key and the first one stands; the breach also costs `deadline_breach`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from uuid import UUID

import asyncpg

from assessment.domain.facts import FactCategory
from assessment.projections.facts import patrols
from assessment.projections.facts.known import CaseRecord, Known, Mapper, outcome, unit_and_officers, unit_only
from assessment.projections.facts.rows import RetractGroup, Written, local_day
from shared.contracts import IntegrationEvent
from shared.contracts.cases import (
    CaseArchivedV1,
    CaseChallengeDecidedV1,
    CaseClosedV1,
    CaseDeadlineBreachedV1,
    CaseDecidedV1,
    CaseErrorFoundV1,
    CaseFiledV1,
    CaseFileReviewCompletedV1,
    CaseStepCompletedV1,
    ExpropriationProjectGrievanceRegisteredV1,
    FarmlandBalanceYearClosedV1,
    LeadDeadlineBreachedV1,
    LeadMajorViolationReportedV1,
    LeadNotFiledV1,
    LeadStopOrderIneffectiveReportedV1,
    LeadStopOrderIssuedV1,
    LeadVerifiedV1,
    NormativeDocumentFiledV1,
    NormativeDocumentFilingDeadlineBreachedV1,
    NormativeDocumentPublishedV1,
    SatelliteInspectionRatioComputedV1,
    SatellitePatchClassifiedV1,
    SatellitePatchLinkedToLeadV1,
    SatellitePatchReportedV1,
)
from shared.messaging.envelope import Envelope

# Each deadline cases watches, and the timeliness fact it is measured by. The codes the default
# scheme scores are those of DOMAIN §4.2; the others (served, enforcement applied, major violation
# reported) feed the per-kind on-time KPI.
LEAD_DEADLINES = {
    "verification": "timeliness.lead_verified_on_time",
    "filing": "timeliness.filed_on_time",
    "major_violation_report": "timeliness.major_violation_reported_on_time",
}
CASE_DEADLINES = {
    "decision": "timeliness.decided_on_time",
    "publication": "timeliness.published_on_time",
    "service": "timeliness.served_on_time",
    "enforcement_application": "timeliness.enforcement_applied_on_time",
    "archiving": "timeliness.archived_on_time",
}
# Step records that meet a case deadline.
STEP_DEADLINES = {
    "decision_published": "publication",
    "decision_served": "service",
    "court_enforcement_applied": "enforcement_application",
}
# Step records of acts on site or before the party, where two officers show their certificates.
ENFORCEMENT_ACTS = frozenset(
    {
        "inquiry_recorded",
        "site_survey_recorded",
        "evidence_collected",
        "stop_order_issued",  # served after filing; the lead's own stop orders arrive as lead events
        "decision_served",
        "demolition_verified",
    }
)
# Acts recorded on camera where available (执法全过程记录, DOMAIN §1): the enforcement acts and the
# hearing. The lead's verification on site is one too (`lead_verified`).
RECORDED_ACTS = ENFORCEMENT_ACTS | {"hearing_held"}
WRONGFUL_OUTCOMES = frozenset({"revoked", "changed", "confirmed_illegal"})
DEDUCTION = FactCategory.DEDUCTION


def _deadline(
    aggregate: str, aggregate_id: UUID, kind: str, *, unit: str, officers: Sequence[UUID], on_time: bool, day: date
) -> list[Written]:
    code = (LEAD_DEADLINES if aggregate == "lead" else CASE_DEADLINES)[kind]
    return unit_and_officers(
        f"{aggregate}/{aggregate_id}/deadline/{kind}", unit, officers, code=code, value=outcome(on_time),
        counts_for=day, detail={f"{aggregate}_id": str(aggregate_id), "deadline_kind": kind}, first_wins=True,
    )  # fmt: skip


def _act(key: str, unit: str, officers: Sequence[UUID], certificates: Sequence[str], day: date) -> list[Written]:
    """An enforcement act: certificate shown (1/0) by the officers who acted; a team of fewer than
    two, or a certificate not shown, is a violation (cases refuses both, so these stay rare)."""
    if not officers:
        return []
    shown = len(set(certificates)) >= len(set(officers))
    rows = unit_and_officers(
        f"{key}/certificate_shown", unit, officers, code="conduct_and_equipment.certificate_shown",
        value=outcome(shown), counts_for=day,
    )  # fmt: skip
    if len(set(officers)) < 2:
        rows += unit_and_officers(
            f"{key}/two_officer", unit, officers, code="procedure_compliance.two_officer_violation", value=1,
            counts_for=day,
        )  # fmt: skip
    if not shown:
        rows += unit_and_officers(
            f"{key}/certificate_not_shown", unit, officers, code="procedure_compliance.certificate_not_shown",
            value=1, counts_for=day,
        )  # fmt: skip
    return rows


def _recorded(key: str, unit: str, officers: Sequence[UUID], clips: Sequence[object], day: date) -> list[Written]:
    """An act on site: recorded by at least one body-camera clip (1/0), for the officers who acted."""
    if not officers:
        return []
    return unit_and_officers(
        f"{key}/body_camera", unit, officers, code="conduct_and_equipment.body_camera_used",
        value=outcome(bool(clips)), counts_for=day,
    )  # fmt: skip


def _breach(key: str, unit: str, officers: Sequence[UUID], due_on: date, detail: dict[str, str]) -> list[Written]:
    return unit_and_officers(
        f"{key}/breach", unit, officers, category=DEDUCTION, code="deadline_breach", value=1, counts_for=due_on,
        detail=detail,
    )  # fmt: skip


def _handling(known: Known) -> tuple[UUID, ...]:
    return known.case.handling_officer_ids if known.case else ()


# -- leads -------------------------------------------------------------------------------------------


def _stopped_group(lead_id: UUID) -> str:
    return f"lead/{lead_id}/stopped_early"


def lead_verified(event: LeadVerifiedV1, envelope: Envelope, known: Known) -> list[Written]:
    day = local_day(event.verified_at)
    rows = _deadline(
        "lead",
        event.lead_id,
        "verification",
        unit=event.unit_id,
        officers=event.officer_ids,
        on_time=event.on_time,
        day=day,
    )
    rows += _act(str(envelope.event_id), event.unit_id, event.officer_ids, event.certificate_nos, day)
    rows += _recorded(str(envelope.event_id), event.unit_id, event.officer_ids, event.clips, day)
    if event.outcome == "violation_confirmed":
        # Not stopped yet: a stop order replaces this with a 1, an ineffective one with a 0 again.
        rows += unit_and_officers(
            f"lead/{event.lead_id}/stopped_early/verified", event.unit_id, event.officer_ids,
            code="patrol_and_stopping.stopped_early", value=0, counts_for=day, group=_stopped_group(event.lead_id),
            detail={"lead_id": str(event.lead_id), "violation_ongoing": event.violation_ongoing},
        )  # fmt: skip
    return rows


def stop_order_issued(event: LeadStopOrderIssuedV1, envelope: Envelope, known: Known) -> list[Written]:
    day = local_day(event.issued_at)
    group = _stopped_group(event.lead_id)
    rows: list[Written] = [RetractGroup(key=f"{envelope.event_id}/stopped", group=group)]
    rows += unit_and_officers(
        f"{envelope.event_id}/stopped", event.unit_id, event.officer_ids, code="patrol_and_stopping.stopped_early",
        value=1, counts_for=day, group=group, detail={"lead_id": str(event.lead_id), "stop_order_no": event.doc_no},
    )  # fmt: skip
    rows += _act(str(envelope.event_id), event.unit_id, event.officer_ids, event.certificate_nos, day)
    return rows + _recorded(str(envelope.event_id), event.unit_id, event.officer_ids, event.clips, day)


def stop_order_ineffective(
    event: LeadStopOrderIneffectiveReportedV1, envelope: Envelope, known: Known
) -> list[Written]:
    group = _stopped_group(event.lead_id)
    return [
        RetractGroup(key=f"{envelope.event_id}/not_stopped", group=group),
        unit_only(
            f"{envelope.event_id}/not_stopped", event.unit_id, code="patrol_and_stopping.stopped_early", value=0,
            counts_for=local_day(event.reported_at), group=group,
            detail={"lead_id": str(event.lead_id), "stop_order_no": event.stop_order_no},
        ),
    ]  # fmt: skip


def lead_not_filed(event: LeadNotFiledV1, envelope: Envelope, known: Known) -> list[Written]:
    if event.filing_due_on is None:
        return []
    return _deadline(
        "lead",
        event.lead_id,
        "filing",
        unit=event.unit_id,
        officers=[],
        on_time=event.on_time,
        day=local_day(event.decided_at),
    )


def major_violation_reported(event: LeadMajorViolationReportedV1, envelope: Envelope, known: Known) -> list[Written]:
    day = local_day(event.reported_at)
    return _deadline(
        "lead",
        event.lead_id,
        "major_violation_report",
        unit=event.unit_id,
        officers=[],
        on_time=event.on_time,
        day=day,
    )


def lead_deadline_breached(event: LeadDeadlineBreachedV1, envelope: Envelope, known: Known) -> list[Written]:
    detail = {"lead_id": str(event.lead_id), "deadline_kind": event.deadline_kind}
    rows = _breach(str(envelope.event_id), event.unit_id, event.officer_ids, event.due_on, detail)
    if event.deadline_kind in LEAD_DEADLINES:
        rows += _deadline(
            "lead",
            event.lead_id,
            event.deadline_kind,
            unit=event.unit_id,
            officers=event.officer_ids,
            on_time=False,
            day=event.due_on,
        )
    return rows


# -- penalty cases -----------------------------------------------------------------------------------


def case_filed(event: CaseFiledV1, envelope: Envelope, known: Known) -> list[Written]:
    if event.filing_due_on is None:
        return []
    day = local_day(event.filed_at)
    return _deadline(
        "lead",
        event.lead_id,
        "filing",
        unit=event.unit_id,
        officers=event.handling_officer_ids,
        on_time=event.on_time,
        day=day,
    )


def step_completed(event: CaseStepCompletedV1, envelope: Envelope, known: Known) -> list[Written]:
    day = local_day(event.completed_at)
    rows: list[Written] = []
    if event.record in ENFORCEMENT_ACTS:
        rows += _act(str(envelope.event_id), event.unit_id, event.officer_ids, event.certificate_nos, day)
    if event.record in RECORDED_ACTS:
        rows += _recorded(str(envelope.event_id), event.unit_id, event.officer_ids, event.clips, day)
    kind = STEP_DEADLINES.get(event.record)
    if kind is not None and event.on_time is not None:
        rows += _deadline(
            "case", event.case_id, kind, unit=event.unit_id, officers=_handling(known), on_time=event.on_time, day=day
        )
        if kind == "publication":
            rows += _publicity(event.case_id, event.unit_id, _handling(known), event.on_time, day)
    return rows


def _publicity(case_id: UUID, unit: str, officers: Sequence[UUID], on_time: bool, day: date) -> list[Written]:
    """Sunshine enforcement (DOMAIN §8): a decision published within its limit."""
    return unit_and_officers(
        f"case/{case_id}/publicity", unit, officers, code="conduct_and_equipment.publicity_compliant",
        value=outcome(on_time), counts_for=day, first_wins=True,
    )  # fmt: skip


def case_decided(event: CaseDecidedV1, envelope: Envelope, known: Known) -> list[Written]:
    day = local_day(event.decided_at)
    return _deadline(
        "case",
        event.case_id,
        "decision",
        unit=event.unit_id,
        officers=_handling(known),
        on_time=event.on_time,
        day=day,
    )


def case_deadline_breached(event: CaseDeadlineBreachedV1, envelope: Envelope, known: Known) -> list[Written]:
    detail = {"case_id": str(event.case_id), "deadline_kind": event.deadline_kind}
    rows = _breach(str(envelope.event_id), event.unit_id, event.officer_ids, event.due_on, detail)
    if event.deadline_kind in CASE_DEADLINES:
        rows += _deadline(
            "case",
            event.case_id,
            event.deadline_kind,
            unit=event.unit_id,
            officers=event.officer_ids,
            on_time=False,
            day=event.due_on,
        )
    if event.deadline_kind == "publication":
        rows += _publicity(event.case_id, event.unit_id, event.officer_ids, False, event.due_on)
    return rows


def _review_group(case_id: UUID) -> str:
    return f"case/{case_id}/file_review"


def case_closed(event: CaseClosedV1, envelope: Envelope, known: Known) -> list[Written]:
    day = local_day(event.closed_at)
    # Closing is refused until every mandatory document of the case's path is on file.
    rows = unit_and_officers(
        f"case/{event.case_id}/checklist", event.unit_id, _handling(known),
        code="procedure_compliance.checklist_complete", value=1, counts_for=day, detail={"case_id": str(event.case_id)},
    )  # fmt: skip
    not_reviewed = unit_only(
        f"case/{event.case_id}/file_review/closed", event.unit_id, code="kpi.case_file_reviewed", value=0,
        counts_for=day, group=_review_group(event.case_id), detail={"case_id": str(event.case_id)},
    )  # fmt: skip
    return [*rows, not_reviewed]


def case_archived(event: CaseArchivedV1, envelope: Envelope, known: Known) -> list[Written]:
    day = local_day(event.archived_at)
    return _deadline(
        "case",
        event.case_id,
        "archiving",
        unit=event.unit_id,
        officers=_handling(known),
        on_time=event.on_time,
        day=day,
    )


def file_review_completed(event: CaseFileReviewCompletedV1, envelope: Envelope, known: Known) -> list[Written]:
    day = local_day(event.reviewed_at)
    detail = {"review_id": str(event.review_id), "case_id": str(event.case_id), "grade": event.grade}
    key = f"review/{event.review_id}"
    rows = unit_and_officers(
        f"{key}/score", event.unit_id, _handling(known), code="case_quality.review_score", value=event.score,
        counts_for=day, detail=detail,
    )  # fmt: skip
    if event.grade == "fail":
        rows += unit_and_officers(
            f"{key}/failed", event.unit_id, _handling(known), code="case_quality.review_failed", value=1,
            counts_for=day, detail=detail,
        )  # fmt: skip
    # The review-rate KPI counts closed cases: the case's "not reviewed" becomes "reviewed", on its closing day.
    closed_on = known.case.closed_on if known.case and known.case.closed_on else day
    rows += [
        RetractGroup(key=f"{key}/reviewed", group=_review_group(event.case_id)),
        unit_only(
            f"{key}/reviewed", event.unit_id, code="kpi.case_file_reviewed", value=1, counts_for=closed_on,
            group=_review_group(event.case_id), detail=detail,
        ),
    ]  # fmt: skip
    return rows


def error_found(event: CaseErrorFoundV1, envelope: Envelope, known: Known) -> list[Written]:
    """A wrongful case costs the unit and the officers held responsible; a defect of a reviewed file
    is already in the file's score."""
    if event.kind != "wrongful_case":
        return []
    return unit_and_officers(
        f"error/{event.error_id}", event.unit_id, [r.officer_id for r in event.responsible], category=DEDUCTION,
        code="wrongful_case", value=1, counts_for=local_day(event.found_at),
        detail={"case_id": str(event.case_id), "error_id": str(event.error_id), "source": event.source},
    )  # fmt: skip


def challenge_decided(event: CaseChallengeDecidedV1, envelope: Envelope, known: Known) -> list[Written]:
    """A decision revoked or changed marks the unit whose decision it was (the officers answer for
    the wrongful case cases records with it)."""
    if event.outcome not in WRONGFUL_OUTCOMES:
        return []
    return [
        unit_only(
            f"{envelope.event_id}/revoked", event.unit_id, category=DEDUCTION, code="decision_revoked", value=1,
            counts_for=local_day(event.decided_at),
            detail={"case_id": str(event.case_id), "proceeding": event.proceeding, "outcome": event.outcome},
        )
    ]  # fmt: skip


# -- land ------------------------------------------------------------------------------------------


def normative_published(event: NormativeDocumentPublishedV1, envelope: Envelope, known: Known) -> list[Written]:
    reviewed = event.legality_review_passed_at <= event.published_at
    return [
        unit_only(
            f"normative/{event.doc_id}/reviewed", event.drafting_unit_id, code="kpi.normative_reviewed",
            value=outcome(reviewed), counts_for=local_day(event.published_at), detail={"doc_no": event.doc_no},
        )
    ]  # fmt: skip


def _filing(doc_id: UUID, unit: str, on_time: bool, due_on: date) -> Written:
    return unit_only(
        f"normative/{doc_id}/filing", unit, code="kpi.normative_filed_on_time", value=outcome(on_time),
        counts_for=due_on, first_wins=True, detail={"doc_id": str(doc_id)},
    )  # fmt: skip


def normative_filed(event: NormativeDocumentFiledV1, envelope: Envelope, known: Known) -> list[Written]:
    if event.refiling:
        return []  # the timely-filing rate counts the first filing only
    return [_filing(event.doc_id, event.drafting_unit_id, event.on_time, event.due_on)]


def normative_filing_breached(
    event: NormativeDocumentFilingDeadlineBreachedV1, envelope: Envelope, known: Known
) -> list[Written]:
    detail = {"doc_id": str(event.doc_id), "deadline_kind": "normative_filing"}
    return [
        _filing(event.doc_id, event.drafting_unit_id, False, event.due_on),
        *_breach(str(envelope.event_id), event.drafting_unit_id, [], event.due_on, detail),
    ]


def patch_reported(event: SatellitePatchReportedV1, envelope: Envelope, known: Known) -> list[Written]:
    if event.unit_id is None:
        return []
    return [
        unit_only(
            f"patch/{event.patch_id}/reported", event.unit_id, code="patrol_and_stopping.patch_verified_on_time",
            value=outcome(event.on_time), counts_for=local_day(event.reported_at),
            detail={"patch_id": str(event.patch_id), "batch_id": str(event.batch_id)}, first_wins=True,
        )
    ]  # fmt: skip


def _late_group(patch_id: UUID) -> str:
    return f"patch/{patch_id}/judged_illegal_late"


def patch_classified(event: SatellitePatchClassifiedV1, envelope: Envelope, known: Known) -> list[Written]:
    """A patch judged illegal costs its unit, as found late (only by monitoring), until the link to
    a lead shows the unit had found it first. The first illegal classification stands (a repeat
    only corrects areas); a patch reclassified as not illegal cancels it."""
    if event.unit_id is None:
        return []
    group = _late_group(event.patch_id)
    if event.patch_class != "illegal":
        return [RetractGroup(key=f"{envelope.event_id}/not_illegal", group=group)]
    return [
        unit_only(
            group, event.unit_id, code="patrol_and_stopping.patch_judged_illegal_late", value=1,
            counts_for=local_day(envelope.occurred_at), group=group, first_wins=True,
            detail={"patch_id": str(event.patch_id), "patch_no": event.patch_no, "batch_id": str(event.batch_id)},
        )
    ]  # fmt: skip


def patch_linked(event: SatellitePatchLinkedToLeadV1, envelope: Envelope, known: Known) -> list[Written]:
    """The lead existed before the batch arrived, from the unit's own patrol or a report: not late."""
    if not event.discovered_before_monitoring:
        return []
    return [RetractGroup(key=f"{envelope.event_id}/found_first", group=_late_group(event.patch_id))]


def satellite_ratio(event: SatelliteInspectionRatioComputedV1, envelope: Envelope, known: Known) -> list[Written]:
    """The year's ratio of the county; a later computation of the same year replaces it."""
    group = f"satellite/{event.region_code}/{event.year}"
    year_end, key = date(event.year, 12, 31), str(envelope.event_id)
    detail = {"year": event.year, "ratio": event.ratio, "rule_version": event.rule_version}
    return [
        RetractGroup(key=f"{key}/replaces", group=group),
        unit_only(
            f"{key}/illegal", event.region_code, code="kpi.satellite_illegal_cultivated_mu",
            value=event.counted_illegal_cultivated_mu, counts_for=year_end, group=group, detail=detail,
        ),
        unit_only(
            f"{key}/new", event.region_code, code="kpi.new_construction_cultivated_mu",
            value=event.new_construction_cultivated_mu, counts_for=year_end, group=group, detail=detail,
        ),
    ]  # fmt: skip


def grievance_registered(
    event: ExpropriationProjectGrievanceRegisteredV1, envelope: Envelope, known: Known
) -> list[Written]:
    if not event.counts_for_three_none:
        return []
    return [
        unit_only(
            f"grievance/{event.grievance_id}", event.handling_unit_id, code=f"kpi.three_none.{event.type}", value=1,
            counts_for=local_day(event.filed_at),
            detail={"project_id": str(event.project_id), "cause": event.cause},
        )
    ]  # fmt: skip


def farmland_balance(event: FarmlandBalanceYearClosedV1, envelope: Envelope, known: Known) -> list[Written]:
    group = f"farmland/{event.county_code}/{event.year}"
    year_end, key = date(event.year, 12, 31), str(envelope.event_id)
    detail = {"year": event.year, "balanced": event.balanced}
    return [
        RetractGroup(key=f"{key}/replaces", group=group),
        unit_only(
            f"{key}/supplemented", event.county_code, code="kpi.farmland_supplemented_mu",
            value=event.supplemented_cultivated_mu, counts_for=year_end, group=group, detail=detail,
        ),
        unit_only(
            f"{key}/occupied", event.county_code, code="kpi.farmland_occupied_mu",
            value=event.occupied_cultivated_mu, counts_for=year_end, group=group, detail=detail,
        ),
    ]  # fmt: skip


MAPPERS: Mapping[type[IntegrationEvent], Mapper] = {
    LeadVerifiedV1: lead_verified,
    LeadStopOrderIssuedV1: stop_order_issued,
    LeadStopOrderIneffectiveReportedV1: stop_order_ineffective,
    LeadNotFiledV1: lead_not_filed,
    LeadMajorViolationReportedV1: major_violation_reported,
    LeadDeadlineBreachedV1: lead_deadline_breached,
    CaseFiledV1: case_filed,
    CaseStepCompletedV1: step_completed,
    CaseDecidedV1: case_decided,
    CaseDeadlineBreachedV1: case_deadline_breached,
    CaseClosedV1: case_closed,
    CaseArchivedV1: case_archived,
    CaseFileReviewCompletedV1: file_review_completed,
    CaseErrorFoundV1: error_found,
    CaseChallengeDecidedV1: challenge_decided,
    NormativeDocumentPublishedV1: normative_published,
    NormativeDocumentFiledV1: normative_filed,
    NormativeDocumentFilingDeadlineBreachedV1: normative_filing_breached,
    SatellitePatchReportedV1: patch_reported,
    SatellitePatchClassifiedV1: patch_classified,
    SatellitePatchLinkedToLeadV1: patch_linked,
    SatelliteInspectionRatioComputedV1: satellite_ratio,
    ExpropriationProjectGrievanceRegisteredV1: grievance_registered,
    FarmlandBalanceYearClosedV1: farmland_balance,
    **patrols.MAPPERS,
}


class CasesMemory:
    """Each case's unit and handling officers as filed, and the day it closed."""

    async def recall(self, conn: asyncpg.Connection, event: IntegrationEvent) -> Known:
        case_id = getattr(event, "case_id", None)
        if not isinstance(case_id, UUID) or isinstance(event, CaseFiledV1):
            return Known()
        row = await conn.fetchrow(
            "SELECT unit_id, handling_officer_ids, closed_on FROM fact_cases WHERE case_id = $1", case_id
        )
        if row is None:
            return Known()
        return Known(case=CaseRecord(row["unit_id"], tuple(row["handling_officer_ids"]), row["closed_on"]))

    async def remember(self, conn: asyncpg.Connection, event: IntegrationEvent) -> None:
        match event:
            case CaseFiledV1():
                await conn.execute(
                    "INSERT INTO fact_cases (case_id, unit_id, handling_officer_ids) VALUES ($1, $2, $3)"
                    " ON CONFLICT (case_id) DO NOTHING",
                    event.case_id,
                    event.unit_id,
                    list(event.handling_officer_ids),
                )
            case CaseClosedV1():
                await conn.execute(
                    "UPDATE fact_cases SET closed_on = $2 WHERE case_id = $1", event.case_id, local_day(event.closed_at)
                )
            case _:
                pass


MEMORY = CasesMemory()
