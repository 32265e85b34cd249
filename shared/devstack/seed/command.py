"""Running `zeren seed`: keys, the run, and what it reports (or why it stopped)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import httpx

from shared.devstack.keys import DevKeys
from shared.devstack.seed.client import SeedRefusedError
from shared.devstack.seed.runner import SeedReport, run_seed
from shared.devstack.seed.staff import Scale


def run(args: argparse.Namespace, *, home: Path) -> int:
    keys = DevKeys(home / "keys")
    if not (keys.jwks.exists() and keys.client_private.exists()):
        print(f"no development keys under {keys.folder}: start `zeren run` first, or pass its --home", file=sys.stderr)
        return 2
    try:
        report = run_seed(
            args.gateway,
            keys,
            scale=Scale(args.scale),
            seed=args.seed,
            progress=lambda phase: print(phase, file=sys.stderr, flush=True),
        )
    except httpx.TransportError as exc:
        print(f"the gateway at {args.gateway} does not answer ({exc}); is `zeren run` running?", file=sys.stderr)
        return 2
    except SeedRefusedError as exc:
        print(_explain(exc), file=sys.stderr)
        return 1
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if args.json else render(report))
    for warning in report.warnings:
        print(f"note: {warning}", file=sys.stderr)
    return 0


def _explain(exc: SeedRefusedError) -> str:
    code = exc.problem.get("code")
    if code == "idempotency_key_reused":
        return (
            f"{exc}\nThis system already holds a demo seeded differently (another --seed or --scale, or another"
            " version of the seed): seed a fresh system, or repeat the options used the first time."
        )
    if exc.status in (401, 403):
        return f"{exc}\nThe gateway does not accept the development tokens: is --home the folder `zeren run` uses?"
    return f"{exc}\nThe demo data breaks a rule of the system (or the system changed): the seed stopped here."


def render(report: SeedReport) -> str:
    tally = report.tally
    width = max((len(kind) for kind in tally.kinds), default=10)
    lines = [f"{'record':<{width}}  created  already there"]
    lines += [f"{kind:<{width}}  {tally.created[kind]:>7}  {tally.existing[kind]:>13}" for kind in tally.kinds]
    lines.append(f"{'total':<{width}}  {report.created:>7}  {report.existing:>13}")
    lines.append(
        f"\n{report.scale} scale, seed {report.seed}: {report.requests} requests in {report.seconds:.1f} s "
        f"({', '.join(f'{name} {seconds:.1f} s' for name, seconds in report.phases.items())})"
    )
    return "\n".join(lines)
