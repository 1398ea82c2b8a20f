"""Every metric of one model in one record: accuracy, parameters, MACs, bytes, latency."""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import torch
from torch import nn

from pruning.metrics.latency import (DEFAULT_REPEATS, DEFAULT_THREADS, DEFAULT_WARMUP, Latency,
                                     measure_latency_with_output)
from pruning.metrics.macs import count_macs, effective_macs
from pruning.metrics.params import count_parameters
from pruning.metrics.size import csr_bytes, dense_bytes
from pruning.metrics.sparse import measure_sparse_latency
from pruning.training import accuracy

ACCURACY_PARTS = ("train", "val", "test")


def accuracy_of_outputs(outputs: torch.Tensor, labels: torch.Tensor) -> float:
    """Accuracy of logits ``outputs`` against ``labels`` (nan for no rows)."""
    if len(labels) == 0:
        return float("nan")
    return float((outputs.argmax(dim=1) == labels).float().mean())


@dataclass(frozen=True)
class TimingSettings:
    """How latency is measured: threads, untimed warm-up passes, timed repeats, and
    whether denormal floats are flushed (see :mod:`pruning.metrics.latency`)."""

    threads: int = DEFAULT_THREADS
    warmup: int = DEFAULT_WARMUP
    repeats: int = DEFAULT_REPEATS
    flush_denormal: bool = True


@dataclass(frozen=True)
class ModelMetrics:
    """What one model costs and how well it does.

    Attributes
    ----------
    accuracy : dict of str to float
        Accuracy on ``"train"``, ``"val"`` and ``"test"``.
    params_total, params_nonzero : int
        Parameters stored, and those not zero.
    macs : int
        MACs per sample on dense hardware (torch's counter).
    macs_effective : int
        MACs per sample if zero weights were skipped (see :mod:`pruning.metrics.macs`).
    bytes_dense, bytes_sparse : int
        Storage dense, and with prunable weights in CSR format.
    latency : Latency or None
        Measured over the test split; ``None`` when not measured.
    latency_sparse : Latency or None
        The CSR twin's latency (fully connected models only); ``None`` otherwise.
    """

    accuracy: dict[str, float]
    params_total: int
    params_nonzero: int
    macs: int
    macs_effective: int
    bytes_dense: int
    bytes_sparse: int
    latency: Latency | None = None
    latency_sparse: Latency | None = None

    def with_latency(self, timings: "Timings") -> "ModelMetrics":
        """A copy carrying freshly measured latencies."""
        return replace(self, latency=timings.latency, latency_sparse=timings.latency_sparse)

    def as_dict(self) -> dict:
        """Plain data (latencies as dicts or ``None``)."""
        return asdict(self)


def measure_static(model: nn.Module, data, input_shape: tuple[int, ...],
                   parts: tuple[str, ...] = ACCURACY_PARTS,
                   known_accuracy: dict[str, float] | None = None) -> ModelMetrics:
    """Every metric of ``model`` except latency (deterministic, cheap).

    Parameters
    ----------
    model : nn.Module
    data : NetworkData
        Supplies the accuracy parts.
    input_shape : tuple of int
        One sample's shape, for counting MACs.
    parts : tuple of str
        Which data parts to score.
    known_accuracy : dict, optional
        Accuracies already computed (from timed outputs); those parts are not rerun.

    Returns
    -------
    ModelMetrics
    """
    params = count_parameters(model)
    known = known_accuracy or {}
    return ModelMetrics(
        accuracy={part: known[part] if part in known else accuracy(model, *data.part(part))
                  for part in parts},
        params_total=params.total,
        params_nonzero=params.nonzero,
        macs=count_macs(model, input_shape),
        macs_effective=effective_macs(model, input_shape),
        bytes_dense=dense_bytes(model),
        bytes_sparse=csr_bytes(model),
    )


@dataclass(frozen=True, eq=False)
class Timings:
    """Latencies of a model and of its CSR twin, and the model's outputs when timed."""

    latency: Latency
    latency_sparse: Latency | None
    outputs: torch.Tensor


def measure_latencies(model: nn.Module, inputs: torch.Tensor,
                      timing: TimingSettings = TimingSettings(),
                      sparse: bool = True) -> Timings:
    """Measured latency of ``model`` and of its CSR twin (``None`` if it has none)."""
    settings = dict(threads=timing.threads, warmup=timing.warmup, repeats=timing.repeats,
                    flush_denormal=timing.flush_denormal)
    latency, outputs = measure_latency_with_output(model, inputs, **settings)
    twin = measure_sparse_latency(model, inputs, **settings) if sparse else None
    return Timings(latency, twin, outputs)
