"""The generalisation page in a real browser (/generalisation).

URL keys (see pages/generalisation.py): ``dataset``, ``tree_curve`` and ``network``,
kept in the URL by their option keys (e.g. ``tree_curve=depth``).
"""
import re

from pruning.i18n import t
from tests.browser.conftest import (assert_no_emoji, assert_no_error, assert_plotly_charts,
                                    notices, open_page, radio_value, screenshot,
                                    selectbox_value)

CHARTS = 2  # the tree's curve and the network's curve


def label(key: str) -> str:
    return t(key, "en")


def readings(page) -> int:
    return page.get_by_role("heading", name=label("generalisation_page.reading.title")).count()


def test_generalisation_page_draws_both_curves_and_reads_them(page, app_url):
    open_page(page, f"{app_url}/generalisation")
    assert_no_error(page)
    assert_no_emoji(page)
    assert_plotly_charts(page, CHARTS)
    assert readings(page) == CHARTS  # each curve comes with the numbers of this run in words
    screenshot(page, "generalisation")


def test_a_link_with_data_set_curve_and_network_opens_that_view(page, app_url):
    open_page(page, f"{app_url}/generalisation?dataset=wine&tree_curve=depth&network=mlp")
    assert_no_error(page)
    assert notices(page) == []
    assert selectbox_value(page, label("generalisation_page.tree.dataset")) == label(
        "data.dataset.wine")
    assert radio_value(page, label("generalisation_page.tree.curve")) == label(
        "generalisation_page.tree.curve_depth")
    assert radio_value(page, label("generalisation_page.network.model")) == label(
        "sample_model.mlp")
    assert "tree_curve=depth" in page.url  # still the link to share
    assert_plotly_charts(page, CHARTS)


def test_a_bad_link_value_shows_a_notice_and_the_default_view(page, app_url):
    open_page(page, f"{app_url}/generalisation?dataset=no_such_data&tree_curve=sideways")
    assert_no_error(page)
    shown = " ".join(notices(page))
    assert re.search(r"no_such_data.*dataset", shown), shown
    assert re.search(r"sideways.*tree_curve", shown), shown
    assert selectbox_value(page, label("generalisation_page.tree.dataset")) == label(
        "data.dataset.breast_cancer")
    assert_plotly_charts(page, CHARTS)
