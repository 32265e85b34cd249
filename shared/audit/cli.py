"""The `zeren audit` command line (the parser only: the work is in `shared.audit.commands`), and
`zeren notarize <service>` (one service's notary, as its Deployment runs it).

zeren audit verify <service> [--from FOLDER] [--key FILE]…   event store vs. leaves and signed checkpoints
zeren audit prove <service> <event> [--out FILE]             one event's inclusion proof against a signed checkpoint
zeren audit check-proof <file> [--key FILE]…                 check such a proof offline
zeren audit export <service> <folder>                        the published leaves and checkpoints, as files
zeren audit keygen <name> [--folder F]                       a new checkpoint signing key and its verifier key
zeren audit bench [--events N] [--real]                      verification rate beside plain SHA-256

Exit codes: 0 verified or proven; 1 tampering found, or no proof; 2 an argument, setting, key file
or export that cannot be used; 3 the database or NATS not reachable (each connection is given 10 s).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any

AUDITED_SERVICES = ("personnel", "cases", "assessment")


def _notarize(args: argparse.Namespace) -> int:
    os.execv(sys.executable, [sys.executable, "-m", args.service, "notarize"])  # noqa: S606
    return 1  # not reached


def add_audit_parser(commands: Any, handler: Callable[[argparse.Namespace], int]) -> None:
    notarize = commands.add_parser("notarize", help="one service's notary: event store -> signed audit log")
    notarize.add_argument("service", choices=AUDITED_SERVICES)
    notarize.set_defaults(handler=_notarize)

    audit = commands.add_parser(
        "audit",
        help="tamper evidence: verify, prove one event, export, keys, benchmark",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = audit.add_subparsers(dest="audit_command", required=True)

    verify = actions.add_parser("verify", help="verify a service's event store against its signed audit log")
    verify.add_argument("service", choices=AUDITED_SERVICES)
    verify.add_argument("--from", dest="folder", help="read leaves and checkpoints from an export, not from NATS")
    verify.add_argument(
        "--key",
        action="append",
        default=[],
        help="a trusted verifier key file (repeat for each key id; default: $AUDIT_VERIFIER_KEY_FILES,"
        " else the development keys under --home)",
    )
    verify.add_argument("--schema", help="the service's schema (default: the service name)")
    verify.add_argument("--table", help="the event-store table (default: <service>_events)")
    verify.set_defaults(handler=handler)

    prove = actions.add_parser(
        "prove", help="a proof that one stored event is in the signed log, checkable offline with the verifier key"
    )
    prove.add_argument("service", choices=AUDITED_SERVICES)
    prove.add_argument("event", help="the event's notification id (its audit position), or <aggregate id>:<version>")
    prove.add_argument("--out", help="write the proof to this file (default: print it)")
    prove.add_argument("--key", action="append", default=[], help="a trusted verifier key file (as for verify)")
    prove.add_argument("--schema", help="the service's schema (default: the service name)")
    prove.add_argument("--table", help="the event-store table (default: <service>_events)")
    prove.set_defaults(handler=handler)

    check_proof = actions.add_parser("check-proof", help="check an event's proof offline: key files and the proof only")
    check_proof.add_argument("proof", help="a proof file written by `zeren audit prove`")
    check_proof.add_argument("--key", action="append", default=[], help="a trusted verifier key file (as for verify)")
    check_proof.set_defaults(handler=handler)

    export = actions.add_parser("export", help="write a service's published leaves and checkpoints to a folder")
    export.add_argument("service", choices=AUDITED_SERVICES)
    export.add_argument("folder")
    export.set_defaults(handler=handler)

    keygen = actions.add_parser("keygen", help="generate a checkpoint signing key (for a rotation)")
    keygen.add_argument("name", help="the key name, e.g. zeren-notary-2026b")
    keygen.add_argument("--folder", default=".", help="where to write <name>.key and <name>.vkey")
    keygen.set_defaults(handler=handler)

    bench = actions.add_parser("bench", help="verification rate beside plain SHA-256 over the same bytes")
    bench.add_argument("--events", type=int, default=200_000)
    bench.add_argument("--state-bytes", type=int, default=600, help="size of each synthetic stored event")
    bench.add_argument("--real", action="store_true", help="through an embedded PostgreSQL and NATS")
    bench.set_defaults(handler=handler)
