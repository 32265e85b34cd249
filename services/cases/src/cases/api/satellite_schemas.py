"""Request and response bodies of the satellite-inspection routes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from cases.api.land_common import Area, Body, Code, Codes, LongText, Text, Texts
from cases.domain.satellite_batch import SatelliteBatch
from cases.domain.satellite_inspection import SatelliteInspectionYear
from cases.domain.satellite_patch import SatellitePatch
from cases.domain.satellite_ranking import SatelliteRanking
from cases.domain.satellite_terms import BatchSource, IllegalKind, InterviewLevel, PatchClass, RectificationMethod

Period = Annotated[str, StringConstraints(pattern=r"^20[0-9]{2}(-(0[1-9]|1[0-2]))?$")]
Ratio = Annotated[float, Field(ge=0, le=1)]


class ReceiveBatchRequest(Body):
    region_code: Code = Field(examples=["410322"])
    period: Period = Field(examples=["2018-03"], description="YYYY-MM (monthly) or YYYY (annual)")
    source: BatchSource
    campaign: Text = Field(default="卫片执法检查")
    patch_count: Annotated[int, Field(ge=0, le=100_000)]
    verification_due_on: date | None = Field(default=None, description="annual batches only; monthly ones by rule")
    received_at: datetime | None = None


class PatchEntry(Body):
    patch_no: Code = Field(examples=["410322-1803-0001"])
    township_code: Code = Field(examples=["410322101"])
    centroid_lng: Annotated[float, Field(ge=-180, le=180)]
    centroid_lat: Annotated[float, Field(ge=-90, le=90)]
    monitored_mu: Area
    cultivated_mu: Area
    basic_farmland_mu: Area
    before_image_date: date
    after_image_date: date
    change_type: Text = Field(examples=["construction"])


class RegisterPatchesRequest(Body):
    patches: Annotated[list[PatchEntry], Field(min_length=1, max_length=500)]


class AssignPatchRequest(Body):
    unit_id: Code
    officer_ids: Annotated[list[Code], Field(min_length=1, max_length=20)]
    due_on: date


class VerifyPatchRequest(Body):
    officer_ids: Annotated[list[Code], Field(min_length=1, max_length=20)]
    photos: Texts = Field(default_factory=list)
    current_use: Text
    built: bool
    party: Text | None = None
    verified_at: datetime | None = None


class ClassifyPatchRequest(Body):
    patch_class: PatchClass
    illegal_kind: IllegalKind | None = None
    basis_doc_refs: Texts = Field(default_factory=list)
    measured_mu: Area
    cultivated_mu: Area
    basic_farmland_mu: Area


class LinkLeadRequest(Body):
    lead_id: UUID
    case_id: UUID | None = None


class RectifyPatchRequest(Body):
    method: RectificationMethod
    verified_by: Annotated[list[Code], Field(min_length=1, max_length=20)]
    rectified_at: datetime | None = None


class ReportPatchRequest(Body):
    truthfulness_attested: bool
    reported_at: datetime | None = None


class NewConstructionRequest(Body):
    cultivated_mu: Area
    source: Text = "land_change_survey"


class BadImpactRequest(Body):
    reason: LongText


class ComputeRatioRequest(Body):
    leader_ids: Codes = Field(default_factory=list, description="leaders held to account if it triggers")


class InterviewRequest(Body):
    level: InterviewLevel
    township_code: Code | None = None
    held_by: Text
    interviewees: Annotated[list[Text], Field(min_length=1, max_length=50)]
    reason: LongText
    held_at: datetime | None = None


class RankingRequest(Body):
    own_region_code: Code
    others: Annotated[dict[Code, Ratio], Field(min_length=1, max_length=50)]


class BatchResponse(BaseModel):
    id: UUID
    version: int
    region_code: str
    period: str
    source: str
    campaign: str
    patch_count: int
    registered: int
    received_at: datetime
    verification_due_on: date
    settlement: str | None
    unreported_patch_ids: list[UUID]
    rule_version: int


class PatchResponse(BaseModel):
    id: UUID
    version: int
    batch_id: UUID
    patch_no: str
    region_code: str
    township_code: str
    year: int
    monitored_mu: float
    unit_id: str | None
    officer_ids: list[str]
    field_verified_at: datetime | None
    patch_class: str | None
    illegal_kind: str | None
    measured_mu: float | None
    cultivated_mu: float | None
    basic_farmland_mu: float | None
    lead_id: UUID | None
    case_id: UUID | None
    rectified_at: datetime | None
    first_reported_at: datetime | None
    verification_due_on: date


class PatchPage(BaseModel):
    patches: list[PatchResponse]
    next_cursor: str | None


class RatioResponse(BaseModel):
    computed_at: datetime | None
    patches: int
    unclassified_patches: int
    illegal_patches: int
    illegal_area_mu: float
    illegal_cultivated_mu: float
    illegal_basic_farmland_mu: float
    counted_illegal_cultivated_mu: float
    new_construction_cultivated_mu: float
    ratio: float
    threshold: float
    interview_threshold: float
    bad_impact: bool
    triggered: bool
    interview_required: bool
    count_rectified_in_ratio: bool
    rectification_cutoff_on: date
    filed_as_case_share: float | None
    rectified_share: float | None
    verified_on_time_share: float | None
    rule_version: int


class InspectionResponse(BaseModel):
    region_code: str
    year: int
    version: int
    batch_ids: list[UUID]
    new_construction_cultivated_mu: float | None
    bad_impact_reasons: list[str]
    latest_ratio: RatioResponse | None
    accountability_triggered: bool
    warning_interviews: int


class RankResponse(BaseModel):
    region_code: str
    ratio: float
    rank: int


class RankingResponse(BaseModel):
    prefecture_code: str
    year: int
    own_region_code: str | None
    own_rank: int | None
    ranks: list[RankResponse]


def batch_response(batch: SatelliteBatch) -> BatchResponse:
    return BatchResponse(
        id=batch.id,
        version=batch.version,
        region_code=batch.region_code,
        period=batch.period,
        source=batch.source,
        campaign=batch.campaign,
        patch_count=batch.patch_count,
        registered=len(batch.patch_ids),
        received_at=batch.received_at,
        verification_due_on=batch.verification_due_on,
        settlement=batch.settlement,
        unreported_patch_ids=batch.unreported_patch_ids,
        rule_version=batch.rule_version,
    )


def patch_response(patch: SatellitePatch) -> PatchResponse:
    return PatchResponse(
        id=patch.id,
        version=patch.version,
        batch_id=patch.batch_id,
        patch_no=patch.patch_no,
        region_code=patch.region_code,
        township_code=patch.township_code,
        year=patch.year,
        monitored_mu=patch.monitored_mu,
        unit_id=patch.unit_id,
        officer_ids=patch.officer_ids,
        field_verified_at=patch.field_verified_at,
        patch_class=patch.patch_class.value if patch.patch_class else None,
        illegal_kind=patch.illegal_kind,
        measured_mu=patch.measured_mu,
        cultivated_mu=patch.cultivated_mu,
        basic_farmland_mu=patch.basic_farmland_mu,
        lead_id=patch.lead_id,
        case_id=patch.case_id,
        rectified_at=patch.rectified_at,
        first_reported_at=patch.first_reported_at,
        verification_due_on=patch.verification_due_on,
    )


def inspection_response(inspection: SatelliteInspectionYear) -> InspectionResponse:
    latest = inspection.latest
    return InspectionResponse(
        region_code=inspection.region_code,
        year=inspection.year,
        version=inspection.version,
        batch_ids=inspection.batch_ids,
        new_construction_cultivated_mu=inspection.new_construction_cultivated_mu,
        bad_impact_reasons=inspection.bad_impact_reasons,
        latest_ratio=RatioResponse(computed_at=inspection.latest_computed_at, **vars(latest)) if latest else None,
        accountability_triggered=inspection.accountability_triggered,
        warning_interviews=inspection.interviews,
    )


def ranking_response(ranking: SatelliteRanking) -> RankingResponse:
    return RankingResponse(
        prefecture_code=ranking.prefecture_code,
        year=ranking.year,
        own_region_code=ranking.own_region_code,
        own_rank=ranking.own_rank,
        ranks=[RankResponse(region_code=r.region_code, ratio=r.ratio, rank=r.rank) for r in ranking.ranks],
    )
