"""Cold start: ``streamlit run app.py`` until the home page is drawn and interactive.

Each repeat starts a new server process (the operating system's file cache stays
warm, as it would on a second start) and opens the home page in a new browser
session the moment the server answers its health check. "Interactive" is the
first script run finished (``notRunning``) and painted: the whole home page drawn
and usable. Its headline numbers are measured after that, in the background
(:mod:`ui.headline`), so ``headline_numbers_s`` (the numbers shown) is reported
beside it, with the server's start-up alone (health check answered) and the first
visible heading.
"""
from __future__ import annotations

import time
from typing import Callable

from pruning.bench.browser import exceptions_shown, new_page, wait_loaded
from pruning.bench.server import APP, StreamlitServer
from pruning.bench.stats import summarise

FIRST_CONTENT = "[data-testid=stMain] h1"
HEADLINE_NUMBERS = "[data-testid=stMetricValue]"
HEADLINE_TIMEOUT_MS = 180_000


def cold_start_once(browser) -> dict:
    """Seconds from starting the server to: health check, first heading, interactive."""
    server = StreamlitServer(APP)
    page = new_page(browser)
    try:
        server.start()
        healthy_at = server.wait_healthy()
        page.goto(server.url)
        page.wait_for_selector(FIRST_CONTENT)
        heading_at = time.time()
        interactive_at = wait_loaded(page) / 1000
        page.wait_for_selector(HEADLINE_NUMBERS, timeout=HEADLINE_TIMEOUT_MS)
        numbers_at = time.time()
        return {"server_s": healthy_at - server.started_at,
                "first_heading_s": heading_at - server.started_at,
                "interactive_s": interactive_at - server.started_at,
                "headline_numbers_s": numbers_at - server.started_at,
                "exceptions_shown": exceptions_shown(page),
                "server_tracebacks": server.tracebacks()}
    finally:
        page.context.close()
        server.stop()
        server.log_path.unlink(missing_ok=True)


def measure_cold_start(browser, repeats: int,
                       progress: Callable[[str], None] | None = None) -> dict:
    """:func:`cold_start_once` ``repeats`` times; summaries of each figure."""
    notify = progress or (lambda message: None)
    runs = []
    for index in range(repeats):
        notify(f"{index + 1}/{repeats}")
        runs.append(cold_start_once(browser))
    return {
        "interactive_s": summarise([run["interactive_s"] for run in runs], digits=3),
        "server_s": summarise([run["server_s"] for run in runs], digits=3),
        "first_heading_s": summarise([run["first_heading_s"] for run in runs], digits=3),
        "headline_numbers_s": summarise([run["headline_numbers_s"] for run in runs], digits=3),
        "exceptions_shown": sum(run["exceptions_shown"] for run in runs),
        "server_tracebacks": sum(run["server_tracebacks"] for run in runs),
    }
