"""The published roster of officers who may enforce (执法人员名单公示, DOMAIN §8 "before"): what the
bureau put before the public, when, and where — kept as it was published, so an auditor can say
who the public was told could enforce on any day, whatever changed afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from eventsourcing.domain import event

from personnel.domain.errors import NobodyMayEnforceError
from shared.domain import RecordedAggregate


class RosterChannel(StrEnum):
    WEBSITE = "website"  # the bureau's government-information page
    NOTICE_BOARD = "notice_board"  # the service hall's and the stations' public boards
    GAZETTE = "gazette"  # the county government's gazette or press


@dataclass(frozen=True)
class RosterLine:
    officer_id: str
    name: str
    unit_id: str
    certificate_no: str
    expires_on: date

    def to_record(self) -> dict[str, str]:
        return {
            "officer_id": self.officer_id,
            "name": self.name,
            "unit_id": self.unit_id,
            "certificate_no": self.certificate_no,
            "expires_on": self.expires_on.isoformat(),
        }

    @classmethod
    def from_record(cls, record: dict[str, str]) -> RosterLine:
        return cls(
            officer_id=record["officer_id"],
            name=record["name"],
            unit_id=record["unit_id"],
            certificate_no=record["certificate_no"],
            expires_on=date.fromisoformat(record["expires_on"]),
        )


class RosterPublication(RecordedAggregate):
    class Published(RecordedAggregate.Created):
        as_of: date
        channel: str
        lines: list[dict[str, str]]  # RosterLine records, ordered by certificate number

    @event(Published)
    def __init__(self, *, as_of: date, channel: str, lines: list[dict[str, str]], occurred_at: datetime) -> None:
        self.published_at = occurred_at
        self.as_of = as_of
        self.channel = RosterChannel(channel)
        self.lines = [RosterLine.from_record(line) for line in lines]

    @classmethod
    def publish(
        cls, *, at: datetime, as_of: date, channel: RosterChannel, lines: list[RosterLine]
    ) -> RosterPublication:
        if not lines:
            raise NobodyMayEnforceError(
                "no officer may enforce today: there is no roster to publish", as_of=as_of.isoformat()
            )
        ordered = sorted(lines, key=lambda line: line.certificate_no)
        return cls(as_of=as_of, channel=channel.value, lines=[line.to_record() for line in ordered], occurred_at=at)
