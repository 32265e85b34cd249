"""Starting every piece of Zeren as its own process, supervised: what `zeren run` does.

Each service's API, relay, notary and projector run as `python -m <service> <role>`, exactly as their
Kubernetes Deployments do. A process that exits unexpectedly is restarted with a back-off; on stop,
the gateway goes first and the relays last, so nothing is cut off mid-batch.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from shared.devstack.keys import DevKeys
from shared.devstack.process import free_port, spawn, stop

log = logging.getLogger(__name__)

# Which roles each service runs, in start order.
ROLES: dict[str, tuple[str, ...]] = {
    "personnel": ("serve", "relay", "notarize", "project", "schedule"),
    "cases": ("serve", "relay", "notarize", "project", "schedule"),
    "assessment": ("serve", "relay", "notarize", "project", "schedule"),
}
PREFERRED_API_PORTS = {"gateway": 8000, "personnel": 8001, "cases": 8002, "assessment": 8003}


@dataclass
class ProcessSpec:
    name: str
    argv: list[str]
    env: dict[str, str]
    health_port: int
    log_path: Path


@dataclass
class Supervised:
    spec: ProcessSpec
    process: subprocess.Popen[bytes]
    restarts: int = 0
    next_restart: float = 0.0


@dataclass
class Stack:
    home: Path
    database_url: str
    nats_url: str
    keys: DevKeys
    log_level: str = "INFO"
    extra_env: dict[str, str] = field(default_factory=dict)
    # Settings for one process only, by name (`cases-relay`): its own NATS user, as in Kubernetes.
    process_env: dict[str, dict[str, str]] = field(default_factory=dict)
    api_ports: dict[str, int] = field(default_factory=dict)
    running: list[Supervised] = field(default_factory=list)

    def plan(self) -> list[ProcessSpec]:
        logs = self.home / "logs"
        base = {
            **os.environ,
            **self.extra_env,
            "DATABASE_URL": self.database_url,
            "NATS_URL": self.nats_url,
            "HTTP_HOST": "127.0.0.1",
            "IDENTITY_PUBLIC_KEY_FILE": str(self.keys.identity_public),
            "AUDIT_SIGNING_KEY_FILES": str(self.keys.notary_signing),
            "LOG_LEVEL": self.log_level,
            "PYTHONUNBUFFERED": "1",
        }
        specs: list[ProcessSpec] = []
        for service, roles in ROLES.items():
            for role in roles:
                name = f"{service}-{role}"
                if role == "serve":
                    port = self.api_ports.setdefault(service, free_port(PREFERRED_API_PORTS[service]))
                    env = {**base, "HTTP_PORT": str(port)}
                else:
                    port = free_port()
                    env = {**base, "WORKER_HTTP_PORT": str(port)}
                env.update(self.process_env.get(name, {}))
                specs.append(ProcessSpec(name, [sys.executable, "-m", service, role], env, port, logs / f"{name}.log"))
        gateway_port = self.api_ports.setdefault("gateway", free_port(PREFERRED_API_PORTS["gateway"]))
        gateway_env = {
            **base,
            "HTTP_PORT": str(gateway_port),
            "GATEWAY_JWKS_FILE": str(self.keys.jwks),
            "GATEWAY_IDENTITY_PRIVATE_KEY_FILE": str(self.keys.identity_private),
            **{f"GATEWAY_{service.upper()}_URL": f"http://127.0.0.1:{self.api_ports[service]}" for service in ROLES},
        }
        specs.append(
            ProcessSpec(
                "gateway-serve",
                [sys.executable, "-m", "gateway", "serve"],
                gateway_env,
                gateway_port,
                logs / "gateway-serve.log",
            )
        )
        return specs

    def start(self, timeout: float = 60.0) -> None:
        for spec in self.plan():
            self.running.append(Supervised(spec, spawn(spec.argv, env=spec.env, log_path=spec.log_path)))
        deadline = time.monotonic() + timeout
        for item in self.running:
            _wait_healthy(item, deadline)

    def supervise_once(self) -> None:
        """Restart any process that exited on its own, with an exponential back-off.

        Call it from a thread that outlives the stack (the main thread, as `zeren run` does): the
        kernel's parent-death signal follows the thread that spawned a child, not the process, so a
        child restarted from a short-lived thread would be stopped when that thread ends."""
        now = time.monotonic()
        for item in self.running:
            code = item.process.poll()
            if code is None:
                continue
            if item.next_restart == 0.0:
                delay = min(30.0, 0.5 * 2**item.restarts)
                item.next_restart = now + delay
                log.warning("process exited; restarting", extra={"piece": item.spec.name, "code": code, "in_s": delay})
            elif now >= item.next_restart:
                item.process = spawn(item.spec.argv, env=item.spec.env, log_path=item.spec.log_path)
                item.restarts += 1
                item.next_restart = 0.0

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.api_ports[service]}"

    def process(self, name: str) -> Supervised:
        return next(item for item in self.running if item.spec.name == name)

    def stop(self) -> None:
        for item in reversed(self.running):
            stop(item.process, signal.SIGTERM, timeout=20)
        self.running.clear()


def _wait_healthy(item: Supervised, deadline: float) -> None:
    url = f"http://127.0.0.1:{item.spec.health_port}/healthz"
    while time.monotonic() < deadline:
        if item.process.poll() is not None:
            raise RuntimeError(f"{item.spec.name} exited with {item.process.returncode}; see {item.spec.log_path}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{item.spec.name} not healthy in time; see {item.spec.log_path}")
