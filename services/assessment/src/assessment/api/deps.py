"""Dependencies of the assessment routes."""

from __future__ import annotations

from typing import Annotated

import asyncpg
from fastapi import Depends, Request


def _pool(request: Request) -> asyncpg.Pool:
    pool: asyncpg.Pool = request.app.state.pool
    return pool


PoolDep = Annotated[asyncpg.Pool, Depends(_pool)]
