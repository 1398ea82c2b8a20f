"""Server memory: resident set of the Streamlit server after many browser sessions.

Each session is a new browser context (its own Streamlit session) that opens the
home page and then visits every page of the navigation by clicking its link, as a
student would; sessions stay connected, so the server holds all of them at once
when its resident memory (and peak) is read from ``/proc``.
"""
from __future__ import annotations

from typing import Callable

from pruning.bench.browser import (click_nav, exceptions_shown, navigation_paths, new_page,
                                   open_and_wait)
from pruning.bench.server import APP, StreamlitServer


def measure_memory(browser, sessions: int,
                   progress: Callable[[str], None] | None = None) -> dict:
    """RSS of a fresh app server at start, after each session, and at the end (MiB)."""
    notify = progress or (lambda message: None)
    pages, after_each, paths = [], [], []
    exceptions = 0
    with StreamlitServer(APP) as server:
        at_start = server.rss_mb()
        try:
            for index in range(sessions):
                notify(f"{index + 1}/{sessions}")
                page = new_page(browser)
                pages.append(page)
                open_and_wait(page, server.url)
                paths = navigation_paths(page)
                for path in paths:
                    click_nav(page, path)
                    exceptions += exceptions_shown(page)
                after_each.append(server.rss_mb()["rss_mb"])
            at_end = server.rss_mb()
            tracebacks = server.tracebacks()
        finally:
            for page in pages:
                page.context.close()
    growth = None
    if len(after_each) > 1:  # the first session pays for loading; later ones are the slope
        growth = round((after_each[-1] - after_each[0]) / (len(after_each) - 1), 2)
    return {"sessions": sessions, "pages_visited": paths,
            "rss_mb_start": at_start["rss_mb"], "rss_mb": at_end["rss_mb"],
            "peak_rss_mb": at_end["peak_rss_mb"], "rss_mb_after_each_session": after_each,
            "rss_mb_per_extra_session": growth, "exceptions_shown": exceptions,
            "server_tracebacks": tracebacks}
