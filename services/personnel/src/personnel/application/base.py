"""What every command area of personnel needs: loading each kind of aggregate (404 when unknown) and
the personnel rules in force on a day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from personnel.domain.certificate import Certificate
from personnel.domain.errors import (
    CertificateNotFoundError,
    OfficerNotFoundError,
    TrainingSessionNotFoundError,
    UnitNotFoundError,
)
from personnel.domain.officer import Officer
from personnel.domain.organisation import Unit
from personnel.domain.rules import RULESET_NAME, PersonnelRules, rules_in_force
from personnel.domain.training import TrainingSession
from shared.application import ServiceApplication
from shared.domain.rules import RuleSet


class PersonnelBase(ServiceApplication):
    def get_officer(self, officer_id: UUID, expected_version: int | None = None) -> Officer:
        return self.load(officer_id, Officer, OfficerNotFoundError, expected_version)

    def get_officers(self, officer_ids: Iterable[UUID]) -> list[Officer]:
        """Each officer once, in the order given; one 404 naming every unknown id."""
        found: dict[UUID, Officer] = {}
        unknown: list[str] = []
        for officer_id in dict.fromkeys(officer_ids):
            try:
                found[officer_id] = self.get_officer(officer_id)
            except OfficerNotFoundError:
                unknown.append(str(officer_id))
        if unknown:
            raise OfficerNotFoundError("some officers are not enrolled", unknown=unknown)
        return list(found.values())

    def get_certificate(self, certificate_no: str, expected_version: int | None = None) -> Certificate:
        try:
            return self.load(
                Certificate.create_id(certificate_no), Certificate, CertificateNotFoundError, expected_version
            )
        except CertificateNotFoundError:
            raise CertificateNotFoundError(
                f"no certificate numbered {certificate_no}", certificate_no=certificate_no
            ) from None

    def certificates_of(self, officer: Officer) -> list[Certificate]:
        return [self.get_certificate(number) for number in officer.certificate_nos]

    def get_training_session(self, session_id: UUID) -> TrainingSession:
        return self.load(session_id, TrainingSession, TrainingSessionNotFoundError)

    def get_unit(self, code: str, expected_version: int | None = None) -> Unit:
        try:
            return self.load(Unit.create_id(code), Unit, UnitNotFoundError, expected_version)
        except UnitNotFoundError:
            raise UnitNotFoundError(f"no unit registered with code {code}", unit_id=code) from None

    def require_unit(self, code: str, field: str = "unit_id") -> Unit:
        """The registered unit a command names in its `field`: a command never points at a unit that the
        organisation does not know (404 `unit_not_found`, naming the field; nothing is written)."""
        try:
            return self.get_unit(code)
        except UnitNotFoundError:
            raise UnitNotFoundError(
                f"no unit registered with code {code}; register the unit first", unit_id=code, field=field
            ) from None

    def ruleset(self) -> RuleSet | None:
        try:
            ruleset: RuleSet = self.repository.get(RuleSet.create_id(RULESET_NAME))
        except AggregateNotFoundError:
            return None
        return ruleset

    def rules_on(self, day: date) -> PersonnelRules:
        return rules_in_force(self.ruleset(), day)

    def history_of(self, aggregate_id: UUID) -> list[Any]:
        return self.stored_events(aggregate_id)
