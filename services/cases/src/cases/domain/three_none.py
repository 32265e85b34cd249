"""The "three none" counters (三无): for a year and each project, the grievances caused by
compensation, by type (petition, reconsideration, litigation). The target is zero of each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from cases.domain.expropriation_project import ExpropriationProject
from cases.domain.expropriation_terms import THREE_NONE_TYPES, GrievanceCause
from cases.domain.land_time import bureau_date


@dataclass(frozen=True)
class ThreeNoneCount:
    project_id: UUID | None  # None: the whole county
    petition: int
    reconsideration: int
    litigation: int

    @property
    def total(self) -> int:
        return self.petition + self.reconsideration + self.litigation

    @property
    def met(self) -> bool:
        return self.total == 0


def count_project(project: ExpropriationProject, year: int) -> ThreeNoneCount:
    counted = {kind.value: 0 for kind in THREE_NONE_TYPES}
    for grievance in project.grievances.values():
        if (
            grievance.cause == GrievanceCause.COMPENSATION
            and grievance.grievance_type in counted
            and bureau_date(grievance.filed_at).year == year
        ):
            counted[grievance.grievance_type] += 1
    return ThreeNoneCount(project.id, **counted)


def count_year(projects: Iterable[ExpropriationProject], year: int) -> tuple[ThreeNoneCount, list[ThreeNoneCount]]:
    """The county's counters for `year` and those of each project with a grievance or registered that year."""
    per_project = [
        count for project in projects if (count := count_project(project, year)).total or project.year == year
    ]
    total = ThreeNoneCount(
        None,
        petition=sum(c.petition for c in per_project),
        reconsideration=sum(c.reconsideration for c in per_project),
        litigation=sum(c.litigation for c in per_project),
    )
    return total, per_project
