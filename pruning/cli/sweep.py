"""``python -m pruning sweep``: every chosen technique at every chosen sparsity.

Prints ``{"rows": [...]}``: the rows of :func:`pruning.sweep.sweep_networks`, each
an ``nn`` row plus effective MACs, CSR size, CSR latency and latency spreads.
"""
from __future__ import annotations

import argparse

from pruning.cli.nn import add_option_arguments, arg_help, option_values
from pruning.i18n import t
from pruning.nn import TECHNIQUES
from pruning.sweep import DEFAULT_SPARSITIES, SWEEP_REPEATS, SWEEP_WARMUP, sweep_networks

NAME = "sweep"
ALL = "all"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", required=True, help=arg_help("model"))
    parser.add_argument("--techniques", default=ALL, help=t("cli.sweep.args.techniques"))
    parser.add_argument("--sparsities", default=",".join(f"{s:g}" for s in DEFAULT_SPARSITIES),
                        help=t("cli.sweep.args.sparsities"))
    add_option_arguments(parser, repeats=SWEEP_REPEATS, warmup=SWEEP_WARMUP)


def parse_techniques(text: str) -> list[str]:
    """``"all"`` or comma-separated technique keys (checked by the backend)."""
    if text.strip() == ALL:
        return list(TECHNIQUES)
    return [key.strip() for key in text.split(",") if key.strip()]


def parse_sparsities(text: str) -> list[float]:
    """Comma-separated numbers; ``ValueError`` with a catalogue message otherwise."""
    try:
        return [float(item) for item in text.split(",") if item.strip()]
    except ValueError:
        raise ValueError(t("cli.sweep.errors.sparsities", value=text)) from None


def run(args: argparse.Namespace) -> dict:
    result = sweep_networks(args.model, parse_techniques(args.techniques),
                            parse_sparsities(args.sparsities), **option_values(args))
    return {"rows": result.rows}
