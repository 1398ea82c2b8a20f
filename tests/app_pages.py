"""Open a dashboard page headless the way users reach it: app.py, then the page.

Shared by the network pages' AppTest files. Plotly charts come back as unknown
elements whose ``proto.spec`` is the figure JSON.
"""
from __future__ import annotations

import json
from pathlib import Path

import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"
TIMEOUT = 120


class NavigationPagesManager(PagesManager):
    """AppTest re-detects the ``pages/`` folder before every run and then runs a page
    file on its own (old multipage mode), skipping the rest of app.py (the URL
    notices). The real server stops doing that once app.py calls ``st.navigation``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


def page_opener(monkeypatch, page: str):
    """A function ``open(**query_params) -> AppTest`` that runs app.py then ``page``."""
    monkeypatch.setattr(app_test_module, "PagesManager", NavigationPagesManager)

    def open_page(**query_params) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.switch_page(page)
        for key, value in query_params.items():
            at.query_params[key] = value
        return rerun(at)

    return open_page


def rerun(at_or_widget) -> AppTest:
    """Run the app (after a widget change: ``rerun(widget.set_value(v))``); no failures."""
    at = at_or_widget.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def charts(at: AppTest) -> list[dict]:
    """Every plotly figure on the page, as its JSON."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def chart_titled(at: AppTest, title: str) -> dict:
    """The one chart whose title starts with ``title``."""
    found = [spec for spec in charts(at)
             if spec["layout"].get("title", {}).get("text", "").startswith(title)]
    assert len(found) == 1, [spec["layout"].get("title") for spec in charts(at)]
    return found[0]


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    """``{label: (value, delta)}`` of every metric card."""
    return {m.label: (m.value, m.delta) for m in at.metric}


def notices(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]
