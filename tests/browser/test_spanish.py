"""Every page in Spanish, opened from a link with ``?lang=es``, in a real browser.

Each page must load without an error, show the sidebar language picker on Español,
show its heading in Spanish and no English catalogue text in the main area (charts
and tree diagrams included); a full-page screenshot is saved as
``tests/artifacts/<page>_es.png`` to check by eye that longer Spanish wording still fits.
"""
from __future__ import annotations

import base64
import html
import re

import pytest

from pruning.i18n import t
from tests.browser.conftest import (SVG_IMAGE, assert_no_emoji, assert_no_error,
                                    assert_plotly_charts, open_page, screenshot)
from tests.untranslated import untranslated

LANGUAGE = "es"
# page -> (path in the URL, the key of a heading it shows, plotly charts it draws)
PAGES = {
    "home": ("", "home.what_title", 0),  # the default page lives at /
    "trees": ("trees", "trees_page.title", 1),
    "networks": ("networks", "networks_page.title", 1),
    "tradeoffs": ("tradeoffs", "tradeoffs_page.title", 4),
    "generalisation": ("generalisation", "generalisation_page.title", 2),
}
SVG_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)


def main_area_texts(page) -> list[str]:
    """What a reader sees in the main area: its text, the plotly charts' SVG text (titles,
    axes, legends) and the text of the tree diagrams (SVG images drawn by dot)."""
    texts = [page.locator("[data-testid=stMain]").inner_text()]
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
