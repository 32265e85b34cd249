"""The only place where assessment's stored events meet the public contract."""

from __future__ import annotations

from decimal import Decimal
from functools import singledispatch
from uuid import UUID

from assessment.domain.accountability.matter import AccountabilityMatter
from assessment.domain.accountability.terms import (
    REMOVES_FROM_ENFORCEMENT_POST,
    REVOKES_CERTIFICATE,
    SUSPENDS_CERTIFICATE,
)
from assessment.domain.complaints import Complaint
from assessment.domain.decisions import AdmonishmentTalk, PostTransfer
from assessment.domain.entries import EntryKind, ScoreEntry
from assessment.domain.rankings import AssessmentPeriod
from assessment.domain.rewards import Reward
from shared.contracts import IntegrationEvent
from shared.contracts.assessment import (
    AccountabilityMatterClosedV1,
    AccountabilityMatterRaisedV1,
    AdmonishmentTalkHeldV1,
    AdmonishmentTalkRequiredV1,
    BonusRecordedV1,
    ComplaintDecidedV1,
    ComplaintReceivedV1,
    DeductionRecordedV1,
    PostTransferDecidedV1,
    PostTransferProposedV1,
    PublicEvaluationCollectedV1,
    RankingLine,
    RankingPublishedV1,
    RewardGrantedV1,
    SanctionImposedV1,
    SanctionRevokedV1,
    ScoreEntryWithdrawnV1,
    ScoreItemRecordedV1,
)


@singledispatch
def to_integration_event(domain_event: object) -> IntegrationEvent | None:
    return None  # not every stored event is public


@to_integration_event.register
def _(e: ScoreEntry.Recorded) -> IntegrationEvent:
    common = {
        "entry_id": e.originator_id,
        "subject_type": e.subject_type,
        "subject_id": e.subject_id,
        "unit_id": e.unit_id,
        "counts_for": e.counts_for,
        "evidence_ref": e.evidence_ref,
        "scheme_version": e.scheme_version,
    }
    kind = EntryKind(e.kind)
    if kind is EntryKind.PUBLIC_EVALUATION:
        assert e.method is not None
        assert e.sample_size is not None
        return PublicEvaluationCollectedV1(**common, method=e.method, score=e.value, sample_size=e.sample_size)
    if kind is EntryKind.SCORE_ITEM:
        assert e.out_of is not None
        return ScoreItemRecordedV1(**common, item_code=e.code, points=e.value, out_of=e.out_of)
    if kind is EntryKind.DEDUCTION:
        return DeductionRecordedV1(**common, deduction_code=e.code, occurrences=int(e.value))
    return BonusRecordedV1(**common, bonus_code=e.code, points=e.value)


@to_integration_event.register
def _(e: ScoreEntry.Withdrawn) -> IntegrationEvent:
    return ScoreEntryWithdrawnV1(entry_id=e.originator_id, reason=e.reason)


@to_integration_event.register
def _(e: AssessmentPeriod.RankingPublished) -> IntegrationEvent:
    return RankingPublishedV1(
        period_id=e.originator_id,
        subject_type=e.subject_type,
        period=e.period_key,
        kind=e.kind,
        start=e.start,
        end=e.end,
        scheme_version=e.scheme_version,
        rankings=[
            RankingLine(
                subject_id=row["subject_id"],
                unit_id=row["unit_id"],
                score=row["score"],
                rank=row["rank"],
                grade=row["grade"],
                bottom=row["bottom"],
            )
            for row in e.rows
        ],
        talk_ids=[UUID(i) for i in e.talk_ids],
        transfer_ids=[UUID(i) for i in e.transfer_ids],
    )


@to_integration_event.register
def _(e: AdmonishmentTalk.Required) -> IntegrationEvent:
    return AdmonishmentTalkRequiredV1(
        decision_id=e.originator_id,
        period_id=e.period_id,
        period=e.period_key,
        subject_type=e.subject_type,
        subject_id=e.subject_id,
        unit_id=e.unit_id,
        score=e.score,
        rank=e.rank,
        scheme_version=e.scheme_version,
        due_on=e.due_on,
    )


@to_integration_event.register
def _(e: AdmonishmentTalk.Held) -> IntegrationEvent:
    return AdmonishmentTalkHeldV1(
        decision_id=e.originator_id,
        period=e.period_key,
        subject_type=e.subject_type,
        subject_id=e.subject_id,
        unit_id=e.unit_id,
        due_on=e.due_on,
        held_at=e.occurred_at,
        held_by=e.held_by,
        minutes_ref=e.minutes_ref,
        late=e.late,
    )


@to_integration_event.register
def _(e: Reward.Granted) -> IntegrationEvent:
    return RewardGrantedV1(
        reward_id=e.originator_id,
        period_id=e.period_id,
        period=e.period_key,
        subject_type=e.subject_type,
        subject_id=e.subject_id,
        unit_id=e.unit_id,
        kind=e.kind,
        score=Decimal(e.score),
        rank=e.rank,
        grade=e.grade,
        granted_by=e.granted_by,
        note=e.note,
        granted_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: PostTransfer.Proposed) -> IntegrationEvent:
    return PostTransferProposedV1(
        decision_id=e.originator_id,
        period_id=e.period_id,
        period=e.period_key,
        subject_type=e.subject_type,
        subject_id=e.subject_id,
        unit_id=e.unit_id,
        officer_id=e.officer_id,
        reasons=list(e.reasons),
        run_periods=list(e.run_periods),
        scheme_version=e.scheme_version,
    )


@to_integration_event.register
def _(e: PostTransfer.Decided) -> IntegrationEvent:
    return PostTransferDecidedV1(
        decision_id=e.originator_id,
        period=e.period_key,
        subject_type=e.subject_type,
        subject_id=e.subject_id,
        unit_id=e.unit_id,
        outcome=e.outcome,
        officer_id=e.officer_id,
        from_post=e.from_post,
        to_post=e.to_post,
        to_enforcement_post=e.to_enforcement_post,
        decided_at=e.occurred_at,
        decided_by=e.actor_id,
    )


@to_integration_event.register
def _(e: AccountabilityMatter.Raised) -> IntegrationEvent:
    return AccountabilityMatterRaisedV1(
        matter_id=e.originator_id,
        category=e.category,
        trigger=e.trigger,
        unit_id=e.unit_id,
        suspected_officer_ids=list(e.suspected_officer_ids),
        related=dict(e.related),
        trigger_event_ids=list(e.trigger_event_ids),
        raised_on=e.raised_on,
    )


@to_integration_event.register
def _(e: AccountabilityMatter.SanctionImposed) -> IntegrationEvent:
    return SanctionImposedV1(
        sanction_id=e.sanction_id,
        matter_id=e.originator_id,
        officer_id=UUID(e.officer_id) if e.officer_id is not None else None,
        unit_id=e.unit_id,
        sanction_type=e.sanction_type,
        tier=e.tier,
        effective_at=e.effective_at,
        ends_at=e.ends_at,
        decided_by=e.decided_by,
        suspends_certificate=e.sanction_type in SUSPENDS_CERTIFICATE,
        removes_from_enforcement_post=e.sanction_type in REMOVES_FROM_ENFORCEMENT_POST,
        revokes_certificate=e.sanction_type in REVOKES_CERTIFICATE,
        officer_unit_id=e.officer_unit_id,
    )


@to_integration_event.register
def _(e: AccountabilityMatter.SanctionRevoked) -> IntegrationEvent:
    return SanctionRevokedV1(
        sanction_id=e.sanction_id,
        matter_id=e.originator_id,
        officer_id=UUID(e.officer_id) if e.officer_id is not None else None,
        unit_id=e.unit_id,
        reason=e.reason,
        revoked_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: AccountabilityMatter.Closed) -> IntegrationEvent:
    return AccountabilityMatterClosedV1(matter_id=e.originator_id, summary=e.summary, closed_at=e.occurred_at)


@to_integration_event.register
def _(e: Complaint.Received) -> IntegrationEvent:
    # The summary and the evidence stay in assessment: a complaint may carry a complainant's details.
    return ComplaintReceivedV1(
        complaint_id=e.originator_id,
        channel=e.channel,
        subject_type=e.subject_type,
        subject_id=e.subject_id,
        unit_id=e.unit_id,
        related=dict(e.related),
        received_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: Complaint.Decided) -> IntegrationEvent:
    return ComplaintDecidedV1(
        complaint_id=e.originator_id,
        channel=e.channel,
        subject_type=e.subject_type,
        subject_id=e.subject_id,
        unit_id=e.unit_id,
        upheld=e.upheld,
        officer_ids=list(e.officer_ids),
        matter_id=UUID(e.matter_id) if e.matter_id is not None else None,
        decided_at=e.occurred_at,
    )
