"""Scheduled jobs of assessment: closing each period once it has ended.

The job closes a period only when it is the next one of a series the secretariat started by hand,
and only the period that has just ended (plus the grace days): it never backfills old periods, and
closing is refused a second time anyway, so a rerun or a restarted scheduler decides nothing twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from assessment.application import Assessments
from assessment.application.periods import FactsNotCaughtUpError
from assessment.domain.periods import Period, PeriodKind, SubjectType
from assessment.domain.rankings import PeriodAlreadyClosedError, PeriodicPeriodsNotClosedError
from shared.domain.rules import NoRulesInForceError
from shared.scheduler import Job

log = logging.getLogger(__name__)


def close_due_periods(application: Assessments, grace_days: int) -> list[str]:
    """Close every period due today; return `<subject_type>/<period>` of those closed."""
    reference = application.today() - timedelta(days=grace_days)
    try:
        _, scheme = application.scheme_in_force(reference)
    except NoRulesInForceError:
        return []
    closed: list[str] = []
    for subject_type in SubjectType:
        for kind in (scheme.periodic_kind(subject_type), PeriodKind.ANNUAL):
            due = Period.containing(kind, reference).previous()
            series = application.closed_periods(subject_type, kind)
            if not series or Period.parse(series[-1]).next() != due:
                continue
            try:
                application.close_period(subject_type, due.key)
            except (PeriodAlreadyClosedError, PeriodicPeriodsNotClosedError, FactsNotCaughtUpError) as skipped:
                log.info("period not closed", extra={"period": due.key, "reason": skipped.code})
                continue
            closed.append(f"{subject_type.value}/{due.key}")
    if closed:
        log.info("periods closed", extra={"periods": closed})
    return closed


def scheduled_jobs(application: Assessments, *, grace_days: int, every_seconds: float) -> list[Job]:
    return [Job("close-periods", every_seconds, lambda: close_due_periods(application, grace_days))]
