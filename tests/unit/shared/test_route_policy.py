"""Routes state their roles once; the service enforces them and OpenAPI publishes them."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, FastAPI

from personnel.bootstrap import create_api
from shared.web.authz import Role, ZerenRoute, allow, public
from shared.web.commands import InvalidHeaderError, parse_idempotency_key, parse_if_match


def test_every_personnel_operation_states_who_may_call_it() -> None:
    spec = create_api().openapi()
    operations = [
        (path, method, op)
        for path, methods in spec["paths"].items()
        if path not in ("/healthz", "/readyz")
        for method, op in methods.items()
    ]
    assert operations
    unstated = [(p, m) for p, m, op in operations if "x-zeren-roles" not in op and not op.get("x-zeren-public")]
    assert unstated == []
    enroll = spec["paths"]["/officers"]["post"]["x-zeren-roles"]
    assert enroll == sorted(["admin", "deputy_director", "director"])
    assert "auditor" not in enroll


def test_public_and_role_routes_are_marked_in_openapi() -> None:
    router = APIRouter(route_class=ZerenRoute)

    @router.get("/open", dependencies=[public()])
    async def open_route() -> dict[str, str]:
        return {}

    @router.post("/closed", dependencies=[allow(Role.LEGAL_AFFAIRS)])
    async def closed_route() -> dict[str, str]:
        return {}

    app = FastAPI()
    app.include_router(router)
    paths = app.openapi()["paths"]
    assert paths["/open"]["get"]["x-zeren-public"] is True
    assert paths["/closed"]["post"]["x-zeren-roles"] == ["legal_affairs"]


@pytest.mark.parametrize(("header", "version"), [(None, None), ("*", None), ('"3"', 3), ("7", 7), ('W/"2"', 2)])
def test_if_match_carries_the_version_the_client_saw(header: str | None, version: int | None) -> None:
    assert parse_if_match(header) == version


@pytest.mark.parametrize("header", ['"abc"', "1,2", ""])
def test_a_malformed_if_match_is_refused(header: str) -> None:
    with pytest.raises(InvalidHeaderError):
        parse_if_match(header)


def test_idempotency_keys_are_bounded_and_printable() -> None:
    assert parse_idempotency_key(' "abc-1" ') == "abc-1"
    with pytest.raises(InvalidHeaderError):
        parse_idempotency_key("x" * 300)
    with pytest.raises(InvalidHeaderError):
        parse_idempotency_key("bad\nkey")
