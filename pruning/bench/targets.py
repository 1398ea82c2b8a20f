"""The issue's targets (2 CPU cores), checked against a benchmark payload.

Each target reads one figure from the payload; slider targets are ratios to the bare
Streamlit page's median, so they hold on a noisy machine. Figures whose workload
``--quick`` shrinks (fewer sparsities, fewer sessions) are not compared in a quick run.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Callable

PASS, MISS, NOT_MEASURED, NOT_COMPARABLE = "PASS", "MISS", "n/a", "n/a (quick)"


def _get(payload: dict, *path) -> float | None:
    node = payload
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, (int, float)) else None


def _efficiency(payload: dict) -> float | None:
    for row in payload.get("speedup", {}).get("rows", []):
        if (row["model"], row["technique"], row["amount"]) == ("cnn", "structured_physical", 0.5):
            return row["efficiency"]
    return None


@dataclass(frozen=True)
class Target:
    """One target: ``key`` (catalogue ``bench.target.<key>``), how to read the measured
    value, the comparison (``"<="`` or ``">="``), the limit, its unit, and whether
    a quick run measures the same workload."""

    key: str
    read: Callable[[dict], float | None]
    comparison: str
    limit: float
    unit: str | None  # catalogue key bench.unit.<unit>; None: a plain ratio
    same_in_quick: bool = True

    def status(self, value: float | None, quick: bool) -> str:
        if quick and not self.same_in_quick:
            return NOT_COMPARABLE
        if value is None:
            return NOT_MEASURED
        compare = operator.le if self.comparison == "<=" else operator.ge
        return PASS if compare(value, self.limit) else MISS


TARGETS = (
    Target("slider_trees_p50", lambda p: _get(p, "slider", "trees", "ratio_p50"), "<=", 1.3,
           "times_bare"),
    Target("slider_trees_p95", lambda p: _get(p, "slider", "trees", "ratio_p95"), "<=", 2.5,
           "times_bare"),
    Target("slider_networks_p50", lambda p: _get(p, "slider", "networks", "ratio_p50"), "<=",
           1.7, "times_bare"),
    Target("slider_networks_p95", lambda p: _get(p, "slider", "networks", "ratio_p95"), "<=",
           3.0, "times_bare"),
    Target("sweep_cold", lambda p: _get(p, "sweep", "cold_s", "median"), "<=", 10.0, "seconds",
           same_in_quick=False),
    Target("sweep_cached", lambda p: _get(p, "sweep", "cached_with_figures_s", "median"), "<=",
           0.3, "seconds", same_in_quick=False),
    Target("structured_efficiency", _efficiency, ">=", 0.8, None),
    Target("cold_start", lambda p: _get(p, "cold_start", "interactive_s", "median"), "<=", 5.0,
           "seconds"),
    Target("memory", lambda p: _get(p, "memory", "rss_mb"), "<=", 1536.0, "mib",
           same_in_quick=False),
    Target("accuracy_drop", lambda p: _get(p, "accuracy", "drop_points_median"), "<=", 1.0,
           "points"),
)


def check_targets(payload: dict, quick: bool) -> list[dict]:
    """One row per target: key, measured value, comparison, limit, unit, status."""
    rows = []
    for target in TARGETS:
        value = target.read(payload)
        rows.append({"key": target.key, "value": value, "comparison": target.comparison,
                     "limit": target.limit, "unit": target.unit,
                     "status": target.status(value, quick)})
    return rows
