"""One monitoring patch (图斑), from registration to its report to the supervision platform.

Satellite monitoring only provides leads (自然资发〔2023〕258号): a patch is classified only after it
was verified on the ground; an illegal patch becomes a lead (and a case) of the penalty procedure,
which lives elsewhere in this service and is referenced here by id; the county reports each patch
and attests that the data are true, and answers for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from cases.domain.land_time import bureau_date
from cases.domain.satellite_terms import (
    CLASSES_NEEDING_BASIS,
    ClassificationBasisMissingError,
    IllegalKind,
    IllegalPatchWithoutLeadError,
    PatchAlreadyReportedError,
    PatchClass,
    PatchLinkedToOtherLeadError,
    PatchNotIllegalError,
    PatchStepError,
    RectificationMethod,
    TruthfulnessNotAttestedError,
)
from shared.domain import InvalidInputError, RecordedAggregate

PATCH_NAMESPACE = UUID("3a9c5e7f-1b2d-4c6e-8f0a-2b4d6f8a0c27")
SATELLITE_SOURCE = "satellite_patch"  # the lead source of a violation found by monitoring


@dataclass(frozen=True)
class LeadOrigin:
    """Where and when the lead a patch is linked to came in."""

    source: str
    received_at: datetime


class SatellitePatch(RecordedAggregate):
    class Registered(RecordedAggregate.Created):
        batch_id: UUID
        region_code: str
        year: int
        patch_no: str
        township_code: str
        centroid_lng: float
        centroid_lat: float
        monitored_mu: float
        cultivated_mu: float
        basic_farmland_mu: float
        before_image_date: date
        after_image_date: date
        change_type: str
        verification_due_on: date

    class Assigned(RecordedAggregate.Event):
        unit_id: str
        officer_ids: list[str]
        due_on: date

    class FieldVerified(RecordedAggregate.Event):
        officer_ids: list[str]
        photos: list[str]
        current_use: str
        built: bool
        party: str | None

    class Classified(RecordedAggregate.Event):
        batch_id: UUID
        patch_no: str
        region_code: str
        township_code: str
        year: int
        unit_id: str | None
        patch_class: str
        illegal_kind: str | None
        basis_doc_refs: list[str]
        measured_mu: float
        cultivated_mu: float
        basic_farmland_mu: float

    class LinkedToLead(RecordedAggregate.Event):
        region_code: str
        year: int
        lead_id: UUID
        case_id: UUID | None
        lead_source: str | None
        lead_received_at: datetime | None
        discovered_before_monitoring: bool
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # Linked before the lead's origin was recorded: as if monitoring had found it.
            state.update(lead_source=None, lead_received_at=None, discovered_before_monitoring=False)

    class Rectified(RecordedAggregate.Event):
        region_code: str
        year: int
        method: str
        verified_by: list[str]

    class Reported(RecordedAggregate.Event):
        batch_id: UUID
        region_code: str
        unit_id: str | None
        truthfulness_attested: bool
        due_on: date
        on_time: bool

    @staticmethod
    def create_id(region_code: str, patch_no: str) -> UUID:
        """Derived from the region and the patch number, so a patch is registered once."""
        return uuid5(PATCH_NAMESPACE, f"{region_code}/{patch_no.strip().upper()}")

    @event(Registered)
    def __init__(
        self,
        *,
        batch_id: UUID,
        region_code: str,
        year: int,
        patch_no: str,
        township_code: str,
        centroid_lng: float,
        centroid_lat: float,
        monitored_mu: float,
        cultivated_mu: float,
        basic_farmland_mu: float,
        before_image_date: date,
        after_image_date: date,
        change_type: str,
        verification_due_on: date,
    ) -> None:
        self.batch_id = batch_id
        self.region_code = region_code
        self.year = year
        self.patch_no = patch_no
        self.township_code = township_code
        self.centroid = (centroid_lng, centroid_lat)
        self.monitored_mu = monitored_mu
        self.monitored_cultivated_mu = cultivated_mu
        self.monitored_basic_farmland_mu = basic_farmland_mu
        self.image_dates = (before_image_date, after_image_date)
        self.change_type = change_type
        self.verification_due_on = verification_due_on
        self.unit_id: str | None = None
        self.officer_ids: list[str] = []
        self.assignment_due_on: date | None = None
        self.field_verified_at: datetime | None = None
        self.current_use: str | None = None
        self.built: bool | None = None
        self.patch_class: PatchClass | None = None
        self.illegal_kind: str | None = None
        self.basis_doc_refs: list[str] = []
        self.measured_mu: float | None = None
        self.cultivated_mu: float | None = None
        self.basic_farmland_mu: float | None = None
        self.lead_id: UUID | None = None
        self.case_id: UUID | None = None
        self.rectified_at: datetime | None = None
        self.rectification_method: str | None = None
        self.first_reported_at: datetime | None = None
        self.reports = 0

    @staticmethod
    def check_areas(monitored_or_measured: float, cultivated: float, basic_farmland: float) -> None:
        if min(monitored_or_measured, cultivated, basic_farmland) < 0:
            raise InvalidInputError("areas cannot be negative", field="cultivated_mu")
        if cultivated > monitored_or_measured or basic_farmland > cultivated:
            raise InvalidInputError(
                "basic farmland lies within cultivated land, and cultivated land within the patch",
                field="cultivated_mu",
            )

    def assign(self, *, unit_id: str, officer_ids: list[str], due_on: date) -> None:
        self._ensure_not_reported()
        if not officer_ids:
            raise InvalidInputError("assign at least one officer", field="officer_ids")
        self._assigned(unit_id=unit_id, officer_ids=sorted(set(officer_ids)), due_on=due_on)

    def verify_in_field(
        self,
        *,
        verified_at: datetime,
        officer_ids: list[str],
        photos: list[str],
        current_use: str,
        built: bool,
        party: str | None,
    ) -> None:
        self._ensure_not_reported()
        if self.unit_id is None:
            raise PatchStepError("a patch is verified in the field by the unit it is assigned to", missing="assigned")
        if not officer_ids:
            raise InvalidInputError("name the officers who verified the patch", field="officer_ids")
        self._field_verified(
            officer_ids=sorted(set(officer_ids)),
            photos=list(photos),
            current_use=current_use,
            built=built,
            party=party,
            occurred_at=verified_at,
        )

    def classify(
        self,
        *,
        patch_class: PatchClass,
        illegal_kind: IllegalKind | None,
        basis_doc_refs: list[str],
        measured_mu: float,
        cultivated_mu: float,
        basic_farmland_mu: float,
    ) -> None:
        self._ensure_not_reported()
        if self.field_verified_at is None:
            raise PatchStepError(
                "satellite monitoring only provides leads: verify the patch on the ground before classifying it",
                missing="field_verified",
            )
        if (patch_class is PatchClass.ILLEGAL) != (illegal_kind is not None):
            raise InvalidInputError(
                "an illegal patch says whether it is illegal occupation or illegal approval, and only an illegal one",
                field="illegal_kind",
            )
        if patch_class in CLASSES_NEEDING_BASIS and not basis_doc_refs:
            raise ClassificationBasisMissingError(
                f"a {patch_class.value} patch cites the approval or filing documents found",
                patch_class=patch_class.value,
            )
        if self.lead_id is not None and patch_class is not PatchClass.ILLEGAL:
            raise PatchLinkedToOtherLeadError(
                "this patch is already a lead of the penalty procedure; it stays illegal", lead_id=str(self.lead_id)
            )
        self.check_areas(measured_mu, cultivated_mu, basic_farmland_mu)
        self._classified(
            batch_id=self.batch_id,
            patch_no=self.patch_no,
            region_code=self.region_code,
            township_code=self.township_code,
            year=self.year,
            unit_id=self.unit_id,
            patch_class=patch_class.value,
            illegal_kind=illegal_kind.value if illegal_kind else None,
            basis_doc_refs=list(basis_doc_refs),
            measured_mu=measured_mu,
            cultivated_mu=cultivated_mu,
            basic_farmland_mu=basic_farmland_mu,
        )

    def link_to_lead(
        self, *, lead_id: UUID, case_id: UUID | None, lead: LeadOrigin | None, batch_received_at: datetime
    ) -> None:
        """Link the patch to the lead that pursues it. The violation was discovered before monitoring
        when that lead came from elsewhere than satellite monitoring and was registered before the
        batch arrived: the unit's own patrol (or a report) found it first (巡查发现在先)."""
        self._ensure_illegal("linked to a lead")
        if self.lead_id is not None and self.lead_id != lead_id:
            raise PatchLinkedToOtherLeadError("the patch is linked to another lead", lead_id=str(self.lead_id))
        if self.case_id is not None and case_id is not None and case_id != self.case_id:
            raise PatchLinkedToOtherLeadError("the patch is linked to another case", case_id=str(self.case_id))
        case_id = case_id or self.case_id  # a case filed later is added to the link; none is ever dropped
        if (self.lead_id, self.case_id) != (lead_id, case_id):
            known_first = lead is not None and lead.source != SATELLITE_SOURCE and lead.received_at < batch_received_at
            self._linked(
                region_code=self.region_code,
                year=self.year,
                lead_id=lead_id,
                case_id=case_id,
                lead_source=lead.source if lead else None,
                lead_received_at=lead.received_at if lead else None,
                discovered_before_monitoring=known_first,
            )

    def rectify(self, *, rectified_at: datetime, method: RectificationMethod, verified_by: list[str]) -> None:
        self._ensure_illegal("rectified")
        if self.rectified_at is not None:
            raise PatchStepError("the patch is already rectified", rectified_at=self.rectified_at.isoformat())
        if not verified_by:
            raise InvalidInputError("name who verified the rectification", field="verified_by")
        self._rectified(
            region_code=self.region_code,
            year=self.year,
            method=method.value,
            verified_by=sorted(set(verified_by)),
            occurred_at=rectified_at,
        )

    def report(self, *, reported_at: datetime, truthfulness_attested: bool) -> None:
        if self.patch_class is None:
            raise PatchStepError("a patch is reported once it is verified and classified", missing="classified")
        if not truthfulness_attested:
            raise TruthfulnessNotAttestedError(
                "the county answers for the truth of what it reports: attest it", field="truthfulness_attested"
            )
        if self.patch_class is PatchClass.ILLEGAL and self.lead_id is None:
            raise IllegalPatchWithoutLeadError(
                "an illegal patch is reported with the lead that pursues it", patch_no=self.patch_no
            )
        self._reported(
            batch_id=self.batch_id,
            region_code=self.region_code,
            unit_id=self.unit_id,
            truthfulness_attested=True,
            due_on=self.verification_due_on,
            on_time=bureau_date(reported_at) <= self.verification_due_on,
            occurred_at=reported_at,
        )

    @property
    def first_reported_on(self) -> date | None:
        return bureau_date(self.first_reported_at) if self.first_reported_at else None

    def _ensure_not_reported(self) -> None:
        if self.first_reported_at is not None:
            raise PatchAlreadyReportedError(
                "the patch was reported to the platform; its verification and class are final",
                reported_at=self.first_reported_at.isoformat(),
            )

    def _ensure_illegal(self, what: str) -> None:
        if self.patch_class is not PatchClass.ILLEGAL:
            raise PatchNotIllegalError(
                f"only a patch classified illegal is {what}",
                patch_class=self.patch_class.value if self.patch_class else None,
            )

    @event(Assigned)
    def _assigned(self, *, unit_id: str, officer_ids: list[str], due_on: date) -> None:
        self.unit_id = unit_id
        self.officer_ids = list(officer_ids)
        self.assignment_due_on = due_on

    @event(FieldVerified)
    def _field_verified(
        self,
        *,
        officer_ids: list[str],
        photos: list[str],
        current_use: str,
        built: bool,
        party: str | None,
        occurred_at: datetime,
    ) -> None:
        self.field_verified_at = occurred_at
        self.current_use = current_use
        self.built = built

    @event(Classified)
    def _classified(
        self,
        *,
        batch_id: UUID,
        patch_no: str,
        region_code: str,
        township_code: str,
        year: int,
        unit_id: str | None,
        patch_class: str,
        illegal_kind: str | None,
        basis_doc_refs: list[str],
        measured_mu: float,
        cultivated_mu: float,
        basic_farmland_mu: float,
    ) -> None:
        self.patch_class = PatchClass(patch_class)
        self.illegal_kind = illegal_kind
        self.basis_doc_refs = list(basis_doc_refs)
        self.measured_mu = measured_mu
        self.cultivated_mu = cultivated_mu
        self.basic_farmland_mu = basic_farmland_mu

    @event(LinkedToLead)
    def _linked(
        self,
        *,
        region_code: str,
        year: int,
        lead_id: UUID,
        case_id: UUID | None,
        lead_source: str | None,
        lead_received_at: datetime | None,
        discovered_before_monitoring: bool,
    ) -> None:
        self.lead_id = lead_id
        self.case_id = case_id

    @event(Rectified)
    def _rectified(
        self, *, region_code: str, year: int, method: str, verified_by: list[str], occurred_at: datetime
    ) -> None:
        self.rectified_at = occurred_at
        self.rectification_method = method

    @event(Reported)
    def _reported(
        self,
        *,
        batch_id: UUID,
        region_code: str,
        unit_id: str | None,
        truthfulness_attested: bool,
        due_on: date,
        on_time: bool,
        occurred_at: datetime,
    ) -> None:
        if self.first_reported_at is None:
            self.first_reported_at = occurred_at
        self.reports += 1
