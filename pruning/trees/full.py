"""No pruning: the tree grown until every leaf is pure (or cannot be split)."""
from __future__ import annotations

from sklearn.tree import DecisionTreeClassifier

from pruning.data import Split
from pruning.trees.base import Pruned, TreeMethodSpec, TreeOptions
from pruning.trees.structure import TreeStructure


def apply_none(split: Split, grown: DecisionTreeClassifier, options: TreeOptions) -> Pruned:
    return Pruned(predictor=grown, tree=TreeStructure.from_estimator(grown))


SPEC = TreeMethodSpec(key="none", post=False, needs_validation=False, apply=apply_none)
