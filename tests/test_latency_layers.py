"""Per-layer latency split: every leaf timed inside the real pass, hooks cleaned up.

No speed thresholds: only lower bounds that ``time.sleep`` guarantees, the order and
names of the layers, and that the model, thread count and hooks come back unchanged.
"""
from __future__ import annotations

import time

import pytest
import torch
from torch import nn

from pruning.metrics import measure_layer_latency

SLEEP_S = 0.003


class Sleep(nn.Module):
    """A leaf that takes at least ``SLEEP_S`` seconds per call."""

    def forward(self, x):
        time.sleep(SLEEP_S)
        return x


class Twice(nn.Module):
    """Calls one shared leaf twice, between two linear layers."""

    def __init__(self):
        super().__init__()
        self.first = nn.Linear(4, 4)
        self.sleep = Sleep()
        self.last = nn.Linear(4, 2)

    def forward(self, x):
        return self.last(self.sleep(self.sleep(self.first(x))))


def _hooks(model: nn.Module) -> int:
    return sum(len(m._forward_hooks) + len(m._forward_pre_hooks) for m in model.modules())


def test_every_leaf_of_the_cnn_is_timed_in_call_order(cnn, cnn_data):
    split = measure_layer_latency(cnn.model, cnn_data.X_test[:16], warmup=1, repeats=5)
    leaves = [name for name, module in cnn.model.named_modules()
              if next(module.children(), None) is None]
    assert list(split.by_layer) == leaves
    assert split.kinds["conv2"] == "Conv2d" and split.kinds["pool3"] == "MaxPool2d"
    for latency in (split.total, *split.by_layer.values()):
        assert 0 < latency.min_ms <= latency.median_ms <= latency.max_ms
        assert (latency.repeats, latency.batch_size) == (5, 16)
    # leaves run one after another inside the pass: their sum never exceeds it
    assert split.other_ms >= 0
    by_kind = split.median_by_kind()
    assert by_kind["Conv2d"] == pytest.approx(
        sum(split.by_layer[name].median_ms for name in ("conv1", "conv2", "conv3")))


def test_a_leaf_called_twice_counts_both_calls():
    model = Twice()
    split = measure_layer_latency(model, torch.zeros(3, 4), warmup=0, repeats=3)
    assert list(split.by_layer) == ["first", "sleep", "last"]
    assert split.by_layer["sleep"].min_ms >= 2 * SLEEP_S * 1000
    assert split.total.min_ms >= split.by_layer["sleep"].min_ms
    assert split.by_layer["first"].median_ms < SLEEP_S * 1000


def test_a_slow_layer_shows_where_the_time_goes():
    model = nn.Sequential(nn.Linear(4, 4), Sleep(), nn.ReLU())
    split = measure_layer_latency(model, torch.zeros(2, 4), warmup=1, repeats=3)
    assert list(split.by_layer) == ["0", "1", "2"]
    assert split.median_by_kind()["Sleep"] >= SLEEP_S * 1000
    assert split.by_layer["1"].median_ms > split.by_layer["0"].median_ms


def test_hooks_threads_and_training_flags_are_restored_even_on_error(mlp, mlp_data):
    torch.set_num_threads(1)
    model = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4))
    model.train()
    measure_layer_latency(model, torch.randn(8, 4), threads=2, warmup=1, repeats=2)
    assert model.training and model[1].training and _hooks(model) == 0
    assert torch.get_num_threads() == 1
    with pytest.raises(RuntimeError):
        measure_layer_latency(model, torch.randn(8, 5), warmup=0, repeats=1)  # wrong width
    assert _hooks(model) == 0 and model.training and torch.get_num_threads() == 1
    measure_layer_latency(mlp.model, mlp_data.X_test, warmup=0, repeats=2)
    assert _hooks(mlp.model) == 0 and not mlp.model.training


@pytest.mark.parametrize("bad", [dict(threads=0), dict(warmup=-1), dict(repeats=0)])
def test_impossible_timing_settings_are_refused(mlp, mlp_data, bad):
    with pytest.raises(ValueError):
        measure_layer_latency(mlp.model, mlp_data.X_test, **bad)
