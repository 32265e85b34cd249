"""An officer's exam results and the reasons for a removal from the enforcement post are personal:
assessment's copy of the history withholds them from other units, entry kept, field named."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from assessment.api.personal import sees_personal_details, withheld
from assessment.api.schemas import ProjectedHistoryEntry
from shared.web.identity import Identity


def entry(event_type: str, **data: Any) -> ProjectedHistoryEntry:
    at = datetime(2018, 3, 1, tzinfo=UTC)
    return ProjectedHistoryEntry(
        event_id=uuid4(), event_type=event_type, producer="personnel", position=7, aggregate_id=uuid4(),
        aggregate_version=2, occurred_at=at, recorded_at=at, actor={"id": "hr", "role": "admin"},
        correlation_id="c", causation_id="", data=data,
    )  # fmt: skip


def test_personal_fields_are_nulled_and_named_and_nothing_else_changes() -> None:
    exam = entry("personnel.exam.taken.v1", score=58.5, passed=False, pass_mark=60, attempt_no=2)
    masked = withheld(exam)
    assert masked.data == {"score": None, "passed": None, "pass_mark": 60, "attempt_no": 2}
    assert masked.withheld == ["score", "passed"]
    assert exam.data["score"] == 58.5  # the original is left as it was
    removal = withheld(entry("personnel.officer.enforcement_post_removed.v1", reason="accountability", note="n"))
    assert (removal.data, removal.withheld) == ({"reason": None, "note": None}, ["reason", "note"])
    enrolled = entry("personnel.officer.enrolled.v1", name="李四")
    assert withheld(enrolled) == enrolled


def test_personnel_rule_the_officers_unit_and_the_bureau_wide_roles_auditors_included() -> None:
    assert sees_personal_details(Identity(subject="a", role="officer", unit_id="STN03"), "STN03")
    assert sees_personal_details(Identity(subject="b", role="auditor", unit_id=None), "STN03")
    assert not sees_personal_details(Identity(subject="c", role="officer", unit_id="STN05"), "STN03")
    assert not sees_personal_details(Identity(subject="d", role="unit_head", unit_id="STN05"), "STN03")
