"""Cached edges of the network pages: plain requests in, reports and rows out.

Reports hold torch models, so they are kept with ``st.cache_resource`` (shared, never
modified: figures and downloads only read them) and only a few at a time. Sweep and
curve rows are plain data, kept with ``st.cache_data``. A progress callback cannot
be part of a cache key, so it is passed as ``_progress`` (left out of the key): a
cache hit simply does not report progress. The callback must come from
:func:`progress_bar`, which draws outside the cache's recording of elements.
"""
from __future__ import annotations

import contextlib
import contextvars
from dataclasses import replace
from typing import Callable

import plotly.graph_objects as go
import streamlit as st

from pruning.experiment import NetworkReport, NetworkRequest, run_network
from pruning.figures.nn import layer_sparsity_bars, sparsity_heatmap, weight_histogram
from pruning.generalisation import network_generalisation_rows
from pruning.sweep import SweepResult, sweep_networks
from ui.cache import RESULT_CACHE_ENTRIES
from ui.uploads import model_source

Progress = Callable[[float, str], None]
REPORTS_KEPT = 32  # pruned models in memory (the largest sample model is ~1.3 MB)
REPORTS_TTL_S = 3600  # an upload's reports go an hour after their last use at the latest
SWEEPS_KEPT = 32


@contextlib.contextmanager
def progress_bar(text: str):
    """A progress bar for the block, yielding the callback that moves it; removed after.

    A cached function records every element drawn while it runs, to replay it on a
    cache hit; a bar drawn from outside would then be replayed into a block that no
    longer exists. So the callback draws in the context captured here, outside the
    cached call, where nothing is recorded.
    """
    slot = st.empty()
    bar = slot.progress(0.0, text=text)
    outside = contextvars.copy_context()

    def move(fraction: float, message: str) -> None:
        outside.run(bar.progress, fraction, text=message)

    try:
        yield move
    finally:
        slot.empty()


@st.cache_resource(max_entries=REPORTS_KEPT, ttl=REPORTS_TTL_S, show_spinner=False)
def network_report(request: NetworkRequest) -> NetworkReport:
    """:func:`pruning.experiment.run_network` for ``request`` (a sample network or one of
    this session's uploads); do not modify the result."""
    source = model_source(request.model)
    return run_network(request, source=source if source.uploaded else None)


@st.cache_data(max_entries=SWEEPS_KEPT, show_spinner=False)
def network_sweep(model: str, techniques: tuple[str, ...], sparsities: tuple[float, ...],
                  finetune_epochs: int = 0,
                  _progress: Progress | None = None) -> SweepResult:
    """:func:`pruning.sweep.sweep_networks` with latency measured (rows: plain data)."""
    return sweep_networks(model, techniques, sparsities, finetune_epochs=finetune_epochs,
                          measure_latency=True, progress=_progress)


@st.cache_data(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def generalisation_rows(model: str, technique: str, sparsities: tuple[float, ...],
                        _progress: Progress | None = None) -> list[dict]:
    """:func:`pruning.generalisation.network_generalisation_rows` (plain rows)."""
    return network_generalisation_rows(model, technique, sparsities, progress=_progress)


# ---- figures of one report ---------------------------------------------------------
# Building a plotly figure costs tens of milliseconds, so each is kept per request (as
# shared objects: st.cache_resource, no pickling). The report is passed as
# ``_report`` (not hashed); ``request`` is the key, taken without the latency flag
# because the figures do not depend on timing.

FIGURES_KEPT = 256


def figure_key(request: NetworkRequest) -> NetworkRequest:
    """The request a figure depends on (timing settings dropped)."""
    return replace(request, measure_latency=False)


@st.cache_resource(max_entries=FIGURES_KEPT, show_spinner=False)
def histogram_figure(key: NetworkRequest, layer: str | None, log_count: bool, language: str,
                     _report: NetworkReport) -> go.Figure:
    """Weight histogram before / after (:func:`pruning.figures.nn.weight_histogram`)."""
    return weight_histogram(_report.original, _report.result, layer, log_count=log_count,
                            language=language)


@st.cache_resource(max_entries=FIGURES_KEPT, show_spinner=False)
def heatmap_figure(key: NetworkRequest, layer: str, values: str, language: str,
                   _report: NetworkReport) -> go.Figure:
    """One layer's mask heatmap (:func:`pruning.figures.nn.sparsity_heatmap`)."""
    return sparsity_heatmap(_report.original, _report.result, layer, values=values,
                            language=language)


@st.cache_resource(max_entries=FIGURES_KEPT, show_spinner=False)
def layer_bars_figure(key: NetworkRequest, language: str, _report: NetworkReport) -> go.Figure:
    """Per-layer sparsity bars (:func:`pruning.figures.nn.layer_sparsity_bars`)."""
    return layer_sparsity_bars(_report.result, language)
