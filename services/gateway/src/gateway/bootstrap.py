"""Composition root of the gateway."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import uvicorn
from fastapi import FastAPI

from gateway.api.app import create_gateway_app
from gateway.settings import GatewaySettings
from shared.observability.logging import configure_logging


def create_api() -> FastAPI:
    return create_gateway_app(GatewaySettings())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway")
    parser.add_argument("role", choices=["serve"])
    parser.parse_args(argv)
    settings = GatewaySettings()
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
    )
    return 0
