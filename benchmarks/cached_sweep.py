"""Time the trade-offs page's sweep cold and from its cache, outside the browser.

Run by ``python -m pruning bench`` as a separate program (it imports Streamlit,
which the backend never does)::

    python benchmarks/cached_sweep.py --model cnn --sparsities 0,0.1,... \
        --cold-repeats 1 --cached-repeats 20

Calls the page's own cached function (``ui.network_results.network_sweep``,
``st.cache_data``) with every technique: "cold" clears that cache and the loaded
sample model first; "cached" calls it again (a cache hit: hashing the arguments and
unpickling the rows), and "cached + figures" adds what the page draws from the rows
on every visit (its four trade-off figures, serialised as Streamlit sends them).
Prints one JSON object on stdout.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import plotly.io  # noqa: E402

from pruning.experiment import dense_metrics, sample_with_data  # noqa: E402
from pruning.figures.tradeoffs import (accuracy_vs_latency, accuracy_vs_size,  # noqa: E402
                                       accuracy_vs_sparsity, latency_vs_cost)
from pruning.nn import TECHNIQUES  # noqa: E402


def page_figures(rows: list[dict]) -> None:
    """The trade-offs page's figures at their default choices, serialised."""
    for figure in (accuracy_vs_sparsity(rows), accuracy_vs_latency(rows),
                   accuracy_vs_size(rows), latency_vs_cost(rows)):
        plotly.io.to_json(figure, validate=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="cnn")
    parser.add_argument("--sparsities", required=True)
    parser.add_argument("--cold-repeats", type=int, default=1)
    parser.add_argument("--cached-repeats", type=int, default=20)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # "no runtime found": expected outside `streamlit run`
    from ui.network_results import network_sweep

    techniques = tuple(TECHNIQUES)
    sparsities = tuple(float(value) for value in args.sparsities.split(","))
    cold, per_technique, rows = [], {}, []
    for _ in range(args.cold_repeats):
        network_sweep.clear()
        sample_with_data.cache_clear()
        dense_metrics.cache_clear()
        marks = []
        start = time.perf_counter()
        result = network_sweep(args.model, techniques, sparsities,
                               _progress=lambda fraction, message: marks.append(
                                   time.perf_counter()))
        cold.append(time.perf_counter() - start)
        rows = result.rows
        # Seconds per row from the progress callback (called after each row).
        previous = start
        for row, mark in zip(rows, marks):
            per_technique.setdefault(row["technique"], []).append(mark - previous)
            previous = mark
    cached, cached_with_figures = [], []
    for _ in range(args.cached_repeats):
        start = time.perf_counter()
        hit = network_sweep(args.model, techniques, sparsities)
        cached.append(time.perf_counter() - start)
        page_figures(hit.rows)
        cached_with_figures.append(time.perf_counter() - start)
    repeats = max(args.cold_repeats, 1)
    json.dump({
        "model": args.model, "techniques": list(techniques), "sparsities": list(sparsities),
        "rows": len(rows), "cold_s": cold, "cached_s": cached,
        "cached_with_figures_s": cached_with_figures,
        "cold_s_per_technique": {key: sum(values) / repeats
                                 for key, values in per_technique.items()},
        "accuracy_range": [min(r["accuracy"] for r in rows), max(r["accuracy"] for r in rows)]
        if rows else None,
        "settings": result.settings if args.cold_repeats else None,
    }, sys.stdout)


if __name__ == "__main__":
    main()
