"""Who may call an operation, decided at the gateway before anything reaches a service.

The roles are those the service stated for the route (`x-zeren-roles` in its OpenAPI document);
the service checks them again on the identity the gateway signs, and checks object scope (an
officer's unit) itself. The auditor reads everything and writes nothing, whatever a route says.
"""

from __future__ import annotations

from gateway.routing import Operation
from shared.domain.access import ALL_ROLES, ForbiddenError, Role

# Roles a client token may carry; `system` is the services' own scheduler and never a client.
CLIENT_ROLES = frozenset(role.value for role in ALL_ROLES - {Role.SYSTEM})
READ_ONLY_ROLES = frozenset({Role.AUDITOR.value})
SAFE_METHODS = frozenset({"GET", "HEAD"})


# Refusals keep the services' code (`forbidden`), so a client need not know who refused; the
# `rule` detail says which check did, and that the gateway did: the service never saw the request.
class RoleNotAllowedError(ForbiddenError):
    pass


class ReadOnlyRoleError(ForbiddenError):
    pass


class OperationWithoutPolicyError(ForbiddenError):
    """The service published a route with neither roles nor `public`: refused until it states one."""


def is_allowed(operation: Operation, role: str) -> bool:
    if operation.public:
        return True
    if role in READ_ONLY_ROLES and operation.method not in SAFE_METHODS:
        return False
    return role in operation.roles


def authorize(operation: Operation, role: str) -> None:
    if operation.public:
        return
    if not operation.roles:
        raise OperationWithoutPolicyError(
            "this operation states no roles and is closed", rule="operation_without_policy", operation=operation.path
        )
    if role in READ_ONLY_ROLES and operation.method not in SAFE_METHODS:
        raise ReadOnlyRoleError(
            f"the role {role!r} reads and never writes", rule="read_only_role", method=operation.method
        )
    if role not in operation.roles:
        raise RoleNotAllowedError(
            f"the role {role!r} may not call this operation",
            rule="role_not_allowed",
            allowed_roles=sorted(operation.roles & CLIENT_ROLES),
        )
