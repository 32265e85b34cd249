"""Aggregates as response bodies."""

from __future__ import annotations

from personnel.api.schemas.certificates import BlockResponse, CertificateResponse, ReviewResponse
from personnel.api.schemas.officers import (
    DepartureResponse,
    ExamAttemptResponse,
    OfficerResponse,
    PostResponse,
    RemovalResponse,
    ScheduledSanctionResponse,
    TrainingSessionResponse,
)
from personnel.api.schemas.organisation import LeadershipGroupResponse, MeetingResponse, TargetLetterResponse
from personnel.domain import Certificate, LeadershipGroup, Officer, TargetLetter, TrainingSession
from shared.domain import get_clock


def officer_view(officer: Officer) -> OfficerResponse:
    post = officer.post
    return OfficerResponse(
        id=officer.id,
        version=officer.version,
        name=officer.name,
        unit_id=officer.unit_id,
        staff_kind=officer.staff_kind,
        post=PostResponse(title=post.title, rank=post.rank, enforcement=post.enforcement) if post else None,
        on_enforcement_post=officer.on_enforcement_post,
        departure=DepartureResponse.model_validate(officer.departure, from_attributes=True)
        if officer.departure
        else None,
        removals=[
            RemovalResponse(
                started_at=r.started_at,
                ended_at=r.ended_at,
                reason=r.reason,
                decided_by=r.decided_by,
                accountability_id=r.accountability_id,
                exam_id=r.exam_id,
            )
            for r in officer.removals
        ],
        scheduled_sanctions=[
            ScheduledSanctionResponse.model_validate(scheduled, from_attributes=True)
            for scheduled in officer.scheduled_sanctions.values()
        ],
        pre_post_training_session_id=officer.pre_post_training[0] if officer.pre_post_training else None,
        exams=[
            ExamAttemptResponse.model_validate(attempt, from_attributes=True)
            for attempts in officer.exams.values()
            for attempt in attempts
        ],
        open_application_id=officer.open_application,
        certificate_nos=list(officer.certificate_nos),
        duties=list(officer.duties),
    )


def certificate_view(certificate: Certificate) -> CertificateResponse:
    now = get_clock().now()
    return CertificateResponse(
        id=certificate.id,
        version=certificate.version,
        certificate_no=certificate.certificate_no,
        officer_id=certificate.officer_id,
        issuer=certificate.issuer,
        kind=certificate.kind,
        scope_field=certificate.scope_field,
        scope_area=certificate.scope_area,
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        status=certificate.status_at(now),
        review_due_on=certificate.review_due_at(now),
        rules_version=certificate.rules_version,
        replaces_no=certificate.replaces_no,
        replaced_by=certificate.replaced_by,
        reapply_not_before=certificate.reapply_not_before,
        blocks=[BlockResponse.model_validate(b, from_attributes=True) for b in certificate.blocks],
        reviews=[ReviewResponse.model_validate(r, from_attributes=True) for r in certificate.reviews],
    )


def session_view(session: TrainingSession) -> TrainingSessionResponse:
    return TrainingSessionResponse(
        id=session.id,
        version=session.version,
        kind=session.kind,
        held_at=session.held_at,
        topics=session.topics,
        trainer=session.trainer,
        attendee_ids=session.attendee_ids,
    )


def group_view(group: LeadershipGroup) -> LeadershipGroupResponse:
    return LeadershipGroupResponse(
        id=group.id,
        version=group.version,
        leader_id=group.leader_id,
        office_head_id=group.office_head_id,
        member_ids=group.member_ids,
        meetings=[MeetingResponse.model_validate(m, from_attributes=True) for m in group.meetings],
    )


def letter_view(letter: TargetLetter) -> TargetLetterResponse:
    return TargetLetterResponse.model_validate(
        {
            "id": letter.id,
            "version": letter.version,
            "year": letter.year,
            "unit_id": letter.unit_id,
            "head_officer_id": letter.head_officer_id,
            "director_id": letter.director_id,
            "targets": letter.targets,
            "signed_at": letter.signed_at,
        }
    )
