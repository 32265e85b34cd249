"""The policy from a trigger to a matter: which reported facts raise an accountability matter.

`matter_for_trigger` is pure. The policy consumer `projections.triggers.AccountabilityTriggers`
turns each trigger event cases publishes (a deadline breached, an error found, a satellite
accountability triggered) into a `TriggerReport` and calls `raise_from_trigger`. The matter's id
derives from the trigger event's id, so a redelivered or replayed trigger raises nothing new.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from assessment.domain.accountability.terms import Category, Trigger


class TriggerKind(StrEnum):
    DEADLINE_BREACH = "deadline_breach"
    ERROR_FOUND = "error_found"
    DECISION_REVOKED = "decision_revoked"
    UNVERIFIED_LEAD = "unverified_lead"
    SATELLITE_RATIO_OVER_THRESHOLD = "satellite_ratio_over_threshold"
    SUPERIOR_TAKEOVER = "superior_takeover"


@dataclass(frozen=True)
class TriggerReport:
    kind: TriggerKind
    trigger_event_id: str
    unit_id: str
    officer_ids: tuple[str, ...] = ()
    related: Mapping[str, str] = field(default_factory=dict)  # case_id, lead_id, review_id, ...
    severity: str | None = None  # error_found: "minor" | "major"
    ratio: Decimal | None = None  # satellite: the illegal-occupation ratio, 0..1
    threshold: Decimal | None = None
    bad_impact: bool = False  # satellite: a bad impact triggers accountability whatever the ratio


@dataclass(frozen=True)
class RaiseMatter:
    category: Category
    trigger: Trigger
    trigger_event_id: str
    unit_id: str
    suspected_officer_ids: tuple[str, ...]
    related: Mapping[str, str]
    summary: str


SATELLITE_THRESHOLD = Decimal("0.15")  # 15%: the ratio from which a county is held to account [S]


def matter_for_trigger(report: TriggerReport) -> RaiseMatter | None:
    """A matter for the report, or None when the report holds nobody to account.

    - A deadline breach or an unverified lead: inaction (§3.1 A).
    - A decision revoked or changed: wrongful case (§3.1 B).
    - An error found: a wrongful-case matter when the error is major (the file fails whatever its
      score); a minor error only costs points.
    - A satellite ratio that reached the threshold, or a bad impact (15号令 art. 3): a matter for
      the unit answering for the campaign (`satellite_accountability`).
    - The superior took a lead over (上提管辖): inaction when the bureau should have filed it
      (`superior_supervision`); a takeover for complexity or a major impact holds nobody to account.
    """

    if report.kind is TriggerKind.ERROR_FOUND and report.severity != "major":
        return None
    if report.kind is TriggerKind.SUPERIOR_TAKEOVER and report.related.get("reason") != "should_have_filed":
        return None
    if report.kind is TriggerKind.SATELLITE_RATIO_OVER_THRESHOLD:
        threshold = report.threshold if report.threshold is not None else SATELLITE_THRESHOLD
        reached = report.ratio is not None and report.ratio >= threshold
        if not (reached or report.bad_impact):
            return None
        summary = (
            f"the satellite illegal-occupation ratio {report.ratio:%} reached {threshold:%}"
            if reached
            else "a bad impact of illegal land occupation triggered satellite accountability"
        )
    else:
        summary = _SUMMARIES[report.kind]
    category, trigger = _MATTERS[report.kind]
    return RaiseMatter(
        category=category,
        trigger=trigger,
        trigger_event_id=report.trigger_event_id,
        unit_id=report.unit_id,
        suspected_officer_ids=report.officer_ids,
        related=dict(report.related),
        summary=summary,
    )


_MATTERS: dict[TriggerKind, tuple[Category, Trigger]] = {
    TriggerKind.DEADLINE_BREACH: (Category.INACTION, Trigger.DEADLINE_BREACH),
    TriggerKind.UNVERIFIED_LEAD: (Category.INACTION, Trigger.UNVERIFIED_LEAD),
    TriggerKind.DECISION_REVOKED: (Category.WRONGFUL_CASE, Trigger.DECISION_REVOKED),
    TriggerKind.ERROR_FOUND: (Category.WRONGFUL_CASE, Trigger.CASE_FILE_REVIEW_FAILED),
    TriggerKind.SATELLITE_RATIO_OVER_THRESHOLD: (Category.INACTION, Trigger.SATELLITE_ACCOUNTABILITY),
    TriggerKind.SUPERIOR_TAKEOVER: (Category.INACTION, Trigger.SUPERIOR_SUPERVISION),
}
_SUMMARIES: dict[TriggerKind, str] = {
    TriggerKind.DEADLINE_BREACH: "a statutory time limit was breached",
    TriggerKind.UNVERIFIED_LEAD: "a lead was not verified in time",
    TriggerKind.DECISION_REVOKED: "a decision was revoked or changed on review",
    TriggerKind.ERROR_FOUND: "a major error was found in a case",
    TriggerKind.SUPERIOR_TAKEOVER: "the superior bureau took over a lead the bureau should have filed",
}
