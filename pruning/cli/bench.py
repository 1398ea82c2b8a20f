"""``python -m pruning bench [--json] [--quick]``: the benchmark of what users feel.

Runs :func:`pruning.bench.run.run_benchmark` (full or quick) and prints a readable
report (each figure against its target, then every section with its spread, and
the machine: cores, threads, load, versions) or, with ``--json``, everything as
JSON. Progress goes to stderr. The readable report is printed here (the command
returns an empty payload then), since it is more than rows of fields.
"""
from __future__ import annotations

import argparse
import sys

from pruning.bench.report import format_report
from pruning.bench.run import run_benchmark
from pruning.bench.settings import FULL, QUICK
from pruning.i18n import t

NAME = "bench"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true", help=t("cli.bench.args.quick"))


def _progress(message: str) -> None:
    print(t("bench.progress.running", what=message), file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> dict:
    payload = run_benchmark(QUICK if args.quick else FULL, progress=_progress)
    if args.json:
        return payload
    print(format_report(payload))
    return {}
