"""The lottery-ticket experiment: rewinding to the real init, nested masks, the control."""
from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn
from torch.nn.utils import prune as torch_prune

import pruning.nn.lottery as lottery
from pruning.i18n import t
from pruning.models import build_model, load_sample_model, network_data
from pruning.models.zoo import SPECS
from pruning.nn import prunable_layers
from pruning.nn.lottery import initial_model, lottery_ticket, masked_copy, prune_survivors
from pruning.training import train

SMALL = {"model": "mlp", "rounds": 2, "prune_per_round": 0.5, "epochs": 1}


def weights(model: nn.Module) -> dict[str, torch.Tensor]:
    """Every parameter as the forward pass sees it (masked weights read as zero)."""
    values = {}
    for name, module in model.named_modules():
        for kind in ("weight", "bias"):
            if isinstance(getattr(module, kind, None), torch.Tensor) and name:
                values[f"{name}.{kind}"] = getattr(module, kind).detach().clone()
    return values


@pytest.fixture
def trained_starts(monkeypatch):
    """Run the small experiment, recording every network as training starts and ends.

    Calls alternate per round: the rewound ticket, then the random control.
    """
    starts, ends = [], []
    real_train = lottery.train

    def spy(model, *args, **kwargs):
        starts.append(weights(model))
        real_train(model, *args, **kwargs)
        ends.append(model)

    monkeypatch.setattr(lottery, "train", spy)
    result = lottery_ticket(**SMALL)
    return result, starts, ends


def test_the_rebuilt_init_is_the_sample_models_real_init():
    """Trained with the script's recipe, the rebuilt init gives the shipped weights."""
    spec = SPECS["mlp"]
    model = initial_model(spec)
    data = network_data(spec)
    train(model, data.X_train, data.y_train, epochs=spec.epochs, lr=spec.lr,
          batch_size=spec.batch_size, weight_decay=spec.weight_decay, seed=spec.seed)
    shipped = load_sample_model("mlp").model.state_dict()
    for name, value in model.state_dict().items():
        torch.testing.assert_close(value, shipped[name], rtol=0, atol=1e-6)


def test_initial_model_leaves_the_global_random_state_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    initial_model(SPECS["mlp"])
    assert torch.equal(torch.rand(3), expected)


def test_every_round_starts_from_the_init_on_its_surviving_weights(trained_starts):
    result, starts, _ = trained_starts
    spec = SPECS["mlp"]
    torch.manual_seed(spec.seed)  # as pruning/models/train.py does, independently
    init = weights(build_model(spec))
    assert len(starts) == 2 * (SMALL["rounds"] + 1)
    for round_, masks in enumerate(result.masks):
        ticket = starts[2 * round_]
        for name, value in init.items():
            layer, kind = name.rsplit(".", 1)
            expected = value * masks[layer] if kind == "weight" else value
            assert torch.equal(ticket[name], expected), (round_, name)


def test_the_control_has_the_same_mask_on_other_random_weights(trained_starts):
    result, starts, _ = trained_starts
    spec = SPECS["mlp"]
    init = weights(initial_model(spec))
    control = weights(initial_model(spec, result.control_seed))
    assert result.control_seed != result.init_seed
    for round_, masks in enumerate(result.masks):
        start = starts[2 * round_ + 1]
        for layer, mask in masks.items():
            weight = start[f"{layer}.weight"]
            assert torch.equal(weight, control[f"{layer}.weight"] * mask)
            assert torch.equal(weight[~mask], torch.zeros(int((~mask).sum())))
            survivors = mask.bool()
            assert not torch.allclose(weight[survivors], init[f"{layer}.weight"][survivors])


def test_masks_are_nested_and_prune_half_of_the_survivors_each_round(trained_starts):
    result, _, _ = trained_starts
    total = sum(mask.numel() for mask in result.masks[0].values())
    assert all(bool(mask.all()) for mask in result.masks[0].values())
    for earlier, later in zip(result.masks, result.masks[1:]):
        for layer in earlier:
            assert not bool((later[layer] & ~earlier[layer]).any()), layer  # never revived
    left = [sum(int(mask.sum()) for mask in masks.values()) for masks in result.masks]
    assert left == [total, total - round(0.5 * total),
                    left[1] - round(0.5 * left[1])]
    assert [row.weights_left for row in result.rounds] == left
    assert [row.sparsity for row in result.rounds] == pytest.approx(
        [1 - count / total for count in left])


def test_each_mask_keeps_the_largest_weights_of_the_previous_trained_ticket(trained_starts):
    result, _, ends = trained_starts
    for round_ in range(1, len(result.masks)):
        trained = dict(prunable_layers(ends[2 * (round_ - 1)]))
        kept, dropped = [], []
        for layer, mask in result.masks[round_].items():
            magnitude = trained[layer].weight_orig.detach().abs()
            previous = result.masks[round_ - 1][layer]
            kept.append(magnitude[mask])
            dropped.append(magnitude[previous & ~mask])  # pruned in this round
        assert torch.cat(kept).min() >= torch.cat(dropped).max()


def test_same_seed_same_numbers_other_seed_other_control():
    first, again = lottery_ticket(**SMALL), lottery_ticket(**SMALL)
    assert first.to_rows() == again.to_rows()
    for a, b in zip(first.masks, again.masks):
        assert all(torch.equal(a[layer], b[layer]) for layer in a)
    other = lottery_ticket(**SMALL, seed=1)
    assert other.control_seed != first.control_seed
    assert other.init_seed == first.init_seed


def test_rows_are_plain_data_and_progress_reaches_one():
    calls = []
    result = lottery_ticket(**SMALL, progress=lambda fraction, message: calls.append(
        (fraction, message)))
    assert [fraction for fraction, _ in calls] == pytest.approx([1 / 3, 2 / 3, 1.0])
    assert all(message for _, message in calls)
    rows = result.to_rows()
    assert [row["round"] for row in rows] == [0, 1, 2]
    for row in rows:
        assert all(isinstance(value, (int, float, str)) for value in row.values())
        for key in ("test_rewound", "val_rewound", "test_random", "val_random"):
            assert 0.0 <= row[key] <= 1.0


@pytest.mark.parametrize("settings_, message", [
    ({"rounds": 0}, ("lottery.errors.rounds", {"max": lottery.MAX_ROUNDS})),
    ({"prune_per_round": 1.0}, ("lottery.errors.prune_per_round", {})),
    ({"epochs": 0}, ("lottery.errors.epochs", {"max": lottery.MAX_EPOCHS})),
    ({"model": "vgg"}, ("experiment.errors.unknown_model",
                        {"model": "vgg", "choices": "mlp, cnn, mlp_overparam"})),
])
def test_impossible_requests_are_one_line_errors(settings_, message):
    key, values = message
    with pytest.raises(ValueError) as error:
        lottery_ticket(**{**SMALL, **settings_})
    assert str(error.value) == t(key, **values)


@settings(max_examples=20, deadline=None)
@given(sizes=st.lists(st.integers(1, 12), min_size=2, max_size=3),
       fraction=st.floats(0.05, 0.95), seed=st.integers(0, 10_000),
       pre_pruned=st.floats(0.0, 0.8))
def test_pruning_survivors_is_nested_and_removes_that_share(sizes, fraction, seed, pre_pruned):
    torch.manual_seed(seed)
    model = nn.Sequential(*[nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])])
    before = {name: torch.rand_like(module.weight) >= pre_pruned
              for name, module in prunable_layers(model)}
    for name, module in prunable_layers(model):
        torch_prune.custom_from_mask(module, "weight", before[name])
    alive = sum(int(mask.sum()) for mask in before.values())
    after = prune_survivors(model, fraction)
    assert sum(int(mask.sum()) for mask in after.values()) == alive - round(fraction * alive)
    for name in before:
        assert not bool((after[name] & ~before[name]).any())


def test_masked_copy_leaves_the_init_untouched():
    init = initial_model(SPECS["mlp"])
    original = weights(init)
    masks = {name: torch.zeros_like(module.weight, dtype=torch.bool)
             for name, module in prunable_layers(init)}
    copy = masked_copy(init, masks)
    assert all(float(module.weight.detach().abs().sum()) == 0 for _, module in prunable_layers(copy))
    for name, value in weights(init).items():
        assert torch.equal(value, original[name])
