"""The home page in a real browser."""
from tests.browser.conftest import assert_no_exception, open_page, screenshot


def test_home_page_loads_explains_pruning_and_links_every_page(page, app_url):
    open_page(page, app_url)
    assert_no_exception(page)
    assert page.get_by_role("heading", name="What is pruning?").count() == 1
    for path in ("trees", "networks", "tradeoffs", "generalisation"):
        assert page.locator(f"a[href$='/{path}']").count() >= 1, path
    screenshot(page, "home")
