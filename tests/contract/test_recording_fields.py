"""Fields added within v1 (body-camera clips on acts, a patch's lead origin, the suspension a
reinstatement ends): payloads published before them still decode, with the defaults a tolerant
reader expects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.contracts import REGISTRY

FIXTURES = Path(__file__).parent / "fixtures"
ADDED: dict[str, dict[str, object]] = {
    "cases.case.step_completed.v1": {"clips": []},
    "cases.lead.verified.v1": {"clips": []},
    "cases.lead.stop_order_issued.v1": {"clips": []},
    "cases.satellite_patch.linked_to_lead.v1": {
        "lead_source": None,
        "lead_received_at": None,
        "discovered_before_monitoring": False,
    },
    "personnel.certificate.reinstated.v1": {"suspension_reason": None, "accountability_id": None},
}


@pytest.mark.parametrize("subject", sorted(ADDED))
def test_a_payload_published_before_the_added_fields_still_decodes(subject: str) -> None:
    golden = json.loads((FIXTURES / f"{subject}.json").read_text())
    assert set(ADDED[subject]) <= set(golden)  # the golden fixture exercises the new fields
    older = {name: value for name, value in golden.items() if name not in ADDED[subject]}
    event = REGISTRY[subject].model_validate(older)
    assert event.model_dump(mode="json") == {**older, **ADDED[subject]}


def test_the_golden_clips_carry_every_field_of_a_clip() -> None:
    golden = json.loads((FIXTURES / "cases.case.step_completed.v1.json").read_text())
    event = REGISTRY["cases.case.step_completed.v1"].model_validate(golden)
    clip = event.model_dump()["clips"][0]
    assert set(clip) == {"clip_id", "device_id", "officer_id", "started_at", "ended_at", "storage_ref", "sha256"}
    assert clip["ended_at"] > clip["started_at"]
