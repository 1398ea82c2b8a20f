"""Neural networks: prune a sample network (or your own) with one technique and see what changed.

Widgets -> plain NetworkRequest -> cached run_network -> NetworkReport -> figure
builders -> page. The sparsity slider and everything it changes run as a fragment,
so moving the slider reruns only that part of the page. A network uploaded in the
"Use your own model / data" expander joins the picker for this session (ui.uploads).
"""
from functools import partial

import streamlit as st

from pruning.experiment import NetworkReport, NetworkRequest
from pruning.latency_change import within_noise
from pruning.metrics import Latency
from pruning.model_export import model_file_name, pruned_model_file
from pruning.models import SAMPLE_MODELS
from pruning.nn import TECHNIQUES, prunable_layers
from pruning.nn.base import MAX_AMOUNT, SCHEDULES
from pruning.nn.options import ACTIVATION_CRITERIA
from pruning.technique_options import NORMS, options_read_by
from ui import layout, widgets
from ui.errors import shown_errors
from ui.shell import require_app_shell
from ui.network_results import (figure_key, heatmap_figure, histogram_figure,
                                layer_bars_figure, network_report)
from ui.text import T, language
from ui.uploads import (model_caption, model_choices, model_source, network_upload_form,
                        show_notices)

DEFAULT_SPARSITY = 50  # percent
MAX_PERCENT = round(100 * MAX_AMOUNT)
DEFAULT_EPOCHS = 3
MAX_EPOCHS = 20
DEFAULT_STEPS = 5
MAX_STEPS = 10
HEATMAP_VALUES = ("density", "magnitude")
# Timing on every slider move: fewer repeats than a single experiment's default keep
# the slider quick; the card's help states how it was measured.
TIMING = {"warmup": 2, "repeats": 10}
ALL_LAYERS = "all"
CHART_HEIGHT = 460
SIDE_TEXT = [3, 1]  # chart width : explanation width


def technique_name(key: str) -> str:
    return TECHNIQUES[key].name(language())


# ---- the request ------------------------------------------------------------------

def choose_model_and_technique() -> tuple[str, str]:
    model_column, technique_column = st.columns([1, 2], gap="large")
    with model_column:
        choices = model_choices()
        model = widgets.selectbox(T("networks_page.model"), "model", list(choices),
                                  format_func=choices.__getitem__,
                                  help=T("networks_page.model_help"))
        source = model_source(model)
        if source.uploaded:
            st.caption(model_caption(source))
            show_notices(source.notices)
        else:
            st.caption(T(f"sample_model.{model}_help"))
    with technique_column:
        keys = list(TECHNIQUES)
        technique = widgets.selectbox(T("networks_page.technique"), "technique", keys,
                                      index=keys.index("magnitude_global"),
                                      format_func=technique_name,
                                      help=T("networks_page.technique_help"))
        spec = TECHNIQUES[technique]
        st.info(T("networks_page.how_it_works", explanation=spec.explanation(language()))
                + " " + T("networks_page.unit_note", unit=T(f"networks_page.unit.{spec.unit}")),
                icon=":material/school:")
    return model, technique


def choose_options(technique: str) -> dict:
    """The technique's own options (only those it reads) and fine-tuning, in one row."""
    read = options_read_by(TECHNIQUES[technique])
    columns = iter(st.columns(len(read) + 2, gap="medium"))
    chosen: dict = {}
    if "norm" in read:
        with next(columns):
            chosen["norm"] = widgets.radio(
                T("networks_page.options.norm"), "norm", NORMS, horizontal=True,
                format_func=lambda n: T("networks_page.options.norm_value", value=n),
                help=T("networks_page.options.norm_help"))
    if "activation_criterion" in read:
        with next(columns):
            chosen["activation_criterion"] = widgets.radio(
                T("networks_page.options.activation_criterion"), "criterion",
                ACTIVATION_CRITERIA, horizontal=True,
                format_func=lambda c: T(f"networks_page.options.activation_criterion_{c}"),
                help=T("networks_page.options.activation_criterion_help"))
    if "steps" in read:
        with next(columns):
            chosen["steps"] = widgets.slider(
                T("networks_page.options.steps"), "steps", 1, MAX_STEPS, DEFAULT_STEPS,
                help=T("networks_page.options.steps_help"))
    if "schedule" in read:
        with next(columns):
            chosen["schedule"] = widgets.radio(
                T("networks_page.options.schedule"), "schedule", SCHEDULES, horizontal=True,
                format_func=lambda s: T(f"networks_page.options.schedule_{s}"),
                help=T("networks_page.options.schedule_help"))
    with next(columns):
        finetune = widgets.toggle(T("networks_page.options.finetune"), "finetune", False,
                                  help=T("networks_page.options.finetune_help"))
    with next(columns):
        epochs = widgets.slider(T("networks_page.options.epochs"), "epochs", 1, MAX_EPOCHS,
                                DEFAULT_EPOCHS, help=T("networks_page.options.epochs_help"),
                                disabled=not finetune)
    chosen["finetune_epochs"] = epochs if finetune else 0
    return chosen


def choose_sparsity(technique: str) -> tuple[float, bool]:
    unit = TECHNIQUES[technique].unit
    slider_column, timing_column = st.columns([3, 1], gap="large",
                                              vertical_alignment="bottom")
    with slider_column:
        percent = widgets.slider(T(f"networks_page.sparsity.label_{unit}"), "sparsity", 0,
                                 MAX_PERCENT, DEFAULT_SPARSITY, format="%d%%",
                                 help=T(f"networks_page.sparsity.help_{unit}"))
    with timing_column:
        timed = widgets.toggle(T("networks_page.sparsity.measure_latency"), "latency", False,
                               help=T("networks_page.sparsity.measure_latency_help"))
    return percent / 100, timed


# ---- the metric cards ---------------------------------------------------------------

def change_style(change: float, higher_is_better: bool, noise: bool = False) -> dict:
    """Colour and arrow of a card's delta: grey, no arrow, when nothing (real) changed."""
    if change == 0 or noise:
        return {"delta_color": "off", "delta_arrow": "off" if change == 0 else "auto"}
    return {"delta_color": "normal" if higher_is_better else "inverse"}


def card(label_key: str, value: str, delta: str, help: str, style: dict) -> None:
    st.metric(T(f"networks_page.metrics.{label_key}"), value, delta, help=help, border=True,
              **style)


def delta_text(change: float, key: str) -> str:
    if change == 0:
        return T("networks_page.metrics.no_change")
    return T(f"networks_page.metrics.{key}", value=change)


def latency_card(dense: Latency | None, pruned: Latency | None, csr: Latency | None) -> None:
    if pruned is None or dense is None:
        st.metric(T("networks_page.metrics.latency"), T("networks_page.metrics.latency_off"),
                  T("networks_page.metrics.latency_switch_on"), delta_color="off",
                  delta_arrow="off", help=T("networks_page.metrics.latency_off_help"),
                  border=True)
        return
    change = round(pruned.median_ms - dense.median_ms, 2)
    noise = within_noise(dense, pruned)
    help_text = T("networks_page.metrics.latency_help", batch=pruned.batch_size,
                  threads=pruned.threads, warmup=pruned.warmup, repeats=pruned.repeats,
                  p25=pruned.p25_ms, p75=pruned.p75_ms, min=pruned.min_ms, max=pruned.max_ms,
                  dense=dense.median_ms, dense_p25=dense.p25_ms, dense_p75=dense.p75_ms)
    if csr is not None:
        help_text += T("networks_page.metrics.latency_help_csr", csr=csr.median_ms)
    if noise:
        help_text += T("networks_page.metrics.latency_noise")
    card("latency", T("networks_page.metrics.milliseconds", value=pruned.median_ms),
         delta_text(change, "milliseconds_noise" if noise else "milliseconds_change"),
         help_text,
         change_style(change, higher_is_better=False, noise=noise))


def show_metrics(report: NetworkReport) -> None:
    st.subheader(T("networks_page.metrics.title"))
    st.caption(T("networks_page.metrics.caption"))
    dense, pruned = report.dense, report.pruned
    accuracy_change = round(100 * (pruned.accuracy["test"] - dense.accuracy["test"]), 1)
    params_change = pruned.params_nonzero - dense.params_nonzero
    macs_change = pruned.macs - dense.macs
    size_change = round((pruned.bytes_dense - dense.bytes_dense) / 1000, 1)
    percent = lambda value: T("networks_page.metrics.percent", value=100 * value)  # noqa: E731
    columns = st.columns(5)
    with columns[0]:
        card("accuracy", percent(pruned.accuracy["test"]),
             delta_text(accuracy_change, "points"),
             T("networks_page.metrics.accuracy_help",
               n_test=len(model_source(report.request.model).data.y_test),
               dense=percent(dense.accuracy["test"]),
               train=percent(pruned.accuracy["train"]), val=percent(pruned.accuracy["val"])),
             change_style(accuracy_change, higher_is_better=True))
    with columns[1]:
        card("params", T("networks_page.metrics.count", value=pruned.params_nonzero),
             delta_text(params_change, "count_change"),
             T("networks_page.metrics.params_help", total=pruned.params_total,
               dense=dense.params_nonzero),
             change_style(params_change, higher_is_better=False))
    with columns[2]:
        card("macs", T("networks_page.metrics.count", value=pruned.macs),
             delta_text(macs_change, "count_change"),
             T("networks_page.metrics.macs_help", effective=pruned.macs_effective),
             change_style(macs_change, higher_is_better=False))
    with columns[3]:
        card("size", T("networks_page.metrics.kilobytes", value=pruned.bytes_dense / 1000),
             delta_text(size_change, "kilobytes_change"),
             T("networks_page.metrics.size_help",
               sparse=T("networks_page.metrics.kilobytes", value=pruned.bytes_sparse / 1000)),
             change_style(size_change, higher_is_better=False))
    with columns[4]:
        latency_card(dense.latency, pruned.latency, pruned.latency_sparse)
    result = report.result
    summary = T("networks_page.metrics.achieved", achieved=result.amount_achieved,
                requested=result.amount_requested,
                unit=T(f"networks_page.unit.{result.unit}"), weights=report.weight_sparsity)
    if result.finetune_epochs:
        summary += T("networks_page.metrics.finetuned", epochs=result.finetune_epochs)
    st.caption(summary)


# ---- the figures --------------------------------------------------------------------

def layer_names(model: str) -> list[str]:
    return [name for name, _ in prunable_layers(model_source(model).model)]


beside_text = partial(layout.beside_text, height=CHART_HEIGHT, widths=SIDE_TEXT)


def show_histogram(report: NetworkReport) -> None:
    model = report.request.model
    layer_column, log_column = st.columns([2, 1], vertical_alignment="bottom")
    with layer_column:
        layer = widgets.radio(
            T("networks_page.histogram.layer"), f"hist_{model}",
            [ALL_LAYERS, *layer_names(model)], horizontal=True,
            format_func=lambda name: T("networks_page.histogram.all_layers")
            if name == ALL_LAYERS else name,
            help=T("networks_page.histogram.layer_help"))
    with log_column:
        log_count = widgets.toggle(T("networks_page.histogram.log_count"), "log", False,
                                   help=T("networks_page.histogram.log_count_help"))
    figure = histogram_figure(figure_key(report.request),
                              None if layer == ALL_LAYERS else layer, log_count, language(),
                              report)
    beside_text(figure, T("networks_page.histogram.explanation"))


def show_heatmap(report: NetworkReport) -> None:
    model = report.request.model
    layer_column, values_column = st.columns([2, 1])
    with layer_column:
        layer = widgets.radio(T("networks_page.heatmap.layer"), f"layer_{model}",
                              layer_names(model), horizontal=True,
                              help=T("networks_page.heatmap.layer_help"))
    with values_column:
        values = widgets.radio(T("networks_page.heatmap.values"), "colour", HEATMAP_VALUES,
                               horizontal=True,
                               format_func=lambda v: T(f"networks_page.heatmap.values_{v}"),
                               help=T("networks_page.heatmap.values_help"))
    figure = heatmap_figure(figure_key(report.request), layer, values, language(), report)
    beside_text(figure, T("networks_page.heatmap.explanation"))


def show_layer_bars(report: NetworkReport) -> None:
    beside_text(layer_bars_figure(figure_key(report.request), language(), report),
                T("networks_page.bars.explanation"))


def show_download(report: NetworkReport) -> None:
    st.subheader(T("networks_page.download.title"))
    request = report.request
    physical = TECHNIQUES[request.technique].physical
    stem = f"{request.model}_{request.technique}_{round(100 * request.sparsity)}"
    model = report.result.model
    st.download_button(
        T("networks_page.download.button"),
        lambda: pruned_model_file(model, physical, stem).data,
        file_name=model_file_name(stem, physical), mime="application/octet-stream",
        icon=":material/download:", on_click="ignore",
        help=T("networks_page.download.help_whole_model" if physical
               else "networks_page.download.help_state_dict"))


VIEWS = {"histogram": show_histogram, "heatmap": show_heatmap, "layers": show_layer_bars}


def show_chosen_view(report: NetworkReport) -> None:
    """One figure at a time: each slider move builds and draws only the one in view."""
    st.subheader(T("networks_page.view.title"))
    view = widgets.radio(T("networks_page.view.label"), "view", list(VIEWS), horizontal=True,
                         format_func=lambda name: T(f"networks_page.view.{name}"),
                         help=T("networks_page.view.help"))
    VIEWS[view](report)


@st.fragment
def explore(model: str, technique: str, options: dict) -> None:
    """The sparsity slider and everything it changes (reruns alone when it moves)."""
    report = None
    with shown_errors():
        sparsity, timed = choose_sparsity(technique)
        request = NetworkRequest(model, technique, sparsity, measure_latency=timed, **TIMING,
                                 **options)
        with st.spinner(T("networks_page.spinner.pruning")):
            report = network_report(request)
        show_metrics(report)
    if report is None:
        return
    for section in (show_chosen_view, show_download):
        with shown_errors():
            section(report)


require_app_shell()
st.title(T("networks_page.title"))
st.markdown(T("networks_page.intro"))
with shown_errors():
    network_upload_form("model", SAMPLE_MODELS[0])
with shown_errors():
    chosen_model, chosen_technique = choose_model_and_technique()
    chosen_options = choose_options(chosen_technique)
    explore(chosen_model, chosen_technique, chosen_options)
