"""The decision-trees page, run headless the way users reach it: app.py, then /trees.

Charts come back as unknown elements whose ``proto.spec`` is the plotly JSON; tree
diagrams as SVG images drawn by ``dot`` (or, without ``dot``, graphviz charts whose
``proto.spec`` is the DOT source). Assertions read those and compare with scikit-learn.
"""
from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import pytest
import streamlit.testing.v1.app_test as app_test_module
from sklearn.tree import DecisionTreeClassifier
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from pruning.data import DATASET_NAMES, TWO_D_DATASETS, load_dataset, split_dataset
from pruning.figures.trees import GREY_FILL
from pruning.display import dot_available
from pruning.i18n import t
from pruning.trees import TREE_METHODS

APP = Path(__file__).resolve().parents[1] / "app.py"
PAGE_METHODS = [key for key in TREE_METHODS if key != "none"]
# A drawn tree node (not a "… N more nodes" box): its id and its attributes.
SVG_NODE = re.compile(r'<g id="node\d+" class="node">\s*<title>(n\d+)</title>(.*?)</g>', re.S)
DOT_NODE = re.compile(r"^\s*(n\d+) \[(.*)$", re.M)
needs_dot = pytest.mark.skipif(not dot_available(), reason="Graphviz's dot is not installed")


class NavigationPagesManager(PagesManager):
    """AppTest re-detects the ``pages/`` folder before every run and then runs a page
    file on its own (old multipage mode); the real server stops doing that as soon as
    app.py calls ``st.navigation``. Keep it off so every run goes through app.py."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@pytest.fixture
def open_page(monkeypatch):
    monkeypatch.setattr(app_test_module, "PagesManager", NavigationPagesManager)

    def open_trees(**query_params) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        at.switch_page("pages/trees.py")
        for key, value in query_params.items():
            at.query_params[key] = value
        return rerun(at)

    return open_trees


def rerun(at_or_widget) -> AppTest:
    """Run the app (after a widget change: ``rerun(widget.set_value(v))``); no failures."""
    at = at_or_widget.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def diagrams(at: AppTest) -> tuple[str, str]:
    """Before and after diagram: SVG text (drawn by dot) or DOT source (graphviz charts)."""
    images = [base64.b64decode(image.proto.imgs[0].url.split(",", 1)[1]).decode()
              for image in at.image]
    sources = images or [chart.proto.spec for chart in at.get("graphviz_chart")]
    before, after = sources
    return before, after


def drawn_nodes(diagram: str) -> dict[str, str]:
    """``{node id: its attributes, lower case}`` of the tree nodes drawn in a diagram."""
    pattern = SVG_NODE if diagram.lstrip().startswith("<?xml") else DOT_NODE
    return {node: attributes.lower() for node, attributes in pattern.findall(diagram)}


def greyed(diagram: str) -> list[str]:
    return [node for node, attributes in drawn_nodes(diagram).items()
            if GREY_FILL.lower() in attributes]


def charts(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def curve(at: AppTest) -> dict:
    return charts(at)[0]


def current_marker_x(figure: dict) -> list:
    marker = [trace for trace in figure["data"] if trace.get("name") == t("trees.figure.current")]
    return marker[0]["x"] if marker else []


def x_title(figure: dict) -> str:
    return figure["layout"]["xaxis"]["title"]["text"]


def show_all_levels(at: AppTest, dataset: str) -> AppTest:
    slider = at.slider(key=f"display_depth_{dataset}")
    return rerun(slider.set_value(slider.max))


def default_split(dataset: str = "breast_cancer", val_size: float = 0.0):
    return split_dataset(load_dataset(dataset), test_size=0.25, val_size=val_size, seed=0,
                         stratify=True)


# ---- every data set, every method ------------------------------------------------

@pytest.mark.parametrize("dataset", DATASET_NAMES)
def test_every_method_runs_on_every_dataset(open_page, dataset):
    at = open_page(dataset=dataset)
    for method in PAGE_METHODS:
        rerun(at.radio(key="method").set_value(method))
        shown = metrics(at)
        assert {t("trees_page.metrics.nodes"), t("trees_page.metrics.test")} <= set(shown)
        assert (t("trees_page.metrics.val") in shown) == (method == "reduced_error")
        before, after = diagrams(at)
        assert drawn_nodes(before) and drawn_nodes(after)
        figures = charts(at)
        assert len(figures) == (2 if dataset in TWO_D_DATASETS else 1)
        notes = [box.value for box in at.info]
        assert (t("trees_page.regions.only_two_d") in notes) == (dataset not in TWO_D_DATASETS)
        assert not at.warning, [w.value for w in at.warning]


# ---- pre-pruning: the depth slider -------------------------------------------------

def test_depth_slider_changes_metrics_and_diagram_but_not_the_curve(open_page):
    # The curve maps every depth; a figure that changed would be redrawn whole in the
    # browser on each slider step, so it must stay byte-for-byte the same.
    at = show_all_levels(open_page(), "breast_cancer")
    depth = at.slider(key="max_depth_breast_cancer")
    shown_before = metrics(at)
    _, after_before = diagrams(at)
    curve_before = curve(at)
    assert current_marker_x(curve_before) == []
    assert sorted(curve_before["data"][0]["x"]) == list(range(1, int(depth.max) + 1))

    rerun(depth.set_value(2))
    split = default_split()
    reference = DecisionTreeClassifier(max_depth=2, random_state=0).fit(split.X_train,
                                                                        split.y_train)
    shown = metrics(at)
    assert shown[t("trees_page.metrics.nodes")] == str(reference.tree_.node_count)
    assert int(shown[t("trees_page.metrics.nodes")]) < int(shown_before[t("trees_page.metrics.nodes")])
    test_accuracy = 100 * reference.score(split.X_test, split.y_test)
    assert shown[t("trees_page.metrics.test")] == f"{test_accuracy:.1f}%"
    _, after = diagrams(at)
    assert len(drawn_nodes(after)) == reference.tree_.node_count < len(drawn_nodes(after_before))
    assert curve(at) == curve_before
    assert x_title(curve(at)) == t("trees.figure.depth_axis")


# ---- cost-complexity: the alpha slider snaps to the pruning path -------------------

def test_alpha_slider_offers_exactly_the_pruning_path(open_page):
    at = open_page(method="cost_complexity")
    alpha_slider = at.select_slider(key="alpha_breast_cancer")
    split = default_split()
    path = DecisionTreeClassifier(random_state=0).cost_complexity_pruning_path(
        split.X_train, split.y_train).ccp_alphas
    distinct = np.unique(path)
    assert len(alpha_slider.options) == len(distinct)
    np.testing.assert_allclose([float(o) for o in alpha_slider.options], distinct, rtol=5e-3)

    curve_before = curve(at)
    step = 3
    rerun(alpha_slider.set_value(alpha_slider.options[step]))
    reference = DecisionTreeClassifier(random_state=0, ccp_alpha=distinct[step]).fit(
        split.X_train, split.y_train)
    assert metrics(at)[t("trees_page.metrics.leaves")] == str(reference.get_n_leaves())
    figure = curve(at)
    assert x_title(figure) == t("trees.figure.alpha_axis")
    assert figure == curve_before and current_marker_x(figure) == []
    assert len(figure["data"][0]["x"]) == len(distinct)


def test_before_diagram_greys_exactly_the_cut_nodes(open_page):
    at = open_page(method="cost_complexity")
    at = show_all_levels(at, "breast_cancer")
    alpha_slider = at.select_slider(key="alpha_breast_cancer")
    rerun(alpha_slider.set_value(alpha_slider.options[-2]))  # a small tree: many cuts
    split = default_split()
    full = DecisionTreeClassifier(random_state=0).fit(split.X_train, split.y_train)
    alpha = np.unique(full.cost_complexity_pruning_path(split.X_train, split.y_train)
                      .ccp_alphas)[-2]
    pruned = DecisionTreeClassifier(random_state=0, ccp_alpha=alpha).fit(split.X_train,
                                                                         split.y_train)
    before, after = diagrams(at)
    assert len(drawn_nodes(before)) == full.tree_.node_count
    assert len(greyed(before)) == full.tree_.node_count - pruned.tree_.node_count > 0
    assert greyed(after) == []


# ---- switching method changes what is shown -----------------------------------------

def test_changing_method_changes_the_figures(open_page):
    at = open_page()
    pre_before, pre_after = diagrams(at)
    assert x_title(curve(at)) == t("trees.figure.depth_axis")

    rerun(at.radio(key="method").set_value("cost_complexity"))
    assert x_title(curve(at)) == t("trees.figure.alpha_axis")
    assert diagrams(at)[1] != pre_after
    assert at.select_slider(key="alpha_breast_cancer")

    rerun(at.radio(key="method").set_value("reduced_error"))
    figure = curve(at)
    assert x_title(figure) == t("trees.figure.depth_axis")
    assert t("trees.figure.val") in [trace.get("name") for trace in figure["data"]]
    assert current_marker_x(figure) == []  # reduced-error has no depth to mark
    assert t("trees_page.metrics.val") in metrics(at)


def test_moons_shows_decision_regions_of_both_trees(open_page):
    at = open_page(dataset="moons")
    regions = charts(at)[1]
    heatmaps = [trace for trace in regions["data"] if trace["type"] == "heatmap"]
    assert len(heatmaps) == 2
    assert heatmaps[0]["z"] != heatmaps[1]["z"]  # pruning changed the predicted regions


# ---- the URL holds the view ---------------------------------------------------------

def test_a_link_opens_the_view_it_describes(open_page):
    split = default_split("moons")
    alphas = np.unique(DecisionTreeClassifier(random_state=0).cost_complexity_pruning_path(
        split.X_train, split.y_train).ccp_alphas)
    at = open_page(dataset="moons", method="cost_complexity")
    label = at.select_slider(key="alpha_moons").options[2]

    at = open_page(dataset="moons", method="cost_complexity",
                   alpha_moons=label, display_depth_moons="2")
    assert at.selectbox(key="dataset").value == "moons"
    assert at.radio(key="method").value == "cost_complexity"
    assert t("data.dataset.moons") in at.selectbox(key="dataset").options
    assert TREE_METHODS["cost_complexity"].name() in at.radio(key="method").options
    assert at.select_slider(key="alpha_moons").value == label
    assert at.slider(key="display_depth_moons").value == 2
    reference = DecisionTreeClassifier(random_state=0, ccp_alpha=alphas[2]).fit(
        split.X_train, split.y_train)
    assert metrics(at)[t("trees_page.metrics.leaves")] == str(reference.get_n_leaves())
    assert not at.warning, [w.value for w in at.warning]


def test_a_link_sets_the_split(open_page):
    at = open_page(test_size="0.4", stratify="false", seed="3")
    assert at.slider(key="test_size").value == 0.4
    assert at.toggle(key="stratify").value is False
    assert at.number_input(key="seed").value == 3
    split = split_dataset(load_dataset("breast_cancer"), test_size=0.4, seed=3, stratify=False)
    assert t("trees_page.settings.split_sizes", **split.describe()) in at.caption[0].value + \
        " ".join(c.value for c in at.caption)
    assert not at.warning, [w.value for w in at.warning]


@pytest.mark.parametrize("key, value", [("method", "bogus"),
                                        ("dataset", "no_such_data"),
                                        ("max_depth_breast_cancer", "99"),
                                        ("test_size", "7")])
def test_a_bad_link_value_shows_a_notice_not_an_error(open_page, key, value):
    at = open_page(**{key: value})
    notices = [w.value for w in at.warning]
    assert any(value in notice and key in notice for notice in notices), notices
    assert at.radio(key="method").value == "pre"  # the default view
    assert all(drawn_nodes(diagram) for diagram in diagrams(at))


def test_other_data_does_not_take_the_previous_alpha_for_a_bad_link(open_page):
    at = open_page(method="cost_complexity")
    # What the browser's URL holds after the user moved the alpha slider:
    at.query_params["alpha_breast_cancer"] = at.select_slider(key="alpha_breast_cancer").options[1]
    rerun(at)
    rerun(at.selectbox(key="dataset").set_value("iris"))
    assert at.select_slider(key="alpha_iris")
    assert not at.warning, [w.value for w in at.warning]


# ---- how the diagrams are drawn and downloaded ----------------------------------------

@needs_dot
def test_diagrams_are_drawn_on_the_server_and_downloadable(open_page):
    at = open_page()
    assert len(at.image) == 2 and not at.get("graphviz_chart")
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels.count(t("trees_page.diagrams.download_dot")) == 2
    assert labels.count(t("trees_page.diagrams.download_svg")) == 2


def test_without_dot_the_browser_draws_the_diagrams(open_page, monkeypatch):
    import ui.tree_results
    monkeypatch.setattr(ui.tree_results, "can_render_svg", lambda: False)
    at = show_all_levels(open_page(method="cost_complexity"), "breast_cancer")
    charts_drawn = at.get("graphviz_chart")
    assert len(charts_drawn) == 2 and not at.image
    before, after = (chart.proto.spec for chart in charts_drawn)
    assert before.startswith("digraph") and greyed(before) and not greyed(after)
    assert len(drawn_nodes(before)) - len(greyed(before)) == len(drawn_nodes(after))
    labels = [button.proto.label for button in at.get("download_button")]
    assert t("trees_page.diagrams.download_svg") not in labels
    assert t("trees_page.diagrams.svg_unavailable") in [c.value for c in at.caption]
