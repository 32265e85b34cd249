"""The AUDIT stream: where each service's notary publishes its leaves and signed checkpoints.

It lives in JetStream, not in the database, so whoever operates PostgreSQL cannot rewrite it: the
stream refuses message deletion and purging (`deny_delete`, `deny_purge`), refuses roll-ups, and
discards new messages rather than old ones should a limit ever be set. Checkpoints are signed with
a key the database never holds, so even a rewritten stream cannot carry a forged one.

Subjects: `audit.<service>.leaf` (one message per leaf) and `audit.<service>.checkpoint`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import nats.errors
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

log = logging.getLogger(__name__)

AUDIT_STREAM = "AUDIT"
AUDIT_SUBJECTS = ("audit.>",)
# A notary restarted within this window re-publishes into JetStream's duplicate filter; beyond it, the
# notary's own reconciliation with the stream (see `Notary.resume`) still prevents a double.
DUPLICATE_WINDOW_SECONDS = 600.0


class AuditStreamError(RuntimeError):
    """The AUDIT stream exists without the protections the audit trail relies on."""


def leaf_subject(service: str) -> str:
    return f"audit.{service}.leaf"


def checkpoint_subject(service: str) -> str:
    return f"audit.{service}.checkpoint"


def audit_stream_config(replicas: int = 1, duplicate_window: float = DUPLICATE_WINDOW_SECONDS) -> StreamConfig:
    return StreamConfig(
        name=AUDIT_STREAM,
        description="Tamper evidence: leaves and signed checkpoints of every service's event log",
        subjects=list(AUDIT_SUBJECTS),
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        discard=DiscardPolicy.NEW,
        max_msgs_per_subject=-1,
        num_replicas=replicas,
        duplicate_window=duplicate_window,
        deny_delete=True,
        deny_purge=True,
        allow_rollup_hdrs=False,
    )


def _differences(config: StreamConfig, wanted: StreamConfig) -> list[str]:
    """The settings of the stream that are not as this version wants them (none: it is protected)."""
    differ = {
        "deny_delete": not config.deny_delete,
        "deny_purge": not config.deny_purge,
        "allow_rollup_hdrs": bool(config.allow_rollup_hdrs),
        "subjects": sorted(config.subjects or []) != sorted(wanted.subjects or []),
        "duplicate_window": config.duplicate_window != wanted.duplicate_window,
        "max_age": config.max_age not in (None, 0, 0.0),
    }
    return [name for name, different in differ.items() if different]


def _protected(config: StreamConfig, wanted: StreamConfig) -> bool:
    return not _differences(config, wanted)


async def ensure_audit_stream(
    js: JetStreamContext, *, replicas: int = 1, duplicate_window: float = DUPLICATE_WINDOW_SECONDS
) -> None:
    wanted = audit_stream_config(replicas, duplicate_window)
    try:
        info = await js.stream_info(AUDIT_STREAM)
    except NotFoundError:
        await js.add_stream(wanted)
        log.info("stream created", extra={"stream": AUDIT_STREAM})
        return
    differences = _differences(info.config, wanted)
    if not differences:
        return
    # Turning the protections on is allowed; if the server refuses, publishing would be unsafe.
    try:
        info = await js.update_stream(wanted)
    except nats.errors.TimeoutError:
        # NATS drops a request its user may not make, so a refusal looks like silence. The notaries'
        # users of deploy/k8s/nats-values.yaml may create the stream but not change it.
        log.error(
            "the AUDIT stream's settings are not this version's and the update went unanswered: if this"
            " NATS user may not update the stream, an operator applies them with an operator's user",
            extra={"stream": AUDIT_STREAM, "settings": differences},
        )
        raise
    if not _protected(info.config, wanted):
        raise AuditStreamError(f"the {AUDIT_STREAM} stream allows deletion, purging or expiry")
    log.info("stream updated", extra={"stream": AUDIT_STREAM})


@dataclass(frozen=True)
class PublishedLeaf:
    """One leaf as the notary published it: where it sits in the tree and which event it stands for."""

    index: int
    notification_id: int
    aggregate_id: str
    aggregate_version: int
    leaf_hash: bytes

    def msg_id(self, service: str) -> str:
        return f"audit:{service}:leaf:{self.index}"

    def to_bytes(self) -> bytes:
        return json.dumps(
            {
                "v": 1,
                "index": self.index,
                "notification_id": self.notification_id,
                "aggregate_id": self.aggregate_id,
                "aggregate_version": self.aggregate_version,
                "leaf_hash": self.leaf_hash.hex(),
            },
            separators=(",", ":"),
        ).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> PublishedLeaf:
        try:
            raw: Any = json.loads(data)
            leaf = cls(
                index=_integer(raw["index"]),
                notification_id=_integer(raw["notification_id"]),
                aggregate_id=str(raw["aggregate_id"]),
                aggregate_version=_integer(raw["aggregate_version"]),
                leaf_hash=bytes.fromhex(raw["leaf_hash"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"not a leaf message: {exc}") from exc
        if raw.get("v") != 1 or len(leaf.leaf_hash) != 32 or leaf.index < 0:
            raise ValueError("not a version 1 leaf message")
        return leaf

    def describe(self) -> str:
        return f"notification {self.notification_id} (aggregate {self.aggregate_id}, version {self.aggregate_version})"


def _integer(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"not an integer: {value!r}")
    return value


def checkpoint_msg_id(service: str, size: int) -> str:
    return f"audit:{service}:checkpoint:{size}"
