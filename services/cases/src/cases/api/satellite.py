"""Routes of satellite-imagery enforcement inspection (§6): batches, patches, ratio, ranking."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response, status

from cases.api.land_common import (
    CasesDep,
    CodePath,
    Cursor,
    HistoryEntryResponse,
    Limit,
    YearPath,
    history_of,
    with_etag,
)
from cases.api.satellite_schemas import (
    AssignPatchRequest,
    BadImpactRequest,
    BatchResponse,
    ClassifyPatchRequest,
    ComputeRatioRequest,
    InspectionResponse,
    InterviewRequest,
    LinkLeadRequest,
    NewConstructionRequest,
    PatchPage,
    PatchResponse,
    RankingRequest,
    RankingResponse,
    ReceiveBatchRequest,
    RectifyPatchRequest,
    RegisterPatchesRequest,
    ReportPatchRequest,
    VerifyPatchRequest,
    batch_response,
    inspection_response,
    patch_response,
    ranking_response,
)
from cases.commands.satellite import PatchRegistration
from cases.domain.satellite_patch import SatellitePatch
from shared.web.authz import READERS, ForbiddenError, Role, ZerenRoute, allow, sees_unit
from shared.web.commands import CommandDep, CommandResult
from shared.web.identity import CurrentIdentity

router = APIRouter(tags=["satellite inspection"], route_class=ZerenRoute)
READ = [allow(*READERS)]
SUPERVISORS = [allow(Role.UNIT_HEAD, Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
FIELD = [allow(Role.OFFICER, Role.UNIT_HEAD)]
LEADERSHIP = [allow(Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]


def _visible(patch: SatellitePatch, caller: CurrentIdentity) -> bool:
    # An unassigned patch is the county's; an assigned one belongs to its unit.
    return patch.unit_id is None or sees_unit(caller.role, caller.unit_id, patch.unit_id)


def _ensure_visible(patch: SatellitePatch, caller: CurrentIdentity) -> None:
    if not _visible(patch, caller):
        raise ForbiddenError(
            "this patch is assigned to another unit", your_unit=caller.unit_id, object_unit=patch.unit_id
        )


@router.post(
    "/satellite/batches",
    status_code=status.HTTP_201_CREATED,
    summary="A batch of patches arrived",
    dependencies=SUPERVISORS,
)
def receive_batch(body: ReceiveBatchRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    result = command.run(
        cases,
        lambda: cases.receive_satellite_batch(
            region_code=body.region_code,
            period=body.period,
            source=body.source,
            campaign=body.campaign,
            patch_count=body.patch_count,
            verification_due_on=body.verification_due_on,
            received_at=body.received_at,
        ),
    )
    command.response.headers["Location"] = f"/satellite/batches/{result.id}"
    return result


@router.get("/satellite/batches/{batch_id}", summary="A batch and its clearance", dependencies=READ)
def get_batch(batch_id: UUID, cases: CasesDep, response: Response) -> BatchResponse:
    batch = cases.satellite_batch(batch_id)
    with_etag(response, batch.version)
    return batch_response(batch)


@router.post("/satellite/batches/{batch_id}/patches", summary="Register the batch's patches", dependencies=SUPERVISORS)
def register_patches(
    batch_id: UUID, body: RegisterPatchesRequest, cases: CasesDep, command: CommandDep
) -> CommandResult:
    entries = [PatchRegistration(**entry.model_dump()) for entry in body.patches]
    return command.run(
        cases, lambda: cases.register_satellite_patches(batch_id, entries, expected_version=command.expected_version)
    )


@router.get("/satellite/batches/{batch_id}/patches", summary="The batch's patches you may see", dependencies=READ)
def list_patches(
    batch_id: UUID, cases: CasesDep, caller: CurrentIdentity, limit: Limit = 100, cursor: Cursor = None
) -> PatchPage:
    # Load only what one page needs: the cursor is the position in the batch of the next patch to look at.
    ids = cases.satellite_batch(batch_id).patch_ids
    position, chosen = int(cursor or 0), list[PatchResponse]()
    while position < len(ids) and len(chosen) < limit:
        patch = cases.satellite_patch(ids[position])
        position += 1
        if _visible(patch, caller):
            chosen.append(patch_response(patch))
    return PatchPage(patches=chosen, next_cursor=str(position) if position < len(ids) else None)


@router.get("/satellite/patches/{patch_id}", summary="A patch as of now", dependencies=READ)
def get_patch(patch_id: UUID, cases: CasesDep, caller: CurrentIdentity, response: Response) -> PatchResponse:
    patch = cases.satellite_patch(patch_id)
    _ensure_visible(patch, caller)
    with_etag(response, patch.version)
    return patch_response(patch)


@router.get("/satellite/patches/{patch_id}/history", summary="Every recorded event of a patch", dependencies=READ)
def patch_history(patch_id: UUID, cases: CasesDep, caller: CurrentIdentity) -> list[HistoryEntryResponse]:
    patch = cases.satellite_patch(patch_id)
    _ensure_visible(patch, caller)
    return history_of(cases.stored_events(patch_id))


@router.post("/satellite/patches/{patch_id}/assignment", summary="Assign to a unit", dependencies=SUPERVISORS)
def assign(patch_id: UUID, body: AssignPatchRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.assign_satellite_patch(
            patch_id,
            unit_id=body.unit_id,
            officer_ids=body.officer_ids,
            due_on=body.due_on,
            expected_version=command.expected_version,
        ),
    )


@router.post("/satellite/patches/{patch_id}/field-verification", summary="Verified on the ground", dependencies=FIELD)
def verify(patch_id: UUID, body: VerifyPatchRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.verify_satellite_patch(
            patch_id,
            officer_ids=body.officer_ids,
            photos=body.photos,
            current_use=body.current_use,
            built=body.built,
            party=body.party,
            verified_at=body.verified_at,
            expected_version=command.expected_version,
        ),
    )


@router.post("/satellite/patches/{patch_id}/classification", summary="Classify (§6.2)", dependencies=FIELD)
def classify(patch_id: UUID, body: ClassifyPatchRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.classify_satellite_patch(
            patch_id,
            patch_class=body.patch_class,
            illegal_kind=body.illegal_kind,
            basis_doc_refs=body.basis_doc_refs,
            measured_mu=body.measured_mu,
            cultivated_mu=body.cultivated_mu,
            basic_farmland_mu=body.basic_farmland_mu,
            expected_version=command.expected_version,
        ),
    )


@router.post("/satellite/patches/{patch_id}/lead-link", summary="Link to its lead (and case)", dependencies=FIELD)
def link(patch_id: UUID, body: LinkLeadRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.link_satellite_patch_to_lead(
            patch_id, lead_id=body.lead_id, case_id=body.case_id, expected_version=command.expected_version
        ),
    )


@router.post("/satellite/patches/{patch_id}/rectification", summary="Rectified", dependencies=FIELD)
def rectify(patch_id: UUID, body: RectifyPatchRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.rectify_satellite_patch(
            patch_id,
            method=body.method,
            verified_by=body.verified_by,
            rectified_at=body.rectified_at,
            expected_version=command.expected_version,
        ),
    )


@router.post(
    "/satellite/patches/{patch_id}/report", summary="Report to the platform, truth attested", dependencies=SUPERVISORS
)
def report(patch_id: UUID, body: ReportPatchRequest, cases: CasesDep, command: CommandDep) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.report_satellite_patch(
            patch_id,
            truthfulness_attested=body.truthfulness_attested,
            reported_at=body.reported_at,
            expected_version=command.expected_version,
        ),
    )


@router.get("/satellite/inspections/{region_code}/{year}", summary="A region's inspection year", dependencies=READ)
def get_inspection(cases: CasesDep, year: YearPath, region_code: CodePath) -> InspectionResponse:
    return inspection_response(cases.satellite_inspection(region_code, year))


@router.post(
    "/satellite/inspections/{region_code}/{year}/new-construction",
    summary="Cultivated land occupied by all new construction (land-change survey)",
    dependencies=SUPERVISORS,
)
def new_construction(
    body: NewConstructionRequest, cases: CasesDep, command: CommandDep, year: YearPath, region_code: CodePath
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.record_new_construction_occupation(
            region_code=region_code, year=year, cultivated_mu=body.cultivated_mu, source=body.source
        ),
    )


@router.post(
    "/satellite/inspections/{region_code}/{year}/bad-impact",
    summary="Flag a bad impact or serious consequence",
    dependencies=LEADERSHIP,
)
def bad_impact(
    body: BadImpactRequest, cases: CasesDep, command: CommandDep, year: YearPath, region_code: CodePath
) -> CommandResult:
    return command.run(
        cases, lambda: cases.flag_satellite_bad_impact(region_code=region_code, year=year, reason=body.reason)
    )


@router.post(
    "/satellite/inspections/{region_code}/{year}/ratio",
    summary="Compute the illegal-farmland ratio (may trigger accountability)",
    dependencies=SUPERVISORS,
)
def compute_ratio(
    body: ComputeRatioRequest, cases: CasesDep, command: CommandDep, year: YearPath, region_code: CodePath
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.compute_illegal_farmland_ratio(region_code=region_code, year=year, leader_ids=body.leader_ids),
    )


@router.post(
    "/satellite/inspections/{region_code}/{year}/warning-interviews",
    summary="A warning interview (警示约谈) was held",
    dependencies=LEADERSHIP,
)
def interview(
    body: InterviewRequest, cases: CasesDep, command: CommandDep, year: YearPath, region_code: CodePath
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.record_warning_interview(
            region_code=region_code,
            year=year,
            level=body.level,
            township_code=body.township_code,
            held_by=body.held_by,
            interviewees=body.interviewees,
            reason=body.reason,
            held_at=body.held_at,
        ),
    )


@router.post(
    "/satellite/rankings/{prefecture_code}/{year}",
    summary="Publish the prefecture's ranking by ratio, lowest first",
    dependencies=SUPERVISORS,
)
def publish_ranking(
    body: RankingRequest, cases: CasesDep, command: CommandDep, year: YearPath, prefecture_code: CodePath
) -> CommandResult:
    return command.run(
        cases,
        lambda: cases.publish_satellite_ranking(
            prefecture_code=prefecture_code, year=year, own_region_code=body.own_region_code, others=body.others
        ),
    )


@router.get("/satellite/rankings/{prefecture_code}/{year}", summary="The prefecture's ranking", dependencies=READ)
def get_ranking(cases: CasesDep, year: YearPath, prefecture_code: CodePath) -> RankingResponse:
    return ranking_response(cases.satellite_ranking(prefecture_code, year))
