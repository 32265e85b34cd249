"""KPIs: per unit and bureau-wide, per period, computed from the same facts as the scores.

Each KPI names the facts it reads, how it aggregates them and which producer's events yield those
facts. A KPI whose producer is not wired into the facts projection yet reports `waiting` with that
producer's name; the moment a projection writes its facts, it has a value. The certified ratio is a
state at an instant rather than a count of events: it is read from the roster at the period's end.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from assessment.domain.facts import Fact, FactCategory, effective
from assessment.domain.periods import SubjectType


class Aggregation(StrEnum):
    RATIO = "ratio"  # mean of 1/0 outcomes
    MEAN = "mean"
    COUNT = "count"  # number of facts
    SUM = "sum"  # sum of values
    QUOTIENT = "quotient"  # sum of `fact_codes[0]` / sum of `fact_codes[1]`
    DIFFERENCE = "difference"  # sum of `fact_codes[0]` - sum of `fact_codes[1]`


@dataclass(frozen=True)
class KpiDefinition:
    code: str
    title: str
    aggregation: Aggregation
    fact_codes: tuple[str, ...] = ()
    family_prefix: str | None = None  # one KPI per fact code with this prefix (`code.<suffix>`)
    category: FactCategory = FactCategory.MEASURE
    subject_types: tuple[SubjectType, ...] = (SubjectType.UNIT,)
    producer: str = "assessment"  # whose events yield the facts


@dataclass(frozen=True)
class KpiValue:
    code: str
    title: str
    aggregation: Aggregation
    status: str  # "ok" | "no_data" | "waiting"
    value: Decimal | None
    observations: int
    producer: str


UNIT, OFFICER = SubjectType.UNIT, SubjectType.OFFICER

KPIS: tuple[KpiDefinition, ...] = (
    # Facts assessment produces itself.
    KpiDefinition("public_satisfaction", "public evaluation score (mean, of 100)", Aggregation.MEAN,
                  ("external_evaluation.public_score",)),
    KpiDefinition("commendations", "superior commendations", Aggregation.COUNT, ("superior_commendation",),
                  category=FactCategory.BONUS),
    KpiDefinition("sanctions_imposed", "accountability sanctions imposed", Aggregation.COUNT,
                  family_prefix=None,
                  fact_codes=("sanction_tier_1", "sanction_tier_2", "sanction_tier_3", "sanction_tier_discipline",
                              "sanction_tier_criminal_transfer", "sanction_tier_unit"),
                  category=FactCategory.DEDUCTION, subject_types=(UNIT, OFFICER)),
    KpiDefinition("complaints_upheld", "complaints upheld", Aggregation.COUNT,
                  ("external_evaluation.complaint_upheld",)),
    KpiDefinition("accountability_matters_raised", "accountability matters raised", Aggregation.COUNT,
                  ("accountability.matter_raised",)),
    KpiDefinition("admonishment_talks_on_time", "admonishment talks held within their deadline", Aggregation.RATIO,
                  ("decisions.talk_held_on_time",), subject_types=(UNIT, OFFICER)),
    # Facts of personnel's events (the certified ratio is read from the roster: `certified_ratio`).
    KpiDefinition("training_coverage", "expected training attendances attended", Aggregation.RATIO,
                  ("training_exam.attendance",), subject_types=(OFFICER,), producer="personnel"),
    KpiDefinition("exam_pass_rate", "exams passed", Aggregation.RATIO, ("kpi.exam_passed",), subject_types=(OFFICER,),
                  producer="personnel"),
    # Facts of cases' events.
    KpiDefinition("on_time_rate", "on-time rate, per deadline kind", Aggregation.RATIO,
                  family_prefix="timeliness.", producer="cases"),
    KpiDefinition("patrol_coverage", "share of the monthly patrol plans covered (mean over the planned areas)",
                  Aggregation.MEAN, ("patrol_and_stopping.patrol_coverage",), producer="cases"),
    KpiDefinition("deadline_breaches", "deadline breaches recorded", Aggregation.SUM, ("deadline_breach",),
                  category=FactCategory.DEDUCTION, producer="cases"),
    KpiDefinition("case_file_review_rate", "closed cases whose file was reviewed", Aggregation.RATIO,
                  ("kpi.case_file_reviewed",), producer="cases"),
    KpiDefinition("normative_review_rate", "normative documents reviewed before issue", Aggregation.RATIO,
                  ("kpi.normative_reviewed",), producer="cases"),
    KpiDefinition("normative_filing_rate", "normative documents filed on time", Aggregation.RATIO,
                  ("kpi.normative_filed_on_time",), producer="cases"),
    *(
        KpiDefinition(f"three_none.{kind}", f"three none: {kind}s caused by compensation (target 0)",
                      Aggregation.COUNT, (f"kpi.three_none.{kind}",), producer="cases")
        for kind in ("petition", "reconsideration", "litigation")
    ),
    KpiDefinition("satellite_ratio", "illegally occupied cultivated land / newly occupied cultivated land",
                  Aggregation.QUOTIENT, ("kpi.satellite_illegal_cultivated_mu", "kpi.new_construction_cultivated_mu"),
                  producer="cases"),
    KpiDefinition("farmland_balance", "cultivated land supplemented minus occupied (mu)", Aggregation.DIFFERENCE,
                  ("kpi.farmland_supplemented_mu", "kpi.farmland_occupied_mu"), producer="cases"),
)  # fmt: skip


def compute_kpis(
    facts: Iterable[Fact],
    *,
    wired_producers: Collection[str],
    unit_id: str | None = None,
    definitions: Iterable[KpiDefinition] = KPIS,
) -> list[KpiValue]:
    """KPIs over the effective `facts` of one period, for one unit or (unit_id None) the bureau."""
    facts = [f for f in effective(facts) if unit_id is None or f.unit_id == unit_id]
    values: list[KpiValue] = []
    for definition in definitions:
        relevant = [
            f for f in facts if f.category is definition.category and f.subject_type in definition.subject_types
        ]
        if definition.family_prefix is not None:
            family: dict[str, list[Fact]] = defaultdict(list)
            for fact in relevant:
                if fact.code.startswith(definition.family_prefix):
                    family[fact.code.removeprefix(definition.family_prefix)].append(fact)
            if not family:
                values.append(_value(definition, definition.code, [], [], wired_producers))
            for suffix, group in sorted(family.items()):
                values.append(_value(definition, f"{definition.code}.{suffix}", group, [], wired_producers))
            continue
        if definition.aggregation in (Aggregation.QUOTIENT, Aggregation.DIFFERENCE):
            first, second = definition.fact_codes
            values.append(
                _value(
                    definition,
                    definition.code,
                    [f for f in relevant if f.code == first],
                    [f for f in relevant if f.code == second],
                    wired_producers,
                )
            )
            continue
        chosen = [f for f in relevant if f.code in definition.fact_codes]
        values.append(_value(definition, definition.code, chosen, [], wired_producers))
    return values


@dataclass(frozen=True)
class PostHolder:
    """An officer holding an enforcement post at the end of a period, and whether the officer could
    enforce then (a valid certificate in scope, not suspended or removed: DOMAIN §2.2)."""

    officer_id: str
    unit_id: str
    certified: bool


CERTIFIED_RATIO_TITLE = "enforcement-post officers holding a valid certificate"


def certified_ratio(
    holders: Iterable[PostHolder], *, wired_producers: Collection[str], unit_id: str | None = None
) -> KpiValue:
    """The certified ratio at the end of a period, for one unit or (unit_id None) the bureau."""
    chosen = [h for h in holders if unit_id is None or h.unit_id == unit_id]
    if "personnel" not in wired_producers:
        status, value = "waiting", None
    elif not chosen:
        status, value = "no_data", None
    else:
        status = "ok"
        value = (Decimal(sum(1 for h in chosen if h.certified)) / len(chosen)).quantize(Decimal("0.0001"))
    return KpiValue(
        "certified_ratio", CERTIFIED_RATIO_TITLE, Aggregation.RATIO, status, value, len(chosen), "personnel"
    )


def _value(
    definition: KpiDefinition, code: str, facts: list[Fact], others: list[Fact], wired: Collection[str]
) -> KpiValue:
    observations = len(facts) + len(others)
    if definition.producer not in wired:
        status, value = "waiting", None
    elif definition.aggregation is Aggregation.COUNT:
        status, value = "ok", Decimal(len(facts))
    elif not facts and not others:
        status, value = "no_data", None
    else:
        status, value = "ok", _aggregate(definition.aggregation, facts, others)
    return KpiValue(code, definition.title, definition.aggregation, status, value, observations, definition.producer)


def _aggregate(aggregation: Aggregation, facts: list[Fact], others: list[Fact]) -> Decimal | None:
    total = sum((f.value for f in facts), Decimal(0))
    if aggregation is Aggregation.SUM:
        return total
    if aggregation in (Aggregation.MEAN, Aggregation.RATIO):
        return (total / len(facts)).quantize(Decimal("0.0001")) if facts else None
    other = sum((f.value for f in others), Decimal(0))
    if aggregation is Aggregation.DIFFERENCE:
        return total - other
    return (total / other).quantize(Decimal("0.0001")) if other else None
