"""The base of every public (integration) event: frozen, versioned, a tolerant reader."""

from __future__ import annotations

import re
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

SUBJECT_PATTERN = re.compile(
    r"^(?P<producer>[a-z]+)\.(?P<aggregate>[a-z_]+)\.(?P<event>[a-z_]+)\.v(?P<major>[1-9][0-9]*)$"
)


class IntegrationEvent(BaseModel):
    """Base of every cross-service event.

    Within a major version a contract only gains optional fields; consumers ignore fields they do
    not know (`extra="ignore"`). A breaking change is a new class with the next `vN` subject.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    subject: ClassVar[str]
    schema_version: ClassVar[int] = 1


def split_subject(subject: str) -> tuple[str, str, str, int]:
    """`producer.aggregate.event.vN` -> (producer, aggregate, event, N); ValueError if malformed."""
    match = SUBJECT_PATTERN.match(subject)
    if match is None:
        raise ValueError(f"malformed subject {subject!r}")
    return match["producer"], match["aggregate"], match["event"], int(match["major"])
