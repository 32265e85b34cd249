"""Two attempts with one Idempotency-Key in flight together: the retry answers the first result, never
a conflict and never a second effect.

Each test interleaves them deterministically: attempt B passes its replay check (no record yet), then
attempt A runs to its commit, then B carries on with its command.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from personnel.application import Personnel
from personnel.bootstrap import ROUTERS
from personnel.domain import StaffKind, Unit, UnitKind
from shared.application import CommandOutcome
from shared.domain import CommandContext, FixedClock, command_context
from shared.domain.idempotency import IdempotencyKeyReusedError
from tests.support.service_app import GatewaySigner, service_app

with warnings.catch_warnings():  # starlette suggests another httpx package; the test client works as is
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

CODE = "STN42"


@pytest.fixture
def personnel(fixed_clock: FixedClock) -> Iterator[Personnel]:
    application = Personnel()
    yield application
    application.close()


def as_director() -> CommandContext:
    return CommandContext(actor_id="u-1", actor_role="director", correlation_id="c")


def recorded(personnel: Personnel, topic_end: str) -> int:
    return sum(n.topic.endswith(topic_end) for n in personnel.recorder.select_notifications(1, 1000))


def register(personnel: Personnel) -> Callable[[], Unit]:
    return lambda: personnel.register_unit(code=CODE, name="Station 42", kind=UnitKind.STATION)


def race(personnel: Personnel, command: Callable[[], Any], *, fingerprint_b: str = "f") -> CommandOutcome:
    """Attempt B of `command`, within which attempt A runs and commits just after B's replay check."""
    first: list[CommandOutcome] = []

    def attempt_b() -> Any:
        first.append(personnel.run_command(command, idempotency_key="k", fingerprint="f"))
        return command()

    second = personnel.run_command(attempt_b, idempotency_key="k", fingerprint=fingerprint_b)
    assert first
    assert not first[0].replayed
    assert (second.aggregate_id, second.version, second.replayed) == (first[0].aggregate_id, first[0].version, True)
    return second


def test_a_retry_racing_a_registration_answers_the_first_result_not_already_registered(personnel: Personnel) -> None:
    # `register_unit` turns its own IntegrityError into UnitAlreadyRegisteredError (409).
    with command_context(as_director()):
        race(personnel, register(personnel))
    assert recorded(personnel, "Unit.Registered") == 1
    assert recorded(personnel, "IdempotencyRecord.Recorded") == 1


def test_a_retry_racing_an_enrolment_makes_no_second_officer(personnel: Personnel) -> None:
    # A new officer gets a new id: only the key's record stops the retry's effect.
    def enrol() -> Any:
        return personnel.enroll_officer(name="王", unit_id=CODE, staff_kind=StaffKind.PERMANENT)

    with command_context(as_director()):
        register(personnel)()
        race(personnel, enrol)
    assert recorded(personnel, "Officer.Enrolled") == 1


def test_a_retry_refused_because_the_first_attempt_changed_the_aggregate_answers_the_first_result(
    personnel: Personnel,
) -> None:
    with command_context(as_director()):
        unit = register(personnel)()
        officer = personnel.enroll_officer(name="王", unit_id=CODE, staff_kind=StaffKind.PERMANENT)
        # B loads the unit after A appointed its head: its If-Match is stale (VersionConflictError).
        race(personnel, lambda: personnel.appoint_unit_head(CODE, officer_id=officer.id, expected_version=unit.version))
    assert recorded(personnel, "Unit.HeadAppointed") == 1


def test_a_racing_attempt_with_the_same_key_for_another_request_is_refused_as_a_reused_key(
    personnel: Personnel,
) -> None:
    with command_context(as_director()), pytest.raises(IdempotencyKeyReusedError):
        race(personnel, register(personnel), fingerprint_b="another request")
    assert recorded(personnel, "Unit.Registered") == 1


def test_a_command_that_saves_again_after_a_refused_save_still_records_its_key(personnel: Personnel) -> None:
    # The key is recorded with the save that commits, not with the first save tried.
    with command_context(as_director()):
        register(personnel)()

        def register_or_enrol() -> Any:
            try:
                return register(personnel)()
            except Exception:  # noqa: BLE001 - the fallback under test
                return personnel.enroll_officer(name="王", unit_id=CODE, staff_kind=StaffKind.PERMANENT)

        first = personnel.run_command(register_or_enrol, idempotency_key="k", fingerprint="f")
        again = personnel.run_command(register_or_enrol, idempotency_key="k", fingerprint="f")
    assert (again.aggregate_id, again.replayed) == (first.aggregate_id, True)
    assert recorded(personnel, "Officer.Enrolled") == 1


def test_over_http_the_racing_retry_gets_the_first_status_and_body(
    personnel: Personnel, monkeypatch: pytest.MonkeyPatch
) -> None:
    signer = GatewaySigner("personnel")
    client = TestClient(service_app(signer, ROUTERS, personnel))
    headers = {**signer.headers("director"), "Idempotency-Key": "register-stn42"}
    body = {"code": CODE, "name": "Station 42", "kind": UnitKind.STATION.value}
    register_unit = personnel.register_unit
    answers: list[Any] = []

    def a_commits_first(**kwargs: Any) -> Unit:
        if not answers:  # B's command, past its replay check: A's request runs to its end now
            answers.append(None)
            answers[0] = client.post("/units", json=body, headers=headers)
        return register_unit(**kwargs)

    monkeypatch.setattr(personnel, "register_unit", a_commits_first)
    b = client.post("/units", json=body, headers=headers)
    a = answers[0]
    assert (a.status_code, a.headers.get("idempotent-replayed")) == (201, None)
    assert (b.status_code, b.json(), b.headers["etag"]) == (a.status_code, a.json(), a.headers["etag"])
    assert b.headers["idempotent-replayed"] == "true"
    assert recorded(personnel, "Unit.Registered") == 1
