"""Choosing the projections an operator names for a rebuild, and the command lines that name them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from personnel.bootstrap import SERVICE as PERSONNEL
from shared.cli import build_parser
from shared.messaging.rebuilding import UnknownProjectionError, chosen
from shared.service import main


@dataclass
class Named:
    name: str
    producers: tuple[str, ...] = ("personnel",)
    tables: tuple[str, ...] = ()

    async def apply(self, *_: object) -> None:
        return None


PROJECTIONS = [Named("roster"), Named("facts"), Named("matters")]


def test_the_named_projections_in_the_order_named_once_each() -> None:
    assert [p.name for p in chosen(PROJECTIONS, ["matters", "roster", "matters"])] == ["matters", "roster"]


def test_no_name_lists_what_there_is() -> None:
    with pytest.raises(UnknownProjectionError, match="Name one or more of: roster, facts, matters"):
        chosen(PROJECTIONS, [])


def test_an_unknown_name_is_refused_whole() -> None:
    with pytest.raises(UnknownProjectionError, match="unknown projection\\(s\\): rooster\\. Name one or more of"):
        chosen(PROJECTIONS, ["roster", "rooster"])


def test_zeren_rebuild_passes_the_names_on() -> None:
    args = build_parser().parse_args(["rebuild", "cases", "cases-enforcers", "cases-procedure-index"])
    assert (args.service, args.projections) == ("cases", ["cases-enforcers", "cases-procedure-index"])
    with pytest.raises(SystemExit):
        build_parser().parse_args(["rebuild", "gateway"])  # the gateway projects nothing


def test_only_rebuild_takes_names(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["relay", "extra"], PERSONNEL)
    assert exited.value.code == 2
    assert "relay takes no further arguments" in capsys.readouterr().err
