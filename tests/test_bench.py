"""``python -m pruning bench``: the benchmark runs (``--quick``) and its JSON is complete.

Speed targets are checked by the benchmark itself, never here: this only checks that
every section ran and that its numbers are sane. The browser sections may be skipped
only when Chromium is missing outside CI (never under ``CI=true``).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pruning.bench.browser import chromium_path
from pruning.bench.report import format_report
from pruning.bench.run import BROWSER_SECTIONS, SECTIONS
from pruning.bench.settings import QUICK
from pruning.bench.stats import summarise
from pruning.bench.targets import (MISS, NOT_COMPARABLE, NOT_MEASURED, PASS, TARGETS,
                                   check_targets)
from pruning.i18n import t
from pruning.nn import TECHNIQUES

ROOT = Path(__file__).resolve().parents[1]
QUICK_RUN_TIMEOUT_S = 1500


# ---- fast checks of the parts ---------------------------------------------------------

def test_summary_matches_numpy_percentiles():
    samples = [5.0, 1.0, 3.0, 2.0, 4.0, 10.0]
    summary = summarise(samples)
    assert summary["n"] == 6 and summary["min"] == 1.0 and summary["max"] == 10.0
    assert summary["median"] == pytest.approx(np.percentile(samples, 50))
    assert summary["p95"] == pytest.approx(np.percentile(samples, 95))
    assert summarise([])["median"] is None


def _payload(**sections) -> dict:
    return {"slider": {"trees": {"ratio_p50": 1.3, "ratio_p95": 2.6},
                       "networks": {"ratio_p50": 1.0, "ratio_p95": 2.0}},
            "speedup": {"rows": [{"model": "cnn", "technique": "structured_physical",
                                  "amount": 0.5, "efficiency": 0.79}]},
            **sections}


def test_targets_pass_at_the_limit_miss_beyond_it_and_say_when_unmeasured():
    rows = {row["key"]: row for row in check_targets(_payload(), quick=False)}
    assert set(rows) == {target.key for target in TARGETS}
    assert rows["slider_trees_p50"]["status"] == PASS  # exactly the limit
    assert rows["slider_trees_p95"]["status"] == MISS
    assert rows["slider_networks_p95"]["status"] == PASS
    assert rows["structured_efficiency"]["status"] == MISS  # a ">=" target below it
    assert rows["cold_start"]["status"] == NOT_MEASURED and rows["cold_start"]["value"] is None


def test_a_quick_run_does_not_compare_a_shrunken_workload():
    payload = _payload(sweep={"cold_s": {"median": 1.0}}, memory={"rss_mb": 100.0})
    rows = {row["key"]: row for row in check_targets(payload, quick=True)}
    assert rows["sweep_cold"]["status"] == NOT_COMPARABLE
    assert rows["memory"]["status"] == NOT_COMPARABLE
    assert rows["slider_trees_p50"]["status"] == PASS
    full = {row["key"]: row for row in check_targets(payload, quick=False)}
    assert full["sweep_cold"]["status"] == PASS and full["memory"]["status"] == PASS


def test_the_backend_never_imports_streamlit():
    code = ("import sys, pruning.cli.bench, pruning.bench.run; "
            "sys.exit('streamlit' in sys.modules or 'playwright' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


# ---- the quick run, as a user runs it -------------------------------------------------

def _browser_may_be_skipped() -> bool:
    return chromium_path() is None and os.environ.get("CI") != "true"


@pytest.fixture(scope="module")
def quick_payload() -> dict:
    finished = subprocess.run([sys.executable, "-m", "pruning", "bench", "--quick", "--json"],
                              cwd=ROOT, capture_output=True, text=True,
                              timeout=QUICK_RUN_TIMEOUT_S)
    assert finished.returncode == 0, finished.stderr[-3000:]
    return json.loads(finished.stdout)


def _ordered(summary: dict) -> bool:
    return 0 < summary["min"] <= summary["median"] <= summary["p95"] <= summary["max"]


@pytest.mark.slow
@pytest.mark.timeout(QUICK_RUN_TIMEOUT_S + 60)
def test_quick_json_has_every_section_machine_and_target(quick_payload):
    payload = quick_payload
    assert payload["quick"] is True
    machine = payload["machine"]
    assert machine["nproc"] >= 1 and machine["torch_threads"] >= 1
    assert machine["versions"]["torch"] and machine["versions"]["streamlit"]
    assert len(machine["load_average"]) == 3
    for name in SECTIONS:
        section = payload[name]
        assert "error" not in section, (name, section.get("error"))
        if "skipped" in section:
            assert name in BROWSER_SECTIONS and _browser_may_be_skipped(), (name, section)
    browser_ran = not _browser_may_be_skipped()
    assert payload["complete"] is True
    statuses = {row["key"]: row["status"] for row in payload["targets"]}
    assert set(statuses) == {target.key for target in TARGETS}
    assert statuses["sweep_cold"] == statuses["memory"] == NOT_COMPARABLE
    measured = [key for key, status in statuses.items() if status in (PASS, MISS)]
    expected = {"structured_efficiency", "accuracy_drop"}
    if browser_ran:
        expected |= {"slider_trees_p50", "slider_trees_p95", "slider_networks_p50",
                     "slider_networks_p95", "cold_start"}
    assert expected <= set(measured)
    report = format_report(payload)
    for target in TARGETS:
        assert t(f"bench.target.{target.key}") in report


@pytest.mark.slow
@pytest.mark.timeout(QUICK_RUN_TIMEOUT_S + 60)
def test_quick_numbers_are_sane(quick_payload):
    payload = quick_payload
    backend = payload["backend"]
    for steps in (*backend["trees"]["data_sets"].values(),
                  *backend["networks"]["models"].values()):
        assert steps["total_ms"]["n"] == QUICK.backend_repeats and _ordered(steps["total_ms"])
        assert steps["parts_ms"]["prune"]["median"] > 0
    assert set(backend["networks"]["models"]) == {"mlp", "cnn", "mlp_overparam"}

    sweep = payload["sweep"]
    assert sweep["techniques"] == list(TECHNIQUES)
    assert sweep["rows"] == len(TECHNIQUES) * len(QUICK.sweep_sparsities)
    assert sweep["cold_s"]["median"] > sweep["cached_s"]["max"] > 0
    assert 0 <= sweep["accuracy_range"][0] <= sweep["accuracy_range"][1] <= 1

    rows = payload["speedup"]["rows"]
    assert len(rows) == 2 * 3 * 3
    for row in rows:
        assert row["mac_reduction"] > 1 and row["speedup"] > 0 and row["efficiency"] > 0
        assert row["macs"] < row["macs_dense"]
    mlp_half = next(r for r in rows if (r["model"], r["technique"], r["amount"])
                    == ("mlp", "structured_physical", 0.5))
    assert mlp_half["latency_ms"] < mlp_half["latency_ms_dense"]  # a real, smaller model

    for model, measured in payload["crossover"]["models"].items():
        crossover = measured["crossover_sparsity"]
        assert crossover is None or 0 <= crossover <= 1
        assert all(row["latency_ms_sparse"] > 0 and row["latency_ms_dense"] > 0
                   for row in measured["rows"])
    # CSR touches only the non-zeros: at 99% it beats CSR at 0% (a sanity check of timing)
    mlp_rows = payload["crossover"]["models"]["mlp"]["rows"]
    assert mlp_rows[-1]["latency_ms_sparse"] < mlp_rows[0]["latency_ms_sparse"]

    accuracy = payload["accuracy"]
    assert [row["seed"] for row in accuracy["rows"]] == list(QUICK.accuracy_seeds)
    for row in accuracy["rows"]:
        assert 0.5 < row["accuracy_dense"] <= 1 and 0 <= row["accuracy_pruned"] <= 1
        assert row["sparsity_achieved"] == pytest.approx(0.9, abs=0.01)

    if _browser_may_be_skipped():
        return
    slider = payload["slider"]
    for name in ("bare", "trees", "networks"):
        page = slider[name]
        assert "error" not in page, page
        assert page["ms"]["n"] == QUICK.slider_steps and _ordered(page["ms"])
        assert page["exceptions_shown"] == 0
        assert len(set(page["values"])) > 1  # the slider really moved
    assert slider["trees"]["ratio_p50"] > 0 and slider["networks"]["ratio_p95"] > 0

    cold = payload["cold_start"]
    assert 0 < cold["server_s"]["median"] <= cold["interactive_s"]["median"]
    assert cold["first_heading_s"]["median"] <= cold["interactive_s"]["median"]
    assert cold["interactive_s"]["median"] <= cold["headline_numbers_s"]["median"]

    memory = payload["memory"]
    assert memory["sessions"] == QUICK.memory_sessions
    assert {"trees", "networks"} <= set(memory["pages_visited"])
    assert memory["rss_mb"] > memory["rss_mb_start"] > 0
    assert memory["exceptions_shown"] == 0
