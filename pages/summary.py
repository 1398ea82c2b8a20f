"""Summary for stakeholders: the best pruned configuration within an accuracy limit.

Widgets (model, accuracy limit, objective) -> cached summary sweep (progress bar) ->
cached summarise (best candidates re-timed, interleaved with the original) -> three
big numbers, the explanation, one trade-off chart -> a downloadable HTML report.
"""
import streamlit as st

from pruning.figures.summary import tradeoff_chart
from pruning.models import SAMPLE_MODELS
from pruning.report import build_report
from pruning.summary import (OBJECTIVES, TARGETS_PTS, Summary, big_numbers, headline,
                             technique_line)
from pruning.summary_measure import (CONFIRM_ROUNDS, SUMMARY_FINETUNE_EPOCHS,
                                     SUMMARY_SPARSITIES, SUMMARY_TECHNIQUES, SummarySweep,
                                     confirm_configuration, summarise, summary_sweep)
from ui import widgets
from ui.errors import shown_errors
from ui.network_results import progress_bar
from ui.shell import require_app_shell
from ui.text import T, language

DEFAULT_TARGET = TARGETS_PTS.index(1.0)
CHART_HEIGHT = 560
SWEEPS_KEPT = 8
SUMMARIES_KEPT = 64
CONFIRMATIONS_KEPT = 256
PRUNED_COPIES = len(SUMMARY_TECHNIQUES) * (
    2 * len([s for s in SUMMARY_SPARSITIES if s > 0]) if SUMMARY_FINETUNE_EPOCHS
    else len([s for s in SUMMARY_SPARSITIES if s > 0]))


# ---- cached measurements ------------------------------------------------------------

@st.cache_data(max_entries=SWEEPS_KEPT, show_spinner=False)
def cached_sweep(model: str, _progress=None) -> SummarySweep:
    """:func:`pruning.summary_measure.summary_sweep` with its defaults (plain rows)."""
    return summary_sweep(model, progress=_progress)


@st.cache_data(max_entries=CONFIRMATIONS_KEPT, show_spinner=False)
def cached_confirmation(model: str, technique: str, sparsity: float, finetune_epochs: int,
                        seed: int, threads: int) -> dict:
    """One configuration re-timed against the original (shared by every target)."""
    return confirm_configuration(model, technique, sparsity, finetune_epochs, seed=seed,
                                 threads=threads)


@st.cache_data(max_entries=SUMMARIES_KEPT, show_spinner=False)
def cached_summary(model: str, target: float, objective: str, _sweep: SummarySweep) -> Summary:
    """:func:`pruning.summary_measure.summarise` of the model's cached sweep."""
    settings = _sweep.settings

    def confirm(row: dict) -> dict:
        return cached_confirmation(model, row["technique"], row["sparsity_requested"],
                                   row["finetune_epochs"], settings["seed"], settings["threads"])

    return summarise(_sweep, target, objective, confirm=confirm)


# ---- the page ----------------------------------------------------------------------

def choose() -> tuple[str, float, str]:
    model_column, target_column, objective_column = st.columns([2, 2, 2], gap="large")
    with model_column:
        model = widgets.selectbox(T("summary.model"), "model", SAMPLE_MODELS,
                                  format_func=lambda name: T(f"sample_model.{name}"),
                                  help=T("summary.model_help"))
    with target_column:
        target = widgets.radio(T("summary.target"), "target", TARGETS_PTS, index=DEFAULT_TARGET,
                               horizontal=True,
                               format_func=lambda value: T("summary.target_option",
                                                           target=value),
                               help=T("summary.target_help"))
    with objective_column:
        objective = widgets.radio(T("summary.objective"), "objective", OBJECTIVES,
                                  horizontal=True,
                                  format_func=lambda key: T(f"summary.objective_name.{key}"),
                                  help=T("summary.objective_help"))
    return model, target, objective


def measure(model: str, target: float, objective: str) -> tuple[SummarySweep, Summary]:
    with progress_bar(T("summary.running", runs=PRUNED_COPIES)) as progress:
        sweep = cached_sweep(model, _progress=progress)
    with st.spinner(T("summary.confirming")):
        summary = cached_summary(model, target, objective, sweep)
    return sweep, summary


def show_numbers(summary: Summary) -> None:
    if summary.met:
        st.markdown("#### " + headline(summary, language()))
    else:
        st.warning(headline(summary, language()), icon=":material/warning:")
    st.caption(technique_line(summary, language()))
    for column, number in zip(st.columns(3), big_numbers(summary, language())):
        with column.container(border=True):
            st.metric(number.label, number.value, help=number.help)
            st.caption(number.note)


def show_meaning(summary: Summary) -> None:
    means, limits = st.columns(2, gap="large")
    with means:
        st.subheader(T("summary.means_title"))
        st.markdown(summary.paragraph(language(), "means"))
    with limits:
        st.subheader(T("summary.limits_title"))
        st.markdown(summary.paragraph(language(), "limits"))
        st.caption(T("summary.see_tradeoffs"))


def show_chart(summary: Summary) -> None:
    st.plotly_chart(tradeoff_chart(summary, language=language()), height=CHART_HEIGHT)
    st.caption(T("summary.chart_caption") + " " + T(f"summary.chart_note.{summary.objective}"))


def show_download(sweep: SummarySweep, summary: Summary) -> None:
    chosen_language = language()  # the report is built on click, outside this run

    def report() -> str:
        return build_report(sweep, summary, chosen_language)

    st.download_button(T("summary.download"), report,
                       file_name=f"pruning_report_{sweep.model}.html", mime="text/html",
                       icon=":material/download:", on_click="ignore", type="primary",
                       help=T("summary.download_help"), key="download_report")


def show_timing(sweep: SummarySweep, summary: Summary) -> None:
    confirmed = [row for row in summary.rows if row.get("speedup_median") is not None]
    settings = sweep.settings
    st.caption(T("summary.timing_caption", tried=summary.tried, sweep_seconds=sweep.seconds,
                 n_test=sweep.n_test, repeats=settings["repeats"], warmup=settings["warmup"],
                 threads=settings["threads"], confirmed=len(confirmed),
                 rounds=summary.speed_rounds or CONFIRM_ROUNDS,
                 confirm_seconds=sum(row.get("confirm_seconds", 0.0) for row in confirmed)))


require_app_shell()
st.title(T("summary.title"))
st.markdown(T("summary.intro", tried=PRUNED_COPIES))
with shown_errors():
    chosen = choose()
    measured_sweep, chosen_summary = measure(*chosen)
    show_numbers(chosen_summary)
    show_download(measured_sweep, chosen_summary)
    st.divider()
    show_meaning(chosen_summary)
    st.divider()
    show_chart(chosen_summary)
    show_timing(measured_sweep, chosen_summary)
