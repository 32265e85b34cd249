"""Golden JSON per public subject: each must validate against the shared class, unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.contracts import REGISTRY
from shared.contracts.base import SUBJECT_PATTERN

FIXTURES = Path(__file__).parent / "fixtures"


def test_every_public_subject_has_a_golden_fixture() -> None:
    missing = sorted(subject for subject in REGISTRY if not (FIXTURES / f"{subject}.json").exists())
    assert missing == []


def test_every_fixture_names_a_registered_subject() -> None:
    orphans = sorted(path.stem for path in FIXTURES.glob("*.json") if path.stem not in REGISTRY)
    assert orphans == []


@pytest.mark.parametrize("subject", sorted(REGISTRY))
def test_the_golden_payload_still_decodes_and_round_trips(subject: str) -> None:
    golden = json.loads((FIXTURES / f"{subject}.json").read_text())
    event = REGISTRY[subject].model_validate(golden)
    assert event.model_dump(mode="json") == golden


@pytest.mark.parametrize("subject", sorted(REGISTRY))
def test_subjects_follow_producer_aggregate_event_version(subject: str) -> None:
    match = SUBJECT_PATTERN.match(subject)
    assert match is not None
    assert int(match["major"]) == REGISTRY[subject].schema_version


def test_a_transfer_decided_before_the_enforcement_flag_reads_as_off_enforcement() -> None:
    """`to_enforcement_post` was added within v1; a decision published without it moved the officer
    off enforcement, and personnel must read it so (and withdraw the card), not refuse it."""
    subject = "assessment.post_transfer.decided.v1"
    golden = json.loads((FIXTURES / f"{subject}.json").read_text())
    published_before = {name: value for name, value in golden.items() if name != "to_enforcement_post"}
    assert REGISTRY[subject].model_validate(published_before).to_enforcement_post is False  # type: ignore[attr-defined]
    assert REGISTRY[subject].model_validate({**golden, "to_enforcement_post": True}).to_enforcement_post is True  # type: ignore[attr-defined]
