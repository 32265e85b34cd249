"""Appeals and closing (DOMAIN §3.2: the person may appeal in writing within 30 days): a matter stays
open while a sanction may still be appealed, and an appeal is dated between the decision and today."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from assessment.application import Assessments
from assessment.domain.accountability.errors import AppealWindowOpenError
from assessment.domain.accountability.matter import AccountabilityMatter
from assessment.domain.accountability.terms import AppealResult
from assessment.domain.timing import TimeInFutureError, TimeOutOfOrderError
from shared.domain import FixedClock, command_context
from tests.unit.assessment.conftest import as_director, at
from tests.unit.assessment.matters import sanctioned


def close(app: Assessments, matter_id: UUID) -> AccountabilityMatter:
    with command_context(as_director()):
        return app.close_matter(matter_id, summary="done")


def test_a_matter_is_not_closed_while_a_sanction_may_still_be_appealed(app: Assessments, clock: FixedClock) -> None:
    matter, sanction_id = sanctioned(app)
    for day in ("2018-03-20", "2018-04-19"):
        at(clock, day)
        written = app.recorder.max_notification_id()
        with pytest.raises(AppealWindowOpenError) as refused:
            close(app, matter.id)
        assert refused.value.details == {
            "sanction_ids": [str(sanction_id)],
            "appeal_ends_on": "2018-04-19",
            "closable_from": "2018-04-20",
            "appeal_days": 30,
        }
        assert app.recorder.max_notification_id() == written
    at(clock, "2018-04-20")
    assert close(app, matter.id).status == "closed"


def test_an_appeal_on_the_last_day_keeps_the_matter_open_until_it_is_decided(
    app: Assessments, clock: FixedClock
) -> None:
    matter, sanction_id = sanctioned(app)
    at(clock, "2018-04-19")
    app.appeal_sanction(matter.id, sanction_id=sanction_id, grounds="unfair", appealed_at=clock.now())
    with command_context(as_director()):
        app.decide_appeal(matter.id, sanction_id=sanction_id, result=AppealResult.UPHELD, note="stands")
    assert close(app, matter.id).status == "closed"  # decided: nothing is left to appeal


def test_the_appeal_period_for_closing_is_the_one_in_force_on_the_closing_day(
    app: Assessments, clock: FixedClock
) -> None:
    matter, _ = sanctioned(app)
    app.publish_accountability_rules(effective_from=date(2018, 4, 1), values={"appeal_days": 15}, note="15 days")
    at(clock, "2018-04-04")
    with pytest.raises(AppealWindowOpenError) as refused:
        close(app, matter.id)
    assert refused.value.details["appeal_ends_on"] == "2018-04-04"
    at(clock, "2018-04-05")
    assert close(app, matter.id).status == "closed"


def test_an_appeal_dated_before_the_decision_is_refused_as_out_of_order(app: Assessments) -> None:
    matter, sanction_id = sanctioned(app)
    written = app.recorder.max_notification_id()
    with pytest.raises(TimeOutOfOrderError) as refused:
        app.appeal_sanction(
            matter.id, sanction_id=sanction_id, grounds="x", appealed_at=datetime(2017, 6, 1, tzinfo=UTC)
        )
    assert refused.value.details == {
        "field": "appealed_at",
        "appealed_on": "2017-06-01",
        "decided_on": "2018-03-20",
    }
    assert app.recorder.max_notification_id() == written
    assert app.get_matter(matter.id).sanctions[sanction_id].appealed_on is None


def test_an_appeal_dated_in_the_future_is_refused(app: Assessments, clock: FixedClock) -> None:
    matter, sanction_id = sanctioned(app)
    written = app.recorder.max_notification_id()
    with pytest.raises(TimeInFutureError) as refused:
        app.appeal_sanction(
            matter.id, sanction_id=sanction_id, grounds="x", appealed_at=datetime(2018, 3, 25, tzinfo=UTC)
        )
    assert refused.value.details["field"] == "appealed_at"
    assert app.recorder.max_notification_id() == written
