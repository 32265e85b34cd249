"""Starting the gateway: its server's keep-alive outlasts the ingress's, and settings that cannot
work stop it at once, naming what is wrong."""

from __future__ import annotations

from typing import Any

import pytest
import uvicorn

from gateway import bootstrap
from shared.devstack.keys import DevKeys
from shared.web.keepalive import SERVICE_KEEP_ALIVE_SECONDS

INGRESS_NGINX_UPSTREAM_KEEPALIVE_SECONDS = 60  # upstream-keepalive-timeout's default


@pytest.fixture
def served(keys: DevKeys, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The environment of a gateway; `uvicorn.run`'s arguments once `main` has called it."""
    for name, value in {
        "PERSONNEL_URL": "http://personnel",
        "CASES_URL": "http://cases",
        "ASSESSMENT_URL": "http://assessment",
        "JWKS_FILE": str(keys.jwks),
        "IDENTITY_PRIVATE_KEY_FILE": str(keys.identity_private),
    }.items():
        monkeypatch.setenv(f"GATEWAY_{name}", value)
    arguments: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: arguments.update(kwargs))
    monkeypatch.setattr(bootstrap, "configure_logging", lambda *args: None)
    return arguments


def test_an_idle_connection_is_closed_by_the_ingress_before_the_gateway(served: dict[str, Any]) -> None:
    assert bootstrap.main(["serve"]) == 0
    assert served["timeout_keep_alive"] == SERVICE_KEEP_ALIVE_SECONDS
    assert served["timeout_keep_alive"] > INGRESS_NGINX_UPSTREAM_KEEPALIVE_SECONDS


def test_an_invalid_trusted_proxy_stops_the_gateway_naming_it(
    served: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GATEWAY_TRUSTED_PROXIES", "10.244.0.0/16,ingress")
    with pytest.raises(SystemExit) as stopped:
        bootstrap.main(["serve"])
    assert stopped.value.code == 2
    assert "GATEWAY_TRUSTED_PROXIES: Value error, 'ingress' is not an IP address or network" in capsys.readouterr().err
    assert served == {}  # never served
