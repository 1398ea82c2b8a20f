"""Real speed-up of pruning: measured latency speed-up divided by MAC reduction.

Each pruned copy comes from :func:`pruning.experiment.run_network` (masks made
permanent). The dense and the pruned model are then timed in alternating rounds
(:func:`pruning.metrics.measure_latency`: warm-up, fixed threads, median of the
round's repeats), so both see the same machine load; ``speedup`` is the median
over rounds of dense median / pruned median, with its min and max over rounds.
``mac_reduction = dense MACs / pruned MACs``, where a masked model counts its
effective (non-zero) MACs: the work its zeros would save on hardware that skipped
them. ``efficiency = speedup / mac_reduction``: 1.0 is the limit; physically
removed channels should come close, masked models (structured or not) stay near
``1 / mac_reduction`` because dense kernels multiply the zeros anyway.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from pruning.experiment import NetworkRequest, run_network, sample_with_data
from pruning.metrics import DEFAULT_THREADS, measure_latency

AMOUNTS = (0.25, 0.5, 0.75)
TECHNIQUES = ("structured_physical", "structured_masked", "magnitude_global")
MODELS = ("cnn", "mlp")


def speedup_row(model: str, technique: str, amount: float, rounds: int,
                repeats_per_round: int, warmup: int) -> dict:
    """Measured speed-up, MAC reduction and their ratio for one pruned copy."""
    report = run_network(NetworkRequest(model, technique, amount))
    row = report.to_sweep_row()
    inputs = sample_with_data(model)[1].X_test
    dense_ms, pruned_ms = [], []
    for _ in range(rounds):
        for model_to_time, samples in ((report.original, dense_ms),
                                       (report.result.model, pruned_ms)):
            latency = measure_latency(model_to_time, inputs, threads=DEFAULT_THREADS,
                                      warmup=warmup, repeats=repeats_per_round)
            samples.append(latency.median_ms)
    speedups = np.asarray(dense_ms) / np.asarray(pruned_ms)
    speedup = float(np.median(speedups))
    pruned_macs = row["macs"] if row["physical"] else row["macs_effective"]
    mac_reduction = row["macs_dense"] / pruned_macs if pruned_macs else None
    return {
        "model": model, "technique": technique, "amount": amount, "unit": row["unit"],
        "physical": row["physical"],
        "latency_ms_dense": round(float(np.median(dense_ms)), 4),
        "latency_ms": round(float(np.median(pruned_ms)), 4),
        "macs_dense": row["macs_dense"], "macs": pruned_macs,
        "speedup": round(speedup, 3),
        "speedup_min": round(float(speedups.min()), 3),
        "speedup_max": round(float(speedups.max()), 3),
        "mac_reduction": round(mac_reduction, 3) if mac_reduction else None,
        "efficiency": round(speedup / mac_reduction, 3) if mac_reduction else None,
        "accuracy": round(row["accuracy"], 4),
    }


def measure_speedups(rounds: int, repeats_per_round: int = 5, warmup: int = 2,
                     amounts: Sequence[float] = AMOUNTS,
                     techniques: Sequence[str] = TECHNIQUES,
                     models: Sequence[str] = MODELS) -> dict:
    """:func:`speedup_row` for every model x technique x amount."""
    rows = [speedup_row(model, technique, amount, rounds, repeats_per_round, warmup)
            for model in models for technique in techniques for amount in amounts]
    return {"threads": DEFAULT_THREADS, "rounds": rounds,
            "repeats_per_round": repeats_per_round, "warmup": warmup, "rows": rows}


def efficiency_at(result: dict, model: str, technique: str, amount: float) -> float | None:
    """The efficiency of one row of :func:`measure_speedups` (``None`` if absent)."""
    for row in result.get("rows", []):
        if (row["model"], row["technique"], row["amount"]) == (model, technique, amount):
            return row["efficiency"]
    return None
