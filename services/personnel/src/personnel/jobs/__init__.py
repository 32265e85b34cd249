"""Personnel's scheduled jobs: each records what time has made true through an ordinary command."""

from __future__ import annotations

from personnel.application import Personnel
from personnel.application.sanctions import SANCTIONS_JOB
from personnel.jobs.expiry import ExpiryWatch
from personnel.jobs.scheduled_sanctions import ScheduledSanctionWatch
from shared.scheduler import Job


def scheduled_jobs(application: Personnel, every_seconds: float = 15.0) -> list[Job]:
    expiry = ExpiryWatch(application)
    sanctions = ScheduledSanctionWatch(application)
    return [
        Job(name="certificate-expiry", every_seconds=every_seconds, run=expiry.run),
        Job(name=SANCTIONS_JOB, every_seconds=every_seconds, run=sanctions.run),
    ]


__all__ = ["ExpiryWatch", "ScheduledSanctionWatch", "scheduled_jobs"]
