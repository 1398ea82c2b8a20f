"""Whether a measured latency change is larger than the timing noise.

Two timings differ for real only if their spreads do not overlap: when the
interquartile ranges (25th to 75th percentile of the repeats) of the two
measurements overlap, the difference of their medians is within what the machine's
noise does between two runs of the *same* model, and a page should not colour it as
a speed-up or a slow-down.
"""
from __future__ import annotations

from pruning.metrics import Latency


def within_noise(before: Latency, after: Latency) -> bool:
    """``True`` when the interquartile ranges of ``before`` and ``after`` overlap."""
    return before.p25_ms <= after.p75_ms and after.p25_ms <= before.p75_ms
