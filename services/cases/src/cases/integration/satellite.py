"""Public events of satellite-imagery enforcement inspection (shared.contracts.cases, land section)."""

from __future__ import annotations

from cases.domain.satellite_batch import SatelliteBatch
from cases.domain.satellite_inspection import SatelliteInspectionYear
from cases.domain.satellite_patch import SatellitePatch
from cases.domain.satellite_ranking import SatelliteRanking
from cases.integration.base import to_integration_event
from shared.contracts import IntegrationEvent
from shared.contracts.cases import (
    SatelliteBatchClearanceBreachedV1,
    SatelliteBatchClearedV1,
    SatelliteBatchReceivedV1,
    SatelliteInspectionAccountabilityTriggeredV1,
    SatelliteInspectionRatioComputedV1,
    SatelliteInspectionWarningInterviewHeldV1,
    SatellitePatchClassifiedV1,
    SatellitePatchLinkedToLeadV1,
    SatellitePatchRectifiedV1,
    SatellitePatchReportedV1,
    SatelliteRank,
    SatelliteRankingPublishedV1,
)


@to_integration_event.register
def _(e: SatelliteBatch.Received) -> IntegrationEvent:
    return SatelliteBatchReceivedV1(
        batch_id=e.originator_id,
        region_code=e.region_code,
        period=e.period,
        source=e.source,
        patch_count=e.patch_count,
        received_at=e.occurred_at,
        verification_due_on=e.verification_due_on,
        rule_version=e.rule_version,
    )


@to_integration_event.register
def _(e: SatelliteBatch.Cleared) -> IntegrationEvent:
    return SatelliteBatchClearedV1(
        batch_id=e.originator_id, region_code=e.region_code, period=e.period, due_on=e.due_on, patch_count=e.patch_count
    )


@to_integration_event.register
def _(e: SatelliteBatch.ClearanceBreached) -> IntegrationEvent:
    return SatelliteBatchClearanceBreachedV1(
        batch_id=e.originator_id,
        region_code=e.region_code,
        period=e.period,
        due_on=e.due_on,
        detected_at=e.occurred_at,
        unreported_patch_ids=e.unreported_patch_ids,
        missing_registrations=e.missing_registrations,
    )


@to_integration_event.register
def _(e: SatellitePatch.Classified) -> IntegrationEvent:
    return SatellitePatchClassifiedV1(
        patch_id=e.originator_id,
        batch_id=e.batch_id,
        patch_no=e.patch_no,
        region_code=e.region_code,
        township_code=e.township_code,
        year=e.year,
        unit_id=e.unit_id,
        patch_class=e.patch_class,
        illegal_kind=e.illegal_kind,
        measured_mu=e.measured_mu,
        cultivated_mu=e.cultivated_mu,
        basic_farmland_mu=e.basic_farmland_mu,
    )


@to_integration_event.register
def _(e: SatellitePatch.LinkedToLead) -> IntegrationEvent:
    return SatellitePatchLinkedToLeadV1(
        patch_id=e.originator_id,
        region_code=e.region_code,
        year=e.year,
        lead_id=e.lead_id,
        case_id=e.case_id,
        lead_source=e.lead_source,
        lead_received_at=e.lead_received_at,
        discovered_before_monitoring=e.discovered_before_monitoring,
    )


@to_integration_event.register
def _(e: SatellitePatch.Rectified) -> IntegrationEvent:
    return SatellitePatchRectifiedV1(
        patch_id=e.originator_id, region_code=e.region_code, year=e.year, method=e.method, rectified_at=e.occurred_at
    )


@to_integration_event.register
def _(e: SatellitePatch.Reported) -> IntegrationEvent:
    return SatellitePatchReportedV1(
        patch_id=e.originator_id,
        batch_id=e.batch_id,
        region_code=e.region_code,
        unit_id=e.unit_id,
        reported_at=e.occurred_at,
        due_on=e.due_on,
        on_time=e.on_time,
    )


@to_integration_event.register
def _(e: SatelliteInspectionYear.RatioComputed) -> IntegrationEvent:
    return SatelliteInspectionRatioComputedV1(
        region_code=e.region_code,
        year=e.year,
        computed_at=e.occurred_at,
        patches=e.patches,
        unclassified_patches=e.unclassified_patches,
        illegal_patches=e.illegal_patches,
        illegal_area_mu=e.illegal_area_mu,
        illegal_cultivated_mu=e.illegal_cultivated_mu,
        illegal_basic_farmland_mu=e.illegal_basic_farmland_mu,
        counted_illegal_cultivated_mu=e.counted_illegal_cultivated_mu,
        new_construction_cultivated_mu=e.new_construction_cultivated_mu,
        ratio=e.ratio,
        threshold=e.threshold,
        bad_impact=e.bad_impact,
        triggered=e.triggered,
        interview_required=e.interview_required,
        count_rectified_in_ratio=e.count_rectified_in_ratio,
        filed_as_case_share=e.filed_as_case_share,
        rectified_share=e.rectified_share,
        verified_on_time_share=e.verified_on_time_share,
        rule_version=e.rule_version,
    )


@to_integration_event.register
def _(e: SatelliteInspectionYear.AccountabilityTriggered) -> IntegrationEvent:
    return SatelliteInspectionAccountabilityTriggeredV1(
        region_code=e.region_code,
        year=e.year,
        ratio=e.ratio,
        threshold=e.threshold,
        bad_impact=e.bad_impact,
        leader_ids=e.leader_ids,
        proposed_sanction=e.proposed_sanction,
        triggered_at=e.occurred_at,
        rule_version=e.rule_version,
    )


@to_integration_event.register
def _(e: SatelliteInspectionYear.WarningInterviewHeld) -> IntegrationEvent:
    return SatelliteInspectionWarningInterviewHeldV1(
        region_code=e.region_code,
        year=e.year,
        level=e.level,
        township_code=e.township_code,
        held_at=e.occurred_at,
        held_by=e.held_by,
        interviewees=e.interviewees,
        reason=e.reason,
    )


@to_integration_event.register
def _(e: SatelliteRanking.Published) -> IntegrationEvent:
    return SatelliteRankingPublishedV1(
        prefecture_code=e.prefecture_code,
        year=e.year,
        own_region_code=e.own_region_code,
        own_rank=e.own_rank,
        ranks=[SatelliteRank.model_validate(rank) for rank in e.ranks],
    )
