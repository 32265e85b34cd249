"""The accountability policy consumer: cases' trigger events become accountability matters, once each.

It runs with the projections (`python -m assessment project`) and, like them, follows cases' stream
in order and records what it did in its own table in the batch's transaction. The decision itself —
the matter — is an event in assessment's event store, made by the ordinary `raise_from_trigger`
command under the policy's identity, with the trigger's business time. The matter's id derives from
the trigger event's id, so a redelivered trigger or a restarted consumer finds the matter already
raised and records it again without writing anything new.

A policy, not a projection: it issues commands. Its table is the ledger of what it decided, not a
view to rebuild: a rebuild (`zeren rebuild assessment assessment-triggers`) empties nothing (`tables`
is empty) and only rewinds the consumer, and the replay finds each trigger's outcome recorded and
calls no command again (the rules in force by then need not be those the trigger was judged by).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from uuid import UUID

import asyncpg

from assessment.application import Assessments
from assessment.domain.accountability.triggers import TriggerReport
from assessment.projections.trigger_reports import trigger_report
from shared.contracts import IntegrationEvent
from shared.domain import CommandContext, command_context
from shared.messaging.envelope import Envelope

TRIGGERS_PROJECTION = "assessment-triggers"
POLICY_ACTOR = "policy:accountability-triggers"


class AccountabilityTriggers:
    name = TRIGGERS_PROJECTION
    producers: tuple[str, ...] = ("cases",)
    tables: tuple[str, ...] = ()  # its ledger, `accountability_triggers`, outlives a rebuild

    def __init__(self, open_application: Callable[[], Assessments], *, satellite_unit_id: str) -> None:
        self._open_application = open_application
        self._application: Assessments | None = None
        self._lock = threading.Lock()
        self.satellite_unit_id = satellite_unit_id

    async def apply(self, conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
        report = trigger_report(event, envelope, satellite_unit_id=self.satellite_unit_id)
        if report is None:
            return
        if await conn.fetchval("SELECT 1 FROM accountability_triggers WHERE trigger_event_id = $1", envelope.event_id):
            return  # a replay: what this trigger raised is recorded; the command is not run again
        matter_id = await asyncio.to_thread(self._raise, report, envelope)
        await conn.execute(
            "INSERT INTO accountability_triggers (trigger_event_id, event_type, kind, unit_id, officer_ids, matter_id,"
            " producer, position, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            " ON CONFLICT (trigger_event_id) DO NOTHING",
            envelope.event_id,
            envelope.event_type,
            report.kind.value,
            report.unit_id,
            list(report.officer_ids),
            matter_id,
            envelope.producer,
            envelope.position,
            envelope.occurred_at,
        )

    def _raise(self, report: TriggerReport, envelope: Envelope) -> UUID | None:
        context = CommandContext(
            actor_id=POLICY_ACTOR,
            actor_role="system",
            correlation_id=envelope.correlation_id,
            causation_id=str(envelope.event_id),
            occurred_at=envelope.occurred_at,
        )
        with command_context(context):
            matter = self._app().raise_from_trigger(report)
        return matter.id if matter is not None else None

    def _app(self) -> Assessments:
        with self._lock:
            if self._application is None:
                self._application = self._open_application()
            return self._application

    def close(self) -> None:
        with self._lock:
            if self._application is not None:
                self._application.close()
                self._application = None
