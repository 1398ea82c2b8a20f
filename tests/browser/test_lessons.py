"""The lessons page in a real browser: walk a whole lesson, step by step.

Each step's button opens its page in a new tab (a new session, so settings left on
that page earlier cannot override the link); the walk checks that the page loads
without an error, with the step's settings applied and the numbers the answer quotes.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from pruning.i18n import t
from pruning.lessons import LESSONS, lesson_link
from pruning.trees import TREE_METHODS
from tests.browser.conftest import (EXCEPTION, FIND_TIMEOUT_MS, RUN_TIMEOUT_MS,
                                    assert_no_emoji, assert_no_error, assert_plotly_charts,
                                    metric_value, notices, open_page, radio_value,
                                    screenshot, selectbox_value, slider_thumb, wait_idle)

TREES = LESSONS[0]
# What the student sees after each step's link: leaves and test accuracy (as the answers say).
SEEN = {"full_tree": ("45", "83.3%"), "depth_5": ("15", "88.0%"), "depth_1": ("2", "76.0%"),
        "cost_complexity": ("8", "88.7%"), "reduced_error": ("12", "88.7%")}


def label(key: str) -> str:
    return t(key, "en")


def wait_for_new_tab(tab) -> None:
    tab.set_default_timeout(FIND_TIMEOUT_MS)
    tab.wait_for_selector("[data-testid=stApp][data-test-connection-state=CONNECTED]",
                          timeout=RUN_TIMEOUT_MS)
    wait_idle(tab)
    tab.wait_for_timeout(300)  # the first run may start only after the socket connects
    wait_idle(tab)


def check_trees_settings(tab, params: dict) -> None:
    """The trees page shows exactly the settings the link names (defaults otherwise)."""
    assert selectbox_value(tab, label("trees_page.dataset")) == label(
        f"data.dataset.{params['dataset']}")
    method = params.get("method", "pre")
    assert radio_value(tab, label("trees_page.method")) == TREE_METHODS[method].name("en")
    if "max_depth_moons" in params:
        depth = slider_thumb(tab, label("trees_page.controls.max_depth"))
        assert depth.input_value() == params["max_depth_moons"]
    if "alpha_moons" in params:
        alpha = slider_thumb(tab, label("trees_page.controls.alpha"))
        assert alpha.get_attribute("aria-valuetext") == params["alpha_moons"]


def visible_link_button(page):
    # Streamlit draws a link button with a help tooltip twice; one copy is visible.
    return page.locator("[data-testid=stLinkButton] a:visible").first


def test_walk_the_decision_tree_lesson_through_every_step(page, app_url):
    open_page(page, f"{app_url}{lesson_link(1, 1)}")
    assert_no_error(page)
    assert_no_emoji(page)
    heading = page.locator("[data-testid=stHeadingWithActionElements] h3").first
    for number, step in enumerate(TREES.steps, start=1):
        title = t(f"lessons.trees.{step.key}.title", "en")
        expect(heading).to_contain_text(title, timeout=RUN_TIMEOUT_MS)
        assert page.locator("[data-testid=stCode]").first.inner_text().strip().endswith(
            lesson_link(1, number))

        button = visible_link_button(page)
        assert button.get_attribute("href") == step.url().lstrip("/")
        with page.context.expect_page() as opened:
            button.click()
        tab = opened.value
        try:
            wait_for_new_tab(tab)
            assert tab.locator(EXCEPTION).count() == 0
            assert_no_error(tab)
            assert notices(tab) == []
            address = urlsplit(tab.url)
            assert address.path == f"/{step.page}"
            assert {k: v[0] for k, v in parse_qs(address.query).items()} == step.query()
            check_trees_settings(tab, step.query())
            leaves, test_accuracy = SEEN[step.key]
            assert metric_value(tab, label("trees_page.metrics.leaves")).inner_text() == leaves
            assert metric_value(tab, label("trees_page.metrics.test")).inner_text() == \
                test_accuracy
            if number == 2:
                screenshot(tab, "lessons_step_target")
        finally:
            tab.close()

        # the answer is folded until asked for
        answer = t(f"lessons.trees.{step.key}.answer", "en")
        expect(page.get_by_text(answer[:40])).to_be_hidden()
        page.get_by_text(label("lessons_page.answer"), exact=True).click()
        expect(page.get_by_text(answer[:40])).to_be_visible()
        if number < len(TREES.steps):
            page.get_by_role("button", name=label("lessons_page.next")).click()
            wait_idle(page)
            expect(page).to_have_url(re.compile(re.escape(lesson_link(1, number + 1)) + "$"))
    screenshot(page, "lessons")
    assert_no_error(page)


def test_the_lottery_step_opens_from_its_link_and_draws_the_experiment(page, app_url):
    lesson = next(n for n, lesson in enumerate(LESSONS, start=1)
                  if any(step.panel == "lottery" for step in lesson.steps))
    step = next(n for n, s in enumerate(LESSONS[lesson - 1].steps, start=1)
                if s.panel == "lottery")
    open_page(page, f"{app_url}{lesson_link(lesson, step)}&lt_rounds=2&lt_epochs=2")
    assert_no_error(page)
    assert notices(page) == []
    assert page.locator("[data-testid=stLinkButton]").count() == 0
    assert_plotly_charts(page, 1)
    title = page.locator("[data-testid=stPlotlyChart] .gtitle").first
    expect(title).to_have_text(t("lessons_page.lottery.figure.title", "en", epochs=2))
    assert slider_thumb(page, label("lessons_page.lottery.rounds")).input_value() == "2"
    screenshot(page, "lessons_lottery")
