"""Matching a request to the operation the service will run."""

from __future__ import annotations

import pytest

from gateway.routing import MethodNotAllowedError, RouteNotFoundError, RouteTable


def _table(*paths: tuple[str, str]) -> RouteTable:
    document: dict[str, dict[str, dict[str, object]]] = {"paths": {}}
    for path, method in paths:
        operation = {"operationId": f"{method}{path}", "x-zeren-service": "cases", "x-zeren-roles": ["officer"]}
        document["paths"].setdefault(path, {})[method] = operation
    return RouteTable.from_openapi(document)


def test_the_first_declared_route_wins_like_in_the_service() -> None:
    table = _table(("/api/cases/cases/search", "get"), ("/api/cases/cases/{case_id}", "get"))
    assert table.match("GET", "/api/cases/cases/search").operation.path == "/api/cases/cases/search"
    assert table.match("GET", "/api/cases/cases/c-1").operation.path == "/api/cases/cases/{case_id}"
    later = _table(("/api/cases/cases/{case_id}", "get"), ("/api/cases/cases/search", "get"))
    assert later.match("GET", "/api/cases/cases/search").operation.path == "/api/cases/cases/{case_id}"


def test_the_service_path_keeps_the_raw_encoding() -> None:
    table = _table(("/api/cases/cases/{case_id}/steps/{step}", "post"))
    match = table.match("POST", "/api/cases/cases/%E6%A1%88-1/steps/filing")
    assert match.service_path == "/cases/%E6%A1%88-1/steps/filing"
    assert match.operation.service == "cases"


@pytest.mark.parametrize(
    "path",
    [
        "/api/cases/cases",
        "/api/cases/cases/1/extra",
        "/api/cases/cases/",
        "/api/cases/cases/a%2Fb",
        "/api/cases/cases/a%5cb",
        "/api/cases/cases/..",
        "/api/cases/cases/%2e",
        "/api/cases/../cases/1",
        "/api/personnel/cases/1",
    ],
)
def test_paths_outside_the_document_are_not_found(path: str) -> None:
    with pytest.raises(RouteNotFoundError):
        _table(("/api/cases/cases/{case_id}", "get")).match("GET", path)


def test_a_known_path_with_another_method_lists_the_allowed_ones() -> None:
    table = _table(("/api/cases/cases/{case_id}", "get"), ("/api/cases/cases/{case_id}", "patch"))
    with pytest.raises(MethodNotAllowedError) as refused:
        table.match("DELETE", "/api/cases/cases/1")
    assert refused.value.allowed == ["GET", "HEAD", "PATCH"]


def test_a_concrete_path_lists_its_own_methods_though_a_template_also_matches_it() -> None:
    table = _table(
        ("/api/assessment/entries/bonuses", "post"),
        ("/api/assessment/entries/{entry_id}", "get"),
        ("/api/assessment/entries/{entry_id}", "delete"),
    )
    with pytest.raises(MethodNotAllowedError) as refused:
        table.match("PUT", "/api/assessment/entries/bonuses")
    assert refused.value.allowed == ["POST"]
    with pytest.raises(MethodNotAllowedError) as templated:
        table.match("PUT", "/api/assessment/entries/e-1")
    assert templated.value.allowed == ["GET", "HEAD", "DELETE"]
    # The concrete path has no GET: the template's GET does not answer for it.
    for method in ("GET", "HEAD", "DELETE"):
        with pytest.raises(MethodNotAllowedError) as undeclared:
            table.match(method, "/api/assessment/entries/bonuses")
        assert undeclared.value.allowed == ["POST"]
    assert table.match("GET", "/api/assessment/entries/e-1").operation.path == "/api/assessment/entries/{entry_id}"


def test_templates_as_concrete_as_each_other_keep_the_first_declared() -> None:
    table = _table(("/api/cases/a/{x}/b", "get"), ("/api/cases/a/c/{y}", "post"))
    assert table.match("POST", "/api/cases/a/c/b").operation.path == "/api/cases/a/c/{y}"
    assert table.match("GET", "/api/cases/a/c/b").operation.path == "/api/cases/a/{x}/b"


def test_head_is_answered_by_the_paths_get_operation() -> None:
    table = _table(("/api/cases/cases/{case_id}", "get"), ("/api/cases/cases/{case_id}", "patch"))
    match = table.match("HEAD", "/api/cases/cases/1")
    assert (match.operation.method, match.service_path) == ("GET", "/cases/1")
    with pytest.raises(MethodNotAllowedError) as refused:
        _table(("/api/cases/cases", "post")).match("HEAD", "/api/cases/cases")
    assert refused.value.allowed == ["POST"]  # no GET, no HEAD


def test_a_head_operation_of_its_own_wins_over_the_get() -> None:
    table = _table(("/api/cases/cases/{case_id}", "get"), ("/api/cases/cases/{case_id}", "head"))
    assert table.match("HEAD", "/api/cases/cases/1").operation.method == "HEAD"
