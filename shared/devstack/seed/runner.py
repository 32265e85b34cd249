"""Running the demo's phases in the order things happened, and what a run reports."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shared.devstack.keys import DevKeys
from shared.devstack.seed import (
    assessment,
    casework,
    certification,
    checks,
    equipment,
    expropriation,
    file_reviews,
    normative,
    organisation,
    patrols,
    powers,
    satellite,
    training,
)
from shared.devstack.seed.client import SeedClient, Tally
from shared.devstack.seed.staff import Scale, plan_staff
from shared.devstack.seed.world import World

Step = Callable[[World], None]

PHASES: tuple[tuple[str, tuple[Step, ...]], ...] = (
    (
        "organisation",
        (
            organisation.register_units,
            organisation.enrol_staff,
            organisation.post_staff_without_certificates,
        ),
    ),
    (
        "certificates",
        (
            certification.certify_holders,
            certification.review_first_batch,
            certification.examine_applicant,
        ),
    ),
    (
        "leadership",
        (
            organisation.appoint_heads,
            organisation.establish_leadership_group,
            organisation.sign_target_letters,
            organisation.hold_office_meetings,
        ),
    ),
    ("equipment", (equipment.record_budget_and_assets,)),
    ("powers and duties", (powers.confirm_subject_and_publish_powers, powers.assign_duties)),
    ("training", (training.hold_weekly_studies, training.quarterly_courses_first_half)),
    (
        "satellite inspection",
        (
            casework.wait_for_enforcers,
            equipment.wait_for_body_cameras,
            satellite.inspect_2017,
            satellite.rank_the_county,
        ),
    ),
    ("case work", (casework.april, casework.may, file_reviews.review_monthly_samples)),
    ("patrols", (patrols.patrol_months,)),
    ("normative documents", (normative.publish_documents,)),
    ("expropriation", (expropriation.run_projects, expropriation.close_farmland_balance)),
    (
        "assessment",
        (
            assessment.record_public_evaluations,
            assessment.hold_matter_for_late_verification,
            assessment.handle_complaints,
            assessment.close_rankings,
            assessment.transfer_weak_station_head,
        ),
    ),
    ("publicity", (powers.publish_roster,)),
    ("third quarter", (training.quarterly_course_third_quarter, organisation.retire_an_officer)),
    ("checks", (checks.report_present_day_breaches,)),
)


@dataclass
class SeedReport:
    scale: str
    seed: int
    tally: Tally
    requests: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(self.tally.created.values())

    @property
    def existing(self) -> int:
        return sum(self.tally.existing.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "seed": self.seed,
            "created": dict(sorted(self.tally.created.items())),
            "existing": dict(sorted(self.tally.existing.items())),
            "created_total": self.created,
            "existing_total": self.existing,
            "requests": self.requests,
            "seconds": round(self.seconds, 1),
            "phases": {name: round(seconds, 1) for name, seconds in self.phases.items()},
            "facts": self.facts,
            "warnings": self.warnings,
        }


def run_seed(
    gateway_url: str,
    keys: DevKeys,
    *,
    scale: Scale,
    seed: int,
    progress: Callable[[str], None] = lambda _: None,
) -> SeedReport:
    started = time.monotonic()
    client = SeedClient(gateway_url, keys)
    world = World(client=client, staff=plan_staff(scale, seed), scale=scale, seed=seed)
    report = SeedReport(scale=scale.value, seed=seed, tally=client.tally)
    try:
        for name, steps in PHASES:
            phase_started = time.monotonic()
            progress(f"{name}…")
            for step in steps:
                step(world)
            report.phases[name] = time.monotonic() - phase_started
    finally:
        client.close()
        report.requests = client.tally.requests
        report.seconds = time.monotonic() - started
        report.facts = world.facts
        report.warnings = world.warnings
    return report
