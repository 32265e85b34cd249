"""The deadline watch: the scheduler's job that records each missed deadline of a lead or case once.

It follows the notification log for the leads and cases that exist (only their creating events, by
topic, so a restart re-reads little), loads each open one, and records the breaches its own state
reports as due. Whether a breach was recorded is part of the aggregate, saved with optimistic
concurrency: running the job twice, or after a restart, finds the breach already there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from cases.commands.base import CasesBase
from cases.domain.lead import ViolationLead
from cases.domain.penalty_case import PenaltyCase
from cases.domain.timing import local_day
from shared.domain import get_clock

log = logging.getLogger(__name__)

WATCHED_TOPICS = (get_topic(ViolationLead.Registered), get_topic(PenaltyCase.Filed))
FINISHED_TOPICS = (get_topic(PenaltyCase.CaseArchived),)
PAGE = 500


@dataclass(frozen=True)
class BreachRecorded:
    aggregate_id: UUID
    kind: str


@dataclass
class DeadlineWatch:
    """Which leads and cases may still miss a deadline, and how far the log was read."""

    position: int = 0
    open_ids: dict[UUID, None] = field(default_factory=dict)  # insertion-ordered set


class DeadlineCommands(CasesBase):
    _watch: DeadlineWatch | None = None
    deadline_watch_seconds: float = 60.0  # how often the scheduler runs `watch_deadlines` (settings)

    def watch_deadlines(self) -> list[BreachRecorded]:
        """Record every deadline breach that is due and not yet recorded; return what was recorded."""
        watch = self._catch_up()
        now = get_clock().now()
        today = local_day(now)
        recorded: list[BreachRecorded] = []
        for aggregate_id in list(watch.open_ids):
            try:
                aggregate: ViolationLead | PenaltyCase = self.repository.get(aggregate_id)
            except AggregateNotFoundError:  # pragma: no cover - ids come from the log itself
                watch.open_ids.pop(aggregate_id, None)
                continue
            due = aggregate.due_breaches(today)
            for breach in due:
                assert breach.due_on is not None
                aggregate.record_breach(breach.kind, breach.due_on, now)
            if due:
                try:
                    self.save(aggregate)
                except IntegrityError:
                    # Changed meanwhile (a step completed): the next run looks again with its new state.
                    log.info("deadline watch skipped a concurrent change", extra={"aggregate_id": str(aggregate_id)})
                    continue
                recorded += [BreachRecorded(aggregate_id, breach.kind) for breach in due]
            if aggregate.watch_finished:
                watch.open_ids.pop(aggregate_id, None)
        return recorded

    def _catch_up(self) -> DeadlineWatch:
        if self._watch is None:
            self._watch = DeadlineWatch()
        watch = self._watch
        topics = WATCHED_TOPICS + FINISHED_TOPICS
        while True:
            page = self.recorder.select_notifications(
                start=watch.position, limit=PAGE, topics=topics, inclusive_of_start=False
            )
            if not page:
                return watch
            for notification in page:
                originator = UUID(str(notification.originator_id))
                if notification.topic in FINISHED_TOPICS:
                    watch.open_ids.pop(originator, None)
                else:
                    watch.open_ids[originator] = None
            watch.position = page[-1].id
