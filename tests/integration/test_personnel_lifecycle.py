"""Certificate lifecycles and post removals through real PostgreSQL and NATS: cases' enforcer view,
assessment's roster and history, and personnel's directory answer as personnel itself does, at every
instant; duplicates change nothing and a rebuild gives the same rows."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import asyncpg
import psycopg

from assessment.projections import RosterProjection
from assessment.readmodel.queries import certified_roster, officer_history, oldest_first
from cases.projections import EnforcersProjection
from cases.readmodel.enforcers import enforcers_at, standing_at
from personnel.application import Personnel
from personnel.domain import (
    CancellationReason,
    ExamKind,
    ReplacementReason,
    ReviewResult,
    RevocationReason,
    SuspensionReason,
    TrainingKind,
    UnitKind,
)
from personnel.domain.common import day_start
from personnel.projections import DirectoryProjection
from personnel.readmodel.directory import public_roster
from shared.domain import FixedClock
from shared.messaging.consumer import rebuild
from shared.messaging.projection import Projection
from tests.support.backbone import Backbone, count, table_dump
from tests.support.consumers import consumer_state
from tests.support.personnel import TEST_UNITS, certify, enrol, register_units, train_and_post
from tests.support.wait import eventually

SANCTION = UUID("3e5f7a9b-1c2d-4e6f-8a0b-2c4d6e8f0a1b")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Cast:
    officers: dict[str, UUID]
    public_events: int


def scenario(personnel: Personnel) -> Cast:
    """Seven officers, each with one kind of history, recorded as of 2018-03-01."""
    register_units(personnel, {**TEST_UNITS, "STN04": UnitKind.STATION})
    ids = {
        name: enrol(personnel, name, unit).id
        for name, unit in [
            ("suspended", "STN01"),
            ("revoked", "STN02"),
            ("expired", "STN03"),
            ("removed", "ENF"),
            ("failed_review", "LEGAL"),
            ("replaced", "STN04"),
            ("uncertified", "STN05"),
        ]
    }
    for name, officer_id in ids.items():
        if name != "uncertified":
            train_and_post(personnel, officer_id)
            certify(
                personnel,
                officer_id,
                f"HN-{name.upper()}",
                expires_on=date(2018, 1, 1) if name == "expired" else None,
            )
    personnel.suspend_certificate(
        "HN-SUSPENDED",
        reason=SuspensionReason.NOT_SHOWN,
        until=date(2017, 9, 1),
        decided_by="法规股",
        at=at(2017, 8, 1, 3),
    )
    personnel.suspend_certificate(
        "HN-SUSPENDED", reason=SuspensionReason.REFUSED_SUPERVISION, until=None, decided_by="法规股", at=at(2017, 10, 1)
    )
    personnel.reinstate_certificate("HN-SUSPENDED", note="整改", at=at(2017, 10, 20, 6))
    personnel.review_certificate(
        "HN-SUSPENDED", period="2018", result=ReviewResult.PASSED, notes="", reviewed_at=at(2018, 2, 1)
    )
    # Overlapping suspensions: showing the card ends its own; the sanction runs on past "today".
    personnel.suspend_certificate(
        "HN-SUSPENDED", reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="法规股", at=at(2018, 2, 10)
    )
    personnel.suspend_certificate(
        "HN-SUSPENDED",
        reason=SuspensionReason.ACCOUNTABILITY_SANCTION,
        until=date(2018, 4, 1),
        decided_by="局长办公会",
        at=at(2018, 2, 12, 3),
        accountability_id=SANCTION,
    )
    personnel.reinstate_certificate(
        "HN-SUSPENDED", note="亮证整改", at=at(2018, 2, 20, 1), reason=SuspensionReason.NOT_SHOWN
    )
    personnel.suspend_certificate(
        "HN-REVOKED", reason=SuspensionReason.NOT_SHOWN, until=None, decided_by="d", at=at(2017, 11, 1)
    )
    personnel.revoke_certificate("HN-REVOKED", reason=RevocationReason.LENT, decided_by="法制办", at=at(2017, 12, 1, 2))
    personnel.record_certificate_expiry("HN-EXPIRED")
    personnel.hold_training_session(
        kind=TrainingKind.QUARTERLY_COURSE,
        held_at=at(2017, 9, 8),
        topics=["土地管理法"],
        trainer="法制办",
        attendee_ids=[ids["removed"], ids["suspended"]],
    )
    for attempt, when in ((1, at(2017, 9, 15)), (2, at(2017, 9, 29, 2))):
        personnel.record_exam(
            ids["removed"],
            exam_round="2017Q3",
            kind=ExamKind.QUARTERLY_COURSE,
            attempt_no=attempt,
            score=40,
            closed_book=True,
            taken_at=when,
        )
    personnel.restore_to_enforcement_post(
        ids["removed"], reason="2017Q4 合格", decided_by="局长办公会", at=at(2018, 1, 5)
    )
    personnel.review_certificate(
        "HN-FAILED_REVIEW", period="2018", result=ReviewResult.FAILED, notes="", reviewed_at=at(2018, 1, 10)
    )
    personnel.replace_certificate(
        "HN-REPLACED", new_no="HN-REPLACED-2", reason=ReplacementReason.DAMAGED, at=at(2017, 11, 11)
    )
    personnel.cancel_certificate("HN-REPLACED-2", reason=CancellationReason.RETIRED, at=at(2018, 2, 20))
    public = 0
    from personnel.integration import to_integration_event

    for notification in personnel.recorder.select_notifications(1, 10_000):
        public += to_integration_event(personnel.mapper.to_domain_event(notification)) is not None
    return Cast(ids, public)


INSTANTS = [at(2017, 5, 1) + timedelta(days=3 * i, hours=5 * i % 24) for i in range(102)]


async def project_everything(backbone: Backbone, fixed_clock: FixedClock) -> Cast:
    cast = await asyncio.to_thread(scenario, backbone.personnel)
    jobs = [
        backbone.start(backbone.relay()),
        backbone.start(backbone.runner(EnforcersProjection(), backbone.cases_pool)),
        backbone.start(backbone.runner(RosterProjection(), backbone.assessment_pool)),
        backbone.start(backbone.runner(DirectoryProjection(), backbone.personnel_pool)),
    ]
    await eventually(lambda: _all_applied(backbone, cast.public_events))
    for job in jobs:
        await job.halt()
    return cast


async def test_cases_assessment_and_the_directory_answer_as_personnel(
    backbone: Backbone, database_url: str, fixed_clock: FixedClock
) -> None:
    cast = await project_everything(backbone, fixed_clock)
    officers = list(cast.officers.values())

    def compare_cases() -> int:
        checked = 0
        with psycopg.connect(database_url, options="-c search_path=cases") as conn:
            for instant in INSTANTS:
                standings = standing_at(conn, officers, instant)
                for officer_id in officers:
                    expected = backbone.personnel.standing(officer_id, instant)
                    got = standings[officer_id]
                    assert (got.can_enforce, got.certificate_no, got.reason) == (
                        expected.can_enforce,
                        expected.certificate_no,
                        expected.reason,
                    ), (instant, officer_id)
                    checked += 1
        return checked

    assert await asyncio.to_thread(compare_cases) == len(INSTANTS) * len(officers)
    reasons = {
        name: backbone.personnel.standing(officer_id, at(2017, 10, 10)).reason
        for name, officer_id in cast.officers.items()
    }
    assert reasons == {
        "suspended": "suspended",
        "revoked": None,  # its suspension starts on 1 November
        "expired": None,
        "removed": "removed_from_post",
        "failed_review": None,
        "replaced": None,
        "uncertified": "no_certificate",
    }

    for instant in INSTANTS[::10]:
        listed = {row["officer_id"] for row in await enforcers_at(backbone.cases_pool, instant, "land_resources")}
        expected = {o for o in officers if backbone.personnel.standing(o, instant).can_enforce}
        assert listed == expected, instant

    for day in [date(2017, 8, 15), date(2017, 10, 10), date(2017, 12, 15), date(2018, 1, 20), date(2018, 2, 25)]:
        close = day_start(day + timedelta(days=1)) - timedelta(microseconds=1)
        on_roster = {entry["officer_id"] for entry in await certified_roster(backbone.assessment_pool, day)}
        assert on_roster == {o for o in officers if backbone.personnel.standing(o, close).can_enforce}, day

    today = {row["certificate_no"] for row in await public_roster(backbone.personnel_pool, date(2018, 3, 1), 100, None)}
    assert today == {
        backbone.personnel.standing(o, fixed_clock.now()).certificate_no
        for o in officers
        if backbone.personnel.standing(o, fixed_clock.now()).can_enforce
    }
    assert today == {"HN-REMOVED"}  # HN-SUSPENDED's sanction runs to 1 April, past its reinstatement


async def test_the_officer_history_holds_every_personnel_event_about_the_officer(
    backbone: Backbone, fixed_clock: FixedClock
) -> None:
    cast = await project_everything(backbone, fixed_clock)
    removed = cast.officers["removed"]
    recorded = await officer_history(backbone.assessment_pool, removed)  # in the order personnel recorded it
    assert [entry["position"] for entry in recorded] == sorted(entry["position"] for entry in recorded)
    entries = oldest_first(recorded)  # by business time, as the route shows a page
    assert [entry["occurred_at"] for entry in entries] != [entry["occurred_at"] for entry in recorded]
    types = [entry["event_type"] for entry in entries]
    assert Counter(types) == Counter(
        [
            "personnel.officer.enrolled.v1",
            "personnel.training_session.held.v1",  # pre-post training
            "personnel.officer.post_assigned.v1",
            "personnel.exam.taken.v1",  # the qualification exam
            "personnel.certificate.applied.v1",
            "personnel.certificate.issued.v1",
            "personnel.training_session.held.v1",  # the quarterly course
            "personnel.exam.taken.v1",
            "personnel.exam.taken.v1",
            "personnel.officer.enforcement_post_removed.v1",
            "personnel.officer.enforcement_post_restored.v1",
        ]
    )
    removal = next(e for e in entries if e["event_type"] == "personnel.officer.enforcement_post_removed.v1")
    assert (removal["data"]["reason"], removal["actor"]["role"]) == ("exam_failed_twice", "system")
    from personnel.domain import Officer

    stored = [
        type(e).__qualname__
        for e in backbone.personnel.officer_history(removed)
        if type(e) not in (Officer.PrePostTrainingCompleted, Officer.CertificateLinked)
    ]
    assert len(stored) == len(types) - 3  # two training sessions and the certificate are other aggregates


async def test_duplicates_change_nothing_and_a_rebuild_gives_the_same_rows(
    backbone: Backbone, fixed_clock: FixedClock
) -> None:
    cast = await project_everything(backbone, fixed_clock)
    projections: list[tuple[Projection, asyncpg.Pool]] = [
        (EnforcersProjection(), backbone.cases_pool),
        (RosterProjection(), backbone.assessment_pool),
        (DirectoryProjection(), backbone.personnel_pool),
    ]
    before = {p.name: [await table_dump(pool, t) for t in p.tables] for p, pool in projections}
    assert await count(backbone.cases_pool, "SELECT count(*) FROM enforcer_certificate_periods") == 8

    js = backbone.nc.jetstream()
    subscription = await js.subscribe("personnel.>", ordered_consumer=True)
    originals = [await subscription.next_msg(timeout=5) for _ in range(cast.public_events)]
    await subscription.unsubscribe()
    for message in originals:  # every message again, under new ids: only the consumers can tell
        await js.publish(message.subject, message.data, headers={"Nats-Msg-Id": f"again-{message.reply}"})
    for projection, pool in projections:
        await rebuild(js, pool, projection)
    runners = [backbone.start(backbone.runner(p, pool)) for p, pool in projections]
    await eventually(lambda: _all_applied(backbone, cast.public_events), timeout=40)
    await eventually(lambda: _all_settled(backbone, [p.name for p, _ in projections]), timeout=40)
    for runner in runners:
        await runner.halt()
    after = {p.name: [await table_dump(pool, t) for t in p.tables] for p, pool in projections}
    assert after == before


async def _all_applied(backbone: Backbone, expected: int) -> bool:
    applied = "SELECT count(*) FROM consumer_applied WHERE projection = $1"
    return (
        await count(backbone.cases_pool, applied, "cases-enforcers") == expected
        and await count(backbone.assessment_pool, applied, "assessment-roster") == expected
        and await count(backbone.personnel_pool, applied, "personnel-directory") == expected
    )


async def _all_settled(backbone: Backbone, projections: list[str]) -> bool:
    for projection in projections:
        info = await consumer_state(backbone.nc.jetstream(), "PERSONNEL", f"{projection}--personnel")
        if info is None or info.num_pending or info.num_ack_pending:
            return False
    return True
