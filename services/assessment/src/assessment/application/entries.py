"""The assessment secretariat's entries: public evaluations, item points, deductions and bonuses,
each checked against the scheme that will score it, and withdrawals of entries made in error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from assessment.application.base import AssessmentsBase
from assessment.domain.entries import EntryKind, EntryNotFoundError, EvaluationMethod, ScoreEntry
from assessment.domain.periods import Period, SubjectType, ensure_subject_of_unit
from assessment.domain.scheme import Scheme
from shared.domain import InvalidInputError
from shared.domain.access import ensure_unit_scope


class UnknownCodeError(InvalidInputError):
    code = "unknown_scheme_code"


class ValueOutOfRangeError(InvalidInputError):
    code = "value_out_of_range"


EXTERNAL_EVALUATION = "external_evaluation"


class EntryCommands(AssessmentsBase):
    def record_public_evaluation(
        self,
        *,
        subject_type: SubjectType,
        subject_id: str,
        unit_id: str,
        counts_for: date,
        method: EvaluationMethod,
        score: Decimal,
        sample_size: int,
        evidence_ref: str,
        note: str = "",
    ) -> ScoreEntry:
        version, _ = self._scheme_scoring(subject_type, counts_for)
        _within(score, Decimal(0), Decimal(100), "score")
        if sample_size < 1:
            raise ValueOutOfRangeError("a public evaluation has at least one respondent", field="sample_size")
        return self._record_entry(
            kind=EntryKind.PUBLIC_EVALUATION, subject_type=subject_type, subject_id=subject_id, unit_id=unit_id,
            counts_for=counts_for, code=EXTERNAL_EVALUATION, value=score, scheme_version=version,
            evidence_ref=evidence_ref, note=note, method=method.value, sample_size=sample_size,
        )  # fmt: skip

    def record_score_item(
        self,
        *,
        subject_type: SubjectType,
        subject_id: str,
        unit_id: str,
        counts_for: date,
        item_code: str,
        points: Decimal,
        evidence_ref: str,
        note: str = "",
    ) -> ScoreEntry:
        version, scheme = self._scheme_scoring(subject_type, counts_for)
        item = scheme.item(item_code)
        if item is None:
            raise UnknownCodeError(
                f"the scheme in force has no item {item_code}",
                item_code=item_code,
                items=[i.code for i in scheme.items],
            )
        _within(points, Decimal(0), item.weight, "points")
        return self._record_entry(
            kind=EntryKind.SCORE_ITEM, subject_type=subject_type, subject_id=subject_id, unit_id=unit_id,
            counts_for=counts_for, code=item_code, value=points, scheme_version=version, evidence_ref=evidence_ref,
            note=note, out_of=item.weight,
        )  # fmt: skip

    def record_deduction(
        self,
        *,
        subject_type: SubjectType,
        subject_id: str,
        unit_id: str,
        counts_for: date,
        deduction_code: str,
        occurrences: int,
        evidence_ref: str,
        note: str = "",
    ) -> ScoreEntry:
        version, scheme = self._scheme_scoring(subject_type, counts_for)
        if scheme.deduction(deduction_code) is None:
            raise UnknownCodeError(
                f"the scheme in force has no deduction {deduction_code}",
                deduction_code=deduction_code,
                deductions=[d.code for d in scheme.deductions],
            )
        if occurrences < 1:
            raise ValueOutOfRangeError("a deduction counts at least one occurrence", field="occurrences")
        return self._record_entry(
            kind=EntryKind.DEDUCTION, subject_type=subject_type, subject_id=subject_id, unit_id=unit_id,
            counts_for=counts_for, code=deduction_code, value=Decimal(occurrences), scheme_version=version,
            evidence_ref=evidence_ref, note=note,
        )  # fmt: skip

    def record_bonus(
        self,
        *,
        subject_type: SubjectType,
        subject_id: str,
        unit_id: str,
        counts_for: date,
        bonus_code: str,
        points: Decimal,
        evidence_ref: str,
        note: str = "",
    ) -> ScoreEntry:
        version, scheme = self._scheme_scoring(subject_type, counts_for)
        bonus = scheme.bonus(bonus_code)
        if bonus is None:
            raise UnknownCodeError(
                f"the scheme in force has no bonus {bonus_code}",
                bonus_code=bonus_code,
                bonuses=[b.code for b in scheme.bonuses],
            )
        _within(points, bonus.min_points, bonus.max_points, "points")
        return self._record_entry(
            kind=EntryKind.BONUS, subject_type=subject_type, subject_id=subject_id, unit_id=unit_id,
            counts_for=counts_for, code=bonus_code, value=points, scheme_version=version, evidence_ref=evidence_ref,
            note=note,
        )  # fmt: skip

    def withdraw_entry(self, entry_id: UUID, reason: str, expected_version: int | None = None) -> ScoreEntry:
        entry = self.get_entry(entry_id, expected_version)
        entry.withdraw(reason)
        self.save(entry)
        return entry

    def get_entry(self, entry_id: UUID, expected_version: int | None = None) -> ScoreEntry:
        return self.load(entry_id, ScoreEntry, EntryNotFoundError, expected_version)

    def _scheme_scoring(self, subject_type: SubjectType, counts_for: date) -> tuple[int, Scheme]:
        """The scheme version that will score a fact of `counts_for`: the one in force on the first
        day of the subject's period containing it."""
        _, scheme = self.scheme_in_force(counts_for)
        period = Period.containing(scheme.periodic_kind(subject_type), counts_for)
        version, scheme = self.scheme_in_force(period.start)
        return version.version, scheme

    def _record_entry(
        self,
        *,
        kind: EntryKind,
        subject_type: SubjectType,
        subject_id: str,
        unit_id: str,
        counts_for: date,
        code: str,
        value: Decimal,
        scheme_version: int,
        evidence_ref: str,
        note: str,
        out_of: Decimal | None = None,
        method: str | None = None,
        sample_size: int | None = None,
    ) -> ScoreEntry:
        ensure_unit_scope(unit_id)
        ensure_subject_of_unit(subject_type, subject_id, unit_id, "an entry")
        entry = ScoreEntry(
            kind=kind.value,
            subject_type=subject_type.value,
            subject_id=subject_id,
            unit_id=unit_id,
            counts_for=counts_for,
            code=code,
            value=value,
            out_of=out_of,
            method=method,
            sample_size=sample_size,
            evidence_ref=evidence_ref,
            note=note,
            scheme_version=scheme_version,
        )
        self.save(entry)
        return entry


def _within(value: Decimal, low: Decimal, high: Decimal, name: str) -> None:
    if not low <= value <= high:
        raise ValueOutOfRangeError(f"{name} must be between {low} and {high}", field=name, min=str(low), max=str(high))
