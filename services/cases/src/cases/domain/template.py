"""Procedure templates: the bureau's flowcharts (流程图) as data.

A template lists the ordered steps of a procedure with the standard document (文书) each produces,
the condition under which a conditional step applies, the steps that must precede it, the time
limit it is held to, the reasons for which the clock may stop and the extensions it allows. A case
keeps the template it was filed under; a new version of the rules never rewrites a filed case.

The numbers of a time limit (how many days, working or calendar) are configuration held in the
versioned procedure rules; the template names which limit applies and from what it is counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from cases.domain.errors import OccurredBeforeError


@dataclass(frozen=True)
class DocumentSpec:
    """A standard document: `form_no` numbers it within the template's document set."""

    kind: str
    form_no: str
    title: str
    mandatory: bool = True
    condition: str | None = None  # the document is due only when this condition holds


@dataclass(frozen=True)
class TimeLimit:
    """A deadline a step is held to: the rule that sizes it and what it is counted from."""

    kind: str  # the deadline kind recorded on a breach
    counted_from: str
    suspendable: bool = False
    extendable: bool = False


@dataclass(frozen=True)
class Step:
    code: str
    number: str  # the step's place in the flowchart: "0", "1a", "7"…
    title: str
    stage: str  # "lead" (before filing) or "case"
    documents: tuple[DocumentSpec, ...] = ()
    condition: str | None = None  # None: always on the path
    requires: tuple[str, ...] = ()  # step codes or group names that must be complete first
    group: str | None = None  # alternative outcomes of one step (the decision)
    limit: TimeLimit | None = None
    needs_enforcers: bool = False  # an investigation-type step: two certified officers, certificates shown


@dataclass(frozen=True)
class Extension:
    """How a deadline may be extended: `standard` up to the configured days, `special` without a cap."""

    deadline: str
    approver: str
    special_allowed: bool
    special_requires: str | None = None  # a step that must precede a special extension


@dataclass(frozen=True)
class ProcedureTemplate:
    template_id: str
    version: str
    title: str
    basis: str
    effective_from: date
    effective_until: date | None
    steps: tuple[Step, ...]
    suspension_reasons: tuple[str, ...]
    extensions: tuple[Extension, ...]
    no_penalty_reasons: tuple[str, ...]
    _index: dict[str, Step] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {step.code: step for step in self.steps})
        for step in self.steps:
            for required in step.requires:
                if required not in self._index and not self.group(required):
                    raise ValueError(f"{self.template_id}/{self.version}: {step.code} requires unknown {required}")

    def step(self, code: str) -> Step:
        return self._index[code]

    def has_step(self, code: str) -> bool:
        return code in self._index

    def group(self, name: str) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.group == name)

    def extension(self, deadline: str) -> Extension | None:
        return next((e for e in self.extensions if e.deadline == deadline), None)

    def ensure_not_before_predecessors(self, code: str, at: datetime, completed: Mapping[str, datetime]) -> None:
        """Refuses a step dated before a step it requires (any alternative of a group) was completed:
        a decision before its notice, a report before the investigation it reports (DOMAIN §1.3)."""
        codes = []
        for required in self.step(code).requires:
            alternatives = self.group(required)
            codes += [alt.code for alt in alternatives] if alternatives else [required]
        dated = [(completed[c], c) for c in codes if c in completed]
        if not dated:
            return
        latest_at, latest = max(dated)
        if at < latest_at:
            raise OccurredBeforeError(
                f"the step {code} cannot precede the step {latest} it follows",
                step=code,
                at=at.isoformat(),
                follows=latest,
                follows_at=latest_at.isoformat(),
            )

    def missing_before(self, code: str, completed: Iterable[str], holds: Callable[[str], bool]) -> list[str]:
        """Every step that must be complete before `code` and is not, transitively, in flowchart order.

        A conditional predecessor counts only when its condition holds for the case; a group counts
        as complete when any of its alternatives is.
        """
        done = set(completed)
        missing: set[str] = set()

        def visit(step: Step) -> None:
            for required in step.requires:
                alternatives = self.group(required)
                if alternatives:
                    if not any(alt.code in done for alt in alternatives) and required not in missing:
                        missing.add(required)
                        for alt in alternatives:
                            if alt.condition is None or holds(alt.condition):
                                visit(alt)
                    continue
                predecessor = self.step(required)
                if predecessor.condition is not None and not holds(predecessor.condition):
                    continue
                if required not in done and required not in missing:
                    missing.add(required)
                    visit(predecessor)

        visit(self.step(code))
        return self.in_order(missing)

    def missing_documents(
        self, present: Iterable[str], holds: Callable[[str], bool], *, through: str | None = None
    ) -> list[DocumentSpec]:
        """Mandatory documents of the path taken (steps and documents whose conditions hold) not yet on
        file, for the steps up to and including `through` (all steps if None)."""
        on_file = set(present)
        missing = []
        last = len(self.steps) if through is None else self.steps.index(self.step(through)) + 1
        for step in self.steps[:last]:
            if step.condition is not None and not holds(step.condition):
                continue
            for document in step.documents:
                if not document.mandatory or document.kind in on_file:
                    continue
                if document.condition is not None and not holds(document.condition):
                    continue
                missing.append(document)
        return missing

    def document_step(self, kind: str) -> Step:
        return next(step for step in self.steps if any(d.kind == kind for d in step.documents))

    def in_order(self, codes: Iterable[str]) -> list[str]:
        wanted = set(codes)
        ordered = [step.code for step in self.steps if step.code in wanted]
        groups = sorted(name for name in wanted if name not in self._index)
        # A group sorts where its first alternative stands.
        for name in groups:
            first = self.group(name)[0].code
            position = next((i for i, step in enumerate(self.steps) if step.code == first), len(ordered))
            before = [c for c in ordered if self.steps.index(self.step(c)) < position]
            ordered.insert(len(before), name)
        return ordered
