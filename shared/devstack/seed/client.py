"""The seed's way into the system: the gateway's public HTTP API, as any client uses it.

Each acting role gets a development token with a fixed subject, so the actor recorded on every
event is stable across runs, and every POST carries an `Idempotency-Key` derived from the seed's own
identifiers: a second run is answered from the first run's records (`Idempotent-Replayed: true`)
and changes nothing. The tally counts, per kind of record, what this run created and what it found.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

import httpx

from shared.devstack.keys import DevKeys, mint_client_token

KEY_PREFIX = "zeren-seed/v1/"
# Answers worth sending again unchanged: the command wrote nothing. A concurrent modification is a
# race with a scheduler job on the same aggregate (every deadline of 2018 is long past today); a
# projection that has not caught up answers "retry in a moment"; a gateway or service restarting
# answers 503, and a 504 is retried under the same Idempotency-Key, which makes it safe.
RETRIED_CODES = frozenset({"concurrent_modification", "facts_not_caught_up"})
RETRIED_STATUSES = frozenset({502, 503, 504})
T = TypeVar("T")


@dataclass(frozen=True)
class Actor:
    """Who a request is made as: a role, a fixed subject, and the unit for unit-scoped roles."""

    role: str
    subject: str
    unit: str | None = None
    name: str | None = None


class SeedRefusedError(Exception):
    """A route refused the seed's request: the scenario breaks a rule (or the system changed)."""

    def __init__(self, method: str, path: str, status: int, problem: dict[str, Any]) -> None:
        self.status = status
        self.problem = problem
        super().__init__(f"{method} {path} answered {status}: {problem}")


@dataclass
class Tally:
    created: Counter[str] = field(default_factory=Counter)
    existing: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, kind: str, *, replayed: bool) -> None:
        with self._lock:
            (self.existing if replayed else self.created)[kind] += 1

    def count_request(self) -> None:
        with self._lock:
            self.requests += 1

    @property
    def kinds(self) -> list[str]:
        return sorted(set(self.created) | set(self.existing))


class SeedClient:
    def __init__(self, gateway_url: str, keys: DevKeys, *, timeout: float = 30.0, retry_for: float = 60.0) -> None:
        self._http = httpx.Client(base_url=gateway_url.rstrip("/"), timeout=timeout)
        self._keys = keys
        self._tokens: dict[Actor, str] = {}
        self._retry_for = retry_for
        self.tally = Tally()

    def close(self) -> None:
        self._http.close()

    def _headers(self, actor: Actor) -> dict[str, str]:
        token = self._tokens.get(actor)
        if token is None:
            token = mint_client_token(
                self._keys,
                subject=actor.subject,
                role=actor.role,
                unit=actor.unit,
                name=actor.name,
                ttl=timedelta(hours=12),
            )
            self._tokens[actor] = token
        return {"Authorization": f"Bearer {token}"}

    def command(self, actor: Actor, path: str, body: dict[str, Any], *, kind: str, key: str) -> dict[str, Any]:
        """POST a command once per `key`; answers the `{id, version}` the service gave (first time or replayed)."""
        headers = {**self._headers(actor), "Idempotency-Key": KEY_PREFIX + key}
        response = self._send(lambda: self._http.post(path, json=body, headers=headers))
        if response.status_code >= 400:
            raise SeedRefusedError("POST", path, response.status_code, _problem(response))
        self.tally.record(kind, replayed=response.headers.get("idempotent-replayed") == "true")
        result: dict[str, Any] = response.json()
        return result

    def get(self, actor: Actor, path: str, params: dict[str, Any] | None = None) -> Any:
        response = self._send(lambda: self._http.get(path, params=params, headers=self._headers(actor)))
        if response.status_code >= 400:
            raise SeedRefusedError("GET", path, response.status_code, _problem(response))
        return response.json()

    def _send(self, send: Callable[[], httpx.Response]) -> httpx.Response:
        deadline = time.monotonic() + self._retry_for
        delay = 0.05
        while True:
            self.tally.count_request()
            try:
                response = send()
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
            else:
                if not _retried(response) or time.monotonic() > deadline:
                    return response
            time.sleep(delay)
            delay = min(1.0, delay * 2)


def _retried(response: httpx.Response) -> bool:
    if response.status_code in RETRIED_STATUSES:
        return True
    return response.status_code == 409 and _problem(response).get("code") in RETRIED_CODES


def _problem(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = None
    return body if isinstance(body, dict) else {"detail": response.text[:500]}


def eventually(probe: Callable[[], T | None], *, what: str, timeout: float = 60.0) -> T:
    """Poll a read model until `probe` answers something truthy (projections lag their events)."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f}s for {what}")
        time.sleep(0.25)


@contextmanager
def seed_client(gateway_url: str, keys: DevKeys) -> Iterator[SeedClient]:
    client = SeedClient(gateway_url, keys)
    try:
        yield client
    finally:
        client.close()
