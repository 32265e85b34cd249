"""An officer who left the bureau within a period is not ranked on it: no longer on the staff when it
closes, the officer is due no talk and no transfer, and takes no place from those who stay. Earlier
periods keep the officer as published."""

from __future__ import annotations

from datetime import date

from assessment.application import Assessments, InMemoryFacts
from assessment.domain.facts import OFFICER_DEPARTED
from assessment.domain.periods import SubjectType
from shared.domain import FixedClock
from tests.unit.assessment.conftest import at
from tests.unit.assessment.facts import fact

OFFICER = SubjectType.OFFICER
STAY = {f"{n}0000000-0000-0000-0000-00000000000{n}": score for n, score in ((1, 95), (2, 90), (3, 80), (4, 75))}
GONE = "90000000-0000-0000-0000-000000000009"  # the lowest score: the bottom place were the officer ranked


def quarter_of_exams(facts: InMemoryFacts, month: int) -> None:
    facts.add(
        *(
            fact(officer, "training_exam.exam_score", score, subject_type=OFFICER, day=date(2018, month, 1))
            for officer, score in {**STAY, GONE: 40}.items()
        )
    )


def test_an_officer_who_left_in_the_quarter_is_not_ranked_on_it(
    app: Assessments, facts: InMemoryFacts, clock: FixedClock
) -> None:
    quarter_of_exams(facts, 2)
    quarter_of_exams(facts, 5)
    facts.add(fact(GONE, OFFICER_DEPARTED, 1, subject_type=OFFICER, day=date(2018, 5, 20), producer="personnel"))
    at(clock, "2018-07-02")
    first = app.close_period(OFFICER, "2018-Q1")
    second = app.close_period(OFFICER, "2018-Q2")

    assert GONE in {row["subject_id"] for row in first.rows}  # still on the staff when Q1 closed
    assert [row["subject_id"] for row in second.rows] == list(STAY)
    talked_to = {app.get_decision(talk_id).subject_id for talk_id in second.talk_ids}
    assert GONE not in talked_to
    assert talked_to  # the bottom places fall to those who stay
    assert max(row["rank"] for row in second.rows) == len(STAY)
