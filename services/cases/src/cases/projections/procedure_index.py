"""The lists of leads and cases, from cases' own public events (a rebuildable read model)."""

from __future__ import annotations

import asyncpg

from shared.contracts import IntegrationEvent
from shared.contracts.cases import (
    CaseArchivedV1,
    CaseClosedV1,
    CaseDeadlineBreachedV1,
    CaseDecidedV1,
    CaseFiledV1,
    CaseStepCompletedV1,
    LeadDeadlineBreachedV1,
    LeadNotFiledV1,
    LeadReferredV1,
    LeadRegisteredV1,
    LeadTakenOverV1,
    LeadVerifiedV1,
)
from shared.messaging.envelope import Envelope

# Where a case stands once a step is recorded (a decision, closure and archive have their own events).
STAGE_AFTER = {
    "investigation": "investigating",
    "investigation_report": "under_review",
    "penalty_notice": "noticed",
    "service": "enforcing",
}


SETTLEMENTS: dict[type[IntegrationEvent], str] = {
    LeadReferredV1: "referred",
    LeadNotFiledV1: "not_filed",
    LeadTakenOverV1: "taken_over",
}


class ProcedureIndexProjection:
    name = "cases-procedure-index"
    producers: tuple[str, ...] = ("cases",)
    tables: tuple[str, ...] = ("procedure_leads", "procedure_cases")

    async def apply(self, conn: asyncpg.Connection, event: IntegrationEvent, envelope: Envelope) -> None:
        match event:
            case LeadRegisteredV1():
                await conn.execute(
                    "INSERT INTO procedure_leads (lead_id, register_no, unit_id, source, received_at)"
                    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (lead_id) DO NOTHING",
                    event.lead_id,
                    event.register_no,
                    event.unit_id,
                    event.source,
                    event.received_at,
                )
            case LeadVerifiedV1():
                await conn.execute(
                    "UPDATE procedure_leads SET outcome = $2, unit_id = $3 WHERE lead_id = $1",
                    event.lead_id,
                    event.outcome,
                    event.unit_id,
                )
            case LeadReferredV1() | LeadNotFiledV1() | LeadTakenOverV1():
                settlement = SETTLEMENTS[type(event)]
                await conn.execute(
                    "UPDATE procedure_leads SET settlement = $2 WHERE lead_id = $1", event.lead_id, settlement
                )
            case LeadDeadlineBreachedV1():
                await conn.execute(
                    "UPDATE procedure_leads SET breaches = array_append(breaches, $2)"
                    " WHERE lead_id = $1 AND NOT $2 = ANY(breaches)",
                    event.lead_id,
                    event.deadline_kind,
                )
            case CaseFiledV1():
                await conn.execute(
                    "INSERT INTO procedure_cases (case_id, case_no, lead_id, unit_id, violation_type, party_type,"
                    " template_version, filed_at, stage) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'investigating')"
                    " ON CONFLICT (case_id) DO NOTHING",
                    event.case_id,
                    event.case_no,
                    event.lead_id,
                    event.unit_id,
                    event.violation_type,
                    event.party_type,
                    event.template_version,
                    event.filed_at,
                )
                await conn.execute(
                    "UPDATE procedure_leads SET settlement = 'filed', case_id = $2 WHERE lead_id = $1",
                    event.lead_id,
                    event.case_id,
                )
            case CaseStepCompletedV1():
                stage = STAGE_AFTER.get(event.step)
                if event.step == "case_review":
                    stage = "review_passed" if event.outcome == "approved" else "investigating"
                await conn.execute(
                    "UPDATE procedure_cases SET last_step = $2, stage = COALESCE($3, stage)"
                    " WHERE case_id = $1 AND closed_at IS NULL",
                    event.case_id,
                    event.step,
                    stage,
                )
            case CaseDecidedV1():
                await conn.execute(
                    "UPDATE procedure_cases SET stage = 'decided', outcome = $2, decided_at = $3 WHERE case_id = $1",
                    event.case_id,
                    event.outcome,
                    event.decided_at,
                )
            case CaseClosedV1():
                await conn.execute(
                    "UPDATE procedure_cases SET stage = 'closed', closed_at = $2 WHERE case_id = $1",
                    event.case_id,
                    event.closed_at,
                )
            case CaseArchivedV1():
                await conn.execute(
                    "UPDATE procedure_cases SET stage = 'archived', archived_at = $2 WHERE case_id = $1",
                    event.case_id,
                    event.archived_at,
                )
            case CaseDeadlineBreachedV1():
                await conn.execute(
                    "UPDATE procedure_cases SET breaches = array_append(breaches, $2)"
                    " WHERE case_id = $1 AND NOT $2 = ANY(breaches)",
                    event.case_id,
                    event.deadline_kind,
                )
            case _:
                pass  # events this list does not show
