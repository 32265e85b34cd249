"""In-memory helpers for the procedure tests: an enforcer directory, officers, and a case walked
step by step, each helper doing one step with sensible defaults (a test overrides what it is about)."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from cases.application import Cases
from cases.domain.enforcers import Standing, TeamMember
from cases.domain.penalties import Penalty
from cases.domain.penalty_case import PenaltyCase
from shared.domain import CommandContext, FixedClock, command_context, set_clock
from shared.domain.calendar import BUREAU_TIMEZONE


def at(day: str, hour: int = 10) -> datetime:
    """A business time in the bureau's zone: `at("2018-03-01")`."""
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), BUREAU_TIMEZONE) + timedelta(hours=hour)


@dataclass
class Directory:
    """Certificates by officer: valid from the first day, until (not including) the last."""

    valid: dict[UUID, tuple[date, date, str]] = field(default_factory=dict)

    def certify(self, officer: UUID, since: str = "2017-01-01", until: str = "2022-01-01") -> UUID:
        self.valid[officer] = (date.fromisoformat(since), date.fromisoformat(until), f"HN-{str(officer)[:8]}")
        return officer

    def revoke(self, officer: UUID, on: str) -> None:
        since, _, number = self.valid[officer]
        self.valid[officer] = (since, date.fromisoformat(on), number)

    def standing_at(self, officer_ids: Sequence[UUID], at: datetime) -> Mapping[UUID, Standing]:
        day = at.astimezone(BUREAU_TIMEZONE).date()
        standings = {}
        for officer in officer_ids:
            if officer not in self.valid:
                standings[officer] = Standing(officer, False, None, "no_certificate")
                continue
            since, until, number = self.valid[officer]
            ok = since <= day < until
            standings[officer] = Standing(officer, ok, number, None if ok else "expired")
        return standings


@dataclass
class Cameras:
    """The body cameras of the asset register, by asset tag (the clips of these tests use ZFJLY-03)."""

    tags: set[str] = field(default_factory=lambda: {"ZFJLY-03"})

    def registered(self, device_ids: Collection[str]) -> set[str]:
        return set(device_ids) & self.tags


def shown(*officers: UUID) -> list[TeamMember]:
    return [TeamMember(o, True) for o in officers]


@contextmanager
def acting(role: str = "officer", unit: str | None = "STN03", actor: str = "officer-wang") -> Iterator[None]:
    with command_context(CommandContext(actor_id=actor, actor_role=role, correlation_id="c-1", actor_unit=unit)):
        yield


@dataclass
class World:
    """One bureau in memory: the application, its certificates, its officers and a controllable clock."""

    cases: Cases
    directory: Any  # a `Directory` in memory; the projected one in integration tests
    clock: FixedClock
    a: UUID
    b: UUID
    c: UUID
    reviewer: UUID
    legal: UUID
    director: UUID
    deputies: tuple[UUID, UUID]

    @classmethod
    def over(cls, cases: Cases, directory: Any, clock: FixedClock) -> World:
        """A world over a given application (on PostgreSQL in integration tests), with new officer ids."""
        return cls(cases, directory, clock, uuid4(), uuid4(), uuid4(), uuid4(), uuid4(), uuid4(), (uuid4(), uuid4()))

    def lead(self, register_no: str = "L-2018-001", **overrides: Any) -> UUID:
        args: dict[str, Any] = {
            "register_no": register_no,
            "source": "patrol",
            "unit_id": "STN03",
            "received_at": at("2018-03-01", 9),
            "location": {"township_code": "410322100", "village": "东村", "address": "东村北"},
            "description": "未批先建 on cultivated land",
            "reporter": None,
            "satellite_patch_id": None,
            "proposed_disposal": "verify on site",
        }
        args.update(overrides)
        return self.cases.register_lead(**args).id

    def verify(self, lead_id: UUID, **overrides: Any) -> None:
        args: dict[str, Any] = {
            "outcome": "violation_confirmed",
            "record_no": "HC-001",
            "officers": shown(self.a, self.b),
            "verified_at": at("2018-03-02"),
            "area_mu": 1.2,
            "cultivated_mu": 1.0,
            "basic_farmland_mu": 0.0,
            "violation_ongoing": False,
        }
        args.update(overrides)
        self.cases.verify_lead(lead_id, **args)

    def file(self, lead_id: UUID, case_no: str = "MJ-2018-001", **overrides: Any) -> PenaltyCase:
        args: dict[str, Any] = {
            "case_no": case_no,
            "filing_form_no": "LA-001",
            "unit_id": None,
            "party": {"type": "person", "name": "张三", "id_no": "410322198001010011"},
            "cause": "非法占用耕地建房",
            "facts_summary": "built on 1.0 mu of cultivated land without approval",
            "violation_type": "illegal_occupation",
            "conditions": dict.fromkeys(
                ("identified_party", "violation_fact", "liability", "jurisdiction", "within_limitation"), True
            ),
            "handling_officer_ids": [self.a, self.b],
            "approved_by": self.director,
            "filed_at": at("2018-03-05"),
        }
        args.update(overrides)
        return self.cases.file_case(lead_id, **args)

    def filed_case(self, case_no: str = "MJ-2018-001", **lead_overrides: Any) -> UUID:
        lead = self.lead(register_no=f"L-{case_no}", **lead_overrides)
        self.verify(lead)
        return self.file(lead, case_no).id

    def investigate(self, case_id: UUID, day: str = "2018-03-06") -> None:
        self.cases.record_inquiry(
            case_id,
            doc_no="XW-001",
            officers=shown(self.a, self.b),
            interviewee_role="party",
            interviewee_name="张三",
            started_at=at(day, 9),
            ended_at=at(day, 10),
            signed=True,
        )
        self.cases.record_site_survey(
            case_id,
            doc_no="KC-001",
            officers=shown(self.a, self.b),
            measured_area_mu=1.0,
            cultivated_mu=1.0,
            basic_farmland_mu=0.0,
            surveyor_org=None,
            map_ref="map-1",
            surveyed_at=at(day, 14),
        )

    def report(self, case_id: UUID, day: str = "2018-03-12", **overrides: Any) -> None:
        args: dict[str, Any] = {
            "report_no": "DC-001",
            "facts": "occupied 1.0 mu",
            "legal_basis": ["土地管理法 第七十六条"],
            "proposed_penalties": [Penalty("fine", 4_000), Penalty("demolish_within", None, 660.0)],
            "correction_order": "restore the land",
            "discretion_level": "ordinary",
            "is_major": False,
            "is_complex": False,
            "submitted_at": at(day),
        }
        args.update(overrides)
        self.cases.submit_investigation_report(case_id, **args)

    def review(self, case_id: UUID, day: str = "2018-03-13", outcome: str = "approved", **overrides: Any) -> None:
        args: dict[str, Any] = {
            "reviewer_id": self.reviewer,
            "opinion_no": f"SL-{day}",
            "checklist": dict.fromkeys(
                (
                    "filing_ok",
                    "party_ok",
                    "facts_evidence_ok",
                    "characterisation_ok",
                    "law_ok",
                    "procedure_ok",
                    "handling_ok",
                ),
                True,
            ),
            "outcome": outcome,
            "opinion": "facts clear",
            "reviewed_at": at(day),
        }
        args.update(overrides)
        self.cases.complete_case_review(case_id, **args)

    def notice(self, case_id: UUID, day: str = "2018-03-14", penalties: Sequence[Penalty] | None = None) -> None:
        self.cases.serve_penalty_notice(
            case_id,
            doc_no=f"GZ-{day}",
            penalties=list(penalties or [Penalty("fine", 4_000), Penalty("demolish_within", None, 660.0)]),
            service_method="direct",
            served_at=at(day),
        )

    def decide(self, case_id: UUID, day: str = "2018-03-26", penalties: Sequence[Penalty] | None = None) -> None:
        self.cases.decide_penalty(
            case_id,
            decision_no="JD-001",
            penalties=list(penalties or [Penalty("fine", 4_000), Penalty("demolish_within", None, 660.0)]),
            correction_order="restore",
            approved_by=self.director,
            decided_at=at(day),
        )


def new_world(start: datetime | None = None) -> Iterator[World]:
    clock = FixedClock(start or datetime(2018, 12, 31, tzinfo=UTC))
    previous = set_clock(clock)
    directory = Directory()
    world = World.over(Cases(enforcers=directory, cameras=Cameras()), directory, clock)
    for officer in (world.a, world.b, world.c):
        directory.certify(officer)
    try:
        with acting():
            yield world
    finally:
        set_clock(previous)


def decided_case(world: World, case_no: str = "MJ-2018-001", penalties: Sequence[Penalty] | None = None) -> UUID:
    """A case decided on Monday 26 March 2018 (fine 4,000 yuan and a demolition order unless told)."""
    case_id = world.filed_case(case_no)
    world.investigate(case_id)
    world.report(case_id)
    world.review(case_id)
    world.notice(case_id, penalties=penalties)
    world.cases.waive_statement(case_id, written=True, waived_at=at("2018-03-15"))
    world.decide(case_id, penalties=penalties)
    return case_id


def serve(world: World, case_id: UUID, day: str = "2018-03-27") -> None:
    world.cases.serve_decision(
        case_id,
        receipt_no=f"SD-{day}",
        method="direct",
        recipient="张三",
        officers=shown(world.a, world.b),
        served_at=at(day),
    )


def publish(world: World, case_id: UUID, day: str = "2018-03-28") -> None:
    world.cases.publish_decision(case_id, channel="website", reference=f"https://example/{day}", published_at=at(day))
