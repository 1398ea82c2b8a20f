"""Entropy-guided, progressive structured pruning."""
from __future__ import annotations

import math
from collections import OrderedDict

import pytest
import torch
from torch import nn

from pruning.nn import PruneOptions, prune_network
from pruning.nn.activations import binary_entropy

GRID = (torch.arange(20, dtype=torch.float32) + 0.5) / 20  # 0.025, 0.075, ..., 0.975


def test_binary_entropy_known_values():
    p = torch.tensor([0.0, 1.0, 0.5, 0.25, 0.05])
    expected = [0.0, 0.0, 1.0] + [-q * math.log2(q) - (1 - q) * math.log2(1 - q)
                                  for q in (0.25, 0.05)]
    assert torch.allclose(binary_entropy(p), torch.tensor(expected))


def _thresholds(thresholds):
    """One input x on a grid in (0, 1); unit j is on iff x > thresholds[j]."""
    n = len(thresholds)
    model = nn.Sequential(OrderedDict(fc1=nn.Linear(1, n), relu1=nn.ReLU(),
                                      out=nn.Linear(n, 2)))
    with torch.no_grad():
        model.fc1.weight.fill_(1.0)
        model.fc1.bias.copy_(-torch.tensor(thresholds))
    return model.eval(), GRID.reshape(-1, 1)


@pytest.mark.parametrize("amount, expected", [(0.25, [3]), (0.5, [1, 3]), (0.75, [1, 2, 3])])
def test_prunes_the_units_with_the_lowest_entropy(make_data, amount, expected):
    # on-rates 0.5, 0.05, 0.75, 0  ->  entropies 1, 0.29, 0.81, 0 bits
    model, X = _thresholds([0.5, 0.95, 0.25, 2.0])
    result = prune_network(model, "entropy", amount, PruneOptions(data=make_data(X)))
    assert sorted(result.removed_channels["fc1"]) == expected


def test_of_two_zero_entropy_units_the_silent_one_goes_first(make_data):
    # unit 0 always on (0 bits, carries the signal x), unit 1 always off (0 bits)
    model, X = _thresholds([-1.0, 2.0, 0.5, 0.5])
    result = prune_network(model, "entropy", 0.25, PruneOptions(data=make_data(X)))
    assert result.removed_channels["fc1"] == [1]


def _two_layers():
    """Inputs (x0, x1) on a 20 x 20 grid; hidden units with known on-rates.

    fc1: a = relu(x1 - 0.9) (on 10%), b = relu(x0 - 0.5), c = relu(x0 - 0.3),
         d = relu(x0 - 0.6).
    fc2: v1 = relu(1000 a + b - 0.45): on 14.5% with a, 5% once a is gone;
         v2 = relu(b) (50%); v3 = relu(c - 0.6) (10%); v4 = relu(d - 0.38) (never).
    One-shot ranking of fc2 (on the intact model): v4, v3, v1, v2. Once ``a`` is
    pruned, v1 (5%) has less entropy than v3 (10%).
    """
    model = nn.Sequential(OrderedDict(fc1=nn.Linear(2, 4), relu1=nn.ReLU(),
                                      fc2=nn.Linear(4, 4), relu2=nn.ReLU(),
                                      out=nn.Linear(4, 2)))
    with torch.no_grad():
        model.fc1.weight.copy_(torch.tensor([[0.0, 1], [1, 0], [1, 0], [1, 0]]))
        model.fc1.bias.copy_(torch.tensor([-0.9, -0.5, -0.3, -0.6]))
        model.fc2.weight.copy_(torch.tensor([[1000.0, 1, 0, 0], [0, 1, 0, 0],
                                             [0, 0, 1, 0], [0, 0, 0, 1]]))
        model.fc2.bias.copy_(torch.tensor([-0.45, 0.0, -0.6, -0.38]))
    return model.eval(), torch.cartesian_prod(GRID, GRID)


def test_entropies_are_measured_again_on_the_partly_pruned_model(make_data):
    model, X = _two_layers()
    options = PruneOptions(data=make_data(X), calibration_size=len(X))
    result = prune_network(model, "entropy", 0.5, options)
    assert result.removed_channels["fc1"] == [0, 2]  # a (0.47 bits), then c (0.88)
    # one-shot would take v4 and v3; progressively, v1 loses its signal with a
    assert sorted(result.removed_channels["fc2"]) == [0, 3]
    rounds = result.notes["rounds"]
    assert [r["round"] for r in rounds] == [1, 2, 3, 4]
    assert [r["target"] for r in rounds] == [0.125, 0.25, 0.375, 0.5]
    # per layer of 4 units: round(4 * target) = 0, 1, 2, 2 units pruned in total
    assert [sum(len(r["pruned"]["fc2"]) for r in rounds[:i + 1]) for i in range(4)] == \
        [0, 1, 2, 2]
    before, after = rounds[1]["entropy_bits"]["fc2"][0], rounds[2]["entropy_bits"]["fc2"][0]
    assert after < before  # v1 measured again after a was removed
    assert rounds[2]["entropy_bits"]["fc1"][0] == 0.0  # a is now silent


def test_reports_progress_every_round(cnn, cnn_data):
    calls = []
    result = prune_network(cnn.model, "entropy", 0.5, PruneOptions(
        data=cnn_data, calibration_size=64, progress=lambda f, m: calls.append((f, m))))
    assert [f for f, _ in calls] == [0.25, 0.5, 0.75, 1.0]
    assert all(message for _, message in calls)
    assert result.amount_achieved == 0.5


def test_needs_data(mlp):
    with pytest.raises(ValueError, match="needs data"):
        prune_network(mlp.model, "entropy", 0.5)
