"""Trade-off curves of trees: one row per cost-complexity alpha or per maximum depth.

Rows are plain dicts, deterministic for a given split and seed, cheap enough to
recompute on every page rerun (no latency timing here: see :func:`prune_tree`).
"""
from __future__ import annotations

from typing import Callable, Iterable

from sklearn.tree import DecisionTreeClassifier

from pruning.data import Split
from pruning.i18n import t
from pruning.trees.base import TreeOptions, fit_tree
from pruning.trees.metrics import split_accuracies

Progress = Callable[[float, str], None]


def tree_row(tree: DecisionTreeClassifier, split: Split) -> dict:
    """Size and accuracies of a fitted tree (``val_accuracy`` only with validation)."""
    accuracies = split_accuracies(tree, split)
    row = {"n_nodes": int(tree.tree_.node_count), "n_leaves": int(tree.get_n_leaves()),
           "depth": int(tree.get_depth()),
           "train_accuracy": accuracies["train_accuracy"],
           "test_accuracy": accuracies["test_accuracy"]}
    if accuracies["val_accuracy"] is not None:
        row["val_accuracy"] = accuracies["val_accuracy"]
    return row


def ccp_path_rows(split: Split, options: TreeOptions | None = None,
                  progress: Progress | None = None) -> list[dict]:
    """One row per alpha of scikit-learn's cost-complexity pruning path.

    Parameters
    ----------
    split : Split
    options : TreeOptions, optional
        Criterion, seed and any pre-pruning limits of the tree to prune
        (``ccp_alpha`` is ignored: the path sets it).
    progress : callable(fraction, message), optional

    Returns
    -------
    list of dict
        ``ccp_alpha``, ``n_nodes``, ``n_leaves``, ``depth``, ``train_accuracy``,
        ``test_accuracy`` (and ``val_accuracy`` with a validation part), one per
        distinct alpha, increasing from 0 (the full tree) to the root alone. Each
        tree is ``DecisionTreeClassifier(ccp_alpha=alpha, random_state=seed)`` itself.
    """
    options = options or TreeOptions()
    options.check()
    params = options.growth_params()
    path = DecisionTreeClassifier(**params).cost_complexity_pruning_path(
        split.X_train, split.y_train)
    # Links with equal effective alpha are cut in separate path steps with the same
    # alpha, but one fit at that alpha cuts them all: one row per distinct alpha.
    alphas = list(dict.fromkeys(float(a) for a in path.ccp_alphas))
    rows = []
    for i, alpha in enumerate(alphas):
        rows.append({"ccp_alpha": alpha,
                     **tree_row(fit_tree(split, **params, ccp_alpha=alpha), split)})
        if progress is not None:
            progress((i + 1) / len(alphas), t("trees.progress.alpha", alpha=alpha))
    return rows


def depth_rows(split: Split, options: TreeOptions | None = None,
               depths: Iterable[int] | None = None,
               progress: Progress | None = None) -> list[dict]:
    """One row per maximum depth (pre-pruning), the other limits as in ``options``.

    Parameters
    ----------
    split : Split
    options : TreeOptions, optional
        ``max_depth`` is replaced by each depth; ``ccp_alpha`` is ignored.
    depths : iterable of int, optional
        Default: 1 up to the depth of the tree grown without a depth limit.
    progress : callable(fraction, message), optional

    Returns
    -------
    list of dict
        ``max_depth`` (requested), ``depth`` (reached), ``n_nodes``, ``n_leaves``,
        ``train_accuracy``, ``test_accuracy`` (and ``val_accuracy``).
    """
    options = options or TreeOptions()
    options.check()
    params = options.growth_params()
    if depths is None:
        unlimited = fit_tree(split, **{**params, "max_depth": None})
        depths = range(1, max(unlimited.get_depth(), 1) + 1)
    depths = list(depths)
    for depth in depths:
        TreeOptions(max_depth=depth).check()
    rows = []
    for i, depth in enumerate(depths):
        tree = fit_tree(split, **{**params, "max_depth": depth})
        rows.append({"max_depth": depth, **tree_row(tree, split)})
        if progress is not None:
            progress((i + 1) / len(depths), t("trees.progress.depth", depth=depth))
    return rows
