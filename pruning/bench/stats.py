"""Summaries of repeated timings: min / median / p95 / max, so spread is always shown."""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator, Sequence

import numpy as np


def summarise(samples: Sequence[float], digits: int = 4) -> dict:
    """``{"n", "min", "median", "p95", "max", "samples"}`` of ``samples``.

    An empty sequence gives ``n = 0`` and ``None`` everywhere else, so a section
    that measured nothing still has every field.
    """
    values = np.asarray(list(samples), dtype=float)
    if values.size == 0:
        return {"n": 0, "min": None, "median": None, "p95": None, "max": None, "samples": []}
    median, p95 = np.percentile(values, [50, 95])
    return {"n": int(values.size), "min": round(float(values.min()), digits),
            "median": round(float(median), digits), "p95": round(float(p95), digits),
            "max": round(float(values.max()), digits),
            "samples": [round(float(v), digits) for v in values]}


def ratio(numerator: float | None, denominator: float | None, digits: int = 3) -> float | None:
    """``numerator / denominator`` rounded, ``None`` if either is missing or zero."""
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, digits)


class Stopwatch:
    """Wall-clock seconds of a block: ``with watch.time(): ...``, then ``watch.samples``."""

    def __init__(self) -> None:
        self.samples: list[float] = []

    @contextmanager
    def time(self) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.samples.append(time.perf_counter() - start)


def seconds_since(start: float) -> float:
    return time.perf_counter() - start
