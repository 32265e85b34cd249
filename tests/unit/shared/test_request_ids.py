"""Request and correlation ids on every answer, an unexpected error's included; a caller's causation
id is recorded only when it is a short, plain token."""

from __future__ import annotations

from typing import Annotated

import httpx
import pytest
from fastapi import APIRouter, Depends

from shared.domain import CommandContext
from shared.web.identity import acting
from tests.support.service_app import GatewaySigner, service_app

router = APIRouter()


@router.get("/broken")
async def broken() -> None:
    raise RuntimeError("a bug")


@router.post("/commands")
async def command(ctx: Annotated[CommandContext, Depends(acting)]) -> dict[str, str]:
    return {"causation_id": ctx.causation_id, "correlation_id": ctx.correlation_id}


SIGNER = GatewaySigner("personnel")


def client() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=service_app(SIGNER, [router], None), raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://personnel")


async def test_an_unexpected_error_still_answers_with_the_request_and_correlation_ids() -> None:
    async with client() as http:
        answer = await http.get("/broken", headers={"X-Request-Id": "req-1", "X-Correlation-Id": "corr-1"})
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert (answer.headers["x-request-id"], answer.headers["x-correlation-id"]) == ("req-1", "corr-1")
    assert answer.json()["code"] == "internal_error"


@pytest.mark.parametrize(
    ("sent", "recorded"),
    [
        ("evt-41f2:7", "evt-41f2:7"),
        ("x" * 129, ""),  # too long to record
        ("xx\t<script>", ""),  # not a plain token
    ],
)
async def test_a_causation_id_is_recorded_only_when_plain(sent: str, recorded: str) -> None:
    async with client() as http:
        answer = await http.post("/commands", headers={**SIGNER.headers("director"), "X-Causation-Id": sent})
    assert answer.status_code == 200, answer.text
    assert answer.json()["causation_id"] == recorded
