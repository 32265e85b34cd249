"""One public OpenAPI document from the services' own documents.

Every operation of service S at path P is published at `/api/S/P`, with its schemas renamed
`S.<Name>` (so two services' `CommandResult` cannot clash), its route policy kept as the service
stated it (`x-zeren-roles`, `x-zeren-public`), the service named in `x-zeren-service`, and the
gateway's own behaviour described once for all: bearer authentication (none on public
operations), RFC 9457 problems for every error, request and correlation ids on every response,
and `Idempotency-Key` / `If-Match` on writes.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
WRITE_METHODS = ("post", "put", "patch", "delete")
# Paths every process serves for its operators; the gateway publishes only its own.
OPERATIONAL_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
# FastAPI's default validation error shapes: every service answers problems instead.
REPLACED_SCHEMAS = frozenset({"HTTPValidationError", "ValidationError"})

PROBLEM = "#/components/schemas/Problem"
PROBLEM_MEDIA_TYPE = "application/problem+json"
API_PREFIX = "/api"

Document = dict[str, Any]

DESCRIPTION = """\
The public API of the bureau's administrative law-enforcement responsibility system: every client
operation of the personnel, cases and assessment services, behind one address.

**Paths.** An operation of service `S` at `/P` is `/api/S/P`. Public operations (`x-zeren-public`:
certificate verification, the officer roster, the power list) have the same shape, need no login
and are rate-limited per client address.

**Authentication.** `Authorization: Bearer <JWT>` signed with ES256 by a key of the configured JWKS
(chosen by `kid`), with issuer, audience, `exp`, `iat` and `sub` checked, and a `role` claim (one of
`x-zeren-roles`) and, for unit-bound roles, a `unit` claim. `x-zeren-roles` of each operation lists
the roles that may call it; the auditor reads everything and writes nothing. Object scope (an
officer of station 3 sees station 3's cases) is checked by the services.

**Errors** are RFC 9457 `application/problem+json` with a stable `code`: 401 not authenticated, 403
role or scope, 404 unknown id or route, 409 a rule of the current state (which rule, and what to
fix), 413 body too large, 422 invalid request, 429 rate limit (`Retry-After`), 502 the connection to
a service broke after the request may have reached it (`service_connection_lost`: the outcome is
unknown; retry with the same `Idempotency-Key`), 503 a service is down (named in `service`; nothing
was sent; `service_refused_identity` when it is up but refuses what the gateway vouches for, as when
their clocks disagree: nothing was done), 504 a service did not answer in time (retry with the same
`Idempotency-Key`). HEAD is answered wherever GET is, with the GET's headers and no body.

**Writes.** Send `Idempotency-Key` on every POST: a retry with the same key answers the first result
(`Idempotent-Replayed: true`) and records nothing twice. Send `If-Match: "<version>"` with the
version you read (the `ETag`) on updates: a stale version is a 409.

**Lists** take `limit` (at most 200) and `cursor`, and answer `next_cursor` (absent on the last page).

Every response carries `X-Request-Id` and `X-Correlation-Id` (send your own to correlate).
"""

PROBLEM_SCHEMA: Document = {
    "title": "Problem",
    "description": "An error, as RFC 9457 problem details with a stable machine-readable `code`.",
    "type": "object",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string", "examples": ["urn:zeren:problem:validation_failed"]},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "code": {"type": "string", "description": "stable, machine-readable", "examples": ["officer_not_found"]},
        "detail": {"type": "string"},
        "request_id": {"type": "string"},
        "service": {"type": "string", "description": "the service that is down, slow or cut off (502, 503, 504)"},
        "details": {"type": "object", "description": "what the client needs to fix the request"},
        "errors": {"type": "array", "items": {"type": "object"}, "description": "validation errors (422)"},
    },
    "additionalProperties": True,
    "examples": [
        {
            "type": "urn:zeren:problem:service_unavailable",
            "title": "Service unavailable",
            "status": 503,
            "code": "service_unavailable",
            "detail": "The personnel service is not reachable.",
            "service": "personnel",
            "request_id": "5f0c8a4e-2b1d-4c3e-9a7f-1e2d3c4b5a69",
        }
    ],
}

_ID_HEADERS: Document = {
    "X-Request-Id": {"$ref": "#/components/headers/RequestId"},
    "X-Correlation-Id": {"$ref": "#/components/headers/CorrelationId"},
}

GATEWAY_COMPONENTS: Document = {
    "schemas": {"Problem": PROBLEM_SCHEMA},
    "securitySchemes": {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "ES256 client token; `zeren token --role R [--unit U]` mints one for development",
        }
    },
    "headers": {
        "RequestId": {"description": "this request's id (also in every log line)", "schema": {"type": "string"}},
        "CorrelationId": {
            "description": "the id tying this request to the work it causes",
            "schema": {"type": "string"},
        },
        "RetryAfter": {"description": "seconds to wait before retrying", "schema": {"type": "integer"}},
    },
    "parameters": {
        "IdempotencyKey": {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "description": "a key unique to this intended change: a retry with it answers the first result",
            "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
            "example": "enrol-2018-03-01-0001",
        },
        "IfMatch": {
            "name": "If-Match",
            "in": "header",
            "required": False,
            "description": "the version (ETag) the client read; a change recorded since is a 409",
            "schema": {"type": "string", "pattern": '^(\\*|(W/)?"?[0-9]{1,18}"?)$'},
            "example": '"3"',
        },
        "OccurredAt": {
            "name": "Occurred-At",
            "in": "header",
            "required": False,
            "description": "enter the record after the fact: when it happened (not in the future); director, deputy "
            "director, unit head, legal affairs, assessment secretariat and admin only. The record keeps both times.",
            "schema": {"type": "string", "format": "date-time"},
            "example": "2018-03-06T14:30:00+08:00",
        },
    },
}


def _problem_response(description: str, *, retry_after: bool = False) -> Document:
    headers = dict(_ID_HEADERS)
    if retry_after:
        headers["Retry-After"] = {"$ref": "#/components/headers/RetryAfter"}
    return {
        "description": description,
        "headers": headers,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM}}},
    }


def _rename_refs(node: Any, service: str) -> Any:
    """A copy of `node` whose `$ref`s point at the service's namespaced components."""
    if isinstance(node, dict):
        renamed: Document = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/components/"):
                section, _, name = value.removeprefix("#/components/").partition("/")
                renamed[key] = PROBLEM if name in REPLACED_SCHEMAS else f"#/components/{section}/{service}.{name}"
            else:
                renamed[key] = _rename_refs(value, service)
        return renamed
    if isinstance(node, list):
        return [_rename_refs(item, service) for item in node]
    return node


def _responses(operation: Document, *, public: bool, method: str) -> Document:
    responses: Document = {}
    for status, response in operation.get("responses", {}).items():
        if status.startswith(("2", "3")):
            responses[status] = {**response, "headers": {**_ID_HEADERS, **response.get("headers", {})}}
        else:
            responses[status] = _problem_response(response.get("description", "Error"))
    if not public:
        responses.setdefault("401", _problem_response("Not authenticated: no valid bearer token"))
        responses.setdefault("403", _problem_response("The caller's role or unit does not allow this"))
    if method in WRITE_METHODS:
        responses.setdefault("409", _problem_response("A rule of the current state, or a stale If-Match"))
        responses.setdefault("413", _problem_response("Request body too large"))
    responses.setdefault("422", _problem_response("The request does not match the schema"))
    responses.setdefault("429", _problem_response("Rate limit reached", retry_after=True))
    responses.setdefault(
        "502", _problem_response("The connection to the service broke after sending; the outcome is unknown")
    )
    responses.setdefault("503", _problem_response("The service named in `service` is down", retry_after=True))
    responses.setdefault("504", _problem_response("The service did not answer in time; the outcome is unknown"))
    responses["default"] = _problem_response("Any other error")
    return responses


def _operation(service: str, method: str, operation: Document) -> Document:
    published: Document = _rename_refs(operation, service)
    public = bool(operation.get("x-zeren-public"))
    published["operationId"] = f"{service}.{operation.get('operationId', method)}"
    published["x-zeren-service"] = service
    published["responses"] = _responses(published, public=public, method=method)
    if public:
        published["security"] = []
    if method in WRITE_METHODS:
        headers = [
            {"$ref": "#/components/parameters/IdempotencyKey"},
            {"$ref": "#/components/parameters/IfMatch"},
            {"$ref": "#/components/parameters/OccurredAt"},
        ]
        published["parameters"] = [*published.get("parameters", []), *headers]
    return published


def _own_operation(operation: Document) -> Document:
    published: Document = copy.deepcopy(operation)
    published["security"] = []
    published["responses"] = _responses(published, public=True, method="get")
    return published


def merge(documents: Mapping[str, Document], *, gateway: Document, version: str = "0.1.0") -> Document:
    """The public document: the gateway's own operations, then each service's, under `/api/<service>`."""
    paths: Document = {}
    components: Document = copy.deepcopy(GATEWAY_COMPONENTS)
    for path, item in gateway.get("paths", {}).items():
        paths[path] = {m: _own_operation(op) for m, op in item.items() if m in HTTP_METHODS}
    tags: list[Document] = [{"name": "operations", "description": "liveness and readiness of the gateway"}]
    for service, document in documents.items():
        tags.append({"name": service, "description": document.get("info", {}).get("description", service)})
        for section, entries in _rename_refs(document.get("components", {}), service).items():
            for name, value in entries.items():
                if not (section == "schemas" and name in REPLACED_SCHEMAS):
                    components.setdefault(section, {})[f"{service}.{name}"] = value
        for path, item in document.get("paths", {}).items():
            if path in OPERATIONAL_PATHS:
                continue
            paths[f"{API_PREFIX}/{service}{path}"] = {
                key: _operation(service, key, value) if key in HTTP_METHODS else _rename_refs(value, service)
                for key, value in item.items()
            }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Zeren", "version": version, "description": DESCRIPTION},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "tags": tags,
        "paths": paths,
        "components": components,
    }


def operations(document: Document) -> list[tuple[str, str, Document]]:
    """Every (path, METHOD, operation) of a document, in document order."""
    return [
        (path, method.upper(), operation)
        for path, item in document.get("paths", {}).items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]
