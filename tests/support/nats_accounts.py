"""NATS with the users of `deploy/k8s/nats-values.yaml`, and each process with the NATS user its
Kubernetes Deployment gives it: the permissions the cluster enforces, enforced by a local server.

The Helm values hold each user's permissions under `config.merge.accounts`, and their passwords as
`<< $NAME >>` (an environment variable of the NATS pod, from the Secret `nats-users`). Here the
passwords are generated, and the accounts block is written into the server's own configuration.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from shared.devstack.nats import EmbeddedNats
from tests.deploy.kustomize import render

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
ACCOUNT = "ZEREN"


@dataclass(frozen=True)
class NatsUsers:
    """The accounts of the Helm values, with a password for each of its users."""

    accounts: dict[str, Any]
    passwords: dict[str, str]

    @classmethod
    def from_values(cls, path: Path = DEPLOY / "nats-values.yaml") -> NatsUsers:
        accounts = yaml.safe_load(path.read_text())["config"]["merge"]["accounts"]
        users = accounts[ACCOUNT]["users"]
        return cls(accounts, {user["user"]: secrets.token_urlsafe(18) for user in users})

    def names(self) -> list[str]:
        return list(self.passwords)

    def server_config(self) -> str:
        """The `accounts { … }` block, with each `<< $VAR >>` placeholder replaced by its password."""
        rendered = json.loads(json.dumps(self.accounts))
        for user in rendered[ACCOUNT]["users"]:
            user["password"] = self.passwords[user["user"]]
        # nats-server's configuration format reads JSON, and a quoted "$JS…" is a string, not a variable.
        return f"accounts: {json.dumps(rendered, ensure_ascii=False)}\n"

    def env(self, user: str) -> dict[str, str]:
        return {"NATS_USER": user, "NATS_PASSWORD": self.passwords[user]}


class NatsWithUsers(EmbeddedNats):
    """The embedded nats-server, with the cluster's accounts and users (and no anonymous access)."""

    def __init__(self, home: Path, port: int, users: NatsUsers) -> None:
        super().__init__(home, port)
        self.users = users

    def write_config(self) -> None:
        super().write_config()
        with self.config_path.open("a") as config:
            config.write(self.users.server_config())


def deployment_users() -> dict[str, str]:
    """Which NATS user each process runs as in Kubernetes, by process name (`cases-notarize`): the
    Secret `nats-<user>` its Deployment reads `NATS_USER` from."""
    users: dict[str, str] = {}
    for resource in render(DEPLOY / "base"):
        if resource["kind"] != "Deployment":
            continue
        container = resource["spec"]["template"]["spec"]["containers"][0]
        service, role = container["args"]
        for variable in container.get("env", []):
            if variable["name"] == "NATS_USER":
                secret = variable["valueFrom"]["secretKeyRef"]["name"]
                users[f"{service}-{role}"] = secret.removeprefix("nats-")
    return users
