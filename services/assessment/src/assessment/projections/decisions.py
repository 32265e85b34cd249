"""Rankings, decisions, rewards, matters and complaints as lists, from assessment's own public events."""

from __future__ import annotations

import json
from datetime import date

import asyncpg

from shared.contracts import IntegrationEvent
from shared.contracts.assessment import (
    AccountabilityMatterClosedV1,
    AccountabilityMatterRaisedV1,
    AdmonishmentTalkHeldV1,
    AdmonishmentTalkRequiredV1,
    ComplaintDecidedV1,
    ComplaintReceivedV1,
    PostTransferDecidedV1,
    PostTransferProposedV1,
    RankingPublishedV1,
    RewardGrantedV1,
    SanctionImposedV1,
    SanctionRevokedV1,
)
from shared.messaging.envelope import Envelope

DECISIONS_PROJECTION = "assessment-decisions"


class DecisionsProjection:
    name = DECISIONS_PROJECTION
    producers: tuple[str, ...] = ("assessment",)
    tables: tuple[str, ...] = ("ranking_lines", "decisions", "rewards", "matters", "matter_sanctions", "complaints")

    async def apply(self, conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
        if not await _periods(conn, event, envelope):
            await _matters(conn, event, envelope)


async def _periods(conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> bool:
    """What closed periods publish and decide, and the rewards granted on them; False for other events."""
    match event:
        case RankingPublishedV1():
            await conn.executemany(
                "INSERT INTO ranking_lines (period_id, subject_type, period, kind, subject_id, unit_id, score,"
                " rank, grade, bottom, scheme_version, published_at, published_by, event_id)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                [
                    (
                        event.period_id,
                        event.subject_type,
                        event.period,
                        event.kind,
                        line.subject_id,
                        line.unit_id,
                        line.score,
                        line.rank,
                        line.grade,
                        line.bottom,
                        event.scheme_version,
                        envelope.recorded_at,
                        envelope.actor.id,
                        envelope.event_id,
                    )
                    for line in event.rankings
                ],
            )
        case AdmonishmentTalkRequiredV1():
            await _decision(
                conn, envelope, event, kind="admonishment_talk", officer_id=None, status="required",
                due_on=event.due_on, detail={"score": str(event.score), "rank": event.rank},
            )  # fmt: skip
        case PostTransferProposedV1():
            await _decision(
                conn, envelope, event, kind="post_transfer", officer_id=event.officer_id, status="proposed",
                due_on=None, detail={"reasons": event.reasons, "run_periods": event.run_periods},
            )  # fmt: skip
        case AdmonishmentTalkHeldV1():
            await _resolve(conn, envelope, event.decision_id, "held", event.held_at, late=event.late)
        case PostTransferDecidedV1():
            await _resolve(conn, envelope, event.decision_id, event.outcome, event.decided_at, officer=event.officer_id)
        case RewardGrantedV1():
            await conn.execute(
                "INSERT INTO rewards (reward_id, period_id, period, subject_type, subject_id, unit_id, kind, score,"
                " rank, grade, granted_by, note, granted_at, recorded_at, event_id)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                event.reward_id,
                event.period_id,
                event.period,
                event.subject_type,
                event.subject_id,
                event.unit_id,
                event.kind,
                event.score,
                event.rank,
                event.grade,
                event.granted_by,
                event.note,
                event.granted_at,
                envelope.recorded_at,
                envelope.event_id,
            )
        case _:
            return False
    return True


async def _matters(conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
    match event:
        case AccountabilityMatterRaisedV1():
            await conn.execute(
                "INSERT INTO matters (matter_id, category, trigger, unit_id, suspected_officer_ids,"
                " trigger_event_ids, raised_on, raised_by, status, raised_event_id)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'raised', $9)",
                event.matter_id,
                event.category,
                event.trigger,
                event.unit_id,
                event.suspected_officer_ids,
                event.trigger_event_ids,
                event.raised_on,
                envelope.actor.id,
                envelope.event_id,
            )
        case SanctionImposedV1():
            await conn.execute(
                "INSERT INTO matter_sanctions (sanction_id, matter_id, officer_id, unit_id, sanction_type, tier,"
                " effective_at, ends_at, decided_by, event_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                event.sanction_id,
                event.matter_id,
                event.officer_id,
                event.unit_id,
                event.sanction_type,
                event.tier,
                event.effective_at,
                event.ends_at,
                event.decided_by,
                envelope.event_id,
            )
            await conn.execute(
                "UPDATE matters SET status = 'decided' WHERE matter_id = $1 AND status = 'raised'", event.matter_id
            )
        case SanctionRevokedV1():
            await conn.execute("UPDATE matter_sanctions SET revoked = true WHERE sanction_id = $1", event.sanction_id)
        case AccountabilityMatterClosedV1():
            await conn.execute(
                "UPDATE matters SET status = 'closed', closed_at = $2 WHERE matter_id = $1",
                event.matter_id,
                event.closed_at,
            )
        case ComplaintReceivedV1():
            await conn.execute(
                "INSERT INTO complaints (complaint_id, channel, subject_type, subject_id, unit_id, status,"
                " received_at, received_by) VALUES ($1, $2, $3, $4, $5, 'received', $6, $7)",
                event.complaint_id,
                event.channel,
                event.subject_type,
                event.subject_id,
                event.unit_id,
                event.received_at,
                envelope.actor.id,
            )
        case ComplaintDecidedV1():
            await conn.execute(
                "UPDATE complaints SET status = $2, decided_at = $3, decided_by = $4, officer_ids = $5,"
                " matter_id = $6 WHERE complaint_id = $1",
                event.complaint_id,
                "upheld" if event.upheld else "not_upheld",
                event.decided_at,
                envelope.actor.id,
                event.officer_ids,
                event.matter_id,
            )
        case _:
            pass  # events this projection does not use


async def _decision(
    conn: asyncpg.Connection,
    envelope: Envelope,
    event: AdmonishmentTalkRequiredV1 | PostTransferProposedV1,
    *,
    kind: str,
    officer_id: str | None,
    status: str,
    due_on: date | None,
    detail: dict[str, object],
) -> None:
    await conn.execute(
        "INSERT INTO decisions (decision_id, kind, period_id, period, subject_type, subject_id, unit_id, officer_id,"
        " status, due_on, scheme_version, detail, made_at, made_event_id)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        event.decision_id,
        kind,
        event.period_id,
        event.period,
        event.subject_type,
        event.subject_id,
        event.unit_id,
        officer_id,
        status,
        due_on,
        event.scheme_version,
        json.dumps(detail, sort_keys=True),
        envelope.recorded_at,
        envelope.event_id,
    )


async def _resolve(
    conn: asyncpg.Connection,
    envelope: Envelope,
    decision_id: object,
    status: str,
    at: object,
    *,
    late: bool | None = None,
    officer: str | None = None,
) -> None:
    await conn.execute(
        "UPDATE decisions SET status = $2, resolved_at = $3, resolved_recorded_at = $4, resolved_by = $5,"
        " resolved_event_id = $6, late = COALESCE($7, late), officer_id = COALESCE($8, officer_id)"
        " WHERE decision_id = $1",
        decision_id,
        status,
        at,
        envelope.recorded_at,
        envelope.actor.id,
        envelope.event_id,
        late,
        officer,
    )
