"""Header values are bytes a client chose: a version is ASCII digits, whatever `str.isdigit` says."""

from __future__ import annotations

import pytest

from shared.web.commands import InvalidHeaderError, parse_idempotency_key, parse_if_match


@pytest.mark.parametrize("header", ["²", "٣", '"¹²"', "9" * 40])
def test_an_if_match_that_is_not_a_plain_version_is_invalid_input_not_a_crash(header: str) -> None:
    with pytest.raises(InvalidHeaderError):
        parse_if_match(header)


@pytest.mark.parametrize("header", ["a b", "clé-1", "tab\tkey", "x" * 256])
def test_an_idempotency_key_is_visible_ascii(header: str) -> None:
    with pytest.raises(InvalidHeaderError):
        parse_idempotency_key(header)


def test_an_idempotency_key_may_be_quoted() -> None:
    assert parse_idempotency_key(' "enrol-2018/03:01" ') == "enrol-2018/03:01"


def test_occurred_at_needs_an_offset_a_past_time_and_a_record_keeping_role() -> None:
    from datetime import UTC, datetime

    from shared.domain.access import ForbiddenError
    from shared.web.commands import parse_occurred_at

    now = datetime(2018, 6, 1, tzinfo=UTC)
    assert parse_occurred_at(None, "officer", now) is None
    assert parse_occurred_at("2018-03-06T14:30:00+08:00", "legal_affairs", now) == datetime(
        2018, 3, 6, 6, 30, tzinfo=UTC
    )
    for bad in ("2018-03-06T14:30:00", "yesterday", "2018-06-02T00:00:00+00:00"):
        with pytest.raises(InvalidHeaderError):
            parse_occurred_at(bad, "director", now)
    with pytest.raises(ForbiddenError):
        parse_occurred_at("2018-03-06T14:30:00+08:00", "officer", now)


@pytest.mark.parametrize(
    "header",
    ["0001-01-01T00:00:00+14:00", "1850-01-01T00:00:00+08:00", "1899-12-31T23:59:59+00:00"],
)
def test_occurred_at_lies_within_the_bureaus_calendar_like_every_time_in_a_body(header: str) -> None:
    from datetime import UTC, datetime

    from shared.web.commands import parse_occurred_at

    with pytest.raises(InvalidHeaderError, match="between 1900 and 9000"):
        parse_occurred_at(header, "director", datetime(2018, 6, 1, tzinfo=UTC))
    assert parse_occurred_at("1900-01-01T00:00:00+00:00", "director", datetime(2018, 6, 1, tzinfo=UTC))
