"""The dispatcher every mapping module registers with."""

from __future__ import annotations

from functools import singledispatch

from shared.contracts import IntegrationEvent


@singledispatch
def to_integration_event(domain_event: object) -> IntegrationEvent | None:
    return None  # not every stored event is public
