"""Independent checks shared by the tree tests (no pruning.trees logic reused)."""
from __future__ import annotations

import numpy as np

from pruning.trees import TreeResult, TreeStructure


def fields(tree: TreeStructure) -> dict:
    """Everything of a tree but ``source_ids`` (which depend on what it is compared with)."""
    data = tree.to_dict()
    del data["source_ids"]
    return data


def below(full: TreeStructure, node: int) -> set[int]:
    """Every node under ``node`` in ``full``, by plain recursion."""
    if full.children_left[node] == -1:
        return set()
    left, right = full.children_left[node], full.children_right[node]
    return {left, right} | below(full, left) | below(full, right)


def walk_predict(full: TreeStructure, X: np.ndarray, leaves: set[int]) -> np.ndarray:
    """Predict by routing each row down ``full`` until it reaches a node in ``leaves``
    (or a real leaf), answering that node's majority training class."""
    predictions = []
    for row in np.asarray(X, dtype=np.float32):
        node = 0
        while node not in leaves and full.children_left[node] != -1:
            go_left = float(row[full.feature[node]]) <= full.threshold[node]
            node = full.children_left[node] if go_left else full.children_right[node]
        predictions.append(int(np.argmax(full.class_counts[node])))
    return np.array(predictions)


def assert_cut_report_consistent(result: TreeResult) -> None:
    """The pruned tree is a subtree of the full tree, and ``cut_nodes`` /
    ``new_leaves`` say exactly which full-tree nodes it lost and turned into leaves."""
    full, tree = result.full_tree, result.tree
    source = tree.source_ids
    assert source[0] == 0
    for node in range(tree.n_nodes):
        twin = source[node]
        assert tree.class_counts[node] == full.class_counts[twin]
        assert tree.samples[node] == full.samples[twin]
        if tree.children_left[node] != -1:
            assert (tree.feature[node], tree.threshold[node]) == (full.feature[twin],
                                                                  full.threshold[twin])
            assert source[tree.children_left[node]] == full.children_left[twin]
            assert source[tree.children_right[node]] == full.children_right[twin]
    missing = set(range(full.n_nodes)) - set(source)
    assert set(result.cut_nodes) == missing
    became_leaves = {source[n] for n in range(tree.n_nodes)
                     if tree.children_left[n] == -1 and full.children_left[source[n]] != -1}
    assert set(result.new_leaves) == became_leaves
    assert missing == set().union(*(below(full, n) for n in became_leaves))
