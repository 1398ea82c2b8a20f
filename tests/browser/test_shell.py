"""The app shell on a server of its own: a deep link must be the first thing it serves.

Streamlit treats a folder named ``pages/`` next to the entry point as an old-style
multipage app until some session has run ``app.py`` (which calls ``st.navigation``);
until then a deep link runs the page file alone, without the shell. The session server
of the other browser tests has already run ``app.py``, so this test starts its own.
"""
import pytest

from pruning.i18n import t
from tests.browser.conftest import VIEWPORT, assert_no_error, launch_server, open_page

PAGES = ("home", "trees", "networks", "tradeoffs", "generalisation")


@pytest.fixture(scope="module")
def fresh_app_url(tmp_path_factory, browser):
    server = launch_server(tmp_path_factory.mktemp("fresh_streamlit"))
    try:
        yield server.url
    finally:
        server.stop()
        assert "Traceback" not in server.log(), server.log()[-4000:]


def test_a_deep_link_opened_first_runs_the_app_shell(browser, fresh_app_url):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        open_page(page, f"{fresh_app_url}/trees")
        assert_no_error(page)
        assert page.title() == "Pruning Lab", "app.py's st.set_page_config did not run"
        navigation = page.locator("[data-testid=stSidebarNav]")
        # each link reads "<material icon name>\n\n<label>"
        labels = [text.split("\n")[-1].strip()
                  for text in navigation.locator("a").all_inner_texts()]
        assert labels == [t(f"nav.{name}", "en") for name in PAGES], labels
    finally:
        context.close()
