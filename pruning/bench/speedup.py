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

Where the time goes, for the physically pruned rows: ``split`` times the dense and
the pruned pass again, in alternating rounds, with a hook around every leaf module
(:func:`pruning.metrics.measure_layer_latency`, same threads, warm-up and repeats)
and gives each layer's median beside its MAC ratio, and the efficiency the
measured non-MAC layers would still allow if every convolution and linear layer
shrank exactly with its MACs. Convolutions and linear layers
shrink with their MACs (both their input and output channels go, so about
``1 / (1 - amount)**2``); BatchNorm, ReLU and pooling shrink only with the
activations (``1 / (1 - amount)``), so the more of the dense time they take, the
further ``efficiency`` stays below 1. ``batch_sizes`` repeats the measurement of
``structured_physical`` at 50% for a few batch sizes (the app times the whole test
split as one batch; rows past its size repeat the split): small batches are
dominated by per-call overheads that do not shrink with the layers.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch
from torch import nn

from pruning.experiment import NetworkRequest, run_network, sample_with_data
from pruning.metrics import DEFAULT_THREADS, layer_macs, measure_latency, measure_layer_latency

AMOUNTS = (0.25, 0.5, 0.75)
TECHNIQUES = ("structured_physical", "structured_masked", "magnitude_global")
MODELS = ("cnn", "mlp")
BATCH_SIZES = (1, 32, 360, 1440)
BATCH_SIZE_AMOUNT = 0.5


def speedup_row(model: str, technique: str, amount: float, rounds: int,
                repeats_per_round: int, warmup: int) -> dict:
    """Measured speed-up, MAC reduction and their ratio for one pruned copy."""
    report = run_network(NetworkRequest(model, technique, amount))
    row = report.to_sweep_row()
    inputs = sample_with_data(model)[1].X_test
    pruned_macs = row["macs"] if row["physical"] else row["macs_effective"]
    mac_reduction = row["macs_dense"] / pruned_macs if pruned_macs else None
    timed = _interleaved(report.original, report.result.model, inputs, rounds,
                         repeats_per_round, warmup, mac_reduction)
    return {
        "model": model, "technique": technique, "amount": amount, "unit": row["unit"],
        "physical": row["physical"], **timed,
        "macs_dense": row["macs_dense"], "macs": pruned_macs,
        "mac_reduction": round(mac_reduction, 3) if mac_reduction else None,
        "accuracy": round(row["accuracy"], 4),
    }


def _interleaved(dense: nn.Module, pruned: nn.Module, inputs: torch.Tensor, rounds: int,
                 repeats_per_round: int, warmup: int, mac_reduction: float | None) -> dict:
    """Dense and pruned timed in alternating rounds; speed-up median and range."""
    dense_ms, pruned_ms = [], []
    for _ in range(rounds):
        for model_to_time, samples in ((dense, dense_ms), (pruned, pruned_ms)):
            latency = measure_latency(model_to_time, inputs, threads=DEFAULT_THREADS,
                                      warmup=warmup, repeats=repeats_per_round)
            samples.append(latency.median_ms)
    speedups = np.asarray(dense_ms) / np.asarray(pruned_ms)
    speedup = float(np.median(speedups))
    return {
        "latency_ms_dense": round(float(np.median(dense_ms)), 4),
        "latency_ms": round(float(np.median(pruned_ms)), 4),
        "speedup": round(speedup, 3),
        "speedup_min": round(float(speedups.min()), 3),
        "speedup_max": round(float(speedups.max()), 3),
        "efficiency": round(speedup / mac_reduction, 3) if mac_reduction else None,
    }


def time_split(model: str, amount: float, rounds: int, repeats_per_round: int,
               warmup: int) -> dict:
    """Per-layer measured time of the dense and the ``structured_physical`` pass.

    Dense and pruned are split in alternating rounds (as :func:`speedup_row` times
    them); each time below is the median over rounds of the round's median.

    Returns
    -------
    dict
        ``layers``: for each leaf module in call order, its kind, dense and pruned
        median (ms), their ratio and, for convolutions and linear layers, the MAC
        ratio; ``kinds``: the same summed per module kind; ``other_ms``: the pass
        minus its layers (Python glue and the hooks); ``total_ms``: the passes;
        ``efficiency_if_layers_matched_macs``: the efficiency if every convolution
        and linear layer shrank exactly by its MAC ratio and the rest stayed as
        measured, i.e. the ceiling that BatchNorm, ReLU, pooling and glue leave.
    """
    report = run_network(NetworkRequest(model, "structured_physical", amount))
    inputs = sample_with_data(model)[1].X_test
    settings = dict(threads=DEFAULT_THREADS, warmup=warmup, repeats=repeats_per_round)
    splits: dict[str, list] = {"dense": [], "pruned": []}
    for _ in range(rounds):
        for key, network in (("dense", report.original), ("pruned", report.result.model)):
            splits[key].append(measure_layer_latency(network, inputs, **settings))
    dense, pruned = _median_split(splits["dense"]), _median_split(splits["pruned"])
    shape = tuple(inputs.shape[1:])
    count_dense, count_pruned = layer_macs(report.original, shape), layer_macs(
        report.result.model, shape)
    macs_dense, macs_pruned = count_dense.by_layer, count_pruned.by_layer

    def ratio(before: float, after: float) -> float | None:
        return round(before / after, 3) if after else None

    layers = {}
    for name, before in dense["layers"].items():
        after = pruned["layers"].get(name)
        layers[name] = {
            "kind": dense["kinds"][name], "dense_ms": round(before, 4),
            "pruned_ms": None if after is None else round(after, 4),
            "time_ratio": None if after is None else ratio(before, after),
            "mac_ratio": (ratio(macs_dense[name], macs_pruned[name])
                          if name in macs_dense and name in macs_pruned else None),
        }
    kinds = {}
    for name, layer in layers.items():
        kind = kinds.setdefault(layer["kind"], {"dense_ms": 0.0, "pruned_ms": 0.0})
        kind["dense_ms"] += dense["layers"][name]
        kind["pruned_ms"] += pruned["layers"].get(name, 0.0)
    for kind in kinds.values():
        kind["share_of_dense"] = round(kind["dense_ms"] / dense["total"], 3)
        kind["dense_ms"], kind["pruned_ms"] = round(kind["dense_ms"], 4), round(
            kind["pruned_ms"], 4)
    # The ceiling the split allows: every conv / linear layer as fast as its MAC ratio
    # promises, every other layer and the glue as measured. Derived from measured
    # times, for the explanation only (no latency shown anywhere comes from it).
    matched = pruned["other"] + sum(
        dense["layers"][name] / layer["mac_ratio"] if layer["mac_ratio"]
        else pruned["layers"].get(name, 0.0) for name, layer in layers.items())
    mac_reduction = count_dense.total / count_pruned.total
    bound = dense["total"] / matched / mac_reduction if matched else None
    return {"model": model, "amount": amount, "layers": layers, "kinds": kinds,
            "efficiency_if_layers_matched_macs": None if bound is None else round(bound, 3),
            "other_ms": {"dense": round(dense["other"], 4), "pruned": round(pruned["other"], 4)},
            "total_ms": {"dense": round(dense["total"], 4), "pruned": round(pruned["total"], 4)}}


def _median_split(splits: list) -> dict:
    """Median over rounds of each layer's, the glue's and the pass's round median."""
    first = splits[0]
    return {
        "layers": {name: float(np.median([split.by_layer[name].median_ms for split in splits]))
                   for name in first.by_layer},
        "kinds": first.kinds,
        "other": float(np.median([split.other_ms for split in splits])),
        "total": float(np.median([split.total.median_ms for split in splits])),
    }


def batch_size_table(model: str, rounds: int, repeats_per_round: int, warmup: int,
                     amount: float = BATCH_SIZE_AMOUNT,
                     batch_sizes: Sequence[int] = BATCH_SIZES) -> list[dict]:
    """Speed-up and efficiency of ``structured_physical`` at ``amount`` per batch size.

    Each batch is the first rows of the test split, or the split repeated when the
    batch is larger; the MAC reduction does not depend on the batch.
    """
    report = run_network(NetworkRequest(model, "structured_physical", amount))
    row = report.to_sweep_row()
    mac_reduction = row["macs_dense"] / row["macs"]
    test = sample_with_data(model)[1].X_test
    rows = []
    for size in batch_sizes:
        copies = -(-size // len(test))
        inputs = test.repeat(copies, *([1] * (test.dim() - 1)))[:size]
        timed = _interleaved(report.original, report.result.model, inputs, rounds,
                             repeats_per_round, warmup, mac_reduction)
        rows.append({"model": model, "amount": amount, "batch_size": size,
                     "mac_reduction": round(mac_reduction, 3), **timed})
    return rows


def measure_speedups(rounds: int, repeats_per_round: int = 5, warmup: int = 2,
                     amounts: Sequence[float] = AMOUNTS,
                     techniques: Sequence[str] = TECHNIQUES,
                     models: Sequence[str] = MODELS, detail: bool = True) -> dict:
    """:func:`speedup_row` for every model x technique x amount.

    With ``detail`` (and ``structured_physical`` among the techniques), also
    ``split`` (:func:`time_split` for every model x amount) and ``batch_sizes``
    (:func:`batch_size_table` for every model).
    """
    rows = [speedup_row(model, technique, amount, rounds, repeats_per_round, warmup)
            for model in models for technique in techniques for amount in amounts]
    result = {"threads": DEFAULT_THREADS, "rounds": rounds,
              "repeats_per_round": repeats_per_round, "warmup": warmup, "rows": rows}
    if detail and "structured_physical" in techniques:
        result["split"] = [time_split(model, amount, rounds, repeats_per_round, warmup)
                           for model in models for amount in amounts]
        result["batch_sizes"] = [row for model in models for row in batch_size_table(
            model, rounds, repeats_per_round, warmup)]
    return result


def efficiency_at(result: dict, model: str, technique: str, amount: float) -> float | None:
    """The efficiency of one row of :func:`measure_speedups` (``None`` if absent)."""
    for row in result.get("rows", []):
        if (row["model"], row["technique"], row["amount"]) == (model, technique, amount):
            return row["efficiency"]
    return None
