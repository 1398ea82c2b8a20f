"""Parameter counts: total stored and non-zero, against hand counts."""
from __future__ import annotations

import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from pruning.metrics import count_parameters
from pruning.nn import prune_network


def test_sample_mlp_total_is_the_hand_count_and_the_shipped_metadata(mlp):
    hand = 64 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10
    count = count_parameters(mlp.model)
    assert count.total == hand == mlp.metadata["params"]
    assert count.nonzero == hand  # trained weights are not exactly zero


def test_sample_cnn_total_counts_conv_batchnorm_and_head(cnn):
    conv = (1 * 16 * 9 + 16) + (16 * 32 * 9 + 32) + (32 * 32 * 9 + 32)
    batchnorm = 2 * (16 + 32 + 32)
    head = 32 * 2 * 2 * 10 + 10
    assert count_parameters(cnn.model).total == conv + batchnorm + head == cnn.metadata["params"]


def test_masked_pruning_keeps_the_total_and_removes_exactly_the_pruned_weights(mlp):
    result = prune_network(mlp.model, "magnitude_global", 0.5)
    weights = 64 * 300 + 300 * 100 + 100 * 10
    count = count_parameters(result.model)
    assert count.total == 50610
    assert count.nonzero == 50610 - round(0.5 * weights)


def test_physical_pruning_stores_fewer_parameters(mlp):
    result = prune_network(mlp.model, "structured_physical", 0.5)
    # fc1 keeps 150 neurons, fc2 keeps 50: every layer shrinks, biases too.
    hand = 64 * 150 + 150 + 150 * 50 + 50 + 50 * 10 + 10
    assert count_parameters(result.model).total == hand


@settings(max_examples=20, deadline=None)
@given(rows=st.integers(1, 12), cols=st.integers(1, 12), seed=st.integers(0, 10_000))
def test_nonzero_counts_the_kept_entries_of_any_mask(rows, cols, seed):
    generator = torch.Generator().manual_seed(seed)
    layer = nn.Linear(cols, rows)
    keep = torch.rand(rows, cols, generator=generator) < 0.5
    with torch.no_grad():
        layer.weight.copy_(torch.where(keep, 1.0 + torch.rand(rows, cols, generator=generator),
                                       torch.zeros(())))
        layer.bias.fill_(2.0)
    count = count_parameters(layer)
    assert count.total == rows * cols + rows
    assert count.nonzero == int(keep.sum()) + rows
    assert count.density == count.nonzero / count.total


def test_every_row_metric_has_a_display_name():
    from pruning.experiment import NetworkRequest, run_network
    from pruning.metrics import METRIC_KEYS, metric_explanation, metric_label

    row = run_network(NetworkRequest("mlp", "magnitude_layer", 0.2)).to_sweep_row()
    numeric = {key for key, value in row.items()
               if isinstance(value, (int, float)) and not isinstance(value, bool)
               and not key.endswith(("_p25", "_p75", "_min", "_max"))}
    assert numeric <= set(METRIC_KEYS)
    assert all(metric_label(key) for key in METRIC_KEYS)
    assert metric_explanation("macs_effective") and metric_explanation("params_total") is None
