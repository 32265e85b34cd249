"""A service's API in process, as the gateway would call it: the app verifies the signed identity
header, and the test signs one per call with the key the app trusts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from fastapi import APIRouter, FastAPI

from shared.web.app import create_service_app
from shared.web.identity import IDENTITY_HEADER, Identity, IdentityVerifier, mint_identity_token

ISSUER = "zeren-gateway"


class GatewaySigner:
    """A fresh gateway identity key for one audience (the service)."""

    def __init__(self, audience: str) -> None:
        key = ed25519.Ed25519PrivateKey.generate()
        self.audience = audience
        self.private_pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        self.public_pem = (
            key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode()
        )

    def headers(self, role: str, unit: str | None = None) -> dict[str, str]:
        identity = Identity(subject=f"user-{role}-{unit}", role=role, unit_id=unit)
        token = mint_identity_token(identity, private_key_pem=self.private_pem, audience=self.audience, issuer=ISSUER)
        return {IDENTITY_HEADER: token}


def service_app(signer: GatewaySigner, routers: Sequence[APIRouter], application: Any) -> FastAPI:
    """The service's app over `routers`, serving `application` and trusting `signer`."""
    app = create_service_app(service=signer.audience, title=signer.audience, description="test", routers=routers)
    app.state.application = application
    app.state.identity_verifier = IdentityVerifier(
        public_key_pem=signer.public_pem, audience=signer.audience, issuer=ISSUER
    )
    return app


@asynccontextmanager
async def service_client(
    signer: GatewaySigner, routers: Sequence[APIRouter], *, application: Any, pool: asyncpg.Pool
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the service's app in process, its read routes on `pool`."""
    app = service_app(signer, routers, application=application)
    app.state.pool = pool
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=f"http://{signer.audience}") as client:
        yield client
