"""Reduced-error pruning (Quinlan, 1987), hand-written: no library implements it.

Bottom-up, every internal node's (already pruned) subtree is replaced by a leaf
predicting the node's majority training class when that does not lower accuracy on
the validation split. Replacing a node only changes predictions for the validation
rows that reach it, so each decision compares two counts: rows the leaf would get
right, and rows the node's current subtree gets right. With ties going to the leaf,
this yields the smallest subtree of maximal validation accuracy (Esposito, Malerba
& Semeraro, 1997).
"""
from __future__ import annotations

import numpy as np
from sklearn.tree import DecisionTreeClassifier

from pruning.data import Split
from pruning.trees.base import Pruned, TreeMethodSpec, TreeOptions
from pruning.trees.structure import TreeStructure, collapse


class SubtreePredictor:
    """Predicts with a subtree of a fitted scikit-learn tree.

    Rows are routed by the full tree (``estimator.apply``, so thresholds compare
    exactly as scikit-learn does); each full-tree leaf answers with the class of
    the subtree leaf above it. The estimator is shared, never modified.
    """

    def __init__(self, estimator: DecisionTreeClassifier, full: TreeStructure,
                 subtree: TreeStructure):
        node_class = np.full(full.n_nodes, -1, dtype=np.intp)
        for leaf in subtree.leaves:
            source = subtree.source_ids[leaf]
            node_class[[source, *full.descendants(source)]] = subtree.majority_class(leaf)
        self._estimator = estimator
        self._node_class = node_class
        self.classes_ = estimator.classes_

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.classes_[self._node_class[self._estimator.apply(X)]]


def validation_correct_as_leaf(estimator: DecisionTreeClassifier, full: TreeStructure,
                               X_val: np.ndarray, y_val: np.ndarray) -> np.ndarray:
    """For every node: validation rows reaching it whose class is its majority class."""
    reaches = estimator.decision_path(X_val)  # (rows, nodes) indicator
    majority = np.array([full.majority_class(n) for n in range(full.n_nodes)])
    y_index = np.searchsorted(estimator.classes_, y_val)
    right = majority[None, :] == y_index[:, None]  # (rows, nodes)
    return np.asarray(reaches.multiply(right).sum(axis=0)).ravel().astype(np.int64)


def reduced_error_leaves(full: TreeStructure, correct_as_leaf: np.ndarray) -> set[int]:
    """Full-tree internal nodes that bottom-up reduced-error pruning turns into leaves.

    Nodes below another returned node are included too; :func:`collapse` ignores them.
    """
    correct = np.zeros(full.n_nodes, dtype=np.int64)  # by the node's pruned subtree
    new_leaves: set[int] = set()
    for node in reversed(full.preorder()):  # children before parents
        if full.is_leaf(node):
            correct[node] = correct_as_leaf[node]
            continue
        subtree = correct[full.children_left[node]] + correct[full.children_right[node]]
        if correct_as_leaf[node] >= subtree:  # accuracy does not drop: prune
            new_leaves.add(node)
            correct[node] = correct_as_leaf[node]
        else:
            correct[node] = subtree
    return new_leaves


def apply_reduced_error(split: Split, grown: DecisionTreeClassifier,
                        options: TreeOptions) -> Pruned:
    full = TreeStructure.from_estimator(grown)
    correct = validation_correct_as_leaf(grown, full, split.X_val, split.y_val)
    subtree = collapse(full, reduced_error_leaves(full, correct))
    return Pruned(predictor=SubtreePredictor(grown, full, subtree), tree=subtree)


SPEC = TreeMethodSpec(key="reduced_error", post=True, needs_validation=True,
                      apply=apply_reduced_error)
