"""Input no service can store: NUL characters.

PostgreSQL text and jsonb cannot hold U+0000, so a NUL in a query parameter or in a JSON string
would end as a database error deep in a service (a 500), or worse, as an event that no projection
can apply. No field of this domain has a use for it: the gateway refuses it up front.
"""

from __future__ import annotations

import re

from shared.domain import InvalidInputError

# `\u0000` as a JSON escape: preceded by an even number of backslashes (`\\u0000` is the text `\u0000`).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


class NulCharacterError(InvalidInputError):
    code = "nul_character"


def reject_nul(raw_path: str, query: str, body: bytes) -> None:
    where = None
    if "%00" in raw_path or "\x00" in raw_path:
        where = "path"
    elif "%00" in query or "\x00" in query:
        where = "query"
    elif b"\x00" in body or _JSON_NUL.search(body):
        where = "body"
    if where is not None:
        raise NulCharacterError("text may not contain the NUL character (U+0000)", location=where)
