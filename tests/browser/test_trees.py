"""The decision-trees page in a real browser (/trees).

URL keys (see pages/trees.py): ``dataset`` and ``method`` (a choice is kept in the URL by
its option key, e.g. ``dataset=moons``: see ui/widgets.py); the tree-size sliders are keyed
per data set, e.g. ``max_depth_breast_cancer``, ``alpha_moons``, ``display_depth_wine``.
"""
import re

from pruning.i18n import t
from pruning.trees import TREE_METHODS
from tests.browser.conftest import (assert_diagrams, assert_no_emoji, assert_no_error,
                                    assert_plotly_charts, metric_value, notices, open_page,
                                    press_and_wait_for_change, radio_value, screenshot,
                                    selectbox_value, slider_thumb)


def label(key: str) -> str:
    return t(key, "en")


def test_trees_page_draws_both_diagrams_the_curve_and_the_metrics(page, app_url):
    open_page(page, f"{app_url}/trees")
    assert_no_error(page)
    assert_no_emoji(page)
    assert_diagrams(page, 2)  # before and after
    assert_plotly_charts(page, 1)  # accuracy against depth (no regions: data not 2-D)
    assert metric_value(page, label("trees_page.metrics.nodes")).inner_text().strip().isdigit()
    screenshot(page, "trees")


def test_moving_the_depth_slider_with_the_keyboard_regrows_the_tree(page, app_url):
    open_page(page, f"{app_url}/trees")
    depth = slider_thumb(page, label("trees_page.controls.max_depth"))
    nodes = metric_value(page, label("trees_page.metrics.nodes"))
    start = int(depth.input_value())

    before, after = press_and_wait_for_change(page, depth, "ArrowRight", nodes)
    assert int(depth.input_value()) == start + 1
    assert int(after) > int(before)  # a deeper limit lets the tree grow more nodes
    assert f"max_depth_breast_cancer={start + 1}" in page.url  # the view is in the link

    _, back = press_and_wait_for_change(page, depth, "ArrowLeft", nodes)
    assert back == before
    assert_no_error(page)


def test_a_larger_alpha_on_the_pruning_path_leaves_fewer_leaves(page, app_url):
    open_page(page, f"{app_url}/trees")
    page.get_by_text(TREE_METHODS["cost_complexity"].name("en"), exact=True).click()
    alpha = slider_thumb(page, label("trees_page.controls.alpha"))
    alpha.wait_for()
    leaves = metric_value(page, label("trees_page.metrics.leaves"))
    leaves.wait_for()

    before, after = press_and_wait_for_change(page, alpha, "ArrowRight", leaves)
    assert int(after) < int(before)
    assert_no_error(page)


def test_a_link_with_numbers_opens_that_tree(page, app_url):
    open_page(page, f"{app_url}/trees?max_depth_breast_cancer=2&display_depth_breast_cancer=2")
    assert_no_error(page)
    assert slider_thumb(page, label("trees_page.controls.max_depth")).input_value() == "2"
    assert metric_value(page, label("trees_page.metrics.depth")).inner_text().strip() == "2"
    assert notices(page) == []


def test_a_link_with_a_data_set_and_a_method_opens_that_view(page, app_url):
    open_page(page, f"{app_url}/trees?dataset=moons&method=cost_complexity")
    assert_no_error(page)
    assert notices(page) == []
    assert label("data.dataset.moons") == selectbox_value(page, label("trees_page.dataset"))
    method = TREE_METHODS["cost_complexity"].name("en")
    assert radio_value(page, label("trees_page.method")) == method
    assert "dataset=moons" in page.url and "method=cost_complexity" in page.url
    # the slider lives in a fragment that may be drawn just after the run ends
    slider_thumb(page, label("trees_page.controls.alpha")).wait_for(state="attached")
    assert slider_thumb(page, label("trees_page.controls.alpha")).count() == 1
    assert_plotly_charts(page, 2)  # the alpha curve and the 2-D decision regions


def test_a_bad_link_value_shows_a_notice_and_the_default_view(page, app_url):
    open_page(page, f"{app_url}/trees?dataset=no_such_data&max_depth_breast_cancer=99")
    assert_no_error(page)
    shown = " ".join(notices(page))
    assert re.search(r"no_such_data.*dataset", shown), shown
    assert re.search(r"99.*max_depth_breast_cancer", shown), shown
    default_dataset = label("data.dataset.breast_cancer")
    assert default_dataset == selectbox_value(page, label("trees_page.dataset"))
    assert_diagrams(page, 2)
