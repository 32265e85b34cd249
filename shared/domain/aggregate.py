"""The base aggregate of every service: each event records who acted, why, and both of its times.

`timestamp` (the library's own field) is the recorded time, read from the injected clock when the
event is created; `occurred_at` is the business time, which a command may set when a record is
entered after the fact. Actor and correlation come from the active `CommandContext`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from shared.domain.clock import get_clock
from shared.domain.context import current_context


class DomainError(Exception):
    """A command broke a rule. `code` is stable and machine-readable; `details` helps the caller fix it."""

    code = "domain_rule_violated"
    status = 409  # the HTTP status the API answers with: a rule of the current state was broken

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


def _with_metadata(kwargs: dict[str, Any], timestamp: datetime) -> dict[str, Any]:
    ctx = current_context()
    kwargs = dict(kwargs)
    kwargs.setdefault("timestamp", timestamp)
    if kwargs.get("occurred_at") is None:
        kwargs["occurred_at"] = ctx.occurred_at or kwargs["timestamp"]
    kwargs.setdefault("actor_id", ctx.actor_id)
    kwargs.setdefault("actor_role", ctx.actor_role)
    kwargs.setdefault("correlation_id", ctx.correlation_id)
    kwargs.setdefault("causation_id", ctx.causation_id)
    return kwargs


class RecordedAggregate(Aggregate):
    """Aggregate whose events carry actor, correlation, causation and business time."""

    class Event(Aggregate.Event):
        occurred_at: datetime
        actor_id: str
        actor_role: str
        correlation_id: str
        causation_id: str

        @staticmethod
        def create_timestamp() -> datetime:
            return get_clock().now()

    class Created(Event, Aggregate.Created):
        pass

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        super().trigger_event(event_class, **_with_metadata(kwargs, get_clock().now()))

    @classmethod
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Any:  # noqa: A002
        return super()._create(event_class, id=id, **_with_metadata(kwargs, get_clock().now()))


class NotFoundError(DomainError):
    """The command or query names something that does not exist (HTTP 404)."""

    code = "not_found"
    status = 404


class VersionConflictError(DomainError):
    """The caller's view is stale: the aggregate moved on since the version it saw (HTTP 409)."""

    code = "version_conflict"

    def __init__(self, aggregate_id: object, expected: int, actual: int) -> None:
        super().__init__(
            f"expected version {expected} but it is at version {actual}",
            aggregate_id=str(aggregate_id),
            expected_version=expected,
            actual_version=actual,
        )


class InvalidInputError(DomainError):
    """A value is well-formed but meaningless for the domain (HTTP 422)."""

    code = "invalid_input"
    status = 422
