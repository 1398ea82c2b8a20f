"""The neural-networks page in a real browser (/networks).

URL keys (see pages/networks.py): ``model`` and ``technique`` (choices, kept in the URL by
their option keys), ``sparsity`` (percent), ``finetune``, ``epochs``, ``latency``, ``view``
(which figure: ``histogram``, ``heatmap``, ``layers``) and the figure controls
``hist_<model>``, ``layer_<model>``, ``colour``, ``log``.
"""
import re

from pruning.i18n import t
from pruning.nn import TECHNIQUES
from tests.browser.conftest import (assert_no_emoji, assert_no_error, assert_plotly_charts,
                                    metric_value, notices, open_page, plotly_title,
                                    press_and_wait_for_change, radio_value, screenshot,
                                    selectbox_value, slider_thumb, wait_for_change)

VIEWS = ("histogram", "heatmap", "layers")  # one figure at a time, chosen by a radio


def label(key: str) -> str:
    return t(key, "en")


def count(text: str) -> int:
    return int(text.replace(",", "").strip())


def test_networks_page_shows_metrics_and_draws_each_view(page, app_url):
    open_page(page, f"{app_url}/networks")
    assert_no_error(page)
    assert_no_emoji(page)
    assert count(metric_value(page, label("networks_page.metrics.params")).inner_text()) > 0
    assert radio_value(page, label("networks_page.view.label")) == label(
        "networks_page.view.histogram")
    assert_plotly_charts(page, 1)
    screenshot(page, "networks")
    titles = {plotly_title(page).text_content()}
    for view in VIEWS[1:]:
        option = page.locator("[data-testid=stRadioOption]").filter(
            has_text=re.compile(rf"^{re.escape(label(f'networks_page.view.{view}'))}$"))
        wait_for_change(page, plotly_title(page), option.click)
        assert_no_error(page)
        assert_plotly_charts(page, 1)
        titles.add(plotly_title(page).text_content())
        screenshot(page, f"networks_{view}")
    assert len(titles) == len(VIEWS)  # three different figures


def test_moving_the_sparsity_slider_with_the_keyboard_zeroes_more_weights(page, app_url):
    open_page(page, f"{app_url}/networks")
    sparsity = slider_thumb(page, label("networks_page.sparsity.label_weights"))
    nonzero = metric_value(page, label("networks_page.metrics.params"))
    start = int(sparsity.input_value())

    before, after = press_and_wait_for_change(page, sparsity, "ArrowRight", nonzero)
    assert int(sparsity.input_value()) == start + 1
    assert count(after) < count(before)  # one more percent of the weights is zero
    assert f"sparsity={start + 1}" in page.url

    _, back = press_and_wait_for_change(page, sparsity, "ArrowLeft", nonzero)
    assert back == before  # the same request gives the same pruned model
    assert_no_error(page)
    assert_plotly_charts(page, 1)


def test_a_link_with_model_technique_sparsity_and_view_opens_that_view(page, app_url):
    link = "model=cnn&technique=structured_physical&sparsity=30&view=layers"
    open_page(page, f"{app_url}/networks?{link}")
    assert_no_error(page)
    assert notices(page) == []
    assert selectbox_value(page, label("networks_page.model")) == label("sample_model.cnn")
    assert selectbox_value(page, label("networks_page.technique")) == TECHNIQUES[
        "structured_physical"].name("en")
    # a structured technique removes channels: the slider says so
    channels = slider_thumb(page, label("networks_page.sparsity.label_channels"))
    assert channels.input_value() == "30"
    assert radio_value(page, label("networks_page.view.label")) == label(
        "networks_page.view.layers")
    assert_plotly_charts(page, 1)
    assert page.url.endswith(f"/networks?{link}")  # still the link to share


def test_a_bad_link_value_shows_a_notice_and_the_default_view(page, app_url):
    open_page(page, f"{app_url}/networks?model=no_such_model&sparsity=150&view=sideways")
    assert_no_error(page)
    shown = " ".join(notices(page))
    for value, key in (("no_such_model", "model"), ("150", "sparsity"), ("sideways", "view")):
        assert re.search(rf"{value}.*{key}", shown), shown
    assert selectbox_value(page, label("networks_page.model")) == label("sample_model.mlp")
    assert slider_thumb(page, label("networks_page.sparsity.label_weights")).input_value() == "50"
    assert_plotly_charts(page, 1)
