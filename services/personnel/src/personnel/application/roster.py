"""Publishing the roster of officers who may enforce. The candidates are every certificate ever
issued, read from the event store itself (a certificate issued a moment ago is there, whatever the
read side has seen), and each is judged on its own events at the instant of publication (the
business time: a publication entered after the fact is judged at its own instant), so a certificate
revoked a moment ago never reaches the public either."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from uuid import UUID

from eventsourcing.utils import get_topic

from personnel.application.base import PersonnelBase
from personnel.domain.certificate import LAND_RESOURCES, Certificate
from personnel.domain.common import bureau_day, business_time
from personnel.domain.errors import RosterPublicationNotFoundError
from personnel.domain.roster import RosterChannel, RosterLine, RosterPublication
from personnel.domain.standing import ENFORCEMENT
from shared.domain import current_context

_PAGE = 500


class RosterCommands(PersonnelBase):
    def publish_roster(self, *, channel: RosterChannel, at: datetime | None = None) -> RosterPublication:
        now = business_time(at or current_context().occurred_at, "published_at")
        lines: list[RosterLine] = []
        for certificate_no in sorted(self._enforcement_certificate_numbers()):
            certificate = self.get_certificate(certificate_no)
            officer = self.get_officer(certificate.officer_id)
            if certificate.unusable_reason(now) is None and officer.removed_at(now) is None:
                lines.append(
                    RosterLine(
                        officer_id=str(officer.id),
                        name=officer.name,
                        unit_id=officer.unit_id,
                        certificate_no=certificate.certificate_no,
                        expires_on=certificate.expires_on,
                    )
                )
        publication = RosterPublication.publish(at=now, as_of=bureau_day(now), channel=channel, lines=lines)
        self.save(publication)
        return publication

    def _enforcement_certificate_numbers(self) -> Iterator[str]:
        """Every land-resources enforcement certificate ever issued, in the order of issue. A scan
        of the issue events only, once per publication (a few a year)."""
        position, topics = 0, [get_topic(Certificate.Issued)]
        while notifications := self.recorder.select_notifications(
            position, _PAGE, topics=topics, inclusive_of_start=False
        ):
            for notification in notifications:
                issued = self.mapper.to_domain_event(notification)
                assert isinstance(issued, Certificate.Issued)
                if issued.kind == ENFORCEMENT and issued.scope_field == LAND_RESOURCES:
                    yield issued.certificate_no
            position = notifications[-1].id

    def get_roster_publication(self, roster_id: UUID) -> RosterPublication:
        return self.load(roster_id, RosterPublication, RosterPublicationNotFoundError)
