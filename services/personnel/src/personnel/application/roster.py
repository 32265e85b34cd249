"""Publishing the roster of officers who may enforce. The candidates are every enforcement
certificate the directory knows; each is judged here, on the event store, at the instant of
publication (the business time: a publication entered after the fact is judged at its own instant),
so a certificate revoked a moment ago never reaches the public, whatever the read side has seen."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from personnel.application.base import PersonnelBase
from personnel.domain.common import bureau_day, business_time
from personnel.domain.errors import CertificateNotFoundError, RosterPublicationNotFoundError
from personnel.domain.roster import RosterChannel, RosterLine, RosterPublication
from shared.domain import current_context


class RosterCommands(PersonnelBase):
    def publish_roster(
        self, *, candidates: Iterable[str], channel: RosterChannel, at: datetime | None = None
    ) -> RosterPublication:
        now = business_time(at or current_context().occurred_at, "published_at")
        lines: list[RosterLine] = []
        for certificate_no in dict.fromkeys(candidates):
            try:
                certificate = self.get_certificate(certificate_no)
            except CertificateNotFoundError:
                continue  # not a certificate of this event store: nothing to publish
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

    def get_roster_publication(self, roster_id: UUID) -> RosterPublication:
        return self.load(roster_id, RosterPublication, RosterPublicationNotFoundError)
