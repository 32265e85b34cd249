"""The illegal-farmland ratio of a region and year, and the sub-metrics it is ranked with (§6.2).

    ratio = Σ cultivated mu of patches classified illegal (this year's new construction)
          / Σ cultivated mu occupied by all new construction this year (land-change survey)
    accountability triggered = ratio >= threshold OR bad impact      (15号令 art. 3, threshold 15%)

When the rules say `count_rectified_in_ratio = false`, illegal patches rectified by the cut-off day
(a day of the following year, when the annual campaign closes) are left out of the numerator; the
practice has varied by year. Shares with no patches are `None`.

The thresholds are compared with the exact ratio of the areas as recorded (in decimal, as entered):
the rounded ratio and areas of the result are for display, so a ratio of 14.9999...% does not reach
15% by rounding.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from cases.domain.land_rules import AppliedRules
from cases.domain.land_time import bureau_date
from cases.domain.satellite_patch import SatellitePatch
from cases.domain.satellite_terms import NewConstructionAreaInconsistentError, PatchClass

AREA_DIGITS = 2
RATIO_DIGITS = 6


@dataclass(frozen=True)
class PatchFacts:
    patch_class: str | None  # None: not yet classified
    measured_mu: float
    cultivated_mu: float
    basic_farmland_mu: float
    rectified_on: date | None
    has_case: bool
    first_reported_on: date | None
    due_on: date


@dataclass(frozen=True)
class RatioResult:
    patches: int
    unclassified_patches: int
    illegal_patches: int
    illegal_area_mu: float
    illegal_cultivated_mu: float
    illegal_basic_farmland_mu: float
    counted_illegal_cultivated_mu: float  # the numerator
    new_construction_cultivated_mu: float  # the denominator
    ratio: float
    threshold: float
    interview_threshold: float
    bad_impact: bool
    triggered: bool
    interview_required: bool
    count_rectified_in_ratio: bool
    rectification_cutoff_on: date
    filed_as_case_share: float | None
    rectified_share: float | None
    verified_on_time_share: float | None
    rule_version: int


def facts_of(patch: SatellitePatch) -> PatchFacts:
    return PatchFacts(
        patch_class=patch.patch_class.value if patch.patch_class else None,
        measured_mu=patch.measured_mu or 0.0,
        cultivated_mu=patch.cultivated_mu or 0.0,
        basic_farmland_mu=patch.basic_farmland_mu or 0.0,
        rectified_on=_day_of(patch),
        has_case=patch.case_id is not None,
        first_reported_on=patch.first_reported_on,
        due_on=patch.verification_due_on,
    )


def _day_of(patch: SatellitePatch) -> date | None:
    return bureau_date(patch.rectified_at) if patch.rectified_at else None


def rectification_cutoff(year: int, rules: AppliedRules) -> date:
    """The cut-off day for `year`'s patches: in the following year, when the annual campaign closes."""
    month, day = (int(part) for part in str(rules["rectification_cutoff_month_day"]).split("-"))
    following = year + 1
    if (month, day) == (2, 29) and not calendar.isleap(following):
        day = 28
    return date(following, month, day)


def compute_ratio(
    patches: Iterable[PatchFacts],
    *,
    year: int,
    new_construction_cultivated_mu: float,
    bad_impact: bool,
    rules: AppliedRules,
) -> RatioResult:
    every = list(patches)
    illegal = [p for p in every if p.patch_class == PatchClass.ILLEGAL]
    cutoff = rectification_cutoff(year, rules)
    count_rectified = bool(rules["count_rectified_in_ratio"])
    counted = [p for p in illegal if count_rectified or p.rectified_on is None or p.rectified_on > cutoff]
    exact_illegal = _exact_sum(p.cultivated_mu for p in illegal)
    exact_numerator = _exact_sum(p.cultivated_mu for p in counted)
    exact_denominator = _exact(new_construction_cultivated_mu)
    illegal_cultivated = _area(p.cultivated_mu for p in illegal)
    numerator = _area(p.cultivated_mu for p in counted)
    denominator = round(new_construction_cultivated_mu, AREA_DIGITS)
    if exact_denominator < exact_illegal:
        # Illegal construction is new construction too: the survey's total cannot be smaller.
        raise NewConstructionAreaInconsistentError(
            "the cultivated land occupied by all new construction is smaller than the illegal part alone",
            new_construction_cultivated_mu=new_construction_cultivated_mu,
            illegal_cultivated_mu=illegal_cultivated,
        )
    exact_ratio = exact_numerator / exact_denominator if exact_denominator else Fraction(0)
    ratio = round(float(exact_ratio), RATIO_DIGITS)
    threshold = float(rules["accountability_threshold"])
    interview_threshold = float(rules["interview_threshold"])
    return RatioResult(
        patches=len(every),
        unclassified_patches=sum(p.patch_class is None for p in every),
        illegal_patches=len(illegal),
        illegal_area_mu=_area(p.measured_mu for p in illegal),
        illegal_cultivated_mu=illegal_cultivated,
        illegal_basic_farmland_mu=_area(p.basic_farmland_mu for p in illegal),
        counted_illegal_cultivated_mu=numerator,
        new_construction_cultivated_mu=denominator,
        ratio=ratio,
        threshold=threshold,
        interview_threshold=interview_threshold,
        bad_impact=bad_impact,
        triggered=exact_ratio >= _exact(threshold) or bad_impact,
        interview_required=exact_ratio >= _exact(interview_threshold) or bad_impact,
        count_rectified_in_ratio=count_rectified,
        rectification_cutoff_on=cutoff,
        filed_as_case_share=_share(sum(p.has_case for p in illegal), len(illegal)),
        rectified_share=_share(sum(p.rectified_on is not None for p in illegal), len(illegal)),
        verified_on_time_share=_share(
            sum(p.first_reported_on is not None and p.first_reported_on <= p.due_on for p in every), len(every)
        ),
        rule_version=rules.version,
    )


def _area(values: Iterable[float]) -> float:
    return round(sum(values), AREA_DIGITS)


def _exact(value: float) -> Fraction:
    """The decimal a float was entered as (its shortest representation), exactly."""
    return Fraction(Decimal(repr(value)))


def _exact_sum(values: Iterable[float]) -> Fraction:
    return sum((_exact(v) for v in values), Fraction(0))


def _share(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None
