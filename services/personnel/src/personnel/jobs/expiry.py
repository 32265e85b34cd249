"""Certificate expiry, recorded by the scheduler.

The watch follows personnel's own notification log (the source of truth, not a projection) to know
which certificates may still expire, and records `Certificate.Expired` for each whose expiry day has
come. Exactly once: the certificate refuses to record a second expiry, a concurrent writer loses on
the aggregate's version, and after a restart the watch rebuilds what it knows from the log.
"""

from __future__ import annotations

import logging
from datetime import date

from eventsourcing.persistence import IntegrityError

from personnel.application import Personnel
from personnel.domain.certificate import Certificate
from personnel.domain.common import bureau_day
from personnel.jobs.own_log import read_after
from shared.domain import get_clock

log = logging.getLogger(__name__)

_ENDINGS = (Certificate.Revoked, Certificate.Cancelled, Certificate.Replaced, Certificate.Expired)


class ExpiryWatch:
    def __init__(self, application: Personnel, batch_size: int = 500) -> None:
        self._application = application
        self._batch_size = batch_size
        self._position = 0
        self._expiring: dict[str, date] = {}

    def run(self) -> list[str]:
        """Record every expiry that is due; return the numbers recorded now."""
        self._catch_up()
        today = bureau_day(get_clock().now())
        recorded: list[str] = []
        for number, expires_on in sorted(self._expiring.items(), key=lambda item: (item[1], item[0])):
            if expires_on > today:
                continue
            try:
                if self._application.record_certificate_expiry(number) is not None:
                    recorded.append(number)
            except IntegrityError:
                log.info("certificate changed concurrently; retried next run", extra={"certificate_no": number})
                continue
            self._expiring.pop(number, None)
        if recorded:
            log.info("certificate expiries recorded", extra={"count": len(recorded)})
        return recorded

    def _catch_up(self) -> None:
        self._position = read_after(self._application, self._position, self._learn, batch_size=self._batch_size)

    def _learn(self, event: object) -> None:
        if isinstance(event, Certificate.Issued):
            self._expiring[event.certificate_no] = event.expires_on
        elif isinstance(event, _ENDINGS):
            self._expiring.pop(event.certificate_no, None)
