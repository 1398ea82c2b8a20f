"""Gradient saliency |w * dL/dw| (first-order Taylor), global unstructured."""
from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pytest
import torch
from torch import nn

from pruning.nn import PruneOptions, prune_network
from pruning.nn.taylor import taylor_scores


def _tiny():
    torch.manual_seed(5)
    model = nn.Sequential(OrderedDict(fc1=nn.Linear(3, 4), relu1=nn.ReLU(),
                                      out=nn.Linear(4, 3))).eval()
    X = torch.randn(16, 3)
    y = torch.randint(0, 3, (16,))
    return model, X, y


def _hand_scores(model, X, y):
    """Backpropagation of the mean cross-entropy written out in numpy."""
    W1, b1 = model.fc1.weight.detach().numpy(), model.fc1.bias.detach().numpy()
    W2, b2 = model.out.weight.detach().numpy(), model.out.bias.detach().numpy()
    x, n = X.numpy().astype(np.float64), len(X)
    z = x @ W1.T + b1
    h = np.maximum(z, 0)
    logits = h @ W2.T + b2
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    d_logits = (p - np.eye(3)[y.numpy()]) / n
    d_W2 = d_logits.T @ h
    d_z = (d_logits @ W2) * (z > 0)
    d_W1 = d_z.T @ x
    return {"fc1": np.abs(W1 * d_W1), "out": np.abs(W2 * d_W2)}


def test_scores_equal_a_hand_computation():
    model, X, y = _tiny()
    scores = taylor_scores(model, X, y)
    for name, expected in _hand_scores(model, X, y).items():
        assert np.allclose(scores[name].numpy(), expected, rtol=1e-4, atol=1e-7)
    assert all(p.grad is None for p in model.parameters())


@pytest.mark.parametrize("amount", [0.25, 0.5, 0.8])
def test_prunes_the_lowest_saliency_weights_of_the_whole_network(make_data, amount):
    model, X, y = _tiny()
    result = prune_network(model, "taylor", amount, PruneOptions(data=make_data(X, y)))
    hand = _hand_scores(model, X, y)
    flat = np.concatenate([hand[name].ravel() for name in ("fc1", "out")])
    pruned = np.concatenate([(~result.masks[name]).numpy().ravel() for name in ("fc1", "out")])
    assert pruned.sum() == round(amount * flat.size)
    assert flat[pruned].max() <= flat[~pruned].min()


def test_is_not_magnitude_pruning(mlp, mlp_data):
    options = PruneOptions(data=mlp_data)
    taylor = prune_network(mlp.model, "taylor", 0.5, options).masks
    magnitude = prune_network(mlp.model, "magnitude_global", 0.5).masks
    assert not all(torch.equal(taylor[name], magnitude[name]) for name in taylor)
    assert prune_network(mlp.model, "taylor", 0.5, options).amount_achieved == 0.5


def test_needs_data(mlp):
    with pytest.raises(ValueError, match="needs data"):
        prune_network(mlp.model, "taylor", 0.5)
