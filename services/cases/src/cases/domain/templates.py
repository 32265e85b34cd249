"""The procedure templates the bureau ships: the general penalty procedure (行政处罚一般程序) under
the 2014 Measures (国土资源部令第60号, amended 2020) and under the 2024 revision (自然资源部令第12号).

A case follows the template in force on its filing date (DOMAIN §0): filed before 2024-05-01, the
2014 Measures; from that day, the 2024 revision. Step numbers and codes follow DOMAIN §1.2.
"""

from __future__ import annotations

from datetime import date

from cases.domain.template import DocumentSpec, Extension, ProcedureTemplate, Step, TimeLimit

PENALTY_GENERAL = "penalty_general"

# Condition names, evaluated on a lead or case (see `PenaltyCase.holds`).
VIOLATION_ONGOING = "violation_ongoing"
MAJOR_VIOLATION = "major_violation"
COMPLEX_OR_SERIOUS = "complex_or_serious"
MAJOR_DECISION = "major_decision"
PENALTY_PATH = "penalty_path"
ORAL_STATEMENT = "oral_statement"
HEARING_ELIGIBLE = "hearing_eligible"
HEARING_REQUESTED = "hearing_requested"
PENALTY_DECIDED = "penalty_decided"
NO_PENALTY_DECIDED = "no_penalty_decided"
TRANSFERRED = "transferred"
DECISION_TO_SERVE = "decision_to_serve"
OBLIGATIONS_REMAIN = "obligations_remain"
PAYMENT_DEMANDED = "payment_demanded"
COURT_APPLIED = "court_applied"

SUSPENSION_REASONS = (
    "appraisal",
    "hearing",
    "commissioned_determination",
    "public_notice",
    "postal",
    "awaiting_criminal_decision",
)


def _steps(prefix: str) -> tuple[Step, ...]:
    """The general procedure; `prefix` names the body in document titles (国土资源 or 自然资源)."""
    doc = DocumentSpec
    return (
        Step(
            "lead_intake",
            "0",
            "违法线索登记 (lead registered)",
            "lead",
            (doc("lead_register", "F01", "违法线索登记表"),),
        ),
        Step(
            "lead_verification",
            "1",
            "核查 (verification)",
            "lead",
            (doc("site_check_record", "F02", "现场核查记录"),),
            requires=("lead_intake",),
            limit=TimeLimit("verification", "lead registered"),
            needs_enforcers=True,
        ),
        Step(
            "stop_order",
            "1a",
            "制止 (stop an ongoing violation)",
            "lead",
            (
                doc("stop_order_notice", "F03", "责令停止违法行为通知书"),
                doc("correction_order_notice", "F04", "责令改正违法行为通知书", mandatory=False),
            ),
            condition=VIOLATION_ONGOING,
            requires=("lead_verification",),
            needs_enforcers=True,
        ),
        Step(
            "major_violation_report",
            "1b",
            "重大违法案件报告 (mandatory report upward)",
            "lead",
            (doc("major_violation_report", "F05", "重大违法案件报告"),),
            condition=MAJOR_VIOLATION,
            requires=("lead_verification",),
            limit=TimeLimit("major_violation_report", "violation confirmed"),
        ),
        Step(
            "case_filing",
            "2",
            "立案 (file the case)",
            "lead",
            (doc("filing_approval_form", "F06", "立案呈批表"),),
            requires=("lead_verification", "stop_order", "major_violation_report"),
            limit=TimeLimit("filing", "violation confirmed"),
        ),
        Step(
            "investigation",
            "3",
            "调查取证 (investigation)",
            "case",
            (
                doc("inquiry_record", "F07", "询问笔录"),
                doc("site_survey_record", "F08", "现场勘测笔录"),
                doc("evidence_record", "F09", "证据材料", mandatory=False),
            ),
            requires=("case_filing",),
            needs_enforcers=True,
        ),
        Step(
            "investigation_report",
            "4",
            "调查报告 (investigation report)",
            "case",
            (doc("investigation_report", "F10", "调查报告"),),
            requires=("investigation",),
        ),
        Step(
            "case_review",
            "5",
            "案件审理 (internal merits review)",
            "case",
            (doc("case_review_opinion", "F11", "案件审理意见书"),),
            requires=("investigation_report",),
        ),
        Step(
            "collective_discussion",
            "5a",
            "集体讨论 (collective discussion)",
            "case",
            (doc("collective_discussion_minutes", "F12", "集体讨论记录"),),
            condition=COMPLEX_OR_SERIOUS,
            requires=("case_review",),
        ),
        Step(
            "legal_review",
            "5b",
            "法制审核 (legal review of a major decision)",
            "case",
            (doc("legal_review_opinion", "F13", "法制审核意见书"),),
            # Due before a major decision on the merits (a penalty or none): a transfer decides none,
            # so it does not wait for the review, and closure then asks for no opinion.
            condition=MAJOR_DECISION,
            requires=("case_review",),
        ),
        Step(
            "penalty_notice",
            "6",
            "行政处罚告知 (pre-decision notice)",
            "case",
            (doc("penalty_notice", "F14", f"{prefix}行政处罚告知书"),),
            condition=PENALTY_PATH,
            requires=("case_review",),
        ),
        Step(
            "statement_and_defence",
            "6",
            "陈述、申辩 (statement and defence)",
            "case",
            (doc("statement_record", "F15", "陈述申辩笔录", condition=ORAL_STATEMENT),),
            condition=PENALTY_PATH,
            requires=("penalty_notice",),
        ),
        Step(
            "hearing_right_notice",
            "6a",
            "听证告知 (notice of the right to a hearing)",
            "case",
            (doc("hearing_right_notice", "F16", f"{prefix}行政处罚听证告知书"),),
            # On the path to a penalty decision only (like the hearing below): once the case is decided
            # without a penalty or transferred, closure must not demand a notice no step could record.
            condition=HEARING_ELIGIBLE,
            requires=("penalty_notice",),
        ),
        Step(
            "hearing",
            "6b",
            "听证 (hearing, on request)",
            "case",
            (
                doc("hearing_notice", "F17", "听证通知书"),
                doc("hearing_transcript", "F18", "听证笔录"),
                doc("hearing_report", "F19", "听证报告"),
            ),
            condition=HEARING_REQUESTED,
            requires=("hearing_right_notice",),
        ),
        Step(
            "penalty_decision",
            "7",
            "行政处罚决定 (penalty decided)",
            "case",
            (doc("penalty_decision", "F20", f"{prefix}行政处罚决定书"),),
            condition=PENALTY_DECIDED,
            requires=(
                "case_review",
                "collective_discussion",
                "legal_review",
                "penalty_notice",
                "statement_and_defence",
                "hearing_right_notice",
                "hearing",
            ),
            group="decision",
            limit=TimeLimit("decision", "case filed", suspendable=True, extendable=True),
        ),
        Step(
            "no_penalty_decision",
            "7",
            "不予行政处罚决定 (no penalty decided)",
            "case",
            (doc("no_penalty_decision", "F21", "不予行政处罚决定书"),),
            condition=NO_PENALTY_DECIDED,
            requires=("case_review", "collective_discussion", "legal_review"),
            group="decision",
            limit=TimeLimit("decision", "case filed", suspendable=True, extendable=True),
        ),
        Step(
            "case_transfer",
            "7",
            "案件移送 (transferred to the competent organ)",
            "case",
            (doc("case_transfer", "F22", "案件移送书"),),
            condition=TRANSFERRED,
            # Complex or serious cases are decided collectively whatever the outcome (2024 art. 31),
            # a transfer included; otherwise closure would demand minutes no step could still record.
            requires=("case_review", "collective_discussion"),
            group="decision",
            limit=TimeLimit("decision", "case filed", suspendable=True, extendable=True),
        ),
        Step(
            "decision_publication",
            "7a",
            "执法公示 (decision published)",
            "case",
            condition=PENALTY_DECIDED,
            requires=("penalty_decision",),
            limit=TimeLimit("publication", "decision made"),
        ),
        Step(
            "service",
            "8",
            "送达 (decision served)",
            "case",
            (doc("service_receipt", "F23", "送达回证"),),
            condition=DECISION_TO_SERVE,
            requires=("decision",),
            limit=TimeLimit("service", "decision made"),
        ),
        Step(
            "enforcement",
            "9",
            "执行 (enforcement)",
            "case",
            (
                doc("payment_demand", "F24", "催告书", condition=PAYMENT_DEMANDED),
                doc("court_enforcement_application", "F25", "强制执行申请书", condition=COURT_APPLIED),
            ),
            condition=OBLIGATIONS_REMAIN,
            requires=("service",),
            limit=TimeLimit("enforcement_application", "statutory challenge period expired"),
        ),
        Step(
            "case_closure",
            "10",
            "结案 (case closed)",
            "case",
            (doc("closure_approval_form", "F26", "结案呈批表"),),
            requires=("decision", "decision_publication", "service", "enforcement"),
        ),
        Step(
            "archiving",
            "11",
            "立卷归档 (case file archived)",
            "case",
            (doc("case_file_catalogue", "F27", "卷内目录"),),
            requires=("case_closure",),
            limit=TimeLimit("archiving", "case closed"),
        ),
    )


MEASURES_2014 = ProcedureTemplate(
    template_id=PENALTY_GENERAL,
    version="2014",
    title="国土资源行政处罚一般程序",
    basis="《国土资源行政处罚办法》(国土资源部令第60号, 2020 amendment)",
    effective_from=date(2014, 7, 1),
    effective_until=date(2024, 4, 30),
    steps=_steps("国土资源"),
    suspension_reasons=SUSPENSION_REASONS,
    # +≤30 days with the bureau head's approval; "particularly complex" cases are excepted from the
    # cap, which this template allows only after a collective discussion of the case.
    extensions=(Extension("decision", "bureau_head", special_allowed=True, special_requires="collective_discussion"),),
    no_penalty_reasons=("minor", "facts_not_established"),
)

MEASURES_2024 = ProcedureTemplate(
    template_id=PENALTY_GENERAL,
    version="2024",
    title="自然资源行政处罚一般程序",
    basis="《自然资源行政处罚办法》(自然资源部令第12号)",
    effective_from=date(2024, 5, 1),
    effective_until=None,
    steps=_steps("自然资源"),
    suspension_reasons=SUSPENSION_REASONS,
    # The 2024 text's exception for particularly complex cases was not verified: only the capped
    # extension is offered.
    extensions=(Extension("decision", "bureau_head", special_allowed=False),),
    no_penalty_reasons=("minor", "first_minor_corrected", "facts_not_established"),
)

TEMPLATES: tuple[ProcedureTemplate, ...] = (MEASURES_2014, MEASURES_2024)


class NoTemplateError(LookupError):
    pass


def template_for(filed_on: date) -> ProcedureTemplate:
    """The template in force on `filed_on` (the filing date governs the whole case)."""
    for template in TEMPLATES:
        if template.effective_from <= filed_on and (
            template.effective_until is None or filed_on <= template.effective_until
        ):
            return template
    raise NoTemplateError(f"no penalty procedure template was in force on {filed_on}")


def template(template_id: str, version: str) -> ProcedureTemplate:
    for candidate in TEMPLATES:
        if (candidate.template_id, candidate.version) == (template_id, version):
            return candidate
    raise NoTemplateError(f"no template {template_id}/{version}")
