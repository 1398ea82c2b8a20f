"""``python -m pruning tree`` / ``tree-path``: the backend's numbers as JSON, clear errors."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pruning.cli import main
from pruning.data import load_dataset, split_dataset
from pruning.i18n import t
from pruning.trees import TreeOptions, ccp_path_rows, prune_tree

ROOT = Path(__file__).resolve().parents[1]


def run_json(capsys, *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def backend(split, method, options):
    summary = prune_tree(split, method, options).summary()
    del summary["latency"]  # measured, so never equal twice
    return summary


@pytest.mark.parametrize("flags, method, options, val_size", [
    ([], "none", TreeOptions(), 0.0),
    (["--max-depth", "3", "--min-samples-leaf", "2"], "pre",
     TreeOptions(max_depth=3, min_samples_leaf=2), 0.0),
    (["--max-leaf-nodes", "5", "--criterion", "entropy"], "pre",
     TreeOptions(max_leaf_nodes=5, criterion="entropy"), 0.0),
    (["--ccp-alpha", "0.01"], "cost_complexity", TreeOptions(ccp_alpha=0.01), 0.0),
    (["--reduced-error"], "reduced_error", TreeOptions(), 0.25),
    (["--reduced-error", "--val-size", "0.4"], "reduced_error", TreeOptions(), 0.4),
])
def test_tree_json_is_the_backends_result(capsys, flags, method, options, val_size):
    payload = run_json(capsys, "tree", "--dataset", "breast_cancer", *flags)
    split = split_dataset(load_dataset("breast_cancer"), val_size=val_size)
    assert payload["dataset"] == "breast_cancer" and payload["method"] == method
    assert payload["split"] == split.describe()
    latency = payload.pop("latency")
    assert latency["median_ms"] > 0 and latency["batch_size"] == len(split.y_test)
    expected = json.loads(json.dumps(backend(split, method, options)))
    assert {k: v for k, v in payload.items() if k not in ("dataset", "split")} == expected
    assert ("val_accuracy" in payload) == (val_size > 0)


def test_seed_and_stratification_reach_split_and_tree(capsys):
    payload = run_json(capsys, "tree", "--dataset", "wine", "--seed", "7", "--no-stratify",
                       "--test-size", "0.3", "--ccp-alpha", "0.02")
    split = split_dataset(load_dataset("wine"), test_size=0.3, seed=7, stratify=False)
    assert payload["split"] == split.describe() and payload["options"]["seed"] == 7
    expected = backend(split, "cost_complexity", TreeOptions(seed=7, ccp_alpha=0.02))
    assert payload["test_accuracy"] == expected["test_accuracy"]
    assert payload["n_leaves"] == expected["n_leaves"]


def test_tree_path_rows_are_the_backends(capsys):
    payload = run_json(capsys, "tree-path", "--dataset", "iris", "--seed", "2")
    split = split_dataset(load_dataset("iris"), seed=2)
    assert payload["rows"] == ccp_path_rows(split, TreeOptions(seed=2))
    assert set(payload["rows"][0]) == {"ccp_alpha", "n_nodes", "n_leaves", "depth",
                                       "train_accuracy", "test_accuracy"}


def test_tree_path_with_validation_adds_its_column(capsys):
    payload = run_json(capsys, "tree-path", "--dataset", "moons", "--val-size", "0.2")
    assert all("val_accuracy" in row for row in payload["rows"])


@pytest.mark.parametrize("argv, key, values", [
    (["tree", "--dataset", "mnist"], "trees.errors.unknown_dataset",
     {"dataset": "mnist", "choices": "digits, breast_cancer, iris, wine, moons, circles"}),
    (["tree", "--dataset", "iris", "--max-depth", "-2"], "trees.errors.max_depth",
     {"value": -2}),
    (["tree", "--dataset", "iris", "--test-size", "1.5"], "trees.errors.test_size",
     {"value": 1.5}),
    (["tree-path", "--dataset", "iris", "--val-size", "-0.1"], "trees.errors.val_size",
     {"value": -0.1}),
    (["tree", "--dataset", "iris", "--ccp-alpha", "-0.5"], "trees.errors.ccp_alpha",
     {"value": -0.5}),
    (["tree", "--dataset", "iris", "--criterion", "chi2"], "trees.errors.criterion",
     {"value": "chi2", "choices": "gini, entropy"}),
    (["tree", "--dataset", "iris", "--reduced-error", "--val-size", "0"],
     "trees.errors.needs_validation", {"method": t("trees.method.reduced_error.name")}),
])
def test_bad_values_are_one_catalogue_line_and_exit_2(capsys, argv, key, values):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().endswith(t(key, **values))
    assert captured.err.count("\n") == 1


def test_post_pruning_flags_exclude_each_other(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["tree", "--dataset", "iris", "--ccp-alpha", "0.1", "--reduced-error"])
    assert exit_.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_the_real_command_line_prints_json_and_fails_cleanly():
    command = [sys.executable, "-m", "pruning"]
    ok = subprocess.run([*command, "tree", "--dataset", "iris", "--max-depth", "2", "--json"],
                        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    payload = json.loads(ok.stdout)
    assert payload["method"] == "pre" and payload["depth"] == 2
    bad = subprocess.run([*command, "tree-path", "--dataset", "iris", "--test-size", "0"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    assert bad.stderr.strip().endswith(t("trees.errors.test_size", value=0.0))
    assert "Traceback" not in bad.stderr
