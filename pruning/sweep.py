"""Trade-off curves: every chosen technique at every chosen sparsity, measured.

:func:`sweep_networks` runs one pruning experiment per (technique, sparsity) and
returns plain rows (dicts of numbers and strings, picklable and cacheable), the
material of the accuracy / latency / size trade-off figures. The dense model is
measured once per sweep; latency uses fewer repeats than a single experiment (a
sweep times many models) and every row reports its spread beside the median.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence


from pruning.experiment import (NetworkReport, NetworkRequest, dense_metrics, evaluate,
                                prune_sample, sample_with_data)
from pruning.i18n import t
from pruning.metrics import DEFAULT_THREADS, fixed_threads, measure_latencies
from pruning.nn import TECHNIQUES
from pruning.nn.base import MAX_AMOUNT

DEFAULT_SPARSITIES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
SWEEP_WARMUP = 1
SWEEP_REPEATS = 5
SWEEP_ACCURACY_PARTS = ("val", "test")  # training accuracy is not plotted; it costs most


@dataclass(frozen=True)
class SweepResult:
    """Rows of a sweep, plain data.

    Attributes
    ----------
    model : str
    techniques : tuple of str
    sparsities : tuple of float
    rows : list of dict
        One per (technique, sparsity), in that order: the ``nn`` command's fields
        (:meth:`pruning.experiment.NetworkReport.to_row`) plus ``unit``,
        ``physical``, ``weight_sparsity``, ``accuracy_val``, ``macs_effective``,
        ``size_bytes_dense``, ``size_bytes_sparse``, ``latency_ms_sparse`` (``None``
        for convolutional models) and each latency's ``_p25`` / ``_p75`` /
        ``_min`` / ``_max``.
    settings : dict
        The options every row shares (seed, fine-tuning, timing...).
    """

    model: str
    techniques: tuple[str, ...]
    sparsities: tuple[float, ...]
    rows: list[dict] = field(default_factory=list)
    settings: dict = field(default_factory=dict)


def check_sweep(techniques: Sequence[str], sparsities: Sequence[float]) -> None:
    """``ValueError`` with a catalogue message for an impossible sweep."""
    if not techniques:
        raise ValueError(t("sweep.errors.no_techniques"))
    if not sparsities:
        raise ValueError(t("sweep.errors.no_sparsities"))
    for value in sparsities:
        if not 0.0 <= value <= MAX_AMOUNT:
            raise ValueError(t("sweep.errors.sparsity_range", max=MAX_AMOUNT, value=value))


def sweep_networks(
    model_name: str,
    techniques: Sequence[str] | None = None,
    sparsities: Sequence[float] = DEFAULT_SPARSITIES,
    *,
    finetune_epochs: int = 0,
    seed: int = 0,
    norm: int = 1,
    activation_criterion: str = "apoz",
    steps: int = 5,
    schedule: str = "cubic",
    measure_latency: bool = True,
    threads: int = DEFAULT_THREADS,
    warmup: int = SWEEP_WARMUP,
    repeats: int = SWEEP_REPEATS,
    progress: Callable[[float, str], None] | None = None,
) -> SweepResult:
    """Prune ``model_name`` with every technique at every sparsity and measure each.

    Parameters
    ----------
    model_name : str
        A sample model.
    techniques : sequence of str, optional
        Registered technique keys; default: all of ``pruning.nn.TECHNIQUES``.
    sparsities : sequence of float in [0, 0.99]
        In each technique's own unit (weights or channels).
    finetune_epochs, seed, norm, activation_criterion, steps, schedule
        As in :class:`pruning.experiment.NetworkRequest`, shared by every row.
    measure_latency : bool
        Time every model (the dense one once per sweep; rows at sparsity 0 without
        fine-tuning *are* the dense model and share its measurement). Off:
        latencies are ``None``.
    threads, warmup, repeats : int
        Timing settings; the whole sweep runs on ``threads`` threads.
    progress : callable(fraction, message), optional
        Called after each row.

    Returns
    -------
    SweepResult
        Deterministic for a seed, apart from the measured latencies.
    """
    techniques = tuple(TECHNIQUES if techniques is None else techniques)
    sparsities = tuple(float(s) for s in sparsities)
    check_sweep(techniques, sparsities)
    requests = [NetworkRequest(model_name, technique, sparsity,
                               finetune_epochs=finetune_epochs, seed=seed, norm=norm,
                               activation_criterion=activation_criterion, steps=steps,
                               schedule=schedule, measure_latency=measure_latency,
                               threads=threads, warmup=warmup, repeats=repeats)
                for technique in techniques for sparsity in sparsities]
    for request in requests[:: len(sparsities)]:  # one per technique
        request.validate()
    sample, data = sample_with_data(model_name)
    rows = []
    with fixed_threads(threads):
        dense = dense_metrics(model_name)
        if measure_latency:
            dense = dense.with_latency(measure_latencies(sample.model, data.X_test,
                                                         requests[0].timing))
        for index, request in enumerate(requests, start=1):
            result = prune_sample(request, sample, data)
            if request.sparsity == 0 and request.finetune_epochs == 0:
                # Nothing pruned, nothing trained: the very model measured above.
                report = NetworkReport(request, result, sample.model, dense, dense)
            else:
                report = evaluate(request, sample, data, result, dense, SWEEP_ACCURACY_PARTS)
            rows.append(report.to_sweep_row())
            if progress is not None:
                progress(index / len(requests), t("sweep.progress", technique=request.technique,
                                                  sparsity=request.sparsity))
    settings = {key: value for key, value in vars(requests[0]).items()
                if key not in ("model", "technique", "sparsity")}
    return SweepResult(model_name, techniques, sparsities, rows, settings)


def csr_crossover(rows: list[dict]) -> float | None:
    """Weight sparsity from which the CSR twin is faster than the dense model.

    The smallest ``weight_sparsity`` such that at it and at every higher sparsity
    in ``rows`` the CSR twin's median latency is below the unpruned model's, so one
    noisy timing does not move it. ``None`` when rows have no CSR timing or CSR
    never wins.
    """
    timed = sorted((row["weight_sparsity"], row["latency_ms_sparse"], row["latency_ms_dense"])
                   for row in rows
                   if row.get("latency_ms_sparse") is not None
                   and row.get("latency_ms_dense") is not None)
    crossover = None
    for sparsity, sparse_ms, dense_ms in reversed(timed):
        if sparse_ms >= dense_ms:
            break
        crossover = sparsity
    return crossover


def pareto_front(rows: list[dict], cost: str, value: str) -> list[int]:
    """Indices of the rows no other row beats on both ``cost`` (lower is better) and
    ``value`` (higher is better), ordered by cost. Rows missing either are skipped."""
    usable = [(row[cost], -row[value], index) for index, row in enumerate(rows)
              if row.get(cost) is not None and row.get(value) is not None]
    front, best = [], float("-inf")
    for row_cost, negative_value, index in sorted(usable):
        if -negative_value > best:
            front.append(index)
            best = -negative_value
    return front
