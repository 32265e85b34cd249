"""How the consumer classifies what arrives: usable, skippable, or poison."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from uuid import uuid4

from shared.contracts.personnel import OfficerEnrolledV1
from shared.messaging.consumer import decode_message
from shared.messaging.envelope import Actor, Envelope


@dataclass
class Delivered:
    """The three attributes of a JetStream message the decoder reads."""

    subject: str
    data: bytes
    seq: int = 7

    @property
    def metadata(self) -> SimpleNamespace:
        return SimpleNamespace(sequence=SimpleNamespace(stream=self.seq), num_delivered=1)


def envelope(subject: str, payload: dict[str, object]) -> Envelope:
    now = datetime(2018, 1, 1, tzinfo=UTC)
    return Envelope(
        event_id=uuid4(),
        event_type=subject,
        schema_version=1,
        producer="personnel",
        aggregate_id=uuid4(),
        aggregate_version=1,
        position=5,
        previous_position=2,
        occurred_at=now,
        recorded_at=now,
        actor=Actor(id="u", role="r"),
        correlation_id="c",
        payload=payload,
    )


ENROLLED: dict[str, object] = {"officer_id": str(uuid4()), "name": "王", "unit_id": "STN03", "staff_kind": "permanent"}


def test_a_valid_event_is_decoded_into_its_contract() -> None:
    subject = "personnel.officer.enrolled.v1"
    item = decode_message(Delivered(subject, envelope(subject, ENROLLED).to_bytes()))  # type: ignore[arg-type]
    assert item.poison is None
    assert isinstance(item.event, OfficerEnrolledV1)
    assert item.stream_seq == 7


def test_unknown_fields_are_ignored_by_the_tolerant_reader() -> None:
    subject = "personnel.officer.enrolled.v1"
    item = decode_message(Delivered(subject, envelope(subject, {**ENROLLED, "added_later": 1}).to_bytes()))  # type: ignore[arg-type]
    assert isinstance(item.event, OfficerEnrolledV1)


def test_bytes_that_are_not_an_envelope_are_poison() -> None:
    item = decode_message(Delivered("personnel.officer.enrolled.v1", b"\x00not json"))  # type: ignore[arg-type]
    assert item.poison == "undecodable_envelope"
    assert item.envelope is None


def test_an_envelope_whose_times_have_no_offset_is_poison() -> None:
    """A time without its offset could be read in the bureau's zone or in UTC, eight hours apart."""
    subject = "personnel.officer.enrolled.v1"
    data = json.loads(envelope(subject, ENROLLED).to_bytes())
    data["recorded_at"] = "2018-01-01T08:00:00"
    item = decode_message(Delivered(subject, json.dumps(data).encode()))  # type: ignore[arg-type]
    assert item.poison == "undecodable_envelope"
    assert "recorded_at" in item.detail


def test_a_payload_that_breaks_its_contract_is_poison() -> None:
    subject = "personnel.officer.enrolled.v1"
    item = decode_message(Delivered(subject, envelope(subject, {"officer_id": "nope"}).to_bytes()))  # type: ignore[arg-type]
    assert item.poison == "invalid_payload"
    assert item.envelope is not None  # the chain can still move past it


def test_an_unknown_major_version_of_a_known_event_is_poison() -> None:
    subject = "personnel.officer.enrolled.v2"
    item = decode_message(Delivered(subject, envelope(subject, ENROLLED).to_bytes()))  # type: ignore[arg-type]
    assert item.poison == "unsupported_major_version"


def test_an_event_type_this_reader_does_not_know_is_skipped_not_poison() -> None:
    subject = "personnel.officer.renamed.v1"
    item = decode_message(Delivered(subject, envelope(subject, {"name": "x"}).to_bytes()))  # type: ignore[arg-type]
    assert item.poison is None
    assert item.event is None


def test_an_envelope_published_on_another_subject_is_poison() -> None:
    data = envelope("personnel.officer.enrolled.v1", ENROLLED).to_bytes()
    item = decode_message(Delivered("personnel.certificate.issued.v1", data))  # type: ignore[arg-type]
    assert item.poison == "subject_mismatch"
    assert json.loads(data)["event_type"] == "personnel.officer.enrolled.v1"
