"""The home page in a real browser."""
from playwright.sync_api import expect

from pruning.i18n import t
from tests.browser.conftest import (RUN_TIMEOUT_MS, assert_no_emoji, assert_no_error,
                                    metric_value, open_page, screenshot)
from ui.headline import POLL_SECONDS

# Counts the app's script runs (full or fragment) that start from now on.
COUNT_RUNS = """() => {
  window.__runs = 0;
  const app = document.querySelector('[data-testid=stApp]');
  new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__runs += 1;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def test_home_page_loads_explains_pruning_and_links_every_page(page, app_url):
    open_page(page, app_url)
    assert_no_error(page)
    assert_no_emoji(page)
    assert page.get_by_role("heading", name=t("home.what_title", "en")).count() == 1
    for path in ("trees", "networks", "tradeoffs", "generalisation"):
        assert page.locator(f"a[href$='/{path}']").count() >= 1, path
    # the headline cards are measured on this server: each shows a number, in the end
    speedups = metric_value(page, t("home.metric_speed", "en"))
    expect(speedups).to_have_count(3, timeout=RUN_TIMEOUT_MS)
    assert all(text.strip() for text in speedups.all_inner_texts())
    assert_no_error(page)
    screenshot(page, "home")


def test_a_fresh_server_draws_the_page_first_then_fills_in_the_numbers(page, fresh_app_url):
    """The first visitor does not wait for the headline experiments: the page is drawn
    with a running status, the numbers replace it by themselves, then it stays idle."""
    open_page(page, fresh_app_url)
    assert page.get_by_role("heading", name=t("home.go_title", "en")).count() == 1
    for path in ("trees", "networks", "tradeoffs", "generalisation"):
        assert page.locator(f"a[href$='/{path}']").count() >= 1, path
    measuring = page.get_by_text(t("home.headline_spinner", "en"), exact=True)
    expect(measuring).to_have_count(1)  # torch alone takes seconds to import

    speedups = metric_value(page, t("home.metric_speed", "en"))
    expect(speedups).to_have_count(3, timeout=RUN_TIMEOUT_MS)  # no click needed
    expect(measuring).to_have_count(0)
    assert_no_error(page)

    page.evaluate(COUNT_RUNS)
    page.wait_for_timeout(int(2.5 * POLL_SECONDS * 1000))
    assert page.evaluate("() => window.__runs") == 0  # the polling stopped
