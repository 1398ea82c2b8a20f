"""Minimal cost-complexity pruning, done by scikit-learn itself.

The result is exactly ``DecisionTreeClassifier(ccp_alpha=a, random_state=seed)``
(plus any pre-pruning limits in the options): scikit-learn grows the tree, then
removes the weakest links while their effective alpha is at most ``a``.
"""
from __future__ import annotations

from sklearn.tree import DecisionTreeClassifier

from pruning.data import Split
from pruning.trees.base import Pruned, TreeMethodSpec, TreeOptions, fit_tree
from pruning.trees.structure import TreeStructure


def apply_cost_complexity(split: Split, grown: DecisionTreeClassifier,
                          options: TreeOptions) -> Pruned:
    pruned = fit_tree(split, **options.growth_params(), ccp_alpha=options.ccp_alpha)
    return Pruned(predictor=pruned, tree=TreeStructure.from_estimator(pruned))


SPEC = TreeMethodSpec(key="cost_complexity", post=True, needs_validation=False,
                      apply=apply_cost_complexity)
