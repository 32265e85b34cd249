"""`AccountabilityMatter`: one fault matter from raising to closing (DOMAIN §3).

Raised (by a trigger or by hand) → investigation opened → responsibility determined per officer
(§3.1 C), exemptions and mitigations (§3.1 D, each on a stated ground), aggravations → sanctions by
tier (§3.2) → appeal within the appeal period → closed. Rules are checked in the commands; the
`@event` methods only record.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4, uuid5

from eventsourcing.domain import event

from assessment.domain.accountability.errors import (
    AppealPendingError,
    AppealPeriodExpiredError,
    AppealWindowOpenError,
    ExemptionRequiresGroundError,
    GroundDoesNotMitigateError,
    InvestigationAlreadyOpenedError,
    InvestigationNotOpenedError,
    MatterClosedError,
    NoAppealPendingError,
    OfficerExemptedError,
    OfficerNotInMatterError,
    ResponsibilityNotDeterminedError,
    ResponsibilitySharesConflictError,
    SanctionAlreadyAppealedError,
    SanctionInForceError,
    SanctionNotFoundError,
    SanctionRevokedError,
)
from assessment.domain.accountability.sanctions import OfficerStanding, Responsibility, Sanction, check_sanction
from assessment.domain.accountability.terms import (
    LIABLE_SHARES,
    MITIGATING_GROUNDS,
    AggravationGround,
    AppealResult,
    Category,
    ExemptionEffect,
    ExemptionGround,
    ResponsibleRole,
    Share,
    Tier,
    Trigger,
)
from assessment.domain.timing import TimeOutOfOrderError
from shared.domain import InvalidInputError, RecordedAggregate

MATTER_NAMESPACE = UUID("e4a7c2f1-6d38-4b95-a0c3-8f2e1d7b9a64")


class AccountabilityMatter(RecordedAggregate):
    class Raised(RecordedAggregate.Created):
        category: str
        trigger: str
        related: dict[str, str]  # case_id, lead_id, review_id, decision_id, patch_id ... as text
        trigger_event_ids: list[str]
        suspected_officer_ids: list[str]
        unit_id: str
        summary: str
        raised_on: date

    class InvestigationOpened(RecordedAggregate.Event):
        investigator_ids: list[str]
        due_on: date

    class ResponsibilityDetermined(RecordedAggregate.Event):
        officer_id: str
        role: str
        share: str
        basis: str

    class ExemptionGranted(RecordedAggregate.Event):
        officer_id: str
        ground: str
        effect: str
        note: str

    class AggravationApplied(RecordedAggregate.Event):
        officer_id: str
        ground: str
        prior_matter_ids: list[str]
        automatic: bool
        note: str

    class SanctionImposed(RecordedAggregate.Event):
        sanction_id: UUID
        officer_id: str | None
        unit_id: str | None
        officer_unit_id: str | None
        sanction_type: str
        tier: str
        effective_at: datetime
        ends_at: datetime | None
        decided_by: str
        decided_on: date

    class SanctionAppealed(RecordedAggregate.Event):
        sanction_id: UUID
        officer_id: str | None
        grounds: str
        appealed_on: date

    class AppealDecided(RecordedAggregate.Event):
        sanction_id: UUID
        result: str
        note: str
        replacement_sanction_id: UUID | None

    class SanctionRevoked(RecordedAggregate.Event):
        sanction_id: UUID
        officer_id: str | None
        unit_id: str | None
        reason: str

    class Closed(RecordedAggregate.Event):
        summary: str

    @staticmethod
    def id_for_trigger(trigger_event_id: str) -> UUID:
        """A matter raised from a trigger event has an id derived from it, so the same trigger
        (redelivered, replayed, or reported twice) raises one matter only."""
        return uuid5(MATTER_NAMESPACE, f"trigger/{trigger_event_id}")

    @classmethod
    def create_id(cls, trigger_event_ids: list[str]) -> UUID:
        return cls.id_for_trigger(trigger_event_ids[0]) if trigger_event_ids else uuid4()

    @event(Raised)
    def __init__(
        self,
        *,
        category: str,
        trigger: str,
        related: dict[str, str],
        trigger_event_ids: list[str],
        suspected_officer_ids: list[str],
        unit_id: str,
        summary: str,
        raised_on: date,
    ) -> None:
        self.category = Category(category)
        self.trigger = Trigger(trigger)
        self.related = dict(related)
        self.trigger_event_ids = list(trigger_event_ids)
        self.suspected_officer_ids = list(suspected_officer_ids)
        self.unit_id = unit_id
        self.summary = summary
        self.raised_on = raised_on
        self.investigation_due_on: date | None = None
        self.closed = False
        self.officers: dict[str, OfficerStanding] = {}
        self.sanctions: dict[UUID, Sanction] = {}

    # -- queries ------------------------------------------------------------------------------

    @property
    def status(self) -> str:
        if self.closed:
            return "closed"
        if self.sanctions:
            return "decided"
        return "investigating" if self.investigation_due_on else "raised"

    def standing(self, officer_id: str) -> OfficerStanding:
        return self.officers.get(officer_id, OfficerStanding())

    def sanction(self, sanction_id: UUID) -> Sanction:
        try:
            return self.sanctions[sanction_id]
        except KeyError:
            raise SanctionNotFoundError(
                f"no sanction {sanction_id} in this matter", sanction_id=str(sanction_id), matter_id=str(self.id)
            ) from None

    def named_officers(self) -> set[str]:
        return set(self.suspected_officer_ids) | set(self.officers)

    def is_liable(self, officer_id: str) -> bool:
        responsibility = self.standing(officer_id).responsibility
        return responsibility is not None and responsibility.share in LIABLE_SHARES

    def sanctions_in_force(self, officer_id: str) -> list[Sanction]:
        """The officer's sanctions in this matter that no appeal has revoked."""
        return [s for s in self.sanctions.values() if s.officer_id == officer_id and not s.revoked]

    # -- commands -----------------------------------------------------------------------------

    def open_investigation(self, investigator_ids: list[str], due_on: date) -> None:
        self._ensure_open()
        if self.investigation_due_on is not None:
            raise InvestigationAlreadyOpenedError(
                "the investigation of this matter is already open", due_on=self.investigation_due_on.isoformat()
            )
        self._investigation_opened(investigator_ids=investigator_ids, due_on=due_on)

    def determine_responsibility(self, officer_id: str, role: ResponsibleRole, share: Share, basis: str) -> None:
        self._ensure_investigating()
        if share not in LIABLE_SHARES:
            self._ensure_no_sanction_in_force(officer_id, f"a share of {share.value}")
        else:
            others = {
                other: s.responsibility.share
                for other, s in self.officers.items()
                if other != officer_id and s.responsibility and s.responsibility.share in LIABLE_SHARES
            }
            if (share is Share.FULL and others) or Share.FULL in others.values():
                raise ResponsibilitySharesConflictError(
                    "an officer in full responsibility is the only one liable (DOMAIN §3.1 C); "
                    "use primary and secondary shares when several are liable",
                    officer_id=officer_id,
                    share=share.value,
                    other_shares={k: v.value for k, v in sorted(others.items())},
                )
        self._responsibility_determined(officer_id=officer_id, role=role.value, share=share.value, basis=basis)

    def grant_exemption(
        self, officer_id: str, ground: ExemptionGround | None, effect: ExemptionEffect, note: str
    ) -> None:
        self._ensure_investigating()
        if ground is None:
            raise ExemptionRequiresGroundError(
                "an exemption or mitigation is granted only on a ground of DOMAIN §3.1 D",
                grounds=[g.value for g in ExemptionGround],
            )
        self._ensure_named(officer_id)
        if effect is ExemptionEffect.MITIGATE and ground not in MITIGATING_GROUNDS:
            raise GroundDoesNotMitigateError(
                f"the ground {ground.value} exempts; it does not mitigate",
                ground=ground.value,
                mitigating_grounds=sorted(g.value for g in MITIGATING_GROUNDS),
            )
        if effect is ExemptionEffect.EXEMPT:
            self._ensure_no_sanction_in_force(officer_id, "an exemption")
        self._exemption_granted(officer_id=officer_id, ground=ground.value, effect=effect.value, note=note)

    def apply_aggravation(
        self,
        officer_id: str,
        ground: AggravationGround,
        note: str,
        *,
        prior_matter_ids: list[str] | None = None,
        automatic: bool = False,
    ) -> None:
        self._ensure_investigating()
        self._ensure_named(officer_id)
        if ground in self.standing(officer_id).aggravations:
            return  # already applied on this ground: nothing new to record
        self._aggravation_applied(
            officer_id=officer_id,
            ground=ground.value,
            prior_matter_ids=prior_matter_ids or [],
            automatic=automatic,
            note=note,
        )

    def impose_sanction(
        self,
        *,
        officer_id: str | None,
        unit_id: str | None,
        sanction_type: str,
        tier: Tier,
        effective_at: datetime,
        ends_at: datetime | None,
        decided_by: str,
        decided_on: date,
        officer_unit_id: str | None = None,
    ) -> Sanction:
        self._ensure_investigating()
        check_sanction(sanction_type, tier, officer_id=officer_id, unit_id=unit_id)
        if ends_at is not None and ends_at <= effective_at:
            raise InvalidInputError("a sanction ends after it takes effect", field="ends_at")
        if officer_id is not None:
            self._ensure_liable(officer_id)
        sanction_id = uuid5(self.id, f"sanction/{len(self.sanctions) + 1}")
        self._sanction_imposed(
            sanction_id=sanction_id,
            officer_id=officer_id,
            unit_id=unit_id,
            officer_unit_id=officer_unit_id if officer_id is not None else None,
            sanction_type=sanction_type,
            tier=tier.value,
            effective_at=effective_at,
            ends_at=ends_at,
            decided_by=decided_by,
            decided_on=decided_on,
        )
        return self.sanctions[sanction_id]

    def appeal(self, sanction_id: UUID, grounds: str, appealed_on: date, appeal_days: int) -> None:
        self._ensure_open(rule="a closed matter takes no appeal")
        sanction = self.sanction(sanction_id)
        if sanction.revoked:
            raise SanctionRevokedError("this sanction has been revoked", sanction_id=str(sanction_id))
        if sanction.appealed_on is not None:
            raise SanctionAlreadyAppealedError(
                "this sanction has already been appealed", appealed_on=sanction.appealed_on.isoformat()
            )
        if appealed_on < sanction.decided_on:
            raise TimeOutOfOrderError(
                "an appeal is lodged on or after the day of the decision it appeals",
                field="appealed_at",
                appealed_on=appealed_on.isoformat(),
                decided_on=sanction.decided_on.isoformat(),
            )
        if appealed_on > sanction.appeal_ends_on(appeal_days):
            raise AppealPeriodExpiredError(
                f"an appeal is lodged within {appeal_days} days of the decision",
                decided_on=sanction.decided_on.isoformat(),
                appealed_on=appealed_on.isoformat(),
                appeal_days=appeal_days,
                appeal_ends_on=sanction.appeal_ends_on(appeal_days).isoformat(),
            )
        self._appealed(
            sanction_id=sanction_id, officer_id=sanction.officer_id, grounds=grounds, appealed_on=appealed_on
        )

    def decide_appeal(
        self, sanction_id: UUID, result: AppealResult, note: str, replacement: dict[str, Any] | None = None
    ) -> Sanction | None:
        """Upheld: nothing changes. Revoked: the sanction is revoked. Changed: revoked and replaced by
        `replacement` (the keyword arguments of `impose_sanction`), recorded together."""
        self._ensure_open()
        sanction = self.sanction(sanction_id)
        if not sanction.appeal_pending:
            raise NoAppealPendingError("no appeal of this sanction awaits a decision", sanction_id=str(sanction_id))
        if result is AppealResult.CHANGED and replacement is None:
            raise InvalidInputError("a changed sanction names its replacement", missing=["replacement"])
        if result is AppealResult.CHANGED and replacement is not None:
            check_sanction(
                replacement["sanction_type"],
                replacement["tier"],
                officer_id=sanction.officer_id,
                unit_id=sanction.unit_id,
            )
        replacement_id = uuid5(self.id, f"sanction/{len(self.sanctions) + 1}") if replacement else None
        self._appeal_decided(
            sanction_id=sanction_id,
            result=result.value,
            note=note,
            replacement_sanction_id=replacement_id if result is AppealResult.CHANGED else None,
        )
        if result is AppealResult.UPHELD:
            return None
        self._revoked(
            sanction_id=sanction_id,
            officer_id=sanction.officer_id,
            unit_id=sanction.unit_id,
            reason=f"appeal {result.value}",
        )
        if result is AppealResult.CHANGED and replacement is not None:
            # The replacement is decided on appeal: the officer's responsibility stands.
            return self.impose_sanction(
                officer_id=sanction.officer_id,
                unit_id=sanction.unit_id,
                officer_unit_id=sanction.officer_unit_id,
                **replacement,
            )
        return None

    def close(self, summary: str, today: date, appeal_days: int) -> None:
        """Closing ends the matter's appeals, so it waits for every appeal to be decided and for every
        sanction's appeal period (§3.2: 30 days) to run out. The model has no waiver of appeal."""
        self._ensure_open()
        pending = [str(s.sanction_id) for s in self.sanctions.values() if s.appeal_pending]
        if pending:
            raise AppealPendingError("decide the pending appeals before closing the matter", sanction_ids=pending)
        appealable = [s for s in self.sanctions.values() if s.appealable_on(today, appeal_days)]
        if appealable:
            ends_on = max(s.appeal_ends_on(appeal_days) for s in appealable)
            raise AppealWindowOpenError(
                f"a sanctioned person may appeal within {appeal_days} days of the decision (DOMAIN §3.2); "
                f"close the matter after the appeal period ends on {ends_on.isoformat()}",
                sanction_ids=[str(s.sanction_id) for s in appealable],
                appeal_ends_on=ends_on.isoformat(),
                closable_from=(ends_on + timedelta(days=1)).isoformat(),
                appeal_days=appeal_days,
            )
        self._closed(summary=summary)

    # -- rules --------------------------------------------------------------------------------

    def _ensure_open(self, rule: str = "a closed matter takes no further step") -> None:
        if self.closed:
            raise MatterClosedError(rule, matter_id=str(self.id))

    def _ensure_investigating(self) -> None:
        self._ensure_open()
        if self.investigation_due_on is None:
            raise InvestigationNotOpenedError(
                "open the investigation first", matter_id=str(self.id), missing_steps=["investigation"]
            )

    def _ensure_named(self, officer_id: str) -> None:
        if officer_id not in self.named_officers():
            raise OfficerNotInMatterError(
                "the officer is neither a suspect nor has a determined responsibility in this matter",
                officer_id=officer_id,
                officers=sorted(self.named_officers()),
            )

    def _ensure_no_sanction_in_force(self, officer_id: str, what: str) -> None:
        """An officer cleared of liability keeps no sanction of the same matter: a sanction in force
        is first revoked or changed on appeal."""
        in_force = self.sanctions_in_force(officer_id)
        if in_force:
            raise SanctionInForceError(
                f"{what} contradicts the officer's sanction in this matter; "
                "revoke or change the sanction on appeal first (DOMAIN §3.2)",
                officer_id=officer_id,
                sanction_ids=[str(s.sanction_id) for s in in_force],
            )

    def _ensure_liable(self, officer_id: str) -> None:
        standing = self.standing(officer_id)
        if not self.is_liable(officer_id):
            raise ResponsibilityNotDeterminedError(
                "an officer is sanctioned only after a full, primary or secondary responsibility is determined",
                officer_id=officer_id,
                missing_steps=["responsibility"],
            )
        if standing.exemption is not None and standing.exemption[1] is ExemptionEffect.EXEMPT:
            raise OfficerExemptedError(
                "the officer has been exempted from liability in this matter",
                officer_id=officer_id,
                ground=standing.exemption[0].value,
            )

    # -- events -------------------------------------------------------------------------------

    @event(InvestigationOpened)
    def _investigation_opened(self, investigator_ids: list[str], due_on: date) -> None:
        self.investigation_due_on = due_on

    @event(ResponsibilityDetermined)
    def _responsibility_determined(self, officer_id: str, role: str, share: str, basis: str) -> None:
        standing = self.officers.setdefault(officer_id, OfficerStanding())
        standing.responsibility = Responsibility(ResponsibleRole(role), Share(share), basis)

    @event(ExemptionGranted)
    def _exemption_granted(self, officer_id: str, ground: str, effect: str, note: str) -> None:
        standing = self.officers.setdefault(officer_id, OfficerStanding())
        standing.exemption = (ExemptionGround(ground), ExemptionEffect(effect))

    @event(AggravationApplied)
    def _aggravation_applied(
        self, officer_id: str, ground: str, prior_matter_ids: list[str], automatic: bool, note: str
    ) -> None:
        self.officers.setdefault(officer_id, OfficerStanding()).aggravations.append(AggravationGround(ground))

    @event(SanctionImposed)
    def _sanction_imposed(
        self,
        *,
        sanction_id: UUID,
        officer_id: str | None,
        unit_id: str | None,
        officer_unit_id: str | None,
        sanction_type: str,
        tier: str,
        effective_at: datetime,
        ends_at: datetime | None,
        decided_by: str,
        decided_on: date,
    ) -> None:
        self.sanctions[sanction_id] = Sanction(
            sanction_id,
            officer_id,
            unit_id,
            officer_unit_id,
            sanction_type,
            Tier(tier),
            effective_at,
            ends_at,
            decided_by,
            decided_on,
        )

    @event(SanctionAppealed)
    def _appealed(self, sanction_id: UUID, officer_id: str | None, grounds: str, appealed_on: date) -> None:
        self.sanctions[sanction_id].appealed_on = appealed_on

    @event(AppealDecided)
    def _appeal_decided(self, sanction_id: UUID, result: str, note: str, replacement_sanction_id: UUID | None) -> None:
        self.sanctions[sanction_id].appeal_result = AppealResult(result)

    @event(SanctionRevoked)
    def _revoked(self, sanction_id: UUID, officer_id: str | None, unit_id: str | None, reason: str) -> None:
        self.sanctions[sanction_id].revoked = True

    @event(Closed)
    def _closed(self, summary: str) -> None:
        self.closed = True
