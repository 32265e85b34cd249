"""A command retried with the same Idempotency-Key returns its first result and changes nothing."""

from __future__ import annotations

import pytest

from personnel.application import Personnel
from personnel.domain import StaffKind, UnitKind
from shared.domain import CommandContext, command_context
from shared.domain.idempotency import IdempotencyKeyReusedError
from tests.support.personnel import register_units


def enroll(personnel: Personnel, name: str = "王"):
    return lambda: personnel.enroll_officer(name=name, unit_id="STN03", staff_kind=StaffKind.PERMANENT)


@pytest.fixture
def personnel() -> Personnel:
    application = Personnel()
    register_units(application, {"STN03": UnitKind.STATION})
    return application


def as_user(actor: str) -> CommandContext:
    return CommandContext(actor_id=actor, actor_role="director", correlation_id="c")


def test_a_retry_returns_the_first_result_without_a_second_effect(personnel: Personnel) -> None:
    with command_context(as_user("u-1")):
        first = personnel.run_command(enroll(personnel), idempotency_key="k-1", fingerprint="f")
        again = personnel.run_command(enroll(personnel), idempotency_key="k-1", fingerprint="f")
    assert (again.aggregate_id, again.version, again.replayed) == (first.aggregate_id, first.version, True)
    assert first.replayed is False
    officers = [n for n in personnel.recorder.select_notifications(1, 100) if n.topic.endswith("Officer.Enrolled")]
    assert len(officers) == 1


def test_the_same_key_with_another_request_is_refused(personnel: Personnel) -> None:
    with command_context(as_user("u-1")):
        personnel.run_command(enroll(personnel), idempotency_key="k-2", fingerprint="f1")
        with pytest.raises(IdempotencyKeyReusedError):
            personnel.run_command(enroll(personnel, "李"), idempotency_key="k-2", fingerprint="f2")


def test_keys_belong_to_their_caller(personnel: Personnel) -> None:
    with command_context(as_user("u-1")):
        mine = personnel.run_command(enroll(personnel), idempotency_key="same", fingerprint="f")
    with command_context(as_user("u-2")):
        theirs = personnel.run_command(enroll(personnel), idempotency_key="same", fingerprint="f")
    assert mine.aggregate_id != theirs.aggregate_id
    assert not theirs.replayed


def test_a_refused_command_records_no_key(personnel: Personnel) -> None:
    with command_context(as_user("u-1")):
        with pytest.raises(Exception, match="name"):
            personnel.run_command(enroll(personnel, "  "), idempotency_key="k-3", fingerprint="f")
        done = personnel.run_command(enroll(personnel, "王"), idempotency_key="k-3", fingerprint="f")
    assert not done.replayed
