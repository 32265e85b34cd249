"""Settings from the environment, one class per service, built in the composition root (never at import).

Each field is read from `<SERVICE>_<FIELD>` first, then from `<FIELD>`, so `zeren run` can set one
`DATABASE_URL` for all services while a Kubernetes pod sets `CASES_DATABASE_URL` for one.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

# How far a service's clock may be from the gateway's before a fresh identity token is refused as
# expired or as not yet valid: the same allowance the gateway gives the clients' own tokens.
IDENTITY_LEEWAY_SECONDS = 30


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    service: ClassVar[str] = ""

    database_url: SecretStr = Field(description="postgresql://user:password@host:port/dbname")
    nats_url: str = Field(description="nats://host:port (comma-separated for a cluster)")
    nats_user: str | None = None
    nats_password: SecretStr | None = None
    nats_creds_file: str | None = None
    # Public key (PEM) that verifies the identity tokens the gateway signs for each request.
    identity_public_key: str | None = None
    identity_public_key_file: str | None = None
    identity_issuer: str = "zeren-gateway"
    # Allowance between this service's clock and the gateway's when checking an identity token's times.
    identity_leeway_seconds: int = Field(default=IDENTITY_LEEWAY_SECONDS, ge=0, le=300)
    http_host: str = "0.0.0.0"  # noqa: S104 - containers listen on all interfaces
    http_port: int = 8080
    worker_http_port: int = 9090  # health and metrics of a relay or projector process
    log_level: str = "INFO"
    db_pool_size: int = 10
    stream_replicas: int = 1
    consumer_batch_size: int = 256  # messages fetched and applied per projection transaction
    consumer_ack_wait_seconds: float = 5.0  # an unacknowledged message is redelivered after this
    # A projector is not ready once one of its projections has been unable to subscribe this long.
    consumer_subscribe_grace_seconds: float = 30.0

    @property
    def schema_name(self) -> str:
        return self.service

    def identity_key(self) -> str:
        if self.identity_public_key:
            return self.identity_public_key
        if self.identity_public_key_file:
            with open(self.identity_public_key_file, encoding="ascii") as handle:
                return handle.read()
        raise RuntimeError(f"{self.service}: set IDENTITY_PUBLIC_KEY or IDENTITY_PUBLIC_KEY_FILE")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        prefixed = EnvSettingsSource(settings_cls, env_prefix=f"{cls.service.upper()}_")
        return init_settings, prefixed, env_settings, file_secret_settings
