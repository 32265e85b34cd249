"""The identity token a service accepts from the gateway: refusals say why, and the clocks of the
gateway and the service may differ by the leeway and no more."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from shared.devstack.keys import DevKeys, ensure_dev_keys
from shared.settings import IDENTITY_LEEWAY_SECONDS
from shared.web.identity import ALGORITHM, Identity, IdentityError, IdentityVerifier, mint_identity_token

ISSUER = "zeren-gateway"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> DevKeys:
    return ensure_dev_keys(tmp_path_factory.mktemp("keys"))


def verifier(keys: DevKeys, **kwargs: Any) -> IdentityVerifier:
    return IdentityVerifier(
        public_key_pem=keys.identity_public.read_text(), audience="personnel", issuer=ISSUER, **kwargs
    )


def signed_by_a_clock_off_by(keys: DevKeys, skew: timedelta, **claims: Any) -> str:
    """A token as a gateway whose clock is `skew` ahead of this one signs it (60 s to live)."""
    now = datetime.now(tz=UTC) + skew
    body = {"iss": ISSUER, "aud": "personnel", "sub": "li-si", "role": "officer", "unit": "STN03", "iat": now}
    body |= {"exp": now + timedelta(seconds=60), **claims}
    return jwt.encode(body, keys.identity_private.read_text(), algorithm=ALGORITHM)


def test_a_fresh_token_names_the_caller(keys: DevKeys) -> None:
    token = mint_identity_token(
        Identity(subject="li-si", role="officer", unit_id="STN03"),
        private_key_pem=keys.identity_private.read_text(),
        audience="personnel",
        issuer=ISSUER,
    )
    assert verifier(keys).verify(token) == Identity(subject="li-si", role="officer", unit_id="STN03")


@pytest.mark.parametrize("seconds", [-80, -20, 20, IDENTITY_LEEWAY_SECONDS - 2])
def test_clocks_apart_within_the_leeway_are_accepted(keys: DevKeys, seconds: int) -> None:
    """-80: signed 80 s ago by this clock, so expired 20 s ago, within the 30 s leeway."""
    assert verifier(keys).verify(signed_by_a_clock_off_by(keys, timedelta(seconds=seconds))).subject == "li-si"


@pytest.mark.parametrize(
    ("skew", "reason"),
    [
        (timedelta(minutes=-10), "expired"),
        (timedelta(seconds=-(60 + IDENTITY_LEEWAY_SECONDS + 5)), "expired"),
        (timedelta(minutes=10), "not_yet_valid"),
        (timedelta(seconds=IDENTITY_LEEWAY_SECONDS + 5), "not_yet_valid"),
    ],
)
def test_clocks_apart_beyond_the_leeway_are_refused_as_a_matter_of_time(
    keys: DevKeys, skew: timedelta, reason: str
) -> None:
    with pytest.raises(IdentityError) as refused:
        verifier(keys).verify(signed_by_a_clock_off_by(keys, skew))
    assert refused.value.reason == reason


def test_the_leeway_is_the_services_setting(keys: DevKeys) -> None:
    twenty_seconds_ahead = signed_by_a_clock_off_by(keys, timedelta(seconds=20))
    with pytest.raises(IdentityError) as refused:
        verifier(keys, leeway_seconds=5).verify(twenty_seconds_ahead)
    assert refused.value.reason == "not_yet_valid"


def other_key_pem() -> str:
    key = ed25519.Ed25519PrivateKey.generate()
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def test_other_refusals_name_what_is_wrong(keys: DevKeys) -> None:
    def reason(token: str) -> str:
        with pytest.raises(IdentityError) as refused:
            verifier(keys).verify(token)
        return refused.value.reason

    assert reason(signed_by_a_clock_off_by(keys, timedelta(0), aud="cases")) == "audience"
    assert reason(signed_by_a_clock_off_by(keys, timedelta(0), iss="someone-else")) == "issuer"
    now = datetime.now(tz=UTC)
    forged = jwt.encode(
        {
            "iss": ISSUER,
            "aud": "personnel",
            "sub": "x",
            "role": "director",
            "iat": now,
            "exp": now + timedelta(seconds=60),
        },
        other_key_pem(),
        algorithm=ALGORITHM,
    )
    assert reason(forged) == "signature"
    assert reason("not-a-token") == "malformed"


@pytest.mark.parametrize("role", ["officer", "unit_head"])
def test_a_unit_bound_role_without_a_unit_is_refused(keys: DevKeys, role: str) -> None:
    # Every list filter reads "no unit" as "all units": such an identity must not get that far.
    token = signed_by_a_clock_off_by(keys, timedelta(0), role=role, unit=None)
    with pytest.raises(IdentityError):
        verifier(keys).verify(token)
    bureau_wide = signed_by_a_clock_off_by(keys, timedelta(0), role="auditor", unit=None)
    assert verifier(keys).verify(bureau_wide).unit_id is None
