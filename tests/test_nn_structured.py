"""Structured magnitude pruning: masked channels and physically removed channels."""
from __future__ import annotations

import pytest
import torch
import torch_pruning as tp
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from pruning.models.architectures import MLP, SmallCNN
from pruning.nn import PruneOptions, prune_network, structured_layers
from pruning.nn.channels import channels_to_prune
from pruning.nn.structured_physical import _ratio_for_count
from pruning.training import accuracy


@settings(max_examples=25, deadline=None)
@given(count=st.integers(1, 600), amount=st.floats(0.0, 0.99))
def test_channel_count_rounds_like_torch_and_keeps_one(count, amount):
    pruned = channels_to_prune(count, amount)
    assert 0 <= pruned <= count - 1
    assert pruned == min(round(amount * count), count - 1)


def test_torch_pruning_removes_exactly_the_count_asked_for():
    # Torch-Pruning removes total - int(total * (1 - ratio)) channels.
    for total in range(1, 400):
        for count in range(total):
            assert total - int(total * (1 - _ratio_for_count(count, total))) == count


def _norms(layer, norm):
    return torch.linalg.vector_norm(layer.weight.detach().flatten(1), ord=norm, dim=1)


@pytest.mark.parametrize("norm", [1, 2])
def test_masked_removes_the_filters_of_smallest_norm_in_every_layer(sample, norm):
    model, _ = sample
    amount = 0.4
    result = prune_network(model.model, "structured_masked", amount, PruneOptions(norm=norm))
    for name, layer in structured_layers(model.model):
        removed = result.removed_channels[name]
        assert len(removed) == round(amount * layer.weight.shape[0])
        norms = _norms(layer, norm)
        kept = [i for i in range(len(norms)) if i not in removed]
        assert norms[removed].max() <= norms[kept].min()
    assert next(r for r in result.layers if r.name == "out").channels_removed == 0


def test_a_masked_channel_is_dead_everywhere_it_reaches(cnn, cnn_data):
    result = prune_network(cnn.model, "structured_masked", 0.5)
    pruned = result.model
    for index in (1, 2, 3):
        removed = result.removed_channels[f"conv{index}"]
        conv, bn = getattr(pruned, f"conv{index}"), getattr(pruned, f"bn{index}")
        assert (conv.weight[removed] == 0).all() and (conv.bias[removed] == 0).all()
        assert (bn.weight[removed] == 0).all() and (bn.bias[removed] == 0).all()
    # the next layer no longer reads them (after flatten: 4 features per channel)
    assert (pruned.conv2.weight[:, result.removed_channels["conv1"]] == 0).all()
    features = [4 * c + k for c in result.removed_channels["conv3"] for k in range(4)]
    assert (pruned.out.weight[:, features] == 0).all()
    assert not result.masks["out"][:, features].any()
    # and after the ReLU they output exactly zero on real data
    outputs = {}
    hooks = [getattr(pruned, f"relu{i}").register_forward_hook(
        lambda m, i, o, key=i: outputs.__setitem__(key, o)) for i in (1, 2, 3)]
    pruned(cnn_data.X_test)
    for hook in hooks:
        hook.remove()
    for index in (1, 2, 3):
        assert (outputs[index][:, result.removed_channels[f"conv{index}"]] == 0).all()


@pytest.mark.parametrize("amount", [0.25, 0.5, 0.9])
@pytest.mark.parametrize("norm", [1, 2])
def test_masked_and_physical_give_identical_predictions(sample, amount, norm):
    model, data = sample
    options = PruneOptions(norm=norm)
    masked = prune_network(model.model, "structured_masked", amount, options)
    physical = prune_network(model.model, "structured_physical", amount, options)
    assert masked.removed_channels == physical.removed_channels
    assert all(torch.equal(masked.masks[n], physical.masks[n]) for n in masked.masks)
    with torch.no_grad():
        assert torch.allclose(masked.model(data.X_test), physical.model(data.X_test),
                              atol=1e-5)
    assert masked.amount_achieved == physical.amount_achieved
    assert [r.nonzero for r in masked.layers] == [r.nonzero for r in physical.layers]


def _narrow_twin(model, removed):
    """A freshly built model of the same architecture with the surviving widths."""
    kept = [layer.weight.shape[0] - len(removed[name])
            for name, layer in structured_layers(model)]
    return MLP(64, kept, 10) if isinstance(model, MLP) else SmallCNN(kept, 10)


@pytest.mark.parametrize("amount", [0.3, 0.9])
def test_physical_model_is_smaller_and_counts_match_torch_pruning(sample, amount):
    model, data = sample
    result = prune_network(model.model, "structured_physical", amount)
    pruned = result.model
    example = data.X_test[:1]
    macs, params = tp.utils.count_ops_and_params(pruned, example)
    twin_macs, twin_params = tp.utils.count_ops_and_params(
        _narrow_twin(model.model, result.removed_channels), example)
    dense_macs, dense_params = tp.utils.count_ops_and_params(model.model, example)
    assert params == sum(p.numel() for p in pruned.parameters()) == twin_params
    assert macs == twin_macs
    assert params < dense_params and macs < dense_macs
    for name, layer in structured_layers(model.model):
        width = dict(pruned.named_modules())[name].weight.shape[0]
        assert width == layer.weight.shape[0] - round(amount * layer.weight.shape[0])
    assert 0.0 <= accuracy(pruned, data.X_test, data.y_test) <= 1.0  # it runs


def test_physical_reports_removed_inputs_in_original_numbering(cnn):
    result = prune_network(cnn.model, "structured_physical", 0.5)
    assert result.layers[-1].shape == (10, 128)  # reports speak of the original layer
    mask = result.masks["out"]
    features = sorted(4 * c + k for c in result.removed_channels["conv3"] for k in range(4))
    assert (~mask.any(dim=0)).nonzero().flatten().tolist() == features
    conv2_dead_inputs = (~result.masks["conv2"].flatten(2).any(dim=2).any(dim=0))
    assert conv2_dead_inputs.nonzero().flatten().tolist() == result.removed_channels["conv1"]


def test_physical_needs_an_input_that_fits_the_model(cnn):
    with pytest.raises(ValueError, match="example input"):
        prune_network(cnn.model, "structured_physical", 0.5,
                      PruneOptions(example_input=torch.zeros(1, 3, 8, 8)))


def test_fine_tuning_a_physically_pruned_model_works(mlp, mlp_data):
    result = prune_network(mlp.model, "structured_physical", 0.5,
                           PruneOptions(data=mlp_data, finetune_epochs=1))
    assert result.model.fc1.weight.shape == (150, 64)
    assert isinstance(result.model.fc1.weight, nn.Parameter)
