"""Personnel's policy on assessment's decisions: a sanction takes effect on the officer's
certificates or enforcement post, a sanction revoked on appeal is lifted, and a transfer the
leadership decided after a run of bottom places moves the officer off the post.

Assessment decides (DOMAIN §3.2, §4.2) and publishes; personnel applies with its own commands,
under a policy identity and with the decision's business time and decider. It runs with the
projections (`python -m personnel project`), follows assessment's stream in order, and records the
state each decision left in `personnel_assessment_decisions` in the batch's transaction: in_effect,
scheduled, lifted, withdrawn_before_effect, revocation_stands, transferred, or refused:<code>.

A sanction decided to take effect later is recorded on the officer as scheduled and applied by
personnel's scheduler at its instant; a revocation that comes first withdraws it. "Later" is
judged against the decision's own recorded time, never the clock of whoever applies it.

A policy, not a projection: it issues commands, and their outcome depends on personnel's state when
the decision arrives (a certificate issued since would be suspended). So the table is its ledger of
decisions made, not a view to rebuild: a rebuild (`zeren rebuild personnel
personnel-assessment-decisions`) empties nothing (`tables` is empty) and only rewinds the consumer,
and the replay finds each decision's recorded outcome and issues no command again.

Once only, also without the ledger: a sanction is applied with its own id as the accountability
reference, and `apply_sanction` records nothing for a reference already applied; a revocation lifts
only a suspension or removal of that sanction still running; a transfer names its decision in the
reason and is not repeated once the officer's history holds it. Whatever the rules refuse (no
certificate in force to suspend, say) is recorded with the refusal's code, for legal affairs to
handle by hand.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import partial
from uuid import UUID

import asyncpg

from personnel.application import Personnel, SanctionType
from personnel.domain.certificate_terms import CertificateStatus, SuspensionReason
from personnel.domain.officer_records import PostRank
from shared.contracts import IntegrationEvent
from shared.contracts.assessment import PostTransferDecidedV1, SanctionImposedV1, SanctionRevokedV1
from shared.contracts.personnel import BUREAU_TIMEZONE
from shared.domain import CommandContext, DomainError, command_context
from shared.messaging.envelope import Envelope

POLICY_ACTOR = "policy:assessment-decisions"
REVOCATIONS = frozenset({SanctionType.CERTIFICATE_REVOKED, SanctionType.QUALIFICATION_CANCELLED})


def suspension_until(ends_at: datetime) -> date:
    """A suspension ends on the first instant of a day: the day `ends_at` falls on if it is that
    instant, else the next one (never shorter than decided)."""
    local = ends_at.astimezone(BUREAU_TIMEZONE)
    return local.date() if local.time() == time.min else local.date() + timedelta(days=1)


def sanction_types(event: SanctionImposedV1) -> list[SanctionType]:
    """What personnel has to do for a sanction (nothing for most tier-1 sanctions, discipline, units)."""
    types: list[SanctionType] = []
    if event.revokes_certificate:
        named = event.sanction_type
        types.append(SanctionType(named) if named in REVOCATIONS else SanctionType.CERTIFICATE_REVOKED)
    elif event.suspends_certificate:
        types.append(SanctionType.CERTIFICATE_SUSPENSION)
    if event.removes_from_enforcement_post:
        types.append(SanctionType.REMOVED_FROM_ENFORCEMENT_POST)
    return types


class DecisionEffects:
    """What each decision does to personnel's aggregates, through its ordinary commands; each
    answers the state the decision left (see the module's docstring)."""

    def __init__(self, personnel: Personnel) -> None:
        self.personnel = personnel

    def impose(self, event: SanctionImposedV1, *, decided_at: datetime) -> str:
        """`decided_at`: when assessment recorded the sanction (its event's recorded time)."""
        assert event.officer_id is not None
        # Decided to take effect later: recorded on the officer now, applied by the scheduler then.
        outcome = "scheduled" if event.effective_at > decided_at else "in_effect"
        for sanction_type in sanction_types(event):
            suspends = sanction_type is SanctionType.CERTIFICATE_SUSPENSION
            self.personnel.apply_sanction(
                accountability_id=event.sanction_id,
                officer_id=event.officer_id,
                sanction_type=sanction_type,
                decided_by=event.decided_by,
                effective_at=event.effective_at,
                until=suspension_until(event.ends_at) if suspends and event.ends_at is not None else None,
                decided_at=decided_at,
            )
        return outcome

    def lift(self, event: SanctionRevokedV1) -> str:
        assert event.officer_id is not None
        app = self.personnel
        officer = app.get_officer(event.officer_id)
        at, lifted = event.revoked_at, "lifted"
        note = f"sanction {event.sanction_id} revoked: {event.reason}"
        if app.cancel_scheduled_sanctions(officer.id, event.sanction_id, reason=note):
            return "withdrawn_before_effect"
        for certificate in app.certificates_of(officer):
            for block in certificate.blocks:
                if block.accountability_id != event.sanction_id:
                    continue
                if block.status is not CertificateStatus.SUSPENDED:
                    lifted = "revocation_stands"  # a revoked certificate is not restored; a new one is issued
                elif block.covers(at):
                    # This sanction's suspension only: another one running (the card not shown) stays.
                    app.reinstate_certificate(
                        certificate.certificate_no,
                        note=note,
                        at=at,
                        reason=SuspensionReason(block.reason),
                        accountability_id=block.accountability_id,
                        sanction_revoked=True,
                    )
        removal = officer.active_removal
        if removal is not None and removal.accountability_id == event.sanction_id:
            app.restore_to_enforcement_post(officer.id, reason=note, decided_by=POLICY_ACTOR, at=at)
        return lifted

    def transfer(self, event: PostTransferDecidedV1) -> str:
        assert event.officer_id is not None
        officer_id = UUID(event.officer_id)
        reason = f"assessment decision {event.decision_id} ({event.period}): transferred from the post"
        if not any(getattr(e, "reason", None) == reason for e in self.personnel.officer_history(officer_id)):
            self.personnel.transfer_officer(
                officer_id,
                title=event.to_post,
                rank=PostRank.STAFF,
                enforcement=event.to_enforcement_post,
                unit_id=None,
                reason=reason,
                decided_by=event.decided_by,
                at=event.decided_at,
            )
        return "transferred"


class AssessmentDecisions:
    name = "personnel-assessment-decisions"
    producers: tuple[str, ...] = ("assessment",)
    tables: tuple[str, ...] = ()  # its ledger, `personnel_assessment_decisions`, outlives a rebuild

    def __init__(self, open_application: Callable[[], Personnel]) -> None:
        self._open_application = open_application
        self._effects: DecisionEffects | None = None
        self._lock = threading.Lock()

    async def apply(self, conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
        action: Callable[[DecisionEffects], str]
        match event:
            case SanctionImposedV1() if event.officer_id is not None and sanction_types(event):
                subject, officer = event.sanction_id, event.officer_id
                action = partial(DecisionEffects.impose, event=event, decided_at=envelope.recorded_at)
            case SanctionRevokedV1() if event.officer_id is not None:
                subject, officer = event.sanction_id, event.officer_id
                action = partial(DecisionEffects.lift, event=event)
            case PostTransferDecidedV1() if event.outcome == "transferred" and event.officer_id:
                subject, officer = event.decision_id, UUID(event.officer_id)
                action = partial(DecisionEffects.transfer, event=event)
            case _:
                return
        if await decided_before(conn, envelope):
            return  # a replay: the decision's outcome is recorded; running its commands again could change it
        outcome = await self._run(envelope, action)
        await conn.execute(
            "INSERT INTO personnel_assessment_decisions (event_id, event_type, decision_id, officer_id, outcome,"
            " position) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING",
            envelope.event_id,
            envelope.event_type,
            subject,
            officer,
            outcome,
            envelope.position,
        )

    async def _run(self, envelope: Envelope, action: Callable[[DecisionEffects], str]) -> str:
        context = CommandContext(
            actor_id=POLICY_ACTOR,
            actor_role="system",
            correlation_id=envelope.correlation_id,
            causation_id=str(envelope.event_id),
            occurred_at=envelope.occurred_at,
        )

        def run() -> str:
            with command_context(context):
                try:
                    return action(self._opened())
                except DomainError as refused:
                    return f"refused:{refused.code}"

        return await asyncio.to_thread(run)

    def _opened(self) -> DecisionEffects:
        with self._lock:
            if self._effects is None:
                self._effects = DecisionEffects(self._open_application())
            return self._effects

    def close(self) -> None:
        with self._lock:
            if self._effects is not None:
                self._effects.personnel.close()
                self._effects = None


async def decided_before(conn: asyncpg.Connection, envelope: Envelope) -> bool:
    """Whether the ledger holds this decision's outcome (applied before a redelivery or a rebuild)."""
    return bool(
        await conn.fetchval("SELECT 1 FROM personnel_assessment_decisions WHERE event_id = $1", envelope.event_id)
    )
