"""Pre-pruning: stop growing early (depth, samples per leaf / split, leaves, impurity gain).

scikit-learn grows the tree with the limits; nothing is cut afterwards.
"""
from __future__ import annotations

from sklearn.tree import DecisionTreeClassifier

from pruning.data import Split
from pruning.trees.base import Pruned, TreeMethodSpec, TreeOptions, fit_tree
from pruning.trees.structure import TreeStructure


def apply_pre(split: Split, grown: DecisionTreeClassifier, options: TreeOptions) -> Pruned:
    limited = fit_tree(split, **options.growth_params())
    return Pruned(predictor=limited, tree=TreeStructure.from_estimator(limited))


SPEC = TreeMethodSpec(key="pre", post=False, needs_validation=False, apply=apply_pre)
