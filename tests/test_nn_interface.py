"""Every registered network technique honours the one interface."""
from __future__ import annotations

import io

import pytest
import torch

from pruning.i18n import has, t
from pruning.nn import TECHNIQUES, PruneOptions, prune_network, structured_layers
from pruning.nn.base import CRITERIA, GRANULARITIES, SCOPES
from pruning.nn.channels import channels_to_prune

KEYS = sorted(TECHNIQUES)


def _bytes(model) -> bytes:
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    return buffer.getvalue()


def _options(data, **extra):
    return PruneOptions(data=data, calibration_size=64, steps=2, finetune_epochs=0, **extra)


@pytest.mark.parametrize("key", KEYS)
def test_spec_is_complete_and_explained(key):
    spec = TECHNIQUES[key]
    assert spec.key == key
    assert spec.criterion in CRITERIA and spec.granularity in GRANULARITIES
    assert spec.scope in SCOPES
    assert has(f"technique.{key}.name") and has(f"technique.{key}.explanation")
    assert len(spec.explanation()) > 100
    assert spec.describe()["name"] == spec.name()


def test_names_are_distinct():
    names = [spec.name() for spec in TECHNIQUES.values()]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("key", KEYS)
def test_original_is_untouched_and_result_is_final(sample, key):
    model, data = sample
    before = _bytes(model.model)
    result = prune_network(model.model, key, 0.6, _options(data))
    assert _bytes(model.model) == before
    assert not model.model.training
    state = result.model.state_dict()
    assert not [k for k in state if k.endswith("_orig") or k.endswith("_mask")]
    assert not any(m._forward_pre_hooks for m in result.model.modules())
    assert not result.model.training
    with torch.no_grad():
        assert result.model(data.X_test[:4]).shape == (4, 10)
    for name, layer in structured_layers(model.model) + [("out", model.model.out)]:
        assert result.masks[name].shape == layer.weight.shape
        assert result.masks[name].dtype == torch.bool


@pytest.mark.parametrize("key", KEYS)
def test_achieved_amount_is_the_requested_one(sample, key):
    model, data = sample
    spec = TECHNIQUES[key]
    amount = 0.6
    result = prune_network(model.model, key, amount, _options(data))
    assert result.amount_requested == amount and result.unit == spec.unit
    if spec.granularity == "channel":
        layers = structured_layers(model.model)
        expected = (sum(channels_to_prune(m.weight.shape[0], amount) for _, m in layers)
                    / sum(m.weight.shape[0] for _, m in layers))
        for name, layer in layers:
            assert len(result.removed_channels[name]) == channels_to_prune(
                layer.weight.shape[0], amount)
    elif spec.scope == "global":
        total = sum(layer.params for layer in result.layers)
        expected = round(amount * total) / total
    else:
        expected = (sum(round(amount * layer.params) for layer in result.layers)
                    / sum(layer.params for layer in result.layers))
    assert result.amount_achieved == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("key", KEYS)
def test_zero_amount_changes_nothing(mlp, mlp_data, key):
    result = prune_network(mlp.model, key, 0.0, _options(mlp_data))
    with torch.no_grad():
        assert torch.equal(result.model(mlp_data.X_test), mlp.model(mlp_data.X_test))
    assert result.amount_achieved == 0.0


@pytest.mark.parametrize("key", KEYS)
def test_fine_tuning_keeps_pruned_weights_at_zero(mlp, mlp_data, key):
    plain = prune_network(mlp.model, key, 0.5, _options(mlp_data))
    options = PruneOptions(data=mlp_data, calibration_size=64, steps=2, finetune_epochs=1)
    tuned = prune_network(mlp.model, key, 0.5, options)
    assert tuned.finetune_epochs >= 1
    assert tuned.amount_achieved == plain.amount_achieved
    if key != "iterative":  # which always fine-tunes
        assert not torch.equal(tuned.model.out.bias, plain.model.out.bias)  # it trained
    modules = dict(tuned.model.named_modules())
    for name, mask in tuned.masks.items():
        weight = modules[name].weight.detach()
        if weight.shape == mask.shape:  # masked, not physically removed
            assert (weight[~mask] == 0).all()


@pytest.mark.parametrize("key", [k for k in KEYS if TECHNIQUES[k].needs_data])
def test_data_hungry_techniques_say_so(mlp, key):
    with pytest.raises(ValueError) as error:
        prune_network(mlp.model, key, 0.5)
    assert str(error.value) == t("errors.needs_data")


@pytest.mark.parametrize("key", ["structured_masked", "structured_physical"])
@pytest.mark.parametrize("norm", [0, 1.5])
def test_a_bad_norm_is_a_clear_error(mlp, key, norm):
    with pytest.raises(ValueError) as error:
        prune_network(mlp.model, key, 0.5, PruneOptions(norm=norm))
    assert str(error.value) == t("errors.nn.norm", norm=norm)


@pytest.mark.parametrize("amount", [-0.1, 1.0])
def test_amount_out_of_range_is_a_clear_error(mlp, amount):
    with pytest.raises(ValueError, match="between 0 and"):
        prune_network(mlp.model, "random", amount)


def test_unknown_technique_lists_the_choices(mlp):
    with pytest.raises(ValueError) as error:
        prune_network(mlp.model, "nope", 0.5)
    assert all(key in str(error.value) for key in KEYS)
