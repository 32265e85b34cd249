"""The public OpenAPI document: every service operation once, under its service, nothing clashing."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.apispec import load_snapshots
from gateway.apispec.merge import HTTP_METHODS, merge, operations
from gateway.settings import SERVICES
from shared.devstack import openapi as snapshots

GATEWAY_OWN = {"paths": {"/healthz": {"get": {"operationId": "healthz", "responses": {"200": {"description": "ok"}}}}}}


def _service_document(operation_id: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "x", "version": "1"},
        "paths": {
            "/healthz": {"get": {"operationId": "healthz", "responses": {"200": {"description": "ok"}}}},
            "/things": {
                "post": {
                    "operationId": operation_id,
                    "x-zeren-roles": ["director"],
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Body"}}}},
                    "responses": {
                        "201": {
                            "description": "done",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CommandResult"}}},
                        },
                        "422": {
                            "description": "Validation Error",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
                            },
                        },
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Body": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/CommandResult"}}},
                "CommandResult": schema,
                "HTTPValidationError": {"type": "object"},
                "ValidationError": {"type": "object"},
            }
        },
    }


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for item in node for r in _refs(item)]
    return []


def _resolves(document: dict[str, Any], ref: str) -> bool:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def test_two_services_with_the_same_schema_name_keep_both_under_their_own_names() -> None:
    merged = merge(
        {
            "alpha": _service_document("make", {"type": "object", "title": "alpha's"}),
            "beta": _service_document("make", {"type": "string", "title": "beta's"}),
        },
        gateway=GATEWAY_OWN,
    )
    schemas = merged["components"]["schemas"]
    assert schemas["alpha.CommandResult"]["title"] == "alpha's"
    assert schemas["beta.CommandResult"]["title"] == "beta's"
    assert "alpha.HTTPValidationError" not in schemas  # errors are problems, described once
    assert list(merged["paths"]) == ["/healthz", "/api/alpha/things", "/api/beta/things"]
    alpha = merged["paths"]["/api/alpha/things"]["post"]
    assert alpha["operationId"] == "alpha.make"
    assert alpha["x-zeren-service"] == "alpha"
    assert alpha["x-zeren-roles"] == ["director"]
    assert alpha["responses"]["201"]["content"]["application/json"]["schema"]["$ref"] == (
        "#/components/schemas/alpha.CommandResult"
    )
    assert schemas["alpha.Body"]["properties"]["x"]["$ref"] == "#/components/schemas/alpha.CommandResult"
    assert set(alpha["responses"]["422"]["content"]) == {"application/problem+json"}
    assert [p["$ref"].rsplit("/", 1)[1] for p in alpha["parameters"]] == ["IdempotencyKey", "IfMatch", "OccurredAt"]
    assert all(_resolves(merged, ref) for ref in _refs(merged))


@pytest.fixture(scope="module")
def public_document() -> dict[str, Any]:
    return merge(load_snapshots(SERVICES), gateway=GATEWAY_OWN)


def test_every_service_operation_is_published_once_under_its_service(public_document: dict[str, Any]) -> None:
    published = {(path, method) for path, method, _ in operations(public_document)}
    for service, document in load_snapshots(SERVICES).items():
        for path, item in document["paths"].items():
            if path in ("/healthz", "/readyz", "/metrics"):
                continue
            for method in item:
                if method in HTTP_METHODS:
                    assert (f"/api/{service}{path}", method.upper()) in published
    ids = [op["operationId"] for _, _, op in operations(public_document)]
    assert len(ids) == len(set(ids))
    assert all(_resolves(public_document, ref) for ref in _refs(public_document))


def test_every_operation_states_who_may_call_it(public_document: dict[str, Any]) -> None:
    unstated = [
        (path, method)
        for path, method, op in operations(public_document)
        if op.get("x-zeren-service") and not op.get("x-zeren-roles") and not op.get("x-zeren-public")
    ]
    assert unstated == []


def test_every_error_is_described_as_a_problem(public_document: dict[str, Any]) -> None:
    for path, method, op in operations(public_document):
        for status, response in op["responses"].items():
            if status == "default" or status.startswith(("4", "5")):
                assert list(response["content"]) == ["application/problem+json"], (path, method, status)
        assert "default" in op["responses"]
        if op.get("x-zeren-service"):  # what the gateway itself answers for a service's call
            assert {"502", "503", "504"} <= set(op["responses"]), (path, method)
        if op.get("x-zeren-public") or not op.get("x-zeren-service"):
            assert op["security"] == []
        else:
            assert "security" not in op  # the document-wide bearer requirement applies


def test_the_committed_snapshots_match_what_the_services_print() -> None:
    stale = snapshots.stale(snapshots.generate())
    assert stale == [], f"stale OpenAPI snapshots {stale}: run `zeren openapi` and commit the result"
