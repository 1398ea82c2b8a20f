"""Sweeps: rows for every technique and sparsity, deterministic, plain data."""
from __future__ import annotations

import json
import pickle

import numpy as np
import pytest

from pruning.experiment import NetworkRequest, run_network
from pruning.nn import TECHNIQUES
from pruning.sweep import (DEFAULT_SPARSITIES, REFERENCE_FIELDS, SPEEDUP_FIELDS,
                           csr_clearly_faster, csr_crossover, sweep_networks)
from tests.test_experiment import NN_ROW_FIELDS

LATENCY_FIELDS = ({key for prefix in ("latency_ms", "latency_ms_dense", "latency_ms_sparse")
                   for key in [prefix] + [f"{prefix}_{s}" for s in ("p25", "p75", "min", "max")]}
                  | set(SPEEDUP_FIELDS) | set(REFERENCE_FIELDS))
EXTRA_FIELDS = {"unit", "physical", "weight_sparsity", "accuracy_val", "macs_effective",
                "size_bytes_dense", "size_bytes_sparse"} | LATENCY_FIELDS


def _without_latency(rows):
    return [{k: v for k, v in row.items() if k not in LATENCY_FIELDS} for row in rows]


def test_rows_are_deterministic_for_a_seed_and_plain_data():
    arguments = dict(techniques=["random", "structured_masked"], sparsities=[0.0, 0.5, 0.9],
                     seed=7, measure_latency=False)
    first = sweep_networks("cnn", **arguments)
    second = sweep_networks("cnn", **arguments)
    assert first.rows == second.rows
    assert [(r["technique"], r["sparsity_requested"]) for r in first.rows] == [
        (t, s) for t in ("random", "structured_masked") for s in (0.0, 0.5, 0.9)]
    assert pickle.loads(pickle.dumps(first)) == first
    json.dumps(first.rows)  # plain numbers and strings only


def test_the_seed_changes_random_pruning():
    def accuracies(seed):
        row = sweep_networks("mlp", ["random"], [0.3], seed=seed, measure_latency=False).rows[0]
        return row["accuracy"], row["accuracy_val"]

    assert accuracies(7) == accuracies(7) != accuracies(8)


def test_a_row_is_the_experiments_row_plus_the_extras():
    result = sweep_networks("mlp", ["magnitude_layer"], [0.4], measure_latency=False)
    row = result.rows[0]
    assert set(row) == NN_ROW_FIELDS | EXTRA_FIELDS
    single = run_network(NetworkRequest("mlp", "magnitude_layer", 0.4)).to_sweep_row()
    assert _without_latency([row]) == _without_latency([single])
    assert row["unit"] == "weights" and row["physical"] is False
    assert row["macs_effective"] == pytest.approx(0.6 * 50_200, abs=2)


def test_latency_fields_are_filled_when_timed_and_sparse_only_for_mlps():
    mlp = sweep_networks("mlp", ["magnitude_global"], [0.0, 0.95], warmup=0, repeats=2).rows
    assert all(row["latency_ms"] > 0 and row["latency_ms_sparse"] > 0 for row in mlp)
    assert all(row[key] > 0 for row in mlp for key in SPEEDUP_FIELDS + REFERENCE_FIELDS)
    # the unpruned row times the unpruned model itself: a paired speed-up of exactly 1
    assert mlp[0]["latency_ms"] == mlp[0]["latency_ms_dense"] and mlp[0]["speedup"] == 1.0
    # the dense model is timed beside each row; the reference pools all its passes
    assert mlp[0]["latency_ms_reference"] == mlp[1]["latency_ms_reference"]
    cnn = sweep_networks("cnn", ["structured_physical"], [0.5], warmup=0, repeats=1).rows
    assert cnn[0]["latency_ms"] > 0 and cnn[0]["latency_ms_sparse"] is None
    assert cnn[0]["latency_ms_sparse_p25"] is None and cnn[0]["speedup_sparse"] is None
    assert cnn[0]["speedup"] == pytest.approx(cnn[0]["latency_ms_dense"] / cnn[0]["latency_ms"])
    assert cnn[0]["speedup_low"] <= cnn[0]["speedup"] <= cnn[0]["speedup_high"]
    untimed = sweep_networks("mlp", ["random"], [0.0, 0.5], measure_latency=False).rows
    assert all(row[key] is None for row in untimed for key in LATENCY_FIELDS)


def test_the_dense_model_is_timed_in_rounds_beside_each_pruned_copy(monkeypatch):
    import pruning.sweep as sweep

    calls = []
    real = sweep.time_models

    def spy(models, inputs, **settings):
        calls.append((len(models), settings["warmup"], settings["repeats"]))
        return real(models, inputs, **settings)

    monkeypatch.setattr(sweep, "time_models", spy)
    rows = sweep.sweep_networks("cnn", ["magnitude_layer"], [0.0, 0.3, 0.6], warmup=2,
                                repeats=3).rows
    # unpruned row: the dense model alone, warmed up once; then dense + pruned copy per row
    assert calls == [(1, [2], 3), (2, [0, 2], 3), (2, [0, 2], 3)]
    passes = [row["latency_ms_dense"] for row in rows]
    assert min(passes) <= rows[0]["latency_ms_reference"] <= max(
        row["latency_ms_dense_max"] for row in rows)


def test_the_default_stops_at_two_steady_rounds_and_says_so(monkeypatch):
    import pruning.sweep as sweep

    calls = []
    real = sweep.time_models

    def spy(models, inputs, **settings):
        samples, outputs = real(models, inputs, **settings)
        calls.append((settings, [len(values) for values in samples]))
        return samples, outputs

    monkeypatch.setattr(sweep, "time_models", spy)
    result = sweep.sweep_networks("cnn", ["magnitude_layer"], [0.0, 0.5])
    assert all(settings["repeats"] == sweep.SWEEP_REPEATS
               and settings["steady_repeats"] == sweep.SWEEP_STEADY_REPEATS
               and settings["steady_spread"] == sweep.SWEEP_STEADY_SPREAD
               for settings, _ in calls)
    assert all(rounds[0] >= sweep.SWEEP_STEADY_REPEATS for _, rounds in calls)
    assert result.settings["repeats"] == sweep.SWEEP_STEADY_REPEATS  # the fewest rounds
    assert result.settings["repeats_unless_steady"] == sweep.SWEEP_REPEATS
    calls.clear()
    explicit = sweep.sweep_networks("cnn", ["magnitude_layer"], [0.5], repeats=3)
    assert [settings["steady_repeats"] for settings, _ in calls] == [None]
    assert calls[0][1] == [3, 3] and explicit.settings["repeats"] == 3
    assert "repeats_unless_steady" not in explicit.settings


def test_the_unpruned_model_is_timed_once_for_every_techniques_row_at_zero(monkeypatch):
    import pruning.sweep as sweep

    calls, dense_passes = [], []
    real = sweep.time_models

    def spy(models, inputs, **settings):
        samples, outputs = real(models, inputs, **settings)
        calls.append(len(models))
        dense_passes.extend(samples[0])
        return samples, outputs

    monkeypatch.setattr(sweep, "time_models", spy)
    rows = sweep.sweep_networks("mlp", ["magnitude_layer", "random"], [0.0, 0.5],
                                warmup=0, repeats=2).rows
    assert calls == [2, 3, 3]  # dense + CSR twin once; then dense, pruned, twin per row
    timed = [key for key in LATENCY_FIELDS if not key.startswith("latency_ms_reference")]
    assert {key: rows[0][key] for key in timed} == {key: rows[2][key] for key in timed}
    assert rows[2]["technique"] == "random" and rows[2]["speedup"] == 1.0
    # the pooled reference counts the shared passes once
    assert rows[0]["latency_ms_reference"] == pytest.approx(float(np.median(dense_passes)))


def test_paired_speedup_compares_medians_and_gives_the_range_the_quartiles_allow():
    from pruning.sweep_timing import paired_speedup

    dense = [2.0, 2.1, 2.2, 2.3, 9.0]  # one pass delayed by another process
    pruned = [1.0, 1.05, 1.1, 1.15, 1.2]
    speedup, low, high = paired_speedup(dense, pruned)
    assert speedup == pytest.approx(2.2 / 1.1)  # the delayed pass moves no median
    assert low == pytest.approx(2.1 / 1.15) and high == pytest.approx(2.3 / 1.05)
    assert paired_speedup(dense, dense)[0] == 1.0


def test_default_is_every_registered_technique(monkeypatch):
    import pruning.sweep as sweep

    calls = []
    monkeypatch.setattr(sweep, "prune_sample", lambda request, *a: calls.append(request) or
                        run_network(NetworkRequest("mlp", "magnitude_layer", 0.0)).result)
    result = sweep.sweep_networks("mlp", sparsities=[0.0], measure_latency=False)
    assert result.techniques == tuple(TECHNIQUES)
    assert [request.technique for request in calls] == list(TECHNIQUES)
    assert len(DEFAULT_SPARSITIES) == 11


def test_progress_reaches_one_after_every_row():
    seen = []
    sweep_networks("mlp", ["magnitude_layer"], [0.1, 0.2], measure_latency=False,
                   progress=lambda fraction, message: seen.append(fraction))
    assert seen == [0.5, 1.0]


@pytest.mark.parametrize("techniques,sparsities", [
    ([], [0.5]), (["magnitude_layer"], []), (["magnitude_layer"], [0.5, 1.2]),
    (["no_such_technique"], [0.5]),
])
def test_impossible_sweeps_raise_value_errors(techniques, sparsities):
    with pytest.raises(ValueError):
        sweep_networks("mlp", techniques, sparsities, measure_latency=False)


def _row(sparsity, sparse, dense=(0.9, 1.0, 1.1)):
    """A row whose CSR twin and unpruned model were timed side by side:
    ``sparse`` / ``dense`` are (25th percentile, median, 75th percentile) in ms."""
    row = {"weight_sparsity": sparsity}
    for prefix, quartiles in (("latency_ms_sparse", sparse), ("latency_ms_dense", dense)):
        if quartiles is None:
            row.update({prefix: None, f"{prefix}_p25": None, f"{prefix}_p75": None})
        else:
            row.update(dict(zip((f"{prefix}_p25", prefix, f"{prefix}_p75"), quartiles)))
    return row


def _clear(median):
    return (median - 0.05, median, median + 0.05)


def test_csr_crossover_is_where_sparse_stays_clearly_faster():
    rows = [_row(0.0, _clear(3.0)), _row(0.5, _clear(1.5)), _row(0.7, _clear(0.7)),
            _row(0.8, _clear(1.1)), _row(0.9, _clear(0.6)), _row(0.95, _clear(0.4))]
    assert csr_crossover(rows) == 0.9  # the win at 0.7 does not last
    assert csr_crossover(list(reversed(rows))) == 0.9
    assert csr_crossover([_row(0.5, _clear(2.0)), _row(0.9, _clear(1.5))]) is None
    assert csr_crossover([_row(0.5, None)]) is None


def test_a_crossover_within_the_timing_noise_is_not_claimed():
    # CSR's median is below the dense median, but the quartile ranges overlap
    within_noise = _row(0.8, (0.8, 0.95, 1.0), dense=(0.9, 1.0, 1.1))
    assert csr_clearly_faster(within_noise) is False
    assert csr_crossover([within_noise]) is None
    clear = _row(0.9, (0.7, 0.8, 0.85), dense=(0.9, 1.0, 1.1))
    assert csr_clearly_faster(clear) is True
    assert csr_crossover([within_noise, clear]) == 0.9
    # a noisy reference that is slow in one row only cannot pull the crossover down
    outlier_reference = _row(0.5, _clear(1.2), dense=(1.5, 1.8, 3.0))
    assert csr_crossover([outlier_reference, within_noise, clear]) == 0.9


def test_every_row_at_a_sparsity_must_win():
    # two techniques reach the same weight sparsity; one CSR twin is not clearly faster
    rows = [_row(0.9, _clear(0.5)), _row(0.9, (0.85, 0.95, 1.0)), _row(0.95, _clear(0.4))]
    assert csr_crossover(rows) == 0.95
    assert csr_crossover(list(reversed(rows))) == 0.95


def test_pareto_front_keeps_the_rows_nothing_beats():
    rows = [{"cost": 1.0, "value": 0.5}, {"cost": 2.0, "value": 0.4},  # beaten by the first
            {"cost": 3.0, "value": 0.9}, {"cost": 0.5, "value": 0.1},
            {"cost": 3.0, "value": 0.8}, {"cost": None, "value": 1.0}]
    from pruning.sweep import pareto_front
    assert pareto_front(rows, "cost", "value") == [3, 0, 2]
