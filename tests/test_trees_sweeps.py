"""Tree sweeps: one row per path alpha / per depth, each scikit-learn's own tree."""
import pytest
from sklearn.tree import DecisionTreeClassifier

from pruning.data import load_dataset, split_dataset
from pruning.i18n import t
from pruning.trees import TreeOptions, ccp_path_rows, depth_rows

FIELDS = {"n_nodes", "n_leaves", "depth", "train_accuracy", "test_accuracy"}


def expected_row(split, **params):
    tree = DecisionTreeClassifier(**params).fit(split.X_train, split.y_train)
    row = {"n_nodes": tree.tree_.node_count, "n_leaves": tree.get_n_leaves(),
           "depth": tree.get_depth(),
           "train_accuracy": tree.score(split.X_train, split.y_train),
           "test_accuracy": tree.score(split.X_test, split.y_test)}
    if split.has_validation:
        row["val_accuracy"] = tree.score(split.X_val, split.y_val)
    return row


@pytest.mark.parametrize("name, criterion", [("breast_cancer", "gini"), ("wine", "entropy")])
def test_path_rows_are_scikit_learns_path_and_trees(name, criterion):
    split = split_dataset(load_dataset(name), seed=0)
    rows = ccp_path_rows(split, TreeOptions(criterion=criterion))
    path = DecisionTreeClassifier(criterion=criterion, random_state=0) \
        .cost_complexity_pruning_path(split.X_train, split.y_train)
    assert [row["ccp_alpha"] for row in rows] == sorted(set(path.ccp_alphas.tolist()))
    for row in rows:
        assert set(row) == FIELDS | {"ccp_alpha"}
        expected = expected_row(split, criterion=criterion, random_state=0,
                                ccp_alpha=row["ccp_alpha"])
        assert {k: row[k] for k in FIELDS} == pytest.approx(expected)


def test_path_runs_from_the_full_tree_to_the_root_shrinking_all_the_way():
    split = split_dataset(load_dataset("moons"), val_size=0.2, seed=4)
    rows = ccp_path_rows(split, TreeOptions(seed=4))
    path = DecisionTreeClassifier(random_state=4).cost_complexity_pruning_path(
        split.X_train, split.y_train)
    assert len(rows) < len(path.ccp_alphas)  # this path repeats alphas: one row each
    full = DecisionTreeClassifier(random_state=4).fit(split.X_train, split.y_train)
    assert rows[0]["ccp_alpha"] == 0.0 and rows[0]["n_leaves"] == full.get_n_leaves()
    assert rows[-1]["n_nodes"] == 1 and rows[-1]["depth"] == 0
    assert all(a["n_leaves"] > b["n_leaves"] for a, b in zip(rows, rows[1:]))
    assert all("val_accuracy" in row for row in rows)
    assert rows == ccp_path_rows(split, TreeOptions(seed=4))  # deterministic


def test_path_of_a_pre_pruned_tree_starts_from_that_tree():
    split = split_dataset(load_dataset("breast_cancer"), seed=0)
    rows = ccp_path_rows(split, TreeOptions(max_depth=3))
    assert rows[0] == pytest.approx(
        {"ccp_alpha": 0.0, **expected_row(split, random_state=0, max_depth=3)})


def test_depth_rows_are_scikit_learns_depth_limited_trees():
    split = split_dataset(load_dataset("wine"), val_size=0.2, seed=1)
    options = TreeOptions(seed=1, min_samples_leaf=2, ccp_alpha=0.5)  # alpha is ignored
    rows = depth_rows(split, options, depths=[1, 2, 4, 6])
    assert [row["max_depth"] for row in rows] == [1, 2, 4, 6]
    for row in rows:
        expected = expected_row(split, random_state=1, min_samples_leaf=2,
                                max_depth=row["max_depth"])
        assert {k: v for k, v in row.items() if k != "max_depth"} == pytest.approx(expected)
        assert row["depth"] <= row["max_depth"]


def test_default_depths_go_up_to_the_full_trees_depth():
    split = split_dataset(load_dataset("breast_cancer"), seed=0)
    rows = depth_rows(split)
    full_depth = DecisionTreeClassifier(random_state=0).fit(split.X_train,
                                                            split.y_train).get_depth()
    assert [row["max_depth"] for row in rows] == list(range(1, full_depth + 1))
    assert rows[-1]["train_accuracy"] == 1.0


def test_progress_is_reported_up_to_done():
    split = split_dataset(load_dataset("iris"), seed=0)
    seen = []
    rows = ccp_path_rows(split, progress=lambda fraction, message: seen.append(fraction))
    assert len(seen) == len(rows) and seen[-1] == 1.0 and seen == sorted(seen)
    seen.clear()
    depth_rows(split, depths=[1, 2, 3], progress=lambda fraction, message: seen.append(fraction))
    assert seen == pytest.approx([1 / 3, 2 / 3, 1.0])


def test_an_impossible_depth_is_a_catalogue_error():
    split = split_dataset(load_dataset("iris"), seed=0)
    with pytest.raises(ValueError) as error:
        depth_rows(split, depths=[2, 0])
    assert str(error.value) == t("trees.errors.max_depth", value=0)
