"""The app shell on a server of its own: a deep link must be the first thing it serves.

Streamlit treats a folder named ``pages/`` next to the entry point as an old-style
multipage app until some session has run ``app.py`` (which calls ``st.navigation``);
until then a deep link runs the page file alone, without the shell. The session server
of the other browser tests has already run ``app.py``, so this test starts its own.
"""
import ast

import pytest
from playwright.sync_api import expect

from pruning.i18n import t
from tests.browser.conftest import (FIND_TIMEOUT_MS, ROOT, VIEWPORT, assert_no_error,
                                    open_page, wait_idle)

PAGES = sorted(path.stem for path in (ROOT / "pages").glob("*.py"))


def test_a_deep_link_opened_first_runs_the_app_shell(browser, fresh_app_url):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        open_page(page, f"{fresh_app_url}/trees")
        # the page may first run alone and then rerun through app.py: wait for the shell
        expect(page).to_have_title("Pruning Lab", timeout=FIND_TIMEOUT_MS)
        wait_idle(page)
        assert_no_error(page)
        navigation = page.locator("[data-testid=stSidebarNav]")
        # each link reads "<material icon name>\n\n<label>"
        labels = [text.split("\n")[-1].strip()
                  for text in navigation.locator("a").all_inner_texts()]
        assert sorted(labels) == sorted(t(f"nav.{name}", "en") for name in PAGES), labels
    finally:
        context.close()


@pytest.mark.parametrize("name", PAGES)
def test_every_page_asks_for_the_app_shell_before_it_draws(name):
    """The browser test above proves the guard on /trees; one fresh server per page would
    be slow, so the other pages are held to calling the same guard first."""
    tree = ast.parse((ROOT / "pages" / f"{name}.py").read_text())
    calls = [node.value for node in tree.body
             if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)]
    assert calls, f"pages/{name}.py draws nothing at module level"
    first = calls[0].func
    assert getattr(first, "id", getattr(first, "attr", None)) == "require_app_shell", (
        f"pages/{name}.py must call ui.shell.require_app_shell() before anything else "
        "(a deep link on a fresh server otherwise runs the page without app.py)")
