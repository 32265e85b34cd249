"""Roles and scopes: which role may call a route, and which units' objects a caller may touch.

A route states its roles once, with `allow(...)` in its `dependencies`. The service enforces it on
the identity the gateway signed, and `ZerenRoute` publishes it in the OpenAPI document as
`x-zeren-roles`, where the gateway reads the same policy. Object scope: roles in `BUREAU_WIDE`
see every unit's objects; the others only their own unit's (`ensure_unit_scope`).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from enum import StrEnum
from typing import Any

from fastapi import Depends, Request
from fastapi.routing import APIRoute

from shared.domain import DomainError
from shared.web.identity import Identity, require_identity


class Role(StrEnum):
    DIRECTOR = "director"
    DEPUTY_DIRECTOR = "deputy_director"
    UNIT_HEAD = "unit_head"
    OFFICER = "officer"
    LEGAL_AFFAIRS = "legal_affairs"
    CASE_REVIEWER = "case_reviewer"
    ASSESSMENT_SECRETARIAT = "assessment_secretariat"
    AUDITOR = "auditor"
    ADMIN = "admin"
    # Machine callers inside the cluster (the scheduler records breaches through ordinary commands).
    SYSTEM = "system"


ALL_ROLES = frozenset(Role)
# Roles whose duties span the bureau: they read (and, where allowed, act on) every unit's objects.
BUREAU_WIDE = frozenset(
    {
        Role.DIRECTOR,
        Role.DEPUTY_DIRECTOR,
        Role.LEGAL_AFFAIRS,
        Role.CASE_REVIEWER,
        Role.ASSESSMENT_SECRETARIAT,
        Role.AUDITOR,
        Role.ADMIN,
        Role.SYSTEM,
    }
)
# Every authenticated role may read; the auditor reads everything and writes nothing.
READERS = ALL_ROLES


class ForbiddenError(DomainError):
    """The caller's role or unit does not allow this (HTTP 403)."""

    code = "forbidden"


class RoleCheck:
    """A dependency that admits only the listed roles; `ZerenRoute` reads `roles` for OpenAPI."""

    def __init__(self, roles: frozenset[Role]) -> None:
        if not roles:
            raise ValueError("a route must allow at least one role")
        self.roles = roles

    async def __call__(self, request: Request) -> Identity:
        identity = await require_identity(request)
        if identity.role not in self.roles:
            raise ForbiddenError(
                f"the role {identity.role!r} may not call this operation",
                allowed_roles=sorted(self.roles),
            )
        return identity


def allow(*roles: Role) -> Any:
    """`dependencies=[allow(Role.DIRECTOR, Role.UNIT_HEAD)]` on a route."""
    return Depends(RoleCheck(frozenset(roles)))


def ensure_unit_scope(identity: Identity, unit_id: str | None) -> None:
    """Refuse a caller outside bureau-wide roles acting on another unit's object."""
    if identity.role in BUREAU_WIDE:
        return
    if unit_id is None or identity.unit_id != unit_id:
        raise ForbiddenError(
            "this object belongs to another unit",
            your_unit=identity.unit_id,
        )


def sees_unit(identity: Identity, unit_id: str | None) -> bool:
    return identity.role in BUREAU_WIDE or (unit_id is not None and identity.unit_id == unit_id)


class ZerenRoute(APIRoute):
    """Publishes the policy of each route in OpenAPI: `x-zeren-roles`, or `x-zeren-public`."""

    def __init__(self, path: str, endpoint: Callable[..., Coroutine[Any, Any, Any]], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        roles: set[str] = set()
        is_public = False
        for dependency in self.dependencies:
            if isinstance(dependency.dependency, RoleCheck):
                roles |= {role.value for role in dependency.dependency.roles}
            is_public |= isinstance(dependency.dependency, PublicAccess)
        extra = dict(self.openapi_extra or {})
        if roles:
            extra["x-zeren-roles"] = sorted(roles)
        if is_public:
            extra["x-zeren-public"] = True
        self.openapi_extra = extra or None


class PublicAccess:
    """Marks a route that answers without any identity (certificate checks, published lists)."""

    async def __call__(self) -> None:
        return None


def public() -> Any:
    """`dependencies=[public()]`: the route needs no identity; OpenAPI says `x-zeren-public: true`."""
    return Depends(PublicAccess())
