"""The "three no" gates of DOMAIN.md §7.2 as checks: each returns every check that fails, by name.

- plan_conformity (不上报) blocks submission to the higher government: a plan check is recorded and
  every part of it passes, and no registered parcel lies on basic farmland unless the project is a
  State-Council-level key project.
- grievance_resolved (不报批) blocks the approval application: the preparatory steps of the Land
  Administration Law art. 47 are done, enough agreements are signed, and no grievance is open.
- compensation_fulfilled (不供地) blocks the supply of a parcel: the expropriation is approved,
  compensation paid in full, social security deposited, resettlement arranged, and the parcel
  handed over without dispute.

A gate is judged as of the business time of the step it blocks: a step dated in the past is judged
on what had happened by then (a grievance open on that day blocks it, even if resolved since), not
on what the project records now (a majority objection, a resettlement, counts from its own time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cases.domain.expropriation_project import ExpropriationProject
from cases.domain.expropriation_terms import CONSTRUCTION_ZONES, Gate, GateBlockedError, PlanZone
from cases.domain.land_rules import AppliedRules
from cases.domain.land_time import bureau_date


@dataclass(frozen=True)
class GateEvaluation:
    gate: Gate
    checks: dict[str, bool]
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(self.checks.values())

    @property
    def failed_checks(self) -> list[str]:
        return [name for name, ok in self.checks.items() if not ok]

    @property
    def passed_checks(self) -> list[str]:
        return [name for name, ok in self.checks.items() if ok]

    def ensure_passed(self, step: str) -> None:
        if not self.passed:
            raise GateBlockedError(
                f"the {self.gate.value} gate blocks {step}",
                gate=self.gate.value,
                failed_checks=self.failed_checks,
                **self.details,
            )


def plan_conformity(project: ExpropriationProject) -> GateEvaluation:
    check = project.plan_check
    if check is None:
        return GateEvaluation(Gate.PLAN_CONFORMITY, {"plan_conformity_checked": False})
    # The registered parcels speak for themselves: basic farmland on one of them is involved,
    # whatever the plan check says.
    on_basic_farmland = sorted(pid for pid, p in project.parcels.items() if p["basic_farmland_mu"] > 0)
    involved = check["basic_farmland_involved"] or bool(on_basic_farmland)
    details: dict[str, Any] = {}
    if on_basic_farmland and not check["state_council_key_project"]:
        details["parcels_on_basic_farmland"] = on_basic_farmland
    return GateEvaluation(
        Gate.PLAN_CONFORMITY,
        {
            "plan_conformity_checked": True,
            "inside_construction_zone": PlanZone(check["plan_zone"]) in CONSTRUCTION_ZONES,
            "no_basic_farmland_unless_key_project": not involved or check["state_council_key_project"],
            "annual_quota_available": check["quota_available"],
            "farmland_offset_secured": check["offset_secured"],
        },
        details,
    )


def agreement_share(project: ExpropriationProject, at: datetime) -> float:
    """The share of the project's households that had signed by `at`."""
    if project.households_total == 0:
        return 1.0
    return round(len(project.agreements_as_of(at)) / project.households_total, 4)


def grievance_resolved(project: ExpropriationProject, *, at: datetime, rules: AppliedRules) -> GateEvaluation:
    today = bureau_date(at)
    share = agreement_share(project, at)
    required_share = float(rules["agreement_share_required"])
    pre_notice_ends_on = project.pre_notice_ends_on_as_of(at)
    plan_ends_on = project.plan_announcement_ends_on_as_of(at)
    hearing_due_on = project.hearing_request_due_on_as_of(at)
    requested = _by(project.hearing_requested_at, at)
    held = _by(project.hearing_held_at, at)
    open_grievances = project.open_grievances_as_of(at)
    checks = {
        "submitted_to_higher_government": _by(project.submitted_at, at),
        "pre_notice_issued": pre_notice_ends_on is not None,
        "pre_notice_period_elapsed": pre_notice_ends_on is not None and today > pre_notice_ends_on,
        "land_status_survey_confirmed": _by(project.survey_confirmed_at, at),
        "stability_risk_assessment_passed": project.stability_passed_as_of(at) is True,
        "compensation_plan_announced": plan_ends_on is not None,
        "announcement_period_ended": plan_ends_on is not None and today > plan_ends_on,
        "hearing_right_notified": hearing_due_on is not None,
        # A requested hearing, or (since 2020) one owed to a majority objection, must be held; an
        # unrequested one only once nobody can ask for it any more.
        "hearing_held_if_requested": held or not requested,
        "hearing_held_after_majority_objection": held or not project.majority_objected_as_of(at),
        "hearing_request_window_closed": requested or held or (hearing_due_on is not None and today > hearing_due_on),
        "agreements_signed": share >= required_share,
        "no_open_grievance": not open_grievances,
    }
    details: dict[str, Any] = {
        "agreement_share": share,
        "agreement_share_required": required_share,
        "rule_version": rules.version,
    }
    if open_grievances:
        details["open_grievances"] = [
            {"grievance_id": str(g.grievance_id), "type": g.grievance_type, "cause": g.cause} for g in open_grievances
        ]
    return GateEvaluation(Gate.GRIEVANCE_RESOLVED, checks, details)


def compensation_fulfilled(
    project: ExpropriationProject, parcel_id: str | None = None, *, at: datetime
) -> GateEvaluation:
    agreements = project.agreements_as_of(at)
    paid, social_security_paid = project.paid_as_of(at)
    underpaid = {
        household: {"agreed_yuan": agreed, "paid_yuan": paid.get(household, 0.0)}
        for household, agreed in sorted(agreements.items())
        if paid.get(household, 0.0) < agreed
    }
    unsettled = sorted(set(agreements) - project.resettled_as_of(at))
    checks = {
        "expropriation_approved": _by(project.approved_at, at),
        "compensation_paid_in_full": (bool(agreements) or project.households_total == 0) and not underpaid,
        "social_security_deposited": social_security_paid >= project.social_security_required_yuan,
        "resettlement_arranged": not unsettled,
    }
    if parcel_id is not None:
        checks["land_handed_over_without_dispute"] = project.handover_disputed_as_of(parcel_id, at) is False
    details: dict[str, Any] = {}
    if underpaid:
        details["underpaid"] = underpaid
    if unsettled:
        details["households_without_resettlement"] = unsettled
    return GateEvaluation(Gate.COMPENSATION_FULFILLED, checks, details)


def _by(moment: datetime | None, at: datetime) -> bool:
    return moment is not None and moment <= at
