"""``python -m pruning tree-path``: size and accuracies along the cost-complexity path.

One row per alpha of scikit-learn's pruning path, from :func:`pruning.trees.ccp_path_rows`.
"""
from __future__ import annotations

import argparse

from pruning.cli.tree import (add_criterion_argument, add_split_arguments, options_from_args,
                               split_from_args)
from pruning.trees import ccp_path_rows

NAME = "tree-path"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_split_arguments(parser, val_size_help="val_size_path")
    add_criterion_argument(parser)


def run(args: argparse.Namespace) -> dict:
    options = options_from_args(args)
    options.check()
    split = split_from_args(args)
    return {"dataset": split.dataset.name, "split": split.describe(),
            "rows": ccp_path_rows(split, options)}
