"""The scheduler's expiry job: each certificate's expiry recorded once, on its day, after restarts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from personnel.application import Personnel
from personnel.domain import CancellationReason
from personnel.jobs import ExpiryWatch, scheduled_jobs
from shared.domain import FixedClock
from shared.scheduler import run_job
from tests.support.personnel import certify, enrol


def test_due_expiries_are_recorded_once_and_ended_certificates_skipped(personnel: Personnel, clock: FixedClock) -> None:
    certify(personnel, enrol(personnel, "甲").id, "HN-A", expires_on=date(2018, 3, 5))
    certify(personnel, enrol(personnel, "乙").id, "HN-B", expires_on=date(2018, 3, 10))
    certify(personnel, enrol(personnel, "丙").id, "HN-C", expires_on=date(2018, 3, 5))
    personnel.cancel_certificate("HN-C", reason=CancellationReason.RESIGNED)
    watch = ExpiryWatch(personnel)
    assert watch.run() == []
    clock.set(datetime(2018, 3, 5, 1, tzinfo=UTC))
    assert watch.run() == ["HN-A"]
    assert watch.run() == []
    clock.set(datetime(2018, 3, 12, tzinfo=UTC))
    assert ExpiryWatch(personnel).run() == ["HN-B"]  # a restarted scheduler knows what is recorded
    assert ExpiryWatch(personnel).run() == []
    expiries = [
        type(e).__qualname__
        for number in ("HN-A", "HN-B", "HN-C")
        for e in personnel.certificate_history(number)
        if type(e).__qualname__ == "Certificate.Expired"
    ]
    assert expiries == ["Certificate.Expired", "Certificate.Expired"]


def test_the_job_records_as_the_scheduler(personnel: Personnel, clock: FixedClock) -> None:
    certify(personnel, enrol(personnel).id, "HN-A", expires_on=date(2018, 3, 5))
    clock.set(datetime(2018, 3, 6, tzinfo=UTC))
    job = next(j for j in scheduled_jobs(personnel, every_seconds=60) if j.name == "certificate-expiry")
    assert run_job(job) == ["HN-A"]
    expired = personnel.certificate_history("HN-A")[-1]
    assert (expired.actor_id, expired.actor_role) == ("scheduler:certificate-expiry", "system")  # type: ignore[attr-defined]
