"""Commands and queries of satellite-imagery enforcement inspection (§6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from cases.commands.land_rules import LandRulesCommands
from cases.domain.deadline_watch import DeadlineWatch
from cases.domain.land_rules import LandRuleFamily
from cases.domain.land_time import bureau_date, bureau_today, business_time, not_before
from cases.domain.lead import ViolationLead
from cases.domain.satellite_batch import SatelliteBatch
from cases.domain.satellite_inspection import SatelliteInspectionYear
from cases.domain.satellite_patch import LeadOrigin, SatellitePatch
from cases.domain.satellite_ranking import SatelliteRanking
from cases.domain.satellite_ratio import compute_ratio, facts_of
from cases.domain.satellite_terms import (
    BatchSource,
    IllegalKind,
    InterviewLevel,
    PatchAlreadyRegisteredError,
    PatchClass,
    RatioNotComputedError,
    RectificationMethod,
    SatelliteBatchNotFoundError,
    SatelliteInspectionNotFoundError,
    SatellitePatchNotFoundError,
    SatelliteRankingNotFoundError,
)
from shared.domain import InvalidInputError, get_clock
from shared.domain.access import ensure_unit_scope

CLEARANCE_WATCH = "satellite_monthly_clearance"
MAX_PATCHES_PER_REQUEST = 500


@dataclass(frozen=True)
class PatchRegistration:
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


class SatelliteCommands(LandRulesCommands):
    def receive_satellite_batch(
        self,
        *,
        region_code: str,
        period: str,
        source: BatchSource,
        campaign: str,
        patch_count: int,
        verification_due_on: date | None = None,
        received_at: datetime | None = None,
    ) -> SatelliteBatch:
        at = business_time("received_at", received_at)
        batch = SatelliteBatch.receive(
            region_code=region_code,
            period=period,
            source=source,
            campaign=campaign,
            patch_count=patch_count,
            received_at=at,
            verification_due_on=verification_due_on,
            rules=self.land_rules(LandRuleFamily.SATELLITE_INSPECTION, bureau_date(at)),
        )
        inspection = self._inspection_for(region_code, batch.year)
        inspection.add_batch(batch.id)
        watch = self.existing_or_new(DeadlineWatch, DeadlineWatch.create_id(CLEARANCE_WATCH), kind=CLEARANCE_WATCH)
        watch.watch(batch.id, batch.verification_due_on)
        self.save(batch, inspection, watch)
        return batch

    def register_satellite_patches(
        self, batch_id: UUID, patches: list[PatchRegistration], *, expected_version: int | None = None
    ) -> SatelliteBatch:
        batch = self.satellite_batch(batch_id, expected_version)
        if not 0 < len(patches) <= MAX_PATCHES_PER_REQUEST:
            raise InvalidInputError(f"register 1 to {MAX_PATCHES_PER_REQUEST} patches at a time", field="patches")
        numbers = [p.patch_no.strip().upper() for p in patches]
        repeated = sorted({n for n in numbers if numbers.count(n) > 1})
        taken = [
            n for n in dict.fromkeys(numbers) if self.find_aggregate(SatellitePatch.create_id(batch.region_code, n))
        ]
        if repeated or taken:
            raise PatchAlreadyRegisteredError(
                "each patch number is registered once per region", repeated=repeated, already_registered=taken
            )
        created = []
        for entry, number in zip(patches, numbers, strict=True):
            SatellitePatch.check_areas(entry.monitored_mu, entry.cultivated_mu, entry.basic_farmland_mu)
            created.append(
                SatellitePatch(
                    batch_id=batch.id,
                    region_code=batch.region_code,
                    year=batch.year,
                    patch_no=number,
                    township_code=entry.township_code,
                    centroid_lng=entry.centroid_lng,
                    centroid_lat=entry.centroid_lat,
                    monitored_mu=entry.monitored_mu,
                    cultivated_mu=entry.cultivated_mu,
                    basic_farmland_mu=entry.basic_farmland_mu,
                    before_image_date=entry.before_image_date,
                    after_image_date=entry.after_image_date,
                    change_type=entry.change_type,
                    verification_due_on=batch.verification_due_on,
                )
            )
        batch.add_patches([patch.id for patch in created])
        self.save(batch, *created)
        return batch

    def assign_satellite_patch(
        self,
        patch_id: UUID,
        *,
        unit_id: str,
        officer_ids: list[str],
        due_on: date,
        expected_version: int | None = None,
    ) -> SatellitePatch:
        # A unit head hands out the county's patches and moves its own unit's, never another unit's.
        patch = self._patch_in_scope(patch_id, expected_version)
        ensure_unit_scope(unit_id)
        patch.assign(unit_id=unit_id, officer_ids=officer_ids, due_on=due_on)
        self.save(patch)
        return patch

    def verify_satellite_patch(
        self,
        patch_id: UUID,
        *,
        officer_ids: list[str],
        photos: list[str],
        current_use: str,
        built: bool,
        party: str | None = None,
        verified_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> SatellitePatch:
        patch = self._patch_in_scope(patch_id, expected_version)
        patch.verify_in_field(
            verified_at=business_time("verified_at", verified_at),
            officer_ids=officer_ids,
            photos=photos,
            current_use=current_use,
            built=built,
            party=party,
        )
        self.save(patch)
        return patch

    def classify_satellite_patch(
        self,
        patch_id: UUID,
        *,
        patch_class: PatchClass,
        illegal_kind: IllegalKind | None,
        basis_doc_refs: list[str],
        measured_mu: float,
        cultivated_mu: float,
        basic_farmland_mu: float,
        expected_version: int | None = None,
    ) -> SatellitePatch:
        patch = self._patch_in_scope(patch_id, expected_version)
        patch.classify(
            patch_class=patch_class,
            illegal_kind=illegal_kind,
            basis_doc_refs=basis_doc_refs,
            measured_mu=measured_mu,
            cultivated_mu=cultivated_mu,
            basic_farmland_mu=basic_farmland_mu,
        )
        self.save(patch)
        return patch

    def link_satellite_patch_to_lead(
        self, patch_id: UUID, *, lead_id: UUID, case_id: UUID | None = None, expected_version: int | None = None
    ) -> SatellitePatch:
        patch = self._patch_in_scope(patch_id, expected_version)
        batch = self.satellite_batch(patch.batch_id)
        patch.link_to_lead(
            lead_id=lead_id, case_id=case_id, lead=self._lead_origin(lead_id), batch_received_at=batch.received_at
        )
        self.save(patch)
        return patch

    def _lead_origin(self, lead_id: UUID) -> LeadOrigin | None:
        """The lead's source and intake time, if cases holds that lead (a lead of another system's
        register is linked by id only and counts as found by monitoring)."""
        try:
            lead: object = self.repository.get(lead_id)
        except AggregateNotFoundError:
            return None
        return LeadOrigin(lead.source, lead.received_at) if isinstance(lead, ViolationLead) else None

    def rectify_satellite_patch(
        self,
        patch_id: UUID,
        *,
        method: RectificationMethod,
        verified_by: list[str],
        rectified_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> SatellitePatch:
        patch = self._patch_in_scope(patch_id, expected_version)
        at = business_time("rectified_at", rectified_at)
        not_before("rectified_at", at, "field_verified_at", patch.field_verified_at)
        patch.rectify(rectified_at=at, method=method, verified_by=verified_by)
        self.save(patch)
        return patch

    def report_satellite_patch(
        self,
        patch_id: UUID,
        *,
        truthfulness_attested: bool,
        reported_at: datetime | None = None,
        expected_version: int | None = None,
    ) -> SatellitePatch:
        patch = self._patch_in_scope(patch_id, expected_version)
        at = business_time("reported_at", reported_at)
        not_before("reported_at", at, "field_verified_at", patch.field_verified_at)
        patch.report(reported_at=at, truthfulness_attested=truthfulness_attested)
        self.save(patch)
        return patch

    def record_new_construction_occupation(
        self, *, region_code: str, year: int, cultivated_mu: float, source: str
    ) -> SatelliteInspectionYear:
        inspection = self._inspection_for(region_code, year)
        inspection.record_new_construction(cultivated_mu=cultivated_mu, source=source)
        self.save(inspection)
        return inspection

    def flag_satellite_bad_impact(self, *, region_code: str, year: int, reason: str) -> SatelliteInspectionYear:
        inspection = self._inspection_for(region_code, year)
        inspection.flag_bad_impact(reason=reason)
        self.save(inspection)
        return inspection

    def compute_illegal_farmland_ratio(
        self, *, region_code: str, year: int, leader_ids: list[str]
    ) -> SatelliteInspectionYear:
        inspection = self.satellite_inspection(region_code, year)
        denominator = inspection.ensure_denominator()
        # The year's rules: those in force at its end, or today while the year is still running.
        rules = self.land_rules(LandRuleFamily.SATELLITE_INSPECTION, min(bureau_today(), date(year, 12, 31)))
        result = compute_ratio(
            (facts_of(patch) for patch in self.satellite_patches_of_inspection(inspection)),
            year=year,
            new_construction_cultivated_mu=denominator,
            bad_impact=inspection.bad_impact,
            rules=rules,
        )
        inspection.record_ratio(result, computed_at=get_clock().now(), leader_ids=leader_ids)
        self.save(inspection)
        return inspection

    def record_warning_interview(
        self,
        *,
        region_code: str,
        year: int,
        level: InterviewLevel,
        township_code: str | None,
        held_by: str,
        interviewees: list[str],
        reason: str,
        held_at: datetime | None = None,
    ) -> SatelliteInspectionYear:
        inspection = self._inspection_for(region_code, year)
        inspection.record_interview(
            held_at=business_time("held_at", held_at),
            level=level,
            township_code=township_code,
            held_by=held_by,
            interviewees=interviewees,
            reason=reason,
        )
        self.save(inspection)
        return inspection

    def publish_satellite_ranking(
        self, *, prefecture_code: str, year: int, own_region_code: str, others: dict[str, float]
    ) -> SatelliteRanking:
        inspection = self.satellite_inspection(own_region_code, year)
        if inspection.latest is None:
            raise RatioNotComputedError(
                "compute the county's own ratio before ranking it", region_code=own_region_code, year=year
            )
        ranking = self.existing_or_new(
            SatelliteRanking,
            SatelliteRanking.create_id(prefecture_code, year),
            prefecture_code=prefecture_code,
            year=year,
        )
        ranking.publish(own_region_code=own_region_code, own_ratio=inspection.latest.ratio, others=others)
        self.save(ranking)
        return ranking

    def watch_satellite_clearance(self) -> int:
        """Scheduler job: settle each batch whose clearance day is over, once; the breaches recorded now."""
        watch = self.find_aggregate(DeadlineWatch.create_id(CLEARANCE_WATCH))
        if not isinstance(watch, DeadlineWatch):
            return 0
        today, breaches = bureau_today(), 0
        for batch_id in watch.due_before(today):
            batch = self.satellite_batch(batch_id)
            reported = {patch.id: patch.first_reported_on for patch in self.satellite_patches_of_batch(batch)}
            batch.settle(today, reported)
            breaches += batch.settlement == "breached"
            watch.settle(batch_id)
            self.save(batch, watch)
        return breaches

    # -- queries ------------------------------------------------------------------------------------------

    def satellite_batch(self, batch_id: UUID, expected_version: int | None = None) -> SatelliteBatch:
        return self.load(batch_id, SatelliteBatch, SatelliteBatchNotFoundError, expected_version)

    def satellite_patch(self, patch_id: UUID, expected_version: int | None = None) -> SatellitePatch:
        return self.load(patch_id, SatellitePatch, SatellitePatchNotFoundError, expected_version)

    def satellite_patches_of_batch(self, batch: SatelliteBatch) -> list[SatellitePatch]:
        return [self.satellite_patch(patch_id) for patch_id in batch.patch_ids]

    def satellite_patches_of_inspection(self, inspection: SatelliteInspectionYear) -> list[SatellitePatch]:
        return [
            patch
            for batch_id in inspection.batch_ids
            for patch in self.satellite_patches_of_batch(self.satellite_batch(batch_id))
        ]

    def satellite_inspection(self, region_code: str, year: int) -> SatelliteInspectionYear:
        return self.load(
            SatelliteInspectionYear.create_id(region_code, year),
            SatelliteInspectionYear,
            SatelliteInspectionNotFoundError,
        )

    def satellite_ranking(self, prefecture_code: str, year: int) -> SatelliteRanking:
        return self.load(
            SatelliteRanking.create_id(prefecture_code, year), SatelliteRanking, SatelliteRankingNotFoundError
        )

    def _inspection_for(self, region_code: str, year: int) -> SatelliteInspectionYear:
        return self.existing_or_new(
            SatelliteInspectionYear,
            SatelliteInspectionYear.create_id(region_code, year),
            region_code=region_code,
            year=year,
        )

    def _patch_in_scope(self, patch_id: UUID, expected_version: int | None) -> SatellitePatch:
        patch = self.satellite_patch(patch_id, expected_version)
        if patch.unit_id is not None:  # an unassigned patch is refused by the domain, with the step missing
            ensure_unit_scope(patch.unit_id)
        return patch
