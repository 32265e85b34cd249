"""Composition root of the gateway."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import uvicorn
from fastapi import FastAPI
from pydantic import ValidationError

from gateway.api.app import create_gateway_app
from gateway.settings import GatewaySettings
from shared.observability.logging import configure_logging
from shared.web.keepalive import SERVICE_KEEP_ALIVE_SECONDS


def create_api() -> FastAPI:
    return create_gateway_app(GatewaySettings())


def _invalid(exc: ValidationError) -> str:
    return "; ".join(
        f"GATEWAY_{'.'.join(str(part) for part in error['loc']).upper()}: {error['msg']}" for error in exc.errors()
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway")
    parser.add_argument("role", choices=["serve"])
    parser.parse_args(argv)
    try:
        settings = GatewaySettings()
    except ValidationError as exc:
        parser.error(f"settings missing or invalid in the environment: {_invalid(exc)}")
    configure_logging("gateway-serve", settings.log_level)
    uvicorn.run(
        "gateway.bootstrap:create_api",
        factory=True,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        # The client address comes from GATEWAY_TRUSTED_PROXIES only (it keys the public rate limit).
        proxy_headers=False,
        timeout_graceful_shutdown=10,
        # Idle connections from the ingress are closed by the ingress first (see shared.web.keepalive).
        timeout_keep_alive=SERVICE_KEEP_ALIVE_SECONDS,
    )
    return 0
