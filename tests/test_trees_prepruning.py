"""Pre-pruning and the full tree: scikit-learn's own trees, read into plain data right."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.tree import DecisionTreeClassifier

from pruning.data import load_dataset, split_dataset
from pruning.i18n import t
from pruning.trees import TREE_METHODS, TreeOptions, TreeStructure, prune_tree
from tests.tree_checks import assert_cut_report_consistent, fields

FAST = {"latency_repeats": 3}


@pytest.fixture(scope="module")
def cancer():
    return split_dataset(load_dataset("breast_cancer"), test_size=0.25, seed=0)


def reference(split, **params):
    return DecisionTreeClassifier(**params).fit(split.X_train, split.y_train)


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "moons"])
@pytest.mark.parametrize("limits", [
    {"max_depth": 3},
    {"min_samples_leaf": 7},
    {"min_samples_split": 25},
    {"max_leaf_nodes": 6},
    {"min_impurity_decrease": 0.01},
    {"max_depth": 4, "min_samples_leaf": 3, "criterion": "entropy"},
])
def test_pre_pruning_is_scikit_learns_tree_with_the_same_parameters(name, limits):
    split = split_dataset(load_dataset(name), test_size=0.3, seed=1)
    result = prune_tree(split, "pre", TreeOptions(seed=1, **limits, **FAST))
    expected = reference(split, random_state=1, **limits)
    np.testing.assert_array_equal(result.predictor.predict(split.X_test),
                                  expected.predict(split.X_test))
    assert result.n_leaves == expected.get_n_leaves()
    assert result.depth == expected.get_depth()
    assert fields(result.tree) == fields(TreeStructure.from_estimator(expected))
    assert result.test_accuracy == pytest.approx(expected.score(split.X_test, split.y_test))


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), max_depth=st.one_of(st.none(), st.integers(1, 8)),
       min_samples_leaf=st.integers(1, 20), max_leaf_nodes=st.one_of(st.none(),
                                                                     st.integers(2, 30)))
def test_pre_pruning_matches_scikit_learn_for_any_seed_and_limits(
        seed, max_depth, min_samples_leaf, max_leaf_nodes):
    split = split_dataset(load_dataset("wine"), seed=seed % 1000)
    limits = {"max_depth": max_depth, "min_samples_leaf": min_samples_leaf,
              "max_leaf_nodes": max_leaf_nodes}
    result = prune_tree(split, "pre", TreeOptions(seed=seed, **limits, **FAST))
    expected = reference(split, random_state=seed, **limits)
    np.testing.assert_array_equal(result.predictor.predict(split.X_train),
                                  expected.predict(split.X_train))
    assert fields(result.tree) == fields(TreeStructure.from_estimator(expected))
    if result.cut_nodes is not None:  # reported only when it really is a subtree
        assert_cut_report_consistent(result)


def test_no_pruning_is_the_unlimited_tree_and_ignores_limits(cancer):
    result = prune_tree(cancer, "none", TreeOptions(max_depth=2, ccp_alpha=0.1, **FAST))
    expected = reference(cancer, random_state=0)
    assert fields(result.tree) == fields(TreeStructure.from_estimator(expected))
    assert fields(result.full_tree) == fields(result.tree)
    assert result.cut_nodes == () and result.new_leaves == ()
    assert result.train_accuracy == 1.0  # grown until every leaf is pure


def test_a_depth_limited_tree_that_is_a_subtree_reports_its_cuts(cancer):
    result = prune_tree(cancer, "pre", TreeOptions(max_depth=2, **FAST))
    assert result.cut_nodes is not None  # the top two levels of this tree are the full tree's
    assert_cut_report_consistent(result)
    assert max(result.full_tree.node_depths()[n] for n in result.new_leaves) == 2


def test_a_tree_with_other_splits_reports_no_cuts(cancer):
    # At least 40 samples per leaf changes the root's left child's test.
    result = prune_tree(cancer, "pre", TreeOptions(min_samples_leaf=40, **FAST))
    left, full_left = result.tree.children_left[0], result.full_tree.children_left[0]
    assert result.tree.threshold[left] != result.full_tree.threshold[full_left]
    assert result.cut_nodes is None and result.new_leaves is None


def test_structure_reads_scikit_learns_tree(cancer):
    estimator = reference(cancer, random_state=0)
    tree = TreeStructure.from_estimator(estimator)
    reaches = estimator.decision_path(cancer.X_train).toarray().astype(bool)
    for node in range(tree.n_nodes):
        counts = np.bincount(cancer.y_train[reaches[:, node]], minlength=2)
        assert tree.class_counts[node] == tuple(counts)
        assert tree.samples[node] == counts.sum()
    assert tree.n_leaves == estimator.get_n_leaves()
    assert tree.depth == estimator.get_depth()
    assert sorted(tree.preorder()) == list(range(tree.n_nodes))


def test_latency_is_measured_on_the_test_rows(cancer):
    result = prune_tree(cancer, "none", TreeOptions(latency_repeats=7))
    latency = result.latency
    assert latency.repeats == 7 and latency.batch_size == len(cancer.y_test)
    assert latency.threads == 1 and latency.warmup >= 1
    assert 0 < latency.min_ms <= latency.p25_ms <= latency.median_ms <= latency.p75_ms
    assert latency.p75_ms <= latency.max_ms


@pytest.mark.parametrize("option, value", [
    ("max_depth", 0), ("max_depth", -1), ("min_samples_leaf", 0), ("min_samples_split", 1),
    ("max_leaf_nodes", 1), ("min_impurity_decrease", -0.1), ("ccp_alpha", -1.0),
    ("ccp_alpha", float("nan")), ("criterion", "log_loss"), ("seed", -1), ("max_depth", 2.5),
])
def test_impossible_options_are_a_catalogue_error(cancer, option, value):
    with pytest.raises(ValueError) as error:
        prune_tree(cancer, "pre", TreeOptions(**{option: value}))
    key = f"trees.errors.{option}"
    fmt = {"choices": "gini, entropy"} if option == "criterion" else {"max": 2**32 - 1}
    assert str(error.value) == t(key, value=value, **fmt)


def test_unknown_method_names_the_choices(cancer):
    with pytest.raises(ValueError, match="cost_complexity"):
        prune_tree(cancer, "magic")


@pytest.mark.parametrize("key", list(TREE_METHODS))
def test_every_method_has_a_name_and_a_teaching_explanation(key):
    spec = TREE_METHODS[key]
    assert spec.name() and len(spec.explanation()) > 150
    assert spec.describe()["key"] == key
