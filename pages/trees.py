"""Decision trees: grow a tree, prune it, and compare the tree before and after.

Widgets -> plain request (SplitRequest, method, TreeOptions) -> cached backend result
-> figure builders -> page. The part the sliders change runs as a fragment, so moving
a slider reruns only that part. A CSV uploaded in the "Use your own data" expander
joins the data-set picker for this session (ui.uploads).
"""
import hashlib
from dataclasses import replace
from functools import partial
from typing import Callable

import streamlit as st

from pruning.data import DATASET_NAMES
from pruning.display import diagram_svg, distinct_labels
from pruning.trees import CRITERIA, TREE_METHODS, TreeOptions, TreeResult
from ui import widgets
from ui.errors import shown_errors
from ui.shell import require_app_shell
from ui.text import T, language
from ui.tree_results import (SplitRequest, alpha_curve_figure, alpha_path, can_render_svg,
                             depth_curve_figure, diagram_image, diagram_names, diagram_source,
                             regions_figure, shown_diagrams, split_sizes, tree_result)
from ui.uploads import (dataset_caption, dataset_choices, dataset_upload_form, show_notices,
                        uploaded_datasets)

# "Before" is always the unpruned tree, so "no pruning" is not offered as a method.
PAGE_METHODS = [key for key in TREE_METHODS if key != "none"]
DEFAULT_DATASET = "breast_cancer"
DEFAULT_TEST_SIZE, DEFAULT_VAL_SIZE = 0.25, 0.25
DEFAULT_MAX_DEPTH = 3
DEFAULT_DISPLAY_DEPTH = 3
MANY_CLASSES = 4  # from this many classes boxes get wide: draw one level fewer by default
MAX_MIN_SAMPLES_LEAF = 50
CHART_HEIGHT = 540
SIDE_TEXT = [3, 1]  # chart width : explanation width


# ---- widget helpers ---------------------------------------------------------------

def data_key(name: str, split: SplitRequest, criterion: str) -> str:
    """URL key of a widget whose range depends on the grown tree, e.g. ``alpha_moons``.

    Other data (or other split / tree settings, as a short digest) get another key, so a
    value the previous data left in the URL is never mistaken for a bad link.
    """
    settings = (split.test_size, split.val_size, split.seed, split.stratify, criterion)
    if settings == (DEFAULT_TEST_SIZE, 0.0, 0, True, "gini"):
        return f"{name}_{split.dataset}"
    digest = hashlib.sha1(repr(settings).encode()).hexdigest()[:6]
    return f"{name}_{split.dataset}_{digest}"


def method_name(key: str) -> str:
    return TREE_METHODS[key].name(language())


# ---- the request: data set, method, split and tree settings -----------------------

def choose_data_and_method() -> tuple[str, str, dict]:
    """Data set and method side by side; split and tree settings folded below."""
    data_column, method_column = st.columns([5, 7], gap="large")
    with data_column:
        choices = dataset_choices()
        dataset = widgets.selectbox(T("trees_page.dataset"), "dataset", list(choices),
                                    index=DATASET_NAMES.index(DEFAULT_DATASET),
                                    format_func=choices.__getitem__,
                                    help=T("trees_page.dataset_help"))
        upload = uploaded_datasets().get(dataset)
        if upload is not None:
            st.caption(dataset_caption(upload))
            show_notices(upload.notices)
    with method_column:
        method = widgets.radio(T("trees_page.method"), "method", PAGE_METHODS,
                               format_func=method_name, horizontal=True,
                               help=T("trees_page.method_help"))
    with st.expander(T("trees_page.settings.title"), icon=":material/tune:"):
        size_column, seed_column, criterion_column, stratify_column = st.columns(4, gap="medium")
        with size_column:
            test_size = widgets.slider(T("trees_page.settings.test_size"), "test_size",
                                       0.1, 0.5, DEFAULT_TEST_SIZE, step=0.05,
                                       help=T("trees_page.settings.test_size_help"))
        with seed_column:
            seed = widgets.number_input(T("trees_page.settings.seed"), "seed", 0, 9999, 0,
                                        step=1, help=T("trees_page.settings.seed_help"))
        with criterion_column:
            criterion = widgets.selectbox(
                T("trees_page.settings.criterion"), "criterion", CRITERIA,
                format_func=lambda name: T(f"trees_page.settings.criterion_{name}"),
                help=T("trees_page.settings.criterion_help"))
        with stratify_column:
            stratify = widgets.toggle(T("trees_page.settings.stratify"), "stratify", True,
                                      help=T("trees_page.settings.stratify_help"))
    st.info(T("trees_page.how_it_works",
              explanation=TREE_METHODS[method].explanation(language())),
            icon=":material/school:")
    settings = {"test_size": test_size, "seed": int(seed), "stratify": stratify,
                "criterion": criterion}
    return dataset, method, settings


# ---- each method's own controls -> (split, options, curve figure, curve text) -----

def pre_pruning_controls(split: SplitRequest, base: TreeOptions):
    full = tree_result(split, "none", base)
    most = max(full.n_leaves, 3)
    with st.container(horizontal=True, gap="large"):
        max_depth = widgets.slider(T("trees_page.controls.max_depth"),
                                   data_key("max_depth", split, base.criterion), 1,
                                   max(full.depth, 2), min(DEFAULT_MAX_DEPTH, full.depth),
                                   help=T("trees_page.controls.max_depth_help"))
        min_samples_leaf = widgets.slider(T("trees_page.controls.min_samples_leaf"),
                                          "min_samples_leaf", 1, MAX_MIN_SAMPLES_LEAF, 1,
                                          help=T("trees_page.controls.min_samples_leaf_help"))
        max_leaves = widgets.slider(T("trees_page.controls.max_leaf_nodes"),
                                    data_key("max_leaf_nodes", split, base.criterion), 2,
                                    most, most,
                                    help=T("trees_page.controls.max_leaf_nodes_help"))
    options = replace(base, max_depth=max_depth, min_samples_leaf=min_samples_leaf,
                      max_leaf_nodes=None if max_leaves >= full.n_leaves else max_leaves)
    # The curve is the map of every depth: it does not mark the chosen one, so moving
    # the slider leaves it as it is (a changed plotly figure is redrawn whole in the
    # browser, the largest part of a slider step); the cards show the chosen tree.
    curve = depth_curve_figure(split, replace(options, max_depth=None), language())
    return split, options, curve, T("trees_page.curve.depth_explanation")


def cost_complexity_controls(split: SplitRequest, base: TreeOptions):
    with st.spinner(T("trees_page.spinner.path")):
        rows = alpha_path(split, base)
    labels = distinct_labels([row["ccp_alpha"] for row in rows])
    chosen = widgets.select_slider(T("trees_page.controls.alpha"),
                                   data_key("alpha", split, base.criterion), labels,
                                   value=labels[len(labels) // 2],
                                   help=T("trees_page.controls.alpha_help"))
    step = labels.index(chosen)
    st.caption(T("trees_page.controls.alpha_step", step=step + 1, steps=len(rows),
                 alpha=chosen, n_leaves=rows[step]["n_leaves"]))
    alpha = rows[step]["ccp_alpha"]
    return split, replace(base, ccp_alpha=alpha), \
        alpha_curve_figure(split, base, language()), \
        T("trees_page.curve.alpha_explanation")


def reduced_error_controls(split: SplitRequest, base: TreeOptions):
    size_column, _ = st.columns([1, 2])
    with size_column:
        val_size = widgets.slider(T("trees_page.controls.val_size"), "val_size", 0.1, 0.5,
                                  DEFAULT_VAL_SIZE, step=0.05,
                                  help=T("trees_page.controls.val_size_help"))
    split = replace(split, val_size=val_size)
    return split, base, depth_curve_figure(split, base, language()), \
        T("trees_page.curve.reduced_error_explanation")


def default_controls(split: SplitRequest, base: TreeOptions):
    """A method registered without controls of its own: its defaults, the depth curve."""
    return split, base, depth_curve_figure(split, base, language()), \
        T("trees_page.curve.depth_explanation")


METHOD_CONTROLS = {
    "pre": pre_pruning_controls,
    "cost_complexity": cost_complexity_controls,
    "reduced_error": reduced_error_controls,
}


# ---- what the page shows ----------------------------------------------------------

def percent(fraction: float) -> str:
    return T("trees_page.metrics.percent", value=100.0 * fraction)


def points(after: float, before: float):
    change = round(100.0 * (after - before), 1)
    return 0 if change == 0 else T("trees_page.metrics.points", value=change)


def show_metrics(result: TreeResult, split: SplitRequest) -> None:
    st.subheader(T("trees_page.metrics.title"))
    st.caption(T("trees_page.metrics.caption") + " "
               + T("trees_page.settings.split_sizes", **split_sizes(split)))
    full, before = result.full_tree, result.full_accuracies
    size_cards = [
        ("nodes", result.n_nodes, result.n_nodes - full.n_nodes, "inverse"),
        ("leaves", result.n_leaves, result.n_leaves - full.n_leaves, "inverse"),
        ("depth", result.depth, result.depth - full.depth, "inverse"),
    ]
    accuracy_cards = [("train", percent(result.train_accuracy),
                       points(result.train_accuracy, before["train_accuracy"]), "normal")]
    if result.val_accuracy is not None:
        accuracy_cards.append(("val", percent(result.val_accuracy),
                               points(result.val_accuracy, before["val_accuracy"]), "normal"))
    accuracy_cards.append(("test", percent(result.test_accuracy),
                           points(result.test_accuracy, before["test_accuracy"]), "normal"))
    for cards in (size_cards, accuracy_cards):  # two rows: cards stay wide enough to read
        with st.container(horizontal=True):
            for name, value, delta, colour in cards:
                st.metric(T(f"trees_page.metrics.{name}"), value, delta, delta_color=colour,
                          help=T(f"trees_page.metrics.{name}_help"), border=True,
                          delta_description=T("trees_page.metrics.versus_full"))


def download_buttons(name: str, dot_source: Callable[[], str]) -> None:
    """DOT and SVG downloads of a diagram, built only when a button is clicked."""
    with st.container(horizontal=True):
        st.download_button(T("trees_page.diagrams.download_dot"), dot_source,
                           file_name=f"{name}.dot", mime="text/vnd.graphviz",
                           icon=":material/download:", on_click="ignore",
                           help=T("trees_page.diagrams.download_dot_help"),
                           key=f"download_{name}_dot")
        if can_render_svg():
            st.download_button(T("trees_page.diagrams.download_svg"),
                               lambda: diagram_svg(dot_source()), file_name=f"{name}.svg",
                               mime="image/svg+xml", icon=":material/download:",
                               on_click="ignore", help=T("trees_page.diagrams.download_svg_help"),
                               key=f"download_{name}_svg")


def show_diagram(dot_source: str) -> None:
    """Drawn by ``dot`` on the server when it is installed (the browser only shows an
    image, so sliders stay quick); otherwise laid out in the browser."""
    svg = diagram_image(dot_source) if can_render_svg() else None
    if svg is None:
        st.graphviz_chart(dot_source, width="stretch")
    else:
        st.image(svg, width="stretch")


def show_diagrams(result: TreeResult, split: SplitRequest, method: str,
                  options: TreeOptions) -> None:
    st.subheader(T("trees_page.diagrams.title"))
    full = result.full_tree
    text_column, control_column = st.columns([2, 1], gap="large")
    with text_column:
        st.markdown(T("trees_page.diagrams.explanation"))
    with control_column:
        levels = DEFAULT_DISPLAY_DEPTH - (split.data().n_classes >= MANY_CLASSES)
        display_depth = widgets.slider(
            T("trees_page.controls.display_depth"),
            data_key("display_depth", split, options.criterion), 1, max(full.depth, 2),
            min(levels, full.depth), help=T("trees_page.controls.display_depth_help"))
        stacked = widgets.toggle(T("trees_page.controls.stacked"), "stacked", False,
                                 help=T("trees_page.controls.stacked_help"))
    before, after = shown_diagrams(split, method, options, display_depth, language())
    names = diagram_names(split, language())
    before_area, after_area = (st.container(), st.container()) if stacked \
        else st.columns(2, gap="large")
    with before_area:
        st.markdown("#### " + T("trees_page.diagrams.before", n_leaves=full.n_leaves,
                                depth=full.depth))
        show_diagram(before)
        download_buttons("tree_before",
                         partial(diagram_source, result, names, "before", labels="full"))
        if result.cut_nodes is None:
            st.caption(T("trees_page.diagrams.not_a_subtree"))
    with after_area:
        st.markdown("#### " + T("trees_page.diagrams.after", method=method_name(result.method),
                                n_leaves=result.n_leaves, depth=result.depth))
        show_diagram(after)
        download_buttons("tree_after", partial(diagram_source, result, names, "after"))
    if not can_render_svg():
        st.caption(T("trees_page.diagrams.svg_unavailable"))


def show_curve(figure, explanation: str) -> None:
    st.subheader(T("trees_page.curve.title"))
    chart_column, text_column = st.columns(SIDE_TEXT, gap="large")
    with chart_column:
        st.plotly_chart(figure, height=CHART_HEIGHT)
    with text_column:
        st.markdown(explanation)


def show_regions(split: SplitRequest, method: str, options: TreeOptions) -> None:
    st.subheader(T("trees_page.regions.title"))
    if split.data().n_features != 2:
        st.info(T("trees_page.regions.only_two_d"), icon=":material/scatter_plot:")
        return
    chart_column, text_column = st.columns(SIDE_TEXT, gap="large")
    with chart_column:
        with st.spinner(T("trees_page.spinner.regions")):
            figure = regions_figure(split, method, options, language())
        st.plotly_chart(figure, height=CHART_HEIGHT)
    with text_column:
        st.markdown(T("trees_page.regions.explanation"))


@st.fragment
def explore(dataset: str, method: str, settings: dict) -> None:
    """The method's sliders and everything they change (reruns alone when they move)."""
    split = SplitRequest(dataset, test_size=settings["test_size"], seed=settings["seed"],
                         stratify=settings["stratify"])
    base = TreeOptions(criterion=settings["criterion"], seed=settings["seed"])
    controls = METHOD_CONTROLS.get(method, default_controls)
    result = None
    with shown_errors():
        split, options, curve, curve_text = controls(split, base)
        result = tree_result(split, method, options)  # one tree: well under a second
        show_metrics(result, split)
    if result is None:
        return
    with shown_errors():
        show_diagrams(result, split, method, options)
    with shown_errors():
        show_curve(curve, curve_text)
    with shown_errors():
        show_regions(split, method, options)


require_app_shell()
st.title(T("trees_page.title"))
st.markdown(T("trees_page.intro"))
with shown_errors():
    dataset_upload_form("dataset", DEFAULT_DATASET)
with shown_errors():
    chosen_dataset, chosen_method, chosen_settings = choose_data_and_method()
    explore(chosen_dataset, chosen_method, chosen_settings)
