"""The published roster (执法人员名单公示): each candidate judged on the event store at the instant of
publication, kept exactly as published, and published as `personnel.roster.published.v1`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from personnel.application import Personnel
from personnel.domain import RevocationReason
from personnel.domain.common import TimeInFutureError
from personnel.domain.errors import NobodyMayEnforceError, RosterPublicationNotFoundError
from personnel.domain.officer_records import RemovalReason
from personnel.domain.roster import RosterChannel
from personnel.integration import to_integration_event
from shared.contracts.personnel import RosterPublishedV1
from shared.domain import CommandContext, FixedClock, command_context
from tests.support.personnel import certify, enrol, train_and_post

LEGAL = CommandContext(actor_id="legal-li", actor_role="legal_affairs", correlation_id="r")


def certified(
    personnel: Personnel, name: str, number: str, unit_id: str = "STN03", scope_field: str = "land_resources"
) -> str:
    officer = enrol(personnel, name, unit_id)
    train_and_post(personnel, officer.id)
    certify(personnel, officer.id, number, scope_field=scope_field)
    return str(officer.id)


def test_only_officers_who_may_enforce_at_that_instant_are_published_in_number_order(
    personnel: Personnel,
) -> None:
    wang = certified(personnel, "王建国", "HN-LY-2017-0002", "ENF")
    li = certified(personnel, "李明", "HN-LY-2017-0001")
    zhao = certified(personnel, "赵强", "HN-LY-2017-0003")
    liu = certified(personnel, "刘洋", "HN-LY-2017-0004")
    chen = certified(personnel, "陈林", "HN-LY-2017-0000", scope_field="forestry")  # another field's certificate
    personnel.revoke_certificate(
        "HN-LY-2017-0003", reason=RevocationReason.ALTERED, decided_by="法制办", at=datetime(2018, 2, 1, tzinfo=UTC)
    )
    personnel.remove_from_enforcement_post(
        personnel.get_certificate("HN-LY-2017-0004").officer_id,
        reason=RemovalReason.ASSESSMENT, note="", decided_by="局长办公会", at=datetime(2018, 2, 2, tzinfo=UTC),
    )  # fmt: skip

    with command_context(LEGAL):
        publication = personnel.publish_roster(channel=RosterChannel.WEBSITE)

    assert [(line.officer_id, line.name, line.unit_id, line.certificate_no) for line in publication.lines] == [
        (li, "李明", "STN03", "HN-LY-2017-0001"),
        (wang, "王建国", "ENF", "HN-LY-2017-0002"),
    ]
    assert {zhao, liu, chen}.isdisjoint(line.officer_id for line in publication.lines)
    assert publication.as_of == date(2018, 3, 1)
    kept = personnel.get_roster_publication(publication.id)
    assert [line.certificate_no for line in kept.lines] == ["HN-LY-2017-0001", "HN-LY-2017-0002"]
    assert kept.lines[0].expires_on == date(2022, 6, 1)


def test_a_publication_entered_after_the_fact_is_judged_at_its_own_instant(personnel: Personnel) -> None:
    certified(personnel, "李明", "HN-LY-2017-0001")
    personnel.revoke_certificate(
        "HN-LY-2017-0001", reason=RevocationReason.ALTERED, decided_by="法制办", at=datetime(2018, 2, 1, tzinfo=UTC)
    )
    with command_context(LEGAL.backdated(datetime(2018, 1, 15, 2, tzinfo=UTC))):
        january = personnel.publish_roster(channel=RosterChannel.NOTICE_BOARD)
    assert [line.certificate_no for line in january.lines] == ["HN-LY-2017-0001"]
    assert (january.as_of, january.published_at) == (date(2018, 1, 15), datetime(2018, 1, 15, 2, tzinfo=UTC))
    with command_context(LEGAL):
        december = personnel.publish_roster(channel=RosterChannel.WEBSITE, at=datetime(2017, 12, 1, tzinfo=UTC))
        assert december.as_of == date(2017, 12, 1)
        with pytest.raises(NobodyMayEnforceError):
            personnel.publish_roster(channel=RosterChannel.WEBSITE)
        with pytest.raises(TimeInFutureError):
            personnel.publish_roster(channel=RosterChannel.WEBSITE, at=datetime(2019, 1, 1, tzinfo=UTC))


def test_a_later_change_does_not_rewrite_what_was_published(personnel: Personnel, clock: FixedClock) -> None:
    certified(personnel, "李明", "HN-LY-2017-0001")
    with command_context(LEGAL):
        publication = personnel.publish_roster(channel=RosterChannel.GAZETTE)
    personnel.revoke_certificate("HN-LY-2017-0001", reason=RevocationReason.ALTERED, decided_by="法制办")
    assert [line.certificate_no for line in personnel.get_roster_publication(publication.id).lines] == [
        "HN-LY-2017-0001"
    ]


def test_an_empty_roster_is_refused_and_writes_nothing(personnel: Personnel) -> None:
    before = personnel.recorder.max_notification_id()
    with command_context(LEGAL), pytest.raises(NobodyMayEnforceError):
        personnel.publish_roster(channel=RosterChannel.WEBSITE)
    assert personnel.recorder.max_notification_id() == before


def test_an_unknown_publication_is_not_found(personnel: Personnel) -> None:
    with pytest.raises(RosterPublicationNotFoundError):
        personnel.get_roster_publication(uuid4())
    certified(personnel, "李明", "HN-LY-2017-0001")
    with pytest.raises(RosterPublicationNotFoundError):
        personnel.get_roster_publication(personnel.get_certificate("HN-LY-2017-0001").id)  # another kind


def test_the_public_event_names_officers_and_certificates_but_not_names(personnel: Personnel) -> None:
    li = certified(personnel, "李明", "HN-LY-2017-0001")
    with command_context(LEGAL):
        publication = personnel.publish_roster(channel=RosterChannel.WEBSITE)
    (stored,) = personnel.stored_events(publication.id)
    public = to_integration_event(stored)
    assert isinstance(public, RosterPublishedV1)
    assert public.subject == "personnel.roster.published.v1"
    assert [(str(line.officer_id), line.certificate_no, line.unit_id) for line in public.lines] == [
        (li, "HN-LY-2017-0001", "STN03")
    ]
    assert "李明" not in public.model_dump_json()
    assert (public.as_of, public.channel) == (date(2018, 3, 1), "website")
