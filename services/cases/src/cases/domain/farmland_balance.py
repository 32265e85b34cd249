"""The county's yearly farmland balance (耕地占补平衡): cultivated land supplemented at least equals
cultivated land occupied, and basic farmland does not shrink. Closed once a year."""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import event

from shared.domain import InvalidInputError, RecordedAggregate

BALANCE_NAMESPACE = UUID("4b6d8f0a-2c4e-4a6b-8c0d-3e5f7a9b1c46")


class FarmlandBalanceYear(RecordedAggregate):
    class Closed(RecordedAggregate.Created):
        county_code: str
        year: int
        occupied_cultivated_mu: float
        supplemented_cultivated_mu: float
        basic_farmland_mu_start: float
        basic_farmland_mu_end: float
        balanced: bool
        basic_farmland_kept: bool

    @staticmethod
    def create_id(county_code: str, year: int) -> UUID:
        return uuid5(BALANCE_NAMESPACE, f"{county_code}/{year}")

    @event(Closed)
    def __init__(
        self,
        *,
        county_code: str,
        year: int,
        occupied_cultivated_mu: float,
        supplemented_cultivated_mu: float,
        basic_farmland_mu_start: float,
        basic_farmland_mu_end: float,
        balanced: bool,
        basic_farmland_kept: bool,
    ) -> None:
        self.county_code = county_code
        self.year = year
        self.occupied_cultivated_mu = occupied_cultivated_mu
        self.supplemented_cultivated_mu = supplemented_cultivated_mu
        self.basic_farmland_mu_start = basic_farmland_mu_start
        self.basic_farmland_mu_end = basic_farmland_mu_end
        self.balanced = balanced
        self.basic_farmland_kept = basic_farmland_kept

    @classmethod
    def close(
        cls,
        *,
        county_code: str,
        year: int,
        occupied_cultivated_mu: float,
        supplemented_cultivated_mu: float,
        basic_farmland_mu_start: float,
        basic_farmland_mu_end: float,
    ) -> FarmlandBalanceYear:
        figures = (occupied_cultivated_mu, supplemented_cultivated_mu, basic_farmland_mu_start, basic_farmland_mu_end)
        if min(figures) < 0:
            raise InvalidInputError("areas cannot be negative", field="occupied_cultivated_mu")
        occupied, supplemented, start, end = (round(f, 2) for f in figures)
        kept = end >= start
        return cls(
            county_code=county_code,
            year=year,
            occupied_cultivated_mu=occupied,
            supplemented_cultivated_mu=supplemented,
            basic_farmland_mu_start=start,
            basic_farmland_mu_end=end,
            balanced=supplemented >= occupied and kept,
            basic_farmland_kept=kept,
        )
