"""Commands on a penalty case's clock, closure, archive and challenges; and reading a case."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from cases.commands.case_investigation import CaseStepCommands
from cases.domain.penalties import Penalty
from cases.domain.penalty_case import PenaltyCase
from cases.domain.timing import business_time, local_day


class CaseLifecycleCommands(CaseStepCommands):
    def suspend_case_clock(
        self, case_id: UUID, *, reason: str, suspended_at: datetime | None, expected_version: int | None = None
    ) -> PenaltyCase:
        at = business_time(suspended_at, field="suspended_at")
        return self.on_case(case_id, expected_version, lambda case: case.suspend_clock(reason=reason, at=at))

    def resume_case_clock(
        self, case_id: UUID, *, resumed_at: datetime | None, expected_version: int | None = None
    ) -> PenaltyCase:
        at = business_time(resumed_at, field="resumed_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.resume_clock(at=at, calendar=self.working_calendar(local_day(at))),
        )

    def extend_decision_deadline(
        self,
        case_id: UUID,
        *,
        kind: str,
        days: int,
        approved_by: UUID,
        reason: str,
        approved_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(approved_at, field="approved_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.extend_decision_deadline(
                kind=kind,
                days=days,
                approved_by=approved_by,
                reason=reason,
                at=at,
                calendar=self.working_calendar(local_day(at)),
            ),
        )

    def close_case(
        self,
        case_id: UUID,
        *,
        reason: str,
        form_no: str,
        approved_by: UUID,
        closed_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(closed_at, field="closed_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.close(
                reason=reason,
                form_no=form_no,
                approved_by=approved_by,
                at=at,
                calendar=self.working_calendar(local_day(at)),
            ),
        )

    def archive_case(
        self,
        case_id: UUID,
        *,
        archive_no: str,
        catalogue_no: str,
        volumes: int,
        pages: int,
        archived_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(archived_at, field="archived_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.archive_file(
                archive_no=archive_no, catalogue_no=catalogue_no, volumes=volumes, pages=pages, at=at
            ),
        )

    def file_challenge(
        self,
        case_id: UUID,
        *,
        proceeding: str,
        body: str,
        reference: str,
        filed_at: datetime | None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(filed_at, field="filed_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.file_challenge(proceeding=proceeding, body=body, reference=reference, at=at),
        )

    def decide_challenge(
        self,
        case_id: UUID,
        *,
        proceeding: str,
        reference: str,
        outcome: str,
        category: str | None,
        description: str,
        responsible: Sequence[dict[str, Any]],
        decided_at: datetime | None,
        changed_penalties: Sequence[Penalty] | None = None,
        expected_version: int | None = None,
    ) -> PenaltyCase:
        at = business_time(decided_at, field="decided_at")
        return self.on_case(
            case_id,
            expected_version,
            lambda case: case.decide_challenge(
                proceeding=proceeding,
                reference=reference,
                outcome=outcome,
                category=category,
                description=description,
                responsible=responsible,
                at=at,
                calendar=self.working_calendar(local_day(at)),
                changed_penalties=changed_penalties,
            ),
        )

    def get_case(self, case_id: UUID) -> PenaltyCase:
        return self.case(case_id)

    def case_history(self, case_id: UUID) -> list[Any]:
        self.case(case_id)
        return self.stored_events(case_id)
