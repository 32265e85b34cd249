"""Dependencies of the personnel routes, read from the application state built by bootstrap."""

from __future__ import annotations

from typing import Annotated

import asyncpg
from fastapi import Depends, Request

from personnel.application import Personnel
from shared.web.authz import READERS, Role, allow


def _personnel(request: Request) -> Personnel:
    application: Personnel = request.app.state.application
    return application


def _pool(request: Request) -> asyncpg.Pool:
    pool: asyncpg.Pool = request.app.state.pool
    return pool


PersonnelDep = Annotated[Personnel, Depends(_personnel)]
PoolDep = Annotated[asyncpg.Pool, Depends(_pool)]

READ = [allow(*READERS)]
# Who records what (the auditor is a reader only):
PERSONNEL_OFFICE = [allow(Role.DIRECTOR, Role.DEPUTY_DIRECTOR, Role.ADMIN)]
LEGAL_SECTION = [allow(Role.LEGAL_AFFAIRS, Role.DIRECTOR, Role.ADMIN)]
TRAINING_RECORDERS = [allow(Role.LEGAL_AFFAIRS, Role.DIRECTOR, Role.DEPUTY_DIRECTOR, Role.ADMIN)]
DUTY_ASSIGNERS = [allow(Role.DIRECTOR, Role.DEPUTY_DIRECTOR, Role.UNIT_HEAD, Role.ADMIN)]
SANCTION_RECORDERS = [allow(Role.LEGAL_AFFAIRS, Role.DIRECTOR, Role.SYSTEM)]
