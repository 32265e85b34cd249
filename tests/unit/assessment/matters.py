"""An accountability matter carried to a sanction, for the tests of what may follow one."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from assessment.application import Assessments
from assessment.domain.accountability.matter import AccountabilityMatter
from assessment.domain.accountability.terms import Category, ResponsibleRole, Share, Tier, Trigger
from shared.domain import command_context
from tests.unit.assessment.conftest import as_director

OFFICER = "1f0c6a52-0000-4000-8000-000000000001"


def sanctioned(app: Assessments) -> tuple[AccountabilityMatter, UUID]:
    """A matter whose officer, fully responsible, the director sanctions on the clock's day."""
    matter = app.raise_matter(
        category=Category.INACTION,
        trigger=Trigger.DEADLINE_BREACH,
        unit_id="STN03",
        suspected_officer_ids=[OFFICER],
        related={},
        summary="late",
    )
    app.open_investigation(matter.id, ["legal-li"])
    app.determine_responsibility(
        matter.id, officer_id=OFFICER, role=ResponsibleRole.HANDLER, share=Share.FULL, basis=""
    )
    with command_context(as_director()):
        matter = app.impose_sanction(
            matter.id,
            officer_id=OFFICER,
            unit_id=None,
            sanction_type="circulated_criticism",
            tier=Tier.MEDIUM,
            effective_at=datetime(2018, 3, 20, tzinfo=UTC),
            ends_at=None,
        )
    (sanction_id,) = matter.sanctions
    return matter, sanction_id
