"""Personnel's scheduled jobs: each records what time has made true through an ordinary command."""

from __future__ import annotations

from personnel.application import Personnel
from personnel.jobs.expiry import ExpiryWatch
from shared.scheduler import Job


def scheduled_jobs(application: Personnel, every_seconds: float = 15.0) -> list[Job]:
    watch = ExpiryWatch(application)
    return [Job(name="certificate-expiry", every_seconds=every_seconds, run=watch.run)]


__all__ = ["ExpiryWatch", "scheduled_jobs"]
