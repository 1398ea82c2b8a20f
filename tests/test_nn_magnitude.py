"""Unstructured magnitude pruning (layer-wise and global)."""
from __future__ import annotations

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from pruning.nn import prune_network

AMOUNTS = st.floats(min_value=0.01, max_value=0.99)
SETTINGS = settings(max_examples=15, deadline=None)


@SETTINGS
@given(amount=AMOUNTS)
def test_layerwise_prunes_the_requested_fraction_of_every_layer(mlp, amount):
    result = prune_network(mlp.model, "magnitude_layer", amount)
    for layer in result.layers:
        assert layer.params - layer.nonzero == round(amount * layer.params)


@SETTINGS
@given(amount=AMOUNTS)
def test_global_prunes_the_requested_fraction_overall(mlp, amount):
    result = prune_network(mlp.model, "magnitude_global", amount)
    total = sum(layer.params for layer in result.layers)
    pruned = sum(layer.params - layer.nonzero for layer in result.layers)
    assert pruned == round(amount * total)
    assert abs(result.amount_achieved - amount) <= 1 / total


def _weights(model):
    return {name: module.weight.detach() for name, module in model.named_modules()
            if hasattr(module, "weight") and name in ("fc1", "fc2", "out")}


@SETTINGS
@given(amount=AMOUNTS)
def test_global_threshold_is_shared_by_all_layers(mlp, amount):
    result = prune_network(mlp.model, "magnitude_global", amount)
    original = _weights(mlp.model)
    pruned = torch.cat([original[n][~m].abs().flatten() for n, m in result.masks.items()])
    kept = torch.cat([original[n][m].abs().flatten() for n, m in result.masks.items()])
    assert pruned.max() <= kept.min()


@SETTINGS
@given(amount=AMOUNTS)
def test_layerwise_prunes_the_smallest_weights_of_each_layer(mlp, amount):
    result = prune_network(mlp.model, "magnitude_layer", amount)
    for name, weight in _weights(mlp.model).items():
        mask = result.masks[name]
        assert weight[~mask].abs().max() <= weight[mask].abs().min()


@SETTINGS
@given(low=AMOUNTS, high=AMOUNTS, technique=st.sampled_from(["magnitude_layer",
                                                              "magnitude_global"]))
def test_masks_are_nested_as_sparsity_grows(mlp, low, high, technique):
    low, high = sorted((low, high))
    kept_low = prune_network(mlp.model, technique, low).masks
    kept_high = prune_network(mlp.model, technique, high).masks
    for name in kept_low:
        assert not (kept_high[name] & ~kept_low[name]).any()  # kept at high => kept at low


def test_pruned_weights_are_exact_zeros_and_the_rest_untouched(mlp):
    result = prune_network(mlp.model, "magnitude_global", 0.7)
    pruned = _weights(result.model)
    for name, weight in _weights(mlp.model).items():
        mask = result.masks[name]
        assert torch.equal(pruned[name][mask], weight[mask])
        assert (pruned[name][~mask] == 0).all()
