"""Clients enrolling officers through the gateway while something breaks underneath: each request
keyed, and retried with its key after an answer that leaves the outcome open, as a client that
cannot tell whether its command was recorded would. The client history of the fault tests."""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

import httpx

NO_ANSWER = 0  # the connection to the gateway itself failed: outcome unknown


class Enrolments:
    def __init__(self, client: httpx.Client, run: str, *, retried: frozenset[int], name_prefix: str) -> None:
        self.client = client
        self.run = run
        self.retried = retried
        self.name_prefix = name_prefix
        self.statuses: Counter[int] = Counter()
        self.slowest = 0.0
        self.settled: dict[str, str] = {}  # key -> officer id
        self.pending: list[tuple[str, str]] = []  # (key, name) not settled when the load ended
        self.open_outcomes = 0  # keys that saw an answer other than 201 before settling
        self.throttled = 0  # 429s from the gateway's per-caller rate limit, waited out and retried
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    def stop(self) -> None:
        """End the load early: each worker leaves after its current request."""
        self._stopped.set()

    def _running(self, until: float) -> bool:
        return time.monotonic() < until and not self._stopped.is_set()

    def name_for(self, key: str) -> str:
        return f"{self.name_prefix}{key.removeprefix('enrol-')}"

    def attempt(self, key: str, name: str) -> bool:
        """One request with this key (after any waits the rate limit asks for); True once settled."""
        try:
            while (response := self._post(key, name)).status_code == 429:
                with self._lock:
                    self.throttled += 1
                time.sleep(float(response.headers.get("retry-after", "1")))
        except httpx.TransportError:
            response = None
        with self._lock:
            self.statuses[response.status_code if response is not None else NO_ANSWER] += 1
        if response is not None and response.status_code == 201:
            with self._lock:
                self.settled[key] = response.json()["id"]
            return True
        assert response is None or response.status_code in self.retried, response.text
        return False

    def _post(self, key: str, name: str) -> httpx.Response:
        started = time.monotonic()
        try:
            return self.client.post(
                "/api/personnel/officers",
                json={"name": name, "unit_id": "STN03", "staff_kind": "permanent"},
                headers={"Idempotency-Key": key},
            )
        finally:
            with self._lock:
                self.slowest = max(self.slowest, time.monotonic() - started)

    def keep_enrolling(self, worker: int, until: float) -> None:
        n = 0
        while self._running(until):
            key = f"enrol-{self.run}-{worker}-{n}"
            name = self.name_for(key)
            first = True
            while self._running(until) and not self.attempt(key, name):
                if first:
                    with self._lock:
                        self.open_outcomes += 1
                    first = False
                time.sleep(0.05)
            if key not in self.settled:
                with self._lock:
                    self.pending.append((key, name))
            n += 1

    def settle_pending(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for key, name in self.pending:
            while not self.attempt(key, name):
                assert time.monotonic() < deadline, f"{key} not settled {timeout} s after the fault: {self.statuses}"
                time.sleep(0.2)

    def assert_each_key_recorded_once(self) -> list[str]:
        """Each key settled on its own officer, whose history holds one enrolment, and the same key
        replays that officer; return the officers' ids."""
        ids = list(self.settled.values())
        assert len(set(ids)) == len(ids)
        for key in list(self.settled)[:3]:
            again = self._post(key, self.name_for(key))
            assert (again.status_code, again.json()["id"], again.headers["idempotent-replayed"]) == (
                201,
                self.settled[key],
                "true",
            )
        for officer_id in ids:
            history = self.read(f"/api/personnel/officers/{officer_id}/history")
            assert [e["event_type"] for e in history] == ["Officer.Enrolled"]
        return ids

    def read(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """A read that waits as the gateway's rate limit asks (the checks read one officer at a time)."""
        while (response := self.client.get(path, params=params)).status_code == 429:
            time.sleep(float(response.headers.get("retry-after", "1")))
        assert response.status_code == 200, response.text
        return response.json()

    def listed_in_directory(self, expected: int) -> list[str] | None:
        """This run's officers in personnel's directory (a projection), once at least `expected` are."""
        mine: list[str] = []
        params: dict[str, Any] = {"unit_id": "STN03", "limit": 200}
        while True:
            page = self.read("/api/personnel/officers", params=params)
            mine += [o["officer_id"] for o in page["officers"] if o["name"].startswith(f"{self.name_prefix}{self.run}")]
            if not page["next_cursor"]:
                return mine if len(mine) >= expected else None
            params["cursor"] = page["next_cursor"]
