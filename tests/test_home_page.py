"""The home page, headless: drawn at once, headline numbers filled in once measured.

The numbers are measured in a child process waited for by a background thread
(``ui.headline``); here that thread mostly runs a gated stand-in, released by the
test, that hands over numbers measured for real on this machine
(``pruning.headlines.headline_numbers``, once per module), so what the page shows
before and after can be checked without racing the clock.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.headline
from pruning.headlines import HEADLINE_REQUESTS, headline_numbers
from pruning.i18n import t
from tests.app_pages import metrics, page_opener, rerun
from tests.test_page_spanish import shown_texts
from tests.untranslated import untranslated

ROOT = Path(__file__).resolve().parents[1]
PAGE = "pages/home.py"
WAIT_S = 120
# (plotly is not here: Streamlit imports it itself, for st.plotly_chart)
HEAVY_MODULES = ("torch", "sklearn", "scipy", "torch_pruning", "pruning.headlines",
                 "pruning.experiment")


@pytest.fixture(scope="module")
def measured():
    """The headline numbers, measured for real on this machine."""
    return headline_numbers()


@pytest.fixture
def fresh_measurement():
    """No measurement cached before or after the test (the cache is per process)."""
    ui.headline.headline_measurement.clear()
    yield
    ui.headline.headline_measurement.clear()


@pytest.fixture
def gated(monkeypatch, fresh_measurement, measured):
    """The measurement waits for ``release.set()``, then hands over ``measured``."""
    release = threading.Event()

    def measure():
        assert release.wait(WAIT_S)
        return measured

    monkeypatch.setattr(ui.headline, "_measure_all", measure)
    yield release
    release.set()  # never leave the thread waiting


@pytest.fixture
def open_page(monkeypatch):
    return page_opener(monkeypatch, PAGE)


def shown_metric_values(at) -> list[str]:
    return [metric.value for metric in at.metric]


def expected_metric_values(headlines, language: str = "en") -> list[str]:
    values = []
    for headline in headlines:
        values += [t("home.times", language, value=headline.macs_ratio),
                   t("home.times_precise", language, value=headline.speedup),
                   t("home.points", language, value=headline.accuracy_change)]
    return values


def test_the_page_is_drawn_before_the_numbers_are_measured_then_shows_them(gated, open_page,
                                                                          measured):
    at = open_page()
    # everything but the numbers is there, and a running status where they go
    assert at.title[0].value == t("home.title")
    assert len(at.page_link) == 6
    assert len(at.table) == 1
    assert [status.label for status in at.status] == [t("home.headline_spinner")]
    assert at.status[0].state == "running"
    assert at.metric.len == 0
    measurement = ui.headline.headline_measurement()
    assert not measurement.done()

    gated.set()
    assert measurement.result(timeout=WAIT_S) is measured
    at = rerun(at)  # in the browser the waiting fragment asks for this rerun
    assert at.status.len == 0
    assert shown_metric_values(at) == expected_metric_values(measured)
    assert at.title[0].value == t("home.title")


def test_the_rows_say_what_was_measured_fine_tuning_included(fresh_measurement, open_page,
                                                              measured, monkeypatch):
    monkeypatch.setattr(ui.headline, "_measure_all", lambda: measured)
    ui.headline.headline_measurement().result(timeout=WAIT_S)
    at = open_page()
    assert at.status.len == 0
    texts = [element.value for element in at.markdown]
    for request in HEADLINE_REQUESTS:
        finetuning = (t("home.finetune_epochs", epochs=request.finetune_epochs)
                      if request.finetune_epochs else t("home.no_finetune"))
        story = t(f"home.headline_{request.model}", sparsity=round(100 * request.sparsity),
                  finetuning=finetuning)
        assert story in texts, story
    assert [headline.model for headline in measured] == [r.model for r in HEADLINE_REQUESTS]
    assert [headline.finetune_epochs for headline in measured] == [
        r.finetune_epochs for r in HEADLINE_REQUESTS]


def test_the_measured_rows_are_in_spanish_on_a_spanish_link(fresh_measurement, open_page,
                                                             measured, monkeypatch):
    monkeypatch.setattr(ui.headline, "_measure_all", lambda: measured)
    ui.headline.headline_measurement().result(timeout=WAIT_S)
    at = open_page(lang="es")
    assert at.metric.len == 3 * len(measured)
    assert shown_metric_values(at) == expected_metric_values(measured, "es")
    assert t("home.metric_speed", "es") in metrics(at)
    assert untranslated(shown_texts(at), "es") == []


def test_a_failed_measurement_is_one_line_and_the_next_visit_measures_again(
        fresh_measurement, measured, monkeypatch):
    def broken():
        raise RuntimeError("the sample weights are unreadable")

    monkeypatch.setattr(ui.headline, "_measure_all", broken)
    failed = ui.headline.headline_measurement()
    assert isinstance(failed.exception(timeout=WAIT_S), RuntimeError)
    page_opener(monkeypatch, PAGE)  # (patches AppTest's page detection, as for every page)
    opened = AppTest.from_file(str(ROOT / "app.py"), default_timeout=WAIT_S)
    opened.switch_page(PAGE)
    opened.run()
    assert not opened.exception
    assert [error.value for error in opened.error] == [t("ui.unexpected_error")]
    assert opened.metric.len == 0

    monkeypatch.setattr(ui.headline, "_measure_all", lambda: measured)
    again = ui.headline.headline_measurement()
    assert again is not failed
    assert again.result(timeout=WAIT_S) is measured


def test_the_numbers_are_measured_in_a_child_process_never_loading_torch_here(measured):
    """The real measurement: ``python -m pruning.headlines`` in a child process; the
    server's process (here a fresh interpreter) never imports torch for it, and the
    child's numbers are the in-process ones (all but the timed speed-up are exact)."""
    check = ("import dataclasses, json, sys, ui.headline\n"
             "rows = ui.headline._measure_all()\n"
             "print(json.dumps({'torch': 'torch' in sys.modules,\n"
             "                  'rows': [dataclasses.asdict(row) for row in rows]}))")
    found = json.loads(subprocess.run([sys.executable, "-c", check], cwd=ROOT,
                                      capture_output=True, text=True, timeout=WAIT_S,
                                      check=True).stdout)
    assert found["torch"] is False
    assert len(found["rows"]) == len(measured)
    for child, here in zip(found["rows"], measured):
        exact = {key: value for key, value in vars(here).items() if key != "speedup"}
        assert {key: child[key] for key in exact} == exact
        assert child["speedup"] > 0


def test_a_failing_child_process_fails_the_measurement_with_its_error(monkeypatch):
    def failing_child(command, **kwargs):
        return subprocess.CompletedProcess(command, 1, "", "Traceback ...\nOSError: unreadable")

    monkeypatch.setattr(ui.headline.subprocess, "run", failing_child)
    with pytest.raises(RuntimeError, match="OSError: unreadable") as raised:
        ui.headline._measure_all()
    assert "exit code 1" in str(raised.value)


def _imports_of(path: Path) -> list[str]:
    modules = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.append(node.module)
    return modules


def test_the_app_shell_and_home_page_import_nothing_heavy():
    """torch, scikit-learn and plotly take seconds to import: the first page a server
    draws (app.py, then home) must not wait for them (the measuring child process does)."""
    modules = sorted(set(_imports_of(ROOT / "app.py") + _imports_of(ROOT / PAGE)))
    check = ("import importlib, sys\n"
             f"for name in {modules!r}: importlib.import_module(name)\n"
             f"print([m for m in {HEAVY_MODULES!r} if m in sys.modules])")
    found = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True,
                           text=True, timeout=WAIT_S, check=True).stdout.strip()
    assert "ui.headline" in modules
    assert found == "[]", f"{modules} import {found}"
