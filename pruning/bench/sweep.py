"""The full trade-off sweep (every technique x every sparsity on the sample CNN),
cold and from the trade-offs page's cache.

The page caches the sweep with Streamlit's ``st.cache_data``; the backend never
imports Streamlit, so the timing runs as a separate program
(``benchmarks/cached_sweep.py``) that calls the page's own cached function.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Sequence

from pruning.bench.server import ROOT
from pruning.bench.stats import summarise
from pruning.i18n import t
from pruning.sweep import DEFAULT_SPARSITIES

SCRIPT = ROOT / "benchmarks" / "cached_sweep.py"
MODEL = "cnn"
TIMEOUT_S = 1800


def measure_sweep(sparsities: Sequence[float] = DEFAULT_SPARSITIES, cold_repeats: int = 1,
                  cached_repeats: int = 20, model: str = MODEL) -> dict:
    """Run ``benchmarks/cached_sweep.py`` and summarise its timings (seconds).

    Returns
    -------
    dict
        ``cold_s`` / ``cached_s`` / ``cached_with_figures_s`` summaries, seconds
        per technique of the (last) cold sweep, rows, sparsities, settings.
    """
    command = [sys.executable, str(SCRIPT), "--model", model,
               "--sparsities", ",".join(f"{s:g}" for s in sparsities),
               "--cold-repeats", str(cold_repeats), "--cached-repeats", str(cached_repeats)]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                              timeout=TIMEOUT_S, env=environment)
    if finished.returncode != 0:
        raise RuntimeError(t("bench.errors.sweep_failed", code=finished.returncode,
                             detail=finished.stderr[-1500:]))
    raw = json.loads(finished.stdout)
    return {
        "model": raw["model"],
        "techniques": raw["techniques"],
        "sparsities": raw["sparsities"],
        "rows": raw["rows"],
        "cold_s": summarise(raw["cold_s"], digits=3),
        "cached_s": summarise(raw["cached_s"], digits=5),
        "cached_with_figures_s": summarise(raw["cached_with_figures_s"], digits=4),
        "cold_s_per_technique": {key: round(value, 3)
                                 for key, value in raw["cold_s_per_technique"].items()},
        "accuracy_range": raw["accuracy_range"],
        "settings": raw["settings"],
    }
