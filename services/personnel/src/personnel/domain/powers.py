"""The bureau's enforcement-subject qualification (执法主体资格) and its power list (权责清单): each
power item with its category, legal bases, responsible unit and procedure template, published to the
public once the subject's qualification is confirmed (DOMAIN §4.3–4.4)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import event

from shared.domain import RecordedAggregate

SUBJECT_NAMESPACE = UUID("4b6d8f0a-2c4e-4a6b-8d0f-3a5c7e9b1d24")
POWER_NAMESPACE = UUID("5c7e9a1b-3d5f-4b7c-9e1a-4b6d8f0a2c35")


class PowerCategory(StrEnum):
    PENALTY = "penalty"
    COMPULSION = "compulsion"
    INSPECTION = "inspection"
    LICENSING = "licensing"
    LEVY = "levy"
    CONFIRMATION = "confirmation"
    OTHER = "other"


class EnforcementSubject(RecordedAggregate):
    """The bureau as an enforcement subject, its qualification confirmed and published."""

    class QualificationConfirmed(RecordedAggregate.Created):
        code: str
        name: str
        legal_basis: list[str]

    @staticmethod
    def create_id(code: str) -> UUID:
        return uuid5(SUBJECT_NAMESPACE, code)

    @event(QualificationConfirmed)
    def __init__(self, code: str, name: str, legal_basis: list[str], occurred_at: datetime | None = None) -> None:
        self.code = code
        self.name = name
        self.legal_basis = list(legal_basis)
        self.confirmed_at = occurred_at


class PowerItem(RecordedAggregate):
    """One entry of the published power list."""

    class Published(RecordedAggregate.Created):
        code: str
        subject_code: str
        category: str
        name: str
        legal_basis: list[str]
        responsible_unit_id: str
        procedure_template_id: str

    @staticmethod
    def create_id(code: str) -> UUID:
        return uuid5(POWER_NAMESPACE, code)

    @event(Published)
    def __init__(
        self,
        *,
        code: str,
        subject_code: str,
        category: str,
        name: str,
        legal_basis: list[str],
        responsible_unit_id: str,
        procedure_template_id: str,
        occurred_at: datetime | None,
    ) -> None:
        self.code = code
        self.subject_code = subject_code
        self.category = PowerCategory(category)
        self.name = name
        self.legal_basis = list(legal_basis)
        self.responsible_unit_id = responsible_unit_id
        self.procedure_template_id = procedure_template_id
        self.published_at = occurred_at
