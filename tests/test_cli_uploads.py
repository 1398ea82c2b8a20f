"""``python -m pruning nn --model-file`` / ``tree --data-csv``: the backend's numbers, and
every bad file a one-line message with exit code 2 (never a traceback, never run)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pruning.cli import main
from pruning.data import split_dataset
from pruning.experiment import NetworkRequest, run_network
from pruning.trees import TreeOptions, prune_tree
from pruning.uploads import DataChoice, csv_dataset, upload_source
from tests.upload_files import (bad_csv_files, bad_network_files, code_pickle_files, digits_csv,
                                mixed_csv, scripted_file, state_dict_file)

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit:DeprecationWarning")


def written(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def run_json(capsys, *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def one_line_error(capsys, *argv: str) -> str:
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1, captured.err
    assert "Traceback" not in captured.err
    return captured.err


def test_nn_with_a_model_file_and_a_csv_prints_the_backends_row(capsys, tmp_path):
    model = written(tmp_path, "mlp.pt", scripted_file("mlp"))
    data = written(tmp_path, "digits.csv", digits_csv())
    payload = run_json(capsys, "nn", "--model-file", model, "--data-csv", data,
                       "--technique", "structured_masked", "--sparsity", "0.4", "--no-latency")
    source = upload_source(scripted_file("mlp"), "mlp.pt",
                           DataChoice(csv=digits_csv(), csv_name="digits.csv"))
    expected = run_network(NetworkRequest(source.key, "structured_masked", 0.4),
                           source=source).to_row()
    upload = payload.pop("upload")
    assert payload == json.loads(json.dumps(expected))
    assert upload["file"] == "mlp.pt" and upload["kind"] == "torchscript"
    assert upload["input_shape"] == [64] and upload["target"] == "label"


def test_nn_with_a_state_dict_defaults_to_the_architectures_own_data(capsys, tmp_path):
    model = written(tmp_path, "cnn_weights.pt", state_dict_file("cnn"))
    payload = run_json(capsys, "nn", "--model-file", model, "--architecture", "cnn",
                       "--technique", "magnitude_global", "--sparsity", "0.7", "--no-latency")
    sample = run_network(NetworkRequest("cnn", "magnitude_global", 0.7)).to_row()
    assert {k: v for k, v in payload.items() if k not in ("model", "upload")} == \
        {k: v for k, v in json.loads(json.dumps(sample)).items() if k != "model"}


@pytest.mark.parametrize("case", list(bad_network_files()))
def test_nn_bad_model_files_exit_2_with_one_line(capsys, tmp_path, case):
    data, architecture, _ = bad_network_files()[case]
    model = written(tmp_path, "model.pt", data)
    error = one_line_error(capsys, "nn", "--model-file", model, "--architecture", architecture,
                           "--dataset", "digits", "--technique", "magnitude_global",
                           "--sparsity", "0.5", "--no-latency")
    assert error.startswith("python -m pruning nn: error: ")


def test_nn_never_runs_a_pickle(capsys, tmp_path):
    marker = tmp_path / "pwned"
    for case, data in code_pickle_files(marker).items():
        model = written(tmp_path, "weights.pt", data)
        error = one_line_error(capsys, "nn", "--model-file", model, "--architecture", "mlp",
                               "--technique", "random", "--sparsity", "0.5", "--no-latency")
        assert "could run code" in error, case
    assert not marker.exists()


@pytest.mark.parametrize("argv, words", [
    (["--model", "mlp", "--model-file", "x.pt"], "not both"),
    ([], "not both or neither"),
    (["--model", "mlp", "--dataset", "iris"], "--model-file"),
    (["--model-file", "/no/such/file.pt"], "No such file"),
])
def test_nn_argument_mistakes_are_one_line(capsys, argv, words):
    error = one_line_error(capsys, "nn", *argv, "--technique", "random", "--sparsity", "0.5")
    assert words in error


def test_tree_with_a_csv_prints_the_backends_numbers(capsys, tmp_path):
    data = written(tmp_path, "mixed.csv", mixed_csv())
    payload = run_json(capsys, "tree", "--data-csv", data, "--max-depth", "2")
    dataset = csv_dataset(mixed_csv(), "mixed.csv").dataset
    result = prune_tree(split_dataset(dataset), "pre", TreeOptions(max_depth=2))
    assert payload["dataset"] == dataset.name
    assert payload["test_accuracy"] == result.test_accuracy
    assert payload["n_leaves"] == result.n_leaves
    path_payload = run_json(capsys, "tree-path", "--data-csv", data, "--target", "colour")
    assert path_payload["rows"] and path_payload["dataset"].startswith("upload_")


@pytest.mark.parametrize("case", list(bad_csv_files()))
def test_tree_bad_csvs_exit_2_with_one_line(capsys, tmp_path, case):
    data, _ = bad_csv_files()[case]
    path = written(tmp_path, "data.csv", data)
    error = one_line_error(capsys, "tree", "--data-csv", path)
    assert error.startswith("python -m pruning tree: error: ")


def test_as_a_program_a_bad_file_prints_no_traceback(tmp_path):
    marker = tmp_path / "pwned"
    model = written(tmp_path, "evil.pt", code_pickle_files(marker)["raw pickle (os.system)"])
    done = subprocess.run([sys.executable, "-m", "pruning", "nn", "--model-file", model,
                           "--architecture", "mlp", "--technique", "random", "--sparsity", "0.5"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and not marker.exists()
