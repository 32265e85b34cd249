"""Dependencies of the cases routes, read from the application state built by bootstrap."""

from __future__ import annotations

from typing import Annotated

import asyncpg
from fastapi import Depends, Request

from cases.application import Cases
from shared.domain import InvalidInputError
from shared.domain.access import listed_unit as unit_list_scope
from shared.web.authz import READERS, Role, allow
from shared.web.identity import Identity, acting


def _cases(request: Request) -> Cases:
    application: Cases = request.app.state.application
    return application


CasesDep = Annotated[Cases, Depends(_cases)]


def _pool(request: Request) -> asyncpg.Pool:
    pool: asyncpg.Pool = request.app.state.pool
    return pool


PoolDep = Annotated[asyncpg.Pool, Depends(_pool)]


class InvalidCursorError(InvalidInputError):
    code = "invalid_cursor"


def listed_unit(identity: Identity, unit_id: str | None) -> str | None:
    """The unit a list is filtered to (see `shared.domain.access.listed_unit`)."""
    return unit_list_scope(identity.role, identity.unit_id, unit_id)


# Reads open the caller's context too: the application refuses another unit's lead or case (403).
READ = [allow(*READERS), Depends(acting)]

# Who may record what (object scope is checked by the application: an officer or unit head acts on
# their own unit's leads and cases only; the bureau-wide roles act on every unit's).
HANDLERS = [allow(Role.OFFICER, Role.UNIT_HEAD, Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
REVIEWERS = [allow(Role.CASE_REVIEWER, Role.LEGAL_AFFAIRS)]
LEGAL = [allow(Role.LEGAL_AFFAIRS)]
HEADS = [allow(Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
COLLECTIVE = [allow(Role.DIRECTOR, Role.DEPUTY_DIRECTOR, Role.LEGAL_AFFAIRS)]
CHALLENGES = [allow(Role.LEGAL_AFFAIRS, Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
# A superior bureau's letter (a takeover) is entered by the bureau's leaders or its legal section.
SUPERIOR_LETTERS = [allow(Role.LEGAL_AFFAIRS, Role.DIRECTOR, Role.DEPUTY_DIRECTOR)]
COURT = [allow(Role.OFFICER, Role.UNIT_HEAD, Role.DIRECTOR, Role.DEPUTY_DIRECTOR, Role.LEGAL_AFFAIRS)]
RULE_MAKERS = [allow(Role.LEGAL_AFFAIRS, Role.DIRECTOR, Role.ADMIN)]
