"""Ports handed to child processes must not be ones an outgoing connection can take first."""

from __future__ import annotations

import socket

from shared.devstack.process import ephemeral_port_range, free_port


def test_ports_are_chosen_outside_the_ephemeral_range_and_never_twice() -> None:
    low, high = ephemeral_port_range()
    ports = [free_port() for _ in range(50)]
    assert len(set(ports)) == len(ports)
    assert all(not low <= port <= high for port in ports)


def test_a_preferred_port_already_listened_on_is_not_returned() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", free_port()))
        listener.listen()
        taken = listener.getsockname()[1]
        assert free_port(preferred=taken) != taken
