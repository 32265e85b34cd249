"""Commands and queries of land expropriation under the "three no" gates (§7), and the yearly
farmland balance.

A dated step is not dated before the steps it follows (the survey before its confirmation, the
plan's announcement before a majority objection to it, the objection before the hearing it calls
for, a household's claim before its agreement and the agreement before its resettlement, the
submission before the approval application, the approval before the hand-over, the hand-over before
the supply, ...), and a gate is judged as of the business time of the step it blocks.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from cases.commands.land_rules import LandRulesCommands
from cases.domain import expropriation_gates as gates
from cases.domain.expropriation_project import ExpropriationProject
from cases.domain.expropriation_terms import (
    ApproverLevel,
    ExpropriationProjectNotFoundError,
    FarmlandBalanceClosedError,
    FarmlandBalanceNotFoundError,
    GrievanceCause,
    GrievanceType,
    PaymentItem,
    PlanZone,
    ResettlementKind,
    RiskLevel,
    SupplyMode,
)
from cases.domain.farmland_balance import FarmlandBalanceYear
from cases.domain.land_index import LandIndex
from cases.domain.land_rules import AppliedRules, LandRuleFamily
from cases.domain.land_time import bureau_date, business_time, end_of_bureau_day, not_before
from cases.domain.three_none import ThreeNoneCount, count_year
from shared.domain import InvalidInputError
from shared.domain.access import ensure_unit_scope

PROJECT_INDEX = "expropriation_projects"


class ExpropriationCommands(LandRulesCommands):
    def register_expropriation_project(
        self,
        *,
        name: str,
        purpose: str,
        county_code: str,
        handling_unit_id: str,
        year: int,
        parcels: list[dict[str, Any]],
        requesting_party: str,
        households_total: int,
    ) -> ExpropriationProject:
        ensure_unit_scope(handling_unit_id)
        ExpropriationProject.check_parcels(parcels)
        if households_total < 0:
            raise InvalidInputError("households_total cannot be negative", field="households_total")
        project = ExpropriationProject(
            name=name.strip(),
            purpose=purpose.strip(),
            county_code=county_code,
            handling_unit_id=handling_unit_id,
            year=year,
            parcels=parcels,
            requesting_party=requesting_party.strip(),
            households_total=households_total,
        )
        index = self.existing_or_new(LandIndex, LandIndex.create_id(PROJECT_INDEX), name=PROJECT_INDEX)
        index.add(project.id)
        self.save(project, index)
        return project

    def check_plan_conformity(
        self,
        project_id: UUID,
        *,
        plan_zone: PlanZone,
        quota_available: bool,
        basic_farmland_involved: bool,
        state_council_key_project: bool,
        offset_secured: bool,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        project.check_plan_conformity(
            plan_zone=plan_zone,
            quota_available=quota_available,
            basic_farmland_involved=basic_farmland_involved,
            state_council_key_project=state_council_key_project,
            offset_secured=offset_secured,
        )
        return self._saved(project)

    def issue_expropriation_pre_notice(
        self, project_id: UUID, *, scope: str, issued_at: datetime | None = None, expected_version: int | None = None
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("issued_at", issued_at)
        rules = self._rules(at)
        ends_on = self.working_calendar(bureau_date(at)).add_working_days(
            bureau_date(at), int(rules["pre_notice_min_working_days"])
        )
        project.issue_pre_notice(issued_at=at, scope=scope, ends_on=ends_on, rule_version=rules.version)
        return self._saved(project)

    def record_land_status_survey(
        self,
        project_id: UUID,
        *,
        survey_id: str,
        surveyed_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        project.record_survey(surveyed_at=business_time("surveyed_at", surveyed_at), survey_id=survey_id)
        return self._saved(project)

    def confirm_land_status(
        self,
        project_id: UUID,
        *,
        confirmed_by: list[str],
        disputed_items: list[str],
        confirmed_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("confirmed_at", confirmed_at)
        not_before("confirmed_at", at, "surveyed_at", project.surveyed_at)
        project.confirm_survey(confirmed_at=at, confirmed_by=confirmed_by, disputed_items=disputed_items)
        return self._saved(project)

    def assess_stability_risk(
        self,
        project_id: UUID,
        *,
        level: RiskLevel,
        measures: list[str],
        passed: bool,
        assessed_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        project.assess_stability_risk(
            assessed_at=business_time("assessed_at", assessed_at), level=level, measures=measures, passed=passed
        )
        return self._saved(project)

    def notify_expropriation_hearing_right(
        self, project_id: UUID, *, served_at: datetime | None = None, expected_version: int | None = None
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("served_at", served_at)
        rules = self._rules(at)
        due = self.working_calendar(bureau_date(at)).add_working_days(
            bureau_date(at), int(rules["hearing_request_working_days"])
        )
        project.notify_hearing_right(served_at=at, request_due_on=due, rule_version=rules.version)
        return self._saved(project)

    def request_expropriation_hearing(
        self, project_id: UUID, *, requested_at: datetime | None = None, expected_version: int | None = None
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("requested_at", requested_at)
        not_before("requested_at", at, "served_at", project.hearing_notified_at)
        project.request_hearing(requested_at=at)
        return self._saved(project)

    def hold_expropriation_hearing(
        self, project_id: UUID, *, report_id: str, held_at: datetime | None = None, expected_version: int | None = None
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("held_at", held_at)
        if project.hearing_requested_at is not None:
            not_before("held_at", at, "requested_at", project.hearing_requested_at)
        else:  # the hearing is owed to a majority objection alone
            not_before("held_at", at, "objected_at", project.majority_objected_at)
        project.hold_hearing(held_at=at, report_id=report_id)
        return self._saved(project)

    def announce_compensation_plan(
        self,
        project_id: UUID,
        *,
        ends_on: date,
        standards: dict[str, float],
        social_security_required_yuan: float,
        announced_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("announced_at", announced_at)
        rules = self._rules(at)
        project.announce_plan(
            announced_at=at,
            ends_on=ends_on,
            standards=standards,
            social_security_required_yuan=social_security_required_yuan,
            min_days=int(rules["plan_announcement_min_days"]),
            rule_version=rules.version,
        )
        return self._saved(project)

    def record_majority_objection(
        self,
        project_id: UUID,
        *,
        objecting_members: int,
        total_members: int,
        objected_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("objected_at", objected_at)
        not_before("objected_at", at, "announced_at", project.plan_first_announced_at)
        project.record_majority_objection(
            objected_at=at, objecting_members=objecting_members, total_members=total_members
        )
        return self._saved(project)

    def register_compensation_claim(
        self,
        project_id: UUID,
        *,
        household_id: str,
        items: list[str],
        registered_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        project.register_claim(
            registered_at=business_time("registered_at", registered_at), household_id=household_id, items=items
        )
        return self._saved(project)

    def sign_compensation_agreement(
        self,
        project_id: UUID,
        *,
        household_id: str,
        amount_yuan: float,
        signed_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("signed_at", signed_at)
        registered_at = project.claims_registered_at.get(household_id)
        not_before("signed_at", at, "registered_at", registered_at, household_id=household_id)
        project.sign_agreement(signed_at=at, household_id=household_id, amount_yuan=amount_yuan)
        return self._saved(project)

    def register_grievance(
        self,
        project_id: UUID,
        *,
        grievance_type: GrievanceType,
        cause: GrievanceCause,
        party: str,
        filed_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        project.register_grievance(
            filed_at=business_time("filed_at", filed_at), grievance_type=grievance_type, cause=cause, party=party
        )
        return self._saved(project)

    def resolve_grievance(
        self,
        project_id: UUID,
        grievance_id: UUID,
        *,
        resolution: str,
        resolved_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        project.resolve_grievance(
            grievance_id=grievance_id, resolved_at=business_time("resolved_at", resolved_at), resolution=resolution
        )
        return self._saved(project)

    def submit_to_higher_government(
        self, project_id: UUID, *, submitted_at: datetime | None = None, expected_version: int | None = None
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        gate = gates.plan_conformity(project)
        gate.ensure_passed("submission to the higher government")
        project.submit_upward(submitted_at=business_time("submitted_at", submitted_at), checks=gate.passed_checks)
        return self._saved(project)

    def apply_for_expropriation_approval(
        self, project_id: UUID, *, applied_at: datetime | None = None, expected_version: int | None = None
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("applied_at", applied_at)
        not_before("applied_at", at, "submitted_at", project.submitted_at)
        rules = self._rules(at)
        gate = gates.grievance_resolved(project, at=at, rules=rules)
        gate.ensure_passed("the approval application")
        project.apply_for_approval(
            applied_at=at,
            checks=gate.passed_checks,
            agreement_share=gates.agreement_share(project, at),
            rule_version=rules.version,
        )
        return self._saved(project)

    def record_expropriation_approval(
        self,
        project_id: UUID,
        *,
        approval_no: str,
        approver_level: ApproverLevel,
        approved_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("approved_at", approved_at)
        not_before("approved_at", at, "applied_at", project.applied_at)
        project.record_approval(
            approved_at=at,
            approval_no=approval_no.strip(),
            approver_level=approver_level.value,
        )
        return self._saved(project)

    def announce_expropriation(
        self, project_id: UUID, *, announced_at: datetime | None = None, expected_version: int | None = None
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("announced_at", announced_at)
        not_before("announced_at", at, "approved_at", project.approved_at)
        project.announce_expropriation(announced_at=at)
        return self._saved(project)

    def pay_compensation(
        self,
        project_id: UUID,
        *,
        payee_id: str,
        item: PaymentItem,
        amount_yuan: float,
        paid_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("paid_at", paid_at)
        if item is not PaymentItem.SOCIAL_SECURITY:
            not_before("paid_at", at, "signed_at", project.agreements_signed_at.get(payee_id))
        project.pay(paid_at=at, payee_id=payee_id, item=item, amount_yuan=amount_yuan)
        return self._saved(project)

    def arrange_resettlement(
        self,
        project_id: UUID,
        *,
        household_id: str,
        kind: ResettlementKind,
        resettled_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("resettled_at", resettled_at)
        signed_at = project.agreements_signed_at.get(household_id)
        not_before("resettled_at", at, "signed_at", signed_at, household_id=household_id)
        project.arrange_resettlement(resettled_at=at, household_id=household_id, kind=kind)
        return self._saved(project)

    def hand_over_land(
        self,
        project_id: UUID,
        *,
        parcel_id: str,
        disputed: bool,
        handed_over_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("handed_over_at", handed_over_at)
        not_before("handed_over_at", at, "approved_at", project.approved_at)
        project.hand_over(parcel_id=parcel_id, handed_over_at=at, disputed=disputed)
        return self._saved(project)

    def supply_land(
        self,
        project_id: UUID,
        *,
        parcel_id: str,
        mode: SupplyMode,
        supplied_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> ExpropriationProject:
        project = self._project_in_scope(project_id, expected_version)
        at = business_time("supplied_at", supplied_at)
        not_before("supplied_at", at, "approved_at", project.approved_at)
        not_before("supplied_at", at, "handed_over_at", project.last_handover_at(parcel_id))
        gate = gates.compensation_fulfilled(project, parcel_id, at=at)
        gate.ensure_passed("land supply")
        project.supply(parcel_id=parcel_id, supplied_at=at, mode=mode.value, checks=gate.passed_checks)
        return self._saved(project)

    def close_farmland_balance_year(
        self,
        *,
        county_code: str,
        year: int,
        occupied_cultivated_mu: float,
        supplemented_cultivated_mu: float,
        basic_farmland_mu_start: float,
        basic_farmland_mu_end: float,
    ) -> FarmlandBalanceYear:
        if self.find_aggregate(FarmlandBalanceYear.create_id(county_code, year)) is not None:
            raise FarmlandBalanceClosedError(
                "the farmland balance of this year is already closed", county_code=county_code, year=year
            )
        balance = FarmlandBalanceYear.close(
            county_code=county_code,
            year=year,
            occupied_cultivated_mu=occupied_cultivated_mu,
            supplemented_cultivated_mu=supplemented_cultivated_mu,
            basic_farmland_mu_start=basic_farmland_mu_start,
            basic_farmland_mu_end=basic_farmland_mu_end,
        )
        self.save(balance)
        return balance

    # -- queries -----------------------------------------------------------------------------------------------

    def expropriation_project(self, project_id: UUID, expected_version: int | None = None) -> ExpropriationProject:
        return self.load(project_id, ExpropriationProject, ExpropriationProjectNotFoundError, expected_version)

    def expropriation_projects(self) -> list[ExpropriationProject]:
        index = self.find_aggregate(LandIndex.create_id(PROJECT_INDEX))
        if not isinstance(index, LandIndex):
            return []
        return [self.expropriation_project(project_id) for project_id in index.ids]

    def expropriation_gates(self, project: ExpropriationProject, on: date) -> list[gates.GateEvaluation]:
        """The gates as they stood at the end of the bureau's day `on`."""
        rules = self.land_rules(LandRuleFamily.EXPROPRIATION, on)
        at = end_of_bureau_day(on)
        return [
            gates.plan_conformity(project),
            gates.grievance_resolved(project, at=at, rules=rules),
            gates.compensation_fulfilled(project, at=at),
        ]

    def three_none_counters(self, year: int) -> tuple[ThreeNoneCount, list[ThreeNoneCount]]:
        return count_year(self.expropriation_projects(), year)

    def farmland_balance(self, county_code: str, year: int) -> FarmlandBalanceYear:
        return self.load(
            FarmlandBalanceYear.create_id(county_code, year), FarmlandBalanceYear, FarmlandBalanceNotFoundError
        )

    def _rules(self, at: datetime) -> AppliedRules:
        return self.land_rules(LandRuleFamily.EXPROPRIATION, bureau_date(at))

    def _project_in_scope(self, project_id: UUID, expected_version: int | None) -> ExpropriationProject:
        project = self.expropriation_project(project_id, expected_version)
        ensure_unit_scope(project.handling_unit_id)
        return project

    def _saved(self, project: ExpropriationProject) -> ExpropriationProject:
        self.save(project)
        return project
