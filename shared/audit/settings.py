"""Settings of a service's notary: `<SERVICE>_AUDIT_*` first, then `AUDIT_*`, like every other setting."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field
from pydantic_settings import BaseSettings, EnvSettingsSource, PydanticBaseSettingsSource, SettingsConfigDict

from shared.audit.note import SignerKey


class NotarySettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True, env_prefix="AUDIT_")

    service: ClassVar[str] = ""

    # Signer key files (PRIVATE+KEY+<name>+…), comma-separated. Two during a key rotation: every
    # checkpoint is then co-signed by the old and the new key.
    signing_key_files: str = Field(description="comma-separated signer key files")
    checkpoint_every: int = Field(1000, ge=1, description="sign a checkpoint after this many new leaves")
    checkpoint_seconds: float = Field(10.0, gt=0, description="or after this long, if any leaf is new")
    batch_size: int = Field(500, ge=1, le=10_000)

    def signers(self) -> list[SignerKey]:
        paths = [Path(part.strip()) for part in self.signing_key_files.split(",") if part.strip()]
        if not paths:
            raise ValueError("AUDIT_SIGNING_KEY_FILES names no key")
        signers = [SignerKey.read(path) for path in paths]
        if len({signer.key_id for signer in signers}) != len(signers):
            raise ValueError("AUDIT_SIGNING_KEY_FILES names the same key twice")
        return signers

    @classmethod
    def for_service(cls, service: str) -> NotarySettings:
        scoped = type(f"{service.title()}NotarySettings", (cls,), {"service": service})
        return scoped()  # type: ignore[no-any-return]

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        prefixed = EnvSettingsSource(settings_cls, env_prefix=f"{cls.service.upper()}_AUDIT_")
        return init_settings, prefixed, env_settings, file_secret_settings
