"""The trade-offs page in a real browser (/tradeoffs).

URL keys (see pages/tradeoffs.py): ``model``, ``techniques`` (one ``techniques=`` per
choice), ``grid``, and the chart controls ``x``, ``storage``, ``latency_x``; choices are
kept in the URL by their option keys (e.g. ``model=cnn``).
"""
import re
from urllib.parse import urlencode

from pruning.i18n import t
from pruning.nn import TECHNIQUES
from tests.browser.conftest import (assert_multiselect_values, assert_no_emoji,
                                    assert_no_error, assert_plotly_charts, notices, open_page,
                                    radio_value, screenshot, selectbox_value)

CHARTS = 4  # accuracy vs sparsity, vs latency, vs size; latency vs cost
DEFAULT_TECHNIQUES = ("random", "magnitude_global", "structured_masked", "structured_physical")


def label(key: str) -> str:
    return t(key, "en")


def technique(key: str) -> str:
    return TECHNIQUES[key].name("en")


def test_tradeoffs_page_sweeps_the_default_techniques_and_draws_every_chart(page, app_url):
    open_page(page, f"{app_url}/tradeoffs")
    assert_no_error(page)
    assert_no_emoji(page)
    assert_multiselect_values(page, label("tradeoffs_page.techniques"),
                              [technique(key) for key in DEFAULT_TECHNIQUES])
    assert_plotly_charts(page, CHARTS)
    page.locator("[data-testid=stDataFrame]").first.wait_for(state="attached")
    assert page.locator("[data-testid=stDataFrame]").count() == 1  # every measured point
    screenshot(page, "tradeoffs")


def test_a_link_with_model_techniques_and_grid_opens_that_sweep(page, app_url):
    chosen = ("magnitude_global", "structured_physical")
    query = urlencode([("model", "cnn"), *[("techniques", key) for key in chosen],
                       ("grid", "coarse")])
    open_page(page, f"{app_url}/tradeoffs?{query}")
    assert_no_error(page)
    assert notices(page) == []
    assert selectbox_value(page, label("tradeoffs_page.model")) == label("sample_model.cnn")
    assert_multiselect_values(page, label("tradeoffs_page.techniques"),
                              [technique(key) for key in chosen])
    assert radio_value(page, label("tradeoffs_page.grid")) == label("tradeoffs_page.grid_coarse")
    assert page.url.endswith(f"/tradeoffs?{query}")  # still the link to share
    assert_plotly_charts(page, CHARTS)


def test_a_bad_link_value_shows_a_notice_and_the_default_view(page, app_url):
    open_page(page, f"{app_url}/tradeoffs?model=no_such_model&techniques=no_such_technique")
    assert_no_error(page)
    shown = " ".join(notices(page))
    assert re.search(r"no_such_model.*model", shown), shown
    assert re.search(r"no_such_technique.*techniques", shown), shown
    assert selectbox_value(page, label("tradeoffs_page.model")) == label("sample_model.mlp")
    assert_plotly_charts(page, CHARTS)
