"""The neural-networks page in a real browser (/networks).

URL keys (see pages/networks.py): ``model`` and ``technique`` (choices, kept in the URL by
their option keys), ``sparsity`` (percent), ``finetune``, ``epochs``, ``latency``,
and the figure controls ``hist_<model>``, ``layer_<model>``, ``colour``, ``log``.
"""
import re

from pruning.i18n import t
from pruning.nn import TECHNIQUES
from tests.browser.conftest import (assert_no_error, assert_plotly_charts, metric_value,
                                    notices, open_page, press_and_wait_for_change, screenshot,
                                    selectbox_value, slider_thumb)

CHARTS = 3  # weight histogram, mask heatmap, per-layer bars


def label(key: str) -> str:
    return t(key, "en")


def count(text: str) -> int:
    return int(text.replace(",", "").strip())


def test_networks_page_shows_metrics_and_draws_every_chart(page, app_url):
    open_page(page, f"{app_url}/networks")
    assert_no_error(page)
    assert_plotly_charts(page, CHARTS)
    assert count(metric_value(page, label("networks_page.metrics.params")).inner_text()) > 0
    screenshot(page, "networks")


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
    assert_plotly_charts(page, CHARTS)


def test_a_link_with_model_technique_and_sparsity_opens_that_view(page, app_url):
    open_page(page, f"{app_url}/networks?model=cnn&technique=structured_physical&sparsity=30")
    model = label("sample_model.cnn")
    technique = TECHNIQUES["structured_physical"].name("en")
    assert_no_error(page)
    assert notices(page) == []
    assert selectbox_value(page, label("networks_page.model")) == model
    assert selectbox_value(page, label("networks_page.technique")) == technique
    # a structured technique removes channels: the slider says so
    channels = slider_thumb(page, label("networks_page.sparsity.label_channels"))
    assert channels.input_value() == "30"
    assert "model=cnn" in page.url and "technique=structured_physical" in page.url
    assert_plotly_charts(page, CHARTS)


def test_a_bad_link_value_shows_a_notice_and_the_default_view(page, app_url):
    open_page(page, f"{app_url}/networks?model=no_such_model&sparsity=150")
    assert_no_error(page)
    shown = " ".join(notices(page))
    assert re.search(r"no_such_model.*model", shown), shown
    assert re.search(r"150.*sparsity", shown), shown
    assert selectbox_value(page, label("networks_page.model")) == label("sample_model.mlp")
    assert slider_thumb(page, label("networks_page.sparsity.label_weights")).input_value() == "50"
    assert_plotly_charts(page, CHARTS)
