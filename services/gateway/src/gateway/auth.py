"""Client authentication as RFC 8725 asks: pinned algorithms, issuer, audience, expiry, keys by id.

Keys come only from the configured JWKS; headers such as `jku`, `x5u` or `jwk` in a token are never
followed, and a token whose `kid` is not in the set is rejected.
"""

from __future__ import annotations

import json
from pathlib import Path

import jwt
from jwt import PyJWKSet

from shared.web.identity import Identity

MAX_TOKEN_BYTES = 8192


class AuthenticationError(Exception):
    """The bearer token is missing or not acceptable; the message is safe to show the client."""


class TokenVerifier:
    def __init__(
        self, *, jwks: dict[str, object], issuer: str, audience: str, algorithms: tuple[str, ...], leeway: int
    ) -> None:
        self._keys = {key.key_id: key for key in PyJWKSet.from_dict(jwks).keys if key.key_id}
        self._issuer = issuer
        self._audience = audience
        self._algorithms = list(algorithms)
        self._leeway = leeway

    @classmethod
    def from_file(cls, path: str, **kwargs: object) -> TokenVerifier:
        return cls(jwks=json.loads(Path(path).read_text()), **kwargs)  # type: ignore[arg-type]

    def verify(self, token: str) -> Identity:
        if len(token) > MAX_TOKEN_BYTES:
            raise AuthenticationError("token too large")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthenticationError("malformed token") from None
        if header.get("alg") not in self._algorithms:
            raise AuthenticationError("token algorithm not accepted")
        key = self._keys.get(str(header.get("kid", "")))
        if key is None:
            raise AuthenticationError("unknown signing key")
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=self._algorithms,
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise AuthenticationError(f"token rejected: {type(exc).__name__}") from None
        if header.get("typ", "JWT").lower() not in ("jwt", "at+jwt"):
            raise AuthenticationError("not an access token")
        role = claims.get("role")
        if not isinstance(role, str) or not role:
            raise AuthenticationError("token carries no role")
        unit = claims.get("unit")
        return Identity(
            subject=str(claims["sub"]),
            role=role,
            unit_id=unit if isinstance(unit, str) else None,
            name=claims.get("name") if isinstance(claims.get("name"), str) else None,
        )
