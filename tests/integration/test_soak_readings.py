"""The soak's readings beside the load come from the statistics views of the PostgreSQL it runs on:
a checkpoint, the WAL written and a table's autovacuum counters are read, and a process's CPU."""

from __future__ import annotations

import os

import asyncpg
import pytest

from tests.benchmarks.background import activity_between, take_reading


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="CPU time is read from Linux's /proc")
async def test_a_checkpoint_the_wal_written_and_a_new_table_show_between_two_readings(database_url: str) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        before = await take_reading(conn, 0.0, {"this": os.getpid()})
        await conn.execute("CREATE TABLE soaked (n int, filler text)")
        await conn.execute("INSERT INTO soaked SELECT n, repeat('x', 200) FROM generate_series(1, 20000) n")
        try:
            await conn.execute("CHECKPOINT")
        except asyncpg.InsufficientPrivilegeError:
            pytest.skip("the named server does not let this user request a checkpoint")
        sum(range(3_000_000))  # CPU time this process spends between the readings
        after = await take_reading(conn, 5.0, {"this": os.getpid()})
    finally:
        await conn.close()
    done = activity_between(before, after)
    assert done.checkpoints >= 1
    assert done.wal_mb >= 4  # 20,000 rows of over 200 bytes
    assert "public.soaked" in after.tables
    assert "public.soaked" not in before.tables
    assert done.pieces["this"] > 0
    assert done.machine is not None
    assert done.machine.total > 0
