"""Units, the leadership group, target letters, powers, the published roster and assets, as public
events."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from personnel.domain.assets import Asset, BudgetRecord
from personnel.domain.organisation import LeadershipGroup, Unit
from personnel.domain.powers import EnforcementSubject, PowerItem
from personnel.domain.roster import RosterPublication
from personnel.domain.target_letter import TargetLetter
from personnel.integration.base import to_integration_event
from shared.contracts import IntegrationEvent
from shared.contracts.personnel import (
    AssetAssignedV1,
    AssetRegisteredV1,
    BudgetRecordedV1,
    EnforcementSubjectQualificationConfirmedV1,
    LeadershipGroupEstablishedV1,
    LeadershipOfficeMeetingHeldV1,
    PowerItemPublishedV1,
    RosterLine,
    RosterPublishedV1,
    TargetItemV1,
    TargetLetterSignedV1,
    UnitHeadAppointedV1,
    UnitRegisteredV1,
)


@to_integration_event.register
def _(e: Unit.Registered) -> IntegrationEvent:
    return UnitRegisteredV1(unit_id=e.code, name=e.name, kind=e.kind)


@to_integration_event.register
def _(e: Unit.HeadAppointed) -> IntegrationEvent:
    return UnitHeadAppointedV1(unit_id=e.code, officer_id=e.officer_id, appointed_at=e.occurred_at)


@to_integration_event.register
def _(e: LeadershipGroup.Established) -> IntegrationEvent:
    return LeadershipGroupEstablishedV1(
        group_id=e.originator_id,
        leader_id=e.leader_id,
        office_head_id=e.office_head_id,
        member_ids=list(e.member_ids),
        established_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: LeadershipGroup.OfficeMeetingHeld) -> IntegrationEvent:
    return LeadershipOfficeMeetingHeldV1(
        meeting_id=uuid5(e.originator_id, e.month),
        group_id=e.originator_id,
        month=e.month,
        held_at=e.occurred_at,
        chair_id=e.chair_id,
        attendee_ids=list(e.attendee_ids),
        resolutions=list(e.resolutions),
    )


@to_integration_event.register
def _(e: TargetLetter.Signed) -> IntegrationEvent:
    return TargetLetterSignedV1(
        letter_id=e.originator_id,
        year=e.year,
        unit_id=e.unit_id,
        head_officer_id=e.head_officer_id,
        director_id=e.director_id,
        targets=[TargetItemV1.model_validate(target) for target in e.targets],
        signed_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: EnforcementSubject.QualificationConfirmed) -> IntegrationEvent:
    return EnforcementSubjectQualificationConfirmedV1(
        subject_id=e.originator_id,
        code=e.code,
        name=e.name,
        legal_basis=list(e.legal_basis),
        confirmed_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: PowerItem.Published) -> IntegrationEvent:
    return PowerItemPublishedV1(
        power_id=e.originator_id,
        code=e.code,
        subject_code=e.subject_code,
        category=e.category,
        name=e.name,
        legal_basis=list(e.legal_basis),
        responsible_unit_id=e.responsible_unit_id,
        procedure_template_id=e.procedure_template_id,
        published_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: BudgetRecord.Recorded) -> IntegrationEvent:
    return BudgetRecordedV1(
        budget_id=e.originator_id, year=e.year, amount_yuan=e.amount_yuan, purpose=e.purpose, recorded_at=e.occurred_at
    )


@to_integration_event.register
def _(e: Asset.Registered) -> IntegrationEvent:
    return AssetRegisteredV1(asset_id=e.originator_id, asset_no=e.asset_no, kind=e.kind, description=e.description)


@to_integration_event.register
def _(e: Asset.Assigned) -> IntegrationEvent:
    return AssetAssignedV1(
        asset_id=e.originator_id,
        asset_no=e.asset_no,
        kind=e.kind,
        unit_id=e.unit_id,
        officer_id=e.officer_id,
        assigned_at=e.occurred_at,
    )


@to_integration_event.register
def _(e: RosterPublication.Published) -> IntegrationEvent:
    return RosterPublishedV1(
        roster_id=e.originator_id,
        as_of=e.as_of,
        channel=e.channel,
        published_at=e.occurred_at,
        lines=[
            RosterLine(
                officer_id=UUID(line["officer_id"]),
                unit_id=line["unit_id"],
                certificate_no=line["certificate_no"],
                expires_on=date.fromisoformat(line["expires_on"]),
            )
            for line in e.lines
        ],
    )
