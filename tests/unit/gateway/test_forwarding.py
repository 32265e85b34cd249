"""The gateway in front of the services: what it forwards, what it refuses, and how it says so."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from shared.devstack.keys import DevKeys
from shared.web.identity import IDENTITY_HEADER, IdentityError, IdentityVerifier
from tests.unit.gateway.conftest import CLIENT_ADDRESS, RunningGateway, bearer, running_gateway

OFFICER = "/api/personnel/officers/0b7e4a52-6f1e-4c55-9d7a-3f0c2b1e8a41"


def _identity(gw: RunningGateway, service: str) -> IdentityVerifier:
    return IdentityVerifier(
        public_key_pem=gw.keys.identity_public.read_text(), audience=service, issuer="zeren-gateway"
    )


async def test_a_call_reaches_its_service_with_a_signed_identity_carrying_role_and_unit(gw: RunningGateway) -> None:
    response = await gw.client.get(
        OFFICER, params={"x": "1"}, headers=bearer(gw.keys, "officer", subject="li-si", unit="STN03")
    )
    assert response.status_code == 200, response.text
    assert response.json()["path"] == "/officers/0b7e4a52-6f1e-4c55-9d7a-3f0c2b1e8a41?x=1"
    (call,) = gw.downstream.calls
    assert call.url.host == "personnel"
    assert "authorization" not in call.headers  # the client's token stays at the gateway
    identity = _identity(gw, "personnel").verify(call.headers[IDENTITY_HEADER])
    assert (identity.subject, identity.role, identity.unit_id) == ("li-si", "officer", "STN03")
    with pytest.raises(IdentityError, match="Audience"):
        _identity(gw, "cases").verify(call.headers[IDENTITY_HEADER])  # good for personnel only
    assert call.headers["x-request-id"] == response.headers["x-request-id"]
    assert call.headers["x-correlation-id"] == response.headers["x-correlation-id"]


async def test_write_headers_are_forwarded_and_a_location_is_rewritten(gw: RunningGateway) -> None:
    gw.downstream.status = 201
    gw.downstream.headers = {"Location": "/officers/abc", "ETag": '"1"', "Idempotent-Replayed": "true"}
    response = await gw.client.post(
        "/api/personnel/officers",
        json={"name": "王建国"},
        headers={
            **bearer(gw.keys, "director"),
            "Idempotency-Key": "enrol-1",
            "If-Match": '"3"',
            "X-Correlation-Id": "batch-7",
            "X-Zeren-Identity": "forged",
            "Cookie": "session=1",
        },
    )
    assert response.status_code == 201
    assert response.headers["location"] == "/api/personnel/officers/abc"
    assert response.headers["etag"] == '"1"'
    assert response.headers["idempotent-replayed"] == "true"
    assert response.headers["x-correlation-id"] == "batch-7"
    (call,) = gw.downstream.calls
    assert call.headers["idempotency-key"] == "enrol-1"
    assert call.headers["if-match"] == '"3"'
    assert call.headers["x-correlation-id"] == "batch-7"
    assert "cookie" not in call.headers
    assert call.headers[IDENTITY_HEADER] != "forged"
    assert response.json()["body"] == '{"name":"王建国"}'


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/personnel/nothing-here", 404, "route_not_found"),
        ("GET", "/api/nowhere/officers", 404, "route_not_found"),
        ("GET", "/nothing", 404, "route_not_found"),
        ("DELETE", OFFICER, 405, "method_not_allowed"),
        ("PUT", "/api/personnel/officers", 405, "method_not_allowed"),
        ("GET", "/api/personnel/officers/..%2F..%2Fcertificates", 404, "route_not_found"),
        ("GET", "/api/personnel/officers/a%2Fhistory", 404, "route_not_found"),
        ("GET", "/api/personnel/officers/%2E%2E", 404, "route_not_found"),
    ],
)
async def test_unknown_routes_and_methods_are_problems(
    gw: RunningGateway, method: str, path: str, status: int, code: str
) -> None:
    response = await gw.client.request(method, path, headers=bearer(gw.keys, "director"))
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert response.json()["request_id"] == response.headers["x-request-id"]
    assert gw.downstream.calls == []
    if status == 405:
        assert response.headers["allow"]


async def test_head_answers_the_headers_of_the_get_without_its_body(gw: RunningGateway) -> None:
    gw.downstream.headers = {"ETag": '"7"'}
    got = await gw.client.get(OFFICER, headers=bearer(gw.keys, "auditor"))
    head = await gw.client.head(OFFICER, headers=bearer(gw.keys, "auditor"))  # a read, for every reader
    assert head.status_code == 200
    assert head.content == b""
    for header in ("content-type", "etag", "content-length"):
        assert head.headers[header] == got.headers[header]
    assert [call.method for call in gw.downstream.calls] == ["GET", "GET"]  # the services answer GET only
    assert (await gw.client.head(OFFICER)).status_code == 401  # the GET's policy


async def test_the_auditor_reads_and_never_writes(gw: RunningGateway) -> None:
    assert (await gw.client.get(OFFICER, headers=bearer(gw.keys, "auditor"))).status_code == 200
    refused = await gw.client.post("/api/personnel/officers", json={}, headers=bearer(gw.keys, "auditor"))
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert refused.json()["details"]["rule"] == "read_only_role"
    assert len(gw.downstream.calls) == 1


async def test_a_role_outside_the_routes_roles_is_refused_before_the_service(gw: RunningGateway) -> None:
    refused = await gw.client.post("/api/personnel/officers", json={}, headers=bearer(gw.keys, "officer", unit="S1"))
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert refused.json()["details"]["rule"] == "role_not_allowed"
    assert refused.json()["details"]["allowed_roles"] == ["admin", "deputy_director", "director"]
    assert gw.downstream.calls == []


async def test_a_public_operation_needs_no_token_and_passes_no_identity(gw: RunningGateway) -> None:
    response = await gw.client.get("/api/personnel/public/certificates/HN-LY-2017-0042")
    assert response.status_code == 200
    (call,) = gw.downstream.calls
    assert call.url.raw_path == b"/public/certificates/HN-LY-2017-0042"
    assert IDENTITY_HEADER.lower() not in call.headers
    with_token = await gw.client.get(
        "/api/personnel/public/certificates/X1", headers={"Authorization": "Bearer not-even-a-token"}
    )
    assert with_token.status_code == 200  # a public operation ignores credentials altogether


async def test_a_protected_operation_without_a_token_is_401_with_a_challenge(gw: RunningGateway) -> None:
    response = await gw.client.get(OFFICER)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["code"] == "authentication_failed"
    assert gw.downstream.calls == []


async def test_public_operations_are_rate_limited_per_client_address(keys: DevKeys) -> None:
    async with running_gateway(keys, public_rate_per_second=0.5, public_burst=3) as gw:
        statuses = [(await gw.client.get("/api/personnel/public/certificates/A1")).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = await gw.client.get("/api/personnel/public/certificates/A1")
        assert limited.headers["content-type"] == "application/problem+json"
        assert limited.json()["code"] == "rate_limited"
        assert 1 <= int(limited.headers["retry-after"]) <= 2
        assert len(gw.downstream.calls) == 3


async def test_signed_in_callers_are_rate_limited_per_subject(keys: DevKeys) -> None:
    async with running_gateway(keys, caller_rate_per_second=0.1, caller_burst=2) as gw:
        zhang = bearer(gw.keys, "director", subject="zhang")
        wang = bearer(gw.keys, "director", subject="wang")
        assert [(await gw.client.get(OFFICER, headers=zhang)).status_code for _ in range(3)] == [200, 200, 429]
        assert (await gw.client.get(OFFICER, headers=wang)).status_code == 200  # another subject, own bucket
        assert int((await gw.client.get(OFFICER, headers=zhang)).headers["retry-after"]) >= 1


async def test_behind_a_trusted_proxy_the_forwarded_address_is_limited(keys: DevKeys) -> None:
    settings = {"public_rate_per_second": 0.1, "public_burst": 1, "trusted_proxies": (CLIENT_ADDRESS,)}
    async with running_gateway(keys, **settings) as gw:
        path = "/api/personnel/public/certificates/A1"
        first = await gw.client.get(path, headers={"X-Forwarded-For": "203.0.113.1"})
        second = await gw.client.get(path, headers={"X-Forwarded-For": "203.0.113.2"})
        again = await gw.client.get(path, headers={"X-Forwarded-For": "203.0.113.1"})
        assert (first.status_code, second.status_code, again.status_code) == (200, 200, 429)


async def test_an_untrusted_peer_cannot_choose_its_address(gw: RunningGateway) -> None:
    async with running_gateway(gw.keys, public_rate_per_second=0.1, public_burst=1) as limited:
        path = "/api/personnel/public/certificates/A1"
        assert (await limited.client.get(path, headers={"X-Forwarded-For": "203.0.113.1"})).status_code == 200
        assert (await limited.client.get(path, headers={"X-Forwarded-For": "203.0.113.9"})).status_code == 429


async def test_a_declared_oversized_body_is_refused_before_it_is_read(gw: RunningGateway) -> None:
    response = await gw.client.post(
        "/api/personnel/officers", content=b"x" * 2_000_000, headers=bearer(gw.keys, "director")
    )
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
    assert gw.downstream.calls == []


async def test_a_chunked_oversized_body_is_refused_as_it_grows(gw: RunningGateway) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(40):
            yield b"x" * 65536

    response = await gw.client.post("/api/personnel/officers", content=chunks(), headers=bearer(gw.keys, "director"))
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert gw.downstream.calls == []


@pytest.mark.parametrize(
    ("failure", "status", "code"),
    [
        (httpx.ConnectError, 503, "service_unavailable"),
        (httpx.ConnectTimeout, 503, "service_unavailable"),
        (httpx.ReadTimeout, 504, "service_timeout"),
        (httpx.RemoteProtocolError, 502, "service_connection_lost"),
        (httpx.ReadError, 502, "service_connection_lost"),
    ],
)
async def test_a_service_that_is_down_or_slow_is_named_in_the_problem(
    gw: RunningGateway, failure: type[httpx.TransportError], status: int, code: str
) -> None:
    gw.downstream.failure = failure
    response = await gw.client.get("/api/cases/enforcers", headers=bearer(gw.keys, "director"))
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert response.json()["service"] == "cases"
    assert "cases" in response.json()["detail"]


@pytest.mark.parametrize(
    ("answer", "reason"), [({"code": "identity_invalid", "reason": "expired"}, "expired"), (None, "unknown")]
)
async def test_a_service_refusing_the_gateways_identity_is_a_503_not_the_clients_401(
    gw: RunningGateway, answer: dict[str, str] | None, reason: str
) -> None:
    """The client's token was good; the gateway's own was refused (clocks or keys disagree)."""
    gw.downstream.status = 401
    gw.downstream.answer = answer
    response = await gw.client.post("/api/personnel/officers", json={}, headers=bearer(gw.keys, "director"))
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "www-authenticate" not in response.headers
    problem = response.json()
    assert (problem["code"], problem["service"]) == ("service_refused_identity", "personnel")
    assert f"({reason})" in problem["detail"]


@pytest.mark.parametrize(
    ("path", "body", "where"),
    [
        ("/api/cases/enforcers?scope_field=land%00", None, "query"),
        ("/api/personnel/certificates/HN%00X", None, "path"),
        ("/api/personnel/officers", b'{"name": "a\\u0000b"}', "body"),
        ("/api/personnel/officers", b'{"name": "a\\\\\\u0000b"}', "body"),
    ],
)
async def test_nul_characters_never_reach_a_service(
    gw: RunningGateway, path: str, body: bytes | None, where: str
) -> None:
    method = "POST" if body is not None else "GET"
    response = await gw.client.request(method, path, content=body, headers=bearer(gw.keys, "director"))
    assert response.status_code == 422
    assert response.json()["code"] == "nul_character"
    assert response.json()["details"] == {"location": where}
    assert gw.downstream.calls == []


async def test_an_escaped_backslash_before_u0000_is_ordinary_text(gw: RunningGateway) -> None:
    body = b'{"name": "C:\\\\u0000"}'  # the JSON text `C:\u0000`, no NUL in it
    response = await gw.client.post("/api/personnel/officers", content=body, headers=bearer(gw.keys, "director"))
    assert response.status_code == 200


async def test_the_gateway_serves_the_merged_document_and_its_docs(gw: RunningGateway) -> None:
    document = (await gw.client.get("/openapi.json")).json()
    assert document["info"]["title"] == "Zeren"
    assert "/api/personnel/officers" in document["paths"]
    assert "/api/personnel/public/certificates/{certificate_no}" in document["paths"]
    assert "/api/{path}" not in document["paths"]  # the forwarder itself is not an operation
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert (await gw.client.get("/docs")).status_code == 200
