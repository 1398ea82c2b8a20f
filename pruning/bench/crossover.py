"""Sparse-format crossover: from which sparsity the CSR twin of an MLP beats dense.

Magnitude pruning (global) at each sparsity; the dense model and its CSR twin are
timed on the test batch (the twin's logits are checked against dense first).
The crossover is :func:`pruning.sweep.csr_crossover`: the lowest sparsity from which
CSR stays faster than the unpruned dense model at every higher sparsity.
"""
from __future__ import annotations

from typing import Sequence

from pruning.sweep import csr_crossover, sweep_networks

SPARSITIES = (0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99)
MODELS = ("mlp", "mlp_overparam")
TECHNIQUE = "magnitude_global"


def measure_crossover(repeats: int, warmup: int = 3, sparsities: Sequence[float] = SPARSITIES,
                      models: Sequence[str] = MODELS) -> dict:
    """Per model: dense and CSR latency at each sparsity, and the crossover."""
    results = {}
    for model in models:
        sweep = sweep_networks(model, [TECHNIQUE], sparsities, repeats=repeats, warmup=warmup)
        results[model] = {
            "crossover_sparsity": csr_crossover(sweep.rows),
            "rows": [{"sparsity": round(row["weight_sparsity"], 4),
                      "latency_ms_dense": round(row["latency_ms_dense"], 4),
                      "latency_ms_pruned_dense": round(row["latency_ms"], 4),
                      "latency_ms_csr": round(row["latency_ms_sparse"], 4),
                      "latency_ms_csr_p25": round(row["latency_ms_sparse_p25"], 4),
                      "latency_ms_csr_p75": round(row["latency_ms_sparse_p75"], 4)}
                     for row in sweep.rows],
        }
    return {"technique": TECHNIQUE, "repeats": repeats, "warmup": warmup, "models": results}
