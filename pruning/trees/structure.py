"""A decision tree as plain data, and how a pruned tree sits inside the full one.

:class:`TreeStructure` holds what a diagram or a table needs (children, split tests,
class counts, impurity, samples) in tuples, so it is hashable, picklable and
JSON-friendly. Post-pruning only turns internal nodes into leaves, so a pruned tree
is a *subtree* of the tree it came from: :func:`match_subtree` finds, for every node
of the pruned tree, the same node in the full tree (or says it is not a subtree).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.tree import DecisionTreeClassifier

LEAF = -1  # children and feature of a leaf


@dataclass(frozen=True)
class TreeStructure:
    """One fitted classification tree, node by node (node 0 is the root).

    Attributes
    ----------
    children_left, children_right : tuple of int
        Child ids; ``LEAF`` (-1) at leaves. The left child takes
        ``x[feature] <= threshold``.
    feature : tuple of int
        Feature index tested at each node; ``LEAF`` at leaves.
    threshold : tuple of float or None
        Split threshold; ``None`` at leaves.
    class_counts : tuple of tuple of int
        Training samples of each class that reach each node.
    impurity : tuple of float
        Gini or entropy (bits) of each node's training samples.
    samples : tuple of int
        Training samples reaching each node.
    criterion : {"gini", "entropy"}
    source_ids : tuple of int
        Id of the same node in the full tree this one was pruned from (identity
        for a tree that is its own full tree).
    """

    children_left: tuple[int, ...]
    children_right: tuple[int, ...]
    feature: tuple[int, ...]
    threshold: tuple[float | None, ...]
    class_counts: tuple[tuple[int, ...], ...]
    impurity: tuple[float, ...]
    samples: tuple[int, ...]
    criterion: str
    source_ids: tuple[int, ...]

    @classmethod
    def from_estimator(cls, estimator: DecisionTreeClassifier) -> "TreeStructure":
        """Read a fitted scikit-learn tree (node ids are scikit-learn's)."""
        tree = estimator.tree_
        leaf = tree.children_left == -1
        # scikit-learn stores class fractions; counts are fractions x samples.
        counts = np.rint(tree.value[:, 0, :] * tree.weighted_n_node_samples[:, None])
        n_nodes = int(tree.node_count)
        return cls(
            children_left=tuple(int(c) for c in tree.children_left),
            children_right=tuple(int(c) for c in tree.children_right),
            feature=tuple(LEAF if is_leaf else int(f) for f, is_leaf in zip(tree.feature, leaf)),
            threshold=tuple(None if is_leaf else float(v) for v, is_leaf in zip(tree.threshold, leaf)),
            class_counts=tuple(tuple(int(c) for c in row) for row in counts),
            impurity=tuple(float(v) for v in tree.impurity),
            samples=tuple(int(n) for n in tree.n_node_samples),
            criterion=str(estimator.criterion),
            source_ids=tuple(range(n_nodes)),
        )

    @property
    def n_nodes(self) -> int:
        return len(self.children_left)

    def is_leaf(self, node: int) -> bool:
        return self.children_left[node] == LEAF

    @property
    def leaves(self) -> tuple[int, ...]:
        return tuple(n for n in range(self.n_nodes) if self.is_leaf(n))

    @property
    def n_leaves(self) -> int:
        return len(self.leaves)

    def node_depths(self) -> tuple[int, ...]:
        """Depth of every node (the root is at depth 0)."""
        depths = [0] * self.n_nodes
        for node in self.preorder():
            if not self.is_leaf(node):
                depths[self.children_left[node]] = depths[node] + 1
                depths[self.children_right[node]] = depths[node] + 1
        return tuple(depths)

    @property
    def depth(self) -> int:
        """Length of the longest root-to-leaf path (0 for a single leaf)."""
        return max(self.node_depths())

    def preorder(self, start: int = 0) -> list[int]:
        """``start`` and its descendants, parents before children, left first."""
        order, stack = [], [start]
        while stack:
            node = stack.pop()
            order.append(node)
            if not self.is_leaf(node):
                stack.extend((self.children_right[node], self.children_left[node]))
        return order

    def descendants(self, node: int) -> list[int]:
        """All nodes below ``node`` (not ``node`` itself)."""
        return self.preorder(node)[1:]

    def majority_class(self, node: int) -> int:
        """The class a leaf here predicts: the most frequent training class (first on ties)."""
        return int(np.argmax(self.class_counts[node]))

    def to_dict(self) -> dict:
        """Plain lists for JSON."""
        return {
            "children_left": list(self.children_left),
            "children_right": list(self.children_right),
            "feature": list(self.feature),
            "threshold": list(self.threshold),
            "class_counts": [list(c) for c in self.class_counts],
            "impurity": list(self.impurity),
            "samples": list(self.samples),
            "criterion": self.criterion,
            "source_ids": list(self.source_ids),
        }


def match_subtree(full: TreeStructure, pruned: TreeStructure) -> tuple[int, ...] | None:
    """Full-tree id of every node of ``pruned``, or ``None`` if it is not a subtree.

    ``pruned`` is a subtree of ``full`` when walking both from the root meets the
    same split test and the same training samples at every internal node of
    ``pruned``; a leaf of ``pruned`` may be an internal node of ``full`` (a cut).
    """
    source: list[int] = [LEAF] * pruned.n_nodes
    stack = [(0, 0)]
    while stack:
        node, full_node = stack.pop()
        if pruned.class_counts[node] != full.class_counts[full_node]:
            return None
        source[node] = full_node
        if pruned.is_leaf(node):
            continue
        if full.is_leaf(full_node) or (pruned.feature[node], pruned.threshold[node]) != (
                full.feature[full_node], full.threshold[full_node]):
            return None
        stack.append((pruned.children_left[node], full.children_left[full_node]))
        stack.append((pruned.children_right[node], full.children_right[full_node]))
    return tuple(source)


def collapse(full: TreeStructure, new_leaves: set[int] | frozenset[int]) -> TreeStructure:
    """The subtree of ``full`` where every node in ``new_leaves`` becomes a leaf.

    Nodes are renumbered in preorder (parents first, left first); ``source_ids``
    keeps their ids in ``full``.
    """
    kept: list[int] = []
    stack = [0]
    while stack:
        node = stack.pop()
        kept.append(node)
        if not full.is_leaf(node) and node not in new_leaves:
            stack.extend((full.children_right[node], full.children_left[node]))
    new_id = {old: new for new, old in enumerate(kept)}

    def child(children: tuple[int, ...], old: int) -> int:
        return new_id.get(children[old], LEAF) if old not in new_leaves else LEAF

    left = tuple(child(full.children_left, old) for old in kept)
    right = tuple(child(full.children_right, old) for old in kept)
    return TreeStructure(
        children_left=left,
        children_right=right,
        feature=tuple(LEAF if c == LEAF else full.feature[o] for c, o in zip(left, kept)),
        threshold=tuple(None if c == LEAF else full.threshold[o] for c, o in zip(left, kept)),
        class_counts=tuple(full.class_counts[o] for o in kept),
        impurity=tuple(full.impurity[o] for o in kept),
        samples=tuple(full.samples[o] for o in kept),
        criterion=full.criterion,
        source_ids=tuple(full.source_ids[o] for o in kept),
    )
