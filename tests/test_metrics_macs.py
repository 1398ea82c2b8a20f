"""MACs per sample from torch's FLOP counter, and effective MACs of masked models."""
from __future__ import annotations

import copy

import pytest
import torch

from pruning.metrics import count_macs, effective_macs, layer_macs
from pruning.models.architectures import SmallCNN
from pruning.nn import prunable_layers, prune_network

MLP_LAYER_MACS = {"fc1": 64 * 300, "fc2": 300 * 100, "out": 100 * 10}
# conv: out x in x 3 x 3 x output positions (8x8, 8x8, then 4x4 after pooling)
CNN_LAYER_MACS = {"conv1": 16 * 1 * 9 * 64, "conv2": 32 * 16 * 9 * 64,
                  "conv3": 32 * 32 * 9 * 16, "out": 128 * 10}


def test_sample_mlp_macs_equal_the_hand_count(mlp):
    count = layer_macs(mlp.model, (64,))
    assert count.by_layer == MLP_LAYER_MACS
    assert count.total == count_macs(mlp.model, (64,)) == 50_200
    assert count.other == 0


def test_sample_cnn_macs_equal_the_hand_count(cnn):
    count = layer_macs(cnn.model, (1, 8, 8))
    assert count.by_layer == CNN_LAYER_MACS
    assert count.total == sum(CNN_LAYER_MACS.values()) == 452_864


def test_a_narrower_cnn_has_the_hand_counted_macs():
    narrow = SmallCNN(channels=(8, 12, 20))
    hand = 8 * 1 * 9 * 64 + 12 * 8 * 9 * 64 + 20 * 12 * 9 * 16 + 20 * 4 * 10
    assert count_macs(narrow, (1, 8, 8)) == hand


def test_physically_pruned_cnn_macs_follow_its_smaller_layers(cnn):
    result = prune_network(cnn.model, "structured_physical", 0.5)
    layers = dict(result.model.named_modules())
    positions = {"conv1": 64, "conv2": 64, "conv3": 16, "out": 1}
    hand = sum(layers[name].weight.numel() * positions[name] for name in positions)
    assert layers["conv2"].weight.shape[:2] == (16, 8)
    assert count_macs(result.model, (1, 8, 8)) == hand < 452_864


def test_masked_model_costs_dense_hardware_the_same_macs(cnn):
    result = prune_network(cnn.model, "magnitude_global", 0.8)
    assert count_macs(result.model, (1, 8, 8)) == 452_864


def test_effective_macs_of_masked_mlp_equal_its_nonzero_weights(mlp):
    # In a Linear layer each weight is one multiply per sample.
    result = prune_network(mlp.model, "magnitude_global", 0.7)
    nonzero = sum(int(torch.count_nonzero(m.weight)) for _, m in prunable_layers(result.model))
    assert effective_macs(result.model, (64,)) == nonzero == round(0.3 * 50_200)


@pytest.mark.parametrize("technique", ["magnitude_layer", "structured_masked"])
def test_effective_macs_of_masked_cnn_equal_the_hand_count(cnn, technique):
    result = prune_network(cnn.model, technique, 0.5)
    positions = {"conv1": 64, "conv2": 64, "conv3": 16, "out": 1}
    hand = sum(int(torch.count_nonzero(m.weight)) * positions[name]
               for name, m in prunable_layers(result.model))
    assert effective_macs(result.model, (1, 8, 8)) == hand
    assert effective_macs(cnn.model, (1, 8, 8)) == 452_864


def test_counting_leaves_the_model_and_its_mode_alone(cnn):
    model = copy.deepcopy(cnn.model).train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    count_macs(model, (1, 8, 8))
    assert model.training and model.bn1.training
    after = model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)  # BN stats untouched
