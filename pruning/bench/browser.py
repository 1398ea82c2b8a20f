"""Chromium driven by Playwright, instrumented to time what a user sees.

An init script (run in every page before Streamlit's own code) records, on the
page's clock (``performance.now()``):

- ``keyAt``: the time stamp of the last key press (the input event's own time, so
  any wait for a busy main thread counts);
- ``messagesSinceMark`` / ``lastMessageAt``: messages arriving on Streamlit's
  websocket (every delta of a rerun is one);
- ``lastMutationAt``: the last DOM change (charts drawn by plotly and graphviz
  are DOM changes too);
- ``lastPaintAt``: just after the frame painted following the last DOM change
  (a ``requestAnimationFrame`` callback, then a task queued from it: that task
  runs once the frame has been painted);
- ``longTasks``: main-thread tasks longer than 50 ms (the browser's own share).

A rerun is over when the app's script state is ``notRunning``, at least one
message arrived since the key press, and nothing changed (no message, no DOM
change) for :data:`QUIET_MS`. Right after a key press the state can still read
``notRunning`` (the rerun has not started) and a fast rerun may never show
``running`` at all, so the state alone cannot tell; the messages and the quiet
window can. The time felt is ``max(lastPaintAt, lastMessageAt) - keyAt``.
Playwright is imported lazily: only the browser measurements need it.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

from pruning.i18n import t

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1000}
QUIET_MS = 700  # nothing new for this long after the run ended: the page is drawn
STEP_TIMEOUT_MS = 120_000
APP_SELECTOR = "[data-testid=stApp]"

INSTRUMENT = r"""
(() => {
  if (window.__bench) return;
  const b = window.__bench = {keyAt: null, messagesSinceMark: 0, messages: 0,
                              lastMessageAt: 0, lastMutationAt: 0, lastPaintAt: 0,
                              longTasks: []};
  try {
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) b.longTasks.push([task.startTime, task.duration]);
    }).observe({type: 'longtask', buffered: true});
  } catch (error) { /* no long-task timing in this browser */ }
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => {
        b.messages += 1;
        b.messagesSinceMark += 1;
        b.lastMessageAt = performance.now();
      });
    }
  };
  const afterPaint = () => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { b.lastPaintAt = performance.now(); };
    channel.port2.postMessage(null);
  });
  new MutationObserver(() => {
    b.lastMutationAt = performance.now();
    afterPaint();
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  document.addEventListener('keydown', (event) => {
    b.keyAt = event.timeStamp;
    b.messagesSinceMark = 0;
  }, true);
})();
"""

RERUN_DONE = """
(quietMs) => {
  const b = window.__bench;
  const app = document.querySelector('[data-testid=stApp]');
  if (!b || !app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (b.messagesSinceMark < 1) return false;
  const last = Math.max(b.lastMessageAt, b.lastMutationAt, b.lastPaintAt);
  return performance.now() - last >= quietMs;
}
"""

LOADED = """
(quietMs) => {
  const b = window.__bench;
  const app = document.querySelector('[data-testid=stApp]');
  if (!b || !app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (b.messages < 1) return false;
  const last = Math.max(b.lastMessageAt, b.lastMutationAt, b.lastPaintAt);
  return performance.now() - last >= quietMs;
}
"""

STEP_TIMES = """
() => {
  const b = window.__bench;
  const felt = Math.max(b.lastPaintAt, b.lastMessageAt) - b.keyAt;
  const busy = b.longTasks.filter(([start]) => start >= b.keyAt)
                          .reduce((sum, [, duration]) => sum + duration, 0);
  return {felt: felt, lastMessage: b.lastMessageAt - b.keyAt, longTasks: busy,
          messages: b.messagesSinceMark};
}
"""
PAINTED_EPOCH_MS = "() => performance.timeOrigin + Math.max(window.__bench.lastPaintAt," \
                   " window.__bench.lastMessageAt)"


class BrowserUnavailable(RuntimeError):
    """Chromium or Playwright is missing (the browser measurements are skipped
    outside CI; under ``CI=true`` this is an error)."""


def chromium_path() -> str | None:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


def running_under_ci() -> bool:
    return os.environ.get("CI") == "true"


@contextmanager
def chromium() -> Iterator[object]:
    """A launched headless Chromium (Playwright ``Browser``).

    Raises
    ------
    BrowserUnavailable
        When Chromium or Playwright is not installed.
    """
    executable = chromium_path()
    if executable is None:
        raise BrowserUnavailable(t("bench.errors.no_chromium", path=CHROMIUM))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BrowserUnavailable(t("bench.errors.no_playwright")) from None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, timeout_ms: int = STEP_TIMEOUT_MS):
    """A fresh context (its own Streamlit session) with the timing instrumentation."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(INSTRUMENT)
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    return page


def open_and_wait(page, url: str, quiet_ms: int = QUIET_MS,
                  timeout_ms: int = STEP_TIMEOUT_MS) -> float:
    """Go to ``url`` and wait until its first run is drawn; return the epoch
    milliseconds (``time.time() * 1000`` clock) at which it was painted."""
    page.goto(url)
    return wait_loaded(page, quiet_ms, timeout_ms)


def wait_loaded(page, quiet_ms: int = QUIET_MS, timeout_ms: int = STEP_TIMEOUT_MS) -> float:
    """Wait until the page's first run is drawn; return when it was painted (epoch ms)."""
    page.wait_for_selector(APP_SELECTOR, timeout=timeout_ms)
    page.wait_for_function(LOADED, arg=quiet_ms, timeout=timeout_ms, polling=50)
    return page.evaluate(PAINTED_EPOCH_MS)


def mark(page) -> None:
    """Start counting messages afresh (before an action that is not a key press)."""
    page.evaluate("() => { window.__bench.messagesSinceMark = 0; }")


def wait_rerun_drawn(page, quiet_ms: int = QUIET_MS, timeout_ms: int = STEP_TIMEOUT_MS) -> None:
    """Wait until the rerun started since the last key press / :func:`mark` is drawn."""
    page.wait_for_function(RERUN_DONE, arg=quiet_ms, timeout=timeout_ms, polling=50)


def navigation_paths(page) -> list[str]:
    """The URL paths of every page in the sidebar navigation, in order."""
    hrefs = page.eval_on_selector_all("[data-testid=stSidebarNav] a",
                                      "links => links.map(link => link.getAttribute('href'))")
    return [urlparse(href).path.strip("/") for href in hrefs if href is not None]


def click_nav(page, path: str, quiet_ms: int = QUIET_MS,
              timeout_ms: int = STEP_TIMEOUT_MS) -> None:
    """Go to page ``path`` through the sidebar link (same session) and wait until drawn."""
    mark(page)
    page.locator(f"[data-testid=stSidebarNav] a[href$='/{path}']").first.click()
    wait_rerun_drawn(page, quiet_ms, timeout_ms)


def exceptions_shown(page) -> int:
    """How many exception boxes the page shows (a crashed page is not a timing)."""
    return page.locator("[data-testid=stException]").count()


class Slider:
    """The range input of a Streamlit slider, moved with the keyboard."""

    def __init__(self, page, key_prefixes: tuple[str, ...]):
        self.page = page
        self.locator, self.key = self._find(key_prefixes)
        self.direction = "ArrowRight"

    def _find(self, key_prefixes):
        # Widget keys may carry a suffix (e.g. the data set), so match by prefix.
        for prefix in key_prefixes:
            found = self.page.locator(f"[class*='st-key-{prefix}'] input[type=range]")
            if found.count():
                return found.first, prefix
        raise LookupError(t("bench.errors.no_slider", keys=", ".join(key_prefixes),
                            url=self.page.url))

    @property
    def label(self) -> str:
        return self.locator.get_attribute("aria-label") or ""

    def value(self) -> str:
        return self.locator.input_value()

    def _at_end(self) -> bool:
        value = float(self.value())
        if self.direction == "ArrowRight":
            return value >= float(self.locator.get_attribute("max"))
        return value <= float(self.locator.get_attribute("min"))

    def step(self, quiet_ms: int = QUIET_MS, timeout_ms: int = STEP_TIMEOUT_MS) -> dict:
        """Move one step (turning back at either end) and time slider -> redrawn.

        Returns ``{"ms", "value", "last_message_ms", "long_tasks_ms", "messages"}``:
        milliseconds from the key press until the rerun's last message arrived and
        the browser painted it; until the last message arrived (the server's part,
        network included); the browser's main thread busy in long tasks (> 50 ms)
        meanwhile; websocket messages received.
        """
        if self._at_end():
            self.direction = "ArrowLeft" if self.direction == "ArrowRight" else "ArrowRight"
        self.locator.focus()
        self.page.evaluate("() => { window.__bench.keyAt = null; }")
        self.page.keyboard.press(self.direction)
        wait_rerun_drawn(self.page, quiet_ms, timeout_ms)
        times = self.page.evaluate(STEP_TIMES)
        return {"ms": round(times["felt"], 1), "value": self.value(),
                "last_message_ms": round(times["lastMessage"], 1),
                "long_tasks_ms": round(times["longTasks"], 1), "messages": times["messages"]}
