"""The notary against real PostgreSQL and NATS: it publishes every event and signed checkpoints into
a stream nobody can delete from; killed between publication and bookkeeping it resumes with neither
a gap nor a double; keys rotate with co-signed checkpoints (A4)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, cast

import nats.js.errors
import pytest
from nats.js import JetStreamContext

from shared.audit import notary as notary_module
from shared.audit.archive import export_log, import_log
from shared.audit.note import KeyRing, SignerKey
from shared.audit.published import read_published_log, read_published_messages, read_subject
from shared.audit.stream import AUDIT_STREAM, PublishedLeaf, audit_stream_config, checkpoint_subject, leaf_subject
from shared.devstack.process import free_port
from tests.support.audit import (
    StepClock,
    make_notary,
    notarize_everything,
    notarized_history,
    prepare_audit,
    published_log,
    stored_count,
    verify_personnel,
)
from tests.support.backbone import Backbone
from tests.support.wait import eventually

KEY_A = SignerKey.generate("zeren-notary-2026a")
KEY_B = SignerKey.generate("zeren-notary-2026b")


async def leaf_messages(backbone: Backbone) -> list[PublishedLeaf]:
    return [
        PublishedLeaf.from_bytes(m.data) for m in await read_subject(backbone.nc.jetstream(), leaf_subject("personnel"))
    ]


async def test_the_running_notary_publishes_every_event_and_the_log_verifies(backbone: Backbone) -> None:
    await prepare_audit(backbone)
    await backbone.enroll_and_certify(15)
    notary = make_notary(backbone, [KEY_A], checkpoint_every=8, checkpoint_seconds=0.3)
    running = backbone.start(notary)
    try:
        total = await stored_count(backbone)
        await eventually(lambda: _at(notary, total))
        await backbone.enroll_and_certify(5, prefix="LATE")  # woken by NOTIFY, not by polling
        total = await stored_count(backbone)
        await eventually(lambda: _checkpointed(notary, total))
    finally:
        await running.halt()

    leaves = await leaf_messages(backbone)
    assert [leaf.index for leaf in leaves] == list(range(total))
    report = await verify_personnel(backbone, KeyRing([KEY_A.verifier]))
    assert report.ok, report.findings[:3]
    assert (report.events, report.notarized, report.leaves) == (total, total, total)
    assert report.checkpoints >= 2  # after the first batch, and after the late events
    assert report.latest is not None
    assert report.latest.checkpoint.size == total


async def _at(notary: notary_module.Notary, size: int) -> bool:
    return notary.state.tree_size == size


async def _checkpointed(notary: notary_module.Notary, size: int) -> bool:
    return notary.state.tree_size == size and notary.state.checkpoint_size == size


async def test_the_audit_stream_refuses_deleting_and_purging(backbone: Backbone) -> None:
    await notarized_history(backbone, KEY_A, certified=2)
    js = backbone.nc.jetstream()
    info = await js.stream_info(AUDIT_STREAM)
    assert info.config.deny_delete
    assert info.config.deny_purge
    assert not info.config.allow_rollup_hdrs
    assert info.config.duplicate_window == audit_stream_config().duplicate_window
    with pytest.raises(nats.js.errors.APIError):
        await js.delete_msg(AUDIT_STREAM, 1)
    with pytest.raises(nats.js.errors.APIError):
        await js.purge_stream(AUDIT_STREAM)
    unprotected = audit_stream_config()
    unprotected.deny_delete = unprotected.deny_purge = False
    with pytest.raises(nats.js.errors.APIError):
        await js.update_stream(unprotected)  # once set, the server refuses to lift the protections
    assert (await js.stream_info(AUDIT_STREAM)).state.messages == info.state.messages


async def test_an_unprotected_audit_stream_is_protected_before_anything_is_published(backbone: Backbone) -> None:
    js = backbone.nc.jetstream()
    await js.add_stream(name=AUDIT_STREAM, subjects=["audit.>"])
    await make_notary(backbone, [KEY_A]).prepare()
    config = (await js.stream_info(AUDIT_STREAM)).config
    assert config.deny_delete
    assert config.deny_purge


async def test_a_notary_that_lost_its_bookkeeping_adopts_what_it_published_even_past_the_duplicate_window(
    backbone: Backbone, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JetStream's duplicate filter is not what prevents the double: the window here is half a second."""
    await prepare_audit(backbone)
    await backbone.enroll_and_certify(10)
    total = await stored_count(backbone)
    js = backbone.nc.jetstream()
    await js.add_stream(audit_stream_config(duplicate_window=0.5))

    async def crash(*_: object) -> None:
        raise RuntimeError("killed between publication and bookkeeping")

    crashing = make_notary(backbone, [KEY_A], batch_size=7)
    async with backbone.personnel_pool.acquire() as conn:
        await crashing.resume(conn)
        with monkeypatch.context() as patched:
            patched.setattr(notary_module, "save_state", crash)
            with pytest.raises(RuntimeError, match="killed"):
                await crashing.pump(conn)
    assert len(await leaf_messages(backbone)) == 7  # published, not recorded
    await asyncio.sleep(0.7)  # past the duplicate window

    clock = StepClock()
    resumed = make_notary(backbone, [KEY_A], batch_size=7, now=clock)
    async with backbone.personnel_pool.acquire() as conn:
        await resumed.resume(conn)
        assert resumed.adopted == 7
        while await resumed.pump(conn):
            pass
        clock.advance()
        await resumed.pump(conn)
    leaves = await leaf_messages(backbone)
    assert [leaf.index for leaf in leaves] == list(range(total))  # no gap, no double
    assert (await verify_personnel(backbone, KeyRing([KEY_A.verifier]))).ok


class NotaryMovingBetweenReads:
    """A JetStream context through which the notary publishes more leaves and a checkpoint covering
    them after the reader has read one subject and before it reads the other: the log is read while
    it is being written. (A subject's read starts by asking for its last message.)"""

    def __init__(self, js: JetStreamContext, notary_moves: Callable[[], Awaitable[None]]) -> None:
        self._js = js
        self._notary_moves = notary_moves
        self.subjects_read: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._js, name)

    async def get_last_msg(self, stream_name: str, subject: str) -> Any:
        if len(self.subjects_read) == 1:
            await self._notary_moves()
        self.subjects_read.append(subject)
        return await self._js.get_last_msg(stream_name, subject)


async def test_a_log_read_while_the_notary_publishes_verifies(backbone: Backbone) -> None:
    """The auditor reads leaves and checkpoints one after the other while the notary goes on: a
    checkpoint published in between must not make the log look truncated."""
    await prepare_audit(backbone)
    await backbone.enroll_and_certify(6)
    clock = StepClock()
    notary = make_notary(backbone, [KEY_A], now=clock)
    await notarize_everything(backbone, notary, clock)
    before = await stored_count(backbone)

    async def notary_moves() -> None:
        await backbone.enroll_and_certify(3, prefix="BETWEEN")
        async with backbone.personnel_pool.acquire() as conn:
            while await notary.pump(conn):
                pass
            clock.advance()
            await notary.pump(conn)
        assert notary.state.checkpoint_size > before

    reading = NotaryMovingBetweenReads(backbone.nc.jetstream(), notary_moves)
    published = await read_published_log(cast(JetStreamContext, reading), "personnel")
    assert len(reading.subjects_read) == 2  # the notary did move between the two reads

    report = await verify_personnel(backbone, KeyRing([KEY_A.verifier]), published)
    assert report.ok, report.findings[:3]
    assert report.latest is not None
    assert report.latest.checkpoint.size <= report.leaves


def verifier_key_file(folder: Path, signer: SignerKey) -> Path:
    key = folder / f"{signer.key_id}.vkey"
    key.write_text(signer.verifier.encode())
    return key


def cli_env(database_url: str, nats_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "NATS_URL": nats_url}


def run_notary(
    database_url: str, nats_url: str, key_files: list[Path], *, fault: str | None
) -> subprocess.Popen[bytes]:
    env = {
        **cli_env(database_url, nats_url),
        "HTTP_HOST": "127.0.0.1",
        "WORKER_HTTP_PORT": str(free_port()),
        "AUDIT_SIGNING_KEY_FILES": ",".join(str(path) for path in key_files),
        "AUDIT_CHECKPOINT_SECONDS": "0.2",
    }
    if fault:
        env[f"ZEREN_FAULT_{fault}"] = "1"
    return subprocess.Popen([sys.executable, "-m", "personnel", "notarize"], env=env)


@pytest.mark.parametrize("fault", ["NOTARY_AFTER_PUBLISH", "NOTARY_AFTER_CHECKPOINT"])
async def test_a_notary_process_killed_before_its_bookkeeping_resumes_without_gap_or_double(
    backbone: Backbone, database_url: str, nats_url: str, tmp_path: Path, fault: str
) -> None:
    await backbone.enroll_and_certify(20)
    total = await stored_count(backbone)
    key_file = tmp_path / "notary.key"
    key_file.write_text(KEY_A.encode())

    crashing = run_notary(database_url, nats_url, [key_file], fault=fault)
    assert crashing.wait(timeout=60) == 137
    assert len(await leaf_messages(backbone)) == total  # one batch of 500 holds them all
    recorded = await backbone.personnel_pool.fetchval("SELECT count(*) FROM audit_notary_state")
    assert recorded == 0  # nothing was recorded

    restarted = run_notary(database_url, nats_url, [key_file], fault=None)
    try:
        await eventually(lambda: _recorded(backbone, total), timeout=60)
    finally:
        restarted.terminate()
        assert restarted.wait(timeout=30) == 0

    leaves = await leaf_messages(backbone)
    assert [leaf.index for leaf in leaves] == list(range(total))
    checkpoints = await read_subject(backbone.nc.jetstream(), checkpoint_subject("personnel"))
    sizes = [int(m.data.decode().split("\n")[1]) for m in checkpoints]
    assert sizes == sorted(set(sizes))  # no checkpoint twice
    report = await verify_personnel(backbone, KeyRing([KEY_A.verifier]))
    assert report.ok, report.findings[:3]


async def _recorded(backbone: Backbone, size: int) -> bool:
    row = await backbone.personnel_pool.fetchrow("SELECT tree_size, checkpoint_size FROM audit_notary_state")
    return row is not None and row["tree_size"] == size and row["checkpoint_size"] == size


async def test_keys_rotate_with_a_co_signed_overlap_and_the_whole_history_verifies(backbone: Backbone) -> None:
    """A4: checkpoints by A, then by A and B, then by B; consistency holds across the rotation."""
    await prepare_audit(backbone)
    clock = StepClock()
    for round_, signers in enumerate([[KEY_A], [KEY_A, KEY_B], [KEY_B]]):
        await backbone.enroll_and_certify(6, prefix=f"R{round_}")
        await notarize_everything(backbone, make_notary(backbone, signers, now=clock), clock)

    published = await published_log(backbone)
    assert len(published.checkpoints) == 3
    both = KeyRing([KEY_A.verifier, KEY_B.verifier])
    report = await verify_personnel(backbone, both, published)
    assert report.ok, report.findings[:3]
    assert report.latest is not None
    assert report.latest.key_ids == (KEY_B.key_id,)

    only_new = await verify_personnel(backbone, KeyRing([KEY_B.verifier]), published)
    assert not only_new.ok
    assert only_new.checkpoints == 1  # the first two carry A's signature: rejected, not skipped
    assert all("unknown key id" in f.message for f in only_new.findings if f.kind == "checkpoint")
    stranger = SignerKey.generate("zeren-notary-2026b")  # B's name, another key
    assert not (await verify_personnel(backbone, KeyRing([KEY_A.verifier, stranger.verifier]), published)).ok


async def run_cli(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run, command, check=False, env=env, capture_output=True, text=True, timeout=120
    )


async def test_an_export_verifies_without_nats_and_the_cli_exits_by_the_verdict(
    backbone: Backbone, database_url: str, nats_url: str, tmp_path: Path
) -> None:
    await notarized_history(backbone, KEY_A, certified=8)
    js = backbone.nc.jetstream()
    folder = tmp_path / "export"
    export_log(
        "personnel",
        *await read_published_messages(js, "personnel"),
        folder,
    )
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["leaves"] == await stored_count(backbone)
    assert (await verify_personnel(backbone, KeyRing([KEY_A.verifier]), import_log("personnel", folder))).ok

    key = verifier_key_file(tmp_path, KEY_A)
    env = cli_env(database_url, nats_url)
    command = [sys.executable, "-m", "shared.cli", "audit", "verify", "personnel", "--key", str(key)]
    ok = await run_cli(command, env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "personnel: OK" in ok.stdout
    offline = await run_cli([*command, "--from", str(folder)], env)
    assert offline.returncode == 0, offline.stdout + offline.stderr

    await backbone.personnel_pool.execute(
        "UPDATE personnel_events SET state = set_byte(state, 3, get_byte(state, 3) # 1) WHERE notification_id = 5"
    )
    failed = await run_cli(command, env)
    assert failed.returncode == 1
    assert "first bad event: altered: notification 5 " in failed.stdout


async def test_one_event_is_proven_to_someone_with_the_verifier_key_only(
    backbone: Backbone, database_url: str, nats_url: str, tmp_path: Path
) -> None:
    await notarized_history(backbone, KEY_A, certified=6)
    stored = await backbone.personnel_pool.fetchrow(
        "SELECT originator_id::text AS id, originator_version AS version"
        " FROM personnel_events WHERE notification_id = 7"
    )
    key = verifier_key_file(tmp_path, KEY_A)
    env = cli_env(database_url, nats_url)
    audit = [sys.executable, "-m", "shared.cli", "audit"]

    by_position, by_aggregate = tmp_path / "7.json", tmp_path / "aggregate.json"
    for event, out in (("7", by_position), (f"{stored['id']}:{stored['version']}", by_aggregate)):
        made = await run_cli([*audit, "prove", "personnel", event, "--out", str(out), "--key", str(key)], env)
        assert made.returncode == 0, made.stdout + made.stderr
    assert by_position.read_text() == by_aggregate.read_text()

    # Offline: no database, no NATS, the proof file and the key.
    offline = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "NATS_URL")}
    checked = await run_cli([*audit, "check-proof", str(by_position), "--key", str(key)], offline)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"PROVEN: notification 7 (aggregate {stored['id']}, version {stored['version']})" in checked.stdout
    assert "is leaf 6 of zeren/personnel" in checked.stdout

    proof = json.loads(by_position.read_text())
    proof["index"] = 5
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(proof))
    refused = await run_cli([*audit, "check-proof", str(forged), "--key", str(key)], offline)
    assert refused.returncode == 1
    assert "NOT PROVEN" in refused.stdout

    # A row changed in the store gets no proof: what was published no longer matches it.
    await backbone.personnel_pool.execute(
        "UPDATE personnel_events SET state = set_byte(state, 3, get_byte(state, 3) # 1) WHERE notification_id = 7"
    )
    altered = await run_cli([*audit, "prove", "personnel", "7", "--key", str(key)], env)
    assert altered.returncode == 1
    assert "the store was altered" in altered.stderr
    unknown = await run_cli([*audit, "prove", "personnel", "9999", "--key", str(key)], env)
    assert unknown.returncode == 2
    assert "no stored event 9999" in unknown.stderr
