"""Every page in Spanish, opened from a link with ``?lang=es``, in a real browser.

Each page must load without an error, show the sidebar language picker on Español,
show its heading in Spanish and no English catalogue text in the main area (charts
and tree diagrams included); a full-page screenshot is saved as
``tests/artifacts/<page>_es.png`` to check by eye that longer Spanish wording still fits.
Switching language with the sidebar picker redraws the same view in the other language
and keeps the language in the link (``lang=`` is dropped for English, the default).
"""
from __future__ import annotations

import base64
import html
import re

import pytest

from pruning.i18n import t
from pruning.trees import TREE_METHODS
from tests.browser.conftest import (RUN_TIMEOUT_MS, SVG_IMAGE, assert_no_emoji,
                                    assert_no_error, assert_plotly_charts, metric_value,
                                    open_page, radio_value, screenshot, selectbox_value,
                                    wait_idle)
from tests.untranslated import untranslated

LANGUAGE = "es"
# page -> (path in the URL, the key of a heading it shows, plotly charts it draws)
PAGES = {
    "home": ("", "home.what_title", 0),  # the default page lives at /
    "trees": ("trees", "trees_page.title", 1),
    "networks": ("networks", "networks_page.title", 1),
    "tradeoffs": ("tradeoffs", "tradeoffs_page.title", 4),
    "generalisation": ("generalisation", "generalisation_page.title", 2),
    "lessons": ("lessons", "lessons_page.title", 0),
    "summary": ("summary", "summary.title", 1),
}
SVG_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)
ICONS = ("[data-testid=stIconMaterial], [data-testid=stAlertDynamicIcon], "
         "[aria-hidden=true][translate=no]")


def main_area_texts(page) -> list[str]:
    """What a reader sees in the main area: its text, the plotly charts' SVG text (titles,
    axes, legends) and the text of the tree diagrams (SVG images drawn by dot)."""
    # Material icons are drawn from ligature names ("speed", "school"): not text to read.
    texts = [page.evaluate("""icons => {
        const main = document.querySelector('[data-testid=stMain]');
        icons = [...main.querySelectorAll(icons)];
        icons.forEach(icon => { icon.dataset.shown = icon.style.display; });
        icons.forEach(icon => { icon.style.display = 'none'; });
        const text = main.innerText;
        icons.forEach(icon => { icon.style.display = icon.dataset.shown; });
        return text;
    }""", ICONS)]
    texts += page.locator("[data-testid=stPlotlyChart] svg text").all_text_contents()
    for source in page.locator(f"{SVG_IMAGE} img").evaluate_all(
            "images => images.map(image => image.src)"):
        svg = base64.b64decode(source.split(",", 1)[1]).decode()
        texts += [html.unescape(text) for text in SVG_TEXT.findall(svg)]
    return texts


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_opens_in_spanish_from_a_link(page, app_url, name):
    path, heading, charts = PAGES[name]
    open_page(page, f"{app_url}/{path}?lang={LANGUAGE}")
    assert_no_error(page)
    assert_no_emoji(page)
    picker = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]")
    assert picker.get_by_role("combobox").input_value() == t(f"ui.language_name_{LANGUAGE}")
    assert page.get_by_role("heading", name=t(heading, LANGUAGE), exact=True).count() == 1
    assert_plotly_charts(page, charts)  # drawn, so their text is there to read
    screenshot(page, f"{name}_{LANGUAGE}")
    assert untranslated(main_area_texts(page), LANGUAGE) == []
    assert f"lang={LANGUAGE}" in page.url  # the language stays in the link


def choose_language(page, name: str) -> None:
    """Pick ``name`` in the sidebar's language picker, as a user does (click, option)."""
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").get_by_role(
        "combobox").click()
    page.get_by_role("option", name=name, exact=True).click()


def open_wine_cost_complexity_then_switch_to_english(page, app_url):
    """/trees on the wine data, cost-complexity pruning, in Spanish; then English chosen
    in the sidebar. Returns the number of nodes shown before the switch."""
    from playwright.sync_api import expect

    open_page(page, f"{app_url}/trees?dataset=wine&method=cost_complexity&lang={LANGUAGE}")
    heading = page.locator("h1")
    expect(heading).to_have_text(t("trees_page.title", LANGUAGE))
    nodes = metric_value(page, t("trees_page.metrics.nodes", LANGUAGE)).inner_text()
    choose_language(page, t("ui.language_name_en"))
    expect(heading).to_have_text(t("trees_page.title", "en"), timeout=RUN_TIMEOUT_MS)
    wait_idle(page)
    return nodes


def test_the_sidebar_picker_switches_language_and_keeps_the_view(page, app_url):
    from playwright.sync_api import expect

    nodes = open_wine_cost_complexity_then_switch_to_english(page, app_url)
    assert_no_error(page)
    # the same tree, now described in English; English is the default: no lang= in the link
    assert metric_value(page, t("trees_page.metrics.nodes", "en")).inner_text() == nodes
    assert "lang=" not in page.url and "dataset=wine" in page.url
    assert "method=cost_complexity" in page.url

    choose_language(page, t(f"ui.language_name_{LANGUAGE}"))
    expect(page.locator("h1")).to_have_text(t("trees_page.title", LANGUAGE),
                                            timeout=RUN_TIMEOUT_MS)
    wait_idle(page)
    assert_no_error(page)
    assert metric_value(page, t("trees_page.metrics.nodes", LANGUAGE)).inner_text() == nodes
    assert f"lang={LANGUAGE}" in page.url


def test_choice_widgets_show_their_choice_in_the_new_language(page, app_url):
    open_wine_cost_complexity_then_switch_to_english(page, app_url)
    assert selectbox_value(page, t("trees_page.dataset", "en")) == t("data.dataset.wine", "en")
    assert radio_value(page, t("trees_page.method", "en")) == \
        TREE_METHODS["cost_complexity"].name("en")
