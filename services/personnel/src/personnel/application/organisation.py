"""Commands on the organisation: units and their heads, the leadership group and its office's monthly
meetings, and target-responsibility letters."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from personnel.application.base import PersonnelBase
from personnel.domain.common import business_time, clean_text
from personnel.domain.errors import (
    LeaderMustBeDirectorError,
    LeadershipGroupAlreadyEstablishedError,
    LeadershipGroupNotFoundError,
    OfficeHeadMustBeDeputyDirectorError,
    SignatoryNotDirectorError,
    SignatoryNotUnitHeadError,
    TargetLetterAlreadySignedError,
    TargetLetterNotFoundError,
    UnitAlreadyRegisteredError,
    UnitHasNoHeadError,
    UnitHeadNotInUnitError,
)
from personnel.domain.officer import Officer
from personnel.domain.officer_records import PostRank
from personnel.domain.organisation import LeadershipGroup, Unit, UnitKind
from personnel.domain.target_letter import TargetItem, TargetLetter


def _rank(officer: Officer) -> str | None:
    return officer.post.rank.value if officer.post else None


class OrganisationCommands(PersonnelBase):
    def register_unit(self, *, code: str, name: str, kind: UnitKind) -> Unit:
        unit = Unit(code=code, name=clean_text(name, "name"), kind=kind.value)
        try:
            self.save(unit)
        except IntegrityError:
            raise UnitAlreadyRegisteredError(f"unit {code} is already registered", unit_id=code) from None
        return unit

    def appoint_unit_head(
        self, code: str, *, officer_id: UUID, at: datetime | None = None, expected_version: int | None = None
    ) -> Unit:
        unit = self.get_unit(code, expected_version)
        officer = self.get_officer(officer_id)
        officer.check_in_service()
        if officer.unit_id != code:
            raise UnitHeadNotInUnitError(
                "a unit's head is an officer of that unit", unit_id=code, officer_unit_id=officer.unit_id
            )
        unit.appoint_head(officer_id, business_time(at, "at"))
        self.save(unit)
        return unit

    def establish_leadership_group(
        self, *, leader_id: UUID, office_head_id: UUID, member_ids: list[UUID], at: datetime | None = None
    ) -> LeadershipGroup:
        members = self.get_officers(LeadershipGroup.members(leader_id, office_head_id, member_ids))
        by_id = {officer.id: officer for officer in members}
        for officer in members:
            officer.check_in_service()
        if _rank(by_id[leader_id]) != PostRank.DIRECTOR:
            raise LeaderMustBeDirectorError(
                "the leadership group is led by the director", leader_rank=_rank(by_id[leader_id])
            )
        if _rank(by_id[office_head_id]) != PostRank.DEPUTY_DIRECTOR:
            raise OfficeHeadMustBeDeputyDirectorError(
                "the group's office is headed by a deputy director", office_head_rank=_rank(by_id[office_head_id])
            )
        group = LeadershipGroup(
            leader_id=leader_id,
            office_head_id=office_head_id,
            member_ids=list(by_id),
            occurred_at=business_time(at, "at"),
        )
        try:
            self.save(group)
        except IntegrityError:
            raise LeadershipGroupAlreadyEstablishedError("the leadership group is already established") from None
        return group

    def get_leadership_group(self, expected_version: int | None = None) -> LeadershipGroup:
        return self.load(LeadershipGroup.create_id(), LeadershipGroup, LeadershipGroupNotFoundError, expected_version)

    def hold_office_meeting(
        self,
        *,
        held_at: datetime,
        chair_id: UUID,
        attendee_ids: list[UUID],
        resolutions: list[str],
        expected_version: int | None = None,
    ) -> LeadershipGroup:
        group = self.get_leadership_group(expected_version)
        group.hold_office_meeting(
            held_at=business_time(held_at, "held_at"),
            chair_id=chair_id,
            attendee_ids=attendee_ids,
            resolutions=[clean_text(r, "resolutions") for r in resolutions],
        )
        self.save(group)
        return group

    def sign_target_letter(
        self,
        *,
        year: int,
        unit_id: str,
        head_officer_id: UUID,
        director_id: UUID,
        targets: list[TargetItem],
        signed_at: datetime | None = None,
    ) -> TargetLetter:
        items = TargetLetter.check_targets(targets)
        unit = self.get_unit(unit_id)
        if unit.head_officer_id is None:
            raise UnitHasNoHeadError("the unit has no head to sign its letter; appoint one first", unit_id=unit_id)
        if head_officer_id != unit.head_officer_id:
            raise SignatoryNotUnitHeadError(
                "the letter is signed by the unit's head", unit_head_id=str(unit.head_officer_id)
            )
        # Both signatories still on the staff: a head who has left must be replaced before signing.
        self.get_officer(head_officer_id).check_in_service()
        director = self.get_officer(director_id)
        director.check_in_service()
        if _rank(director) != PostRank.DIRECTOR:
            raise SignatoryNotDirectorError("the letter is signed by the director", rank=_rank(director))
        letter = TargetLetter(
            year=year,
            unit_id=unit_id,
            head_officer_id=head_officer_id,
            director_id=director_id,
            targets=items,
            occurred_at=business_time(signed_at, "signed_at"),
        )
        try:
            self.save(letter)
        except IntegrityError:
            raise TargetLetterAlreadySignedError(
                "this unit's letter for the year is already signed", year=year, unit_id=unit_id
            ) from None
        return letter

    def get_target_letter(self, letter_id: UUID) -> TargetLetter:
        return self.load(letter_id, TargetLetter, TargetLetterNotFoundError)
