"""Cost-complexity pruning is scikit-learn's, at every alpha of the path, and a subtree."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.tree import DecisionTreeClassifier

from pruning.data import load_dataset, split_dataset
from pruning.trees import TreeOptions, TreeStructure, prune_tree
from tests.tree_checks import assert_cut_report_consistent, fields, walk_predict

FAST = {"latency_repeats": 1}


def path_alphas(split, **params):
    return DecisionTreeClassifier(**params).cost_complexity_pruning_path(
        split.X_train, split.y_train).ccp_alphas


@pytest.mark.parametrize("name, criterion", [
    ("iris", "gini"), ("wine", "entropy"), ("breast_cancer", "gini"), ("moons", "gini"),
    ("circles", "entropy"),
])
def test_every_alpha_of_the_path_gives_scikit_learns_own_tree(name, criterion):
    split = split_dataset(load_dataset(name), test_size=0.25, seed=0)
    alphas = path_alphas(split, criterion=criterion, random_state=0)
    assert len(alphas) > 2
    for alpha in alphas:
        options = TreeOptions(criterion=criterion, ccp_alpha=float(alpha), **FAST)
        result = prune_tree(split, "cost_complexity", options)
        expected = DecisionTreeClassifier(criterion=criterion, ccp_alpha=alpha,
                                          random_state=0).fit(split.X_train, split.y_train)
        for X in (split.X_train, split.X_test):
            np.testing.assert_array_equal(result.predictor.predict(X), expected.predict(X))
        assert result.n_leaves == expected.get_n_leaves()
        assert fields(result.tree) == fields(TreeStructure.from_estimator(expected))
        assert_cut_report_consistent(result)


def test_the_subtree_predicts_like_the_full_tree_stopped_at_its_new_leaves():
    split = split_dataset(load_dataset("breast_cancer"), seed=0)
    alpha = float(path_alphas(split, random_state=0)[-4])
    result = prune_tree(split, "cost_complexity", TreeOptions(ccp_alpha=alpha, **FAST))
    assert result.cut_nodes  # something was pruned
    stopped = walk_predict(result.full_tree, split.X_test, set(result.new_leaves))
    np.testing.assert_array_equal(result.predictor.predict(split.X_test), stopped)


def test_pre_pruning_limits_apply_to_the_tree_that_is_pruned():
    split = split_dataset(load_dataset("wine"), seed=2)
    limits = {"max_depth": 3, "min_samples_leaf": 2}
    alpha = float(path_alphas(split, random_state=2, **limits)[1])
    result = prune_tree(split, "cost_complexity", TreeOptions(seed=2, ccp_alpha=alpha, **limits,
                                                              **FAST))
    grown = DecisionTreeClassifier(random_state=2, **limits).fit(split.X_train, split.y_train)
    expected = DecisionTreeClassifier(random_state=2, ccp_alpha=alpha, **limits).fit(
        split.X_train, split.y_train)
    assert fields(result.full_tree) == fields(TreeStructure.from_estimator(grown))
    assert fields(result.tree) == fields(TreeStructure.from_estimator(expected))
    assert_cut_report_consistent(result)


def test_alpha_zero_cuts_nothing_and_a_huge_alpha_leaves_the_root():
    split = split_dataset(load_dataset("iris"), seed=0)
    untouched = prune_tree(split, "cost_complexity", TreeOptions(ccp_alpha=0.0, **FAST))
    assert untouched.cut_nodes == () and untouched.n_nodes == untouched.full_tree.n_nodes
    root = prune_tree(split, "cost_complexity", TreeOptions(ccp_alpha=10.0, **FAST))
    assert root.n_nodes == 1 and root.new_leaves == (0,)
    assert set(root.cut_nodes) == set(range(1, root.full_tree.n_nodes))


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), name=st.sampled_from(["breast_cancer", "moons", "wine"]),
       step=st.floats(0.0, 1.0))
def test_cost_complexity_matches_scikit_learn_for_any_seed(seed, name, step):
    split = split_dataset(load_dataset(name), seed=seed)
    alphas = path_alphas(split, random_state=seed)
    alpha = float(alphas[int(step * (len(alphas) - 1))])
    result = prune_tree(split, "cost_complexity", TreeOptions(seed=seed, ccp_alpha=alpha, **FAST))
    expected = DecisionTreeClassifier(ccp_alpha=alpha, random_state=seed).fit(
        split.X_train, split.y_train)
    np.testing.assert_array_equal(result.predictor.predict(split.X_test),
                                  expected.predict(split.X_test))
    assert result.n_leaves == expected.get_n_leaves()
    assert_cut_report_consistent(result)
