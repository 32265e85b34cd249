"""The prefecture's ranking of its counties by illegal-farmland ratio, lowest first.

The article's "lowest in the city four years running" is rank 1 of this list. The other counties'
ratios come from the prefecture's notice; the county's own comes from its recorded computation.
Equal ratios share a rank (1, 1, 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from shared.domain import InvalidInputError, RecordedAggregate

RANKING_NAMESPACE = UUID("c2e4a6b8-0d1f-4a3c-9e5b-7f9a1c3e5b64")


@dataclass(frozen=True)
class RankedRegion:
    region_code: str
    ratio: float
    rank: int


def rank_by_ratio(ratios: dict[str, float]) -> list[RankedRegion]:
    ordered = sorted(ratios.items(), key=lambda item: (item[1], item[0]))
    ranked: list[RankedRegion] = []
    for position, (region_code, ratio) in enumerate(ordered, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].ratio == ratio else position
        ranked.append(RankedRegion(region_code, ratio, rank))
    return ranked


class SatelliteRanking(RecordedAggregate):
    class Opened(RecordedAggregate.Created):
        prefecture_code: str
        year: int

    class Published(RecordedAggregate.Event):
        prefecture_code: str
        year: int
        own_region_code: str
        own_rank: int
        ranks: list[dict[str, Any]]

    @staticmethod
    def create_id(prefecture_code: str, year: int) -> UUID:
        return uuid5(RANKING_NAMESPACE, f"{prefecture_code}/{year}")

    @event(Opened)
    def __init__(self, *, prefecture_code: str, year: int) -> None:
        self.prefecture_code = prefecture_code
        self.year = year
        self.own_region_code: str | None = None
        self.ranks: list[RankedRegion] = []

    def publish(self, *, own_region_code: str, own_ratio: float, others: dict[str, float]) -> None:
        if own_region_code in others:
            raise InvalidInputError(
                "the county's own ratio comes from its computation; leave it out of the other regions",
                field="others",
                region_code=own_region_code,
            )
        if not others:
            raise InvalidInputError("a ranking compares at least two regions", field="others")
        ranked = rank_by_ratio({**others, own_region_code: own_ratio})
        own_rank = next(r.rank for r in ranked if r.region_code == own_region_code)
        self._published(
            prefecture_code=self.prefecture_code,
            year=self.year,
            own_region_code=own_region_code,
            own_rank=own_rank,
            ranks=[{"region_code": r.region_code, "ratio": r.ratio, "rank": r.rank} for r in ranked],
        )

    @property
    def own_rank(self) -> int | None:
        return next((r.rank for r in self.ranks if r.region_code == self.own_region_code), None)

    @event(Published)
    def _published(
        self, *, prefecture_code: str, year: int, own_region_code: str, own_rank: int, ranks: list[dict[str, Any]]
    ) -> None:
        self.own_region_code = own_region_code
        self.ranks = [RankedRegion(r["region_code"], float(r["ratio"]), int(r["rank"])) for r in ranks]
