"""`zeren`: run the whole system on one machine, or one piece of it, and the developer chores.

zeren run                         PostgreSQL + NATS (embedded unless DATABASE_URL / NATS_URL) + every process
zeren serve|relay|project|migrate <service>
zeren token --role R [--unit U]   a development client token for the gateway
zeren audit verify|prove|check-proof|export|keygen|bench   tamper evidence of the services' event logs
zeren seed [--scale small|full]   load the demo scenario into a running system, through the gateway
zeren test [pytest args]          the test suite
zeren check                       ruff, mypy and the import contracts
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from shared.audit.cli import add_audit_parser
from shared.devstack import endpoints
from shared.devstack.seed.cli import add_seed_parser

SERVICES = ("personnel", "cases", "assessment", "gateway")
WITH_EVENTS = SERVICES[:3]  # the gateway keeps no events: no relay, projector, scheduler or rebuild


def _home(value: str | None) -> Path:
    return Path(value or os.environ.get("ZEREN_HOME", ".devstack")).resolve()


def cmd_run(args: argparse.Namespace) -> int:
    from shared.db.urls import redact
    from shared.devstack.keys import ensure_dev_keys
    from shared.devstack.launcher import Stack
    from shared.devstack.nats import EmbeddedNats
    from shared.devstack.postgres import EmbeddedPostgres
    from shared.devstack.process import free_port

    logging.basicConfig(level=logging.INFO, format="%(asctime)s zeren %(levelname)s %(message)s")
    home = _home(args.home)
    keys = ensure_dev_keys(home / "keys")
    stopping = False

    def request_stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    postgres = nats = None
    stack: Stack | None = None
    try:
        database_url = os.environ.get("DATABASE_URL")
        if not database_url:
            postgres = EmbeddedPostgres(home / "postgres", free_port(15432))
            database_url = postgres.start()
        nats_url = os.environ.get("NATS_URL")
        if not nats_url:
            nats = EmbeddedNats(home / "nats", free_port(4222))
            nats_url = nats.start()
        stack = Stack(home=home, database_url=database_url, nats_url=nats_url, keys=keys, log_level=args.log_level)
        stack.start()
        endpoints.write(home, database_url=database_url, nats_url=nats_url, gateway_url=stack.url("gateway"))
        print(
            f"""
Zeren is running (data and logs under {home}).

  gateway      {stack.url("gateway")}          API docs: {stack.url("gateway")}/docs
  personnel    {stack.url("personnel")}
  cases        {stack.url("cases")}
  assessment   {stack.url("assessment")}
  PostgreSQL   {redact(database_url)}
  NATS         {nats_url}

  A token:     {sys.argv[0]} token --role director
  Stop:        Ctrl-C
""",
            flush=True,
        )
        while not stopping:
            stack.supervise_once()
            time.sleep(0.5)
    finally:
        print("stopping…", flush=True)
        endpoints.remove(home)
        if stack is not None:
            stack.stop()
        if nats is not None:
            nats.stop()
        if postgres is not None:
            postgres.stop()
    return 0


def cmd_piece(args: argparse.Namespace) -> int:
    extra = getattr(args, "projections", [])
    os.execv(sys.executable, [sys.executable, "-m", args.service, args.command, *extra])  # noqa: S606
    return 1  # not reached


def cmd_token(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from shared.devstack.keys import ensure_dev_keys, mint_client_token
    from shared.domain.access import BUREAU_WIDE, Role

    if Role(args.role) not in BUREAU_WIDE and not args.unit:
        print(f"the role {args.role} acts for one unit: give --unit (e.g. --unit STN03)", file=sys.stderr)
        return 2
    keys = ensure_dev_keys(_home(args.home) / "keys")
    subject = args.sub or f"dev-{args.role}"
    token = mint_client_token(
        keys, subject=subject, role=args.role, unit=args.unit, name=args.name, ttl=timedelta(hours=args.hours)
    )
    print(token)
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    os.execv(sys.executable, [sys.executable, "-m", "pytest", *args.pytest_args])  # noqa: S606
    return 1


def cmd_bench(args: argparse.Namespace) -> int:
    # The benchmark drives real services' code, so it lives beside the tests, not in `shared`.
    suites = {
        "backbone": "tests.benchmarks.backbone",
        "http": "tests.benchmarks.http_load",
        "client": "tests.benchmarks.http_client",
        "spike": "tests.benchmarks.spike",
        "writes": "tests.benchmarks.writes",
        "soak": "tests.benchmarks.soak",
        "lag": "tests.benchmarks.lag",
    }
    rest = list(args.bench_args)
    suite = rest.pop(0) if rest and rest[0] in suites else "backbone"
    os.execv(sys.executable, [sys.executable, "-m", suites[suite], *rest])  # noqa: S606
    return 1


def cmd_openapi(args: argparse.Namespace) -> int:
    from shared.devstack import openapi

    documents = openapi.generate()
    if args.check:
        outdated = openapi.stale(documents)
        for service in outdated:
            print(f"{openapi.snapshot_path(service)} is stale: run `zeren openapi`", file=sys.stderr)
        return 1 if outdated else 0
    for path in openapi.write(documents):
        print(f"wrote {path}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from shared.audit.commands import run

    return run(args, home=_home(args.home))


def cmd_seed(args: argparse.Namespace) -> int:
    from shared.devstack.seed.command import run

    return run(args, home=_home(args.home))


def cmd_check(_: argparse.Namespace) -> int:
    steps = [
        [sys.executable, "-m", "ruff", "check", "."],
        [sys.executable, "-m", "ruff", "format", "--check", "."],
        [sys.executable, "-m", "mypy"],
        [str(Path(sys.executable).parent / "lint-imports")],
    ]
    failed = 0
    for step in steps:
        print(f"$ {' '.join(Path(step[0]).name if i == 0 else part for i, part in enumerate(step))}", flush=True)
        failed |= subprocess.call(step)  # noqa: S603
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zeren", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", help="data folder (default: $ZEREN_HOME or ./.devstack)")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run the whole system on this machine")
    run.add_argument("--log-level", default="INFO")
    run.set_defaults(handler=cmd_run)

    for piece in ("serve", "relay", "project", "schedule", "migrate"):
        sub = commands.add_parser(piece, help=f"{piece} one service")
        sub.add_argument("service", choices=SERVICES if piece == "serve" else WITH_EVENTS)
        sub.set_defaults(handler=cmd_piece)
    rebuild = commands.add_parser("rebuild", help="empty a service's projections for its projector to replay")
    rebuild.add_argument("service", choices=WITH_EVENTS)
    rebuild.add_argument("projections", nargs="*", help="projection names (none: list them)")
    rebuild.set_defaults(handler=cmd_piece)

    token = commands.add_parser("token", help="mint a development client token")
    from shared.domain.access import Role

    # `system` is the services' own scheduler, never a client.
    token.add_argument("--role", required=True, choices=[role.value for role in Role if role is not Role.SYSTEM])
    token.add_argument("--unit")
    token.add_argument("--sub")
    token.add_argument("--name")
    token.add_argument("--hours", type=float, default=8.0)
    token.set_defaults(handler=cmd_token)

    test = commands.add_parser("test", help="run the test suite (arguments go to pytest)")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER)
    test.set_defaults(handler=cmd_test)

    bench = commands.add_parser(
        "bench",
        help="`bench [backbone]`: relay and consumer throughput; `bench http`: load through the gateway;"
        " `bench client`: an HTTP client's CPU per call;"
        " `bench spike`: three times the rate for a minute, the answers and the recovery;"
        " `bench writes`: the write path's ceiling by concurrent writers;"
        " `bench soak`: a steady rate for hours, the last half hour beside the first, memory and storage;"
        " `bench lag`: a projection's lag through a burst, and its catch-up",
    )
    bench.add_argument("bench_args", nargs=argparse.REMAINDER)
    bench.set_defaults(handler=cmd_bench)

    spec = commands.add_parser("openapi", help="refresh the gateway's snapshots of the services' OpenAPI documents")
    spec.add_argument("--check", action="store_true", help="only report stale snapshots (exit 1 if any)")
    spec.set_defaults(handler=cmd_openapi)

    check = commands.add_parser("check", help="ruff, mypy and import contracts")
    check.set_defaults(handler=cmd_check)

    add_audit_parser(commands, handler=cmd_audit)
    add_seed_parser(commands, handler=cmd_seed)
    return parser


PASSTHROUGH = {"test": "pytest_args", "bench": "bench_args"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if args.command in ("audit", "seed", "rebuild"):
        # Find a local `zeren run` unless the environment names servers; parse again so that
        # defaults read from the environment see it.
        endpoints.adopt(_home(args.home))
        parser = build_parser()
        args, unknown = parser.parse_known_args(argv)
    if unknown:
        if args.command not in PASSTHROUGH:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        # Options such as `-k` or `--officers` belong to pytest or the benchmark, in their order.
        setattr(args, PASSTHROUGH[args.command], [*unknown, *getattr(args, PASSTHROUGH[args.command])])
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
