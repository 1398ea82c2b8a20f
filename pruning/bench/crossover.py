"""Sparse-format crossover: from which sparsity the CSR twin of an MLP beats dense.

The trade-off page's own measurement: :func:`pruning.sweep.sweep_networks` with
global magnitude pruning times, for every sparsity, the unpruned model, the pruned
copy and its CSR twin (logits checked against dense first) in alternating rounds;
:func:`pruning.sweep.csr_crossover` is the lowest sparsity from which the CSR twin
is clearly faster (quartile ranges apart) at every higher sparsity.
"""
from __future__ import annotations

from typing import Sequence

from pruning.sweep import csr_crossover, sweep_networks

SPARSITIES = (0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99)
MODELS = ("mlp", "mlp_overparam")
TECHNIQUE = "magnitude_global"


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def measure_crossover(repeats: int, warmup: int = 2, sparsities: Sequence[float] = SPARSITIES,
                      models: Sequence[str] = MODELS) -> dict:
    """Per model: dense and CSR latency (median and quartiles) at each sparsity, and
    the crossover."""
    results = {}
    for model in models:
        sweep = sweep_networks(model, [TECHNIQUE], sparsities, repeats=repeats, warmup=warmup)
        results[model] = {
            "crossover_sparsity": csr_crossover(sweep.rows),
            "rows": [{"weight_sparsity": round(row["weight_sparsity"], 4),
                      **{key: _rounded(row.get(key)) for key in (
                          "latency_ms_dense", "latency_ms_dense_p25", "latency_ms_dense_p75",
                          "latency_ms_sparse", "latency_ms_sparse_p25",
                          "latency_ms_sparse_p75")}}
                     for row in sweep.rows],
        }
    return {"technique": TECHNIQUE, "repeats": repeats, "warmup": warmup,
            "settings": {key: value for key, value in sweep.settings.items()
                         if key in ("threads", "max_repeats", "min_time_ms")},
            "models": results}
