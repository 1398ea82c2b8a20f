"""Iterative global magnitude pruning with fine-tuning (AGP / linear schedules)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pruning.nn.api
from pruning.i18n import t
from pruning.nn import PruneOptions, prune_network
from pruning.nn.iterative import sparsity_schedule
from pruning.training import accuracy


def test_cubic_schedule_is_agp():
    # s_t = 0.9 * (1 - (1 - t/3)^3): 0.9 * 19/27, 0.9 * 26/27, 0.9
    assert sparsity_schedule(0.9, 3, "cubic") == pytest.approx([0.6333333, 0.8666667, 0.9])
    assert sparsity_schedule(0.8, 4, "linear") == pytest.approx([0.2, 0.4, 0.6, 0.8])


@settings(max_examples=25, deadline=None)
@given(target=st.floats(0.0, 0.99), steps=st.integers(1, 30),
       kind=st.sampled_from(["cubic", "linear"]))
def test_schedules_grow_to_the_target(target, steps, kind):
    schedule = sparsity_schedule(target, steps, kind)
    assert len(schedule) == steps
    assert schedule[-1] == pytest.approx(target)
    assert all(a <= b for a, b in zip(schedule, schedule[1:]))
    if kind == "cubic" and steps > 1:  # front-loaded: above the straight line
        assert all(c >= lin - 1e-12 for c, lin in zip(schedule, sparsity_schedule(
            target, steps, "linear")))


def test_unknown_schedule_is_a_clear_error(mlp, mlp_data):
    with pytest.raises(ValueError) as error:
        prune_network(mlp.model, "iterative", 0.5, PruneOptions(data=mlp_data, schedule="exp"))
    assert str(error.value) == t("errors.nn.schedule", schedule="exp", choices="cubic, linear")
    with pytest.raises(ValueError, match="at least one round"):
        prune_network(mlp.model, "iterative", 0.5, PruneOptions(data=mlp_data, steps=0))


def test_rounds_reach_the_schedule_report_progress_and_fine_tune_once(
        mlp, mlp_data, monkeypatch):
    epochs_trained = []
    real_train = pruning.nn.api.train
    monkeypatch.setattr(pruning.nn.api, "train",
                        lambda *a, **k: epochs_trained.append(k["epochs"]) or real_train(*a, **k))
    calls = []
    options = PruneOptions(data=mlp_data, steps=3, finetune_epochs=1, schedule="cubic",
                           progress=lambda fraction, message: calls.append((fraction, message)))
    result = prune_network(mlp.model, "iterative", 0.8, options)
    total = sum(layer.params for layer in result.layers)
    expected = [round(s * total) / total for s in sparsity_schedule(0.8, 3, "cubic")]
    assert result.notes["sparsities"] == pytest.approx(expected, abs=1e-12)
    assert result.amount_achieved == pytest.approx(round(0.8 * total) / total)
    assert [fraction for fraction, _ in calls] == pytest.approx([1 / 3, 2 / 3, 1.0])
    assert all(message for _, message in calls)
    assert epochs_trained == [1, 1, 1]  # one epoch per round, none added by the driver
    assert result.finetune_epochs == 3


def test_fine_tunes_at_least_one_epoch_per_round(mlp, mlp_data):
    result = prune_network(mlp.model, "iterative", 0.5,
                           PruneOptions(data=mlp_data, steps=2, finetune_epochs=0))
    assert result.notes["epochs_per_step"] == 1
    assert result.finetune_epochs == 2


def test_keeps_accuracy_at_90_percent_where_one_shot_loses_it(mlp, mlp_data):
    test = (mlp_data.X_test, mlp_data.y_test)
    iterative = prune_network(mlp.model, "iterative", 0.9,
                              PruneOptions(data=mlp_data, steps=3, finetune_epochs=1))
    one_shot = prune_network(mlp.model, "magnitude_global", 0.9)
    assert iterative.amount_achieved == pytest.approx(one_shot.amount_achieved)
    assert accuracy(iterative.model, *test) >= accuracy(one_shot.model, *test) + 0.10


def test_needs_data(mlp):
    with pytest.raises(ValueError, match="needs data"):
        prune_network(mlp.model, "iterative", 0.5)
