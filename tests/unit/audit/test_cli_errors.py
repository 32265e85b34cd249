"""`zeren audit` ends with one line and an exit code that says what went wrong: 1 is only ever a
verdict (tampering found, no proof); 2 an argument, setting, key or export that cannot be used; 3 a
database or NATS that cannot be reached. Never a traceback, never a hang."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from shared.audit import commands
from shared.audit.archive import CHECKPOINTS, export_log
from shared.audit.bench import notarize, synthetic_rows
from shared.audit.note import SignerKey
from shared.cli import main

SIGNER = SignerKey.generate("zeren-notary-test")


def refusing_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(autouse=True)
def nothing_reachable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("PERSONNEL_DATABASE_URL", "PERSONNEL_NATS_URL", "AUDIT_VERIFIER_KEY_FILES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ZEREN_HOME", str(tmp_path / "home"))  # no running stack to adopt
    monkeypatch.setenv("DATABASE_URL", f"postgresql://zeren:secret@127.0.0.1:{refusing_port()}/zeren")
    monkeypatch.setenv("NATS_URL", f"nats://127.0.0.1:{refusing_port()}")
    monkeypatch.setattr(commands, "CONNECT_SECONDS", 1.0)  # the bound, shortened: nothing will answer


@pytest.fixture
def key(tmp_path: Path) -> Path:
    path = tmp_path / "notary.vkey"
    path.write_text(SIGNER.verifier.encode() + "\n", encoding="ascii")
    return path


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    published = notarize(synthetic_rows(20, 16), SIGNER)
    folder = tmp_path / "export"
    export_log(
        "personnel",
        [leaf.to_bytes() for leaf in published.leaves],
        [note.encode("utf-8") for note in published.checkpoints],
        folder,
    )
    return folder


def audit(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["audit", *argv])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return code, err.strip()


def test_an_export_that_is_missing_or_of_another_service_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], key: Path, exported: Path, tmp_path: Path
) -> None:
    code, err = audit(capsys, "verify", "personnel", "--key", str(key), "--from", str(tmp_path / "nowhere"))
    assert code == 2
    assert "not a usable export: cannot read" in err
    code, err = audit(capsys, "verify", "cases", "--key", str(key), "--from", str(exported))
    assert (code, err) == (2, f"zeren audit: cases: not a usable export: {exported} holds the audit log of"
                              " 'personnel', not 'cases'")  # fmt: skip


def test_a_corrupt_checkpoints_file_is_a_usage_error_naming_its_line(
    capsys: pytest.CaptureFixture[str], key: Path, exported: Path
) -> None:
    (exported / CHECKPOINTS).write_text('{"note": "fine"}\nnotjson\n', encoding="utf-8")
    code, err = audit(capsys, "verify", "personnel", "--key", str(key), "--from", str(exported))
    assert code == 2
    assert f"{exported / CHECKPOINTS}, line 2" in err


def test_an_unreachable_database_is_unavailable_not_tampering(
    capsys: pytest.CaptureFixture[str], key: Path, exported: Path
) -> None:
    code, err = audit(capsys, "verify", "personnel", "--key", str(key), "--from", str(exported))
    assert code == 3
    assert "personnel: the database is not reachable" in err
    assert "secret" not in err


def test_a_database_url_that_is_not_one_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, key: Path, exported: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://zeren@localhost/zeren")
    code, err = audit(capsys, "verify", "personnel", "--key", str(key), "--from", str(exported))
    assert code == 2
    assert "the database URL cannot be used" in err


def test_unreachable_nats_is_unavailable_after_a_bounded_wait(
    capsys: pytest.CaptureFixture[str], key: Path, tmp_path: Path
) -> None:
    code, err = audit(capsys, "export", "personnel", str(tmp_path / "export"))
    assert code == 3
    assert "personnel: NATS is not reachable" in err
    code, err = audit(capsys, "verify", "personnel", "--key", str(key))
    assert code == 3


@pytest.mark.parametrize("event", ["notanevent", "12x", "²", "not-a-uuid:3", "00000000-0000-0000-0000-000000000001:v"])
def test_prove_refuses_an_event_it_cannot_name_before_connecting_to_anything(
    capsys: pytest.CaptureFixture[str], key: Path, event: str
) -> None:
    code, err = audit(capsys, "prove", "personnel", event, "--key", str(key))
    assert code == 2
    assert "name an event by its notification id or as <aggregate id>:<version>" in err


def test_prove_names_events_by_any_notification_id_or_by_aggregate_and_version() -> None:
    assert commands.parse_event("1234") == 1234
    assert commands.parse_event("-7") == -7  # a row forged below the log can be named (and gets no proof)
    assert commands.parse_event("00000000-0000-0000-0000-00000000000A:3") == ("00000000-0000-0000-0000-00000000000a", 3)


def test_prove_with_a_valid_event_and_no_database_is_unavailable(capsys: pytest.CaptureFixture[str], key: Path) -> None:
    code, err = audit(capsys, "prove", "personnel", "17", "--key", str(key))
    assert code == 3
    assert "the database is not reachable" in err
