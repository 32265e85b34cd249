"""Response bodies of the assessment API. Scores and points are decimal strings."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from shared.web.pagination import NEXT_CURSOR_DESCRIPTION


class Actor(BaseModel):
    id: str
    role: str


class HistoryEntry(BaseModel):
    """One stored event, as auditors read it: both times, actor, correlation."""

    event_type: str
    aggregate_id: UUID
    version: int
    occurred_at: datetime
    recorded_at: datetime
    actor: Actor
    correlation_id: str
    causation_id: str
    data: dict[str, Any]


class AuditEntry(HistoryEntry):
    position: int


class AuditEventsResponse(BaseModel):
    events: list[AuditEntry] = Field(description="this page's events, in the order they were recorded (`position`)")
    next_cursor: str | None = Field(default=None, description=NEXT_CURSOR_DESCRIPTION)


class RuleVersionResponse(BaseModel):
    ruleset: str
    version: int
    effective_from: date
    values: dict[str, Any]


class EntryResponse(BaseModel):
    id: UUID
    version: int
    kind: str
    subject_type: str
    subject_id: str
    unit_id: str
    counts_for: date
    code: str
    value: Decimal
    out_of: Decimal | None
    method: str | None
    sample_size: int | None
    evidence_ref: str
    note: str
    scheme_version: int
    withdrawn: bool
    history: list[HistoryEntry]


class RankingRow(BaseModel):
    subject_id: str
    unit_id: str
    score: Decimal
    rank: int
    rank_from_bottom: int
    grade: str
    bottom: bool
    bottom_run: list[str]
    fail_run: list[str]
    talk_required: bool
    transfer_reasons: list[str]


class RankingResponse(BaseModel):
    period_id: UUID
    subject_type: str
    period: str
    kind: str
    start: date
    end: date
    scheme_version: int
    scheme_effective_from: date
    facts_through: dict[str, int]
    fact_count: int
    published_at: datetime
    published_by: Actor
    rows: list[RankingRow]
    talk_ids: list[UUID]
    transfer_ids: list[UUID]


class PreviewResponse(BaseModel):
    subject_type: str
    period: str
    scheme_version: int
    facts_through: dict[str, int]
    rows: list[RankingRow]


class RecomputationResponse(BaseModel):
    subject_type: str
    period: str
    scheme_version: int
    facts_through: dict[str, int]
    matches: bool
    differing_subjects: list[str]
    rows: list[RankingRow]


class FactRef(BaseModel):
    fact_id: UUID
    event_id: UUID | None  # None only while the facts projection is being rebuilt
    producer: str | None
    position: int | None
    event_type: str | None
    value: Decimal | None
    counts_for: date | None
    occurred_at: datetime | None
    recorded_at: datetime | None


class MetricExplanation(BaseModel):
    fact: str
    kind: str
    share: Decimal
    observations: int
    value: Decimal | None
    fraction: Decimal | None
    penalty_points: Decimal
    facts: list[FactRef]


class ItemExplanation(BaseModel):
    code: str
    weight: Decimal
    measured: bool
    points: Decimal
    contribution: Decimal
    metrics: list[MetricExplanation]


class AdjustmentExplanation(BaseModel):
    code: str
    occurrences: Decimal
    points: Decimal
    facts: list[FactRef]


class PeriodicExplanation(BaseModel):
    score: Decimal
    items: list[ItemExplanation]
    deductions: list[AdjustmentExplanation]
    bonuses: list[AdjustmentExplanation]
    floor_adjustment: Decimal
    unscored_facts: list[FactRef]


class PeriodicScoreLine(BaseModel):
    period: str
    score: Decimal


class AnnualExplanation(BaseModel):
    periodic: list[PeriodicScoreLine]
    periodic_average: Decimal | None
    periodic_weight: Decimal
    periodic_contribution: Decimal
    year_end: PeriodicExplanation | None
    year_end_weight: Decimal
    year_end_contribution: Decimal


class ScoreExplanation(BaseModel):
    """A subject's score, line by line; `lines_total` is the sum of the lines and equals `score`."""

    subject_type: str
    period: str
    scheme_version: int
    row: RankingRow
    score: Decimal
    lines_total: Decimal
    periodic: PeriodicExplanation | None
    annual: AnnualExplanation | None


class TriggeringRanking(BaseModel):
    event_id: UUID  # the published event's id (as on NATS and in the facts' sources)
    period_id: UUID
    subject_type: str
    period: str
    scheme_version: int
    event_type: str
    aggregate_version: int
    recorded_at: datetime
    actor: Actor
    row: RankingRow


class DecisionResponse(BaseModel):
    id: UUID
    version: int
    kind: str  # admonishment_talk | post_transfer
    status: str
    period: str
    subject_type: str
    subject_id: str
    unit_id: str
    officer_id: str | None
    due_on: date | None
    reasons: list[str]
    run_periods: list[str]
    scheme_version: int
    triggered_by: list[TriggeringRanking]
    history: list[HistoryEntry]


class RewardResponse(BaseModel):
    id: UUID
    version: int
    kind: str  # commendation | advanced | bonus
    period: str
    subject_type: str
    subject_id: str
    unit_id: str
    granted_by: str
    granted_at: datetime
    note: str
    rests_on: TriggeringRanking = Field(description="the ranking line the reward was granted on")
    history: list[HistoryEntry]


class RewardListItem(BaseModel):
    reward_id: UUID
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
    recorded_at: datetime


class RewardsResponse(BaseModel):
    rewards: list[RewardListItem] = Field(description="this page's rewards, by `reward_id`")
    next_cursor: str | None = Field(default=None, description=NEXT_CURSOR_DESCRIPTION)


class DecisionListItem(BaseModel):
    decision_id: UUID
    kind: str
    period: str
    subject_type: str
    subject_id: str
    unit_id: str
    officer_id: str | None
    status: str
    due_on: date | None
    late: bool | None
    scheme_version: int
    detail: dict[str, Any]
    made_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None


class DecisionsResponse(BaseModel):
    decisions: list[DecisionListItem] = Field(description="this page's decisions, by `decision_id`")
    next_cursor: str | None = Field(default=None, description=NEXT_CURSOR_DESCRIPTION)


class RankingLineItem(BaseModel):
    period: str
    kind: str
    subject_type: str
    subject_id: str
    unit_id: str
    score: Decimal
    rank: int
    grade: str
    bottom: bool
    scheme_version: int
    published_at: datetime
    published_by: str


class RankingLinesResponse(BaseModel):
    lines: list[RankingLineItem] = Field(
        description="this page's lines, newest period first (`period` descending as text), then by `rank` and"
        " `subject_id`"
    )
    next_cursor: str | None = Field(default=None, description=NEXT_CURSOR_DESCRIPTION)


class SanctionState(BaseModel):
    sanction_id: UUID
    officer_id: str | None
    unit_id: str | None
    sanction_type: str
    tier: str
    effective_at: datetime
    ends_at: datetime | None
    decided_by: str
    decided_on: date
    revoked: bool
    appealed_on: date | None
    appeal_result: str | None


class OfficerInMatter(BaseModel):
    officer_id: str
    role: str | None
    share: str | None
    basis: str | None
    exemption_ground: str | None
    exemption_effect: str | None
    aggravations: list[str]


class TriggerEvidence(BaseModel):
    event_id: str
    facts: list[dict[str, Any]]  # the facts assessment projected from that event, if any


class MatterResponse(BaseModel):
    id: UUID
    version: int
    status: str
    category: str
    trigger: str
    unit_id: str
    related: dict[str, str]
    summary: str
    raised_on: date
    investigation_due_on: date | None
    suspected_officer_ids: list[str]
    officers: list[OfficerInMatter]
    sanctions: list[SanctionState]
    triggered_by: list[TriggerEvidence]
    history: list[HistoryEntry]


class MatterListItem(BaseModel):
    matter_id: UUID
    category: str
    trigger: str
    unit_id: str
    suspected_officer_ids: list[str]
    raised_on: date
    raised_by: str
    status: str
    closed_at: datetime | None
    sanctions_in_force: int


class MattersResponse(BaseModel):
    matters: list[MatterListItem] = Field(description="this page's matters, by `matter_id`")
    next_cursor: str | None = Field(default=None, description=NEXT_CURSOR_DESCRIPTION)


class KpiResponse(BaseModel):
    code: str
    title: str
    aggregation: str
    status: str  # ok | no_data | waiting (for the producer named)
    value: Decimal | None
    observations: int
    producer: str


class KpisResponse(BaseModel):
    period: str
    unit_id: str | None
    kpis: list[KpiResponse]


class ComplaintResponse(BaseModel):
    id: UUID
    version: int
    status: str  # received | upheld | not_upheld
    channel: str
    subject_type: str
    subject_id: str
    unit_id: str
    summary: str
    related: dict[str, str]
    evidence_ref: str
    received_at: datetime
    decided_at: datetime | None
    finding: str | None
    officer_ids: list[str]
    matter_id: str | None
    history: list[HistoryEntry]


class ComplaintListItem(BaseModel):
    complaint_id: UUID
    channel: str
    subject_type: str
    subject_id: str
    unit_id: str
    status: str
    received_at: datetime
    received_by: str
    decided_at: datetime | None
    decided_by: str | None
    officer_ids: list[str]
    matter_id: UUID | None


class ComplaintsResponse(BaseModel):
    complaints: list[ComplaintListItem] = Field(description="this page's complaints, by `complaint_id`")
    next_cursor: str | None = Field(default=None, description=NEXT_CURSOR_DESCRIPTION)
