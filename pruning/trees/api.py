"""The driver every tree method runs through: grow, prune, compare, measure, report."""
from __future__ import annotations

from dataclasses import replace

from pruning.data import Split
from pruning.i18n import t
from pruning.trees.base import TreeOptions, TreeResult, fit_tree
from pruning.trees.metrics import measure_latency, split_accuracies
from pruning.trees.registry import get_method
from pruning.trees.structure import TreeStructure, match_subtree


def prune_tree(split: Split, method: str, options: TreeOptions | None = None) -> TreeResult:
    """Grow a decision tree on the split's training part and prune it with ``method``.

    Parameters
    ----------
    split : Split
        From :func:`pruning.data.split_dataset`. ``reduced_error`` needs a
        validation part (``val_size > 0``).
    method : {"none", "pre", "cost_complexity", "reduced_error"}
        A key of ``TREE_METHODS``.
    options : TreeOptions, optional
        Criterion, seed, pre-pruning limits, ``ccp_alpha``.

    Returns
    -------
    TreeResult
        The pruned tree and the full tree as plain data, which full-tree nodes were
        cut, accuracies on every part, measured ``predict`` latency, both predictors.

    Raises
    ------
    ValueError
        Unknown method, impossible option, or no validation part for a method
        that needs one (catalogue messages).
    """
    options = options or TreeOptions()
    options.check()
    spec = get_method(method)
    if spec.needs_validation and not split.has_validation:
        raise ValueError(t("trees.errors.needs_validation", method=spec.name()))
    grown = fit_tree(split, **(options.growth_params() if spec.post else options.full_params()))
    full = TreeStructure.from_estimator(grown)
    pruned = spec.apply(split, grown, options)
    source_ids = match_subtree(full, pruned.tree)
    if spec.post and source_ids is None:  # post-pruning only ever turns nodes into leaves
        raise AssertionError(f"{method} returned a tree that is not a subtree of the grown tree")
    tree = pruned.tree
    cut_nodes = new_leaves = None
    if source_ids is not None:
        tree = replace(tree, source_ids=source_ids)
        cut_nodes = tuple(sorted(set(range(full.n_nodes)) - set(source_ids)))
        new_leaves = tuple(sorted(source_ids[leaf] for leaf in tree.leaves
                                  if not full.is_leaf(source_ids[leaf])))
    return TreeResult(
        method=method,
        options=options,
        n_nodes=tree.n_nodes,
        n_leaves=tree.n_leaves,
        depth=tree.depth,
        **split_accuracies(pruned.predictor, split),
        latency=measure_latency(pruned.predictor, split.X_test, options.latency_repeats),
        tree=tree,
        full_tree=full,
        full_accuracies=split_accuracies(grown, split),
        cut_nodes=cut_nodes,
        new_leaves=new_leaves,
        predictor=pruned.predictor,
        full_predictor=grown,
    )
