"""Client authentication as RFC 8725 asks: pinned algorithms, issuer, audience, expiry, keys by id.

Keys come only from the configured JWKS file, which may hold several keys so that a new signing
key can be published before tokens signed with it appear, and an old one kept until its tokens
expire (rotation). The file is re-read when it changes, at most once per `reload_interval`.
Headers that name a key elsewhere (`jku`, `x5u`, `jwk`, `x5c`) are refused, never followed, and a
token whose `kid` is not in the set is rejected without fetching anything.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt
from jwt import PyJWK, PyJWKSet

from shared.domain.access import BUREAU_WIDE
from shared.web.identity import Identity

log = logging.getLogger(__name__)

MAX_TOKEN_BYTES = 8192
# Headers by which a token would point at its own key: trusting them lets the sender pick the key.
FORBIDDEN_HEADERS = frozenset({"jku", "x5u", "jwk", "x5c"})
ACCESS_TOKEN_TYPES = frozenset({"jwt", "at+jwt", "application/at+jwt"})
# fullmatch, not `$`: `$` also matches before a final newline, which would reach logs and actor ids.
_SUBJECT = re.compile(r"[\w.@:|\-]{1,128}")
_UNIT = re.compile(r"[A-Za-z0-9_\-]{1,64}")


class AuthenticationError(Exception):
    """The bearer token is missing or not acceptable; the message is safe to show the client."""


class JwksFile:
    """The verification keys by id, from a JWKS document on disk (a mounted Secret in production)."""

    def __init__(
        self, path: str | Path, *, reload_interval: float = 30.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.path = Path(path)
        self._interval = reload_interval
        self._clock = clock
        self._checked = clock()
        self._stamp = self._read_stamp()
        self._keys = self._load()

    def _read_stamp(self) -> tuple[int, int]:
        stat = self.path.stat()
        return stat.st_mtime_ns, stat.st_size

    def _load(self) -> dict[str, PyJWK]:
        document: Any = json.loads(self.path.read_text(encoding="utf-8"))
        keys = {key.key_id: key for key in PyJWKSet.from_dict(document).keys if key.key_id}
        if not keys:
            raise ValueError(f"{self.path} holds no signing key with a `kid`")
        return keys

    def keys(self) -> dict[str, PyJWK]:
        now = self._clock()
        if now - self._checked >= self._interval:
            self._checked = now
            try:
                stamp = self._read_stamp()
                if stamp != self._stamp:
                    self._keys, self._stamp = self._load(), stamp
                    log.info("client token keys reloaded", extra={"kids": sorted(self._keys)})
            except (OSError, ValueError, jwt.PyJWTError) as exc:
                # A half-written or broken file must not lock everyone out: keep the last good keys.
                log.warning("client token keys not reloaded", extra={"error": repr(exc)})
        return self._keys


class TokenVerifier:
    def __init__(
        self,
        *,
        keys: JwksFile,
        issuer: str,
        audience: str,
        algorithms: tuple[str, ...],
        leeway: int,
        roles: frozenset[str],
    ) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._algorithms = list(algorithms)
        self._leeway = leeway
        self._roles = roles

    def verify(self, token: str) -> Identity:
        if len(token) > MAX_TOKEN_BYTES:
            raise AuthenticationError("token too large")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthenticationError("malformed token") from None
        algorithm = header.get("alg")
        if algorithm not in self._algorithms:
            raise AuthenticationError("token algorithm not accepted")
        if FORBIDDEN_HEADERS & header.keys():
            raise AuthenticationError("token headers may not name a key")
        if str(header.get("typ", "JWT")).lower() not in ACCESS_TOKEN_TYPES:
            raise AuthenticationError("not an access token")
        key = self._keys.keys().get(str(header.get("kid", "")))
        if key is None:
            raise AuthenticationError("unknown signing key")
        if key.algorithm_name != algorithm:
            raise AuthenticationError("token algorithm does not match its key")
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[algorithm],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise AuthenticationError(f"token rejected: {type(exc).__name__}") from None
        return self._identity(claims)

    def _identity(self, claims: dict[str, Any]) -> Identity:
        subject, role, unit, name = claims.get("sub"), claims.get("role"), claims.get("unit"), claims.get("name")
        if not isinstance(subject, str) or not _SUBJECT.fullmatch(subject):
            raise AuthenticationError("token subject not acceptable")
        if not isinstance(role, str) or role not in self._roles:
            raise AuthenticationError("token carries no known client role")
        if unit is not None and (not isinstance(unit, str) or not _UNIT.fullmatch(unit)):
            raise AuthenticationError("token unit not acceptable")
        if unit is None and role not in BUREAU_WIDE:
            # An officer or unit head acts for one unit; without one, every list would read "all units".
            raise AuthenticationError("token carries no unit for a unit-bound role")
        if name is not None and (not isinstance(name, str) or len(name) > 200):
            raise AuthenticationError("token name not acceptable")
        return Identity(subject=subject, role=role, unit_id=unit, name=name)
