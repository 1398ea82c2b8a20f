"""``python -m pruning nn``: the backend's row as JSON; bad arguments exit 2 in one line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pruning.cli import main
from pruning.experiment import NetworkRequest, run_network

ROOT = Path(__file__).resolve().parents[1]


def run_json(capsys, *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def backend_row(**request) -> dict:
    return json.loads(json.dumps(run_network(NetworkRequest(**request)).to_row()))


@pytest.mark.parametrize("flags,request_options", [
    ([], {}),
    (["--seed", "3"], {"seed": 3}),
    (["--norm", "2"], {"norm": 2}),
    (["--finetune-epochs", "1", "--seed", "1"], {"finetune_epochs": 1, "seed": 1}),
])
def test_nn_json_is_the_backends_row(capsys, flags, request_options):
    payload = run_json(capsys, "nn", "--model", "cnn", "--technique", "structured_masked",
                       "--sparsity", "0.5", "--no-latency", *flags)
    assert payload == backend_row(model="cnn", technique="structured_masked", sparsity=0.5,
                                  **request_options)


def test_iterative_options_reach_the_backend(capsys):
    payload = run_json(capsys, "nn", "--model", "mlp", "--technique", "iterative",
                       "--sparsity", "0.6", "--steps", "2", "--schedule", "linear",
                       "--no-latency")
    assert payload == backend_row(model="mlp", technique="iterative", sparsity=0.6, steps=2,
                                  schedule="linear")


def test_nn_measures_latency_by_default(capsys):
    payload = run_json(capsys, "nn", "--model", "mlp", "--technique", "magnitude_global",
                       "--sparsity", "0.8", "--warmup", "0", "--repeats", "2")
    assert payload["latency_ms"] > 0 and payload["latency_ms_dense"] > 0
    assert payload["params_nonzero"] == 50_610 - round(0.8 * 50_200)


def test_the_real_command_line_prints_the_backends_row():
    command = [sys.executable, "-m", "pruning", "nn", "--model", "mlp", "--technique",
               "magnitude_layer", "--sparsity", "0.3", "--no-latency", "--json"]
    environment = {**os.environ, "OMP_NUM_THREADS": "1"}
    ok = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=environment,
                        timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == backend_row(model="mlp", technique="magnitude_layer",
                                                sparsity=0.3)


@pytest.mark.parametrize("argv", [
    ["nn", "--model", "resnet", "--technique", "random", "--sparsity", "0.5"],
    ["nn", "--model", "mlp", "--technique", "magic", "--sparsity", "0.5"],
    ["nn", "--model", "mlp", "--technique", "random", "--sparsity", "1.5"],
    ["nn", "--model", "mlp", "--technique", "random", "--sparsity", "half"],
    ["nn", "--model", "mlp", "--technique", "random"],
    ["nn", "--model", "mlp", "--technique", "random", "--sparsity", "0.5", "--threads", "0"],
    ["nn", "--model", "mlp", "--technique", "iterative", "--sparsity", "0.5", "--steps", "0"],
    ["nn", "--model", "mlp", "--technique", "activation", "--sparsity", "0.5",
     "--activation-criterion", "median"],
    ["nn", "--model", "mlp", "--technique", "random", "--sparsity", "0.5",
     "--finetune-epochs", "-2"],
])
def test_bad_arguments_exit_2_with_one_line(capsys, argv):
    assert exit_code([*argv, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def exit_code(argv: list[str]) -> int:
    """``main``'s return code, or argparse's exit code for unparsable arguments."""
    try:
        return main(argv)
    except SystemExit as stop:
        return stop.code


def test_readable_output_prints_one_line_per_field(capsys):
    code = main(["nn", "--model", "mlp", "--technique", "magnitude_layer", "--sparsity", "0.3",
                 "--no-latency"])
    out = capsys.readouterr().out
    assert code == 0 and "model: mlp" in out and "name=fc1" in out
