"""Choosing the projections an operator names for a rebuild, and the command lines that name them."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from personnel.bootstrap import SERVICE as PERSONNEL
from shared import cli
from shared.cli import build_parser
from shared.devstack import endpoints
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


def test_zeren_rebuild_runs_the_services_command_against_a_local_stack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A copy of the environment, without servers named: what the command adopts stays in this test.
    named = ("DATABASE_URL", "NATS_URL", "ZEREN_GATEWAY_URL")
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if k not in named})
    endpoints.write(
        tmp_path, database_url="postgresql://u:p@127.0.0.1:1/db", nats_url="nats://127.0.0.1:2", gateway_url="http://g"
    )
    executed: list[list[str]] = []

    def execv(_: str, argv: list[str]) -> None:
        executed.append(argv)

    monkeypatch.setattr(os, "execv", execv)
    cli.main(["--home", str(tmp_path), "rebuild", "cases", "cases-enforcers"])
    assert executed == [[sys.executable, "-m", "cases", "rebuild", "cases-enforcers"]]
    assert os.environ["NATS_URL"] == "nats://127.0.0.1:2"  # what the command's process inherits
