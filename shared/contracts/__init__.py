"""The public event contract, defined once and imported by publishers and consumers alike.

`REGISTRY` maps each subject to its class; `decode` turns an envelope's payload into that class.
"""

from __future__ import annotations

from typing import Any

from shared.contracts import assessment, cases, personnel
from shared.contracts.base import IntegrationEvent, split_subject


class UnknownEventError(LookupError):
    """No contract is registered for the subject: a newer event type this reader may ignore."""


class UnsupportedVersionError(LookupError):
    """The event type is known but not at this major version: the reader cannot interpret it."""


def _collect() -> dict[str, type[IntegrationEvent]]:
    registry: dict[str, type[IntegrationEvent]] = {}
    for module in (personnel, cases, assessment):
        producer = module.__name__.rsplit(".", 1)[-1]
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, IntegrationEvent) and value is not IntegrationEvent:
                subject_producer, _, _, major = split_subject(value.subject)
                if subject_producer != producer:
                    raise TypeError(f"{value.__name__} publishes {value.subject} from the {producer} module")
                if major != value.schema_version:
                    raise TypeError(f"{value.__name__}: subject version and schema_version differ")
                if value.subject in registry:
                    raise TypeError(f"subject {value.subject} registered twice")
                registry[value.subject] = value
    return registry


REGISTRY: dict[str, type[IntegrationEvent]] = _collect()
_KNOWN_TYPES = {subject.rsplit(".", 1)[0] for subject in REGISTRY}


def contract_for(subject: str) -> type[IntegrationEvent]:
    try:
        return REGISTRY[subject]
    except KeyError:
        split_subject(subject)  # malformed subjects raise ValueError
        if subject.rsplit(".", 1)[0] in _KNOWN_TYPES:
            raise UnsupportedVersionError(subject) from None
        raise UnknownEventError(subject) from None


def decode(subject: str, payload: dict[str, Any]) -> IntegrationEvent:
    """Validate `payload` against the contract of `subject` (pydantic ValidationError if it does not fit)."""
    return contract_for(subject).model_validate(payload)


__all__ = ["REGISTRY", "IntegrationEvent", "UnknownEventError", "UnsupportedVersionError", "contract_for", "decode"]
