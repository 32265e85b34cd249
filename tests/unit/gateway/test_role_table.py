"""Every operation of the public document × every client role: refused at the gateway or let through.

Generated from the gateway's own `/openapi.json`, so an operation a service adds is covered as soon
as its snapshot is refreshed. The expected cell is the service's `x-zeren-roles`, except that the
auditor never writes.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from gateway.apispec import load_snapshots
from gateway.apispec.merge import merge, operations
from gateway.policy import CLIENT_ROLES
from gateway.settings import SERVICES
from tests.unit.gateway.conftest import RunningGateway, bearer

SAFE = {"GET", "HEAD"}
DOCUMENT = merge(load_snapshots(SERVICES), gateway={"paths": {}})
CELLS = [
    pytest.param(path, method, role, id=f"{method} {path} as {role}")
    for path, method, op in operations(DOCUMENT)
    if not op.get("x-zeren-public")
    for role in sorted(CLIENT_ROLES)
]


def expected_allowed(operation: dict[str, Any], method: str, role: str) -> bool:
    if role == "auditor" and method not in SAFE:
        return False
    return role in operation["x-zeren-roles"]


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "0b7e4a52-6f1e-4c55-9d7a-3f0c2b1e8a41", path)


def test_the_table_covers_every_operation_and_every_client_role() -> None:
    assert len(CELLS) == len(operations(DOCUMENT)) * 9
    assert {
        "director",
        "deputy_director",
        "unit_head",
        "officer",
        "legal_affairs",
        "case_reviewer",
        "assessment_secretariat",
        "auditor",
        "admin",
    } == CLIENT_ROLES


@pytest.mark.parametrize(("path", "method", "role"), CELLS)
async def test_role_route_cell(gw: RunningGateway, path: str, method: str, role: str) -> None:
    operation = DOCUMENT["paths"][path][method.lower()]
    response = await gw.client.request(
        method, concrete(path), json={} if method not in SAFE else None, headers=bearer(gw.keys, role, unit="STN03")
    )
    if expected_allowed(operation, method, role):
        assert response.status_code == 200, response.text
        assert len(gw.downstream.calls) == 1
    else:
        assert response.status_code == 403, response.text
        assert response.json()["code"] in ("role_not_allowed", "read_only_role")
        assert gw.downstream.calls == []
