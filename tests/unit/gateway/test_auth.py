"""Client tokens as RFC 8725 asks; the attack suite against a running gateway is in tests/e2e."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from gateway.auth import AuthenticationError, JwksFile, TokenVerifier
from gateway.policy import CLIENT_ROLES
from shared.devstack.keys import AUDIENCE, ISSUER, DevKeys


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _new_key(kid: str) -> tuple[ec.EllipticCurvePrivateKey, dict[str, Any]]:
    key = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": kid, "use": "sig", "alg": "ES256"})
    return key, jwk


def _token(key: Any, kid: str, **claims: Any) -> str:
    now = datetime.now(tz=UTC)
    body = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "zhang",
        "role": "director",
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    body.update(claims)
    return jwt.encode({k: v for k, v in body.items() if v is not None}, key, algorithm="ES256", headers={"kid": kid})


def _verifier(keys: JwksFile) -> TokenVerifier:
    return TokenVerifier(
        keys=keys, issuer=ISSUER, audience=AUDIENCE, algorithms=("ES256",), leeway=0, roles=CLIENT_ROLES
    )


def test_a_rotation_publishes_the_new_key_first_and_retires_the_old_one_later(tmp_path: Path) -> None:
    old, old_jwk = _new_key("2018-01")
    new, new_jwk = _new_key("2018-02")
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [old_jwk]}))
    clock = Clock()
    verifier = _verifier(JwksFile(path, reload_interval=30, clock=clock))
    assert verifier.verify(_token(old, "2018-01")).subject == "zhang"
    with pytest.raises(AuthenticationError, match="unknown signing key"):
        verifier.verify(_token(new, "2018-02"))

    path.write_text(json.dumps({"keys": [old_jwk, new_jwk]}))
    with pytest.raises(AuthenticationError, match="unknown signing key"):
        verifier.verify(_token(new, "2018-02"))  # not re-read before the interval: no reload storm
    clock.now = 31
    assert verifier.verify(_token(new, "2018-02")).role == "director"
    assert verifier.verify(_token(old, "2018-01")).role == "director"  # both valid during the overlap

    path.write_text(json.dumps({"keys": [new_jwk]}) + " ")
    clock.now = 62
    with pytest.raises(AuthenticationError, match="unknown signing key"):
        verifier.verify(_token(old, "2018-01"))


def test_a_broken_jwks_file_keeps_the_last_good_keys(tmp_path: Path, keys: DevKeys) -> None:
    path = tmp_path / "jwks.json"
    shutil.copy(keys.jwks, path)
    clock = Clock()
    source = JwksFile(path, reload_interval=0, clock=clock)
    path.write_text('{"keys": [')
    clock.now = 1
    assert list(source.keys()) == [keys.kid]


def test_a_key_whose_declared_algorithm_differs_from_the_token_is_refused(tmp_path: Path) -> None:
    key, jwk = _new_key("k1")
    jwk["alg"] = "ES384"
    jwk["crv"] = "P-256"
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [jwk]}))
    with pytest.raises(AuthenticationError):
        _verifier(JwksFile(path)).verify(_token(key, "k1"))


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"role": "system"}, "role"),
        ({"role": "Director"}, "role"),
        ({"role": None}, "role"),
        ({"role": ["director"]}, "role"),
        ({"sub": "a b"}, "subject"),
        ({"sub": "x" * 200}, "subject"),
        ({"unit": "STN03; DROP"}, "unit"),
        ({"unit": 3}, "unit"),
        ({"sub": "li-si\n"}, "subject"),  # `$` would match before the newline
        ({"role": "officer", "unit": "STN03\n"}, "unit"),
        ({"role": "officer"}, "no unit"),  # a unit-bound role with no unit would read every unit's lists
        ({"role": "unit_head", "unit": None}, "no unit"),
        ({"iat": None}, "MissingRequiredClaimError"),
        ({"sub": None}, "MissingRequiredClaimError"),
    ],
)
def test_claims_the_services_would_trust_are_checked(tmp_path: Path, claims: dict[str, Any], message: str) -> None:
    key, jwk = _new_key("k1")
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [jwk]}))
    with pytest.raises(AuthenticationError, match=message):
        _verifier(JwksFile(path)).verify(_token(key, "k1", **claims))


def test_a_unit_bound_token_carries_its_unit(tmp_path: Path) -> None:
    key, jwk = _new_key("k1")
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [jwk]}))
    identity = _verifier(JwksFile(path)).verify(_token(key, "k1", role="officer", unit="STN03", aud=[AUDIENCE, "x"]))
    assert (identity.role, identity.unit_id) == ("officer", "STN03")


@pytest.mark.parametrize(
    ("skew_seconds", "refusal"),
    [
        (20, None),  # the issuer's clock a little ahead: within the leeway
        (-80, None),  # a little behind: the one-minute token expired 20 s ago, within the leeway
        (600, "ImmatureSignatureError"),  # ten minutes ahead: not valid yet
        (-600, "ExpiredSignatureError"),  # ten minutes behind: long expired
    ],
)
def test_a_token_from_a_skewed_clock_is_accepted_within_the_leeway_only(
    tmp_path: Path, skew_seconds: int, refusal: str | None
) -> None:
    """Clock skew: iat, nbf and exp as an issuer whose clock is off by `skew_seconds` writes
    them, checked by a gateway allowing 30 s."""
    key, jwk = _new_key("k1")
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [jwk]}))
    verifier = TokenVerifier(
        keys=JwksFile(path), issuer=ISSUER, audience=AUDIENCE, algorithms=("ES256",), leeway=30, roles=CLIENT_ROLES
    )
    issued = datetime.now(tz=UTC) + timedelta(seconds=skew_seconds)
    token = _token(key, "k1", iat=issued, nbf=issued, exp=issued + timedelta(minutes=1))
    if refusal is None:
        assert verifier.verify(token).subject == "zhang"
    else:
        with pytest.raises(AuthenticationError, match=refusal):
            verifier.verify(token)
