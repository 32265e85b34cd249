"""The caller's identity as the gateway vouches for it: a short-lived EdDSA token per request.

The gateway authenticates the client, then signs an identity token for the one service it calls
(audience = service name). Services verify it with the gateway's public key, so a header set by
anyone else is rejected; the actor of every recorded event comes from this token only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated
from uuid import uuid4

import jwt
from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict

from shared.domain import CommandContext
from shared.domain.access import BUREAU_WIDE
from shared.domain.context import install_context
from shared.observability.logging import correlation_id_var
from shared.settings import IDENTITY_LEEWAY_SECONDS
from shared.web.ids import clean_id

IDENTITY_HEADER = "X-Zeren-Identity"
ALGORITHM = "EdDSA"


class Identity(BaseModel):
    model_config = ConfigDict(frozen=True)
    subject: str
    role: str
    unit_id: str | None = None
    name: str | None = None


class IdentityError(Exception):
    """The identity token is missing, forged, expired or meant for another service.

    `reason` is one of REFUSAL_REASONS: "expired" and "not_yet_valid" point at the clocks of the
    gateway and this service, the rest at keys, issuer or audience (or at a caller that is not the
    gateway)."""

    def __init__(self, message: str, reason: str = "malformed") -> None:
        super().__init__(message)
        self.reason = reason


REFUSAL_REASONS = ("missing", "expired", "not_yet_valid", "audience", "issuer", "signature", "malformed")


def _reason(exc: jwt.PyJWTError) -> str:
    if isinstance(exc, jwt.ExpiredSignatureError):
        return "expired"
    if isinstance(exc, jwt.ImmatureSignatureError):
        return "not_yet_valid"
    if isinstance(exc, jwt.InvalidAudienceError):
        return "audience"
    if isinstance(exc, jwt.InvalidIssuerError):
        return "issuer"
    if isinstance(exc, jwt.InvalidSignatureError):
        return "signature"
    return "malformed"


def mint_identity_token(
    identity: Identity, *, private_key_pem: str, audience: str, issuer: str, ttl_seconds: int = 60
) -> str:
    now = datetime.now(tz=UTC)
    claims = {
        "iss": issuer,
        "aud": audience,
        "sub": identity.subject,
        "role": identity.role,
        "unit": identity.unit_id,
        "name": identity.name,
        "iat": now,
        "exp": now + timedelta(seconds=ttl_seconds),
        "jti": str(uuid4()),
    }
    return jwt.encode(claims, private_key_pem, algorithm=ALGORITHM)


class IdentityVerifier:
    def __init__(
        self, *, public_key_pem: str, audience: str, issuer: str, leeway_seconds: int = IDENTITY_LEEWAY_SECONDS
    ) -> None:
        self._key = public_key_pem
        self._audience = audience
        self._issuer = issuer
        self._leeway = leeway_seconds

    def verify(self, token: str) -> Identity:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise IdentityError(str(exc), _reason(exc)) from None
        identity = Identity(
            subject=claims["sub"], role=claims["role"], unit_id=claims.get("unit"), name=claims.get("name")
        )
        if identity.role not in BUREAU_WIDE and identity.unit_id is None:
            # Every unit filter reads "no unit" as "all units": a unit-bound caller without one fails closed.
            raise IdentityError(f"the role {identity.role} acts for one unit and the identity names none")
        return identity


def _identity(request: Request) -> Identity:
    token = request.headers.get(IDENTITY_HEADER)
    if not token:
        raise IdentityError("no identity token", "missing")
    verifier: IdentityVerifier = request.app.state.identity_verifier
    return verifier.verify(token)


async def require_identity(request: Request) -> Identity:
    return _identity(request)


async def acting(request: Request) -> CommandContext:
    """The command context of this request, installed for the route's thread.

    FastAPI runs a sync route in a worker thread with a copy of this task's context, so the value
    set here is what the aggregates see; each request runs in its own task, so nothing leaks.
    """
    identity = _identity(request)
    ctx = CommandContext(
        actor_id=identity.subject,
        actor_role=identity.role,
        correlation_id=correlation_id_var.get() or str(uuid4()),
        causation_id=clean_id(request.headers.get("X-Causation-Id")) or "",  # recorded in every event
        actor_unit=identity.unit_id,
    )
    install_context(ctx)
    return ctx


CurrentIdentity = Annotated[Identity, Depends(require_identity)]
Acting = Annotated[CommandContext, Depends(acting)]
