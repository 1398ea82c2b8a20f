"""Paired timing: models timed in alternating rounds, one pass each per round."""
from __future__ import annotations

import time

import pytest
import torch

from pruning.sweep_timing import time_alternating, time_models


def test_each_round_times_every_model_once_in_alternating_order():
    calls = []

    def recorder(name):
        def forward(inputs):
            calls.append(name)
            return inputs * 2
        return forward

    samples, outputs = time_alternating([recorder("dense"), recorder("pruned")],
                                        torch.ones(3, 2), threads=1, warmup=[0, 2], repeats=3)
    assert calls == ["pruned", "pruned",  # warm-up of the new model only
                     "dense", "pruned", "pruned", "dense", "dense", "pruned"]
    assert [len(values) for values in samples] == [3, 3]
    assert all(value >= 0 for values in samples for value in values)
    assert all(torch.equal(output, torch.full((3, 2), 2.0)) for output in outputs)


def test_models_are_timed_in_eval_mode_and_their_modes_restored():
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Dropout(0.9))
    model.train()
    inputs = torch.randn(8, 4)
    _, (output,) = time_models([model], inputs, threads=1, warmup=[0], repeats=2)
    assert torch.equal(output, model.eval()(inputs))  # no dropout while timed
    model.train()
    time_models([model], inputs, threads=1, warmup=[0], repeats=1)
    assert model.training


def test_bad_timing_settings_are_value_errors():
    with pytest.raises(ValueError):
        time_alternating([lambda x: x], torch.ones(1), threads=1, warmup=[0], repeats=0)
    with pytest.raises(ValueError):
        time_alternating([lambda x: x], torch.ones(1), threads=0, warmup=[0], repeats=1)


def test_fast_forwards_get_more_rounds_within_the_time_budget():
    def fast(inputs):
        return inputs

    def slow(inputs):
        time.sleep(0.004)
        return inputs

    inputs = torch.ones(1)
    samples, _ = time_alternating([fast], inputs, threads=1, warmup=[0], repeats=3,
                                  max_repeats=20, min_time_ms=5.0)
    assert len(samples[0]) == 20  # far below the budget: as many rounds as allowed
    samples, _ = time_alternating([slow, fast], inputs, threads=1, warmup=[0, 0], repeats=3,
                                  max_repeats=20, min_time_ms=5.0)
    assert [len(values) for values in samples] == [3, 3]  # over the budget: the minimum
    samples, _ = time_alternating([fast], inputs, threads=1, warmup=[0], repeats=3)
    assert len(samples[0]) == 3  # no budget: exactly ``repeats``


def test_steady_passes_stop_after_the_steady_rounds_unsteady_ones_take_all():
    def steady(inputs):
        time.sleep(0.003)
        return inputs

    delays = iter([0.02] + [0.001] * 10)  # the first timed pass is delayed

    def unsteady(inputs):
        time.sleep(next(delays))
        return inputs

    inputs = torch.ones(1)
    samples, _ = time_alternating([steady, steady], inputs, threads=1, warmup=[0, 0],
                                  repeats=4, steady_repeats=2, steady_spread=0.5)
    assert [len(values) for values in samples] == [2, 2]
    samples, _ = time_alternating([steady, unsteady], inputs, threads=1, warmup=[0, 0],
                                  repeats=4, steady_repeats=2, steady_spread=0.5)
    assert [len(values) for values in samples] == [4, 4]  # one model's passes disagree
    samples, _ = time_alternating([steady], inputs, threads=1, warmup=[0], repeats=3,
                                  steady_repeats=2, steady_spread=0.5, max_repeats=10,
                                  min_time_ms=20.0)
    assert len(samples[0]) > 3  # the time budget still comes first
    samples, _ = time_alternating([steady], inputs, threads=1, warmup=[0], repeats=3)
    assert len(samples[0]) == 3  # no steady rounds: exactly ``repeats``
