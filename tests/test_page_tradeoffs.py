"""The trade-offs page, headless: app.py, then /tradeoffs, on small sweeps.

Accuracy points are compared with the sweep backend run directly.
"""
from __future__ import annotations

import io

import pandas as pd
import pytest

from pruning.figures.tradeoffs import short_technique_label
from pruning.i18n import t
from pruning.nn import TECHNIQUES
from pruning.sweep import sweep_networks
from tests.app_pages import chart_titled, charts, notices, page_opener, rerun

PAGE = "pages/tradeoffs.py"
CHOSEN = ("magnitude_global", "structured_physical")
COARSE = (0.0, 0.25, 0.5, 0.75, 0.9)


@pytest.fixture
def open_page(monkeypatch):
    return page_opener(monkeypatch, PAGE)


def small_sweep(open_page, model: str | None = None):
    """The page with two techniques on the coarse grid, opened from a link."""
    extra = {} if model is None else {"model": model}
    return open_page(techniques=list(CHOSEN), grid="coarse", **extra)


def legend(key: str) -> str:
    return short_technique_label(key)


def technique_traces(spec: dict) -> list[str]:
    names = {legend(key) for key in TECHNIQUES}
    return [trace["name"] for trace in spec["data"] if trace.get("name") in names]


def test_one_trace_per_chosen_technique_and_accuracies_from_the_sweep(open_page):
    at = small_sweep(open_page)
    assert at.multiselect(key="techniques").value == list(CHOSEN)
    accuracy = chart_titled(at, t("figures.tradeoffs.accuracy_sparsity.title"))
    assert technique_traces(accuracy) == [legend(key) for key in CHOSEN]
    for title in ("accuracy_latency", "accuracy_size"):
        spec = chart_titled(at, t(f"figures.tradeoffs.{title}.title"))
        assert technique_traces(spec) == [legend(key) for key in CHOSEN]
    reference = sweep_networks("mlp", CHOSEN, COARSE, measure_latency=False)
    magnitude = [row for row in reference.rows if row["technique"] == "magnitude_global"]
    assert accuracy["data"][0]["y"] == pytest.approx([100 * row["accuracy"] for row in magnitude])


def test_latency_chart_separates_masked_physical_and_csr(open_page):
    at = small_sweep(open_page)
    spec = chart_titled(at, t("figures.tradeoffs.latency.title"))
    names = [trace.get("name") for trace in spec["data"]]
    for kind in ("masked", "physical", "csr"):
        assert t(f"figures.tradeoffs.latency.{kind}") in names
    physical = next(trace for trace in spec["data"]
                    if trace.get("name") == t("figures.tradeoffs.latency.physical"))
    assert len(physical["x"]) == len(COARSE)


def test_table_and_csv_hold_every_point(open_page):
    at = small_sweep(open_page)
    assert len(at.dataframe[0].value) == len(CHOSEN) * len(COARSE)
    download = at.get("download_button")[0]
    assert download.proto.label == t("tradeoffs_page.table.download")
    assert download.proto.url  # the CSV is served


def test_changing_the_techniques_changes_the_traces(open_page):
    at = small_sweep(open_page)
    rerun(at.multiselect(key="techniques").set_value(["random"]))
    accuracy = chart_titled(at, t("figures.tradeoffs.accuracy_sparsity.title"))
    assert technique_traces(accuracy) == [legend("random")]
    rerun(at.multiselect(key="techniques").set_value([]))
    assert not charts(at)
    assert at.info[0].value == t("tradeoffs_page.choose_technique")


def test_convolutional_model_says_it_has_no_csr_timing(open_page):
    at = small_sweep(open_page, model="cnn")
    assert t("tradeoffs_page.latency.no_csr") in [info.value for info in at.info]


def test_a_bad_technique_in_a_link_shows_a_notice(open_page):
    at = open_page(techniques=["random", "bogus"], grid="coarse")
    assert any("bogus" in notice and "techniques" in notice for notice in notices(at))
    assert at.multiselect(key="techniques").value == ["random"]
