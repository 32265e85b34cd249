"""An officer sanctioned in a matter is not exempted or cleared of responsibility in it while the
sanction stands: the sanction is first revoked or changed on appeal (DOMAIN §3.1 D, §3.2)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from assessment.application import Assessments
from assessment.domain.accountability.errors import SanctionInForceError
from assessment.domain.accountability.matter import AccountabilityMatter
from assessment.domain.accountability.terms import (
    AppealResult,
    ExemptionEffect,
    ExemptionGround,
    ResponsibleRole,
    Share,
)
from shared.domain import command_context
from tests.unit.assessment.conftest import as_director
from tests.unit.assessment.matters import OFFICER, sanctioned


def exempt(app: Assessments, matter_id: UUID) -> AccountabilityMatter:
    with command_context(as_director()):
        return app.grant_exemption(
            matter_id, officer_id=OFFICER, ground=ExemptionGround.FORCE_MAJEURE, effect=ExemptionEffect.EXEMPT, note=""
        )


def clear(app: Assessments, matter_id: UUID) -> AccountabilityMatter:
    return app.determine_responsibility(
        matter_id, officer_id=OFFICER, role=ResponsibleRole.HANDLER, share=Share.NONE, basis="recorded dissent"
    )


def test_exempting_an_officer_whose_sanction_stands_is_refused(app: Assessments) -> None:
    matter, sanction_id = sanctioned(app)
    written = app.recorder.max_notification_id()
    with pytest.raises(SanctionInForceError) as refused:
        exempt(app, matter.id)
    assert refused.value.details == {"officer_id": OFFICER, "sanction_ids": [str(sanction_id)]}
    assert app.recorder.max_notification_id() == written
    assert app.get_matter(matter.id).standing(OFFICER).exemption is None


def test_clearing_the_responsibility_of_an_officer_whose_sanction_stands_is_refused(app: Assessments) -> None:
    matter, sanction_id = sanctioned(app)
    written = app.recorder.max_notification_id()
    with pytest.raises(SanctionInForceError) as refused:
        clear(app, matter.id)
    assert refused.value.details["sanction_ids"] == [str(sanction_id)]
    assert app.recorder.max_notification_id() == written
    assert app.get_matter(matter.id).is_liable(OFFICER)


def test_an_officer_whose_sanction_was_revoked_on_appeal_may_be_exempted_and_cleared(app: Assessments) -> None:
    matter, sanction_id = sanctioned(app)
    app.appeal_sanction(
        matter.id, sanction_id=sanction_id, grounds="flood", appealed_at=datetime(2018, 3, 20, tzinfo=UTC)
    )
    with command_context(as_director()):
        app.decide_appeal(matter.id, sanction_id=sanction_id, result=AppealResult.REVOKED, note="force majeure")
    assert exempt(app, matter.id).standing(OFFICER).exemption == (ExemptionGround.FORCE_MAJEURE, ExemptionEffect.EXEMPT)
    assert not clear(app, matter.id).is_liable(OFFICER)
