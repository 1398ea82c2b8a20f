"""The HTML report in a real browser, OFFLINE: its plotly charts must draw from the
inlined plotly.js alone; and the summary page (/summary), whose download is that report.

Each report is opened in a context with ``offline=True`` in which every request that is
not for a local file is also aborted and recorded, so a single external load fails the
test even if the browser would have tolerated it.
"""
from __future__ import annotations

import datetime
from pathlib import Path

from pruning.i18n import t
from pruning.report import build_report
from pruning.summary_measure import confirm_configuration, summarise, summary_sweep
from tests.browser.conftest import (ARTIFACTS, FIND_TIMEOUT_MS, VIEWPORT, assert_no_emoji,
                                    assert_no_error, assert_plotly_charts, metric_value,
                                    open_page)

REPORT_CHARTS = 4  # accuracy against speed-up, size, MACs; accuracy against sparsity


def label(key: str) -> str:
    return t(key, "en")


def small_report() -> str:
    sweep = summary_sweep("mlp", ("magnitude_global", "structured_physical"), (0.0, 0.5, 0.9),
                          finetune_epochs=1, repeats=1, warmup=0)

    def confirm(row: dict) -> dict:
        return confirm_configuration("mlp", row["technique"], row["sparsity_requested"],
                                     row["finetune_epochs"], rounds=3, warmup=0)

    summary = summarise(sweep, 1.0, "latency", confirm=confirm)
    return build_report(sweep, summary, generated=datetime.datetime(2024, 1, 2, 3, 4, 5))


def open_offline(browser, path: Path, screenshot_name: str) -> None:
    """Open ``path`` offline; assert every chart drew, nothing was fetched, no JS error."""
    context = browser.new_context(viewport=VIEWPORT, offline=True)
    external, errors = [], []

    def only_files(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(path.resolve().as_uri())
        charts = page.locator(".js-plotly-plot")
        charts.first.wait_for(timeout=FIND_TIMEOUT_MS)
        assert charts.count() == REPORT_CHARTS
        for index in range(REPORT_CHARTS):
            charts.nth(index).locator(".main-svg").first.wait_for(timeout=FIND_TIMEOUT_MS)
            # drawn, not an empty frame: each chart has its points
            assert charts.nth(index).locator(".scatterlayer .point").count() > 0
        assert page.locator(".card .value").count() == 3
        assert page.locator("#layers + p + table tbody tr").count() > 0
        page.wait_for_timeout(300)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{screenshot_name}.png"), full_page=True)
        assert external == [], external
        assert errors == [], errors
    finally:
        context.close()


def test_a_generated_report_opens_offline_with_its_charts_drawn(browser, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(small_report(), encoding="utf-8")
    open_offline(browser, path, "report")


def test_the_summary_page_shows_the_numbers_and_downloads_a_report_that_works_offline(
        browser, page, app_url, tmp_path):
    open_page(page, f"{app_url}/summary")
    assert_no_error(page)
    assert_no_emoji(page)
    for key in ("smaller", "faster", "accuracy"):
        assert metric_value(page, label(f"summary.metric.{key}")).inner_text().strip()
    assert_plotly_charts(page, 1)
    button = page.get_by_role("button", name=label("summary.download"))
    with page.expect_download(timeout=FIND_TIMEOUT_MS * 3) as download:
        button.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "pruning_report_mlp.html"
    open_offline(browser, saved, "report_from_page")
