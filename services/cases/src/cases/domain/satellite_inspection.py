"""A region's satellite inspection for one year: its batches, the survey's new-construction figure,
the ratios computed, warning interviews, and the accountability it triggers (once a year).

`SatelliteAccountabilityTriggered` is the decision the assessment service acts on: 15号令 art. 3
holds the county government's main and responsible leaders to account with a warning or demerit,
more for graver cases; the grade beyond the minimum is for the deciding authority.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid5

from eventsourcing.domain import event

from cases.domain.satellite_ratio import RatioResult
from cases.domain.satellite_terms import InterviewLevel, NewConstructionAreaMissingError
from shared.domain import InvalidInputError, RecordedAggregate

INSPECTION_NAMESPACE = UUID("9e4b1d3f-5a7c-4e2b-8d6f-0a1c3e5b7d92")
MINIMUM_SANCTION = "warning_or_demerit"  # 15号令 art. 3, first grade


class SatelliteInspectionYear(RecordedAggregate):
    class Opened(RecordedAggregate.Created):
        region_code: str
        year: int

    class BatchAdded(RecordedAggregate.Event):
        batch_id: UUID

    class NewConstructionOccupationRecorded(RecordedAggregate.Event):
        cultivated_mu: float
        source: str

    class BadImpactFlagged(RecordedAggregate.Event):
        reason: str

    class RatioComputed(RecordedAggregate.Event):
        region_code: str
        year: int
        patches: int
        unclassified_patches: int
        illegal_patches: int
        illegal_area_mu: float
        illegal_cultivated_mu: float
        illegal_basic_farmland_mu: float
        counted_illegal_cultivated_mu: float
        new_construction_cultivated_mu: float
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

    class AccountabilityTriggered(RecordedAggregate.Event):
        region_code: str
        year: int
        ratio: float
        threshold: float
        bad_impact: bool
        leader_ids: list[str]
        proposed_sanction: str
        rule_version: int

    class WarningInterviewHeld(RecordedAggregate.Event):
        region_code: str
        year: int
        level: str
        township_code: str | None
        held_by: str
        interviewees: list[str]
        reason: str

    @staticmethod
    def create_id(region_code: str, year: int) -> UUID:
        return uuid5(INSPECTION_NAMESPACE, f"{region_code}/{year}")

    @event(Opened)
    def __init__(self, *, region_code: str, year: int) -> None:
        self.region_code = region_code
        self.year = year
        self.batch_ids: list[UUID] = []
        self.new_construction_cultivated_mu: float | None = None
        self.bad_impact_reasons: list[str] = []
        self.latest: RatioResult | None = None
        self.latest_computed_at: datetime | None = None
        self.accountability_triggered = False
        self.interviews = 0

    def add_batch(self, batch_id: UUID) -> None:
        if batch_id not in self.batch_ids:
            self._batch_added(batch_id=batch_id)

    def record_new_construction(self, *, cultivated_mu: float, source: str) -> None:
        if cultivated_mu < 0:
            raise InvalidInputError("an area cannot be negative", field="cultivated_mu")
        # Kept as entered: the ratio's threshold is judged on it exactly (rounding is for display).
        self._new_construction(cultivated_mu=cultivated_mu, source=source.strip() or "land_change_survey")

    def flag_bad_impact(self, *, reason: str) -> None:
        if not reason.strip():
            raise InvalidInputError("say what the bad impact or serious consequence was", field="reason")
        self._bad_impact(reason=reason.strip())

    @property
    def bad_impact(self) -> bool:
        return bool(self.bad_impact_reasons)

    def ensure_denominator(self) -> float:
        if self.new_construction_cultivated_mu is None:
            raise NewConstructionAreaMissingError(
                "record the cultivated land occupied by all new construction this year (land-change survey) first",
                region_code=self.region_code,
                year=self.year,
            )
        return self.new_construction_cultivated_mu

    def record_ratio(self, result: RatioResult, *, computed_at: datetime, leader_ids: list[str]) -> None:
        """Record a computation; the first one that triggers accountability also records the trigger."""
        self._ratio_computed(region_code=self.region_code, year=self.year, occurred_at=computed_at, **vars(result))
        if result.triggered and not self.accountability_triggered:
            self._triggered(
                region_code=self.region_code,
                year=self.year,
                ratio=result.ratio,
                threshold=result.threshold,
                bad_impact=result.bad_impact,
                leader_ids=sorted(set(leader_ids)),
                proposed_sanction=MINIMUM_SANCTION,
                rule_version=result.rule_version,
            )

    def record_interview(
        self,
        *,
        held_at: datetime,
        level: InterviewLevel,
        township_code: str | None,
        held_by: str,
        interviewees: list[str],
        reason: str,
    ) -> None:
        if (level is InterviewLevel.TOWNSHIP) != (township_code is not None):
            raise InvalidInputError(
                "a township interview names its township, a county one does not", field="township_code"
            )
        if not interviewees:
            raise InvalidInputError("name who was interviewed", field="interviewees")
        self._interview(
            region_code=self.region_code,
            year=self.year,
            level=level.value,
            township_code=township_code,
            held_by=held_by,
            interviewees=list(interviewees),
            reason=reason,
            occurred_at=held_at,
        )

    @event(BatchAdded)
    def _batch_added(self, *, batch_id: UUID) -> None:
        self.batch_ids.append(batch_id)

    @event(NewConstructionOccupationRecorded)
    def _new_construction(self, *, cultivated_mu: float, source: str) -> None:
        self.new_construction_cultivated_mu = cultivated_mu

    @event(BadImpactFlagged)
    def _bad_impact(self, *, reason: str) -> None:
        self.bad_impact_reasons.append(reason)

    @event(RatioComputed)
    def _ratio_computed(
        self,
        *,
        region_code: str,
        year: int,
        patches: int,
        unclassified_patches: int,
        illegal_patches: int,
        illegal_area_mu: float,
        illegal_cultivated_mu: float,
        illegal_basic_farmland_mu: float,
        counted_illegal_cultivated_mu: float,
        new_construction_cultivated_mu: float,
        ratio: float,
        threshold: float,
        interview_threshold: float,
        bad_impact: bool,
        triggered: bool,
        interview_required: bool,
        count_rectified_in_ratio: bool,
        rectification_cutoff_on: date,
        filed_as_case_share: float | None,
        rectified_share: float | None,
        verified_on_time_share: float | None,
        rule_version: int,
        occurred_at: datetime,
    ) -> None:
        self.latest = RatioResult(
            patches=patches,
            unclassified_patches=unclassified_patches,
            illegal_patches=illegal_patches,
            illegal_area_mu=illegal_area_mu,
            illegal_cultivated_mu=illegal_cultivated_mu,
            illegal_basic_farmland_mu=illegal_basic_farmland_mu,
            counted_illegal_cultivated_mu=counted_illegal_cultivated_mu,
            new_construction_cultivated_mu=new_construction_cultivated_mu,
            ratio=ratio,
            threshold=threshold,
            interview_threshold=interview_threshold,
            bad_impact=bad_impact,
            triggered=triggered,
            interview_required=interview_required,
            count_rectified_in_ratio=count_rectified_in_ratio,
            rectification_cutoff_on=rectification_cutoff_on,
            filed_as_case_share=filed_as_case_share,
            rectified_share=rectified_share,
            verified_on_time_share=verified_on_time_share,
            rule_version=rule_version,
        )
        self.latest_computed_at = occurred_at

    @event(AccountabilityTriggered)
    def _triggered(
        self,
        *,
        region_code: str,
        year: int,
        ratio: float,
        threshold: float,
        bad_impact: bool,
        leader_ids: list[str],
        proposed_sanction: str,
        rule_version: int,
    ) -> None:
        self.accountability_triggered = True

    @event(WarningInterviewHeld)
    def _interview(
        self,
        *,
        region_code: str,
        year: int,
        level: str,
        township_code: str | None,
        held_by: str,
        interviewees: list[str],
        reason: str,
        occurred_at: datetime,
    ) -> None:
        self.interviews += 1
