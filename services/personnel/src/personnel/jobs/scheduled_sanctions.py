"""Sanctions decided to take effect later, applied by the scheduler when their instant comes.

Like the expiry watch, it follows personnel's own notification log (the source of truth) to know
which scheduled sanctions still wait, and applies each due one through an ordinary command, at the
instant it was decided to take effect. Exactly once: the officer records the sanction as applied in
the same transaction as its effect, a concurrent writer loses on the aggregate's version, and after
a restart the watch rebuilds what it knows from the log.
"""

from __future__ import annotations

import logging
from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from personnel.application import Personnel
from personnel.domain.officer import Officer
from personnel.jobs.own_log import read_after
from shared.domain import get_clock

log = logging.getLogger(__name__)

Key = tuple[UUID, UUID, str]  # officer, accountability matter, sanction type


class ScheduledSanctionWatch:
    def __init__(self, application: Personnel, batch_size: int = 500) -> None:
        self._application = application
        self._batch_size = batch_size
        self._position = 0
        self._waiting: dict[Key, datetime] = {}

    def run(self) -> list[Key]:
        """Apply every scheduled sanction that is due; return those settled now."""
        self._catch_up()
        now = get_clock().now()
        settled: list[Key] = []
        for key, takes_effect_at in sorted(self._waiting.items(), key=lambda item: (item[1], str(item[0]))):
            if takes_effect_at > now:
                continue
            officer_id, accountability_id, sanction_type = key
            try:
                if self._application.apply_scheduled_sanction(officer_id, accountability_id, sanction_type):
                    settled.append(key)
            except IntegrityError:
                log.info("officer changed concurrently; retried next run", extra={"officer_id": str(officer_id)})
                continue
            self._waiting.pop(key, None)
        if settled:
            log.info("scheduled sanctions settled", extra={"count": len(settled)})
        return settled

    def _catch_up(self) -> None:
        self._position = read_after(self._application, self._position, self._learn, batch_size=self._batch_size)

    def _learn(self, event: object) -> None:
        if isinstance(event, Officer.SanctionScheduled):
            key = (event.originator_id, event.accountability_id, event.sanction_type)
            self._waiting[key] = event.takes_effect_at
        elif isinstance(event, (Officer.ScheduledSanctionApplied, Officer.ScheduledSanctionCancelled)):
            self._waiting.pop((event.originator_id, event.accountability_id, event.sanction_type), None)
