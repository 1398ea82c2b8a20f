"""The measurements behind the summary: its sweeps and the interleaved re-timing.

References: :func:`pruning.sweep.sweep_networks` for the rows and
:func:`pruning.experiment.run_network` for the re-pruned configuration.
"""
from __future__ import annotations

from dataclasses import asdict

import pytest
import torch

from pruning.experiment import NetworkRequest, run_network, sample_with_data
from pruning.summary import ranked_candidates
from pruning.summary_measure import (SummarySweep, confirm_configuration, finalists, summarise,
                                     summary_sweep)
from pruning.sweep import sweep_networks
from tests.test_sweep import LATENCY_FIELDS

TECHNIQUES = ("magnitude_global", "structured_physical")
FAST = dict(sparsities=(0.0, 0.5, 0.75), finetune_epochs=1, repeats=1, warmup=0)
QUICK_TIMING = dict(rounds=3, warmup=0)


@pytest.fixture(scope="module")
def sweep() -> SummarySweep:
    return summary_sweep("mlp", TECHNIQUES, **FAST)


def _static(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in LATENCY_FIELDS | {"finetune_epochs"}}
            for row in rows]


def test_the_summary_sweep_is_the_sweep_backend_without_then_with_fine_tuning(sweep):
    plain = sweep_networks("mlp", TECHNIQUES, (0.0, 0.5, 0.75), measure_latency=False)
    tuned = sweep_networks("mlp", TECHNIQUES, (0.5, 0.75), finetune_epochs=1,
                           measure_latency=False)
    assert _static(sweep.rows) == _static(plain.rows + tuned.rows)
    assert [row["finetune_epochs"] for row in sweep.rows] == [0] * 6 + [1] * 4
    assert all(row["latency_ms"] is not None for row in sweep.rows)
    assert sweep.n_test == len(sample_with_data("mlp")[1].y_test)
    assert sweep.settings["finetune_epochs"] == 1 and sweep.seconds > 0


def test_progress_reaches_one_and_never_goes_back():
    seen = []
    summary_sweep("mlp", ("structured_physical",), (0.0, 0.5), finetune_epochs=1, repeats=1,
                  warmup=0, progress=lambda fraction, message: seen.append(fraction))
    assert seen == sorted(seen) and seen[-1] == pytest.approx(1.0) and len(seen) == 3


def test_confirmation_re_prunes_the_same_model_and_times_it_against_the_original():
    original = {k: v.clone() for k, v in sample_with_data("mlp")[0].model.state_dict().items()}
    confirmed = confirm_configuration("mlp", "magnitude_global", 0.75, 1, **QUICK_TIMING)
    reference = run_network(NetworkRequest("mlp", "magnitude_global", 0.75, finetune_epochs=1))
    assert confirmed["confirmed_accuracy"] == pytest.approx(reference.pruned.accuracy["test"])
    assert confirmed["layer_reports"] == [asdict(layer) | {"shape": list(layer.shape)}
                                          for layer in reference.result.layers]
    assert confirmed["speed_rounds"] == 3 and 0 <= confirmed["faster_rounds"] <= 3
    assert (confirmed["speedup_min"] <= confirmed["speedup_p25"] <= confirmed["speedup_median"]
            <= confirmed["speedup_p75"] <= confirmed["speedup_max"])
    assert confirmed["csr_speedup_median"] > 0  # zeroed weights of an MLP have a CSR twin
    physical = confirm_configuration("mlp", "structured_physical", 0.5, 0, **QUICK_TIMING)
    assert physical["csr_speedup_median"] is None
    for key, value in sample_with_data("mlp")[0].model.state_dict().items():
        assert torch.equal(value, original[key])  # the original was never touched


def test_confirmation_rejects_impossible_settings():
    with pytest.raises(ValueError, match="rounds"):
        confirm_configuration("mlp", "structured_physical", 0.5, 0, rounds=0)
    with pytest.raises(ValueError):
        confirm_configuration("nope", "structured_physical", 0.5, 0)


def test_latency_finalists_are_the_best_few_and_the_best_of_each_series(sweep):
    ranked = ranked_candidates(sweep.rows, 100.0, "latency")
    chosen = finalists(sweep.rows, ranked, "latency", shortlist=1)
    series = {(sweep.rows[i]["technique"], sweep.rows[i]["finetune_epochs"]) for i in chosen}
    assert chosen[0] == ranked[0] and len(series) == len(chosen) == 4
    assert finalists(sweep.rows, ranked, "size") == ranked[:1]


def test_summarise_confirms_only_the_finalists_and_chooses_among_them(sweep):
    asked = []

    def fake_confirm(row):
        asked.append((row["technique"], row["sparsity_requested"], row["finetune_epochs"]))
        faster = 9.0 if row["technique"] == "magnitude_global" else 1.0  # pretend
        return {"speedup_median": faster, "speedup_p25": faster, "speedup_p75": faster,
                "speed_rounds": 9, "faster_rounds": 9 if faster > 1 else 4,
                "layer_reports": [{"name": "x"}]}

    summary = summarise(sweep, 100.0, "latency", confirm=fake_confirm, shortlist=1)
    assert len(asked) == 4 and summary.technique == "magnitude_global"
    assert summary.speed.median == 9.0 and summary.layers == ({"name": "x"},)
    asked.clear()
    summarise(sweep, 100.0, "size", confirm=fake_confirm)
    assert len(asked) == 1


def test_summarise_with_real_timing_gives_the_layers_of_the_chosen_configuration(sweep):
    summary = summarise(sweep, 5.0, "size")
    reference = run_network(NetworkRequest("mlp", summary.technique,
                                           summary.row["sparsity_requested"],
                                           finetune_epochs=summary.finetune_epochs))
    assert [layer["name"] for layer in summary.layers] == [
        layer.name for layer in reference.result.layers]
    assert summary.row["confirmed_accuracy"] == pytest.approx(summary.accuracy)
    assert summary.speed_rounds and summary.n_test == sweep.n_test
