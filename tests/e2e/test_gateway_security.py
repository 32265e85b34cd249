"""The gateway in front of the real services: who may call what, hostile tokens, hostile bodies.

The role × route table is generated from the gateway's own `/openapi.json`; every cell is asked
of the gateway (refused there with 403, or let through to the service) and of the service itself
with an identity the gateway signed (services enforce the same roles).
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from uuid import uuid4

import httpx
import jwt
import pytest

from shared.devstack.keys import AUDIENCE, ISSUER
from shared.devstack.launcher import Stack
from shared.web.identity import IDENTITY_HEADER, Identity, mint_identity_token
from tests.e2e.conftest import client_for
from tests.support.e2e_personnel import register_units
from tests.support.roles import CLIENT_ROLES
from tests.support.wait import eventually_sync

pytestmark = pytest.mark.usefixtures("units")  # the units the tests enrol officers into

SAFE = {"GET", "HEAD"}
GATEWAY_REFUSALS = {"role_not_allowed", "read_only_role"}
UNKNOWN_ID = "0b7e4a52-6f1e-4c55-9d7a-3f0c2b1e8a41"


def _document(stack: Stack) -> dict[str, Any]:
    document: dict[str, Any] = httpx.get(f"{stack.url('gateway')}/openapi.json", timeout=10).json()
    return document


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method.upper(), op)
        for path, item in document["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and op.get("x-zeren-service")
    ]


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", UNKNOWN_ID, path)


def _expected(op: dict[str, Any], method: str, role: str) -> bool:
    if op.get("x-zeren-public"):
        return True
    if role == "auditor" and method not in SAFE:
        return False
    return role in op["x-zeren-roles"]


def test_every_role_and_route_cell_is_enforced_by_the_gateway_and_by_the_service(stack: Stack) -> None:
    document = _document(stack)
    operations = _operations(document)
    assert operations
    clients = {role: client_for(stack, role, unit="STN03") for role in CLIENT_ROLES}
    services = {
        name: httpx.Client(base_url=stack.url(name), timeout=10) for name in ("personnel", "cases", "assessment")
    }
    identity_key = stack.keys.identity_private.read_text()
    violations: list[str] = []
    cells = 0
    for path, method, op in operations:
        service = op["x-zeren-service"]
        body: dict[str, object] | None = {} if method not in SAFE else None
        for role, client in clients.items():
            cells += 1
            allowed = _expected(op, method, role)
            response = client.request(method, _concrete(path), json=body)
            refused_here = (
                response.status_code == 403 and response.json().get("details", {}).get("rule") in GATEWAY_REFUSALS
            )
            if allowed == refused_here or response.status_code >= 500:
                violations.append(f"gateway {method} {path} as {role}: {response.status_code} {response.text[:200]}")
            if role == "auditor" and not allowed:
                continue  # the service's roles already leave the auditor out of every write
            signed = mint_identity_token(
                Identity(subject=f"user-{role}", role=role, unit_id="STN03"),
                private_key_pem=identity_key,
                audience=service,
                issuer="zeren-gateway",
            )
            direct = services[service].request(
                method,
                _concrete(path).removeprefix(f"/api/{service}"),
                json=body,
                headers={IDENTITY_HEADER: signed},
            )
            if allowed == (direct.status_code == 403) or direct.status_code >= 500:
                violations.append(f"service {method} {path} as {role}: {direct.status_code} {direct.text[:200]}")
    assert violations == []
    assert cells == len(operations) * len(CLIENT_ROLES)


def _enrol(client: httpx.Client, name: str, unit: str) -> str:
    response = client.post("/api/personnel/officers", json={"name": name, "unit_id": unit, "staff_kind": "permanent"})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _certify(client: httpx.Client, officer_id: str, number: str) -> None:
    # A certificate is issued on an application, which needs a passed qualification exam.
    exam = client.post(
        f"/api/personnel/officers/{officer_id}/exams",
        json={
            "exam_round": "QUAL-2017",
            "kind": "general_law",
            "attempt_no": 1,
            "score": 78,
            "taken_at": "2017-05-10T09:00:00+08:00",
        },
    )
    assert exam.status_code == 200, exam.text
    applied = client.post(f"/api/personnel/officers/{officer_id}/certificate-applications", json={})
    assert applied.status_code == 200, applied.text
    response = client.post(
        "/api/personnel/certificates",
        json={
            "officer_id": officer_id,
            "certificate_no": number,
            "scope_area": "410322",
            "issued_on": "2017-06-01",
            "expires_on": "2022-06-01",
        },
    )
    assert response.status_code == 201, response.text


def test_an_officers_record_is_seen_by_their_unit_and_bureau_roles_and_the_history_bureau_wide(stack: Stack) -> None:
    deputy = client_for(stack, "deputy_director", subject="deputy-sun")
    officer_id = _enrol(deputy, "孙八", "STN03")
    path = f"/api/personnel/officers/{officer_id}"
    own_unit = client_for(stack, "officer", subject="officer-of-3", unit="STN03")
    other_unit = client_for(stack, "officer", subject="officer-of-5", unit="STN05")
    other_head = client_for(stack, "unit_head", unit="STN05")
    assert own_unit.get(path).json()["unit_id"] == "STN03"
    assert client_for(stack, "auditor").get(path).status_code == 200
    for outsider in (other_unit, other_head):
        refused = outsider.get(path)
        assert refused.status_code == 403, refused.text
        assert refused.json()["code"] == "forbidden"  # by the service, on the unit in the signed identity
        assert outsider.get(f"{path}/history").status_code == 403
    history = own_unit.get(f"{path}/history").json()
    assert history[0]["actor"] == {"id": "deputy-sun", "role": "deputy_director"}  # from the token only
    projected = eventually_sync(
        lambda: other_unit.get(f"/api/assessment/officers/{officer_id}/history").json().get("events")
    )
    assert projected[0]["actor"] == {"id": "deputy-sun", "role": "deputy_director"}  # bureau-readable
    refused = other_head.post(
        "/api/personnel/officers", json={"name": "x", "unit_id": "STN05", "staff_kind": "permanent"}
    )
    assert refused.status_code == 403
    assert refused.json()["details"]["rule"] == "role_not_allowed"


def test_a_stations_lead_is_closed_to_another_station_and_nothing_is_written_by_a_refusal(stack: Stack) -> None:
    own = client_for(stack, "officer", subject="officer-li", unit="STN03")
    other = client_for(stack, "officer", subject="officer-wu", unit="STN05")
    registered = own.post(
        "/api/cases/leads",
        json={
            "register_no": f"孟国土线〔2018〕{uuid4().hex[:6]}号",
            "source": "patrol",
            "unit_id": "STN03",
            "received_at": "2018-03-01T09:00:00+08:00",
            "location": {"township_code": "410322100", "village": "东村"},
            "description": "未批先建 on cultivated land",
        },
    )
    assert registered.status_code == 201, registered.text
    lead = f"/api/cases/leads/{registered.json()['id']}"
    seen = own.get(lead)
    assert seen.status_code == 200
    assert client_for(stack, "unit_head", unit="STN03").get(lead).status_code == 200
    assert client_for(stack, "director").get(lead).status_code == 200
    assert client_for(stack, "auditor").get(lead).status_code == 200
    assert other.get(lead).status_code == 403
    acted = other.post(f"{lead}/verification-assignment", json={"officer_ids": [UNKNOWN_ID]})
    assert acted.status_code == 403, acted.text
    assert own.get(lead).headers["etag"] == seen.headers["etag"]  # the refused command recorded nothing
    assert other.get("/api/cases/leads", params={"unit_id": "STN03"}).status_code == 403
    listed = other.get("/api/cases/leads").json()["items"]
    assert registered.json()["id"] not in {item["lead_id"] for item in listed}


def test_lists_are_paged_with_an_opaque_cursor_through_the_gateway(stack: Stack) -> None:
    director = client_for(stack, "director")
    unit = f"PG{uuid4().hex[:6].upper()}"
    register_units(director, {unit: ("分页所", "station")})
    officers = [_enrol(director, f"分页{i}", unit) for i in range(3)]
    for i, officer_id in enumerate(officers):
        _certify(director, officer_id, f"PG-{unit}-{i}")

    def roster_of_unit() -> list[str]:
        seen: list[str] = []
        cursor: str | None = None
        pages = 0
        while True:
            params: dict[str, Any] = {"as_of": "2018-01-01", "limit": 2}
            if cursor:
                params["cursor"] = cursor
            page = director.get("/api/assessment/roster", params=params).json()
            assert len(page["officers"]) <= 2
            seen += [o["officer_id"] for o in page["officers"] if o["unit_id"] == unit]
            cursor = page.get("next_cursor")
            pages += 1
            if not cursor:
                return seen if pages >= 2 else []

    assert sorted(eventually_sync(lambda: roster_of_unit() if len(roster_of_unit()) == 3 else None)) == sorted(officers)
    history_path = f"/api/assessment/officers/{officers[0]}/history"
    whole = director.get(history_path).json()
    assert whole.get("next_cursor") is None
    paged: list[dict[str, Any]] = []
    page = director.get(history_path, params={"limit": 1}).json()
    first_cursor = page["next_cursor"]
    while True:
        assert len(page["events"]) <= 1
        paged += page["events"]
        if not page.get("next_cursor"):
            break
        page = director.get(history_path, params={"limit": 1, "cursor": page["next_cursor"]}).json()
    assert len(paged) >= 3  # exam, enrolment, certificate at least
    # One event per page, none repeated or skipped: pages follow the order the events were recorded,
    # and the whole history in one page is the same events, oldest first.
    assert [e["position"] for e in paged] == sorted(e["position"] for e in paged)
    assert sorted(paged, key=lambda e: e["position"]) == sorted(whole["events"], key=lambda e: e["position"])
    at = {"at": "2018-01-01T00:00:00+08:00"}
    everyone = eventually_sync(
        lambda: (
            (found := director.get("/api/cases/enforcers", params=at).json()["enforcers"])
            and {e["officer_id"] for e in found} >= set(officers)
            and found
        )
    )
    walked: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {**at, "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = director.get("/api/cases/enforcers", params=params).json()
        walked += page["enforcers"]
        cursor = page.get("next_cursor")
        if not cursor:
            break
    assert walked == everyone

    wrong = director.get("/api/cases/enforcers", params={"cursor": first_cursor})
    assert wrong.status_code == 422
    assert wrong.json()["code"] == "invalid_cursor"
    too_many = director.get("/api/assessment/roster", params={"limit": 1_000_000_000})
    assert too_many.status_code == 422
    assert too_many.headers["content-type"] == "application/problem+json"


def test_a_retried_enrolment_is_recorded_once(stack: Stack) -> None:
    director = client_for(stack, "director", subject="director-retry")
    key = {"Idempotency-Key": f"enrol-{uuid4()}"}
    body = {"name": "周九", "unit_id": "STN07", "staff_kind": "permanent"}
    first = director.post("/api/personnel/officers", json=body, headers=key)
    again = director.post("/api/personnel/officers", json=body, headers=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["location"] == first.headers["location"]
    history = director.get(f"/api/personnel/officers/{first.json()['id']}/history").json()
    assert len(history) == 1


@pytest.mark.parametrize("field", ["status", "role", "created_by", "id", "version", "actor_id", "score"])
def test_fields_a_client_may_not_set_are_rejected(stack: Stack, field: str) -> None:
    director = client_for(stack, "director")
    body = {"name": "吴十", "unit_id": "STN03", "staff_kind": "permanent", field: "admin"}
    response = director.post("/api/personnel/officers", json=body)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"


def test_bodies_past_the_limit_are_refused_whether_declared_or_streamed(stack: Stack) -> None:
    director = client_for(stack, "director")
    declared = director.post(
        "/api/personnel/officers", content=b"{" + b" " * 2_000_000 + b"}", headers={"content-type": "application/json"}
    )
    assert declared.status_code == 413
    assert declared.json()["code"] == "body_too_large"

    def chunks() -> Iterator[bytes]:
        yield b'{"name": "'
        for _ in range(64):
            yield b"x" * 32768
        yield b'", "unit_id": "STN03", "staff_kind": "permanent"}'

    streamed = director.post("/api/personnel/officers", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413
    assert streamed.headers["content-type"] == "application/problem+json"
    deep = director.post(
        "/api/personnel/officers", content=b"[" * 100_000 + b"]" * 100_000, headers={"content-type": "application/json"}
    )
    assert deep.status_code in (400, 413, 422)  # never a 500: the parser's depth limit answers a problem
    assert deep.headers["content-type"] == "application/problem+json"


def test_routes_and_methods_the_document_does_not_name_are_problems(stack: Stack) -> None:
    director = client_for(stack, "director")
    for method, path, status in [
        ("GET", "/api/personnel/nowhere", 404),
        ("GET", "/api/unknown/officers", 404),
        ("GET", "/nowhere", 404),
        ("DELETE", f"/api/personnel/officers/{UNKNOWN_ID}", 405),
        ("POST", "/healthz", 405),
    ]:
        response = director.request(method, path)
        assert response.status_code == status, (method, path)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["x-request-id"] == response.json()["request_id"]


def test_the_ids_of_a_request_reach_the_services_log(stack: Stack) -> None:
    director = client_for(stack, "director")
    correlation = f"corr-{uuid4().hex}"
    response = director.get(f"/api/personnel/officers/{UNKNOWN_ID}", headers={"X-Correlation-Id": correlation})
    assert response.headers["x-correlation-id"] == correlation
    request_id = response.headers["x-request-id"]
    log = stack.home / "logs" / "personnel-serve.log"

    def logged() -> list[dict[str, Any]]:
        lines = [json.loads(line) for line in log.read_text().splitlines() if correlation in line]
        return lines

    (line, *_) = eventually_sync(logged)
    assert (line["request_id"], line["correlation_id"]) == (request_id, correlation)


# --- JWT attacks -------------------------------------------------------------------------------


class _Listener:
    """A local HTTP server a token's `jku` / `x5u` points at; it must never be called."""

    def __init__(self) -> None:
        self.requests = 0
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                listener.requests += 1
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b'{"keys": []}')

            def log_message(self, *args: object) -> None:
                return

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/jwks.json"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _claims(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(tz=UTC)
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "mallory",
        "role": "director",
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=10)).timestamp()),
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _attacks(stack: Stack, listener_url: str) -> dict[str, str]:
    private = stack.keys.client_private.read_text()
    kid = stack.keys.kid
    jwks = json.loads(stack.keys.jwks.read_text())
    public_jwk = json.dumps(jwks["keys"][0]).encode()
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    stranger = ec.generate_private_key(ec.SECP256R1())

    def signed(claims: dict[str, Any], **headers: Any) -> str:
        return jwt.encode(claims, private, algorithm="ES256", headers={"kid": kid, **headers})

    none_header = _b64(json.dumps({"alg": "none", "kid": kid, "typ": "JWT"}).encode())
    unsigned = f"{none_header}.{_b64(json.dumps(_claims()).encode())}."
    header = _b64(json.dumps({"alg": "HS256", "kid": kid, "typ": "JWT"}).encode())
    payload = _b64(json.dumps(_claims()).encode())
    import hashlib
    import hmac

    confused = f"{header}.{payload}." + _b64(
        hmac.new(public_jwk, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    )
    published = jwt.algorithms.ECAlgorithm.from_jwk(jwks["keys"][0])
    assert isinstance(published, ec.EllipticCurvePublicKey)  # a JWKS publishes public keys only
    public_pem = published.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    confused_pem = f"{header}.{payload}." + _b64(
        hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    )
    now = datetime.now(tz=UTC)
    return {
        "HS256 signed with the PEM public key": confused_pem,
        "alg none": unsigned,
        "alg none, no signature part": unsigned.rstrip("."),
        "HS256 signed with the public key": confused,
        "unknown kid": signed(_claims(), kid="not-a-key"),
        "kid path traversal": signed(_claims(), kid="../../../../etc/passwd"),
        "kid SQL": signed(_claims(), kid="' OR '1'='1"),
        "signed by a stranger's key with our kid": jwt.encode(
            _claims(), stranger, algorithm="ES256", headers={"kid": kid}
        ),
        "wrong audience": signed(_claims(aud="cases")),
        "wrong issuer": signed(_claims(iss="https://evil.example")),
        "expired": signed(_claims(exp=int((now - timedelta(minutes=5)).timestamp()))),
        "missing exp": signed(_claims(exp=None)),
        "future nbf": signed(_claims(nbf=int((now + timedelta(hours=1)).timestamp()))),
        "jku to a local listener": signed(_claims(), jku=listener_url),
        "x5u to a local listener": signed(_claims(), x5u=listener_url),
        "embedded jwk": signed(_claims(), jwk=jwks["keys"][0]),
        "refresh token as access token": signed(_claims(), typ="refresh+jwt"),
        "system role": signed(_claims(role="system")),
        "64 KB token": signed(_claims(padding="x" * 65536)),
        "garbage": "not.a.token",
    }


@pytest.fixture
def listener() -> Iterator[_Listener]:
    running = _Listener()
    yield running
    running.close()


def test_every_forged_or_unacceptable_token_is_a_401_and_nothing_is_fetched(stack: Stack, listener: _Listener) -> None:
    attacks = _attacks(stack, listener.url)
    accepted = {}
    for name, token in attacks.items():
        response = httpx.get(
            f"{stack.url('gateway')}/api/assessment/roster", headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
        if response.status_code != 401 or response.headers.get("content-type") != "application/problem+json":
            accepted[name] = (response.status_code, response.text[:200])
    assert accepted == {}
    assert listener.requests == 0
    genuine = client_for(stack, "director").get("/api/assessment/roster")
    assert genuine.status_code == 200  # the gateway is fine; the attacks were refused, not the gateway broken


def test_public_operations_answer_without_a_token_and_are_rate_limited_per_address(stack: Stack) -> None:
    # Last in the module: it spends this address's public bucket (5/s, burst 30 by default).
    anonymous = httpx.Client(base_url=stack.url("gateway"), timeout=10)
    document = _document(stack)
    public = [path for path, _, op in _operations(document) if op.get("x-zeren-public")]
    assert "/api/personnel/public/roster" in public
    roster = anonymous.get("/api/personnel/public/roster")
    assert roster.status_code == 200, roster.text
    unknown = anonymous.get("/api/personnel/public/certificates/NO-SUCH-0001")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    procedures = anonymous.get("/api/cases/public/procedure-templates")  # another service's public operation
    assert procedures.status_code == 200, procedures.text
    assert {t["template_id"] for t in procedures.json()} == {"penalty_general"}
    statuses = [anonymous.get("/api/personnel/public/powers") for _ in range(60)]
    limited = [r for r in statuses if r.status_code == 429]
    assert limited, [r.status_code for r in statuses]
    assert limited[0].json()["code"] == "rate_limited"
    assert int(limited[0].headers["retry-after"]) >= 1
    assert client_for(stack, "director").get("/api/assessment/roster").status_code == 200  # signed-in: own bucket
