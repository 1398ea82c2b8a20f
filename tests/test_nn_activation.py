"""Activation-guided structured pruning (APoZ and mean activation)."""
from __future__ import annotations

from collections import OrderedDict

import pytest
import torch
from torch import nn

from pruning.i18n import t
from pruning.nn import PruneOptions, prune_network


def _known_units():
    """Four hidden units on inputs in [0, 1]^2 whose behaviour is known exactly:

    0: always zero; 1: zero half the time (x0 <= 0.5); 2: always on, tiny;
    3: always on, large.
    """
    model = nn.Sequential(OrderedDict(fc1=nn.Linear(2, 4), relu1=nn.ReLU(),
                                      out=nn.Linear(4, 2)))
    with torch.no_grad():
        model.fc1.weight.copy_(torch.tensor([[0.0, 0.0], [1.0, 0.0],
                                             [0.01, 0.01], [1.0, 1.0]]))
        model.fc1.bias.copy_(torch.tensor([-1.0, -0.5, 0.01, 1.0]))
    grid = (torch.arange(10, dtype=torch.float32) + 0.5) / 10
    X = torch.cartesian_prod(grid, grid)
    return model.eval(), X


@pytest.mark.parametrize("amount, expected", [(0.25, [0]), (0.5, [0, 1]), (0.75, [0, 1, 2])])
def test_apoz_prunes_the_units_that_are_zero_most_often(make_data, amount, expected):
    model, X = _known_units()
    result = prune_network(model, "activation", amount,
                           PruneOptions(data=make_data(X), activation_criterion="apoz"))
    assert sorted(result.removed_channels["fc1"]) == expected


def test_mean_activation_prunes_the_least_active_units(make_data):
    model, X = _known_units()
    result = prune_network(model, "activation", 0.5,
                           PruneOptions(data=make_data(X), activation_criterion="mean"))
    assert sorted(result.removed_channels["fc1"]) == [0, 2]


def test_uses_only_the_calibration_batch(make_data):
    model, X = _known_units()
    # On the first 50 rows (x0 < 0.5) unit 1 is always zero, so its mean is lower
    # than tiny unit 2's; on all rows (previous test) unit 2 goes instead.
    options = PruneOptions(data=make_data(X), calibration_size=50,
                           activation_criterion="mean")
    result = prune_network(model, "activation", 0.5, options)
    assert sorted(result.removed_channels["fc1"]) == [0, 1]
    assert result.notes["criterion"] == "mean"


@pytest.mark.parametrize("criterion", ["apoz", "mean"])
def test_pruned_channels_output_zero_on_the_cnn(cnn, cnn_data, criterion):
    result = prune_network(cnn.model, "activation", 0.5,
                           PruneOptions(data=cnn_data, activation_criterion=criterion))
    outputs = {}
    hooks = [getattr(result.model, f"relu{i}").register_forward_hook(
        lambda m, i, o, key=i: outputs.__setitem__(key, o)) for i in (1, 2, 3)]
    result.model(cnn_data.X_test)
    for hook in hooks:
        hook.remove()
    for index, width in ((1, 16), (2, 32), (3, 32)):
        removed = result.removed_channels[f"conv{index}"]
        assert len(removed) == width // 2
        assert (outputs[index][:, removed] == 0).all()
        assert (result.model.state_dict()[f"bn{index}.weight"][removed] == 0).all()
    assert result.amount_achieved == 0.5


def test_apoz_on_the_cnn_matches_a_hand_count_of_zeros(cnn, cnn_data):
    X = cnn_data.X_train[:256]
    seen = {}
    hook = cnn.model.relu2.register_forward_hook(lambda m, i, o: seen.setdefault("o", o))
    with torch.no_grad():
        cnn.model(X)
    hook.remove()
    zeros = (seen["o"] == 0).float().mean(dim=(0, 2, 3))
    expected = torch.argsort(-zeros, stable=True)[:8].sort().values.tolist()
    result = prune_network(cnn.model, "activation", 0.25, PruneOptions(data=cnn_data))
    assert result.removed_channels["conv2"] == expected


def test_needs_data(mlp):
    with pytest.raises(ValueError, match="needs data"):
        prune_network(mlp.model, "activation", 0.5)


def test_unknown_criterion_is_a_clear_error(mlp, mlp_data):
    options = PruneOptions(data=mlp_data, activation_criterion="median")
    with pytest.raises(ValueError) as error:
        prune_network(mlp.model, "activation", 0.5, options)
    assert str(error.value) == t("errors.nn.activation_criterion", criterion="median",
                                 choices="apoz, mean")


def test_a_layer_without_relu_is_a_clear_error(make_data):
    model = nn.Sequential(OrderedDict(fc1=nn.Linear(2, 4), out=nn.Linear(4, 2)))
    with pytest.raises(ValueError) as error:
        prune_network(model, "activation", 0.5, PruneOptions(data=make_data(torch.rand(8, 2))))
    assert str(error.value) == t("errors.nn.no_activation", layer="fc1")
