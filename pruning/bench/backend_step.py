"""Backend cost of one slider step, without the browser: prune + metrics + figures.

The same work a page does when its main slider moves, split into parts so a
regression can be located, per page and per sample model (per data set for trees):

- trees page (method "pre", main slider: maximum depth): ``split`` (building the
  split), ``prune`` (:func:`pruning.trees.prune_tree`, accuracies included),
  ``figures`` (the depth curve figure, four diagram sources: before / after, shown
  and for download, and the decision regions of 2-D data), ``layout`` (the two shown
  diagrams drawn to SVG by ``dot``), ``serialise`` (plotly figures to JSON, as
  Streamlit sends them);
- networks page (technique magnitude_global, latency measured, as the page's
  defaults): the phases of :func:`pruning.experiment.run_network` told apart by its
  own progress callback: ``prune``, ``time_dense`` (dense latency),
  ``metrics`` (pruned model's accuracy, counts, MACs and latency), then
  ``figures`` (histogram, first layer's heatmap, per-layer bars) and ``serialise``.

Pages cache results per slider value; this measures the uncached step (a value
not seen before), the cost a user pays on every new value.
"""
from __future__ import annotations

import time
from dataclasses import replace
from typing import Callable

import plotly.io

from pruning.bench.stats import summarise
from pruning.data import DATASET_NAMES, TWO_D_DATASETS, load_dataset, split_dataset
from pruning.display import diagram_svg, dot_available
from pruning.experiment import NetworkRequest, run_network, sample_with_data
from pruning.figures.nn import layer_sparsity_bars, sparsity_heatmap, weight_histogram
from pruning.figures.trees import (accuracy_vs_depth_figure, decision_regions_figure,
                                   tree_diagram)
from pruning.i18n import t
from pruning.models import SAMPLE_MODELS
from pruning.nn import prunable_layers
from pruning.trees import TreeOptions, depth_rows, prune_tree

LANGUAGE = "en"
# The pages' defaults (pages/trees.py, pages/networks.py): what a first visit shows.
TREE_TEST_SIZE = 0.25
TREE_DISPLAY_DEPTH = 3
REGION_GRID = 100
NETWORK_TECHNIQUE = "magnitude_global"
NETWORK_SPARSITIES = (0.50, 0.51, 0.52, 0.53, 0.54, 0.55, 0.56, 0.57, 0.58, 0.59)


class _Parts:
    """Seconds per named part of one step."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + (now - self._last)
        self._last = now


def _summarise_parts(steps: list[dict[str, float]]) -> dict:
    names = list(dict.fromkeys(name for step in steps for name in step))
    parts = {name: summarise([1000 * step.get(name, 0.0) for step in steps], digits=2)
             for name in names}
    total = summarise([1000 * sum(step.values()) for step in steps], digits=2)
    return {"total_ms": total, "parts_ms": parts}


def tree_step(dataset: str, max_depth: int, render_svg: bool) -> dict[str, float]:
    """One max-depth step of the trees page on ``dataset``; seconds per part."""
    parts = _Parts()
    split = split_dataset(load_dataset(dataset), test_size=TREE_TEST_SIZE, seed=0,
                          stratify=True)
    split.describe()
    parts.lap("split")
    options = TreeOptions(max_depth=max_depth)
    result = prune_tree(split, "pre", options)
    parts.lap("prune")
    names = load_dataset(dataset)
    draw = {"feature_names": names.feature_names, "class_names": names.class_names,
            "language": LANGUAGE}
    rows = _depth_rows_cached(split, dataset)
    figures = [accuracy_vs_depth_figure(rows, max_depth, LANGUAGE)]
    greyed = result.cut_nodes or ()
    shown = [tree_diagram(result.full_tree, greyed_nodes=greyed,
                          display_depth=TREE_DISPLAY_DEPTH, **draw),
             tree_diagram(result.tree, display_depth=TREE_DISPLAY_DEPTH, **draw)]
    downloads = [tree_diagram(result.full_tree, greyed_nodes=greyed, **draw).source,
                 tree_diagram(result.tree, **draw).source]
    if dataset in TWO_D_DATASETS:
        figures.append(decision_regions_figure(result, split, grid_size=REGION_GRID,
                                               language=LANGUAGE))
    parts.lap("figures")
    if render_svg:
        for graph in shown:
            diagram_svg(graph.source)
        parts.lap("layout")
    for figure in figures:
        plotly.io.to_json(figure, validate=False)
    sum(len(source) for source in downloads)
    parts.lap("serialise")
    return parts.seconds


_DEPTH_ROWS: dict[str, list[dict]] = {}


def _depth_rows_cached(split, dataset: str) -> list[dict]:
    # The page caches the depth curve (it does not depend on the slider): not timed.
    if dataset not in _DEPTH_ROWS:
        _DEPTH_ROWS[dataset] = depth_rows(split, TreeOptions())
    return _DEPTH_ROWS[dataset]


def measure_tree_steps(repeats: int, datasets=DATASET_NAMES) -> dict:
    """:func:`tree_step` ``repeats`` times per data set (depths 1, 2, 3... in turn)."""
    render_svg = dot_available()
    results = {}
    for dataset in datasets:
        split = split_dataset(load_dataset(dataset), test_size=TREE_TEST_SIZE, seed=0)
        _depth_rows_cached(split, dataset)
        full_depth = prune_tree(split, "none", TreeOptions()).depth
        tree_step(dataset, 1, render_svg)  # warm-up (imports, first calls)
        steps = [tree_step(dataset, 1 + index % max(full_depth, 1), render_svg)
                 for index in range(repeats)]
        results[dataset] = _summarise_parts(steps)
    return {"method": "pre", "slider": "max_depth", "dot_layout": render_svg,
            "data_sets": results}


def network_step(model: str, sparsity: float) -> dict[str, float]:
    """One sparsity step of the networks page on ``model``; seconds per part."""
    phase_of = {t("experiment.progress.timing"): "time_dense",
                t("experiment.progress.measuring"): "metrics",
                t("experiment.progress.done"): None}
    parts = _Parts()
    current = ["prune"]

    def progress(fraction: float, message: str) -> None:
        if message in phase_of:
            parts.lap(current[0])
            current[0] = phase_of[message]

    request = NetworkRequest(model, NETWORK_TECHNIQUE, sparsity, measure_latency=True)
    report = run_network(request, progress)
    first_layer = prunable_layers(report.original)[0][0]
    figures = [weight_histogram(report.original, report.result, None, language=LANGUAGE),
               sparsity_heatmap(report.original, report.result, first_layer,
                                values="density", language=LANGUAGE),
               layer_sparsity_bars(report.result, LANGUAGE)]
    parts.lap("figures")
    for figure in figures:
        plotly.io.to_json(figure, validate=False)
    parts.lap("serialise")
    return parts.seconds


def measure_network_steps(repeats: int, models=SAMPLE_MODELS,
                          progress: Callable[[str], None] | None = None) -> dict:
    """:func:`network_step` ``repeats`` times per sample model (new sparsities each)."""
    notify = progress or (lambda message: None)
    results = {}
    for model in models:
        notify(model)
        sample_with_data(model)  # loaded once per server, as the page does
        network_step(model, NETWORK_SPARSITIES[-1])  # warm-up
        steps = [network_step(model, NETWORK_SPARSITIES[index % len(NETWORK_SPARSITIES)])
                 for index in range(repeats)]
        results[model] = _summarise_parts(steps)
    return {"technique": NETWORK_TECHNIQUE, "slider": "sparsity", "measure_latency": True,
            "models": results}
