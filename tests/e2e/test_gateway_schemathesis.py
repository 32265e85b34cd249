"""schemathesis against the gateway's `/openapi.json`, with a token of every client role.

Every check runs (server errors, status / content type / headers / body conformance to the
document, schema-violating requests refused, auth not ignored, use after free...), except
`positive_data_acceptance`: some schema-valid requests are rightly refused for reasons no schema
can state (a cursor the list never gave out, an Idempotency-Key reused for another body: 422).

The normal suite runs the documented examples and a few generated requests per operation and role
(about 15 s a role over every operation of the document); the longer run adds the coverage phase
(boundary values of every field) and the stateful phase (chains of calls following the document's
links):

    ZEREN_FUZZ_EXAMPLES=200 ZEREN_FUZZ_PHASES=examples,coverage,fuzzing,stateful ZEREN_FUZZ_SECONDS=7200 \\
        python3 zeren test tests/e2e/test_gateway_schemathesis.py -s
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from shared.devstack.keys import ensure_dev_keys, mint_client_token
from shared.devstack.launcher import PREFERRED_API_PORTS, Stack
from shared.devstack.process import free_port
from tests.support.gateway_env import PATIENT_GATEWAY
from tests.support.infra import NatsServer
from tests.support.roles import CLIENT_ROLES

EXAMPLES = int(os.environ.get("ZEREN_FUZZ_EXAMPLES", "1"))
PHASES = os.environ.get("ZEREN_FUZZ_PHASES", "examples,fuzzing")
# What one role's run may take: the suite's per-test limit is too short for the longer phases.
RUN_SECONDS = int(os.environ.get("ZEREN_FUZZ_SECONDS", "1800"))
SCHEMATHESIS = Path(sys.executable).parent / "st"


def _section(output: str, start: str, end: str) -> str:
    """The part of schemathesis' report between two headings (the failures, with curl to reproduce)."""
    begin = output.find(f"= {start} =")
    if begin < 0:
        return ""
    finish = output.find(f"= {end} =", begin)
    return output[begin : finish if finish > 0 else None][:20000]


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, module_database_url: str, module_nats_server: NatsServer
) -> Iterator[Stack]:
    """Rate limits out of the way: the run measures the API, not the limiter."""
    home = tmp_path_factory.mktemp("fuzz")
    running = Stack(
        home=home / "stack",
        database_url=module_database_url,
        nats_url=module_nats_server.url,
        keys=ensure_dev_keys(home / "keys"),
        api_ports={name: free_port() for name in PREFERRED_API_PORTS},
        extra_env={
            **PATIENT_GATEWAY,
            "GATEWAY_CALLER_RATE_PER_SECOND": "100000",
            "GATEWAY_PUBLIC_RATE_PER_SECOND": "100000",
        },
    )
    try:
        running.start(timeout=90)
        yield running
    finally:
        running.stop()


@pytest.mark.timeout(RUN_SECONDS + 60)
@pytest.mark.parametrize("role", CLIENT_ROLES)
def test_no_request_makes_the_api_fail_or_break_its_document(stack: Stack, role: str, tmp_path: Path) -> None:
    token = mint_client_token(stack.keys, subject=f"fuzz-{role}", role=role, unit="STN03")
    report = tmp_path / "report.json"
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{stack.url('gateway')}/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance",
        "--max-examples",
        str(EXAMPLES),
        "--phases",
        PHASES,
        "--seed",
        "20180301",
        # One worker: with two, Python 3.11's parser can fail inside schemathesis' threads ("AST
        # constructor recursion depth mismatch"), a runtime error of the tool, not a finding.
        "--workers",
        "1",
        "--request-timeout",
        "10",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=RUN_SECONDS, cwd=tmp_path, check=False)
    assert report.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(report.read_text())
    document = httpx.get(f"{stack.url('gateway')}/openapi.json", timeout=10).json()
    operations = sum(1 for item in document["paths"].values() for method in item if method != "parameters")
    print(
        f"\nschemathesis as {role}: {result['operations']['tested']}/{operations} operations, "
        f"{result['test_cases']['generated']} examples, {len(result['failures'])} failures, "
        f"{len(result['errors'])} errors, phases {PHASES}"
    )
    findings = (_section(run.stdout, "ERRORS", "FAILURES") + _section(run.stdout, "FAILURES", "WARNINGS")) or (
        run.stdout[-6000:]
    )
    assert result["failures"] == [], findings
    assert result["errors"] == [], findings
    assert result["operations"]["tested"] == operations
    assert result["exit_code"] == 0, run.stdout[-6000:]
