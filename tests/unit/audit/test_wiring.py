"""The notary is a role of every service with an event store, started by `zeren run` with a dev key."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.audit.note import KeyRing, SignerKey
from shared.audit.settings import NotarySettings
from shared.cli import build_parser
from shared.devstack.keys import ensure_dev_keys
from shared.devstack.launcher import ROLES, Stack
from shared.service import AUDIT_MIGRATIONS, ServiceDefinition
from shared.settings import ServiceSettings


def _definition(*, with_event_store: bool) -> ServiceDefinition:
    return ServiceDefinition(
        name="demo",
        settings=ServiceSettings,
        api_factory="demo:create_api",
        migrations=[],
        make_application=(lambda _: None) if with_event_store else None,
    )


def test_every_service_with_an_event_store_has_the_notarize_role_and_its_table() -> None:
    with_store = _definition(with_event_store=True)
    assert "notarize" in with_store.roles()
    assert AUDIT_MIGRATIONS in with_store.all_migrations()
    without = _definition(with_event_store=False)
    assert "notarize" not in without.roles()
    assert AUDIT_MIGRATIONS not in without.all_migrations()


def test_personnel_roles_include_the_notary() -> None:
    from personnel.bootstrap import SERVICE

    assert "notarize" in SERVICE.roles()
    assert "notarize" in ROLES["personnel"]


def test_zeren_run_generates_a_notary_key_and_hands_it_to_the_processes(tmp_path: Path) -> None:
    keys = ensure_dev_keys(tmp_path / "keys")
    signer = SignerKey.read(keys.notary_signing)
    assert KeyRing.read([keys.notary_verifier]).key_ids == [signer.key_id]
    assert keys.notary_signing.stat().st_mode & 0o077 == 0
    assert ensure_dev_keys(tmp_path / "keys").notary_signing.read_text() == keys.notary_signing.read_text()
    plan = Stack(home=tmp_path, database_url="postgresql://x/y", nats_url="nats://x", keys=keys).plan()
    notary = next(spec for spec in plan if spec.name == "personnel-notarize")
    assert notary.argv[-2:] == ["personnel", "notarize"]
    assert notary.env["AUDIT_SIGNING_KEY_FILES"] == str(keys.notary_signing)


def test_notary_settings_read_the_service_prefix_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    first, second = SignerKey.generate("a"), SignerKey.generate("b")
    (tmp_path / "a.key").write_text(first.encode())
    (tmp_path / "b.key").write_text(second.encode())
    monkeypatch.setenv("AUDIT_SIGNING_KEY_FILES", str(tmp_path / "a.key"))
    monkeypatch.setenv("PERSONNEL_AUDIT_SIGNING_KEY_FILES", f"{tmp_path / 'a.key'},{tmp_path / 'b.key'}")
    monkeypatch.setenv("AUDIT_CHECKPOINT_EVERY", "50")
    settings = NotarySettings.for_service("personnel")
    assert [s.key_id for s in settings.signers()] == [first.key_id, second.key_id]
    assert settings.checkpoint_every == 50
    assert [s.key_id for s in NotarySettings.for_service("cases").signers()] == [first.key_id]


def test_the_cli_offers_the_audit_commands() -> None:
    parser = build_parser()
    args = parser.parse_args(["audit", "verify", "personnel", "--key", "a.vkey", "--from", "export"])
    assert (args.audit_command, args.service, args.key, args.folder) == ("verify", "personnel", ["a.vkey"], "export")
    assert parser.parse_args(["audit", "bench", "--events", "10"]).events == 10
    assert parser.parse_args(["notarize", "personnel"]).service == "personnel"
