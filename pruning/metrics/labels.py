"""Display names of the metrics in experiment and sweep rows (from the catalogue)."""
from __future__ import annotations

from pruning.i18n import has, t

METRIC_KEYS = (
    "accuracy", "accuracy_dense", "accuracy_val", "params_total", "params_nonzero", "macs",
    "macs_dense", "macs_effective", "size_bytes", "size_bytes_dense", "size_bytes_sparse",
    "latency_ms", "latency_ms_dense", "latency_ms_sparse", "sparsity_requested",
    "sparsity_achieved", "weight_sparsity",
)


def metric_label(key: str, language: str = "en") -> str:
    """The display name of row field ``key`` (e.g. ``"macs_effective"``)."""
    return t(f"metrics.name.{key}", language)


def metric_explanation(key: str, language: str = "en") -> str | None:
    """A one-paragraph explanation of how ``key`` is measured, if the catalogue has one."""
    full = f"metrics.explain.{key}"
    return t(full, language) if has(full, language) else None
