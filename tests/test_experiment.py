"""The experiment entry point: one request in, dense and pruned metrics out."""
from __future__ import annotations

import dataclasses

import pytest
import torch

from pruning.experiment import NetworkRequest, dense_metrics, run_network
from pruning.metrics import count_macs, count_parameters, dense_bytes
from pruning.training import accuracy

NN_ROW_FIELDS = {"model", "technique", "sparsity_requested", "sparsity_achieved", "accuracy",
                 "accuracy_dense", "params_total", "params_nonzero", "macs", "macs_dense",
                 "size_bytes", "latency_ms", "latency_ms_dense", "layers"}


def test_row_has_exactly_the_cli_fields_and_agrees_with_the_metrics(mlp, mlp_data):
    report = run_network(NetworkRequest("mlp", "magnitude_global", 0.6))
    row = report.to_row()
    assert set(row) == NN_ROW_FIELDS
    model = report.result.model
    assert row["sparsity_achieved"] == pytest.approx(0.6, abs=1e-4)
    assert row["params_nonzero"] == count_parameters(model).nonzero == 50_610 - 30_120
    assert row["params_total"] == 50_610 and row["size_bytes"] == dense_bytes(model)
    assert row["macs"] == row["macs_dense"] == count_macs(mlp.model, (64,))
    assert row["accuracy"] == accuracy(model, mlp_data.X_test, mlp_data.y_test)
    assert row["accuracy_dense"] == pytest.approx(mlp.metadata["accuracy"]["test"], abs=1e-4)
    assert row["latency_ms"] is None and row["latency_ms_dense"] is None
    assert [layer["name"] for layer in row["layers"]] == ["fc1", "fc2", "out"]


def test_physical_pruning_shows_fewer_parameters_and_macs():
    row = run_network(NetworkRequest("cnn", "structured_physical", 0.5)).to_row()
    assert row["params_total"] < 15_498 and row["macs"] < row["macs_dense"] == 452_864
    assert row["params_nonzero"] <= row["params_total"]


def test_latency_is_measured_when_asked_and_test_accuracy_still_exact(mlp, mlp_data):
    request = NetworkRequest("mlp", "magnitude_global", 0.9, measure_latency=True,
                             warmup=1, repeats=3)
    report = run_network(request)
    assert report.pruned.latency.median_ms > 0 and report.dense.latency.median_ms > 0
    assert report.pruned.latency_sparse.median_ms > 0  # fully connected: a CSR twin
    assert report.pruned.latency.repeats == 3
    # the test accuracy comes from the timed outputs: it must be the real one
    assert report.pruned.accuracy["test"] == accuracy(report.result.model, mlp_data.X_test,
                                                      mlp_data.y_test)
    sweep_row = report.to_sweep_row()
    assert sweep_row["latency_ms_p25"] <= sweep_row["latency_ms"] <= sweep_row["latency_ms_p75"]


def test_cnn_has_no_sparse_latency():
    report = run_network(NetworkRequest("cnn", "magnitude_global", 0.5, measure_latency=True,
                                        warmup=0, repeats=1))
    assert report.pruned.latency is not None and report.pruned.latency_sparse is None


def test_dense_metrics_are_measured_once_per_model():
    dense_metrics("mlp")
    hits = dense_metrics.cache_info().hits
    run_network(NetworkRequest("mlp", "magnitude_layer", 0.3))
    run_network(NetworkRequest("mlp", "magnitude_layer", 0.4))
    assert dense_metrics.cache_info().hits == hits + 2
    assert dense_metrics("mlp").latency is None  # timings are never cached


def test_the_original_and_the_callers_random_state_are_untouched(cnn):
    from pruning.experiment import sample_with_data
    original = sample_with_data("cnn")[0].model
    before = {k: v.clone() for k, v in original.state_dict().items()}
    rng = torch.get_rng_state()
    run_network(NetworkRequest("cnn", "random", 0.7, finetune_epochs=1))
    assert all(torch.equal(before[k], v) for k, v in original.state_dict().items())
    assert torch.equal(rng, torch.get_rng_state())


def test_equal_requests_give_equal_results_and_the_seed_matters():
    def masks(seed):
        return run_network(NetworkRequest("mlp", "random", 0.5, seed=seed)).result.masks

    first, again, other = masks(3), masks(3), masks(4)
    assert all(torch.equal(first[k], again[k]) for k in first)
    assert not all(torch.equal(first[k], other[k]) for k in first)


def test_progress_moves_forward_to_the_end():
    seen = []
    run_network(NetworkRequest("mlp", "iterative", 0.5, steps=2),
                progress=lambda fraction, message: seen.append((fraction, message)))
    fractions = [fraction for fraction, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(isinstance(message, str) and message for _, message in seen)


@pytest.mark.parametrize("change", [
    {"model": "resnet"}, {"technique": "magic"}, {"sparsity": 1.5}, {"sparsity": -0.1},
    {"finetune_epochs": -1}, {"norm": 0}, {"schedule": "exponential"}, {"steps": 0},
    {"activation_criterion": "median"}, {"threads": 0}, {"repeats": 0},
])
def test_impossible_requests_raise_one_line_value_errors(change):
    request = dataclasses.replace(NetworkRequest("mlp", "magnitude_global", 0.5), **change)
    with pytest.raises(ValueError) as error:
        run_network(request)
    assert "\n" not in str(error.value) and str(error.value)
