"""The client's address behind trusted reverse proxies: it keys the public rate limit.

Each proxy appends the address it received the request from to X-Forwarded-For, so only the hops
appended by trusted proxies can be believed: reading from the right, the first hop that is not a
trusted proxy is the client (anything left of it is whatever the client chose to send). Proxies
are trusted by network as well as by address: an ingress controller's pods change address within
their pod network.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

Network = IPv4Network | IPv6Network
Address = IPv4Address | IPv6Address


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """`10.0.0.0/8`, `192.0.2.7` (a network of one) or `2001:db8::/32`; host bits may be set."""
    networks: list[Network] = []
    for value in values:
        try:
            networks.append(ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{value!r} is not an IP address or network (such as 10.0.0.0/8)") from None
    return tuple(networks)


def _address(value: str) -> Address | None:
    try:
        address = ip_address(value)
    except ValueError:
        return None
    # A dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d; it is the IPv4 address all the same.
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


class TrustedProxies:
    def __init__(self, networks: Iterable[Network] = ()) -> None:
        self.networks = tuple(networks)

    def __contains__(self, value: str) -> bool:
        address = _address(value)
        return address is not None and any(address in network for network in self.networks)


def client_behind_proxies(peer: str, forwarded_for: Iterable[str], trusted: TrustedProxies) -> str:
    """The peer, or, when the peer is a trusted proxy, the right-most X-Forwarded-For hop that is
    not one. `forwarded_for` holds every X-Forwarded-For header line, in order (a client may send
    lines of its own before the ones its proxies add)."""
    if peer not in trusted:
        return peer
    hops = [hop.strip() for line in forwarded_for for hop in line.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            address = _address(hop)
            return str(address) if address is not None else peer
    return peer
