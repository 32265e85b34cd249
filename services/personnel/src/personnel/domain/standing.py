"""`can_enforce(officer, at)` exactly as DOMAIN §2.2: true only if, at `at`, the officer holds an
enforcement certificate whose status is `active` (so not suspended, revoked, cancelled, replaced,
expired or awaiting its review), `at` is before its expiry, its latest review passed, its scope
includes land and resources, and the officer is not removed from an enforcement post.

Reasons, in the order they are reported: `no_certificate`, `out_of_scope`, `removed_from_post`, then
the best certificate's own reason (`not_yet_valid`, `expired`, `suspended`, `revoked`, `cancelled`,
`replaced`, `not_reviewed`, `review_failed`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from personnel.domain.certificate import LAND_RESOURCES, Certificate
from personnel.domain.officer import Officer

ENFORCEMENT = "enforcement"


@dataclass(frozen=True)
class Standing:
    officer_id: UUID
    at: datetime
    can_enforce: bool
    certificate_no: str | None = None
    reason: str | None = None


def can_enforce(
    officer: Officer, certificates: Iterable[Certificate], at: datetime, scope_field: str = LAND_RESOURCES
) -> Standing:
    held = [c for c in certificates if c.officer_id == officer.id and c.kind == ENFORCEMENT]
    if not held:
        return Standing(officer.id, at, False, None, "no_certificate")
    in_scope = [c for c in held if c.scope_field == scope_field]
    if not in_scope:
        latest = max(held, key=lambda c: (c.valid_from, c.certificate_no))
        return Standing(officer.id, at, False, latest.certificate_no, "out_of_scope")
    usable = sorted(
        (c for c in in_scope if c.unusable_reason(at) is None), key=lambda c: (c.valid_from, c.certificate_no)
    )
    if officer.removed_at(at) is not None:
        best = usable[-1] if usable else _most_relevant(in_scope, at)
        return Standing(officer.id, at, False, best.certificate_no, "removed_from_post")
    if usable:
        return Standing(officer.id, at, True, usable[-1].certificate_no)
    best = _most_relevant(in_scope, at)
    return Standing(officer.id, at, False, best.certificate_no, best.unusable_reason(at))


def _most_relevant(certificates: list[Certificate], at: datetime) -> Certificate:
    """The certificate valid latest from before `at` (a card replaced the same day comes before its
    replacement), or else the earliest one still to come."""
    issued = sorted((c for c in certificates if c.valid_from <= at), key=lambda c: (c.valid_from, c.certificate_no))
    if issued:
        return issued[-1]
    return min(certificates, key=lambda c: (c.valid_from, c.certificate_no))
