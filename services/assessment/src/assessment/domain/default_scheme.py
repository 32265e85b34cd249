"""The scheme shipped as version 1: DOMAIN §4.2 [DESIGN, consistent with the sources].

Item weights, scheme-level deductions and bonuses, grade bands, bottom 3, 3 consecutive months or
2 consecutive quarters, and ties broken by deductions then case quality are from §4.2. The metric
shares and the per-occurrence penalties inside items are this system's choice (§4.2 names the
metrics but not their split); every one is configurable by publishing a new version.

Fact codes are `<item>.<metric>`; each item also reads `<item>.manual`, the points the assessment
secretariat awarded for the item with evidence, as a fraction of the item's weight.
"""

from __future__ import annotations

from decimal import Decimal

from assessment.domain.periods import PeriodKind, SubjectType
from assessment.domain.scheme import (
    Bonus,
    Deduction,
    GradeBand,
    Item,
    Metric,
    PeriodRules,
    Scheme,
    Unmeasured,
)

D = Decimal


def _mean(fact: str, full_at: str = "1") -> Metric:
    return Metric(fact=fact, full_at=D(full_at))


def _penalty(fact: str, points: str) -> Metric:
    return Metric(fact=fact, penalty=D(points))


def _item(code: str, title: str, weight: int, *metrics: Metric) -> Item:
    return Item(code, title, D(weight), (*metrics, _mean(f"{code}.manual")))


DEFAULT_SCHEME = Scheme(
    items=(
        _item(
            "case_quality",
            "案卷评查 case-file quality",
            25,
            _mean("case_quality.review_score", "100"),  # one fact per reviewed file: its score out of 100
            _penalty("case_quality.review_failed", "5"),  # a file graded fail
        ),
        _item(
            "procedure_compliance",
            "程序合规 no step omitted",
            15,
            _mean("procedure_compliance.checklist_complete"),  # 1/0 per case: mandatory documents complete
            _penalty("procedure_compliance.two_officer_violation", "2"),
            _penalty("procedure_compliance.certificate_not_shown", "1"),
        ),
        _item(
            "timeliness",
            "时限 timeliness",
            15,
            _mean("timeliness.lead_verified_on_time"),  # each: 1 on time, 0 late
            _mean("timeliness.filed_on_time"),  # filed within 10 working days
            _mean("timeliness.decided_on_time"),  # decided within 60 (+30) days
            _mean("timeliness.published_on_time"),  # published within 7 working days
            _mean("timeliness.archived_on_time"),
        ),
        _item(
            "patrol_and_stopping",
            "巡查发现制止 patrol, discovery and stopping",
            15,
            _mean("patrol_and_stopping.patrol_coverage"),  # share of the patrol plan covered, 0..1
            _mean("patrol_and_stopping.stopped_early"),  # 1/0 per violation: stopped at the initial stage
            _mean("patrol_and_stopping.patch_verified_on_time"),  # 1/0 per satellite patch
            _penalty("patrol_and_stopping.patch_judged_illegal_late", "2"),
        ),
        _item(
            "training_exam",
            "学习培训考试 training and exams",
            10,
            _mean("training_exam.attendance"),  # 1/0 per expected attendance
            _mean("training_exam.exam_score", "100"),
            _penalty("training_exam.exam_failed", "2"),
        ),
        _item(
            "external_evaluation",
            "群众满意度 public satisfaction and external evaluation",
            10,
            _mean("external_evaluation.public_score", "100"),  # one fact per PublicEvaluationCollected
            _penalty("external_evaluation.complaint_upheld", "2"),
        ),
        _item(
            "conduct_and_equipment",
            "阳光执法与纪律 sunshine enforcement and discipline",
            10,
            _mean("conduct_and_equipment.certificate_shown"),  # 1/0 per enforcement act
            _mean("conduct_and_equipment.body_camera_used"),  # 1/0 per on-site act
            _mean("conduct_and_equipment.publicity_compliant"),  # 1/0 per decision due for publication
        ),
    ),
    deductions=(
        Deduction("wrongful_case", "错案 wrongful case", D(10)),
        Deduction("decision_revoked", "复议诉讼撤销或变更 decision revoked or changed", D(5)),
        Deduction("enforcement_petition", "执法信访 enforcement-related petition", D(3)),
        Deduction("deadline_breach", "超期 deadline breach", D(1)),
        Deduction("sanction_tier_1", "过错追究 一档 accountability sanction, tier 1", D(2)),
        Deduction("sanction_tier_2", "过错追究 二档 accountability sanction, tier 2", D(5)),
        Deduction("sanction_tier_3", "过错追究 三档 accountability sanction, tier 3", D(10)),
        # §4.2 gives tiers 1-3 only; discipline, a criminal transfer and unit-level sanctions are
        # weighted here as this system's choice.
        Deduction("sanction_tier_discipline", "政务处分 disciplinary sanction", D(10)),
        Deduction("sanction_tier_criminal_transfer", "移送司法 transfer to judicial organs", D(10)),
        Deduction("sanction_tier_unit", "单位责任 unit-level sanction", D(5)),
    ),
    bonuses=(
        Bonus("superior_commendation", "上级表彰 superior commendation", D(2), D(5)),
        Bonus("typical_case_adopted", "典型案例被上级采用 typical case adopted", D(2), D(2)),
    ),
    grade_bands=(
        GradeBand("excellent", D(90)),
        GradeBand("good", D(80)),
        GradeBand("pass", D(70)),
        GradeBand("fail", D(0)),
    ),
    periods={SubjectType.UNIT: PeriodKind.MONTHLY, SubjectType.OFFICER: PeriodKind.QUARTERLY},
    period_rules={
        PeriodKind.MONTHLY: PeriodRules(bottom_talk=True, bottom_run=3, fail_run=None),
        PeriodKind.QUARTERLY: PeriodRules(bottom_talk=True, bottom_run=2, fail_run=None),
        # Failing the annual evaluation 2 years running: transfer off enforcement posts [S-local, fymate 168785].
        PeriodKind.ANNUAL: PeriodRules(bottom_talk=False, bottom_run=None, fail_run=2),
    },
    annual_periodic_weight=D("0.4"),
    annual_year_end_weight=D("0.6"),
    bottom_n=3,
    tie_break=("deductions", "item:case_quality"),
    talk_deadline_working_days=5,
    unmeasured_items=Unmeasured.PRORATE,
)
