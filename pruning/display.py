"""Small display helpers for pages: readable distinct number labels, diagram export.

Pure Python (no Streamlit), so pages stay thin and these stay testable.
"""
from __future__ import annotations

import math
from typing import Sequence

import graphviz

MAX_SIGNIFICANT_DIGITS = 17  # enough to tell any two different floats apart


def _label(value: float, digits: int) -> str:
    if value == 0:
        return "0"
    return f"{value:.{digits}g}"


def distinct_labels(values: Sequence[float], digits: int = 3) -> list[str]:
    """Short labels for numbers, with just enough significant digits to tell them apart.

    Parameters
    ----------
    values : sequence of float
        Finite numbers, all different (e.g. the alphas of a cost-complexity
        pruning path).
    digits : int
        Fewest significant digits shown.

    Returns
    -------
    list of str
        One label per value, in order, all different. Only values whose labels
        would collide get more digits, so one close pair does not lengthen every
        label; ``float(label)`` is the value rounded to the digits its label uses.

    Raises
    ------
    ValueError
        Repeated or non-finite values (no set of labels can tell them apart).
    """
    values = [float(v) for v in values]
    if not all(math.isfinite(v) for v in values) or len(set(values)) != len(values):
        raise ValueError("values must be finite and all different")
    used = [max(1, digits)] * len(values)
    while True:
        labels = [_label(v, d) for v, d in zip(values, used)]
        holders: dict[str, list[int]] = {}
        for index, label in enumerate(labels):
            holders.setdefault(label, []).append(index)
        clashing = [i for group in holders.values() if len(group) > 1 for i in group]
        if not clashing:
            return labels
        for index in clashing:
            if used[index] >= MAX_SIGNIFICANT_DIGITS:  # distinct floats differ by here
                return [repr(v) for v in values]
            used[index] += 1


def diagram_svg(dot_source: str) -> bytes | None:
    """Render DOT source to SVG with the ``dot`` program; ``None`` if it is not installed."""
    try:
        return graphviz.Source(dot_source).pipe(format="svg")
    except graphviz.ExecutableNotFound:
        return None


def dot_available() -> bool:
    """Whether graphviz's ``dot`` program can be run here."""
    return diagram_svg("digraph { a }") is not None
