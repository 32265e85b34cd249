"""Units, the leadership group and its office's monthly meetings, target-responsibility letters."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from personnel.application import Personnel
from personnel.domain import PostRank, TargetItem, UnitKind
from personnel.domain.errors import (
    AttendeeNotMemberError,
    LeaderMustBeDirectorError,
    LeadershipGroupAlreadyEstablishedError,
    MeetingChairError,
    MonthlyMeetingAlreadyHeldError,
    OfficeHeadMustBeDeputyDirectorError,
    SignatoryNotDirectorError,
    SignatoryNotUnitHeadError,
    TargetLetterAlreadySignedError,
    UnitAlreadyRegisteredError,
    UnitHasNoHeadError,
    UnitHeadNotInUnitError,
    UnitNotFoundError,
)
from personnel.domain.target_letter import TargetWeightsError
from tests.support.personnel import enrol, refused


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def posted(personnel: Personnel, name: str, rank: PostRank, unit_id: str = "LEAD") -> UUID:
    officer = enrol(personnel, name, unit_id)
    personnel.assign_post(officer.id, title=name, rank=rank, enforcement=False, reason="任命", decided_by="县委")
    return officer.id


@pytest.fixture
def leaders(personnel: Personnel) -> dict[str, UUID]:
    return {
        "director": posted(personnel, "局长", PostRank.DIRECTOR),
        "deputy": posted(personnel, "副局长", PostRank.DEPUTY_DIRECTOR),
        "other_deputy": posted(personnel, "副局长乙", PostRank.DEPUTY_DIRECTOR),
        "clerk": posted(personnel, "科员", PostRank.STAFF, "OFFICE"),
    }


def test_a_unit_is_registered_once(personnel: Personnel) -> None:
    unit = personnel.register_unit(code="STN04", name="第四国土资源所", kind=UnitKind.STATION)
    assert (unit.code, unit.kind, unit.head_officer_id) == ("STN04", UnitKind.STATION, None)
    refused(
        personnel,
        UnitAlreadyRegisteredError,
        lambda: personnel.register_unit(code="STN04", name="again", kind=UnitKind.STATION),
    )


def test_a_unit_s_head_is_one_of_its_officers(personnel: Personnel) -> None:
    outsider, insider = enrol(personnel, "甲", "STN05"), enrol(personnel, "乙", "STN03")
    refused(personnel, UnitHeadNotInUnitError, lambda: personnel.appoint_unit_head("STN03", officer_id=outsider.id))
    assert personnel.appoint_unit_head("STN03", officer_id=insider.id).head_officer_id == insider.id
    refused(personnel, UnitNotFoundError, lambda: personnel.appoint_unit_head("STN99", officer_id=insider.id))


def test_the_leadership_group_is_led_by_the_director_with_a_deputy_heading_its_office(
    personnel: Personnel, leaders: dict[str, UUID]
) -> None:
    refused(
        personnel,
        LeaderMustBeDirectorError,
        lambda: personnel.establish_leadership_group(
            leader_id=leaders["deputy"], office_head_id=leaders["other_deputy"], member_ids=[]
        ),
    )
    refused(
        personnel,
        OfficeHeadMustBeDeputyDirectorError,
        lambda: personnel.establish_leadership_group(
            leader_id=leaders["director"], office_head_id=leaders["clerk"], member_ids=[]
        ),
    )
    group = personnel.establish_leadership_group(
        leader_id=leaders["director"], office_head_id=leaders["deputy"], member_ids=[leaders["other_deputy"]]
    )
    assert group.member_ids == [leaders["director"], leaders["deputy"], leaders["other_deputy"]]
    refused(
        personnel,
        LeadershipGroupAlreadyEstablishedError,
        lambda: personnel.establish_leadership_group(
            leader_id=leaders["director"], office_head_id=leaders["deputy"], member_ids=[]
        ),
    )


def test_the_office_meets_monthly_chaired_by_its_head_with_members_only(
    personnel: Personnel, leaders: dict[str, UUID]
) -> None:
    personnel.establish_leadership_group(
        leader_id=leaders["director"], office_head_id=leaders["deputy"], member_ids=[leaders["other_deputy"]]
    )
    refused(
        personnel,
        MeetingChairError,
        lambda: personnel.hold_office_meeting(
            held_at=at(2018, 1, 8, 1), chair_id=leaders["other_deputy"], attendee_ids=[], resolutions=[]
        ),
    )
    refused(
        personnel,
        AttendeeNotMemberError,
        lambda: personnel.hold_office_meeting(
            held_at=at(2018, 1, 8, 1), chair_id=leaders["deputy"], attendee_ids=[leaders["clerk"]], resolutions=[]
        ),
    )
    group = personnel.hold_office_meeting(
        held_at=at(2018, 1, 8, 1),
        chair_id=leaders["deputy"],
        attendee_ids=[leaders["director"]],
        resolutions=["一季度案卷评查由法规股牵头"],
    )
    (meeting,) = group.meetings
    assert (meeting.month, meeting.attendee_ids) == ("2018-01", [leaders["deputy"], leaders["director"]])
    refused(
        personnel,
        MonthlyMeetingAlreadyHeldError,
        lambda: personnel.hold_office_meeting(
            held_at=at(2018, 1, 29, 1), chair_id=leaders["deputy"], attendee_ids=[], resolutions=[]
        ),
    )
    personnel.hold_office_meeting(
        held_at=at(2018, 2, 5, 1), chair_id=leaders["deputy"], attendee_ids=[], resolutions=[]
    )


TARGETS = [
    TargetItem("case_quality", "案卷评查", 40, "mean_case_file_score", ">=90"),
    TargetItem("timeliness", "按时核查", 60, "leads_verified_on_time_rate", "100%"),
]


def test_a_target_letter_is_signed_by_the_director_and_the_unit_head_once_a_year(
    personnel: Personnel, leaders: dict[str, UUID]
) -> None:
    head = enrol(personnel, "所长", "STN03")

    def sign(head_id: UUID, director_id: UUID, targets: list[TargetItem] = TARGETS, year: int = 2018) -> object:
        return personnel.sign_target_letter(
            year=year,
            unit_id="STN03",
            head_officer_id=head_id,
            director_id=director_id,
            targets=targets,
            signed_at=at(2018, 1, 8),
        )

    refused(personnel, UnitHasNoHeadError, lambda: sign(head.id, leaders["director"]))
    personnel.appoint_unit_head("STN03", officer_id=head.id)
    refused(personnel, SignatoryNotUnitHeadError, lambda: sign(leaders["clerk"], leaders["director"]))
    refused(personnel, SignatoryNotDirectorError, lambda: sign(head.id, leaders["deputy"]))
    refused(personnel, TargetWeightsError, lambda: sign(head.id, leaders["director"], TARGETS[:1]))
    letter = sign(head.id, leaders["director"])
    assert [t["code"] for t in letter.targets] == ["case_quality", "timeliness"]  # type: ignore[attr-defined]
    refused(personnel, TargetLetterAlreadySignedError, lambda: sign(head.id, leaders["director"]))
    sign(head.id, leaders["director"], year=2019)
