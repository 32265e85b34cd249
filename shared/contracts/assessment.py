"""Public events published by `assessment`: the secretariat's entries, published rankings, the
decisions they make, and fault accountability.

Consumers: assessment itself (facts and decision read models, through NATS like any producer's
events); personnel (sanctions that take effect on certificates and enforcement posts; transfers).
Scores and points are decimal strings ("87.75"), never floats.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from shared.contracts.base import IntegrationEvent


class PublicEvaluationCollectedV1(IntegrationEvent):
    """The secretariat recorded a public or external evaluation (评议卡, survey, forum, mailbox,
    hired supervisors) of a unit or officer. Consumed by: assessment (facts)."""

    subject: ClassVar[str] = "assessment.public_evaluation.collected.v1"
    entry_id: UUID
    subject_type: str  # unit | officer
    subject_id: str
    unit_id: str
    counts_for: date
    method: str
    score: Decimal  # of 100
    sample_size: int
    evidence_ref: str
    scheme_version: int


class ScoreItemRecordedV1(IntegrationEvent):
    """The secretariat awarded points for a scheme item, with evidence. Consumed by: assessment (facts)."""

    subject: ClassVar[str] = "assessment.score_item.recorded.v1"
    entry_id: UUID
    subject_type: str
    subject_id: str
    unit_id: str
    counts_for: date
    item_code: str
    points: Decimal
    out_of: Decimal  # the item's weight under the scheme version that scores it
    evidence_ref: str
    scheme_version: int


class DeductionRecordedV1(IntegrationEvent):
    """The secretariat recorded occurrences of a scheme deduction (an enforcement-related petition,
    for example). Consumed by: assessment (facts)."""

    subject: ClassVar[str] = "assessment.deduction.recorded.v1"
    entry_id: UUID
    subject_type: str
    subject_id: str
    unit_id: str
    counts_for: date
    deduction_code: str
    occurrences: int
    evidence_ref: str
    scheme_version: int


class BonusRecordedV1(IntegrationEvent):
    """The secretariat recorded a bonus (a superior commendation, a typical case adopted), with
    evidence. Consumed by: assessment (facts)."""

    subject: ClassVar[str] = "assessment.bonus.recorded.v1"
    entry_id: UUID
    subject_type: str
    subject_id: str
    unit_id: str
    counts_for: date
    bonus_code: str
    points: Decimal
    evidence_ref: str
    scheme_version: int


class ScoreEntryWithdrawnV1(IntegrationEvent):
    """An entry made in error was withdrawn; it no longer counts. Consumed by: assessment (facts)."""

    subject: ClassVar[str] = "assessment.score_entry.withdrawn.v1"
    entry_id: UUID
    reason: str


class RankingLine(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    subject_id: str
    unit_id: str
    score: Decimal
    rank: int
    grade: str
    bottom: bool


class RankingPublishedV1(IntegrationEvent):
    """A period was closed and its ranking published (explanations are read from assessment's API).
    Consumed by: assessment (rankings read model)."""

    subject: ClassVar[str] = "assessment.ranking.published.v1"
    period_id: UUID
    subject_type: str
    period: str  # 2018-03 | 2018-Q1 | 2018
    kind: str  # monthly | quarterly | annual
    start: date
    end: date
    scheme_version: int
    rankings: list[RankingLine]
    talk_ids: list[UUID]
    transfer_ids: list[UUID]


class AdmonishmentTalkRequiredV1(IntegrationEvent):
    """A subject in the bottom N of a ranking must have an admonishment talk (诫勉谈话) by `due_on`.
    Consumed by: assessment (decisions read model)."""

    subject: ClassVar[str] = "assessment.admonishment_talk.required.v1"
    decision_id: UUID
    period_id: UUID
    period: str
    subject_type: str
    subject_id: str
    unit_id: str
    score: Decimal
    rank: int
    scheme_version: int
    due_on: date


class AdmonishmentTalkHeldV1(IntegrationEvent):
    """The talk was held (`held_at`, the business time, may precede the recording). Consumed by:
    assessment (decisions read model, facts for the on-time KPI)."""

    subject: ClassVar[str] = "assessment.admonishment_talk.held.v1"
    decision_id: UUID
    period: str
    subject_type: str
    subject_id: str
    unit_id: str
    due_on: date
    held_at: datetime
    held_by: str
    minutes_ref: str
    late: bool


class RewardGrantedV1(IntegrationEvent):
    """The leadership rewarded a subject on a published ranking (kind: commendation | advanced |
    bonus), naming the ranking line it rests on. Consumed by: assessment (rewards read model)."""

    subject: ClassVar[str] = "assessment.reward.granted.v1"
    reward_id: UUID
    period_id: UUID
    period: str
    subject_type: str
    subject_id: str
    unit_id: str
    kind: str
    score: Decimal
    rank: int
    grade: str
    granted_by: str
    note: str
    granted_at: datetime


class PostTransferProposedV1(IntegrationEvent):
    """A run of bottom places (or failing grades) proposes transferring the officer, or a unit's
    head, from their post (调离工作岗位). Consumed by: assessment (decisions read model)."""

    subject: ClassVar[str] = "assessment.post_transfer.proposed.v1"
    decision_id: UUID
    period_id: UUID
    period: str
    subject_type: str
    subject_id: str
    unit_id: str
    officer_id: str | None  # a unit's head, when known at the proposal
    reasons: list[str]  # consecutive_bottom_rank | consecutive_fail
    run_periods: list[str]
    scheme_version: int


class PostTransferDecidedV1(IntegrationEvent):
    """The leadership decided a transfer proposal. Consumed by: assessment (decisions read model);
    personnel (moves the officer when `outcome` is transferred)."""

    subject: ClassVar[str] = "assessment.post_transfer.decided.v1"
    decision_id: UUID
    period: str
    subject_type: str
    subject_id: str
    unit_id: str
    outcome: str  # transferred | not_transferred
    officer_id: str | None
    from_post: str
    to_post: str
    decided_at: datetime
    decided_by: str
    # Added within v1: events published before it lack the field, and those transfers moved the
    # officer off enforcement (personnel withdraws the enforcement certificate when it is false).
    to_enforcement_post: bool = False


class AccountabilityMatterRaisedV1(IntegrationEvent):
    """A fault accountability matter was raised, by a trigger or by hand. Consumed by: assessment
    (matters read model, facts for KPIs)."""

    subject: ClassVar[str] = "assessment.accountability_matter.raised.v1"
    matter_id: UUID
    category: str  # inaction | wrongful_case | other
    trigger: str
    unit_id: str
    suspected_officer_ids: list[str]
    related: dict[str, str]
    trigger_event_ids: list[str]
    raised_on: date


class SanctionImposedV1(IntegrationEvent):
    """A sanction was imposed in a fault accountability matter, on an officer (`officer_id`) or on
    a unit (`unit_id`, tier "unit").

    Consumed by: personnel (suspends the certificate from `effective_at` to `ends_at` when
    `suspends_certificate`; removes the officer from the enforcement post when
    `removes_from_enforcement_post`; revokes the certificate when `revokes_certificate`);
    assessment (facts: the tier's score deduction).
    """

    subject: ClassVar[str] = "assessment.sanction.imposed.v1"
    sanction_id: UUID
    matter_id: UUID
    officer_id: UUID | None
    unit_id: str | None
    sanction_type: str
    tier: str  # 1 | 2 | 3 | discipline | criminal_transfer | unit
    effective_at: datetime
    ends_at: datetime | None
    decided_by: str
    suspends_certificate: bool
    removes_from_enforcement_post: bool
    revokes_certificate: bool = False
    officer_unit_id: str | None = None  # the sanctioned officer's unit


class SanctionRevokedV1(IntegrationEvent):
    """A sanction was revoked (on appeal): whatever it suspended or removed is restored.
    Consumed by: personnel; assessment (facts: the deduction no longer counts)."""

    subject: ClassVar[str] = "assessment.sanction.revoked.v1"
    sanction_id: UUID
    matter_id: UUID
    officer_id: UUID | None
    unit_id: str | None
    reason: str
    revoked_at: datetime


class AccountabilityMatterClosedV1(IntegrationEvent):
    """A fault accountability matter was closed. Consumed by: assessment (matters read model)."""

    subject: ClassVar[str] = "assessment.accountability_matter.closed.v1"
    matter_id: UUID
    summary: str
    closed_at: datetime


class ComplaintReceivedV1(IntegrationEvent):
    """The secretariat received a complaint about a unit or an officer (投诉). Consumed by:
    assessment (complaints read model, KPIs)."""

    subject: ClassVar[str] = "assessment.complaint.received.v1"
    complaint_id: UUID
    channel: str  # letter | visit | hotline_12336 | mailbox | online | superior_referral
    subject_type: str  # unit | officer
    subject_id: str
    unit_id: str
    related: dict[str, str]
    received_at: datetime


class ComplaintDecidedV1(IntegrationEvent):
    """A complaint was decided upheld or not upheld; an upheld one names the officers at fault and
    the accountability matter raised with it. Consumed by: assessment (facts: complaints upheld)."""

    subject: ClassVar[str] = "assessment.complaint.decided.v1"
    complaint_id: UUID
    channel: str
    subject_type: str
    subject_id: str
    unit_id: str
    upheld: bool
    officer_ids: list[str]
    matter_id: UUID | None
    decided_at: datetime
