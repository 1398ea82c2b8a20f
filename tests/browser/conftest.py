"""Real-browser fixtures: the app under ``streamlit run`` and Debian's Chromium.

Browser tests skip when Chromium is missing outside CI; under ``CI=true`` a missing
browser is a failure (``.ci/run`` installs it).

One server serves the whole session (``app_server``); each test gets a fresh browser
context (``page``). A test fails when the server log gained a ``Traceback`` while it ran,
so a failure is pinned on the test that caused it.
"""
from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1000}
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
RUN_TIMEOUT_MS = 90_000  # a cold first run (torch import, model load) on a busy 2-core box
FIND_TIMEOUT_MS = 20_000  # an element that is not there after the run has finished
EXCEPTION = "[data-testid=stException]"
ERROR = "[data-testid=stAlertContentError]"  # st.error: alert content is stAlertContent<Kind>
WARNING = "[data-testid=stAlertContentWarning]"
# Debian's Chromium has no emoji font: these draw as empty boxes (use :material/...: icons)
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u24B6-\u24FF\uFE0F]")
SVG_IMAGE = "[data-testid=stImage]:has(img[src^='data:image/svg+xml'])"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


# ---- the server -------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} not healthy after {timeout} s")


def start_app(port: int, log) -> subprocess.Popen:
    """Start ``streamlit run app.py`` on ``port``, its output going to the open file ``log``."""
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        # unbuffered, so a traceback is in the log when the test that caused it ends
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


@dataclass
class AppServer:
    """A running ``streamlit run app.py`` and its log."""

    url: str
    log_path: Path
    process: subprocess.Popen
    log_file: object

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log_file.close()


def launch_server(log_dir: Path) -> AppServer:
    """Start a server on a free port and wait until it answers its health check."""
    port = free_port()
    log_path = log_dir / "server.log"
    log_file = log_path.open("w")
    server = AppServer(f"http://127.0.0.1:{port}", log_path, start_app(port, log_file),
                       log_file)
    try:
        wait_healthy(server.url, server.process)
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, browser):
    server = launch_server(tmp_path_factory.mktemp("streamlit"))
    try:
        # Run app.py (the entry point with st.navigation) once before any deep link.
        # A fresh server runs /trees etc. in Streamlit's old `pages/` mode until some
        # session has run app.py: test_shell.py checks that on a server of its own.
        context = browser.new_context(viewport=VIEWPORT)
        open_page(context.new_page(), server.url)
        context.close()
        if "Traceback" in server.log():
            pytest.fail(f"the home page logged a traceback:\n{server.log()[-3000:]}",
                        pytrace=False)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    return app_server.url


@pytest.fixture(scope="module")
def fresh_app_url(tmp_path_factory, browser):
    """A server of the test module's own that no session has visited yet (what a first
    visitor meets); it must log no traceback."""
    server = launch_server(tmp_path_factory.mktemp("fresh_streamlit"))
    try:
        yield server.url
    finally:
        server.stop()
        assert "Traceback" not in server.log(), server.log()[-4000:]


@pytest.fixture(autouse=True)
def no_server_traceback(request):
    """Fail the test during which the server log gained a Traceback."""
    if "app_server" not in request.fixturenames:
        yield
        return
    server = request.getfixturevalue("app_server")
    start = len(server.log())
    yield
    new_log = server.log()[start:]
    if "Traceback" in new_log:
        pytest.fail(f"the server logged a traceback during this test:\n{new_log[-3000:]}",
                    pytrace=False)


# ---- the browser --------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required under CI=true (apt-get install chromium)")
        pytest.skip("Chromium not found; browser tests skipped outside CI")
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    opened = context.new_page()
    opened.set_default_timeout(FIND_TIMEOUT_MS)
    yield opened
    context.close()


# ---- helpers the tests share --------------------------------------------------------

def wait_idle(page, timeout: float = RUN_TIMEOUT_MS) -> None:
    """Wait until the app's script run has finished (``notRunning``)."""
    page.wait_for_selector(IDLE, timeout=timeout)


def open_page(page, url: str) -> None:
    """Go to ``url`` and wait until the app has connected and its first run finished."""
    page.goto(url)
    page.wait_for_selector("[data-testid=stApp][data-test-connection-state=CONNECTED]",
                           timeout=RUN_TIMEOUT_MS)
    wait_idle(page)
    # the first script run may start only after the websocket connects
    page.wait_for_timeout(300)
    wait_idle(page)


def screenshot(page, name: str, full_page: bool = True, path: Path | None = None) -> Path:
    """Save a screenshot as ``tests/artifacts/<name>.png`` (git-ignored) or at ``path``.

    Streamlit scrolls its main area (``stMain``), not the document, so Playwright's own
    ``full_page`` would capture one viewport: the viewport is grown to the main area's
    height for the shot instead, and restored after.
    """
    if path is None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    if full_page:
        height = page.evaluate(
            "() => document.querySelector('[data-testid=stMain]').scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
        page.wait_for_timeout(500)  # charts re-lay themselves out to the new size
    try:
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)
    return path


def assert_no_exception(page) -> None:
    exceptions = page.locator(EXCEPTION)
    assert exceptions.count() == 0, exceptions.first.inner_text()


def assert_no_error(page) -> None:
    """No traceback element and no ``st.error`` message anywhere on the page."""
    assert_no_exception(page)
    errors = page.locator(ERROR)
    assert errors.count() == 0, errors.first.inner_text()


def assert_no_emoji(page) -> None:
    """No emoji in the page's text: without an emoji font they render as boxes."""
    found = sorted(set(EMOJI.findall(page.locator("[data-testid=stApp]").inner_text())))
    assert not found, f"emoji drawn as boxes in Debian's Chromium: {found}"


def assert_plotly_charts(page, count: int) -> None:
    """Exactly ``count`` plotly charts, each of which drew its plot (not an empty frame).

    Charts draw in the browser after the script run has finished, so this waits for them.
    """
    from playwright.sync_api import expect

    charts = page.locator("[data-testid=stPlotlyChart]")
    expect(charts).to_have_count(count, timeout=FIND_TIMEOUT_MS)
    for index in range(count):
        charts.nth(index).locator(".js-plotly-plot .main-svg").first.wait_for()


def assert_diagrams(page, count: int) -> None:
    """Exactly ``count`` graphviz diagrams, each drawn with at least one node.

    A diagram is either ``st.graphviz_chart`` (laid out in the browser: an inline SVG) or,
    when ``dot`` runs on the server, ``st.image`` of the SVG it drew (a data URL).
    """
    from playwright.sync_api import expect

    diagrams = page.locator(f"[data-testid=stGraphVizChart], {SVG_IMAGE}")
    expect(diagrams).to_have_count(count, timeout=FIND_TIMEOUT_MS)
    for index in range(count):
        diagram = diagrams.nth(index)
        if diagram.get_attribute("data-testid") == "stGraphVizChart":
            diagram.locator("svg g.node").first.wait_for()
            continue
        image = diagram.locator("img")
        image.wait_for()
        expect(image).to_have_js_property("complete", True, timeout=FIND_TIMEOUT_MS)
        assert image.evaluate("img => img.naturalWidth") > 0, f"diagram {index} did not load"
        svg = base64.b64decode(image.get_attribute("src").split(",", 1)[1]).decode()
        assert 'class="node"' in svg, f"diagram {index} has no nodes"


def slider_thumb(page, label: str):
    """The keyboard-focusable thumb of the slider labelled ``label``.

    Streamlit 1.67 draws sliders with react-aria: the thumb is a visually hidden
    ``input[type=range]`` (implicit role ``slider``, no ``role`` attribute) whose
    ``aria-label`` is the widget's label.
    """
    return page.locator(
        f"[data-testid=stSlider] input[type=range][aria-label={json.dumps(label)}]")


def selectbox_value(page, label: str) -> str:
    """The option shown by the ``st.selectbox`` labelled ``label`` (a react-aria combobox
    in Streamlit 1.67: the shown option is its input's value)."""
    return page.locator("[data-testid=stSelectbox]").get_by_role(
        "combobox", name=label, exact=True).input_value()


def radio_value(page, label: str) -> str:
    """The shown text of the checked option of the ``st.radio`` labelled ``label``."""
    group = page.locator(f"[data-testid=stRadioGroup][aria-label={json.dumps(label)}]")
    return group.locator("[data-testid=stRadioOption]:has(input:checked)").inner_text().strip()


def assert_multiselect_values(page, label: str, expected: list[str]) -> None:
    """The ``st.multiselect`` labelled ``label`` shows exactly ``expected`` (shown texts).

    Its chips are drawn after the run has finished (the widget measures them first, in a
    ``<template>``), so this waits for their number before it reads them.
    """
    from playwright.sync_api import expect

    widget = page.locator("[data-testid=stMultiSelect]").filter(
        has=page.locator("[data-testid=stWidgetLabel]", has_text=label))
    expect(widget).to_have_count(1, timeout=FIND_TIMEOUT_MS)
    chips = widget.locator("[aria-label='Selected values'] [data-tag]")
    expect(chips).to_have_count(len(expected), timeout=FIND_TIMEOUT_MS)
    assert [chips.nth(index).get_attribute("aria-label")
            for index in range(len(expected))] == expected


def metric_value(page, label: str):
    """The value text of the ``st.metric`` whose label is exactly ``label``."""
    label_pattern = re.compile(rf"^\s*{re.escape(label)}\s*$")
    return (page.locator("[data-testid=stMetric]")
            .filter(has=page.locator("[data-testid=stMetricLabel]", has_text=label_pattern))
            .locator("[data-testid=stMetricValue]"))


def wait_for_change(page, watched, action, timeout: float = RUN_TIMEOUT_MS):
    """Do ``action()``; wait until ``watched``'s text changes and the rerun it triggered
    has finished. Returns (text before, text after).

    Right after an input the app can still read ``notRunning`` (the rerun request has
    not reached the server yet), so this waits for the text it expects to change first,
    then for the run to finish.
    """
    from playwright.sync_api import expect

    before = watched.text_content()  # (inner_text does not work on SVG text)
    action()
    expect(watched).not_to_have_text(before, timeout=timeout)
    wait_idle(page)
    return before, watched.text_content()


def press_and_wait_for_change(page, thumb, key: str, watched, timeout: float = RUN_TIMEOUT_MS):
    """Press ``key`` on a focused slider ``thumb`` (see :func:`wait_for_change`)."""
    def press() -> None:
        thumb.focus()
        thumb.press(key)
    return wait_for_change(page, watched, press, timeout)


def plotly_title(page, index: int = 0):
    """The title text of the ``index``-th plotly chart on the page."""
    return page.locator("[data-testid=stPlotlyChart]").nth(index).locator(".gtitle")


def notices(page) -> list[str]:
    """Texts of the warnings on the page (the URL notices are ``st.warning``)."""
    texts = page.locator(WARNING).locator("[data-testid=stMarkdownContainer]")
    return [text.strip() for text in texts.all_inner_texts()]
