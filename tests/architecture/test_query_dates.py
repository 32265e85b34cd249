"""Every date or instant a route reads from the query string goes through `shared.web.query`, whose
types take ISO 8601 only: a bare `date` or `datetime` parameter would read `?on=0` as 1970-01-01."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BARE = {"date", "datetime", "AwareDatetime", "NaiveDatetime", "FutureDate", "PastDate", "PastDatetime"}


def _api_modules() -> Iterator[Path]:
    for service in ("personnel", "cases", "assessment", "gateway"):
        yield from sorted((ROOT / "services" / service / "src" / service / "api").rglob("*.py"))


def _names(node: ast.expr) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)
    }


def _bare_query_dates(source: str, label: str) -> Iterator[str]:
    """`name: Annotated[<type>, Query(...)]` parameters whose type names a bare date or instant."""
    for node in ast.walk(ast.parse(source, filename=label)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for argument in [*node.args.args, *node.args.kwonlyargs]:
            annotation = argument.annotation
            if not (isinstance(annotation, ast.Subscript) and _names(annotation.value) & {"Annotated"}):
                continue
            elements = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else [annotation.slice]
            kind, *extras = elements
            if any("Query" in _names(extra) for extra in extras) and _names(kind) & BARE:
                yield f"{label}:{argument.lineno} {node.name}({argument.arg})"


def test_no_route_reads_a_bare_date_or_instant_from_the_query_string() -> None:
    found = [
        hit for module in _api_modules() for hit in _bare_query_dates(module.read_text(), str(module.relative_to(ROOT)))
    ]
    assert found == [], "use shared.web.query.IsoDate / IsoInstant / IsoAwareInstant:\n" + "\n".join(found)


def test_the_check_finds_a_bare_date() -> None:
    # The rule's own guard: parameters written as routes were before they used shared.web.query.
    sample = (
        "def scheme(on: Annotated[date | None, Query(description='default: today')] = None): ...\n"
        "async def page(limit: int = 20, before: Annotated[AwareDatetime | None, Query()] = None): ...\n"
        "def fine(on: Annotated[IsoDate | None, Query()] = None, body: Annotated[date, Body()] = ...): ...\n"
    )
    assert [hit.split()[-1] for hit in _bare_query_dates(sample, "sample")] == ["scheme(on)", "page(before)"]
