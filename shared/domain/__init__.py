"""Pure domain building blocks shared by every service: command metadata, clocks, the base aggregate.

Nothing here imports a web, database or messaging framework, so service domain modules may use it.
"""

from shared.domain.aggregate import (
    DomainError,
    InvalidInputError,
    NotFoundError,
    RecordedAggregate,
    VersionConflictError,
)
from shared.domain.clock import Clock, FixedClock, SystemClock, get_clock, set_clock
from shared.domain.context import CommandContext, command_context, current_context

__all__ = [
    "Clock",
    "CommandContext",
    "DomainError",
    "FixedClock",
    "InvalidInputError",
    "NotFoundError",
    "RecordedAggregate",
    "SystemClock",
    "VersionConflictError",
    "command_context",
    "current_context",
    "get_clock",
    "set_clock",
]
