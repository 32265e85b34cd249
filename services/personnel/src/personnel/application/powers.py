"""Commands on the enforcement-subject qualification and the power list published to the public."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from personnel.application.base import PersonnelBase
from personnel.domain.common import business_time, clean_text
from personnel.domain.errors import (
    EnforcementSubjectAlreadyConfirmedError,
    EnforcementSubjectNotConfirmedError,
    PowerItemAlreadyPublishedError,
    PowerItemNotFoundError,
)
from personnel.domain.powers import EnforcementSubject, PowerCategory, PowerItem


class PowerCommands(PersonnelBase):
    def confirm_enforcement_subject(
        self, *, code: str, name: str, legal_basis: list[str], confirmed_at: datetime | None = None
    ) -> EnforcementSubject:
        subject = EnforcementSubject(
            code=code,
            name=clean_text(name, "name"),
            legal_basis=[clean_text(basis, "legal_basis") for basis in legal_basis],
            occurred_at=business_time(confirmed_at, "confirmed_at"),
        )
        try:
            self.save(subject)
        except IntegrityError:
            raise EnforcementSubjectAlreadyConfirmedError(
                "this enforcement subject's qualification is already confirmed", subject_code=code
            ) from None
        return subject

    def publish_power_item(
        self,
        *,
        code: str,
        subject_code: str,
        category: PowerCategory,
        name: str,
        legal_basis: list[str],
        responsible_unit_id: str,
        procedure_template_id: str,
    ) -> PowerItem:
        if not self._subject_confirmed(subject_code):
            raise EnforcementSubjectNotConfirmedError(
                "powers are published for an enforcement subject whose qualification is confirmed",
                subject_code=subject_code,
                missing=["enforcement_subject_qualification"],
            )
        self.require_unit(responsible_unit_id, "responsible_unit_id")
        item = PowerItem(
            code=code,
            subject_code=subject_code,
            category=category.value,
            name=clean_text(name, "name"),
            legal_basis=[clean_text(basis, "legal_basis") for basis in legal_basis],
            responsible_unit_id=responsible_unit_id,
            procedure_template_id=procedure_template_id,
            occurred_at=None,
        )
        try:
            self.save(item)
        except IntegrityError:
            raise PowerItemAlreadyPublishedError("this power item is already published", code=code) from None
        return item

    def _subject_confirmed(self, code: str) -> bool:
        try:
            self.repository.get(EnforcementSubject.create_id(code))
        except AggregateNotFoundError:
            return False
        return True

    def get_power_item(self, power_id: UUID) -> PowerItem:
        return self.load(power_id, PowerItem, PowerItemNotFoundError)
