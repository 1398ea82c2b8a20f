"""Many users at once: concurrent browser sessions moving sliders on one server.

``sessions`` browser contexts (each its own Streamlit session) in one Chromium are
driven at the same time with Playwright's async API. Each session

1. opens the trees page and uploads its own CSV (``session_csv``: every session's
   data differ, in rows and values), which becomes its chosen data set;
2. for half of ``seconds``, moves the maximum-depth slider one step at a time;
3. follows the sidebar link to the networks page (same session) and, for the other
   half, moves the sparsity slider.

After every step the session checks that the page shows *its own* state: its slider
at the value it set, its own file in the data-set picker, and cards equal to the
backend's numbers for its own data and slider value (the trees' leaves, computed
here with :func:`pruning.trees.prune_tree`; the network's non-zero parameters, with
:func:`pruning.experiment.run_network`). Any difference that survives a second look
is counted as cross-talk. Exception boxes and error messages on the page, and
tracebacks in the server log, are counted too. Each step is timed as in
:mod:`pruning.bench.browser` (key press -> rerun's last message painted); the
server's resident memory is sampled every second.

Playwright's async API runs in a thread of its own, so this works beside the sync
API the other browser measurements (and the browser tests) use.
"""
from __future__ import annotations

import asyncio
import functools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from pruning.bench.browser import (APP_SELECTOR, CHROMIUM_ARGS, INSTRUMENT, LOADED, QUIET_MS,
                                   RERUN_DONE, STEP_TIMES, STEP_TIMEOUT_MS, VIEWPORT,
                                   BrowserUnavailable, chromium_path)
from pruning.bench.server import APP, StreamlitServer, process_memory_mb
from pruning.bench.stats import summarise
from pruning.i18n import t

MEMORY_EVERY_S = 1.0
NETWORK = ("mlp", "magnitude_global")  # the networks page's defaults
EXCEPTION = "[data-testid=stException]"
ERROR = "[data-testid=stAlertContentError]"


# ---- what each session does and what it must see -------------------------------------

def session_csv(index: int) -> bytes:
    """Session ``index``'s own data: ``60 + 4 * index`` rows, three noisy features, 2 classes.

    Three features, not two: like the slider benchmark's breast-cancer page, no
    decision-region chart is drawn (2-D data would add one per step).
    """
    rng = np.random.default_rng(1000 + index)
    rows = 60 + 4 * index
    X = rng.normal(size=(rows, 3))
    y = (X[:, 0] + 0.7 * X[:, 1] - 0.4 * X[:, 2] + rng.normal(scale=0.6, size=rows) > 0)
    lines = ["x1,x2,x3,label"] + [f"{a:.5f},{b:.5f},{c:.5f},{label}"
                                  for (a, b, c), label in zip(X, y.astype(int))]
    return ("\n".join(lines) + "\n").encode()


@functools.cache
def expected_leaves(index: int, max_depth: int) -> int:
    """Leaves of session ``index``'s tree at ``max_depth`` (the trees page's defaults)."""
    from pruning.data import split_dataset
    from pruning.trees import TreeOptions, prune_tree
    from pruning.uploads import csv_dataset

    dataset = csv_dataset(session_csv(index), f"session_{index}.csv").dataset
    split = split_dataset(dataset, test_size=0.25, val_size=0.0, seed=0, stratify=True)
    return prune_tree(split, "pre", TreeOptions(max_depth=max_depth, seed=0)).n_leaves


@functools.cache
def expected_parameters(percent: int) -> int:
    """Non-zero parameters of the sample MLP pruned to ``percent`` (the page's default)."""
    from pruning.experiment import NetworkRequest, run_network

    return run_network(NetworkRequest(*NETWORK, percent / 100)).pruned.params_nonzero


def _count(text: str) -> int:
    return int(text.replace(",", "").strip())


@dataclass
class SessionLog:
    """What one session measured and saw."""

    index: int
    steps: dict = field(default_factory=lambda: {"trees": [], "networks": []})
    server: list = field(default_factory=list)  # key press -> the rerun's last message
    cross_talk: list = field(default_factory=list)
    exceptions: int = 0
    errors_shown: int = 0
    failure: str | None = None


# ---- the browser side ----------------------------------------------------------------

class _Page:
    """One session's page, with the timing instrumentation of :mod:`pruning.bench.browser`."""

    def __init__(self, page, quiet_ms: int) -> None:
        self.page = page
        self.quiet_ms = quiet_ms

    async def open(self, url: str) -> None:
        await self.page.goto(url)
        await self.loaded()

    async def loaded(self) -> None:
        await self.page.wait_for_selector(APP_SELECTOR)
        await self.page.wait_for_function(LOADED, arg=self.quiet_ms, polling=50)

    async def rerun_drawn(self) -> None:
        await self.page.wait_for_function(RERUN_DONE, arg=self.quiet_ms, polling=50)

    async def mark(self) -> None:
        await self.page.evaluate("() => { window.__bench.messagesSinceMark = 0; }")

    def slider(self, label: str):
        return self.page.locator(
            f"[data-testid=stSlider] input[type=range][aria-label={json.dumps(label)}]")

    async def step(self, thumb, direction: str) -> tuple[float, float]:
        """Press an arrow key on ``thumb``; milliseconds until the rerun was painted, and
        until its last message arrived (the server's share, network included)."""
        await thumb.focus()
        await self.page.evaluate("() => { window.__bench.keyAt = null; }")
        await self.page.keyboard.press(direction)
        await self.rerun_drawn()
        times = await self.page.evaluate(STEP_TIMES)
        return round(times["felt"], 1), round(times["lastMessage"], 1)

    async def metric(self, label: str) -> str:
        card = self.page.locator("[data-testid=stMetric]").filter(
            has=self.page.locator("[data-testid=stMetricLabel]", has_text=label))
        return (await card.first.locator("[data-testid=stMetricValue]").inner_text()).strip()

    async def picker_text(self, label: str) -> str:
        return await self.page.locator("[data-testid=stSelectbox]").get_by_role(
            "combobox", name=label, exact=True).input_value()

    async def problems(self) -> tuple[int, int]:
        return (await self.page.locator(EXCEPTION).count(),
                await self.page.locator(ERROR).count())


async def _direction(thumb, direction: str) -> str:
    value = float(await thumb.input_value())
    if direction == "ArrowRight" and value >= float(await thumb.get_attribute("max")):
        return "ArrowLeft"
    if direction == "ArrowLeft" and value <= float(await thumb.get_attribute("min")):
        return "ArrowRight"
    return direction


async def _timed_step(view: _Page, log: SessionLog, page: str, thumb,
                     direction: str) -> tuple[str, int]:
    """Move ``thumb`` one step (turning back at either end) and log its timing; returns
    the direction taken and the value the slider should show now."""
    direction = await _direction(thumb, direction)
    before = int(await thumb.input_value())
    felt, server = await view.step(thumb, direction)
    log.steps[page].append(felt)
    log.server.append(server)
    return direction, before + (1 if direction == "ArrowRight" else -1)


async def _checked(view: _Page, log: SessionLog, what: str, read, expected) -> None:
    """Compare what the page shows with what this session expects; look twice."""
    seen = await read()
    if seen == expected:
        return
    await asyncio.sleep(1.0)  # a late repaint is not cross-talk: look again
    seen = await read()
    if seen != expected:
        log.cross_talk.append({"session": log.index, "what": what, "expected": expected,
                               "seen": seen})


async def _open_expander(view: _Page, label: str) -> None:
    """Open the expander labelled ``label`` (a rerun may have drawn it closed again)."""
    details = view.page.locator("[data-testid=stExpander] details").filter(has_text=label)
    for _ in range(5):
        if await details.first.get_attribute("open") is not None:
            return
        await details.first.locator("summary").click()
        await asyncio.sleep(0.3)


async def _upload_own_csv(view: _Page, index: int) -> str:
    page, name = view.page, f"session_{index}.csv"
    expander = t("uploads.trees.expander")
    await _open_expander(view, expander)
    uploader = page.locator("[data-testid=stFileUploader]").filter(
        has_text=t("uploads.trees.csv_file"))
    await view.mark()
    await uploader.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": session_csv(index)}])
    await uploader.locator("[data-testid=stFileChipName]").filter(has_text=name).wait_for()
    await view.rerun_drawn()
    await _open_expander(view, expander)
    await view.mark()
    await page.get_by_role("button", name=t("uploads.trees.add")).click()
    await view.rerun_drawn()
    return name


async def _trees_phase(view: _Page, log: SessionLog, name: str, until: float) -> None:
    own_label = t("uploads.trees.dataset_label", name=name)
    thumb = view.slider(t("trees_page.controls.max_depth"))
    direction = "ArrowRight" if log.index % 2 else "ArrowLeft"
    while time.monotonic() < until:
        direction, depth = await _timed_step(view, log, "trees", thumb, direction)
        await _checked(view, log, "max depth", lambda: thumb.input_value(), str(depth))
        await _checked(view, log, "data set", lambda: view.picker_text(t("trees_page.dataset")),
                       own_label)
        await _checked(view, log, "leaves", lambda: view.metric(t("trees_page.metrics.leaves")),
                       str(expected_leaves(log.index, depth)))


async def _networks_phase(view: _Page, log: SessionLog, until: float) -> None:
    await view.mark()
    await view.page.locator("[data-testid=stSidebarNav] a[href$='/networks']").first.click()
    await view.rerun_drawn()
    thumb = view.slider(t("networks_page.sparsity.label_weights"))
    await thumb.wait_for()
    direction = "ArrowRight" if log.index % 2 else "ArrowLeft"
    params = t("networks_page.metrics.params")
    while time.monotonic() < until:
        direction, percent = await _timed_step(view, log, "networks", thumb, direction)
        await _checked(view, log, "sparsity", lambda: thumb.input_value(), str(percent))
        expected = f"{expected_parameters(percent):,}"
        await _checked(view, log, "non-zero parameters", lambda: view.metric(params), expected)


class _Start:
    """Sessions report when their page has loaded; the timed part starts for all at once."""

    def __init__(self) -> None:
        self.ready = 0
        self.event = asyncio.Event()


async def _session(browser, url: str, log: SessionLog, seconds: float, quiet_ms: int,
                   start: _Start) -> None:
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        await context.add_init_script(INSTRUMENT)
        page = await context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        view = _Page(page, quiet_ms)
        await view.open(f"{url}/trees")
        name = await _upload_own_csv(view, log.index)
        start.ready += 1
        await start.event.wait()  # loading and uploading are not slider steps
        began = time.monotonic()
        await _trees_phase(view, log, name, began + seconds / 2)
        await _networks_phase(view, log, began + seconds)
        log.exceptions, log.errors_shown = await view.problems()
    except Exception as error:  # noqa: BLE001 - one failed session is reported, not fatal
        log.failure = f"{type(error).__name__}: {error}"[:500]
    finally:
        await context.close()


async def _warm_up(browser, url: str, quiet_ms: int) -> None:
    """Run both pages once, so first-visit loading (models, imports) is not counted."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        await context.add_init_script(INSTRUMENT)
        page = await context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        for path in ("trees", "networks"):
            await _Page(page, quiet_ms).open(f"{url}/{path}")
    finally:
        await context.close()


async def _drive(url: str, sessions: int, seconds: float, quiet_ms: int, pid: int,
                 notify: Callable[[str], None]) -> tuple[list[SessionLog], dict]:
    from playwright.async_api import async_playwright

    logs = [SessionLog(index) for index in range(sessions)]
    memory = {"start": None, "samples": [], "after_close": None}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(),
                                                   args=CHROMIUM_ARGS)
        await _warm_up(browser, url, quiet_ms)
        start = _Start()
        tasks = [asyncio.create_task(_session(browser, url, log, seconds, quiet_ms, start))
                 for log in logs]
        while not all(task.done() for task in tasks):
            await asyncio.sleep(MEMORY_EVERY_S)
            if start.event.is_set():
                memory["samples"].append(process_memory_mb(pid)["rss_mb"])
            elif start.ready + sum(task.done() for task in tasks) >= sessions:
                memory["start"] = process_memory_mb(pid)["rss_mb"]
                notify(t("load_test.progress.started", sessions=sessions, seconds=seconds))
                start.event.set()
        await browser.close()
    await asyncio.sleep(5 * MEMORY_EVERY_S)  # the server lets go of closed sessions
    memory["after_close"] = process_memory_mb(pid)["rss_mb"]
    return logs, memory


def _slope_per_minute(samples: list[float]) -> float | None:
    """Least-squares growth of the sampled memory, MiB per minute (flat: about 0)."""
    if len(samples) < 3:
        return None
    seconds = np.arange(len(samples)) * MEMORY_EVERY_S
    return round(float(np.polyfit(seconds, samples, 1)[0]) * 60, 2)


def _summary(logs: list[SessionLog], memory: dict, pid: int, sessions: int,
             seconds: float, quiet_ms: int) -> dict:
    trees = [ms for log in logs for ms in log.steps["trees"]]
    networks = [ms for log in logs for ms in log.steps["networks"]]
    cross_talk = [item for log in logs for item in log.cross_talk]
    failures = [f"{log.index}: {log.failure}" for log in logs if log.failure]
    peak = max(memory["samples"], default=None)
    result = {
        "sessions": sessions, "seconds": seconds, "quiet_ms": quiet_ms,
        "steps": len(trees) + len(networks),
        "steps_per_session": [len(log.steps["trees"]) + len(log.steps["networks"])
                              for log in logs],
        "slider_ms": summarise(trees + networks, digits=1),
        "trees_ms": summarise(trees, digits=1),
        "networks_ms": summarise(networks, digits=1),
        "server_ms": summarise([ms for log in logs for ms in log.server], digits=1),
        "exceptions_shown": sum(log.exceptions for log in logs),
        "errors_shown": sum(log.errors_shown for log in logs),
        "cross_talk": len(cross_talk), "cross_talk_examples": cross_talk[:5],
        "failed_sessions": failures,
        "rss_mb_start": memory["start"], "rss_mb_peak": peak,
        "rss_mb_end": memory["samples"][-1] if memory["samples"] else None,
        "rss_mb_after_close": memory["after_close"],
        "rss_mb_per_minute": _slope_per_minute(memory["samples"]),
        "peak_rss_mb_process": process_memory_mb(pid)["peak_rss_mb"],
        "rss_mb_samples": memory["samples"],
    }
    result["ok"] = (not failures and not cross_talk and result["exceptions_shown"] == 0
                    and result["errors_shown"] == 0 and result["steps"] > 0)
    return result


def measure_load(sessions: int, seconds: float, url: str | None = None,
                 server_pid: int | None = None, quiet_ms: int = QUIET_MS,
                 progress: Callable[[str], None] | None = None) -> dict:
    """Drive ``sessions`` concurrent browser sessions for ``seconds`` of slider moves.

    Parameters
    ----------
    sessions : int
    seconds : float
        Slider time per session (half on the trees page, half on the networks page),
        counted from the moment every session has loaded.
    url, server_pid : optional
        A running app and its process id; default: a fresh ``streamlit run app.py``.
    quiet_ms : int
        A rerun is over after this long without a message or a DOM change.
    progress : callable(str), optional

    Returns
    -------
    dict
        ``slider_ms`` / ``trees_ms`` / ``networks_ms`` (min / median / p95 / max, key
        press -> rerun painted), ``server_ms`` (key press -> the rerun's last message),
        ``exceptions_shown``, ``errors_shown``, ``cross_talk`` (+ examples),
        ``failed_sessions``, the server's memory (``rss_mb_start`` / ``_peak`` /
        ``_end`` / ``_after_close``, ``rss_mb_per_minute``), ``server_tracebacks`` (own
        server only) and ``ok`` (no exception, error, cross-talk or failed session).

    Raises
    ------
    BrowserUnavailable
        When Chromium or Playwright's async API is missing.
    """
    notify = progress or (lambda message: None)
    if chromium_path() is None:
        raise BrowserUnavailable(t("bench.errors.no_chromium", path="chromium"))
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        raise BrowserUnavailable(t("bench.errors.no_playwright")) from None
    for percent in range(100):  # the references, before the clock starts
        expected_parameters(percent)

    def run(address: str, pid: int) -> dict:
        logs, memory = _in_thread(lambda: asyncio.run(
            _drive(address, sessions, seconds, quiet_ms, pid, notify)))
        return _summary(logs, memory, pid, sessions, seconds, quiet_ms)

    if url is not None:
        return run(url, server_pid)
    with StreamlitServer(APP) as server:
        result = run(server.url, server.process.pid)
        result["server_tracebacks"] = server.tracebacks()
    result["ok"] = result["ok"] and result["server_tracebacks"] == 0
    return result


def _in_thread(job: Callable[[], object]) -> object:
    """Run ``job`` in a new thread (so a new event loop) and return its result."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = job()
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=run, name="load-test")
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
