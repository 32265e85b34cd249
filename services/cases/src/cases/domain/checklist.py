"""The "no step omitted" checklist of a case (程序不漏项): each step of its template, whether it applies
to the path the case took, when it was completed, and each document with the numbers on file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cases.domain.penalty_case import PenaltyCase


@dataclass(frozen=True)
class DocumentLine:
    kind: str
    form_no: str
    title: str
    required: bool  # mandatory on the path taken
    on_file: list[str]


@dataclass(frozen=True)
class StepLine:
    code: str
    number: str
    title: str
    stage: str
    condition: str | None
    applies: bool
    completed_at: datetime | None
    documents: list[DocumentLine]


@dataclass(frozen=True)
class DeadlineLine:
    kind: str
    due_on: date | None
    met_on: date | None
    applies: bool
    breached: bool


def checklist(case: PenaltyCase) -> list[StepLine]:
    lines = []
    for step in case.template.steps:
        applies = step.condition is None or case.holds(step.condition)
        if step.group is not None:
            applies = step.code in case.completed or (case.decision is None and step.code == "penalty_decision")
        lines.append(
            StepLine(
                code=step.code,
                number=step.number,
                title=step.title,
                stage=step.stage,
                condition=step.condition,
                applies=applies,
                completed_at=case.completed.get(step.code),
                documents=[
                    DocumentLine(
                        kind=d.kind,
                        form_no=d.form_no,
                        title=d.title,
                        required=applies and d.mandatory and (d.condition is None or case.holds(d.condition)),
                        on_file=list(case.documents.get(d.kind, [])),
                    )
                    for d in step.documents
                ],
            )
        )
    return lines


def deadlines(case: PenaltyCase) -> list[DeadlineLine]:
    return [DeadlineLine(w.kind, w.due_on, w.met_on, w.applies, w.kind in case.breaches) for w in case.watched()]
