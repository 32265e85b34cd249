"""Complaints about enforcement (投诉), as the assessment secretariat receives and decides them.

DOMAIN §4.2 scores "complaints upheld" in the external evaluation, and §3.3 lists a complaint among
the triggers of fault accountability. A complaint names a unit, or an officer of a unit; it is
received once and decided once. An upheld complaint costs the external-evaluation item, and it
raises an accountability matter in the same save (see `ComplaintCommands.decide_complaint`), so
the matter exists exactly when the decision does.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from eventsourcing.domain import event

from shared.domain import DomainError, NotFoundError, RecordedAggregate


class ComplaintChannel(StrEnum):
    # How complaints reach a county bureau: letters and visits (信访), the 12336 hotline, the
    # supervision mailbox, online forms, and complaints a superior forwards.
    LETTER = "letter"
    VISIT = "visit"
    HOTLINE_12336 = "hotline_12336"
    MAILBOX = "mailbox"
    ONLINE = "online"
    SUPERIOR_REFERRAL = "superior_referral"


class ComplaintNotFoundError(NotFoundError):
    code = "complaint_not_found"


class ComplaintAlreadyDecidedError(DomainError):
    code = "complaint_already_decided"


class DecidedBeforeReceivedError(DomainError):
    code = "decided_before_received"


class Complaint(RecordedAggregate):
    class Received(RecordedAggregate.Created):
        channel: str
        subject_type: str  # unit | officer
        subject_id: str
        unit_id: str
        summary: str
        related: dict[str, str]  # case_id, lead_id … as text
        evidence_ref: str

    class Decided(RecordedAggregate.Event):
        # The subject is repeated so the public event (and the fact it becomes) stands alone.
        subject_type: str
        subject_id: str
        unit_id: str
        channel: str
        upheld: bool
        finding: str
        evidence_ref: str
        officer_ids: list[str]  # officers found at fault (an upheld complaint); passed to the matter
        matter_id: str | None  # the accountability matter raised with the decision

    @event(Received)
    def __init__(
        self,
        *,
        channel: str,
        subject_type: str,
        subject_id: str,
        unit_id: str,
        summary: str,
        related: dict[str, str],
        evidence_ref: str,
        occurred_at: datetime,
    ) -> None:
        self.received_at = occurred_at
        self.channel = ComplaintChannel(channel)
        self.subject_type = subject_type
        self.subject_id = subject_id
        self.unit_id = unit_id
        self.summary = summary
        self.related = dict(related)
        self.evidence_ref = evidence_ref
        self.upheld: bool | None = None
        self.finding: str | None = None
        self.officer_ids: list[str] = []
        self.matter_id: str | None = None
        self.decided_at: datetime | None = None

    @property
    def status(self) -> str:
        if self.upheld is None:
            return "received"
        return "upheld" if self.upheld else "not_upheld"

    def decide(
        self,
        *,
        upheld: bool,
        finding: str,
        evidence_ref: str,
        officer_ids: list[str],
        matter_id: str | None,
        decided_at: datetime,
    ) -> None:
        if self.upheld is not None:
            raise ComplaintAlreadyDecidedError(
                "this complaint has already been decided", complaint_id=str(self.id), status=self.status
            )
        if decided_at < self.received_at:
            raise DecidedBeforeReceivedError(
                "a complaint is decided after it was received",
                received_at=self.received_at.isoformat(),
                decided_at=decided_at.isoformat(),
            )
        self._decided(
            subject_type=self.subject_type,
            subject_id=self.subject_id,
            unit_id=self.unit_id,
            channel=self.channel.value,
            upheld=upheld,
            finding=finding,
            evidence_ref=evidence_ref,
            officer_ids=sorted(set(officer_ids)),
            matter_id=matter_id,
            occurred_at=decided_at,
        )

    @event(Decided)
    def _decided(
        self,
        *,
        subject_type: str,
        subject_id: str,
        unit_id: str,
        channel: str,
        upheld: bool,
        finding: str,
        evidence_ref: str,
        officer_ids: list[str],
        matter_id: str | None,
        occurred_at: datetime,
    ) -> None:
        self.decided_at = occurred_at
        self.upheld = upheld
        self.finding = finding
        self.officer_ids = list(officer_ids)
        self.matter_id = matter_id
