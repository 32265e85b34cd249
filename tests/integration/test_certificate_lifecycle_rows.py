"""The lifecycle rows cases and assessment keep of personnel's certificates, written by the one shared
writer into each service's own migrated tables: the same rows in both, unchanged by a redelivery, and
read back by the shared reader as personnel itself would answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from typing import Any
from uuid import uuid4

import asyncpg
import pytest

from assessment.bootstrap import MIGRATIONS as ASSESSMENT_MIGRATIONS
from cases.bootstrap import MIGRATIONS as CASES_MIGRATIONS
from shared.contracts import IntegrationEvent
from shared.contracts.personnel import (
    CertificateCancelledV1,
    CertificateReinstatedV1,
    CertificateReplacedV1,
    CertificateReviewedV1,
    CertificateRevokedV1,
    CertificateSuspendedV1,
    EnforcementPostRemovedV1,
    EnforcementPostRestoredV1,
    day_start,
    enforcement_standing,
)
from shared.messaging.certificate_lifecycle import CertificateLifecycleTables
from tests.support.pools import migrated_pool

CARD, OTHER_CARD = "HN-0001", "HN-0002"
OFFICER, CERTIFICATE, SANCTION = uuid4(), uuid4(), uuid4()
T0 = day_start(date(2018, 3, 1))


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def _history() -> list[IntegrationEvent]:
    """Two suspensions that overlap (a sanction's and an investigation's), the investigation's ended
    by name; a removal from the post and its restoration; a failed review; then a revocation, and a
    replacement of a card already revoked; a second card cancelled, then replaced."""
    card = {"certificate_id": CERTIFICATE, "certificate_no": CARD, "officer_id": OFFICER}
    return [
        CertificateSuspendedV1(
            **card,
            reason="sanction",
            suspended_from=at(1),
            until=date(2018, 3, 21),
            decided_by="director",
            accountability_id=SANCTION,
        ),
        CertificateSuspendedV1(**card, reason="investigation", suspended_from=at(3), until=None, decided_by="director"),
        EnforcementPostRemovedV1(
            officer_id=OFFICER, reason="investigation", note="", decided_by="director", removed_at=at(3)
        ),
        CertificateReinstatedV1(**card, reinstated_at=at(5), note="cleared", suspension_reason="investigation"),
        EnforcementPostRestoredV1(officer_id=OFFICER, reason="cleared", decided_by="director", restored_at=at(5)),
        CertificateReviewedV1(
            **card,
            period="2018",
            result="failed",
            reviewed_at=at(6),
            next_review_due_on=None,
            notes="",
            rules_version=1,
        ),
        CertificateRevokedV1(
            **card, reason="serious_fault", revoked_at=at(8), reapply_not_before=None, decided_by="director"
        ),
        CertificateReplacedV1(
            certificate_id=CERTIFICATE,
            old_no=CARD,
            new_no="HN-0009",
            officer_id=OFFICER,
            reason="lost",
            replaced_at=at(9),
        ),
        CertificateCancelledV1(
            certificate_id=uuid4(), certificate_no=OTHER_CARD, officer_id=OFFICER, reason="lost", cancelled_at=at(2)
        ),
        CertificateReplacedV1(
            certificate_id=uuid4(),
            old_no=OTHER_CARD,
            new_no="HN-0010",
            officer_id=OFFICER,
            reason="lost",
            replaced_at=at(4),
        ),
    ]


@pytest.fixture
async def pools(database_url: str) -> AsyncIterator[dict[str, asyncpg.Pool]]:
    async with (
        migrated_pool(database_url, "assessment", ASSESSMENT_MIGRATIONS) as roster,
        migrated_pool(database_url, "cases", CASES_MIGRATIONS) as enforcer,
    ):
        yield {"roster": roster, "enforcer": enforcer}


async def _write(pool: asyncpg.Pool, tables: CertificateLifecycleTables, events: list[IntegrationEvent]) -> None:
    async with pool.acquire() as conn, conn.transaction():
        for position, event in enumerate(events, start=1):
            await tables.apply(conn, event, position)


async def _rows(pool: asyncpg.Pool, tables: CertificateLifecycleTables) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "periods": [
            tuple(row)
            for row in await pool.fetch(
                f"SELECT certificate_no, position, status, starts_at, ends_at, reason, accountability_id"
                f" FROM {tables.periods} ORDER BY certificate_no, position"
            )
        ],
        "reviews": [
            tuple(row)
            for row in await pool.fetch(
                f"SELECT certificate_no, reviewed_at, result FROM {tables.reviews} ORDER BY position"
            )
        ],
        "removals": [
            tuple(row) for row in await pool.fetch(f"SELECT officer_id, starts_at, ends_at FROM {tables.removals}")
        ],
    }


async def test_both_services_keep_the_same_rows_and_a_redelivery_changes_none(
    pools: dict[str, asyncpg.Pool],
) -> None:
    kept = {}
    for prefix, pool in pools.items():
        tables = CertificateLifecycleTables(prefix)
        await _write(pool, tables, _history())
        first = await _rows(pool, tables)
        await _write(pool, tables, _history())  # every event delivered again, at the same positions
        assert await _rows(pool, tables) == first
        kept[prefix] = first

    assert kept["roster"] == kept["enforcer"]
    assert kept["roster"]["periods"] == [
        # the sanction's suspension ran on past the investigation's end; the revocation ended it
        (CARD, 1, "suspended", at(1), at(8), "sanction", SANCTION),
        (CARD, 2, "suspended", at(3), at(5), "investigation", None),
        (CARD, 7, "revoked", at(8), None, None, None),
        # the replacement of a revoked card adds no second ending
        (OTHER_CARD, 9, "cancelled", at(2), None, None, None),
    ]
    assert kept["roster"]["removals"] == [(OFFICER, at(3), at(5))]


@pytest.mark.parametrize("prefix", ["roster", "enforcer"])
async def test_the_rows_read_back_give_each_instants_standing(pools: dict[str, asyncpg.Pool], prefix: str) -> None:
    tables = CertificateLifecycleTables(prefix)
    await _write(pools[prefix], tables, _history()[:6])  # up to the failed review
    async with pools[prefix].acquire() as conn:
        history = await tables.history(conn, [CARD, CARD], [OFFICER])
    record = history.certificate(
        CARD,
        kind="enforcement",
        scope_field="land_resources",
        issued_on=date(2017, 1, 1),
        expires_on=date(2022, 1, 1),
        review_due_on=None,
    )

    def reason(days: float) -> str | None:
        return enforcement_standing([record], history.removals_of(OFFICER), at(days)).reason

    assert reason(0.5) is None
    assert reason(2) == "suspended"
    assert reason(4) == "removed_from_post"
    assert history.removed_at(OFFICER, at(4))
    assert not history.removed_at(OFFICER, at(5))  # restored
    assert reason(5.5) == "suspended"  # the reinstatement ended the investigation's, not the sanction's
    assert reason(21) == "review_failed"  # the sanction's suspension over, the failed review stands


async def test_a_certificate_or_officer_without_rows_reads_as_unblemished(pools: dict[str, asyncpg.Pool]) -> None:
    tables = CertificateLifecycleTables("roster")
    await _write(pools["roster"], tables, _history())
    async with pools["roster"].acquire() as conn:
        history = await tables.history(conn, ["HN-9999"], [uuid4()])
    assert history.blocks == {}
    assert history.reviews == {}
    assert history.removals == {}
    fresh = history.certificate(
        "HN-9999",
        kind="enforcement",
        scope_field="land_resources",
        issued_on=date(2018, 1, 1),
        expires_on=date(2023, 1, 1),
        review_due_on=None,
    )
    assert fresh.unusable_reason(at(0)) is None


def test_the_reads_serve_both_drivers_markers_and_no_other() -> None:
    tables = CertificateLifecycleTables("enforcer")
    assert all("ANY(%s)" in sql for sql in tables.reads("%s"))
    assert all("ANY($1)" in sql for sql in tables.reads())
    with pytest.raises(ValueError, match="not a parameter marker"):
        tables.reads("?")


def test_a_prefix_that_is_not_a_plain_identifier_is_refused() -> None:
    with pytest.raises(ValueError, match="not a table prefix"):
        CertificateLifecycleTables("roster; DROP TABLE x")
