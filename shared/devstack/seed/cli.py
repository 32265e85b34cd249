"""`zeren seed`: load the demo scenario of DOMAIN §9 into a running system, through the gateway.

zeren seed [--gateway URL] [--home DIR] [--scale small|full] [--seed N] [--json]

Tokens are minted with the development keys under `--home` (those `zeren run` generated), so the
gateway must trust them. Running it again creates nothing new: every command is sent with the same
Idempotency-Key and the services answer it from their records.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import Any

# The parser only: the work is in `shared.devstack.seed.command`, imported when the command runs.
SCALES = ("small", "full")
DEFAULT_GATEWAY = "http://127.0.0.1:8000"  # where `zeren run` puts the gateway when the port is free


def add_seed_parser(commands: Any, handler: Callable[[argparse.Namespace], int]) -> None:
    seed = commands.add_parser(
        "seed",
        help="load the demo scenario (DOMAIN §9) into a running system",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    seed.add_argument(
        "--gateway",
        default=os.environ.get("ZEREN_GATEWAY_URL", DEFAULT_GATEWAY),
        help=f"the gateway's base URL (default: $ZEREN_GATEWAY_URL or {DEFAULT_GATEWAY})",
    )
    # SUPPRESS: given here it overrides `zeren --home`; not given, it leaves that one alone.
    seed.add_argument("--home", default=argparse.SUPPRESS, help="data folder holding keys/ (default: as `zeren run`)")
    seed.add_argument(
        "--scale", choices=SCALES, default="full", help="small: 7 units and April 2018 (tests); full: §9 (default)"
    )
    seed.add_argument("--seed", type=int, default=2018, help="seed of the pseudo-random choices (default: 2018)")
    seed.add_argument("--json", action="store_true", help="print the report as JSON")
    seed.set_defaults(handler=handler)
