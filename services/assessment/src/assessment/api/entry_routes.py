"""The assessment secretariat's entries: public evaluations, item points, deductions, bonuses."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from assessment.api.common import READ, SECRETARIAT, histories
from assessment.api.deps import AssessmentsDep
from assessment.api.requests import (
    BonusRequest,
    DeductionRequest,
    PublicEvaluationRequest,
    ScoreItemRequest,
    WithdrawEntryRequest,
)
from assessment.api.responses import EntryResponse
from assessment.domain.entries import ScoreEntry
from shared.web.authz import ZerenRoute
from shared.web.commands import Command, CommandDep, CommandResult

router = APIRouter(tags=["entries"], route_class=ZerenRoute)
CREATED = status.HTTP_201_CREATED


def _located(command: Command, result: CommandResult) -> CommandResult:
    command.response.headers["Location"] = f"/entries/{result.id}"
    return result


@router.post(
    "/entries/public-evaluations",
    status_code=CREATED,
    summary="Record a public evaluation (PublicEvaluationCollected)",
    dependencies=SECRETARIAT,
)
def record_public_evaluation(
    body: PublicEvaluationRequest, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    result = command.run(
        assessments,
        lambda: assessments.record_public_evaluation(
            subject_type=body.subject_type,
            subject_id=body.subject_id,
            unit_id=body.unit_id,
            counts_for=body.counts_for,
            method=body.method,
            score=body.score,
            sample_size=body.sample_size,
            evidence_ref=body.evidence_ref,
            note=body.note,
        ),
    )
    return _located(command, result)


@router.post(
    "/entries/score-items",
    status_code=CREATED,
    summary="Award points for a scheme item, with evidence",
    dependencies=SECRETARIAT,
)
def record_score_item(body: ScoreItemRequest, assessments: AssessmentsDep, command: CommandDep) -> CommandResult:
    result = command.run(
        assessments,
        lambda: assessments.record_score_item(
            subject_type=body.subject_type,
            subject_id=body.subject_id,
            unit_id=body.unit_id,
            counts_for=body.counts_for,
            item_code=body.item_code,
            points=body.points,
            evidence_ref=body.evidence_ref,
            note=body.note,
        ),
    )
    return _located(command, result)


@router.post(
    "/entries/deductions",
    status_code=CREATED,
    summary="Record a scheme deduction, with evidence",
    dependencies=SECRETARIAT,
)
def record_deduction(body: DeductionRequest, assessments: AssessmentsDep, command: CommandDep) -> CommandResult:
    result = command.run(
        assessments,
        lambda: assessments.record_deduction(
            subject_type=body.subject_type,
            subject_id=body.subject_id,
            unit_id=body.unit_id,
            counts_for=body.counts_for,
            deduction_code=body.deduction_code,
            occurrences=body.occurrences,
            evidence_ref=body.evidence_ref,
            note=body.note,
        ),
    )
    return _located(command, result)


@router.post(
    "/entries/bonuses", status_code=CREATED, summary="Record a scheme bonus, with evidence", dependencies=SECRETARIAT
)
def record_bonus(body: BonusRequest, assessments: AssessmentsDep, command: CommandDep) -> CommandResult:
    result = command.run(
        assessments,
        lambda: assessments.record_bonus(
            subject_type=body.subject_type,
            subject_id=body.subject_id,
            unit_id=body.unit_id,
            counts_for=body.counts_for,
            bonus_code=body.bonus_code,
            points=body.points,
            evidence_ref=body.evidence_ref,
            note=body.note,
        ),
    )
    return _located(command, result)


@router.post("/entries/{entry_id}/withdrawal", summary="Withdraw an entry made in error", dependencies=SECRETARIAT)
def withdraw_entry(
    entry_id: UUID, body: WithdrawEntryRequest, assessments: AssessmentsDep, command: CommandDep
) -> CommandResult:
    return command.run(
        assessments,
        lambda: assessments.withdraw_entry(entry_id, body.reason, expected_version=command.expected_version),
    )


@router.get("/entries/{entry_id}", summary="An entry and its history", dependencies=READ)
def get_entry(entry_id: UUID, assessments: AssessmentsDep) -> EntryResponse:
    entry: ScoreEntry = assessments.get_entry(entry_id)
    return EntryResponse(
        id=entry.id,
        version=entry.version,
        kind=entry.kind.value,
        subject_type=entry.subject_type,
        subject_id=entry.subject_id,
        unit_id=entry.unit_id,
        counts_for=entry.counts_for,
        code=entry.code,
        value=entry.value,
        out_of=entry.out_of,
        method=entry.method,
        sample_size=entry.sample_size,
        evidence_ref=entry.evidence_ref,
        note=entry.note,
        scheme_version=entry.scheme_version,
        withdrawn=entry.withdrawn,
        history=histories(assessments.stored_events(entry.id)),
    )
