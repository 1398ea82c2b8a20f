"""The neural-networks page, headless: app.py, then /networks.

Numbers on the cards and in the figures are compared with the backend run directly
(run_network / prune_network), the trusted reference.
"""
from __future__ import annotations

import pytest
import torch

from pruning.experiment import NetworkRequest, run_network
from pruning.i18n import t
from pruning.models import load_sample_model
from pruning.nn import prunable_layers, prune_network
from tests.app_pages import chart_titled, metrics, notices, page_opener, rerun

PAGE = "pages/networks.py"
ACCURACY, PARAMS, MACS, SIZE, LATENCY = (t(f"networks_page.metrics.{name}") for name in
                                         ("accuracy", "params", "macs", "size", "latency"))


@pytest.fixture
def open_page(monkeypatch):
    return page_opener(monkeypatch, PAGE)


def histogram(at) -> dict:
    return chart_titled(at, t("figures.nn.histogram.title",
                              scope=t("figures.nn.all_layers")))


def heatmap(at, layer: str) -> dict:
    """The heatmap of ``layer`` (switching the view to it first if needed)."""
    if at.radio(key="view").value != "heatmap":
        rerun(at.radio(key="view").set_value("heatmap"))
    return chart_titled(at, t("figures.nn.heatmap.title", layer=layer))


def show(at, view: str):
    return rerun(at.radio(key="view").set_value(view))


def zero_weights(model) -> int:
    return sum(int((module.weight == 0).sum()) for _, module in prunable_layers(model))


def test_default_view_shows_cards_figures_and_download(open_page):
    at = open_page()
    cards = metrics(at)
    assert set(cards) == {ACCURACY, PARAMS, MACS, SIZE, LATENCY}
    report = run_network(NetworkRequest("mlp", "magnitude_global", 0.5))
    assert cards[ACCURACY][0] == f"{100 * report.pruned.accuracy['test']:.1f}%"
    assert cards[PARAMS][0] == f"{report.pruned.params_nonzero:,}"
    assert cards[PARAMS][1] == f"{report.pruned.params_nonzero - report.dense.params_nonzero:+,}"
    assert cards[LATENCY][0] == t("networks_page.metrics.latency_off")  # timed on request
    assert histogram(at)["layout"]["meta"]["zeros"] == zero_weights(report.result.model)
    assert len(at.get("plotly_chart")) == 1  # one view at a time
    assert heatmap(at, "fc1")["data"][0]["type"] == "heatmap"
    bars = chart_titled(show(at, "layers"), t("figures.nn.bars.title"))
    assert bars["data"][0]["y"] == pytest.approx([100 * layer.sparsity
                                                  for layer in report.result.layers])
    download = at.get("download_button")[0].proto
    assert download.label == t("networks_page.download.button")
    assert "state_dict" in download.help or "state dict" in download.help


def test_moving_the_slider_changes_cards_and_figures(open_page):
    at = open_page()
    before_cards, before_hist = metrics(at), histogram(at)
    before_heat = heatmap(at, "fc1")
    show(at, "histogram")
    rerun(at.slider(key="sparsity").set_value(90))
    after_cards, after_hist = metrics(at), histogram(at)
    assert after_cards[ACCURACY] != before_cards[ACCURACY]
    reference = prune_network(load_sample_model("mlp").model, "magnitude_global", 0.9).model
    assert after_hist["layout"]["meta"]["zeros"] == zero_weights(reference)
    assert after_hist["layout"]["meta"]["zeros"] > before_hist["layout"]["meta"]["zeros"]
    # the "before" bars are the unpruned model's and stay put; the "after" bars move
    assert after_hist["data"][0]["y"] == before_hist["data"][0]["y"]
    assert after_hist["data"][1]["y"] != before_hist["data"][1]["y"]
    assert heatmap(at, "fc1")["data"][0]["z"] != before_heat["data"][0]["z"]
    assert after_cards[LATENCY][0] == t("networks_page.metrics.latency_off")


def test_latency_is_measured_when_switched_on_with_its_spread_in_the_help(open_page):
    at = open_page(latency="true")
    card = next(m for m in at.metric if m.label == LATENCY)
    assert card.value.endswith(" ms") and float(card.value.split()[0]) > 0
    assert "quartiles" in card.proto.help and "10 repeats" in card.proto.help
    assert "CSR" in card.proto.help  # the fully connected model has a sparse twin


def test_physical_removal_lowers_macs_and_downloads_the_whole_model(open_page):
    at = open_page()
    rerun(at.selectbox(key="technique").set_value("structured_physical"))
    cards = metrics(at)
    report = run_network(NetworkRequest("mlp", "structured_physical", 0.5))
    assert cards[MACS][0] == f"{report.pruned.macs:,}"
    assert report.pruned.macs < report.dense.macs and cards[MACS][1].startswith("-")
    names = [trace.get("name") for trace in heatmap(at, "fc1")["data"]]
    assert t("figures.nn.heatmap.removed") in names
    assert at.get("download_button")[0].proto.help == t("networks_page.download.help_whole_model")
    assert at.radio(key="norm")  # the Ln norm is offered for structured magnitude


def test_options_are_offered_only_where_they_apply(open_page):
    at = open_page()
    keys = {widget.key for widget in at.radio} | {widget.key for widget in at.slider}
    assert not keys & {"norm", "criterion", "steps", "schedule"}
    rerun(at.selectbox(key="technique").set_value("activation"))
    assert at.radio(key="criterion").value == "apoz"
    before = metrics(at)[ACCURACY]
    rerun(at.radio(key="criterion").set_value("mean"))
    assert metrics(at)[ACCURACY] != before


def test_switching_model_changes_layers_and_numbers(open_page):
    at = open_page()
    rerun(at.selectbox(key="model").set_value("cnn"))
    report = run_network(NetworkRequest("cnn", "magnitude_global", 0.5))
    assert metrics(at)[PARAMS][0] == f"{report.pruned.params_nonzero:,}"
    spec = heatmap(at, "conv1")
    assert spec["layout"]["meta"]["shape"] == [16, 1]  # output x input channels
    assert at.radio(key="layer_cnn").options == ["conv1", "conv2", "conv3", "out"]


def test_a_link_opens_that_view(open_page):
    at = open_page(sparsity="80", log="true")
    assert at.slider(key="sparsity").value == 80
    assert at.toggle(key="log").value is True
    assert histogram(at)["layout"]["yaxis"]["type"] == "log"
    reference = run_network(NetworkRequest("mlp", "magnitude_global", 0.8))
    assert metrics(at)[PARAMS][0] == f"{reference.pruned.params_nonzero:,}"
    assert notices(at) == []


def test_a_link_chooses_model_technique_and_view_by_their_keys(open_page):
    at = open_page(model="cnn", technique="structured_physical", norm="2", view="heatmap",
                   layer_cnn="conv2")
    assert at.selectbox(key="model").value == "cnn"
    assert at.selectbox(key="technique").value == "structured_physical"
    assert at.radio(key="norm").value == 2
    report = run_network(NetworkRequest("cnn", "structured_physical", 0.5, norm=2))
    assert metrics(at)[PARAMS][0] == f"{report.pruned.params_nonzero:,}"
    assert heatmap(at, "conv2")
    assert notices(at) == []


@pytest.mark.parametrize("key, value", [("sparsity", "250"), ("latency", "maybe"),
                                        ("technique", "bogus")])
def test_a_bad_link_value_shows_a_notice_and_the_default_view(open_page, key, value):
    at = open_page(**{key: value})
    assert any(key in notice and value in notice for notice in notices(at)), notices(at)
    assert at.slider(key="sparsity").value == 50
    assert histogram(at)


def test_the_loaded_original_is_never_modified(open_page):
    original = load_sample_model("mlp").model.state_dict()
    from pruning.experiment import sample_with_data  # the process-wide original pages use

    at = open_page()
    rerun(at.slider(key="sparsity").set_value(95))
    cached = sample_with_data("mlp")[0].model.state_dict()
    assert all(torch.equal(original[name], cached[name]) for name in original)
