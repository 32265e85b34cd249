"""Facts from assessment's own public events: the secretariat's entries, complaints upheld, sanctions
(each posts its tier's deduction), and the KPI-only facts of matters raised and talks held."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from assessment.domain.facts import FactCategory
from assessment.domain.periods import SubjectType
from assessment.projections.facts.known import Known, Mapper, unit_and_officers
from assessment.projections.facts.rows import NewFact, Retraction, Written, local_day
from shared.contracts import IntegrationEvent
from shared.contracts.assessment import (
    AccountabilityMatterRaisedV1,
    AdmonishmentTalkHeldV1,
    BonusRecordedV1,
    ComplaintDecidedV1,
    DeductionRecordedV1,
    PublicEvaluationCollectedV1,
    SanctionImposedV1,
    SanctionRevokedV1,
    ScoreEntryWithdrawnV1,
    ScoreItemRecordedV1,
)
from shared.messaging.envelope import Envelope

MICRO = Decimal("0.000001")


def _entry(event: Any, category: FactCategory, code: str, value: Decimal) -> list[Written]:
    return [
        NewFact(
            key=f"entry/{event.entry_id}",
            subject_type=SubjectType(event.subject_type),
            subject_id=event.subject_id,
            unit_id=event.unit_id,
            category=category,
            code=code,
            value=value,
            counts_for=event.counts_for,
            detail={"entry_id": str(event.entry_id), "evidence_ref": event.evidence_ref},
        )
    ]


def public_evaluation(event: PublicEvaluationCollectedV1, envelope: Envelope, known: Known) -> list[Written]:
    return _entry(event, FactCategory.MEASURE, "external_evaluation.public_score", event.score)


def score_item(event: ScoreItemRecordedV1, envelope: Envelope, known: Known) -> list[Written]:
    # As a fraction of the item's weight when recorded, so a later weight change does not rescale it.
    fraction = (event.points / event.out_of).quantize(MICRO)
    return _entry(event, FactCategory.MEASURE, f"{event.item_code}.manual", fraction)


def deduction(event: DeductionRecordedV1, envelope: Envelope, known: Known) -> list[Written]:
    return _entry(event, FactCategory.DEDUCTION, event.deduction_code, Decimal(event.occurrences))


def bonus(event: BonusRecordedV1, envelope: Envelope, known: Known) -> list[Written]:
    return _entry(event, FactCategory.BONUS, event.bonus_code, event.points)


def entry_withdrawn(event: ScoreEntryWithdrawnV1, envelope: Envelope, known: Known) -> list[Written]:
    return [Retraction(key=f"entry/{event.entry_id}/withdrawn", retracts_key=f"entry/{event.entry_id}")]


def complaint_decided(event: ComplaintDecidedV1, envelope: Envelope, known: Known) -> list[Written]:
    """An upheld complaint costs the unit and each officer found at fault (one occurrence each);
    one not upheld costs nothing."""
    if not event.upheld:
        return []
    return unit_and_officers(
        f"complaint/{event.complaint_id}", event.unit_id, event.officer_ids,
        code="external_evaluation.complaint_upheld", value=1, counts_for=local_day(event.decided_at),
        detail={"complaint_id": str(event.complaint_id), "channel": event.channel},
    )  # fmt: skip


def sanction_imposed(event: SanctionImposedV1, envelope: Envelope, known: Known) -> list[Written]:
    if event.officer_id is not None:
        subject_type, subject_id = SubjectType.OFFICER, str(event.officer_id)
        unit_id = event.officer_unit_id or ""
    else:
        subject_type, subject_id = SubjectType.UNIT, event.unit_id or ""
        unit_id = subject_id
    return [
        NewFact(
            key=f"sanction/{event.sanction_id}",
            subject_type=subject_type,
            subject_id=subject_id,
            unit_id=unit_id,
            category=FactCategory.DEDUCTION,
            code=f"sanction_tier_{event.tier}",
            value=Decimal(1),
            counts_for=local_day(event.effective_at),
            detail={"matter_id": str(event.matter_id), "sanction_type": event.sanction_type},
        )
    ]


def sanction_revoked(event: SanctionRevokedV1, envelope: Envelope, known: Known) -> list[Written]:
    return [Retraction(key=f"sanction/{event.sanction_id}/revoked", retracts_key=f"sanction/{event.sanction_id}")]


def talk_held(event: AdmonishmentTalkHeldV1, envelope: Envelope, known: Known) -> list[Written]:
    return [
        NewFact(
            key=f"talk/{event.decision_id}/held",
            subject_type=SubjectType(event.subject_type),
            subject_id=event.subject_id,
            unit_id=event.unit_id,
            category=FactCategory.MEASURE,
            code="decisions.talk_held_on_time",
            value=Decimal(0 if event.late else 1),
            counts_for=local_day(event.held_at),
            detail={"decision_id": str(event.decision_id), "period": event.period},
        )
    ]


def matter_raised(event: AccountabilityMatterRaisedV1, envelope: Envelope, known: Known) -> list[Written]:
    return [
        NewFact(
            key=f"matter/{event.matter_id}/raised",
            subject_type=SubjectType.UNIT,
            subject_id=event.unit_id,
            unit_id=event.unit_id,
            category=FactCategory.MEASURE,
            code="accountability.matter_raised",
            value=Decimal(1),
            counts_for=event.raised_on,
            detail={"matter_id": str(event.matter_id), "trigger": event.trigger},
        )
    ]


MAPPERS: Mapping[type[IntegrationEvent], Mapper] = {
    PublicEvaluationCollectedV1: public_evaluation,
    ScoreItemRecordedV1: score_item,
    DeductionRecordedV1: deduction,
    BonusRecordedV1: bonus,
    ScoreEntryWithdrawnV1: entry_withdrawn,
    ComplaintDecidedV1: complaint_decided,
    SanctionImposedV1: sanction_imposed,
    SanctionRevokedV1: sanction_revoked,
    AdmonishmentTalkHeldV1: talk_held,
    AccountabilityMatterRaisedV1: matter_raised,
}
