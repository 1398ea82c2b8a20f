"""The load test, short: a few browser sessions at once on one server, each moving the
trees and networks sliders and checking that it only ever sees its own state.

The full version (20 sessions x 60 s) is section 8 of the benchmark
(``python -m pruning bench``, :mod:`pruning.bench.load`). Numbers are printed and saved
to ``tests/artifacts/load.json``; speed is not asserted here.
"""
from __future__ import annotations

import json

import pytest

from pruning.bench.load import measure_load
from tests.browser.conftest import ARTIFACTS

SESSIONS, SECONDS = 4, 15


@pytest.mark.timeout(900)
def test_concurrent_sessions_see_only_their_own_state(app_server):
    result = measure_load(SESSIONS, SECONDS, url=app_server.url,
                          server_pid=app_server.process.pid)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(result, indent=2))
    print(f"\nload: {SESSIONS} sessions x {SECONDS} s: {result['steps']} steps, slider "
          f"p50 {result['slider_ms']['median']} ms / p95 {result['slider_ms']['p95']} ms, "
          f"memory {result['rss_mb_start']} -> peak {result['rss_mb_peak']} MiB, "
          f"cross-talk {result['cross_talk']}, exceptions {result['exceptions_shown']}")
    assert result["failed_sessions"] == []
    assert result["cross_talk"] == 0, result["cross_talk_examples"]
    assert result["exceptions_shown"] == 0 and result["errors_shown"] == 0
    assert all(steps > 0 for steps in result["steps_per_session"])
    assert result["trees_ms"]["n"] > 0 and result["networks_ms"]["n"] > 0
    assert result["rss_mb_start"] and result["rss_mb_peak"] >= result["rss_mb_start"] * 0.9
    assert result["ok"]
