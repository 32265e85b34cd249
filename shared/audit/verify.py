"""The offline verifier: the event store against the published leaves and the signed checkpoints.

1. Every checkpoint's signatures must pass with the auditor's keys (an unknown key id fails), and
   the checkpoints must grow: sizes never shrink, and one size never has two roots.
2. The published leaves must run 0, 1, 2, … with rising notification ids; every checkpoint's root
   must be the root of the published tree at its size, and each checkpoint must be consistent with
   the one before it (an RFC 9162 consistency proof between the two signed roots).
3. Every stored event is re-encoded and hashed, and walked beside the published leaves in
   notification order: the first event that was altered, is missing, was moved (reordered) or was
   inserted is named with its notification id, aggregate id and version. The Merkle root of the
   database's own events must equal every signed root, so a rewrite that also rebuilt a
   "consistent" tree inside the database still fails against the signatures it cannot make.

Events stored after the last published leaf are reported as pending (the notary has not reached
them yet), not as failures. A row numbered below the log's first id is never pending: the notary
never reads there, so it is extra wherever it stands. The table is read with no lower bound and, in
the same snapshot, counted (`TableCensus`): rows the walk in notification order could not meet (no
notification id, or one used twice) are findings too.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime

import asyncpg

from shared.audit.checkpoint import CheckpointError, SignedCheckpoint, open_checkpoint
from shared.audit.frontier import Frontier
from shared.audit.leaf import FIRST_NOTIFICATION_ID, StoredEventRow, leaf_hash
from shared.audit.merkle import MerkleTree, ProofError, verify_consistency
from shared.audit.note import KeyRing
from shared.audit.published import PublishedLog
from shared.audit.source import TableCensus, stored_events, table_census
from shared.audit.stream import PublishedLeaf

MAX_FINDINGS = 1000


@dataclass(frozen=True)
class Finding:
    kind: str  # altered | missing | reordered | extra | checkpoint | published-log
    message: str
    notification_id: int | None = None
    aggregate_id: str | None = None
    aggregate_version: int | None = None


@dataclass
class Report:
    log: str
    events: int = 0  # stored events read
    notarized: int = 0  # stored events matched to a published leaf
    pending: int = 0  # stored events after the last published leaf
    leaves: int = 0
    checkpoints: int = 0  # checkpoints whose signatures passed
    latest: SignedCheckpoint | None = None
    findings: list[Finding] = field(default_factory=list)
    finding_count: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.finding_count == 0

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0

    def first(self, *kinds: str) -> Finding | None:
        return next((f for f in self.findings if not kinds or f.kind in kinds), None)

    def add(self, finding: Finding) -> None:
        self.finding_count += 1
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(finding)


def _event_finding(kind: str, message: str, event: StoredEventRow | PublishedLeaf) -> Finding:
    if isinstance(event, StoredEventRow):
        return Finding(kind, message, event.notification_id, event.originator_id, event.originator_version)
    return Finding(kind, message, event.notification_id, event.aggregate_id, event.aggregate_version)


class _PublishedIndex:
    """Where the published log placed each event (built only when a mismatch needs it)."""

    def __init__(self, leaves: list[PublishedLeaf]) -> None:
        self._leaves = leaves
        self._by_event: dict[tuple[str, int], PublishedLeaf] | None = None

    def find(self, aggregate_id: str, version: int) -> PublishedLeaf | None:
        if self._by_event is None:
            self._by_event = {(leaf.aggregate_id, leaf.aggregate_version): leaf for leaf in self._leaves}
        return self._by_event.get((aggregate_id, version))


def check_checkpoints(published: PublishedLog, keys: KeyRing, origin: str, report: Report) -> list[SignedCheckpoint]:
    """The checkpoints whose signatures pass, in publication order; every other one is a finding."""
    valid: list[SignedCheckpoint] = []
    for position, note in enumerate(published.checkpoints, start=1):
        try:
            signed = open_checkpoint(note, keys, origin)
        except CheckpointError as exc:
            report.add(Finding("checkpoint", f"checkpoint {position} in publication order is rejected: {exc}"))
            continue
        if valid:
            before = valid[-1].checkpoint
            now = signed.checkpoint
            if now.size < before.size:
                report.add(Finding("checkpoint", f"checkpoint of size {now.size} follows one of size {before.size}"))
            elif now.size == before.size and now.root != before.root:
                report.add(Finding("checkpoint", f"two checkpoints of size {now.size} with different roots"))
        valid.append(signed)
    report.checkpoints = len(valid)
    return valid


def check_published_leaves(published: PublishedLog, report: Report) -> list[PublishedLeaf]:
    """The published leaves as a contiguous run from index 0 (cut at the first break, which is a finding)."""
    for problem in published.malformed:
        report.add(Finding("published-log", problem))
    leaves: list[PublishedLeaf] = []
    for leaf in published.leaves:
        if leaf.index != len(leaves):
            what = "twice" if leaf.index < len(leaves) else f"after leaf {len(leaves) - 1}"
            report.add(
                Finding("published-log", f"leaf {leaf.index} is published {what}; the published log stops there")
            )
            break
        if leaves and leaf.notification_id <= leaves[-1].notification_id:
            report.add(
                Finding(
                    "published-log", f"leaf {leaf.index} does not follow leaf {leaf.index - 1} in notification order"
                )
            )
            break
        leaves.append(leaf)
    report.leaves = len(leaves)
    return leaves


def check_published_tree(tree: MerkleTree, checkpoints: list[SignedCheckpoint], report: Report) -> None:
    """Each checkpoint against the published leaves, and each against the one before it."""
    previous: SignedCheckpoint | None = None
    for signed in sorted(checkpoints, key=lambda s: s.checkpoint.size):
        checkpoint = signed.checkpoint
        if checkpoint.size > tree.size:
            report.add(
                Finding(
                    "published-log",
                    f"the checkpoint of size {checkpoint.size} covers leaves the published log no longer holds"
                    f" (it holds {tree.size})",
                )
            )
            continue
        if tree.root(checkpoint.size) != checkpoint.root:
            report.add(
                Finding("checkpoint", f"the checkpoint of size {checkpoint.size} is not the published tree's root")
            )
            continue
        if previous is not None and previous.checkpoint.size != checkpoint.size:
            old = previous.checkpoint
            try:
                proof = tree.consistency_proof(old.size, checkpoint.size)
                verify_consistency(old.size, checkpoint.size, old.root, checkpoint.root, proof)
            except ProofError as exc:
                report.add(
                    Finding(
                        "checkpoint", f"checkpoints of size {old.size} and {checkpoint.size} are inconsistent: {exc}"
                    )
                )
        previous = signed


class _StoredWalk:
    """Walks the stored events beside the published leaves and the signed roots."""

    def __init__(self, leaves: list[PublishedLeaf], checkpoints: list[SignedCheckpoint], report: Report) -> None:
        self._leaves = leaves
        self._index = _PublishedIndex(leaves)
        self._report = report
        self._next = 0  # the next published leaf to meet
        self._frontier = Frontier()
        self._roots = sorted({(s.checkpoint.size, s.checkpoint.root) for s in checkpoints})
        self._root_at = 0

    def add(self, row: StoredEventRow) -> None:
        hashed = leaf_hash(row)
        self._frontier.append(hashed)
        self._check_roots()
        while self._next < len(self._leaves) and self._leaves[self._next].notification_id < row.notification_id:
            self._missing(self._leaves[self._next])
            self._next += 1
        if self._next == len(self._leaves) and row.notification_id >= FIRST_NOTIFICATION_ID:
            self._report.pending += 1
            return
        if self._next == len(self._leaves):
            self._inserted(row)
            return
        leaf = self._leaves[self._next]
        if leaf.notification_id == row.notification_id:
            self._next += 1
            if leaf.leaf_hash == hashed:
                self._report.notarized += 1
            else:
                self._changed(row, leaf)
        else:
            self._inserted(row)

    def finish(self) -> None:
        for leaf in self._leaves[self._next :]:
            self._missing(leaf)
        stored = self._frontier.size
        for size, _ in self._roots[self._root_at :]:
            self._report.add(
                Finding("checkpoint", f"the checkpoint of size {size} covers more events than are stored ({stored})")
            )

    def _check_roots(self) -> None:
        while self._root_at < len(self._roots) and self._roots[self._root_at][0] == self._frontier.size:
            size, root = self._roots[self._root_at]
            if self._frontier.root() != root:
                self._report.add(
                    Finding("checkpoint", f"the stored events' root at size {size} differs from the signed checkpoint")
                )
            self._root_at += 1

    def _changed(self, row: StoredEventRow, leaf: PublishedLeaf) -> None:
        same_event = (row.originator_id, row.originator_version) == (leaf.aggregate_id, leaf.aggregate_version)
        elsewhere = None if same_event else self._index.find(row.originator_id, row.originator_version)
        if elsewhere is not None:
            self._report.add(
                _event_finding(
                    "reordered",
                    f"{row.describe()} is stored where the log has {leaf.describe()};"
                    f" the log has this event at notification {elsewhere.notification_id}",
                    row,
                )
            )
        elif same_event:
            self._report.add(_event_finding("altered", f"{row.describe()} differs from its leaf {leaf.index}", row))
        else:
            message = f"{row.describe()} is stored where the log has {leaf.describe()} (leaf {leaf.index})"
            self._report.add(_event_finding("altered", message, row))

    def _inserted(self, row: StoredEventRow) -> None:
        elsewhere = self._index.find(row.originator_id, row.originator_version)
        if elsewhere is not None:
            message = (
                f"{row.describe()} is stored out of place; the log has it at notification {elsewhere.notification_id}"
            )
            self._report.add(_event_finding("reordered", message, row))
        elif row.notification_id < FIRST_NOTIFICATION_ID:
            message = f"{row.describe()} is numbered below the log, where the notary never reads; it is not in the log"
            self._report.add(_event_finding("extra", message, row))
        else:
            self._report.add(_event_finding("extra", f"{row.describe()} is not in the published log", row))

    def _missing(self, leaf: PublishedLeaf) -> None:
        self._report.add(_event_finding("missing", f"{leaf.describe()} (leaf {leaf.index}) is no longer stored", leaf))


def check_census(census: TableCensus, walked: int, first: int | None, report: Report) -> None:
    """The rows the table holds against the rows the walk met (both read in one snapshot)."""
    if census.unnumbered:
        report.add(
            Finding("extra", f"{census.unnumbered} stored row(s) have no notification id: the notary never reads them")
        )
    unmet = census.rows - census.unnumbered - walked
    if unmet:
        report.add(
            Finding(
                "extra",
                f"the table holds {census.rows - census.unnumbered} numbered rows but {walked} were read in"
                " notification order (a notification id used twice?)",
            )
        )
    if census.first != first:
        report.add(Finding("extra", f"the lowest notification id stored is {census.first}, the walk began at {first}"))


async def verify_log(
    log: str,
    origin: str,
    stored: AsyncIterator[list[StoredEventRow]],
    published: PublishedLog,
    keys: KeyRing,
    *,
    census: TableCensus | None = None,
) -> Report:
    """The verdict on `stored` (every stored event, in notification order); with `census`, the
    count of the table it was read from in the same snapshot, which the walk must account for."""
    started = time.perf_counter()
    report = Report(log=log)
    checkpoints = check_checkpoints(published, keys, origin, report)
    if checkpoints:
        report.latest = max(checkpoints, key=lambda s: (s.checkpoint.size, s.checkpoint.issued_at))
    leaves = check_published_leaves(published, report)
    check_published_tree(MerkleTree([leaf.leaf_hash for leaf in leaves]), checkpoints, report)
    walk = _StoredWalk(leaves, checkpoints, report)
    first: int | None = None
    async for batch in stored:
        if first is None and batch:
            first = batch[0].notification_id
        for row in batch:
            walk.add(row)
        report.events += len(batch)
    walk.finish()
    if census is not None:
        check_census(census, report.events, first, report)
    if leaves and not checkpoints:
        report.add(Finding("checkpoint", "no signed checkpoint covers the published leaves"))
    if report.events and not leaves:
        report.add(Finding("published-log", f"none of the {report.events} stored events is published (no notary?)"))
    report.seconds = time.perf_counter() - started
    return report


async def verify_table(
    conn: asyncpg.Connection, table: str, *, log: str, origin: str, published: PublishedLog, keys: KeyRing
) -> Report:
    """`verify_log` over an event-store table: every row, from the lowest notification id whatever
    it is, and the table's census, read in one snapshot so that the two describe the same rows."""
    async with conn.transaction(isolation="repeatable_read", readonly=True):
        census = await table_census(conn, table)
        return await verify_log(log, origin, stored_events(conn, table), published, keys, census=census)


def _time(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def render(report: Report) -> str:
    lines = []
    if report.ok:
        lines.append(f"{report.log}: OK")
    else:
        lines.append(f"{report.log}: FAILED ({report.finding_count} finding(s))")
    lines.append(
        f"  events {report.events} (notarized {report.notarized}, pending {report.pending} not yet published),"
        f" leaves {report.leaves}, signed checkpoints {report.checkpoints}"
    )
    if report.latest is not None:
        latest, keys = report.latest.checkpoint, ", ".join(report.latest.key_ids)
        lines.append(f"  latest checkpoint: size {latest.size} at {_time(latest.issued_at)}, keys {keys}")
    lines.append(f"  verified in {report.seconds:.2f} s ({report.rate:,.0f} events/s)")
    first_event = report.first("altered", "missing", "reordered", "extra")
    if first_event is not None:
        lines.append(f"  first bad event: {first_event.kind}: {first_event.message}")
    shown = [f for f in report.findings if f is not first_event][:20]
    lines.extend(f"  {finding.kind}: {finding.message}" for finding in shown)
    if report.finding_count > len(shown) + (first_event is not None):
        lines.append(f"  … and {report.finding_count - len(shown) - (first_event is not None)} more")
    return "\n".join(lines)
