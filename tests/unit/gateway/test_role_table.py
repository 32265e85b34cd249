"""Every operation of the public document × every client role: refused at the gateway or let through.

Generated from the gateway's own `/openapi.json`, so an operation a service adds is covered as soon
as its snapshot is refreshed. The expected cell is the service's `x-zeren-roles`, except that the
auditor never writes; a public operation lets everyone through.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from gateway.apispec import load_snapshots
from gateway.apispec.merge import merge, operations
from gateway.policy import CLIENT_ROLES, OperationWithoutPolicyError, ReadOnlyRoleError, authorize
from gateway.routing import RouteTable
from gateway.settings import SERVICES
from shared.devstack.keys import DevKeys
from tests.support.roles import CLIENT_ROLES as ISSUE_ROLES
from tests.unit.gateway.conftest import RunningGateway, bearer, running_gateway

SAFE = {"GET", "HEAD"}
DOCUMENT = merge(load_snapshots(SERVICES), gateway={"paths": {}})
CELLS = [(path, method, role) for path, method, _ in operations(DOCUMENT) for role in sorted(CLIENT_ROLES)]


def expected_allowed(operation: dict[str, Any], method: str, role: str) -> bool:
    if operation.get("x-zeren-public"):
        return True
    if role == "auditor" and method not in SAFE:
        return False
    return role in operation["x-zeren-roles"]


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "0b7e4a52-6f1e-4c55-9d7a-3f0c2b1e8a41", path)


def test_the_table_covers_every_operation_and_every_client_role() -> None:
    assert len(CELLS) == len(operations(DOCUMENT)) * 9
    assert set(ISSUE_ROLES) == CLIENT_ROLES


async def test_every_cell_is_refused_at_the_gateway_or_let_through(keys: DevKeys) -> None:
    # Every cell comes from one client address: the public operations' per-address limit is lifted
    # so that the table checks roles, not rate limits (tests/unit/gateway/test_forwarding.py does).
    async with running_gateway(keys, public_burst=len(CELLS), caller_burst=len(CELLS)) as gw:
        violations = await _violations(gw)
    assert violations == []


async def _violations(gw: RunningGateway) -> list[tuple[str, str, str, int, str]]:
    violations = []
    for path, method, role in CELLS:
        operation = DOCUMENT["paths"][path][method.lower()]
        before = len(gw.downstream.calls)
        response = await gw.client.request(
            method,
            concrete(path),
            json={} if method not in SAFE else None,
            headers=bearer(gw.keys, role, subject=f"table-{role}", unit="STN03"),
        )
        forwarded = len(gw.downstream.calls) - before
        if expected_allowed(operation, method, role):
            if response.status_code != 200 or forwarded != 1:
                violations.append((method, path, role, response.status_code, "should reach the service"))
        elif (
            response.status_code != 403
            or response.json()["code"] != "forbidden"
            or response.json()["details"]["rule"] not in ("role_not_allowed", "read_only_role")
            or forwarded
        ):
            violations.append((method, path, role, response.status_code, "should be refused at the gateway"))
    return violations


def test_the_auditor_never_writes_even_where_a_service_lists_it() -> None:
    document = {
        "paths": {
            "/api/cases/cases": {
                "get": {"x-zeren-service": "cases", "x-zeren-roles": ["auditor"]},
                "post": {"x-zeren-service": "cases", "x-zeren-roles": ["auditor", "officer"]},
            }
        }
    }
    table = RouteTable.from_openapi(document)
    authorize(table.match("GET", "/api/cases/cases").operation, "auditor")
    authorize(table.match("POST", "/api/cases/cases").operation, "officer")
    with pytest.raises(ReadOnlyRoleError):
        authorize(table.match("POST", "/api/cases/cases").operation, "auditor")


def test_an_operation_without_roles_is_closed_to_everyone() -> None:
    table = RouteTable.from_openapi({"paths": {"/api/cases/x": {"get": {"x-zeren-service": "cases"}}}})
    for role in CLIENT_ROLES:
        with pytest.raises(OperationWithoutPolicyError):
            authorize(table.match("GET", "/api/cases/x").operation, role)
