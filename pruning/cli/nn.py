"""``python -m pruning nn``: prune a network once and print before / after metrics.

The network is a sample model (``--model``) or the user's own file (``--model-file``:
TorchScript, or a state dict with ``--architecture``) evaluated on ``--data-csv`` or
a bundled ``--dataset``. The output is :meth:`pruning.experiment.NetworkReport.to_row`
of the same request a page would send, so the command line and the dashboard show
the same numbers.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from pruning.experiment import NetworkRequest, run_network
from pruning.i18n import t
from pruning.metrics import DEFAULT_REPEATS, DEFAULT_THREADS, DEFAULT_WARMUP
from pruning.model_source import ModelSource
from pruning.uploads import SAMPLE_DATA, DataChoice, UploadError, upload_source

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
    parser.add_argument("--model", help=arg_help("model"))
    parser.add_argument("--technique", required=True, help=arg_help("technique"))
    parser.add_argument("--sparsity", type=float, required=True, help=arg_help("sparsity"))
    add_upload_arguments(parser)
    add_option_arguments(parser)


def add_upload_arguments(parser: argparse.ArgumentParser) -> None:
    """``--model-file``, ``--architecture``, ``--data-csv``, ``--target``, ``--dataset``."""
    parser.add_argument("--model-file", type=Path, help=t("uploads.cli.model_file"))
    parser.add_argument("--architecture", help=t("uploads.cli.architecture"))
    data = parser.add_mutually_exclusive_group()
    data.add_argument("--data-csv", type=Path, help=t("uploads.cli.data_csv"))
    data.add_argument("--dataset", help=t("uploads.cli.dataset"))
    parser.add_argument("--target", help=t("uploads.cli.target"))


def read_file(path: Path) -> bytes:
    """A file's bytes; a path that cannot be read is a one-line error."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise UploadError("cannot_read", path=str(path), reason=error.strerror or error) from None


def source_from_args(args: argparse.Namespace) -> ModelSource | None:
    """The uploaded network the arguments name (``None``: a sample ``--model``)."""
    if (args.model is None) == (args.model_file is None):
        raise UploadError("cli_model_choice")
    if args.model_file is None:
        if args.data_csv or args.dataset or args.architecture or args.target:
            raise UploadError("cli_upload_options")
        return None
    if args.data_csv is not None:
        data = DataChoice(csv=read_file(args.data_csv), csv_name=args.data_csv.name,
                          target=args.target)
    else:
        data = DataChoice(dataset=args.dataset or SAMPLE_DATA)
    return upload_source(read_file(args.model_file), args.model_file.name, data,
                         architecture=args.architecture)


def request_from_args(args: argparse.Namespace, model: str | None = None) -> NetworkRequest:
    return NetworkRequest(model or args.model, args.technique, args.sparsity,
                          **option_values(args))


def run(args: argparse.Namespace) -> dict:
    source = source_from_args(args)
    if source is None:
        return run_network(request_from_args(args)).to_row()
    row = run_network(request_from_args(args, source.key), source=source).to_row()
    return {**row, "upload": {"file": source.label, "kind": source.origin,
                              "input_shape": list(source.input_shape), **source.details}}
