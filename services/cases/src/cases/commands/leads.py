"""Commands on violation leads, and the filing decision that turns a lead into a penalty case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from cases.commands.base import CasesBase
from cases.domain.enforcers import TeamMember
from cases.domain.lead import ViolationLead
from cases.domain.penalty_case import PenaltyCase
from cases.domain.recording import clips_of
from cases.domain.rules import PENALTY_PROCEDURE, ProcedureRules
from cases.domain.template import ProcedureTemplate
from cases.domain.templates import NoTemplateError, template_for
from cases.domain.timing import business_time, due_after, local_day
from shared.domain import DomainError, InvalidInputError
from shared.domain.access import ensure_unit_scope


class LeadNumberTakenError(DomainError):
    code = "lead_number_taken"


class CaseNumberTakenError(DomainError):
    code = "case_number_taken"


class NoProcedureInForceError(InvalidInputError):
    code = "no_procedure_in_force"


class LeadCommands(CasesBase):
    def register_lead(
        self,
        *,
        register_no: str,
        source: str,
        unit_id: str,
        received_at: datetime | None,
        location: dict[str, Any],
        description: str,
        reporter: dict[str, Any] | None,
        satellite_patch_id: str | None,
        proposed_disposal: str,
    ) -> ViolationLead:
        ensure_unit_scope(unit_id)
        at = business_time(received_at, field="received_at")
        day = local_day(at)
        procedure = self._procedure_on(day)
        rules = self.rules_in_force(PENALTY_PROCEDURE, day)
        parsed = ProcedureRules.parse(rules.version, rules.values)
        number = register_no.strip()
        lead = ViolationLead(
            register_no=number,
            source=source,
            unit_id=unit_id,
            location=location,
            description=description,
            reporter=reporter,
            satellite_patch_id=satellite_patch_id,
            proposed_disposal=proposed_disposal,
            template_id=procedure.template_id,
            template_version=procedure.version,
            rule_version=rules.version,
            rules=rules.values,
            verification_due_on=due_after(day, parsed.limit("verification"), self.working_calendar(day)),
            occurred_at=at,
        )
        try:
            self.save(lead)
        except IntegrityError:
            raise LeadNumberTakenError(f"lead number {number} is already registered", register_no=number) from None
        return lead

    def assign_lead_verification(
        self, lead_id: UUID, *, officer_ids: Sequence[UUID], unit_id: str | None, expected_version: int | None = None
    ) -> ViolationLead:
        lead = self.lead(lead_id, expected_version)
        target = unit_id or lead.unit_id
        ensure_unit_scope(target)
        lead.assign_verification(officer_ids, target)
        self.save(lead)
        return lead

    def verify_lead(
        self,
        lead_id: UUID,
        *,
        outcome: str,
        record_no: str,
        officers: Sequence[TeamMember],
        verified_at: datetime | None,
        land_class: str | None = None,
        area_mu: float = 0.0,
        cultivated_mu: float = 0.0,
        basic_farmland_mu: float = 0.0,
        plan_conformity: str = "unknown",
        approvals_found: Sequence[str] = (),
        photo_count: int = 0,
        violation_ongoing: bool = False,
        large_scale_destruction: bool = False,
        illegal_approval_over_threshold: bool = False,
        duplicate_of: UUID | None = None,
        clips: Sequence[Mapping[str, Any]] = (),
        expected_version: int | None = None,
    ) -> ViolationLead:
        lead = self.lead(lead_id, expected_version)
        at = business_time(verified_at, field="verified_at")
        on_camera = clips_of(clips)
        lead.verify(
            outcome=outcome,
            record_no=record_no,
            team=self.team(officers, at, lead.rules.enforcement_officers_min),
            land_class=land_class,
            area_mu=area_mu,
            cultivated_mu=cultivated_mu,
            basic_farmland_mu=basic_farmland_mu,
            plan_conformity=plan_conformity,
            approvals_found=approvals_found,
            photo_count=photo_count,
            violation_ongoing=violation_ongoing,
            large_scale_destruction=large_scale_destruction,
            illegal_approval_over_threshold=illegal_approval_over_threshold,
            duplicate_of=duplicate_of,
            at=at,
            calendar=self.working_calendar(local_day(at)),
            clips=on_camera,
        )
        self.save(lead, *self.clip_records(on_camera, act_kind="lead", act_id=lead.id, record="lead_verified", at=at))
        return lead

    def refer_lead(
        self,
        lead_id: UUID,
        *,
        to_agency: str,
        reason: str,
        letter_no: str,
        referred_at: datetime | None,
        expected_version: int | None = None,
    ) -> ViolationLead:
        lead = self.lead(lead_id, expected_version)
        at = business_time(referred_at, field="referred_at")
        lead.refer_elsewhere(to_agency=to_agency, reason=reason, letter_no=letter_no, at=at)
        self.save(lead)
        return lead

    def issue_stop_order(
        self,
        lead_id: UUID,
        *,
        doc_no: str,
        correction_order_no: str | None,
        party: str,
        officers: Sequence[TeamMember],
        issued_at: datetime | None,
        clips: Sequence[Mapping[str, Any]] = (),
        expected_version: int | None = None,
    ) -> ViolationLead:
        lead = self.lead(lead_id, expected_version)
        at = business_time(issued_at, field="issued_at")
        team = self.team(officers, at, lead.rules.enforcement_officers_min)
        on_camera = clips_of(clips)
        lead.issue_stop_order(
            doc_no=doc_no, correction_order_no=correction_order_no, party=party, team=team, at=at, clips=on_camera
        )
        self.save(
            lead, *self.clip_records(on_camera, act_kind="lead", act_id=lead.id, record="stop_order_issued", at=at)
        )
        return lead

    def report_stop_order_ineffective(
        self,
        lead_id: UUID,
        *,
        reported_to: Sequence[str],
        reported_at: datetime | None,
        expected_version: int | None = None,
    ) -> ViolationLead:
        lead = self.lead(lead_id, expected_version)
        lead.report_stop_order_ineffective(reported_to=reported_to, at=business_time(reported_at, field="reported_at"))
        self.save(lead)
        return lead

    def take_over_lead(
        self,
        lead_id: UUID,
        *,
        superior: str,
        reason: str,
        letter_no: str,
        taken_over_at: datetime | None,
        expected_version: int | None = None,
    ) -> ViolationLead:
        lead = self.lead(lead_id, expected_version)
        at = business_time(taken_over_at, field="taken_over_at")
        lead.take_over_by_superior(superior=superior, reason=reason, letter_no=letter_no, at=at)
        self.save(lead)
        return lead

    def report_major_violation(
        self,
        lead_id: UUID,
        *,
        report_no: str,
        reported_to: Sequence[str],
        reported_at: datetime | None,
        expected_version: int | None = None,
    ) -> ViolationLead:
        lead = self.lead(lead_id, expected_version)
        at = business_time(reported_at, field="reported_at")
        lead.report_major_violation(report_no=report_no, reported_to=reported_to, at=at)
        self.save(lead)
        return lead

    def file_case(
        self,
        lead_id: UUID,
        *,
        case_no: str,
        filing_form_no: str,
        unit_id: str | None,
        party: dict[str, Any],
        cause: str,
        facts_summary: str,
        violation_type: str,
        conditions: Mapping[str, bool],
        handling_officer_ids: Sequence[UUID],
        approved_by: UUID,
        filed_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        """File a case from a verified lead (立案): both are saved together or not at all."""
        lead = self.lead(lead_id, expected_version)
        handling_unit = unit_id or lead.unit_id
        ensure_unit_scope(handling_unit)
        at = business_time(filed_at, field="filed_at")
        lead.check_fileable(conditions, at)
        day = local_day(at)
        procedure = self._procedure_on(day)
        rules = self.rules_in_force(PENALTY_PROCEDURE, day)
        parsed = ProcedureRules.parse(rules.version, rules.values)
        # The handlers will investigate: each must be able to enforce on the day the case is filed.
        members = [TeamMember(officer, True) for officer in handling_officer_ids]
        handlers = self.team(members, at, parsed.enforcement_officers_min, shown=False)
        number = case_no.strip().upper()
        case = PenaltyCase(
            case_no=number,
            lead_id=lead.id,
            unit_id=handling_unit,
            party=party,
            cause=cause,
            facts_summary=facts_summary,
            violation_type=violation_type,
            conditions={name: bool(value) for name, value in conditions.items()},
            handling_officer_ids=handlers.officer_ids,
            handling_certificate_nos=handlers.certificate_nos,
            approved_by=approved_by,
            filing_form_no=filing_form_no,
            template_id=procedure.template_id,
            template_version=procedure.version,
            rule_version=rules.version,
            rules=rules.values,
            lead_facts={"violation_ongoing": lead.violation_ongoing, "major_criteria": list(lead.major_criteria)},
            lead_steps=dict(lead.completed),
            lead_documents={kind: list(numbers) for kind, numbers in lead.documents.items()},
            filing_due_on=lead.filing_due_on,
            filing_on_time=lead.filing_due_on is None or day <= lead.filing_due_on,
            decision_due_on=due_after(day, parsed.limit("decision"), self.working_calendar(day)),
            occurred_at=at,
        )
        lead.open_case(case_id=case.id, case_no=number, at=at)
        try:
            self.save(case, lead)
        except IntegrityError:
            if self.recorder.select_events(case.id, limit=1):
                raise CaseNumberTakenError(f"case number {number} is already in use", case_no=number) from None
            raise  # the lead moved on meanwhile: a concurrent modification
        return case

    def decline_filing(
        self,
        lead_id: UUID,
        *,
        reason: str,
        unmet_conditions: Sequence[str],
        approved_by: UUID,
        explanation: str,
        decided_at: datetime | None,
        expected_version: int | None = None,
    ) -> ViolationLead:
        lead = self.lead(lead_id, expected_version)
        at = business_time(decided_at, field="decided_at")
        lead.decline_filing(
            reason=reason, unmet_conditions=unmet_conditions, approved_by=approved_by, explanation=explanation, at=at
        )
        self.save(lead)
        return lead

    def get_lead(self, lead_id: UUID) -> ViolationLead:
        return self.lead(lead_id)

    def lead_history(self, lead_id: UUID) -> list[Any]:
        self.lead(lead_id)
        return self.stored_events(lead_id)

    @staticmethod
    def _procedure_on(day: date) -> ProcedureTemplate:
        try:
            return template_for(day)
        except NoTemplateError:
            raise NoProcedureInForceError(
                "no penalty procedure of this system was in force on that day", day=str(day)
            ) from None
