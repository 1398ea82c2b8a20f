"""Reduced-error pruning: never worse on validation, and the smallest best subtree.

Brute force enumerates every pruning of small trees (at most 8 leaves) and checks
Esposito, Malerba & Semeraro's (1997) result for bottom-up REP: it reaches the
highest validation accuracy of all prunings, and among those it is the smallest
(which is unique).
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.tree import DecisionTreeClassifier

from pruning.data import load_dataset, split_dataset
from pruning.i18n import t
from pruning.trees import TREE_METHODS, TreeOptions, TreeStructure, prune_tree
from tests.tree_checks import assert_cut_report_consistent, fields, walk_predict

FAST = {"latency_repeats": 1}
NAMES = ["breast_cancer", "wine", "iris", "moons", "circles"]


def all_prunings(full: TreeStructure, node: int = 0) -> list[tuple[frozenset, int]]:
    """Every pruning of the subtree at ``node``: (nodes that answer, number of nodes)."""
    if full.children_left[node] == -1:
        return [(frozenset({node}), 1)]
    options = [(frozenset({node}), 1)]
    for left, left_size in all_prunings(full, full.children_left[node]):
        for right, right_size in all_prunings(full, full.children_right[node]):
            options.append((left | right, 1 + left_size + right_size))
    return options


def answering_nodes(result) -> frozenset:
    return frozenset(result.tree.source_ids[leaf] for leaf in result.tree.leaves)


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(NAMES), seed=st.integers(0, 10_000),
       max_leaf_nodes=st.integers(2, 8), val_size=st.sampled_from([0.15, 0.3, 0.5]))
def test_reduced_error_is_the_smallest_most_accurate_pruning(name, seed, max_leaf_nodes,
                                                            val_size):
    split = split_dataset(load_dataset(name), val_size=val_size, seed=seed)
    result = prune_tree(split, "reduced_error",
                        TreeOptions(seed=seed, max_leaf_nodes=max_leaf_nodes, **FAST))
    full = result.full_tree
    assert full.n_leaves <= max_leaf_nodes
    scored = [(float(np.mean(walk_predict(full, split.X_val, set(stops)) == split.y_val)),
               size, stops) for stops, size in all_prunings(full)]
    best = max(accuracy for accuracy, _, _ in scored)
    smallest = min(size for accuracy, size, _ in scored if accuracy == best)
    winners = [stops for accuracy, size, stops in scored if accuracy == best and size == smallest]
    assert len(winners) == 1
    assert result.val_accuracy == pytest.approx(best)
    assert result.n_nodes == smallest
    assert answering_nodes(result) == winners[0]
    assert_cut_report_consistent(result)


@settings(max_examples=20, deadline=None)
@given(name=st.sampled_from(NAMES + ["digits"]), seed=st.integers(0, 10_000),
       criterion=st.sampled_from(["gini", "entropy"]))
def test_reduced_error_never_lowers_validation_accuracy(name, seed, criterion):
    split = split_dataset(load_dataset(name), val_size=0.25, seed=seed)
    result = prune_tree(split, "reduced_error", TreeOptions(seed=seed, criterion=criterion,
                                                            **FAST))
    assert result.val_accuracy >= result.full_accuracies["val_accuracy"]
    assert result.n_nodes <= result.full_tree.n_nodes
    # The predictor answers like the full tree stopped at the pruned tree's leaves.
    np.testing.assert_array_equal(
        result.predictor.predict(split.X_test),
        walk_predict(result.full_tree, split.X_test, set(answering_nodes(result))))
    assert_cut_report_consistent(result)


def test_the_full_tree_is_scikit_learns_and_stays_untouched():
    split = split_dataset(load_dataset("breast_cancer"), val_size=0.25, seed=3)
    X_train, X_val = split.X_train.copy(), split.X_val.copy()
    result = prune_tree(split, "reduced_error", TreeOptions(seed=3, **FAST))
    reference = DecisionTreeClassifier(random_state=3).fit(split.X_train, split.y_train)
    assert result.cut_nodes  # it pruned something
    assert fields(result.full_tree) == fields(TreeStructure.from_estimator(reference))
    np.testing.assert_array_equal(result.full_predictor.predict(split.X_test),
                                  reference.predict(split.X_test))
    np.testing.assert_array_equal(split.X_train, X_train)
    np.testing.assert_array_equal(split.X_val, X_val)


def test_pruned_leaves_predict_their_majority_training_class():
    split = split_dataset(load_dataset("moons"), val_size=0.3, seed=0)
    result = prune_tree(split, "reduced_error", TreeOptions(**FAST))
    reaches = result.full_predictor.decision_path(split.X_train).toarray().astype(bool)
    for node in result.new_leaves:
        rows = reaches[:, node]
        majority = np.argmax(np.bincount(split.y_train[rows], minlength=2))
        assert set(result.predictor.predict(split.X_train[rows])) == {majority}


def test_reduced_error_without_validation_data_is_a_clear_error():
    split = split_dataset(load_dataset("iris"), val_size=0.0)
    with pytest.raises(ValueError) as error:
        prune_tree(split, "reduced_error")
    assert str(error.value) == t("trees.errors.needs_validation",
                                 method=TREE_METHODS["reduced_error"].name())
