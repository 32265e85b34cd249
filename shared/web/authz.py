"""Which role may call a route (roles and unit scope themselves are in `shared.domain.access`).

A route states its roles once, with `allow(...)` in its `dependencies`. The service enforces it on
the identity the gateway signed, and `ZerenRoute` publishes it in the OpenAPI document as
`x-zeren-roles`, where the gateway reads the same policy.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Depends, Request
from fastapi.routing import APIRoute

from shared.domain.access import ALL_ROLES, BUREAU_WIDE, ForbiddenError, Role, ensure_unit_scope, sees_unit
from shared.web.identity import Identity, require_identity

__all__ = [
    "ALL_ROLES",
    "BUREAU_WIDE",
    "READERS",
    "ForbiddenError",
    "Role",
    "RoleCheck",
    "ZerenRoute",
    "allow",
    "ensure_unit_scope",
    "public",
    "sees_unit",
]

# Every authenticated role may read; the auditor reads everything and writes nothing.
READERS = ALL_ROLES


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
