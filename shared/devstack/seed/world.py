"""What one seed run knows: the plan, who acts, and the ids the services gave to what it created
(the same ids on a second run, which the services answer from their idempotency records)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from shared.devstack.seed.chance import seeded
from shared.devstack.seed.client import Actor, SeedClient
from shared.devstack.seed.staff import Scale, Staff

PERSONNEL = "/api/personnel"
CASES = "/api/cases"
ASSESSMENT = "/api/assessment"


class Actors:
    """Who records what, by role; the subjects are fixed so every run acts as the same people."""

    director = Actor("director", "demo-director", name="局长")
    deputy = Actor("deputy_director", "demo-deputy-director", name="副局长")
    legal = Actor("legal_affairs", "demo-legal-affairs", unit="LEGAL")
    reviewer = Actor("case_reviewer", "demo-case-reviewer", unit="LEGAL")
    secretariat = Actor("assessment_secretariat", "demo-assessment-secretariat", unit="LEGAL")

    @staticmethod
    def head(unit: str) -> Actor:
        return Actor("unit_head", f"demo-head-{unit}", unit=unit)

    @staticmethod
    def officer(unit: str) -> Actor:
        return Actor("officer", f"demo-officer-{unit}", unit=unit)


@dataclass
class World:
    client: SeedClient
    staff: Staff
    scale: Scale
    seed: int
    actors: Actors = field(default_factory=Actors)
    officers: dict[str, str] = field(default_factory=dict)  # member key -> officer id
    facts: dict[str, Any] = field(default_factory=dict)  # ids later phases need (cases, matters…)
    lead_ids: list[str] = field(default_factory=list)
    lead_by_serial: dict[str, str] = field(default_factory=dict)  # the seed's lead serial -> lead id
    warnings: list[str] = field(default_factory=list)

    @property
    def full(self) -> bool:
        return self.scale is Scale.FULL

    def rng(self, purpose: str) -> random.Random:
        """A generator of its own per purpose: one phase's choices never shift another's."""
        return seeded(self.seed, purpose)

    def officer_id(self, key: str) -> str:
        return self.officers[key]

    def post(self, actor: Actor, path: str, body: dict[str, Any], *, kind: str, key: str) -> str:
        """Send one command; answers the id of the aggregate it created or changed."""
        return str(self.client.command(actor, path, body, kind=kind, key=key)["id"])
