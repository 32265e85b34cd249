"""A call to a service that failed, told by what the client needs to know: was it sent?

Only a failure to connect proves the service never saw the request ("not reachable": nothing was
done, resend freely). Any failure after that (the service closed the connection, reset it, answered
something that is not HTTP, stopped answering) may come after the service acted on it: the outcome
is unknown, and only a retry with the same Idempotency-Key settles it.

httpx_aiohttp maps every aiohttp connection error to `httpx.ConnectTimeout`, a server that
disconnected mid-call included, so with it the aiohttp error it was raised from decides.
"""

from __future__ import annotations

import aiohttp
import httpx


class DownstreamUnavailableError(Exception):
    """A call that brought no answer from its service; raised as itself, the service could not be
    reached and the request was not sent."""

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"{service}: {reason}")
        self.service = service
        self.reason = reason


class DownstreamTimeoutError(DownstreamUnavailableError):
    """The service did not answer in time: a command may or may not have been recorded."""


class DownstreamConnectionLostError(DownstreamUnavailableError):
    """The call failed after the request may have reached the service: the outcome is unknown."""


class DownstreamRefusedIdentityError(DownstreamUnavailableError):
    """The service refused the identity token this gateway signed: their clocks or keys disagree.
    Nothing was done, and the client's own credentials are not in question."""


_NOT_SENT = (
    aiohttp.ClientConnectorError,  # refused, no route, DNS, TLS: before a byte of the request
    aiohttp.ConnectionTimeoutError,  # no connection in time (opening one, or from the pool)
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
_NO_ANSWER_IN_TIME = (aiohttp.ServerTimeoutError, httpx.TimeoutException)


def downstream_failure(service: str, exc: Exception) -> DownstreamUnavailableError:
    """What `exc`, raised by a call to `service`, means to its client."""
    cause = exc.__cause__ if isinstance(exc.__cause__, aiohttp.ClientError) else exc
    if isinstance(cause, _NOT_SENT):
        return DownstreamUnavailableError(service, "not reachable")
    if isinstance(cause, _NO_ANSWER_IN_TIME):
        return DownstreamTimeoutError(service, "did not answer in time")
    return DownstreamConnectionLostError(service, f"connection lost ({type(cause).__name__})")
