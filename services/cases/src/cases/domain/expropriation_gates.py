"""The "three no" gates of DOMAIN.md §7.2 as checks: each returns every check that fails, by name.

- plan_conformity (不上报) blocks submission to the higher government: a plan check is recorded and
  every part of it passes.
- grievance_resolved (不报批) blocks the approval application: the preparatory steps of the Land
  Administration Law art. 47 are done, enough agreements are signed, and no grievance is open.
- compensation_fulfilled (不供地) blocks the supply of a parcel: the expropriation is approved,
  compensation paid in full, social security deposited, resettlement arranged, and the parcel
  handed over without dispute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cases.domain.expropriation_project import ExpropriationProject
from cases.domain.expropriation_terms import CONSTRUCTION_ZONES, Gate, GateBlockedError, PlanZone
from cases.domain.land_rules import AppliedRules


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
    return GateEvaluation(
        Gate.PLAN_CONFORMITY,
        {
            "plan_conformity_checked": True,
            "inside_construction_zone": PlanZone(check["plan_zone"]) in CONSTRUCTION_ZONES,
            "no_basic_farmland_unless_key_project": not check["basic_farmland_involved"]
            or check["state_council_key_project"],
            "annual_quota_available": check["quota_available"],
            "farmland_offset_secured": check["offset_secured"],
        },
    )


def agreement_share(project: ExpropriationProject) -> float:
    if project.households_total == 0:
        return 1.0
    return round(len(project.agreements) / project.households_total, 4)


def grievance_resolved(project: ExpropriationProject, *, today: date, rules: AppliedRules) -> GateEvaluation:
    share = agreement_share(project)
    required_share = float(rules["agreement_share_required"])
    hearing_window_over = project.hearing_request_due_on is not None and today > project.hearing_request_due_on
    open_grievances = project.open_grievances
    checks = {
        "submitted_to_higher_government": project.submitted_at is not None,
        "pre_notice_issued": project.pre_notice_ends_on is not None,
        "pre_notice_period_elapsed": project.pre_notice_ends_on is not None and today > project.pre_notice_ends_on,
        "land_status_survey_confirmed": project.survey_confirmed,
        "stability_risk_assessment_passed": project.stability_passed is True,
        "compensation_plan_announced": project.plan_announcement_ends_on is not None,
        "announcement_period_ended": project.plan_announcement_ends_on is not None
        and today > project.plan_announcement_ends_on,
        "hearing_right_notified": project.hearing_request_due_on is not None,
        # A requested hearing, or (since 2020) one owed to a majority objection, must be held; an
        # unrequested one only once nobody can ask for it any more.
        "hearing_held_if_requested": project.hearing_held or not project.hearing_requested,
        "hearing_held_after_majority_objection": project.hearing_held or not project.majority_objected,
        "hearing_request_window_closed": project.hearing_requested or project.hearing_held or hearing_window_over,
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


def compensation_fulfilled(project: ExpropriationProject, parcel_id: str | None = None) -> GateEvaluation:
    underpaid = {
        household: {"agreed_yuan": agreed, "paid_yuan": project.paid.get(household, 0.0)}
        for household, agreed in sorted(project.agreements.items())
        if project.paid.get(household, 0.0) < agreed
    }
    unsettled = sorted(set(project.agreements) - set(project.resettled))
    checks = {
        "expropriation_approved": project.approved_at is not None,
        "compensation_paid_in_full": (bool(project.agreements) or project.households_total == 0) and not underpaid,
        "social_security_deposited": project.social_security_paid_yuan >= project.social_security_required_yuan,
        "resettlement_arranged": not unsettled,
    }
    if parcel_id is not None:
        checks["land_handed_over_without_dispute"] = project.handed_over.get(parcel_id) is False
    details: dict[str, Any] = {}
    if underpaid:
        details["underpaid"] = underpaid
    if unsettled:
        details["households_without_resettlement"] = unsettled
    return GateEvaluation(Gate.COMPENSATION_FULFILLED, checks, details)
