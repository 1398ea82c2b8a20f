"""``python -m pruning tree``: grow a decision tree, prune it, print size and accuracies.

The numbers are those of :func:`pruning.trees.prune_tree` on
:func:`pruning.data.split_dataset`'s split, as the dashboard shows them.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from pruning.data import DATASET_NAMES, Dataset, Split, load_dataset, split_dataset
from pruning.i18n import t
from pruning.trees import TreeOptions, prune_tree
from pruning.uploads import UploadError, csv_dataset

NAME = "tree"
REDUCED_ERROR_VAL_SIZE = 0.25  # validation size when --reduced-error is given without one


def _arg_help(name: str) -> str:
    return t(f"cli.tree.args.{name}")


def add_split_arguments(parser: argparse.ArgumentParser, val_size_help: str = "val_size") -> None:
    """``--dataset`` (or ``--data-csv`` and ``--target``), ``--test-size``, ``--val-size``,
    ``--seed``, ``--(no-)stratify``."""
    data = parser.add_mutually_exclusive_group(required=True)
    data.add_argument("--dataset", help=_arg_help("dataset"))
    data.add_argument("--data-csv", type=Path, help=t("uploads.cli.tree_data_csv"))
    parser.add_argument("--target", help=t("uploads.cli.target"))
    parser.add_argument("--test-size", type=float, default=0.25, help=_arg_help("test_size"))
    parser.add_argument("--val-size", type=float, default=None, help=_arg_help(val_size_help))
    parser.add_argument("--seed", type=int, default=0, help=_arg_help("seed"))
    stratify = parser.add_mutually_exclusive_group()
    stratify.add_argument("--stratify", dest="stratify", action="store_true", default=True,
                          help=_arg_help("stratify"))
    stratify.add_argument("--no-stratify", dest="stratify", action="store_false",
                          help=_arg_help("no_stratify"))


def add_criterion_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--criterion", default="gini", help=_arg_help("criterion"))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_split_arguments(parser)
    add_criterion_argument(parser)
    parser.add_argument("--max-depth", type=int, help=_arg_help("max_depth"))
    parser.add_argument("--min-samples-leaf", type=int, default=1,
                        help=_arg_help("min_samples_leaf"))
    parser.add_argument("--min-samples-split", type=int, default=2,
                        help=_arg_help("min_samples_split"))
    parser.add_argument("--max-leaf-nodes", type=int, help=_arg_help("max_leaf_nodes"))
    parser.add_argument("--min-impurity-decrease", type=float, default=0.0,
                        help=_arg_help("min_impurity_decrease"))
    post = parser.add_mutually_exclusive_group()
    post.add_argument("--ccp-alpha", type=float, help=_arg_help("ccp_alpha"))
    post.add_argument("--reduced-error", action="store_true", help=_arg_help("reduced_error"))


def dataset_from_args(args: argparse.Namespace) -> Dataset:
    """The bundled ``--dataset``, or the ``--data-csv`` file read as the trees page reads it."""
    if getattr(args, "data_csv", None) is not None:
        try:
            data = args.data_csv.read_bytes()
        except OSError as error:
            raise UploadError("cannot_read", path=str(args.data_csv),
                              reason=error.strerror or error) from None
        return csv_dataset(data, args.data_csv.name, args.target).dataset
    if args.dataset not in DATASET_NAMES:
        raise ValueError(t("trees.errors.unknown_dataset", dataset=args.dataset,
                           choices=", ".join(DATASET_NAMES)))
    return load_dataset(args.dataset)


def split_from_args(args: argparse.Namespace, default_val_size: float = 0.0) -> Split:
    """The split the arguments ask for; ``ValueError`` with a catalogue message if impossible."""
    dataset = dataset_from_args(args)
    val_size = default_val_size if args.val_size is None else args.val_size
    if not 0.0 < args.test_size < 1.0:  # also rejects nan
        raise ValueError(t("trees.errors.test_size", value=args.test_size))
    if not 0.0 <= val_size < 1.0:
        raise ValueError(t("trees.errors.val_size", value=val_size))
    try:
        return split_dataset(dataset, test_size=args.test_size,
                             val_size=val_size, seed=args.seed, stratify=args.stratify)
    except ValueError as error:  # e.g. a part too small to hold every class
        raise ValueError(t("trees.errors.split_too_small", detail=error)) from None


def method_from_args(args: argparse.Namespace) -> str:
    if args.reduced_error:
        return "reduced_error"
    if args.ccp_alpha is not None:
        return "cost_complexity"
    limits = (args.max_depth is not None, args.min_samples_leaf != 1,
              args.min_samples_split != 2, args.max_leaf_nodes is not None,
              args.min_impurity_decrease != 0.0)
    return "pre" if any(limits) else "none"


def options_from_args(args: argparse.Namespace) -> TreeOptions:
    """Tree options from the arguments (not yet checked)."""
    return TreeOptions(
        criterion=args.criterion,
        seed=args.seed,
        max_depth=getattr(args, "max_depth", None),
        min_samples_leaf=getattr(args, "min_samples_leaf", 1),
        min_samples_split=getattr(args, "min_samples_split", 2),
        max_leaf_nodes=getattr(args, "max_leaf_nodes", None),
        min_impurity_decrease=getattr(args, "min_impurity_decrease", 0.0),
        ccp_alpha=0.0 if getattr(args, "ccp_alpha", None) is None else args.ccp_alpha,
    )


def run(args: argparse.Namespace) -> dict:
    method = method_from_args(args)
    options = options_from_args(args)
    options.check()  # before the split, so a bad seed gets the trees' message
    split = split_from_args(args, REDUCED_ERROR_VAL_SIZE if method == "reduced_error" else 0.0)
    result = prune_tree(split, method, options)
    return {"dataset": split.dataset.name, **result.summary(), "split": split.describe()}
