"""``python -m pruning nn``: prune a sample model once and print before / after metrics.

The output is :meth:`pruning.experiment.NetworkReport.to_row` of the same request a
page would send, so the command line and the dashboard show the same numbers.
"""
from __future__ import annotations

import argparse

from pruning.experiment import NetworkRequest, run_network
from pruning.i18n import t
from pruning.metrics import DEFAULT_REPEATS, DEFAULT_THREADS, DEFAULT_WARMUP

NAME = "nn"


def arg_help(name: str) -> str:
    return t(f"cli.nn.args.{name}")


def add_option_arguments(parser: argparse.ArgumentParser, *, repeats: int = DEFAULT_REPEATS,
                         warmup: int = DEFAULT_WARMUP) -> None:
    """Technique options and timing settings shared by ``nn`` and ``sweep``."""
    parser.add_argument("--finetune-epochs", type=int, default=0, help=arg_help("finetune_epochs"))
    parser.add_argument("--seed", type=int, default=0, help=arg_help("seed"))
    parser.add_argument("--norm", type=int, default=1, help=arg_help("norm"))
    parser.add_argument("--activation-criterion", default="apoz",
                        help=arg_help("activation_criterion"))
    parser.add_argument("--steps", type=int, default=5, help=arg_help("steps"))
    parser.add_argument("--schedule", default="cubic", help=arg_help("schedule"))
    parser.add_argument("--no-latency", dest="latency", action="store_false",
                        help=arg_help("no_latency"))
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help=arg_help("threads"))
    parser.add_argument("--warmup", type=int, default=warmup, help=arg_help("warmup"))
    parser.add_argument("--repeats", type=int, default=repeats, help=arg_help("repeats"))


def option_values(args: argparse.Namespace) -> dict:
    """The shared options as keyword arguments of the backend."""
    return dict(finetune_epochs=args.finetune_epochs, seed=args.seed, norm=args.norm,
                activation_criterion=args.activation_criterion, steps=args.steps,
                schedule=args.schedule, measure_latency=args.latency, threads=args.threads,
                warmup=args.warmup, repeats=args.repeats)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", required=True, help=arg_help("model"))
    parser.add_argument("--technique", required=True, help=arg_help("technique"))
    parser.add_argument("--sparsity", type=float, required=True, help=arg_help("sparsity"))
    add_option_arguments(parser)


def request_from_args(args: argparse.Namespace) -> NetworkRequest:
    return NetworkRequest(args.model, args.technique, args.sparsity, **option_values(args))


def run(args: argparse.Namespace) -> dict:
    return run_network(request_from_args(args)).to_row()
