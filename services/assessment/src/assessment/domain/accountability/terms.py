"""The vocabulary of fault accountability (DOMAIN §3.1 and §3.2), as enums and tables."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    INACTION = "inaction"  # 不作为
    WRONGFUL_CASE = "wrongful_case"  # 错案
    OTHER = "other"


class Trigger(StrEnum):
    DEADLINE_BREACH = "deadline_breach"
    UNVERIFIED_LEAD = "unverified_lead"
    DECISION_REVOKED = "decision_revoked"
    ERROR_FOUND = "error_found"
    CASE_FILE_REVIEW_FAILED = "case_file_review_failed"
    COMPLAINT = "complaint"
    SUPERIOR_SUPERVISION = "superior_supervision"
    SATELLITE_ACCOUNTABILITY = "satellite_accountability"
    COURT_REJECTION_UNRECORDED = "court_rejection_unrecorded"
    BY_HAND = "by_hand"


class ResponsibleRole(StrEnum):
    HANDLER = "handler"
    REVIEWER = "reviewer"
    APPROVER = "approver"
    LEADER = "leader"
    COLLECTIVE_BODY = "collective_body"
    SUPERIOR_BUREAU = "superior_bureau"


class Share(StrEnum):
    FULL = "full"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    NONE = "none"


LIABLE_SHARES = frozenset({Share.FULL, Share.PRIMARY, Share.SECONDARY})


class ExemptionGround(StrEnum):
    FORCE_MAJEURE = "force_majeure"
    NECESSITY = "necessity"
    PARTY_FAULT = "party_fault"
    UNCLEAR_LAW = "unclear_law"
    NEW_EVIDENCE = "new_evidence"
    LAWFUL_INSTRUCTION = "lawful_instruction"
    SUPERIOR_WRONG_DECISION = "superior_wrong_decision"
    RECORDED_DISSENT = "recorded_dissent"
    DUTY_DISCHARGED_REPORT = "duty_discharged_report"
    DUTY_DISCHARGED_COURT_REFUSAL = "duty_discharged_court_refusal"
    SELF_CORRECTED_NO_HARM = "self_corrected_no_harm"
    TRIVIAL = "trivial"


class ExemptionEffect(StrEnum):
    EXEMPT = "exempt"  # 免予追究
    MITIGATE = "mitigate"  # 从轻


# Grounds that §3.1 D lets mitigate as well as exempt; the others only exempt.
MITIGATING_GROUNDS = frozenset(
    {
        ExemptionGround.SUPERIOR_WRONG_DECISION,
        ExemptionGround.SELF_CORRECTED_NO_HARM,
        ExemptionGround.LAWFUL_INSTRUCTION,
    }
)


class AggravationGround(StrEnum):
    CONTINUING_ERROR_UNCORRECTED = "continuing_error_uncorrected"
    REPEAT_FAULTS = "repeat_faults"
    OBSTRUCTING_INVESTIGATION = "obstructing_investigation"
    RETALIATION = "retaliation"
    BRIBERY_OR_FAVOURITISM = "bribery_or_favouritism"


class Tier(StrEnum):
    LIGHT = "1"
    MEDIUM = "2"
    SEVERE = "3"
    DISCIPLINE = "discipline"
    CRIMINAL_TRANSFER = "criminal_transfer"
    UNIT = "unit"


# §3.2: the sanctions of each tier. The unit tier applies to units, every other tier to officers.
TIER_SANCTIONS: dict[Tier, frozenset[str]] = {
    Tier.LIGHT: frozenset(
        {"criticism_education", "written_self_criticism", "admonishment_talk", "disqualify_annual_award"}
    ),
    Tier.MEDIUM: frozenset(
        {
            "circulated_criticism",
            "certificate_suspension",
            "off_post_training",
            "apology_to_party",
            "partial_state_compensation",
            "suspension_from_enforcement_work",
        }
    ),
    Tier.SEVERE: frozenset({"removed_from_enforcement_post", "qualification_cancelled", "certificate_revoked"}),
    Tier.DISCIPLINE: frozenset({"warning", "demerit", "major_demerit", "demotion", "dismissal_from_post", "expulsion"}),
    Tier.CRIMINAL_TRANSFER: frozenset({"transfer_to_judicial_organs"}),
    Tier.UNIT: frozenset({"unit_rectification_ordered", "unit_circulated_criticism", "unit_award_eligibility_lost"}),
}

# What personnel must do with a sanction (it consumes `assessment.sanction.imposed.v1`).
SUSPENDS_CERTIFICATE = frozenset({"certificate_suspension"})
REMOVES_FROM_ENFORCEMENT_POST = frozenset(
    {"removed_from_enforcement_post", "off_post_training", "suspension_from_enforcement_work"}
)
REVOKES_CERTIFICATE = frozenset({"qualification_cancelled", "certificate_revoked"})


def deduction_code(tier: Tier) -> str:
    """The scheme deduction a sanction of `tier` posts to its subject's score."""
    return f"sanction_tier_{tier.value}"


class AppealResult(StrEnum):
    UPHELD = "upheld"
    CHANGED = "changed"
    REVOKED = "revoked"
