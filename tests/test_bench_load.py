"""The load test's parts that need no browser: its per-session data and references,
its summary and its report lines (the browser run itself: tests/browser/test_load.py)."""
from __future__ import annotations

import pytest

from pruning.bench.load import (SessionLog, _slope_per_minute, _summary, expected_leaves,
                                session_csv)
from pruning.bench.report import load_lines
from pruning.bench.run import BROWSER_SECTIONS, SECTIONS
from pruning.bench.settings import FULL, QUICK
from pruning.uploads import csv_dataset


def test_every_session_has_data_of_its_own():
    datasets = [csv_dataset(session_csv(index)).dataset for index in range(20)]
    assert len({dataset.name for dataset in datasets}) == 20
    assert len({len(dataset.y) for dataset in datasets}) == 20  # row counts differ too
    assert all(dataset.n_classes == 2 for dataset in datasets)


def test_the_tree_reference_depends_on_the_session_and_the_depth():
    assert expected_leaves(0, 1) == 2
    assert expected_leaves(0, 1) <= expected_leaves(0, 3) <= expected_leaves(0, 6)
    assert [expected_leaves(index, 4) for index in range(6)] != [expected_leaves(0, 4)] * 6


def test_memory_growth_is_a_least_squares_slope_per_minute():
    assert _slope_per_minute([100.0, 101.0, 102.0, 103.0]) == pytest.approx(60.0)
    assert _slope_per_minute([100.0, 100.0, 100.0]) == 0.0
    assert _slope_per_minute([1.0]) is None


def _log(index: int, **changes) -> SessionLog:
    log = SessionLog(index)
    log.steps = {"trees": [100.0, 300.0], "networks": [200.0]}
    log.server = [80.0, 250.0, 150.0]
    for name, value in changes.items():
        setattr(log, name, value)
    return log


def test_the_summary_is_ok_only_without_exceptions_cross_talk_or_failures():
    memory = {"start": 500.0, "samples": [500.0, 505.0, 503.0], "after_close": 501.0}
    clean = _summary([_log(0), _log(1)], memory, pid=1, sessions=2, seconds=10, quiet_ms=700)
    assert clean["ok"] and clean["steps"] == 6 and clean["steps_per_session"] == [3, 3]
    assert clean["slider_ms"]["median"] == 200.0 and clean["trees_ms"]["n"] == 4
    assert clean["server_ms"]["median"] == 150.0
    assert clean["rss_mb_peak"] == 505.0 and clean["rss_mb_end"] == 503.0
    talk = [{"session": 1, "what": "leaves", "expected": "5", "seen": "7"}]
    for bad in (_log(1, cross_talk=talk), _log(1, exceptions=1), _log(1, errors_shown=2),
                _log(1, failure="TimeoutError")):
        assert not _summary([_log(0), bad], memory, 1, 2, 10, 700)["ok"]
    lines = load_lines({**clean, "server_tracebacks": 0}, FULL.as_dict())
    assert "OK" in lines[2] and "200" in lines[1] and "505" in lines[3]


def test_the_load_test_is_a_browser_section_of_the_benchmark():
    assert "load" in SECTIONS and "load" in BROWSER_SECTIONS
    assert (FULL.load_sessions, FULL.load_seconds) == (20, 60)
    assert QUICK.load_sessions < FULL.load_sessions and QUICK.load_seconds < FULL.load_seconds
