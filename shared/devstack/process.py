"""Child processes that die with their parent and stop in a controlled order."""

from __future__ import annotations

import ctypes
import os
import random
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

_PR_SET_PDEATHSIG = 1


def _die_with_parent(sig: int) -> Callable[[], None]:
    def preexec() -> None:
        # Runs in the child after fork (and after any change of user): if the launcher is killed,
        # the kernel signals the child instead of leaving it orphaned.
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, sig)
        except OSError:
            pass

    return preexec


def spawn(
    argv: list[str],
    *,
    log_path: Path,
    env: dict[str, str] | None = None,
    user: int | None = None,
    group: int | None = None,
    death_signal: int = signal.SIGTERM,
    cwd: Path | None = None,
) -> subprocess.Popen[bytes]:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "ab")  # noqa: SIM115 - handed to the child, closed here after the fork
    try:
        return subprocess.Popen(  # noqa: S603 - argv is built by the launcher, not from input
            argv,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            user=user,
            group=group,
            cwd=cwd,
            preexec_fn=_die_with_parent(death_signal),  # noqa: PLW1509 - no threads started yet in the child
            start_new_session=True,  # Ctrl-C reaches the launcher only, which stops children in order
        )
    finally:
        log.close()


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 20.0) -> int | None:
    if process.poll() is not None:
        return process.returncode
    process.send_signal(sig)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait(timeout=5)


# Ports handed out by this process but perhaps not bound yet: two plans made back to back must not
# receive the same port while neither child has started listening.
_handed_out: set[int] = set()
_LOWEST_UNPRIVILEGED_CHOICE = 20000


def free_port(preferred: int | None = None, host: str = "127.0.0.1") -> int:
    """`preferred` if nothing listens there, else a free port outside the kernel's ephemeral range.

    A port asked of the kernel with bind(0) comes from the ephemeral range, the same range every
    outgoing connection draws its local port from: between choosing it and the child binding it,
    a database or NATS client in another process can take it ("address already in use"). Ports
    below the ephemeral range are never assigned to outgoing connections.
    """
    if preferred is not None and preferred not in _handed_out and port_is_free(preferred, host):
        _handed_out.add(preferred)
        return preferred
    low, high = ephemeral_port_range()
    if low - _LOWEST_UNPRIVILEGED_CHOICE >= 1000:
        span = range(_LOWEST_UNPRIVILEGED_CHOICE, low)
    else:
        span = range(high + 1, 65536)
    generator = random.SystemRandom()
    for _ in range(500):
        port = generator.choice(span)
        if port not in _handed_out and port_is_free(port, host):
            _handed_out.add(port)
            return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def ephemeral_port_range() -> tuple[int, int]:
    """The local ports the kernel gives outgoing connections (Linux; the IANA range elsewhere)."""
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 49152, 65535


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def wait_for_port(port: int, process: subprocess.Popen[bytes], *, timeout: float, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode} before listening")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout}s")


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
