"""Development keys: the gateway's identity key pair, a client-token signing key with its JWKS, and
the notaries' checkpoint signing key with its verifier key.

Production keys come from Kubernetes Secrets and an identity provider; these are generated once
under the local data folder so `zeren run` works on a fresh machine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from shared.audit.note import SignerKey

ISSUER = "zeren-auth"
AUDIENCE = "zeren-api"


@dataclass(frozen=True)
class DevKeys:
    folder: Path

    @property
    def identity_private(self) -> Path:
        return self.folder / "identity.pem"

    @property
    def identity_public(self) -> Path:
        return self.folder / "identity.pub.pem"

    @property
    def client_private(self) -> Path:
        return self.folder / "client-signing.pem"

    @property
    def jwks(self) -> Path:
        return self.folder / "jwks.json"

    @property
    def notary_signing(self) -> Path:
        return self.folder / "notary.key"

    @property
    def notary_verifier(self) -> Path:
        return self.folder / "notary.vkey"

    @property
    def kid(self) -> str:
        return str(json.loads(self.jwks.read_text())["keys"][0]["kid"])


def _write_private(path: Path, pem: bytes) -> None:
    path.write_bytes(pem)
    path.chmod(0o600)


def ensure_dev_keys(folder: Path) -> DevKeys:
    keys = DevKeys(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if not keys.identity_private.exists():
        identity = ed25519.Ed25519PrivateKey.generate()
        _write_private(
            keys.identity_private,
            identity.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
        )
        keys.identity_public.write_bytes(
            identity.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
    if not keys.client_private.exists():
        signing = ec.generate_private_key(ec.SECP256R1())
        _write_private(
            keys.client_private,
            signing.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
        )
        jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(signing.public_key()))
        jwk.update({"kid": f"dev-{uuid4().hex[:12]}", "use": "sig", "alg": "ES256"})
        keys.jwks.write_text(json.dumps({"keys": [jwk]}, indent=2))
    if not keys.notary_signing.exists():
        # The key id carries a random suffix, as a production key's would carry its rotation.
        notary = SignerKey.generate(f"zeren-notary-dev-{uuid4().hex[:8]}")
        _write_private(keys.notary_signing, (notary.encode() + "\n").encode("ascii"))
        keys.notary_verifier.write_text(notary.verifier.encode() + "\n", encoding="ascii")
    return keys


def mint_client_token(
    keys: DevKeys,
    *,
    subject: str,
    role: str,
    unit: str | None = None,
    name: str | None = None,
    ttl: timedelta = timedelta(hours=8),
) -> str:
    now = datetime.now(tz=UTC)
    claims: dict[str, object] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": subject,
        "role": role,
        "iat": now,
        "exp": now + ttl,
    }
    if unit:
        claims["unit"] = unit
    if name:
        claims["name"] = name
    return jwt.encode(
        claims, keys.client_private.read_text(), algorithm="ES256", headers={"kid": keys.kid, "typ": "JWT"}
    )
