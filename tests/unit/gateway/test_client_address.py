"""The client address that keys the public rate limit: the peer, or behind trusted proxies (by
address or network) the right-most X-Forwarded-For hop none of them is, over every header line."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from gateway.proxies import TrustedProxies, client_behind_proxies, parse_networks
from shared.devstack.keys import DevKeys
from tests.unit.gateway.conftest import CLIENT_ADDRESS, running_gateway, settings_for

INGRESS = TrustedProxies(parse_networks(["10.244.0.0/16", "192.0.2.7", "2001:db8::/32"]))
CERTIFICATE = "/api/personnel/public/certificates/A1"


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "client"),
    [
        ("203.0.113.9", ["198.51.100.1"], "203.0.113.9"),  # an untrusted peer names no one
        ("10.244.3.17", ["203.0.113.9"], "203.0.113.9"),  # any pod of the ingress network
        ("10.244.3.17", ["198.51.100.1, 203.0.113.9, 10.244.8.2"], "203.0.113.9"),  # right-most untrusted
        ("10.244.3.17", ["198.51.100.1", "203.0.113.9"], "203.0.113.9"),  # the proxy's own line comes last
        ("10.244.3.17", ["203.0.113.9,10.244.8.2", "192.0.2.7"], "203.0.113.9"),
        ("10.244.3.17", ["10.244.8.2"], "10.244.3.17"),  # only proxies: the peer
        ("10.244.3.17", [], "10.244.3.17"),
        ("10.244.3.17", ["not-an-address"], "10.244.3.17"),
        ("::ffff:10.244.3.17", ["203.0.113.9"], "203.0.113.9"),  # an IPv4 proxy seen by a dual-stack socket
        ("2001:db8::5", ["2001:0DB9:0::0:9"], "2001:db9::9"),  # written as the address it is
        ("10.245.0.1", ["203.0.113.9"], "10.245.0.1"),  # just outside the network
    ],
)
def test_the_client_is_the_right_most_hop_not_a_trusted_proxy(peer: str, forwarded_for: list[str], client: str) -> None:
    assert client_behind_proxies(peer, forwarded_for, INGRESS) == client


def test_no_trusted_proxy_trusts_no_header() -> None:
    assert client_behind_proxies("10.244.3.17", ["203.0.113.9"], TrustedProxies()) == "10.244.3.17"


@pytest.mark.parametrize(
    "value", ['["10.244.0.0/16", "192.0.2.7"]', "10.244.0.0/16,192.0.2.7", " 10.244.0.1/16 , 192.0.2.7 "]
)
def test_the_environment_lists_proxies_as_json_or_with_commas(
    keys: DevKeys, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("GATEWAY_TRUSTED_PROXIES", value)
    settings = settings_for(keys)
    assert [str(network) for network in settings.trusted_proxies] == ["10.244.0.0/16", "192.0.2.7/32"]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("ingress.local", "'ingress.local' is not an IP address or network"),
        ("10.244.0.0/33", "'10.244.0.0/33' is not an IP address or network"),
        ('["10.244.0.0/16",', "is not a JSON list of addresses or networks"),
    ],
)
def test_a_proxy_that_is_no_address_or_network_is_refused_naming_it(
    keys: DevKeys, monkeypatch: pytest.MonkeyPatch, value: str, reason: str
) -> None:
    monkeypatch.setenv("GATEWAY_TRUSTED_PROXIES", value)
    with pytest.raises(ValidationError, match="trusted_proxies") as refused:
        settings_for(keys)
    assert reason in str(refused.value)


async def test_clients_behind_a_trusted_proxy_network_have_a_bucket_each(keys: DevKeys) -> None:
    limits = {"public_rate_per_second": 0.01, "public_burst": 1, "trusted_proxies": (f"{CLIENT_ADDRESS}/24",)}
    async with running_gateway(keys, **limits) as gw:
        for client in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
            response = await gw.client.get(CERTIFICATE, headers={"X-Forwarded-For": client})
            assert response.status_code == 200
        again = await gw.client.get(CERTIFICATE, headers={"X-Forwarded-For": "203.0.113.1"})
        assert again.status_code == 429


async def test_a_client_cannot_escape_its_bucket_with_a_header_line_of_its_own(keys: DevKeys) -> None:
    limits = {"public_rate_per_second": 0.01, "public_burst": 1, "trusted_proxies": (CLIENT_ADDRESS,)}
    async with running_gateway(keys, **limits) as gw:
        # The proxy appends its own line after the client's (as HAProxy does): the client's is ignored.
        statuses = [
            (
                await gw.client.get(
                    CERTIFICATE, headers=[("X-Forwarded-For", f"198.51.100.{n}"), ("X-Forwarded-For", "203.0.113.9")]
                )
            ).status_code
            for n in range(3)
        ]
        assert statuses == [200, 429, 429]
