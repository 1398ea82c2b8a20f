"""Measured latency (sane numbers, settings restored) and the CSR sparse twin.

No timing thresholds here: timings depend on the machine. The tests check that
numbers are positive and ordered, that the thread count and denormal mode come
back, and that the sparse twin computes exactly what the dense model computes.
"""
from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from pruning.metrics import (CSRLinear, check_same_logits, denormals_are_flushed,
                             flushing_denormals, measure_latency, measure_sparse_latency,
                             time_forward, to_csr_model)
from pruning.nn import prune_network


def _check_sane(latency, repeats, batch_size, threads):
    assert 0 < latency.min_ms <= latency.p25_ms <= latency.median_ms
    assert latency.median_ms <= latency.p75_ms <= latency.max_ms
    assert (latency.repeats, latency.batch_size, latency.threads) == (repeats, batch_size, threads)


def test_latency_is_positive_ordered_and_restores_the_thread_count(mlp, mlp_data):
    torch.set_num_threads(1)
    latency = measure_latency(mlp.model, mlp_data.X_test, threads=2, warmup=1, repeats=5)
    _check_sane(latency, repeats=5, batch_size=len(mlp_data.X_test), threads=2)
    assert torch.get_num_threads() == 1


def test_the_thread_count_is_used_while_timing_and_restored_after_an_error():
    seen = []

    def forward(x):
        seen.append(torch.get_num_threads())
        if len(seen) == 3:
            raise RuntimeError("boom")
        return x

    torch.set_num_threads(1)
    with pytest.raises(RuntimeError):
        time_forward(forward, torch.zeros(2, 2), threads=2, warmup=1, repeats=5)
    assert seen == [2, 2, 2] and torch.get_num_threads() == 1


def test_denormals_are_flushed_while_timing_and_the_mode_restored():
    seen = []
    tiny = torch.tensor([1e-39])
    assert not denormals_are_flushed()
    time_forward(lambda x: seen.append(float((tiny * 1.0).item())), tiny, warmup=0, repeats=2)
    assert seen == [0.0, 0.0] and not denormals_are_flushed()
    with flushing_denormals(True):
        time_forward(lambda x: x, tiny, warmup=0, repeats=1, flush_denormal=False)
        assert denormals_are_flushed()
    assert not denormals_are_flushed()


@pytest.mark.parametrize("bad", [{"threads": 0}, {"warmup": -1}, {"repeats": 0}])
def test_impossible_timing_settings_are_refused(bad):
    with pytest.raises(ValueError):
        time_forward(lambda x: x, torch.zeros(1), **bad)


def test_timing_leaves_the_models_mode_alone(cnn, cnn_data):
    model = prune_network(cnn.model, "magnitude_global", 0.5).model.train()
    measure_latency(model, cnn_data.X_test[:8], warmup=0, repeats=1)
    assert model.training and model.bn1.training


@settings(max_examples=10, deadline=None)
@given(rows=st.integers(1, 9), cols=st.integers(1, 9), batch=st.integers(1, 5),
       bias=st.booleans(), seed=st.integers(0, 1000))
def test_csr_linear_equals_torch_linear(rows, cols, batch, bias, seed):
    torch.manual_seed(seed)
    layer = nn.Linear(cols, rows, bias=bias)
    with torch.no_grad():
        layer.weight[torch.rand(rows, cols) < 0.6] = 0.0
    x = torch.randn(batch, cols)
    with torch.no_grad():
        assert torch.allclose(CSRLinear(layer)(x), layer(x), atol=1e-6)


@pytest.mark.parametrize("technique,amount", [("magnitude_global", 0.0),
                                              ("magnitude_global", 0.9),
                                              ("random", 0.5),
                                              ("structured_physical", 0.5)])
def test_sparse_twin_logits_equal_the_dense_logits(mlp, mlp_data, technique, amount):
    model = prune_network(mlp.model, technique, amount).model
    twin = to_csr_model(model)
    with torch.no_grad():
        assert torch.allclose(twin(mlp_data.X_test), model(mlp_data.X_test), atol=1e-5)
    assert all(not isinstance(m, nn.Linear) for m in twin.modules())
    assert isinstance(model.fc1, nn.Linear)  # the original is untouched


def test_sparse_latency_is_measured_for_an_mlp_and_undefined_for_a_cnn(mlp, mlp_data, cnn,
                                                                        cnn_data):
    model = prune_network(mlp.model, "magnitude_global", 0.95).model
    latency = measure_sparse_latency(model, mlp_data.X_test, warmup=1, repeats=3)
    _check_sane(latency, repeats=3, batch_size=len(mlp_data.X_test), threads=1)
    assert to_csr_model(cnn.model) is None
    assert measure_sparse_latency(cnn.model, cnn_data.X_test, repeats=1) is None


def test_a_twin_that_disagrees_is_refused(mlp, mlp_data):
    twin = to_csr_model(mlp.model)
    twin.out.bias_column = twin.out.bias_column + 1.0
    with pytest.raises(RuntimeError):
        check_same_logits(mlp.model, twin, mlp_data.X_test)
