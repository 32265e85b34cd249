"""Command routes: identity, Idempotency-Key and If-Match handled once, for every service.

    @router.post("/officers", status_code=201, dependencies=[allow(Role.DIRECTOR)])
    def enroll_officer(body: EnrollOfficerRequest, personnel: PersonnelDep, command: CommandDep) -> CommandResult:
        return command.run(personnel, lambda: personnel.enroll_officer(...))

Every command answers `{"id", "version"}` of the aggregate it changed (and an `ETag`); clients read
anything else with a GET. A retry with the same `Idempotency-Key` answers the first result with
`Idempotent-Replayed: true` and changes nothing; `If-Match: "<version>"` makes a stale view a 409;
`Occurred-At: <time>` enters a record after the fact (roles in `BACKDATING` only): its events keep
that business time beside the time they were recorded. The key is bound to the request: its method,
path, query and body, and its `Occurred-At` and `If-Match` (`request_fingerprint`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated
from uuid import UUID

from eventsourcing.domain import Aggregate
from fastapi import Depends, Request, Response
from pydantic import BaseModel

from shared.application import ServiceApplication
from shared.domain import CommandContext, InvalidInputError, get_clock
from shared.domain.access import BACKDATING, ForbiddenError
from shared.domain.context import install_context
from shared.web.identity import Identity, acting, require_identity
from shared.web.requests import within_calendar

MAX_KEY_LENGTH = 255


class CommandResult(BaseModel):
    id: UUID
    version: int


class InvalidHeaderError(InvalidInputError):
    code = "invalid_header"


@dataclass
class Command:
    identity: Identity
    context: CommandContext
    idempotency_key: str | None
    expected_version: int | None
    fingerprint: str
    response: Response

    def run(self, application: ServiceApplication, command: Callable[[], Aggregate]) -> CommandResult:
        outcome = application.run_command(command, idempotency_key=self.idempotency_key, fingerprint=self.fingerprint)
        self.response.headers["ETag"] = f'"{outcome.version}"'
        if outcome.replayed:
            self.response.headers["Idempotent-Replayed"] = "true"
        return CommandResult(id=outcome.aggregate_id, version=outcome.version)


def parse_if_match(value: str | None) -> int | None:
    if value is None or value.strip() == "*":
        return None
    token = value.strip().removeprefix("W/").strip('"')
    if not (token.isascii() and token.isdigit() and len(token) <= 18):
        raise InvalidHeaderError('If-Match must carry the version the client saw, e.g. "3"', header="If-Match")
    return int(token)


def parse_idempotency_key(value: str | None) -> str | None:
    if value is None:
        return None
    raw = value.strip()
    key = raw.strip('"')
    # Visible ASCII only: the key is stored and echoed, and header bytes beyond ASCII mean nothing portable.
    if not key or len(raw) > MAX_KEY_LENGTH or not all("!" <= char <= "~" for char in key):
        raise InvalidHeaderError(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} visible ASCII characters", header="Idempotency-Key"
        )
    return key


# Clocks of different machines disagree a little; a business time further ahead is an error.
CLOCK_SKEW = timedelta(minutes=5)


def parse_occurred_at(value: str | None, role: str, now: datetime) -> datetime | None:
    """The business time of a record entered after the fact, from the `Occurred-At` header."""
    if value is None:
        return None
    try:
        occurred = datetime.fromisoformat(value.strip())
    except ValueError:
        occurred = None
    if occurred is None or occurred.tzinfo is None:
        raise InvalidHeaderError(
            "Occurred-At must be an ISO 8601 time with its offset, e.g. 2018-03-06T14:30:00+08:00",
            header="Occurred-At",
        )
    try:
        # The bounds of every business time in a body: a year-1 instant would overflow once converted to
        # UTC (the request's fingerprint), and a time before the bureau's records is no business time.
        within_calendar(occurred)
    except ValueError as exc:
        raise InvalidHeaderError(f"Occurred-At: {exc}", header="Occurred-At") from None
    if occurred > now + CLOCK_SKEW:
        raise InvalidHeaderError("Occurred-At cannot be in the future", header="Occurred-At", now=now.isoformat())
    if role not in BACKDATING:
        raise ForbiddenError(
            "this role may not enter records after the fact",
            rule="backdating_not_allowed",
            allowed_roles=sorted(BACKDATING),
        )
    return occurred


def request_fingerprint(
    method: str, path: str, query: str, body: bytes, *, occurred_at: datetime | None, expected_version: int | None
) -> str:
    """What an Idempotency-Key is bound to: the request, and the headers that change what it means.

    A retry with another business time (`Occurred-At`) or another version seen (`If-Match`) is another
    request, refused like another body. Those are added only when given, so a key recorded before they
    counted still replays; they are compared by meaning (the instant, the version), not by spelling."""
    parts = [method.encode(), path.encode(), query.encode(), body]
    if occurred_at is not None:
        parts += [b"occurred-at", occurred_at.astimezone(UTC).isoformat().encode()]
    if expected_version is not None:
        parts += [b"if-match", str(expected_version).encode()]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


async def command(request: Request, response: Response) -> Command:
    identity = await require_identity(request)
    context = await acting(request)
    occurred_at = parse_occurred_at(request.headers.get("occurred-at"), identity.role, get_clock().now())
    if occurred_at is not None:
        context = context.backdated(occurred_at)
        install_context(context)
    body = await request.body()
    idempotency_key = parse_idempotency_key(request.headers.get("idempotency-key"))
    expected_version = parse_if_match(request.headers.get("if-match"))
    fingerprint = request_fingerprint(
        request.method,
        request.url.path,
        request.url.query,
        body,
        occurred_at=occurred_at,
        expected_version=expected_version,
    )
    return Command(
        identity=identity,
        context=context,
        idempotency_key=idempotency_key,
        expected_version=expected_version,
        fingerprint=fingerprint,
        response=response,
    )


CommandDep = Annotated[Command, Depends(command)]
