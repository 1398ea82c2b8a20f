"""Trade-offs: one network, several techniques, a grid of sparsities, every copy measured.

Widgets -> plain sweep request (model, techniques, sparsities) -> cached sweep_networks
(progress bar while it runs) -> rows -> trade-off figure builders -> page.
"""
from functools import partial

import pandas as pd
import streamlit as st

from pruning.experiment import sample_with_data
from pruning.figures.tradeoffs import (LATENCY_AXES, SIZE_STORAGES, SPARSITY_AXES,
                                       accuracy_vs_latency, accuracy_vs_size,
                                       accuracy_vs_sparsity, latency_vs_cost, technique_label)
from pruning.models import SAMPLE_MODELS
from pruning.nn import TECHNIQUES
from pruning.sweep import DEFAULT_SPARSITIES, SweepResult
from ui import layout, widgets
from ui.errors import shown_errors
from ui.shell import require_app_shell
from ui.network_results import network_sweep, progress_bar
from ui.text import T, language

GRIDS = {
    "coarse": (0.0, 0.25, 0.5, 0.75, 0.9),
    "standard": DEFAULT_SPARSITIES,
    "high": (0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99),
}
DEFAULT_TECHNIQUES = ("random", "magnitude_global", "structured_masked", "structured_physical")
CHART_HEIGHT = 540  # the legend sits below the plot, inside this height
SIDE_TEXT = [3, 1]  # chart width : explanation width
# The table's columns, in order (the CSV has every field but the per-layer list).
TABLE_COLUMNS = ("sparsity_requested", "weight_sparsity", "accuracy", "accuracy_val",
                 "params_nonzero", "macs", "macs_effective", "size_bytes", "size_bytes_sparse",
                 "latency_ms", "latency_ms_p25", "latency_ms_p75", "latency_ms_dense",
                 "speedup", "latency_ms_sparse")
PERCENT_COLUMNS = ("sparsity_requested", "weight_sparsity", "accuracy", "accuracy_val")


# ---- the request ------------------------------------------------------------------

def choose_sweep() -> tuple[str, tuple[str, ...], tuple[float, ...]]:
    model_column, grid_column = st.columns([1, 2], gap="large")
    with model_column:
        model = widgets.selectbox(T("tradeoffs_page.model"), "model", SAMPLE_MODELS,
                                  format_func=lambda name: T(f"sample_model.{name}"),
                                  help=T("tradeoffs_page.model_help"))
    with grid_column:
        grid = widgets.radio(T("tradeoffs_page.grid"), "grid", list(GRIDS), index=1,
                             horizontal=True,
                             format_func=lambda name: T(f"tradeoffs_page.grid_{name}"),
                             help=T("tradeoffs_page.grid_help"))
    techniques = widgets.multiselect(
        T("tradeoffs_page.techniques"), "techniques", list(TECHNIQUES),
        default=list(DEFAULT_TECHNIQUES), format_func=lambda key: TECHNIQUES[key].name(language()),
        help=T("tradeoffs_page.techniques_help"))
    in_registry_order = tuple(key for key in TECHNIQUES if key in techniques)  # one cache entry
    return model, in_registry_order, GRIDS[grid]


def run_sweep(model: str, techniques: tuple[str, ...], sparsities: tuple[float, ...]
              ) -> SweepResult:
    """The cached sweep, with a progress bar while it runs (a cache hit shows none)."""
    runs = len(techniques) * len(sparsities)
    with progress_bar(T("tradeoffs_page.running", runs=runs)) as progress:
        return network_sweep(model, techniques, sparsities, _progress=progress)


# ---- what the page shows ----------------------------------------------------------

beside_text = partial(layout.beside_text, height=CHART_HEIGHT, widths=SIDE_TEXT)


def show_accuracy(rows: list[dict]) -> None:
    st.divider()
    axis = widgets.radio(T("tradeoffs_page.accuracy.x"), "x", SPARSITY_AXES, horizontal=True,
                         format_func=lambda x: T(f"tradeoffs_page.accuracy.x_{x}"),
                         help=T("tradeoffs_page.accuracy.x_help"))
    beside_text(accuracy_vs_sparsity(rows, x=axis, language=language()),
                T("tradeoffs_page.accuracy.explanation"))


def show_latency_accuracy(rows: list[dict]) -> None:
    st.divider()
    beside_text(accuracy_vs_latency(rows, language()),
                T("tradeoffs_page.latency_accuracy.explanation"))


def show_size_accuracy(rows: list[dict]) -> None:
    st.divider()
    storage = widgets.radio(T("tradeoffs_page.size_accuracy.storage"), "storage",
                            SIZE_STORAGES, horizontal=True,
                            format_func=lambda s: T(f"tradeoffs_page.size_accuracy.storage_{s}"),
                            help=T("tradeoffs_page.size_accuracy.storage_help"))
    beside_text(accuracy_vs_size(rows, storage=storage, language=language()),
                T("tradeoffs_page.size_accuracy.explanation"))


def show_latency(rows: list[dict]) -> None:
    st.divider()
    axis = widgets.radio(T("tradeoffs_page.latency.x"), "latency_x", LATENCY_AXES,
                         horizontal=True,
                         format_func=lambda x: T(f"tradeoffs_page.latency.x_{x}"),
                         help=T("tradeoffs_page.latency.x_help"))
    figure = latency_vs_cost(rows, x=axis, language=language())
    chart_column, text_column = st.columns(SIDE_TEXT, gap="large")
    with chart_column:
        st.plotly_chart(figure, height=CHART_HEIGHT)
    with text_column:
        st.markdown(T("tradeoffs_page.latency.explanation"))
        has_csr = any(row.get("latency_ms_sparse") is not None for row in rows)
        crossover = (figure.layout.meta or {}).get("crossover")
        if not has_csr:
            st.info(T("tradeoffs_page.latency.no_csr" if rows[0]["model"] == "cnn"
                      else "tradeoffs_page.latency.no_csr_technique"), icon=":material/info:")
        elif crossover is None:
            st.info(T("tradeoffs_page.latency.no_crossover"), icon=":material/info:")
        else:
            st.success(T("tradeoffs_page.latency.crossover", sparsity=crossover),
                       icon=":material/speed:")


def show_table(result: SweepResult) -> None:
    st.subheader(T("tradeoffs_page.table.title"))
    st.caption(T("tradeoffs_page.table.explanation"))
    frame = pd.DataFrame(result.rows).drop(columns="layers")
    shown = frame[["technique", *TABLE_COLUMNS]].copy()
    shown["technique"] = [technique_label(key, language()) for key in shown["technique"]]
    for column in PERCENT_COLUMNS:
        shown[column] = 100 * shown[column]
    config = {"technique": st.column_config.TextColumn(T("tradeoffs_page.table.technique"))}
    for column in TABLE_COLUMNS:
        label_key = "sparsity" if column == "sparsity_requested" else column
        number_format = "%.1f%%" if column in PERCENT_COLUMNS else (
            "%.3f" if column.startswith("latency") else
            "%.2fx" if column == "speedup" else "localized")
        config[column] = st.column_config.NumberColumn(T(f"tradeoffs_page.table.{label_key}"),
                                                       format=number_format)
    st.dataframe(shown, column_config=config, hide_index=True)
    st.download_button(T("tradeoffs_page.table.download"),
                       frame.to_csv(index=False).encode("utf-8"),
                       file_name=f"tradeoffs_{result.model}.csv", mime="text/csv",
                       icon=":material/download:", on_click="ignore",
                       help=T("tradeoffs_page.table.download_help"))


def show_settings(result: SweepResult) -> None:
    settings = result.settings
    _, data = sample_with_data(result.model)
    st.caption(T("tradeoffs_page.settings", n_test=len(data.y_test),
                 repeats=settings["repeats"], warmup=settings["warmup"],
                 threads=settings["threads"],
                 max_repeats=settings.get("max_repeats", settings["repeats"])))


require_app_shell()
st.title(T("tradeoffs_page.title"))
st.markdown(T("tradeoffs_page.intro"))
sweep = None
with shown_errors():
    chosen_model, chosen_techniques, chosen_sparsities = choose_sweep()
    if not chosen_techniques:
        st.info(T("tradeoffs_page.choose_technique"), icon=":material/touch_app:")
    else:
        sweep = run_sweep(chosen_model, chosen_techniques, chosen_sparsities)
        show_settings(sweep)
if sweep is not None:
    for section in (show_accuracy, show_latency_accuracy, show_size_accuracy, show_latency):
        with shown_errors():
            section(sweep.rows)
    with shown_errors():
        show_table(sweep)
