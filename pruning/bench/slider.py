"""Slider -> redrawn charts, in a real browser, on the app's pages and on a bare page.

Each page is opened in its own browser session; its main slider is moved with the
keyboard, one step at a time, and each step is timed from the key press until the
rerun's last message arrived and the browser painted it (see
:mod:`pruning.bench.browser`). The bare one-slider page (``benchmarks/bare_page.py``)
is the floor Streamlit itself imposes; steps on the pages take turns with steps on
the bare page, so both see the same machine load, and the targets are ratios to
the bare page's median.

A slider walks right to its end, then back: later steps may revisit values whose
results the page has cached, as a user exploring would.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from pruning.bench.browser import Slider, exceptions_shown, new_page, open_and_wait
from pruning.bench.server import APP, BARE_PAGE, StreamlitServer
from pruning.bench.stats import ratio, summarise


@dataclass(frozen=True)
class SliderPage:
    """A page and the widget-key prefixes of its main slider (first found wins)."""

    name: str
    script: str
    path: str
    slider_keys: tuple[str, ...]


BARE = SliderPage("bare", BARE_PAGE, "", ("value",))
APP_PAGES = (
    SliderPage("trees", APP, "trees", ("max_depth", "alpha")),
    SliderPage("networks", APP, "networks", ("sparsity", "amount")),
)


def measure_sliders(browser, steps: int, warmup: int = 1,
                    pages: tuple[SliderPage, ...] = APP_PAGES,
                    progress: Callable[[str], None] | None = None) -> dict:
    """Time ``steps`` slider moves on each page and on the bare page, taking turns.

    Returns
    -------
    dict
        ``{"bare": {...}, "<page>": {...}, "steps", "warmup"}``; each page has
        ``slider`` (its label), ``ms`` (summary: min / median / p95 / max),
        ``last_message_ms`` (key press to the rerun's last message: the server's
        share), ``long_tasks_ms`` (browser main thread busy in long tasks),
        ``values`` reached, ``messages`` per step, and for app pages
        ``ratio_p50`` / ``ratio_p95``
        (page median and p95 over the bare page's median). A page that failed
        has ``error`` instead.
    """
    notify = progress or (lambda message: None)
    results: dict = {"steps": steps, "warmup": warmup}
    sliders: dict[str, Slider] = {}
    samples: dict[str, list[float]] = {}
    parts: dict[str, dict[str, list[float]]] = {}
    with StreamlitServer(BARE.script) as bare_server, StreamlitServer(APP) as app_server:
        servers = {BARE.script: bare_server, APP: app_server}
        for page_spec in (BARE, *pages):
            server = servers[page_spec.script]
            try:
                page = new_page(browser)
                open_and_wait(page, f"{server.url}/{page_spec.path}")
                slider = Slider(page, page_spec.slider_keys)
                for _ in range(warmup):
                    slider.step()
            except Exception as error:  # noqa: BLE001 - one broken page must not stop the rest
                results[page_spec.name] = {"error": f"{type(error).__name__}: {error}"[:500]}
                continue
            sliders[page_spec.name] = slider
            samples[page_spec.name] = []
            parts[page_spec.name] = {"last_message": [], "long_tasks": []}
            results[page_spec.name] = {"slider": slider.label, "key": slider.key,
                                       "url_path": page_spec.path, "values": [],
                                       "messages": []}
        for index in range(steps):
            for name, slider in list(sliders.items()):
                notify(f"{name} {index + 1}/{steps}")
                try:
                    step = slider.step()
                except Exception as error:  # noqa: BLE001
                    results[name]["error"] = f"{type(error).__name__}: {error}"[:500]
                    del sliders[name]
                    continue
                samples[name].append(step["ms"])
                parts[name]["last_message"].append(step["last_message_ms"])
                parts[name]["long_tasks"].append(step["long_tasks_ms"])
                results[name]["values"].append(step["value"])
                results[name]["messages"].append(step["messages"])
        for name, slider in sliders.items():
            results[name]["exceptions_shown"] = exceptions_shown(slider.page)
        results["server_tracebacks"] = app_server.tracebacks()
    for name, values in samples.items():
        results[name]["ms"] = summarise(values, digits=1)
        results[name]["last_message_ms"] = summarise(parts[name]["last_message"], digits=1)
        results[name]["long_tasks_ms"] = summarise(parts[name]["long_tasks"], digits=1)
    bare_median = results.get("bare", {}).get("ms", {}).get("median")
    for page_spec in pages:
        page_result = results.get(page_spec.name, {})
        if "ms" in page_result:
            page_result["ratio_p50"] = ratio(page_result["ms"]["median"], bare_median)
            page_result["ratio_p95"] = ratio(page_result["ms"]["p95"], bare_median)
    return results
