"""Run every measurement and gather one plain payload (the ``--json`` output).

Sections: ``slider`` (1), ``backend`` (2), ``sweep`` (3), ``speedup`` (4),
``crossover`` (5), ``cold_start`` (6), ``memory`` (7), ``accuracy``, ``load`` (8); plus
``machine`` (before and after: load changes), ``settings``, ``targets`` and
``seconds`` (how long each section took). A section that failed holds ``error``;
the browser sections hold ``skipped`` when Chromium or Playwright is missing, which
is allowed only outside CI (under ``CI=true`` it is an ``error``).
"""
from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Callable

from pruning.bench import (accuracy, backend_step, cold_start, crossover, load, memory, slider,
                           speedup, sweep)
from pruning.bench.browser import BrowserUnavailable, chromium, running_under_ci
from pruning.bench.machine import machine_info
from pruning.bench.settings import FULL, BenchSettings
from pruning.bench.targets import check_targets
from pruning.i18n import t

SECTIONS = ("slider", "backend", "sweep", "speedup", "crossover", "cold_start", "memory",
            "accuracy", "load")
BROWSER_SECTIONS = ("slider", "cold_start", "memory", "load")

Progress = Callable[[str], None]


def _failure(error: BaseException) -> dict:
    return {"error": f"{type(error).__name__}: {error}"[:1500]}


def _backend_sections(settings: BenchSettings, notify: Progress) -> dict:
    return {
        "backend": lambda: {
            "trees": backend_step.measure_tree_steps(settings.backend_repeats),
            "networks": backend_step.measure_network_steps(
                settings.backend_repeats, progress=lambda m: notify(f"backend {m}"))},
        "sweep": lambda: sweep.measure_sweep(settings.sweep_sparsities,
                                             settings.sweep_cold_repeats,
                                             settings.sweep_cached_repeats),
        "speedup": lambda: speedup.measure_speedups(settings.speedup_rounds,
                                                    settings.speedup_repeats),
        "crossover": lambda: crossover.measure_crossover(settings.crossover_repeats),
        "accuracy": lambda: accuracy.measure_accuracy_drop(settings.accuracy_seeds),
    }


def _browser_sections(settings: BenchSettings, browser, notify: Progress) -> dict:
    return {
        "slider": lambda: slider.measure_sliders(
            browser, settings.slider_steps, settings.slider_warmup,
            progress=lambda m: notify(f"slider {m}")),
        "cold_start": lambda: cold_start.measure_cold_start(
            browser, settings.cold_start_repeats, progress=lambda m: notify(f"cold_start {m}")),
        "memory": lambda: memory.measure_memory(
            browser, settings.memory_sessions, progress=lambda m: notify(f"memory {m}")),
        # its own Chromium, driven with Playwright's async API (many sessions at once)
        "load": lambda: load.measure_load(
            settings.load_sessions, settings.load_seconds,
            progress=lambda m: notify(f"load {m}")),
    }


def _run(name: str, job: Callable[[], dict], payload: dict, notify: Progress) -> None:
    notify(name)
    start = time.perf_counter()
    try:
        payload[name] = job()
    except Exception as error:  # noqa: BLE001 - one failed section must not lose the rest
        payload[name] = _failure(error)
    payload["seconds"][name] = round(time.perf_counter() - start, 1)


def run_benchmark(settings: BenchSettings = FULL, progress: Progress | None = None) -> dict:
    """Run every section (browser ones in one Chromium) and check the targets.

    Parameters
    ----------
    settings : BenchSettings
        ``pruning.bench.settings.FULL`` or ``QUICK``.
    progress : callable(str), optional
        Told what runs now (the command line prints it on stderr).

    Returns
    -------
    dict
        Plain data: every section, ``machine``, ``settings``, ``targets``.
    """
    notify = progress or (lambda message: None)
    payload: dict = {"started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                     "quick": settings.quick, "settings": settings.as_dict(),
                     "machine": machine_info(), "seconds": {}}
    for name, job in _backend_sections(settings, notify).items():
        _run(name, job, payload, notify)
    try:
        with chromium() as browser:
            payload["browser_version"] = browser.version
            for name, job in _browser_sections(settings, browser, notify).items():
                _run(name, job, payload, notify)
    except BrowserUnavailable as missing:
        for name in BROWSER_SECTIONS:
            if running_under_ci():
                payload[name] = {"error": t("bench.errors.browser_required_in_ci",
                                            reason=str(missing))}
            else:
                payload[name] = {"skipped": str(missing)}
    except Exception as error:  # noqa: BLE001 - e.g. Chromium failed to launch
        for name in BROWSER_SECTIONS:
            payload.setdefault(name, _failure(error))
    payload["machine_after"] = {"load_average": machine_info()["load_average"]}
    payload["targets"] = check_targets(payload, settings.quick)
    payload["complete"] = all(name in payload and "error" not in payload[name]
                              for name in SECTIONS)
    return {name: payload[name] for name in _ORDER if name in payload}


_ORDER = ("started", "quick", "complete", "machine", "machine_after", "browser_version",
          "settings", "targets", *SECTIONS, "seconds")
