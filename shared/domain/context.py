"""Who is acting, on whose behalf, and when: the metadata every recorded event carries.

The API layer opens a `command_context` from the verified identity of the caller; the base aggregate
copies it into each event it triggers. Domain methods never take the actor as an argument, so no
request body can choose it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import uuid4


@dataclass(frozen=True)
class CommandContext:
    actor_id: str
    actor_role: str
    correlation_id: str
    causation_id: str = ""
    # The caller's unit, for unit-scoped rules (not recorded: the actor id identifies the person).
    actor_unit: str | None = None
    # Business time of what the command records, when the caller enters it after the fact.
    occurred_at: datetime | None = None

    def backdated(self, occurred_at: datetime) -> CommandContext:
        return replace(self, occurred_at=occurred_at)


SYSTEM = CommandContext(actor_id="system", actor_role="system", correlation_id="")


def scheduler_context(job: str, correlation_id: str | None = None) -> CommandContext:
    """The identity a scheduled job records its effects under (`scheduler:<job>`)."""
    return CommandContext(
        actor_id=f"scheduler:{job}", actor_role="system", correlation_id=correlation_id or str(uuid4())
    )


_current: ContextVar[CommandContext | None] = ContextVar("zeren_command_context", default=None)


def current_context() -> CommandContext:
    """The active context, or a system context with a fresh correlation id when none was opened."""
    ctx = _current.get()
    if ctx is None:
        return replace(SYSTEM, correlation_id=str(uuid4()))
    return ctx


@contextmanager
def command_context(ctx: CommandContext) -> Iterator[CommandContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def install_context(ctx: CommandContext) -> None:
    """Set the context for the rest of the current task (a web request), with no reset needed."""
    _current.set(ctx)
