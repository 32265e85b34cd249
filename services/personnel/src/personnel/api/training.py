"""Training routes: sessions held, with their attendance."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from personnel.api.deps import READ, TRAINING_RECORDERS, PersonnelDep
from personnel.api.schemas.officers import TrainingSessionRequest, TrainingSessionResponse
from personnel.api.views import session_view
from shared.web.authz import ZerenRoute
from shared.web.commands import CommandDep, CommandResult

router = APIRouter(tags=["training"], route_class=ZerenRoute)


@router.post(
    "/training-sessions",
    status_code=status.HTTP_201_CREATED,
    summary="Record a training session held, with its attendance",
    dependencies=TRAINING_RECORDERS,
)
def hold_session(body: TrainingSessionRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
    result = command.run(
        personnel,
        lambda: personnel.hold_training_session(
            kind=body.kind,
            held_at=body.held_at,
            topics=list(body.topics),
            trainer=body.trainer,
            attendee_ids=list(body.attendee_ids),
        ),
    )
    command.response.headers["Location"] = f"/training-sessions/{result.id}"
    return result


@router.get("/training-sessions/{session_id}", summary="A training session", dependencies=READ)
def get_session(session_id: UUID, personnel: PersonnelDep) -> TrainingSessionResponse:
    return session_view(personnel.get_training_session(session_id))
