"""The summary page, headless: app.py, then /summary.

Sizes and accuracies do not depend on timing, so with the size objective the page's
choice and big numbers are compared with :func:`pruning.summary.best_configuration` run
on the same sweeps (the sweep backend, untimed).
"""
from __future__ import annotations

import pytest

from pruning.i18n import t
from pruning.summary import best_configuration, big_numbers, headline
from pruning.summary_measure import (SUMMARY_FINETUNE_EPOCHS, SUMMARY_SPARSITIES,
                                     SUMMARY_TECHNIQUES)
from pruning.sweep import sweep_networks
from tests.app_pages import chart_titled, metrics, page_opener, rerun

PAGE = "pages/summary.py"


@pytest.fixture
def open_page(monkeypatch):
    return page_opener(monkeypatch, PAGE)


@pytest.fixture(scope="module")
def reference_rows() -> list[dict]:
    """The page's sweeps, untimed: the same sizes and accuracies."""
    plain = sweep_networks("mlp", SUMMARY_TECHNIQUES, SUMMARY_SPARSITIES, measure_latency=False)
    tuned = sweep_networks("mlp", SUMMARY_TECHNIQUES, [s for s in SUMMARY_SPARSITIES if s > 0],
                           finetune_epochs=SUMMARY_FINETUNE_EPOCHS, measure_latency=False)
    return ([{**row, "finetune_epochs": 0} for row in plain.rows]
            + [{**row, "finetune_epochs": SUMMARY_FINETUNE_EPOCHS} for row in tuned.rows])


def shown_numbers(at) -> dict[str, str]:
    return {label: value for label, (value, _) in metrics(at).items()}


def test_the_default_page_shows_three_numbers_the_explanation_a_chart_and_a_download(open_page):
    at = open_page()
    assert at.title[0].value == t("summary.title")
    assert list(shown_numbers(at)) == [t("summary.metric.smaller"), t("summary.metric.faster"),
                                       t("summary.metric.accuracy")]
    assert at.radio(key="target").value == 1.0 and at.radio(key="objective").value == "latency"
    subheaders = [element.value for element in at.subheader]
    assert t("summary.means_title") in subheaders and t("summary.limits_title") in subheaders
    chart = chart_titled(at, t("summary.figure.title_latency"))
    names = [trace.get("name") for trace in chart["data"]]
    assert t("summary.figure.original") in names
    assert t("summary.figure.chosen") in names or t("summary.figure.closest") in names
    download = at.get("download_button")
    assert len(download) == 1 and download[0].proto.label == t("summary.download")
    assert download[0].proto.deferred_file_id or download[0].proto.url  # served on click
    captions = " ".join(caption.value for caption in at.caption)
    assert "s (test accuracy on 360 held-out images" in captions  # how long it took


@pytest.mark.parametrize("target", [1.0, 5.0])
def test_the_size_choice_and_numbers_are_the_backends(open_page, reference_rows, target):
    at = open_page(objective="size", target=str(target))
    expected = best_configuration(reference_rows, target, "size", n_test=360)
    assert shown_numbers(at)[t("summary.metric.smaller")] == big_numbers(expected)[0].value
    assert shown_numbers(at)[t("summary.metric.accuracy")] == big_numbers(expected)[2].value
    assert any(headline(expected) in element.value for element in at.markdown)


def test_changing_the_target_changes_the_chosen_configuration(open_page, reference_rows):
    at = open_page(objective="size")
    before = shown_numbers(at)
    chart = chart_titled(at, t("summary.figure.title_size"))
    rerun(at.radio(key="target").set_value(5.0))
    after = shown_numbers(at)
    assert after != before
    assert at.query_params.get("target") == "5.0"  # a copied link keeps the target
    moved = chart_titled(at, t("summary.figure.title_size"))
    assert moved["layout"]["meta"]["chosen"] != chart["layout"]["meta"]["chosen"]
    loose = best_configuration(reference_rows, 5.0, "size")
    assert moved["layout"]["meta"]["chosen"] == loose.row_index


def test_a_bad_link_value_shows_a_notice_and_the_default(open_page):
    at = open_page(target="7", objective="beauty")
    assert at.radio(key="target").value == 1.0 and at.radio(key="objective").value == "latency"
    shown = " ".join(warning.value for warning in at.warning)
    assert "7" in shown and "beauty" in shown
