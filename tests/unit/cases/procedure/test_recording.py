"""Full-process recording (执法全过程记录): the body-camera clips of acts on site or before the party
are accepted with the act, checked, stored in its event and published with it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from cases.domain.lead import ViolationLead
from cases.domain.penalties import Penalty
from cases.domain.penalty_case import PenaltyCase
from cases.domain.recording import (
    ClipAlreadyRecordedError,
    ClipDeviceNotRegisteredError,
    ClipOfficerNotActingError,
    ClipOutsideActError,
    RecordedClip,
)
from cases.integration import to_integration_event
from shared.contracts.cases import CaseStepCompletedV1, LeadStopOrderIssuedV1, LeadVerifiedV1
from shared.domain import DomainError, InvalidInputError
from tests.unit.cases.procedure.support import Cameras, World, at, decided_case, shown
from tests.unit.cases.procedure.test_http import Api, team
from tests.unit.cases.procedure.test_notice_and_decision import reviewed_case

HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def clip(officer: UUID, start: datetime, end: datetime, clip_id: str = "JLY-1", **overrides: Any) -> dict[str, Any]:
    return {
        "clip_id": clip_id,
        "device_id": "ZFJLY-03",
        "officer_id": officer,
        "started_at": start,
        "ended_at": end,
        "storage_ref": f"evidence://bodycam/{clip_id}.mp4",
        "sha256": HASH,
        **overrides,
    }


def inquiry(world: World, case_id: UUID, clips: list[dict[str, Any]], doc_no: str = "XW-9") -> PenaltyCase:
    return world.cases.record_inquiry(
        case_id,
        doc_no=doc_no,
        officers=shown(world.a, world.b),
        interviewee_role="witness",
        interviewee_name="李四",
        started_at=at("2018-03-07", 9),
        ended_at=at("2018-03-07", 10),
        signed=True,
        clips=clips,
    )


def last_public(world: World, aggregate_id: UUID) -> Any:
    return to_integration_event(world.cases.stored_events(aggregate_id)[-1])


def refused_without_writing(world: World, case_id: UUID, command: Callable[[], object]) -> DomainError:
    version = world.cases.case(case_id).version
    with pytest.raises(DomainError) as refused:
        command()
    assert world.cases.case(case_id).version == version
    return refused.value


def test_an_inquiry_carries_the_clips_that_recorded_it_into_its_public_event(world: World) -> None:
    case_id = world.filed_case()
    recorded = [
        clip(world.a, at("2018-03-07", 9), at("2018-03-07", 10)),
        clip(world.b, at("2018-03-07", 8), at("2018-03-07", 9), clip_id="JLY-2", sha256=HASH.upper()),
    ]
    inquiry(world, case_id, recorded)
    public = last_public(world, case_id)
    assert isinstance(public, CaseStepCompletedV1)
    assert public.record == "inquiry_recorded"
    assert [(c.clip_id, c.officer_id, c.device_id) for c in public.clips] == [
        ("JLY-1", world.a, "ZFJLY-03"),
        ("JLY-2", world.b, "ZFJLY-03"),
    ]
    assert {c.sha256 for c in public.clips} == {HASH}  # stored lower-case
    assert public.clips[0].started_at == at("2018-03-07", 9)
    taken: RecordedClip = world.cases.repository.get(RecordedClip.create_id("JLY-1"))
    assert (taken.act_kind, taken.act_id, taken.record) == ("case", case_id, "inquiry_recorded")


def test_a_decision_served_and_a_demolition_verified_accept_their_clips(world: World) -> None:
    case_id = decided_case(world)
    world.cases.serve_decision(
        case_id, receipt_no="SD-1", method="direct", recipient="张三", officers=shown(world.a, world.b),
        served_at=at("2018-03-27"), clips=[clip(world.b, at("2018-03-27", 9), at("2018-03-27", 10), "D-1")],
    )  # fmt: skip
    assert [c.clip_id for c in last_public(world, case_id).clips] == ["D-1"]
    world.cases.verify_demolition(
        case_id, record_no="CC-1", restored_area_mu=1.0, officers=shown(world.a, world.b),
        verified_at=at("2018-04-20"), clips=[clip(world.a, at("2018-04-20", 9), at("2018-04-20", 10), "V-1")],
    )  # fmt: skip
    verified = [e for e in world.cases.stored_events(case_id) if type(e).__name__ == "DemolitionVerified"][-1]
    public = to_integration_event(verified)
    assert isinstance(public, CaseStepCompletedV1)
    assert (public.record, [c.clip_id for c in public.clips]) == ("demolition_verified", ["V-1"])


def test_a_decision_served_by_post_has_nobody_on_site_to_wear_a_camera(world: World) -> None:
    case_id = decided_case(world)
    with pytest.raises(ClipOfficerNotActingError):
        world.cases.serve_decision(
            case_id, receipt_no=None, method="postal", recipient="张三", officers=[], served_at=at("2018-03-27"),
            clips=[clip(world.b, at("2018-03-27", 9), at("2018-03-27", 10), "D-1")],
        )  # fmt: skip


def test_a_site_survey_and_evidence_accept_their_clips_and_an_act_without_clips_publishes_none(
    world: World,
) -> None:
    case_id = world.filed_case()
    world.cases.record_site_survey(
        case_id, doc_no="KC-9", officers=shown(world.a, world.b), measured_area_mu=1.0, cultivated_mu=1.0,
        basic_farmland_mu=0.0, surveyor_org=None, map_ref=None, surveyed_at=at("2018-03-06", 9),
        clips=[clip(world.a, at("2018-03-06", 8), at("2018-03-06", 9), "S-1")],
    )  # fmt: skip
    assert [c.clip_id for c in last_public(world, case_id).clips] == ["S-1"]
    assert world.cases.repository.get(RecordedClip.create_id("s-1")).record == "site_survey_recorded"
    world.cases.collect_evidence(
        case_id, doc_no="ZJ-9", officers=shown(world.a, world.b), kind="physical", original=True,
        description="photos", collected_at=at("2018-03-07", 9),
        clips=[clip(world.b, at("2018-03-07", 8), at("2018-03-07", 9), "E-1")],
    )  # fmt: skip
    assert [c.clip_id for c in last_public(world, case_id).clips] == ["E-1"]
    world.investigate(case_id)
    assert last_public(world, case_id).clips == []


def test_a_lead_verified_on_site_publishes_its_clips(world: World) -> None:
    lead_id = world.lead()
    world.verify(lead_id, clips=[clip(world.a, at("2018-03-02", 9), at("2018-03-02", 10), "L-1")])
    public = last_public(world, lead_id)
    assert isinstance(public, LeadVerifiedV1)
    assert [(c.clip_id, c.officer_id) for c in public.clips] == [("L-1", world.a)]


def test_a_stop_order_served_on_site_publishes_its_clips_and_refuses_one_worn_by_nobody_acting(
    world: World,
) -> None:
    lead_id = world.lead()
    world.verify(lead_id, violation_ongoing=True)

    def stop(clips: list[dict[str, Any]], doc_no: str = "ZL-1") -> None:
        world.cases.issue_stop_order(
            lead_id, doc_no=doc_no, correction_order_no=None, party="张三", officers=shown(world.a, world.b),
            issued_at=at("2018-03-03", 10), clips=clips,
        )  # fmt: skip

    version = world.cases.lead(lead_id).version
    with pytest.raises(ClipOfficerNotActingError):
        stop([clip(world.c, at("2018-03-03", 9), at("2018-03-03", 10), "S-0")])
    assert world.cases.lead(lead_id).version == version
    assert RecordedClip.create_id("S-0") not in world.cases.repository
    stop([clip(world.b, at("2018-03-03", 9), at("2018-03-03", 10), "S-1")])
    public = last_public(world, lead_id)
    assert isinstance(public, LeadStopOrderIssuedV1)
    assert [(c.clip_id, c.officer_id) for c in public.clips] == [("S-1", world.b)]
    recorded: RecordedClip = world.cases.repository.get(RecordedClip.create_id("S-1"))
    assert (recorded.act_kind, recorded.act_id, recorded.record) == ("lead", lead_id, "stop_order_issued")
    # A stop order stored before it took clips reads as recorded without any.
    mapper = world.cases.mapper
    stored = mapper.to_stored_event(world.cases.stored_events(lead_id)[-1])
    state = mapper.transcoder.decode(stored.state)
    assert state.pop("class_version") == 2
    del state["clips"]
    older = type(stored)(
        originator_id=stored.originator_id, originator_version=stored.originator_version, topic=stored.topic,
        state=mapper.transcoder.encode(state),
    )  # fmt: skip
    assert mapper.to_domain_event(older).clips == []  # type: ignore[attr-defined]


def test_a_hearing_is_recorded_by_its_presider_or_the_investigators_presenting_the_case(world: World) -> None:
    case_id = reviewed_case(world)
    world.notice(case_id, penalties=[Penalty("fine", 8_000)])  # a fine this large opens a hearing
    world.cases.notify_hearing_right(case_id, doc_no="TZ-1", served_at=at("2018-03-14", 11))
    world.cases.request_hearing(case_id, requested_at=at("2018-03-16"))
    world.cases.schedule_hearing(
        case_id, notice_no="TT-1", hearing_at=at("2018-03-28"), presider_id=world.legal, public=True,
        notified_at=at("2018-03-19"),
    )  # fmt: skip
    held = at("2018-03-28", 15)
    outsider = clip(world.c, at("2018-03-28", 14), held, "H-0")
    with pytest.raises(ClipOfficerNotActingError):
        world.cases.hold_hearing(case_id, transcript_no="BL-1", report_no="BG-1", held_at=held, clips=[outsider])
    world.cases.hold_hearing(
        case_id, transcript_no="BL-1", report_no="BG-1", held_at=held,
        clips=[clip(world.legal, at("2018-03-28", 14), held, "H-1"), clip(world.a, at("2018-03-28", 14), held, "H-2")],
    )  # fmt: skip
    public = last_public(world, case_id)
    assert (public.record, [c.clip_id for c in public.clips]) == ("hearing_held", ["H-1", "H-2"])


def test_a_clip_worn_by_an_officer_who_did_not_act_is_refused(world: World) -> None:
    case_id = world.filed_case()
    refused = refused_without_writing(
        world, case_id, lambda: inquiry(world, case_id, [clip(world.c, at("2018-03-07", 9), at("2018-03-07", 10))])
    )
    assert isinstance(refused, ClipOfficerNotActingError)
    assert refused.code == "clip_officer_not_acting"
    assert refused.details["officer_id"] == str(world.c)
    assert sorted(refused.details["acting_officer_ids"]) == sorted([str(world.a), str(world.b)])
    assert RecordedClip.create_id("JLY-1") not in world.cases.repository


def test_a_clip_must_overlap_the_act_it_recorded(world: World) -> None:
    case_id = world.filed_case()
    act = at("2018-03-07", 10)  # the inquiry's end
    after = clip(world.a, act + timedelta(minutes=1), act + timedelta(hours=1))
    refused = refused_without_writing(world, case_id, lambda: inquiry(world, case_id, [after]))
    assert isinstance(refused, ClipOutsideActError)
    assert refused.details["latest_start"] == act.isoformat()
    too_early = clip(world.a, act - timedelta(hours=14), act - timedelta(hours=12, seconds=1))
    refused = refused_without_writing(world, case_id, lambda: inquiry(world, case_id, [too_early]))
    assert isinstance(refused, ClipOutsideActError)
    assert refused.details["earliest_end"] == (act - timedelta(hours=12)).isoformat()
    inquiry(world, case_id, [clip(world.a, act - timedelta(hours=13), act - timedelta(hours=12))])  # the limit


def test_a_clip_ending_before_it_starts_or_with_a_malformed_hash_is_invalid(world: World) -> None:
    case_id = world.filed_case()
    backwards = clip(world.a, at("2018-03-07", 10), at("2018-03-07", 9))
    refused = refused_without_writing(world, case_id, lambda: inquiry(world, case_id, [backwards]))
    assert isinstance(refused, InvalidInputError)
    assert refused.details == {"field": "clips[0].ended_at"}
    for bad in ("abc", HASH[:-1] + "g", HASH + "0"):
        malformed = clip(world.a, at("2018-03-07", 9), at("2018-03-07", 10), sha256=bad)
        refused = refused_without_writing(world, case_id, functools.partial(inquiry, world, case_id, [malformed]))
        assert isinstance(refused, InvalidInputError)
        assert refused.details == {"field": "clips[0].sha256"}


def test_a_clip_records_one_act_only(world: World) -> None:
    case_id = world.filed_case()
    lead_id = world.lead("L-OTHER")
    first = clip(world.a, at("2018-03-07", 9), at("2018-03-07", 10), "JLY-7")
    inquiry(world, case_id, [first])
    again = refused_without_writing(world, case_id, lambda: inquiry(world, case_id, [first], doc_no="XW-10"))
    assert isinstance(again, ClipAlreadyRecordedError)
    assert again.code == "clip_already_recorded"
    assert again.details == {
        "rule": "clip_once",
        "clip_id": "JLY-7",
        "recorded_with": {"kind": "case", "id": str(case_id), "record": "inquiry_recorded"},
    }
    # The same id in other letter case is the same clip; a lead's verification cannot take it either.
    with pytest.raises(ClipAlreadyRecordedError):
        world.verify(lead_id, clips=[{**first, "clip_id": "jly-7", "started_at": at("2018-03-02", 9),
                                      "ended_at": at("2018-03-02", 10)}])  # fmt: skip
    assert world.cases.lead(lead_id).outcome is None
    twice = [first | {"clip_id": "JLY-8"}, first | {"clip_id": "JLY-8"}]
    refused = refused_without_writing(world, case_id, lambda: inquiry(world, case_id, twice, doc_no="XW-11"))
    assert isinstance(refused, ClipAlreadyRecordedError)
    assert RecordedClip.create_id("JLY-8") not in world.cases.repository


def test_events_stored_before_clips_existed_read_as_recorded_without_clips(world: World) -> None:
    case_id = world.filed_case()
    world.investigate(case_id)
    lead_id = world.cases.case(case_id).lead_id
    mapper = world.cases.mapper
    for aggregate_id, name in ((case_id, "InquiryRecorded"), (lead_id, "Verified")):
        event = next(e for e in world.cases.stored_events(aggregate_id) if type(e).__name__ == name)
        stored = mapper.to_stored_event(event)
        state = mapper.transcoder.decode(stored.state)
        assert state.pop("class_version") == 2
        del state["clips"]
        older = type(stored)(
            originator_id=stored.originator_id,
            originator_version=stored.originator_version,
            topic=stored.topic,
            state=mapper.transcoder.encode(state),
        )
        assert mapper.to_domain_event(older).clips == []  # type: ignore[attr-defined]
    assert isinstance(world.cases.lead(lead_id), ViolationLead)


def test_over_http_a_malformed_clip_is_a_422_and_a_reused_clip_a_409_naming_the_rule(world: World) -> None:
    api = Api(world.cases)
    case_id = world.filed_case()
    on_camera = {
        "clip_id": "JLY-20",
        "device_id": "ZFJLY-03",
        "officer_id": str(world.a),
        "started_at": "2018-03-07T09:00:00+08:00",
        "ended_at": "2018-03-07T10:00:00+08:00",
        "storage_ref": "evidence://bodycam/JLY-20.mp4",
        "sha256": HASH,
    }
    body = {
        "doc_no": "XW-20",
        "officers": team(world),
        "interviewee_role": "party",
        "interviewee_name": "张三",
        "started_at": "2018-03-07T09:00:00+08:00",
        "ended_at": "2018-03-07T10:00:00+08:00",
        "signed": True,
        "clips": [on_camera],
    }
    malformed = api.post(f"/cases/{case_id}/inquiries", {**body, "clips": [{**on_camera, "sha256": "00"}]})
    assert malformed.status_code == 422
    assert malformed.headers["content-type"] == "application/problem+json"
    recorded = api.post(f"/cases/{case_id}/inquiries", body)
    assert recorded.status_code == 200, recorded.text
    reused = api.post(f"/cases/{case_id}/inquiries", {**body, "doc_no": "XW-21"})
    assert reused.status_code == 409
    assert reused.json()["code"] == "clip_already_recorded"
    assert reused.json()["details"]["rule"] == "clip_once"
    unregistered = {**on_camera, "clip_id": "JLY-21", "device_id": "ZFJLY-99"}
    foreign = api.post(f"/cases/{case_id}/inquiries", {**body, "doc_no": "XW-22", "clips": [unregistered]})
    assert foreign.status_code == 409
    assert foreign.headers["content-type"] == "application/problem+json"
    assert foreign.json()["code"] == "clip_device_not_registered"
    assert foreign.json()["details"] == {"rule": "clip_device_registered", "device_ids": ["ZFJLY-99"]}
    assert api.get(f"/cases/{case_id}").json()["version"] == recorded.json()["version"]


def test_a_clip_is_accepted_only_from_a_camera_of_the_asset_register(world: World) -> None:
    case_id = world.filed_case()
    lead_id = world.lead("L-OTHER")
    cameras = world.cases.cameras
    assert isinstance(cameras, Cameras)
    unknown = clip(world.a, at("2018-03-07", 9), at("2018-03-07", 10), "JLY-30", device_id="ZFJLY-77")
    refused = refused_without_writing(
        world,
        case_id,
        lambda: inquiry(world, case_id, [unknown, clip(world.b, at("2018-03-07", 9), at("2018-03-07", 10), "JLY-31")]),
    )
    assert isinstance(refused, ClipDeviceNotRegisteredError)
    assert refused.details == {"rule": "clip_device_registered", "device_ids": ["ZFJLY-77"]}
    assert RecordedClip.create_id("JLY-31") not in world.cases.repository  # the act's other clip neither
    with pytest.raises(ClipDeviceNotRegisteredError):
        world.verify(lead_id, clips=[unknown | {"started_at": at("2018-03-02", 9), "ended_at": at("2018-03-02", 10)}])
    assert world.cases.lead(lead_id).outcome is None
    cameras.tags.add("ZFJLY-77")  # registered in personnel, and projected into cases
    inquiry(world, case_id, [unknown])
    assert [c.device_id for c in last_public(world, case_id).clips] == ["ZFJLY-77"]
