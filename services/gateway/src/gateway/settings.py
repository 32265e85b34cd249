"""Settings of the gateway (`GATEWAY_*`, falling back to unprefixed names).

`GATEWAY_TRUSTED_PROXIES` lists the reverse proxies (an ingress controller) whose X-Forwarded-For
names the client, by address or network, as a JSON list or separated by commas:
`["10.244.0.0/16", "192.0.2.7"]` or `10.244.0.0/16,192.0.2.7`. Empty (the default) trusts none:
the peer's own address is the client's. A value that is not an address or network stops the gateway
at startup, naming it.
"""

from __future__ import annotations

import json
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from gateway.proxies import Network, parse_networks

SERVICES = ("personnel", "cases", "assessment")


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    personnel_url: str = Field(description="base URL of the personnel API")
    cases_url: str = Field(description="base URL of the cases API")
    assessment_url: str = Field(description="base URL of the assessment API")
    # Client tokens: keys by id (a JWKS document), pinned algorithms, issuer and audience.
    jwks_file: str = Field(description="path of the JWKS whose public keys sign client tokens")
    jwks_reload_seconds: float = Field(default=30.0, ge=0, description="how often the JWKS file is checked")
    token_issuer: str = "zeren-auth"  # noqa: S105 - an issuer name, not a secret
    token_audience: str = "zeren-api"  # noqa: S105 - an audience name, not a secret
    token_algorithms: tuple[str, ...] = ("ES256",)
    token_leeway_seconds: int = 30
    # The key the gateway signs per-request identity tokens for the services with.
    identity_private_key_file: str
    identity_issuer: str = "zeren-gateway"
    downstream_timeout_seconds: float = 10.0
    # Admission to each service (per gateway process): calls in flight, calls waiting, and how long
    # one may wait before it is refused with 503: briefly once the queue has stood for a while (an
    # overload), longer while it has not (a burst, a stall of the service); see gateway.admission.
    # Defaults from `zeren bench spike`: more in flight adds latency in the service, not throughput.
    downstream_max_in_flight: int = Field(default=8, ge=1)
    downstream_max_queued: int = Field(default=64, ge=0)
    downstream_queue_seconds: float = Field(default=0.25, gt=0)
    downstream_patient_queue_seconds: float = Field(default=2.0, gt=0)
    downstream_overload_after_seconds: float = Field(default=1.0, ge=0)
    # New calls are refused with 503 while the gateway's event loop runs later than this (see gateway.pressure).
    max_loop_lag_seconds: float = Field(default=0.1, gt=0)
    # Rate limits: public operations per client address, everything else per token subject.
    public_rate_per_second: float = Field(default=5.0, gt=0)
    public_burst: int = Field(default=30, ge=1)
    caller_rate_per_second: float = Field(default=100.0, gt=0)
    caller_burst: int = Field(default=400, ge=1)
    # Reverse proxies whose X-Forwarded-For names the client, by address or network (see above).
    trusted_proxies: Annotated[tuple[Network, ...], NoDecode] = ()
    http_host: str = "0.0.0.0"  # noqa: S104 - containers listen on all interfaces
    http_port: int = 8080
    log_level: str = "INFO"
    max_body_bytes: int = 1_048_576

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_networks(cls, value: object) -> tuple[Network, ...]:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    value = json.loads(text)
                except ValueError:
                    raise ValueError(f"{text!r} is not a JSON list of addresses or networks") from None
            else:
                value = [item for item in text.split(",") if item.strip()]
        if not isinstance(value, list | tuple):
            raise ValueError("a list of addresses or networks is expected")
        return parse_networks(str(item) for item in value)

    def service_urls(self) -> dict[str, str]:
        return {"personnel": self.personnel_url, "cases": self.cases_url, "assessment": self.assessment_url}

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        prefixed = EnvSettingsSource(settings_cls, env_prefix="GATEWAY_")
        return init_settings, prefixed, env_settings, file_secret_settings
