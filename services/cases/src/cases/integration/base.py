"""The only place where cases' stored events meet the public contract (`shared.contracts.cases`)."""

from __future__ import annotations

from functools import singledispatch

from shared.contracts import IntegrationEvent


@singledispatch
def to_integration_event(domain_event: object) -> IntegrationEvent | None:
    return None  # not every stored event is public
