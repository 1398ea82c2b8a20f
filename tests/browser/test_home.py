"""The home page in a real browser."""
from pruning.i18n import t
from tests.browser.conftest import (assert_no_emoji, assert_no_error, metric_value,
                                    open_page, screenshot)


def test_home_page_loads_explains_pruning_and_links_every_page(page, app_url):
    open_page(page, app_url)
    assert_no_error(page)
    assert_no_emoji(page)
    assert page.get_by_role("heading", name=t("home.what_title", "en")).count() == 1
    for path in ("trees", "networks", "tradeoffs", "generalisation"):
        assert page.locator(f"a[href$='/{path}']").count() >= 1, path
    # the headline cards are measured on this server: each shows a number, not a spinner
    speedups = metric_value(page, t("home.metric_speed", "en"))
    assert speedups.count() >= 1
    assert all(text.strip() for text in speedups.all_inner_texts())
    screenshot(page, "home")
