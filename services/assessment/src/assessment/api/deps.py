"""Dependencies of the assessment routes, read from the application state built by bootstrap."""

from __future__ import annotations

from typing import Annotated

import asyncpg
from fastapi import Depends, Request

from assessment.application import Assessments


def _pool(request: Request) -> asyncpg.Pool:
    pool: asyncpg.Pool = request.app.state.pool
    return pool


def _assessments(request: Request) -> Assessments:
    application: Assessments = request.app.state.application
    return application


PoolDep = Annotated[asyncpg.Pool, Depends(_pool)]
AssessmentsDep = Annotated[Assessments, Depends(_assessments)]
