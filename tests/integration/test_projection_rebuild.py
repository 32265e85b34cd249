"""(d) A projection dropped and rebuilt from position 0 gives byte-identical rows."""

from __future__ import annotations

from assessment.projections import RosterProjection
from cases.projections import EnforcersProjection
from shared.messaging.consumer import rebuild
from tests.support.backbone import Backbone, count, table_dump
from tests.support.wait import eventually


async def test_a_rebuilt_projection_has_byte_identical_rows(backbone: Backbone) -> None:
    await backbone.enroll_and_certify(30)
    relay = backbone.start(backbone.relay())
    roster_projection, enforcers_projection = RosterProjection(), EnforcersProjection()
    roster = backbone.start(backbone.runner(roster_projection, backbone.assessment_pool))
    enforcers = backbone.start(backbone.runner(enforcers_projection, backbone.cases_pool))
    applied = "SELECT count(*) FROM consumer_applied WHERE projection = $1"
    await eventually(lambda: _reaches(backbone.assessment_pool, applied, "assessment-roster", 60))
    await eventually(lambda: _reaches(backbone.cases_pool, applied, "cases-enforcers", 60))

    before = {table: await table_dump(backbone.assessment_pool, table) for table in roster_projection.tables}
    before_cases = await table_dump(backbone.cases_pool, "enforcer_certificates")
    assert len(before["officer_history"]) == 60

    # Rebuild while the runners keep running, as an operator would.
    await rebuild(backbone.nc.jetstream(), backbone.assessment_pool, roster_projection)
    await rebuild(backbone.nc.jetstream(), backbone.cases_pool, enforcers_projection)
    assert await count(backbone.assessment_pool, "SELECT count(*) FROM roster_officers") == 0
    await eventually(lambda: _reaches(backbone.assessment_pool, applied, "assessment-roster", 60))
    await eventually(lambda: _reaches(backbone.cases_pool, applied, "cases-enforcers", 60))

    after = {table: await table_dump(backbone.assessment_pool, table) for table in roster_projection.tables}
    assert after == before
    assert await table_dump(backbone.cases_pool, "enforcer_certificates") == before_cases
    for job in (relay, roster, enforcers):
        await job.halt()


async def _reaches(pool, sql: str, projection: str, expected: int) -> bool:
    return bool(await pool.fetchval(sql, projection) == expected)
