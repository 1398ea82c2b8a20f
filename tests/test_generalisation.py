"""Generalisation curves of a pruned network and their reading."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pruning.experiment import NetworkRequest, run_network
from pruning.generalisation import MIN_SAMPLES_FOR_A_CHANGE, network_generalisation_rows, read_curve


def test_rows_agree_with_single_experiments(mlp_data):
    sparsities = (0.0, 0.5, 0.9)
    progress = []
    rows = network_generalisation_rows("mlp", sparsities=sparsities,
                                       progress=lambda f, m: progress.append(f))
    assert [row["sparsity"] for row in rows] == list(sparsities)
    assert progress == pytest.approx([1 / 3, 2 / 3, 1.0])
    for row in rows:
        report = run_network(NetworkRequest("mlp", "magnitude_global", row["sparsity"]))
        for part in ("train", "val", "test"):
            assert row[f"{part}_accuracy"] == report.pruned.accuracy[part]
        assert row["params_nonzero"] == report.pruned.params_nonzero
        assert row["n_test"] == len(mlp_data.y_test)
    assert rows[2]["weight_sparsity"] == pytest.approx(0.9, abs=1e-3)


def test_empty_grid_is_a_clear_error():
    with pytest.raises(ValueError):
        network_generalisation_rows("mlp", sparsities=())


def row(train, val, test, x):
    return {"x": x, "train_accuracy": train, "val_accuracy": val, "test_accuracy": test}


def test_reading_picks_by_validation_not_by_test():
    rows = [row(1.0, 0.80, 0.80, 0), row(0.98, 0.85, 0.82, 1), row(0.9, 0.84, 0.90, 2)]
    reading = read_curve(rows, n_test=100)
    assert reading.chosen["x"] == 1 and reading.best_test["x"] == 2
    assert reading.test_change == pytest.approx(0.02) and reading.test_change_samples == 2
    assert reading.train_change == pytest.approx(-0.02)
    assert reading.gap_unpruned == pytest.approx(0.2)
    assert reading.gap_chosen == pytest.approx(0.16)
    assert reading.verdict == "no_change"  # 2 of 100 samples: below the threshold


def test_reading_without_validation_keeps_the_unpruned_model():
    rows = [{"train_accuracy": 1.0, "test_accuracy": 0.8},
            {"train_accuracy": 0.9, "test_accuracy": 0.9}]
    reading = read_curve(rows, n_test=100)
    assert reading.chosen is rows[0] and reading.verdict == "no_change"


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50)),
                min_size=1, max_size=8))
def test_verdict_follows_the_test_change_in_samples(counts):
    n = 50
    rows = [row(a / n, b / n, c / n, i) for i, (a, b, c) in enumerate(counts)]
    reading = read_curve(rows, n_test=n)
    assert max(r["val_accuracy"] for r in rows) == reading.chosen["val_accuracy"]
    # ties go to the most pruned
    assert all(r["val_accuracy"] < reading.chosen["val_accuracy"]
               for r in rows[reading.chosen["x"] + 1:])
    change = round((reading.chosen["test_accuracy"] - rows[0]["test_accuracy"]) * n)
    expected = ("helps" if change >= MIN_SAMPLES_FOR_A_CHANGE
                else "hurts" if change <= -MIN_SAMPLES_FOR_A_CHANGE else "no_change")
    assert reading.verdict == expected


def test_tree_rows_are_read_from_the_full_tree_down():
    from pruning.data import load_dataset, split_dataset
    from pruning.generalisation import least_pruned_first
    from pruning.trees import ccp_path_rows, depth_rows

    split = split_dataset(load_dataset("breast_cancer"), test_size=0.25, val_size=0.25, seed=0)
    for rows in (ccp_path_rows(split), depth_rows(split)):
        ordered = least_pruned_first(rows)
        leaves = [row["n_leaves"] for row in ordered]
        assert leaves == sorted(leaves, reverse=True)  # fewer leaves as pruning grows
        reading = read_curve(ordered, n_test=len(split.y_test))
        assert reading.unpruned["n_leaves"] == max(leaves)
        assert reading.chosen["val_accuracy"] == max(row["val_accuracy"] for row in rows)


def test_network_figure_plots_the_rows_on_a_kept_share_axis():
    from pruning.figures.generalisation import accuracy_parts_vs_sparsity

    rows = [{"sparsity": s, "weight_sparsity": s, "train_accuracy": 1 - s / 2,
             "val_accuracy": 0.9 - s / 3, "test_accuracy": 0.8 - s / 4} for s in (0.0, 0.5, 0.9)]
    figure = accuracy_parts_vs_sparsity(rows, chosen_sparsity=0.5)
    train, val, test, chosen = figure.data
    assert list(train.x) == pytest.approx([100, 50, 10])
    assert list(test.y) == pytest.approx([80, 67.5, 57.5])
    assert list(chosen.x) == pytest.approx([50, 50, 50])
    assert figure.layout.xaxis.type == "log" and figure.layout.xaxis.title.text
    assert figure.layout.title.text and figure.layout.yaxis.title.text
