"""Publishing new versions of the evaluation scheme and of the accountability rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from assessment.application.base import AssessmentsBase
from assessment.domain.accountability.rules import ACCOUNTABILITY_RULESET, AccountabilityRules
from assessment.domain.periods import Period, PeriodKind, SubjectType
from assessment.domain.rankings import RankingSeries
from assessment.domain.scheme import Scheme
from shared.domain import DomainError
from shared.domain.rules import RuleSet, RuleVersion


class SchemeChangeRetroactiveError(DomainError):
    code = "scheme_change_retroactive"


class PeriodKindChangeMidQuarterError(DomainError):
    code = "period_kind_change_mid_quarter"


class SchemeCommands(AssessmentsBase):
    def publish_scheme(self, *, effective_from: date, values: dict[str, Any], note: str) -> RuleSet:
        scheme = Scheme.from_values(values)
        self._ensure_not_retroactive(effective_from)
        ruleset = self.scheme_ruleset()
        self._ensure_kind_changes_on_a_quarter(ruleset, effective_from, scheme)
        ruleset.publish(effective_from=effective_from, values=scheme.to_values(), note=note)
        self.save(ruleset)
        return ruleset

    def publish_accountability_rules(self, *, effective_from: date, values: dict[str, Any], note: str) -> RuleSet:
        rules = AccountabilityRules.from_values(values)
        ruleset = self._ruleset(ACCOUNTABILITY_RULESET) or RuleSet(name=ACCOUNTABILITY_RULESET)
        ruleset.publish(effective_from=effective_from, values=rules.to_values(), note=note)
        self.save(ruleset)
        return ruleset

    def scheme_versions(self) -> list[RuleVersion]:
        return list(self.scheme_ruleset().versions)

    def _ensure_kind_changes_on_a_quarter(self, ruleset: RuleSet, effective_from: date, scheme: Scheme) -> None:
        """A period is ranked under the version in force on its first day. A change between monthly
        and quarterly ranking must take effect on the first day of a quarter (also the first day of a
        month), or the year's periodic rankings would leave months out or cover them twice."""
        earlier = [v for v in ruleset.versions if v.effective_from < effective_from]
        if not earlier:
            return
        before = self._parsed(earlier[-1])
        quarter = Period.containing(PeriodKind.QUARTERLY, effective_from)
        if quarter.start == effective_from:
            return
        for subject_type in SubjectType:
            if before.periodic_kind(subject_type) is not scheme.periodic_kind(subject_type):
                raise PeriodKindChangeMidQuarterError(
                    "a change between monthly and quarterly ranking takes effect on the first day of a quarter",
                    subject_type=subject_type.value,
                    effective_from=effective_from.isoformat(),
                    ranked_before=before.periodic_kind(subject_type).value,
                    ranked_after=scheme.periodic_kind(subject_type).value,
                    earliest_effective_from=quarter.next().start.isoformat(),
                )

    def _ensure_not_retroactive(self, effective_from: date) -> None:
        """A published ranking was computed under the version then in force; a new version may not
        take effect on a day some closed period already covers."""
        for subject_type in SubjectType:
            for kind in PeriodKind:
                try:
                    series: RankingSeries = self.repository.get(RankingSeries.create_id(subject_type, kind))
                except AggregateNotFoundError:
                    continue
                last = series.last_closed
                if last is not None and effective_from <= last.end:
                    raise SchemeChangeRetroactiveError(
                        "a scheme change applies from its effective date, after every closed period",
                        effective_from=effective_from.isoformat(),
                        closed_period=last.key,
                        subject_type=subject_type.value,
                        earliest_effective_from=last.next().start.isoformat(),
                    )
