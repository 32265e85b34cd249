"""Which service operation a request names, read from the public OpenAPI document.

Paths are matched on the raw (still percent-encoded) path, in document order, first match wins:
the order in which each service declared its routes, so the gateway picks the operation the
service itself will run. A method the path item describing the URL (its most concrete match) does
not declare is a 405, even where a less concrete template would take it. A path parameter may not
smuggle a `/` or a dot segment (`%2F`, `..`), which the service would decode into another path than
the one whose policy the gateway checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from gateway.apispec.merge import API_PREFIX, operations

_PARAMETER = re.compile(r"\{([^{}/]+)\}")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # the public path template, `/api/personnel/officers/{officer_id}`
    service: str
    operation_id: str
    roles: frozenset[str]
    public: bool
    pattern: re.Pattern[str]

    @property
    def has_policy(self) -> bool:
        return self.public or bool(self.roles)


@dataclass(frozen=True)
class Match:
    operation: Operation
    service_path: str  # the raw path to call on the service, `/officers/0b7e…`


class RouteNotFoundError(Exception):
    pass


class MethodNotAllowedError(Exception):
    def __init__(self, allowed: list[str]) -> None:
        super().__init__(f"allowed: {', '.join(allowed)}")
        self.allowed = allowed


def _compile(template: str) -> re.Pattern[str]:
    parts: list[str] = []
    position = 0
    for parameter in _PARAMETER.finditer(template):
        parts.append(re.escape(template[position : parameter.start()]))
        parts.append(r"[^/]+")
        position = parameter.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts))


def _safe_segments(raw_path: str) -> bool:
    for segment in raw_path.split("/"):
        decoded = unquote(segment)
        if decoded in (".", "..") or "/" in decoded or "\\" in decoded:
            return False
    return True


class RouteTable:
    def __init__(self, table: list[Operation]) -> None:
        self.operations = table

    @classmethod
    def from_openapi(cls, document: dict[str, Any]) -> RouteTable:
        table = []
        for path, method, operation in operations(document):
            service = operation.get("x-zeren-service")
            if not service:
                continue  # the gateway's own operations are routed by FastAPI
            table.append(
                Operation(
                    method=method,
                    path=path,
                    service=str(service),
                    operation_id=str(operation.get("operationId", "")),
                    roles=frozenset(operation.get("x-zeren-roles", ())),
                    public=bool(operation.get("x-zeren-public")),
                    pattern=_compile(path),
                )
            )
        return cls(table)

    def match(self, method: str, raw_path: str) -> Match:
        if not _safe_segments(raw_path):
            raise RouteNotFoundError(raw_path)
        candidates = [operation for operation in self.operations if operation.pattern.fullmatch(raw_path)]
        if not candidates:
            raise RouteNotFoundError(raw_path)
        # The path item that describes this URL: a concrete path before a templated one that also
        # matches it (OpenAPI 3.1, "Path Templating Matching"). `/entries/bonuses` is a POST-only
        # resource, whatever the GET of `/entries/{entry_id}` would make of the word "bonuses".
        fewest = min(_parameters(operation.path) for operation in candidates)
        described = next(operation.path for operation in candidates if _parameters(operation.path) == fewest)
        allowed = _allowed([operation for operation in candidates if operation.path == described])
        # HEAD is GET without the body (RFC 9110, 9.3.2): a path's GET operation answers it, with its policy.
        for wanted in (method, "GET") if method == "HEAD" else (method,):
            for operation in candidates:
                if operation.method != wanted:
                    continue
                if _parameters(operation.path) > fewest and method not in allowed:
                    raise MethodNotAllowedError(allowed)  # only a less concrete template has it
                # Among the paths that may run it, the first declared: the operation the service
                # itself will run, so the policy checked is the policy of what runs.
                prefix = f"{API_PREFIX}/{operation.service}"
                return Match(operation, raw_path.removeprefix(prefix) or "/")
        raise MethodNotAllowedError(allowed)


def _parameters(template: str) -> int:
    return template.count("{")


def _allowed(operations: list[Operation]) -> list[str]:
    allowed: list[str] = []
    for operation in operations:
        if operation.method not in allowed:
            allowed.append(operation.method)
        if operation.method == "GET" and "HEAD" not in allowed:
            allowed.append("HEAD")
    return allowed
