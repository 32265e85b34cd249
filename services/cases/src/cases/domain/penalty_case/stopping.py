"""Stopping a violation that goes on after the case is filed (制止): a stop order served by an
enforcement team, and the report to the county government and the higher bureau when it is ignored,
which discharges the officers' duty (执法监督规定 2018 art. 31, DOMAIN §1.2 step 1a and §3.1 D).

The lead records the stop orders served before filing; these are the ones served while the case is
open and undecided. Neither is a step of the template: the procedure neither waits for them nor
misses them, and each is published as a step record of the case."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from cases.domain.enforcers import CheckedTeam
from cases.domain.lead import NoStopOrderError
from cases.domain.penalty_case.base import CaseEvent, CaseState, StepRecord
from cases.domain.recording import BodyCameraClip, checked_clips

STOP_ORDER = "stop_order"


class Stopping(CaseState):
    class CaseStopOrderIssued(CaseEvent):
        doc_no: str
        correction_order_no: str | None
        party: str
        officer_ids: list[UUID]
        certificate_nos: list[str]
        clips: list[dict[str, Any]]

        def apply_to(self, case: CaseState) -> None:
            case._file("stop_order_notice", self.doc_no)
            case._file("correction_order_notice", self.correction_order_no)

        def step_record(self) -> StepRecord:
            documents = [("stop_order_notice", self.doc_no)]
            if self.correction_order_no:
                documents.append(("correction_order_notice", self.correction_order_no))
            return StepRecord(
                STOP_ORDER,
                "stop_order_issued",
                self.officer_ids,
                self.certificate_nos,
                tuple(documents),
                clips=self.clips,
            )

    class CaseStopOrderIneffectiveReported(CaseEvent):
        reported_to: list[str]
        stop_order_no: str

        def step_record(self) -> StepRecord:
            # The outcome names who was told, in order: what discharges the duty (履职到位).
            return StepRecord(
                STOP_ORDER,
                "stop_order_ineffective_reported",
                documents=(("stop_order_notice", self.stop_order_no),),
                outcome=",".join(self.reported_to),
            )

    def issue_stop_order(
        self,
        *,
        doc_no: str,
        correction_order_no: str | None,
        party: str,
        team: CheckedTeam,
        at: datetime,
        clips: Sequence[BodyCameraClip] = (),
    ) -> None:
        self._ensure_undecided()
        self._ensure_after_filing(at)
        self._ensure_not_recused(team.officer_ids)
        self.trigger_event(
            self.CaseStopOrderIssued,
            doc_no=doc_no,
            correction_order_no=correction_order_no,
            party=party,
            officer_ids=team.officer_ids,
            certificate_nos=team.certificate_nos,
            clips=checked_clips(clips, acting=team.officer_ids, at=at),
            occurred_at=at,
        )

    def report_stop_order_ineffective(self, *, reported_to: Sequence[str], at: datetime) -> None:
        self._ensure_open()
        self._ensure_after_filing(at)
        issued = self.documents.get("stop_order_notice", [])
        if not issued:
            raise NoStopOrderError("no stop order was served in this case")
        self.trigger_event(
            self.CaseStopOrderIneffectiveReported,
            reported_to=sorted(set(reported_to)),
            stop_order_no=issued[-1],
            occurred_at=at,
        )
