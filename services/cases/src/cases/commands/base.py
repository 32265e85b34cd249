"""What every command mixin of cases relies on: the enforcer directory, rules in force, the calendar."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from cases.domain.enforcers import CheckedTeam, EnforcerDirectory, NoEnforcers, TeamMember, check_team
from cases.domain.errors import CaseNotFoundError, LeadNotFoundError
from cases.domain.lead import ViolationLead
from cases.domain.penalty_case import PenaltyCase
from cases.domain.recording import BodyCameraClip, CameraRegister, NoCameras, RecordedClip, ensure_registered_devices
from shared.application import ServiceApplication
from shared.domain import NotFoundError
from shared.domain.access import ensure_unit_scope
from shared.domain.calendar import WorkingDayCalendar
from shared.domain.rules import RuleSet, RuleVersion


class RuleSetNotFoundError(NotFoundError):
    code = "ruleset_not_found"


class CasesBase(ServiceApplication):
    """Shared helpers; `Cases` (in `cases.application`) composes the command mixins over this."""

    enforcers: EnforcerDirectory = NoEnforcers()
    cameras: CameraRegister = NoCameras()

    def working_calendar(self, on: date) -> WorkingDayCalendar:
        raise NotImplementedError  # defined by `Cases`, from configuration

    def ruleset(self, name: str) -> RuleSet:
        try:
            ruleset: RuleSet = self.repository.get(RuleSet.create_id(name))
        except AggregateNotFoundError:
            raise RuleSetNotFoundError(f"no rule set named {name}", ruleset=name) from None
        return ruleset

    def rules_in_force(self, name: str, on: date) -> RuleVersion:
        return self.ruleset(name).in_force(on)

    def team(self, members: Sequence[TeamMember], at: datetime, minimum: int, *, shown: bool = True) -> CheckedTeam:
        """The officers of an investigation-type step, checked against who could enforce at `at`."""
        ids = [m.officer_id for m in members]
        return check_team(members, self.enforcers.standing_at(ids, at), minimum=minimum, at=at, require_shown=shown)

    def clip_records(
        self, clips: Sequence[BodyCameraClip], *, act_kind: str, act_id: UUID, record: str, at: datetime
    ) -> list[RecordedClip]:
        """One record per clip of an act, saved with it; a clip from a camera the bureau has not
        registered, or one that recorded another act, is refused."""
        ensure_registered_devices(clips, self.cameras)
        records = []
        for clip in clips:
            try:
                taken: RecordedClip = self.repository.get(RecordedClip.create_id(clip.clip_id))
            except AggregateNotFoundError:
                records.append(
                    RecordedClip(
                        clip_id=clip.clip_id,
                        device_id=clip.device_id,
                        officer_id=clip.officer_id,
                        act_kind=act_kind,
                        act_id=act_id,
                        record=record,
                        occurred_at=at,
                    )
                )
            else:
                taken.refuse_another_act()
        return records

    def lead(self, lead_id: UUID, expected_version: int | None = None) -> ViolationLead:
        lead = self.load(lead_id, ViolationLead, LeadNotFoundError, expected_version)
        ensure_unit_scope(lead.unit_id)
        return lead

    def case(self, case_id: UUID, expected_version: int | None = None) -> PenaltyCase:
        case = self.load(case_id, PenaltyCase, CaseNotFoundError, expected_version)
        ensure_unit_scope(case.unit_id)
        return case
