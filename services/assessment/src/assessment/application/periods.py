"""Closing a period: rank it from the facts as they stand, and record the ranking and the decisions
it makes in one save. Also: the published ranking, a live preview, and a recomputation under the
recorded scheme version and facts, which must give the published result again.

A close is refused (409 `facts_not_caught_up`, retry later) while the facts are incomplete: events
assessment recorded but the facts projection has not applied, or any producer's stream holding
messages the projection has not settled yet — which is also the case all through a rebuild of
`assessment-facts`, whose consumers are deleted and replay from the start. Ranking then would turn
partial facts into permanent decisions. When the streams cannot be asked, it is a 503."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from assessment.application.base import AssessmentsBase
from assessment.application.ports import FactSnapshot, FeedProgress
from assessment.domain.accountability.matter import AccountabilityMatter
from assessment.domain.annual import PeriodicScore, annual_scores
from assessment.domain.decisions import AdmonishmentTalk, PostTransfer
from assessment.domain.entries import ScoreEntry
from assessment.domain.periods import Period, PeriodKind, SubjectType, periodic_parts
from assessment.domain.ranking import Outcome, Rankable, Standing, decide, rank
from assessment.domain.rankings import (
    AssessmentPeriod,
    PeriodAlreadyClosedError,
    PeriodicPeriodsNotClosedError,
    PeriodNotEndedError,
    PeriodNotRankedError,
    RankingNotFoundError,
    RankingSeries,
    row_values,
)
from assessment.domain.scheme import Scheme
from assessment.domain.scoring import departed, score
from shared.domain import DomainError

# Assessment's own events that become scored facts: a close waits until the facts projection has them.
SCORED_TOPICS = frozenset(
    get_topic(event)
    for event in (
        ScoreEntry.Recorded,
        ScoreEntry.Withdrawn,
        AccountabilityMatter.SanctionImposed,
        AccountabilityMatter.SanctionRevoked,
    )
)
LAG_WINDOW = 1000


class FactsNotCaughtUpError(DomainError):
    code = "facts_not_caught_up"


class FactsProgressUnknownError(FactsNotCaughtUpError):
    """The event streams could not be asked how far the facts have got: refuse, as when behind."""

    code = "facts_progress_unknown"
    status = 503


@dataclass(frozen=True)
class Computed:
    """A ranking computed but not (or not yet) recorded."""

    period: Period
    subject_type: SubjectType
    scheme_version: int
    facts: FactSnapshot
    outcomes: list[Outcome]

    def rows(self) -> list[dict[str, Any]]:
        return [row_values(outcome) for outcome in self.outcomes]


@dataclass(frozen=True)
class Recomputation:
    published: list[dict[str, Any]]
    recomputed: list[dict[str, Any]]

    @property
    def matches(self) -> bool:
        return self.published == self.recomputed

    @property
    def differing_subjects(self) -> list[str]:
        before = {row["subject_id"]: row for row in self.published}
        after = {row["subject_id"]: row for row in self.recomputed}
        return sorted(s for s in before.keys() | after.keys() if before.get(s) != after.get(s))


class PeriodCommands(AssessmentsBase):
    def close_period(self, subject_type: SubjectType, period_key: str) -> AssessmentPeriod:
        period = Period.parse(period_key)
        version, scheme = self.scheme_in_force(period.start)
        self._ensure_ranked(scheme, subject_type, period)
        today = self.today()
        if today <= period.end:
            raise PeriodNotEndedError(
                f"{period.key} ends on {period.end}; it can be closed from the day after",
                period=period.key,
                ends_on=period.end.isoformat(),
            )
        series = self._series(subject_type, period.kind)
        series.close(period)
        # Asked before the facts are read: whatever the streams held then is in the facts read after.
        progress = self.facts_feed.progress()
        computed = self._compute(subject_type, period, version.version, scheme, as_of=None)
        self._ensure_facts_caught_up(computed.facts)
        self._ensure_streams_applied(computed.facts, progress)
        period_id = AssessmentPeriod.create_id(subject_type, period.key)
        due_on = self.calendar.add_working_days(today, scheme.talk_deadline_working_days)
        talks = [
            AdmonishmentTalk(
                period_id=period_id,
                period_key=period.key,
                subject_type=subject_type.value,
                subject_id=o.ranked.entry.subject_id,
                unit_id=o.ranked.entry.unit_id,
                score=str(o.ranked.entry.score),
                rank=o.ranked.rank,
                rank_from_bottom=o.ranked.rank_from_bottom,
                scheme_version=version.version,
                due_on=due_on,
            )
            for o in computed.outcomes
            if o.talk_required
        ]
        transfers = [
            PostTransfer(
                period_id=period_id,
                period_key=period.key,
                subject_type=subject_type.value,
                subject_id=o.ranked.entry.subject_id,
                unit_id=o.ranked.entry.unit_id,
                officer_id=(
                    o.ranked.entry.subject_id
                    if subject_type is SubjectType.OFFICER
                    else self.unit_heads(o.ranked.entry.unit_id, period.end)
                ),
                reasons=list(o.transfer_reasons),
                run_periods=list(o.run_periods),
                scheme_version=version.version,
            )
            for o in computed.outcomes
            if o.transfer_reasons
        ]
        ranking = AssessmentPeriod(
            subject_type=subject_type.value,
            period_key=period.key,
            kind=period.kind.value,
            start=period.start,
            end=period.end,
            scheme_version=version.version,
            scheme_effective_from=version.effective_from,
            facts_through=computed.facts.through,
            fact_count=len(computed.facts.facts),
            rows=computed.rows(),
            talk_ids=[str(t.id) for t in talks],
            transfer_ids=[str(t.id) for t in transfers],
        )
        try:
            self.save(ranking, series, *talks, *transfers)
        except IntegrityError:
            # Another close of the same series was recorded first.
            if self._series(subject_type, period.kind).is_closed(period):
                raise PeriodAlreadyClosedError(
                    f"the {subject_type.value} ranking of {period.key} has already been published",
                    period=period.key,
                    subject_type=subject_type.value,
                ) from None
            raise
        return ranking

    def get_ranking(self, subject_type: SubjectType, period_key: str) -> AssessmentPeriod:
        period = Period.parse(period_key)
        found = self._period_or_none(subject_type, period)
        if found is None:
            raise RankingNotFoundError(
                f"no {subject_type.value} ranking of {period.key} has been published",
                period=period.key,
                subject_type=subject_type.value,
            )
        return found

    def preview(self, subject_type: SubjectType, period_key: str) -> Computed:
        """The ranking as it would be published now (nothing is recorded)."""
        period = Period.parse(period_key)
        version, scheme = self.scheme_in_force(period.start)
        self._ensure_ranked(scheme, subject_type, period)
        return self._compute(subject_type, period, version.version, scheme, as_of=None)

    def recompute(self, subject_type: SubjectType, period_key: str) -> Recomputation:
        """The published ranking computed again under its recorded scheme version, from the facts
        as they stood when it was published."""
        ranking = self.get_ranking(subject_type, period_key)
        _, scheme = self.scheme_numbered(ranking.scheme_version)
        computed = self._compute(
            subject_type, ranking.period, ranking.scheme_version, scheme, as_of=ranking.facts_through
        )
        return Recomputation(published=ranking.rows, recomputed=computed.rows())

    def closed_periods(self, subject_type: SubjectType, kind: PeriodKind) -> list[str]:
        try:
            series: RankingSeries = self.repository.get(RankingSeries.create_id(subject_type, kind))
        except AggregateNotFoundError:
            return []
        return list(series.closed)

    # -- computation --------------------------------------------------------------------------

    def _ensure_facts_caught_up(self, facts: FactSnapshot) -> None:
        """Entries and sanctions this service recorded but the facts projection has not applied yet
        would be missing from the ranking for good: refuse, and let the caller retry in a moment."""
        applied = facts.through.get(self.name, 0)
        later = self.recorder.select_notifications(start=applied + 1, limit=LAG_WINDOW)
        pending = sum(1 for n in later if n.topic in SCORED_TOPICS)
        if pending or len(later) == LAG_WINDOW:
            raise FactsNotCaughtUpError(
                "recorded entries have not reached the facts yet; retry in a moment",
                facts_through=facts.through,
                pending_entries=pending,
            )

    @staticmethod
    def _ensure_streams_applied(facts: FactSnapshot, progress: list[FeedProgress]) -> None:
        """Every producer's stream settled by the facts projection, and its facts in the snapshot.

        A producer with no consumer, or with one whose settled messages the snapshot does not
        reflect (its cursor gone: a rebuild began after the streams were asked), is being rebuilt."""
        behind = {p.producer: p.unsettled for p in progress if p.unsettled}
        rebuilding = sorted(
            p.producer
            for p in progress
            if p.unsettled is None or (p.settled_through > 0 and facts.through.get(p.producer, 0) == 0)
        )
        if behind or rebuilding:
            raise FactsNotCaughtUpError(
                "the facts have not caught up with the events published"
                + (" (assessment-facts is being rebuilt)" if rebuilding else "")
                + "; retry when they have",
                facts_through=facts.through,
                unsettled_events=behind,
                rebuilding=rebuilding,
            )

    def _compute(
        self,
        subject_type: SubjectType,
        period: Period,
        scheme_version: int,
        scheme: Scheme,
        as_of: Mapping[str, int] | None,
    ) -> Computed:
        snapshot = self.facts.read(subject_type, period.start, period.end, as_of=as_of)
        entries: Sequence[Rankable]
        if period.kind is PeriodKind.ANNUAL:
            periodic, units = self._periodic_scores(subject_type, period)
            entries = annual_scores(scheme, periodic, score(scheme, snapshot.facts), subject_type, units)
        else:
            entries = score(scheme, snapshot.facts)
        gone = departed(snapshot.facts)
        outcomes = decide(
            period.key,
            rank(scheme, [entry for entry in entries if entry.subject_id not in gone]),
            self._previous_standings(subject_type, period),
            scheme.rules_for(period.kind),
            scheme.failing_grade,
        )
        return Computed(period, subject_type, scheme_version, snapshot, outcomes)

    def _periodic_scores(
        self, subject_type: SubjectType, year: Period
    ) -> tuple[dict[str, list[PeriodicScore]], dict[str, str]]:
        """The year's periodic rankings, each part of the year as the scheme version in force there
        ranks it (a scheme may change from monthly to quarterly during the year); each published
        periodic score counts once in the average (`annual_scores`)."""
        ruleset = self.scheme_ruleset()
        parts = periodic_parts(year, lambda day: self._parsed(ruleset.in_force(day)).periodic_kind(subject_type))
        closed = {part: self._period_or_none(subject_type, part) for part in parts}
        missing = [part.key for part, found in closed.items() if found is None]
        if missing:
            raise PeriodicPeriodsNotClosedError(
                "the annual ranking averages the year's periodic rankings; close them first",
                missing=missing,
            )
        periodic: dict[str, list[PeriodicScore]] = defaultdict(list)
        units: dict[str, str] = {}
        for part, found in closed.items():
            assert found is not None
            for subject_id, value in found.scores().items():
                periodic[subject_id].append(PeriodicScore(part.key, value))
            units.update(found.units())
        return periodic, units

    def _previous_standings(self, subject_type: SubjectType, period: Period) -> dict[str, Standing]:
        previous = self._period_or_none(subject_type, period.previous())
        return previous.standings() if previous is not None else {}

    def _period_or_none(self, subject_type: SubjectType, period: Period) -> AssessmentPeriod | None:
        try:
            found: AssessmentPeriod = self.repository.get(AssessmentPeriod.create_id(subject_type, period.key))
        except AggregateNotFoundError:
            return None
        return found

    def _series(self, subject_type: SubjectType, kind: PeriodKind) -> RankingSeries:
        try:
            series: RankingSeries = self.repository.get(RankingSeries.create_id(subject_type, kind))
        except AggregateNotFoundError:
            series = RankingSeries(subject_type=subject_type.value, kind=kind.value)
        return series

    @staticmethod
    def _ensure_ranked(scheme: Scheme, subject_type: SubjectType, period: Period) -> None:
        periodic = scheme.periodic_kind(subject_type)
        if period.kind not in (periodic, PeriodKind.ANNUAL):
            raise PeriodNotRankedError(
                f"{subject_type.value}s are ranked {periodic.value} and annually under the scheme in force",
                period=period.key,
                ranked=[periodic.value, PeriodKind.ANNUAL.value],
            )
