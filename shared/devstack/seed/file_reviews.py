"""Case-file review (案卷评查, DOMAIN §4.2, §9.2 "10% sample monthly"): each month's sample of closed
cases is scored in June by the deputy director who heads the leadership group's office, with the
legal section's head; one file loses points for a minor defect of its documents. Which cases are
drawn and the defect are illustrative [DESIGN]."""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.devstack.seed.timeline import when, working_day_after
from shared.devstack.seed.world import CASES, World

REVIEWED = date(2018, 6, 4)
SAMPLED_PATHS = ("fine_paid", "demolition")  # decided without the leadership's collective discussion


def _sample(world: World) -> list[tuple[str, dict[str, Any]]]:
    """The first case of each month's regular stream whose path fits the sample."""
    cases: dict[str, dict[str, Any]] = world.facts.get("cases", {})
    sample: list[tuple[str, dict[str, Any]]] = []
    for month in (4, 5) if world.full else (4,):
        drawn = [(s, c) for s, c in sorted(cases.items()) if c["month"] == month and c["path"] in SAMPLED_PATHS]
        sample += drawn[:1]
    return sample


def review_monthly_samples(world: World) -> None:
    staff = world.staff
    reviewers = [world.officer_id(staff.office_head), world.officer_id(staff.heads["LEGAL"])]
    for index, (serial, case) in enumerate(_sample(world)):
        key = f"file-review/{serial}"
        started = working_day_after(REVIEWED, index)
        review = world.post(
            world.actors.reviewer,
            f"{CASES}/case-file-reviews",
            {
                "case_id": case["case_id"],
                "reviewer_ids": reviewers,
                "occasion": "monthly_sample",
                "started_at": when(started, 9),
            },
            kind="case_file_review",
            key=key,
        )
        if index == 0:
            world.post(
                world.actors.reviewer,
                f"{CASES}/case-file-reviews/{review}/defects",
                {
                    "category": "documents",
                    "code": "catalogue_pages_unnumbered",
                    "severity": "minor",
                    "points": 3,
                    "description": "卷内目录页码未逐页编号",
                    "responsible": [{"officer_id": case["handler"], "role": "handler"}],
                    "found_at": when(started, 10),
                },
                kind="case_file_defect",
                key=f"{key}/defect",
            )
        world.post(
            world.actors.reviewer,
            f"{CASES}/case-file-reviews/{review}/completion",
            {
                "summary": "案卷材料齐全，程序合法" if index else "文书基本规范，目录页码需整改",
                "completed_at": when(started, 16),
            },
            kind="case_file_review_completed",
            key=f"{key}/completion",
        )
