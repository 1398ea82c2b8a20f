"""Bytes stored dense, and with prunable weights in torch's CSR format."""
from __future__ import annotations

import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from pruning.metrics import csr_bytes, csr_tensor_bytes, dense_bytes
from pruning.nn import prunable_layers, prune_network

FLOAT, INDEX = 4, 8  # float32 values; torch CSR indices are int64


def _csr_hand(nonzero: int, rows: int) -> int:
    return nonzero * FLOAT + (rows + 1) * INDEX + nonzero * INDEX


def test_dense_bytes_of_the_mlp_are_four_per_parameter(mlp):
    assert dense_bytes(mlp.model) == 50_610 * FLOAT


def test_dense_bytes_of_the_cnn_include_batchnorm_buffers(cnn):
    running_stats = 2 * (16 + 32 + 32) * FLOAT
    batches_tracked = 3 * 8  # one int64 counter per BatchNorm
    assert dense_bytes(cnn.model) == 15_498 * FLOAT + running_stats + batches_tracked


def test_csr_bytes_of_a_small_linear_equal_the_hand_count():
    layer = nn.Linear(4, 3)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[1.0, 0, 0, 2], [0, 0, 0, 0], [0, 3, 0, 0]]))
    # values 3 x 4 B, row pointers 4 x 8 B, column indices 3 x 8 B, bias dense 3 x 4 B
    assert csr_tensor_bytes(layer.weight) == 12 + 32 + 24
    assert csr_bytes(layer) == 12 + 32 + 24 + 12


def test_csr_bytes_of_a_masked_mlp_equal_the_hand_count(mlp):
    result = prune_network(mlp.model, "magnitude_global", 0.9)
    layers = prunable_layers(result.model)
    hand = sum(_csr_hand(int(torch.count_nonzero(m.weight)), m.weight.shape[0])
               + m.bias.numel() * FLOAT for _, m in layers)
    assert csr_bytes(result.model) == hand
    assert csr_bytes(result.model) < dense_bytes(result.model)


def test_csr_stores_conv_filters_as_rows(cnn):
    result = prune_network(cnn.model, "magnitude_layer", 0.5)
    conv = result.model.conv2.weight  # 32 x 16 x 3 x 3 -> a 32 x 144 matrix
    assert csr_tensor_bytes(conv) == _csr_hand(int(torch.count_nonzero(conv)), 32)


def test_csr_costs_more_than_dense_when_few_weights_are_zero(mlp):
    assert csr_bytes(mlp.model) > dense_bytes(mlp.model)


@settings(max_examples=20, deadline=None)
@given(rows=st.integers(1, 20), cols=st.integers(1, 20), density=st.floats(0, 1),
       seed=st.integers(0, 10_000))
def test_csr_bytes_match_the_formula_for_any_sparsity(rows, cols, density, seed):
    generator = torch.Generator().manual_seed(seed)
    weight = torch.randn(rows, cols, generator=generator)
    weight[torch.rand(rows, cols, generator=generator) >= density] = 0.0
    assert csr_tensor_bytes(weight) == _csr_hand(int(torch.count_nonzero(weight)), rows)
