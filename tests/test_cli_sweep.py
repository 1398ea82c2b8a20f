"""``python -m pruning sweep``: the backend's rows as JSON."""
from __future__ import annotations

import json

import pytest

from pruning.sweep import sweep_networks
from tests.test_cli_nn import exit_code, run_json


def test_sweep_json_is_the_backends_rows(capsys):
    payload = run_json(capsys, "sweep", "--model", "cnn", "--techniques",
                       "magnitude_layer,structured_physical", "--sparsities", "0,0.5",
                       "--seed", "2", "--no-latency")
    rows = sweep_networks("cnn", ["magnitude_layer", "structured_physical"], [0.0, 0.5],
                          seed=2, measure_latency=False).rows
    assert payload == {"rows": json.loads(json.dumps(rows))}


def test_all_means_every_registered_technique(capsys, monkeypatch):
    import pruning.cli.sweep as command

    seen = {}

    def fake_sweep(model, techniques, sparsities, **options):
        seen.update(model=model, techniques=techniques, sparsities=sparsities, **options)
        return type("Result", (), {"rows": []})()

    monkeypatch.setattr(command, "sweep_networks", fake_sweep)
    assert run_json(capsys, "sweep", "--model", "mlp", "--threads", "2") == {"rows": []}
    from pruning.nn import TECHNIQUES
    assert seen["techniques"] == list(TECHNIQUES) and len(seen["sparsities"]) == 11
    assert seen["threads"] == 2 and seen["measure_latency"] is True


@pytest.mark.parametrize("argv", [
    ["sweep", "--model", "mlp", "--sparsities", "0,x"],
    ["sweep", "--model", "mlp", "--sparsities", "0,1.5"],
    ["sweep", "--model", "mlp", "--sparsities", ","],
    ["sweep", "--model", "mlp", "--techniques", "random,nope"],
    ["sweep", "--model", "mlp", "--techniques", ","],
    ["sweep", "--model", "nope"],
])
def test_bad_sweeps_exit_2_with_one_line(capsys, argv):
    assert exit_code([*argv, "--no-latency", "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
