"""Trade-off curves: every chosen technique at every chosen sparsity, measured.

:func:`sweep_networks` runs one pruning experiment per (technique, sparsity) and
returns plain rows (dicts of numbers and strings, picklable and cacheable), the
material of the accuracy / latency / size trade-off figures.

Latency is timed in pairs (:mod:`pruning.sweep_timing`): each row's pruned copy
(and its CSR twin) is timed in alternating rounds with the unpruned model, so the
row's speed-up compares passes made under the same machine load. The unpruned
model's reference latency is the median of all its passes over the whole sweep,
not one measurement that could be an outlier. A sweep uses fewer repeats than a
single experiment (it times many models) and every row reports its spread.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

import numpy as np

from pruning.experiment import (NetworkReport, NetworkRequest, dense_metrics, prune_sample,
                                sample_with_data)
from pruning.i18n import t
from pruning.metrics import (DEFAULT_THREADS, Latency, ModelMetrics, accuracy_of_outputs,
                             check_same_logits, fixed_threads, measure_static, to_csr_model)
from pruning.nn import TECHNIQUES, PruneResult
from pruning.nn.base import MAX_AMOUNT
from pruning.sweep_timing import paired_speedup, time_models

DEFAULT_SPARSITIES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
SWEEP_WARMUP = 1
# Rounds per row: each times the unpruned model too, so a slow model (the CNN, ~8 ms a
# pass) gets 3, as many passes as 5 unpaired repeats took; fast ones get more, so a few
# passes delayed by other processes move no median.
SWEEP_REPEATS = 3
# ...unless the first 2 rounds already agree: every model's passes within 5% of their
# median (no pass was delayed, so a third would not move the medians). Only when the
# caller leaves ``repeats`` to the sweep; an explicit count is always honoured.
SWEEP_STEADY_REPEATS = 2
SWEEP_STEADY_SPREAD = 0.05
SWEEP_MAX_REPEATS = 25
SWEEP_MIN_TIME_MS = 20.0  # extra rounds while a row's timed passes add up to less
SWEEP_ACCURACY_PARTS = ("val", "test")  # training accuracy is not plotted; it costs most
# Paired speed-ups (unpruned time / pruned time, with the range the quartiles allow)
# and the sweep-wide reference (median and quartiles of every unpruned pass).
SPEEDUP_FIELDS = tuple(f"{prefix}{suffix}" for prefix in ("speedup", "speedup_sparse")
                       for suffix in ("", "_low", "_high"))
REFERENCE_FIELDS = tuple(f"latency_ms_reference{suffix}" for suffix in ("", "_p25", "_p75"))


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
        ``_min`` / ``_max``. ``latency_ms_dense`` is the unpruned model timed in
        the same rounds as this row's models. ``speedup`` / ``speedup_sparse``
        (with ``_low`` / ``_high``, see :func:`pruning.sweep_timing.paired_speedup`)
        are the paired speed-ups of the pruned copy and of its CSR twin over the
        unpruned model (>1: faster);
        ``latency_ms_reference`` (with ``_p25`` / ``_p75``) pools every pass of
        the unpruned model over the sweep, the same in every row. All ``None``
        when latency is not measured.
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
    repeats: int | None = None,
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
        Time every model, each row's models in at least ``repeats`` alternating
        rounds with the unpruned model (fast models: more, up to
        ``SWEEP_MAX_REPEATS`` rounds or ``SWEEP_MIN_TIME_MS`` of timed passes;
        see :mod:`pruning.sweep_timing`); rows at
        sparsity 0 without fine-tuning *are* the unpruned model: it is timed
        alone, once, and every technique's row at 0 shows that measurement.
        Off: latencies and speed-ups are ``None``.
    threads, warmup : int
        Timing settings; the whole sweep runs on ``threads`` threads. Every
        pruned copy and CSR twin gets ``warmup`` untimed passes, the unpruned
        model once per sweep.
    repeats : int, optional
        Rounds per row at least. Default: ``SWEEP_REPEATS``, or only
        ``SWEEP_STEADY_REPEATS`` for a row whose passes are steady (each model's
        within ``SWEEP_STEADY_SPREAD`` of its median); ``settings["repeats"]``
        then records the fewer rounds.
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
    steady_repeats = None if repeats is not None else SWEEP_STEADY_REPEATS
    repeats = SWEEP_REPEATS if repeats is None else repeats
    requests = [NetworkRequest(model_name, technique, sparsity,
                               finetune_epochs=finetune_epochs, seed=seed, norm=norm,
                               activation_criterion=activation_criterion, steps=steps,
                               schedule=schedule, measure_latency=measure_latency,
                               threads=threads, warmup=warmup, repeats=repeats)
                for technique in techniques for sparsity in sparsities]
    for request in requests[:: len(sparsities)]:  # one per technique
        request.validate()
    sample, data = sample_with_data(model_name)
    dense = dense_metrics(model_name)
    rows, dense_passes = [], []
    unpruned_timing = None  # the unpruned model's timing, shared by every row at 0
    with fixed_threads(threads):
        for index, request in enumerate(requests, start=1):
            result = prune_sample(request, sample, data)
            unpruned = request.sparsity == 0 and request.finetune_epochs == 0
            if measure_latency:
                # The unpruned model gets its warm-up once, before its first round.
                timing = unpruned_timing if unpruned else None
                row, passes, timing = _timed_row(request, sample, data, result, dense, unpruned,
                                                 dense_warmup=0 if dense_passes else warmup,
                                                 steady_repeats=steady_repeats, timed=timing)
                if unpruned:
                    unpruned_timing = timing
                dense_passes.extend(passes)
            elif unpruned:  # nothing pruned, nothing trained: the very model
                row = NetworkReport(request, result, sample.model, dense, dense).to_sweep_row()
            else:
                pruned = measure_static(result.model, data, sample.spec.input_shape,
                                        SWEEP_ACCURACY_PARTS)
                row = NetworkReport(request, result, sample.model, dense, pruned).to_sweep_row()
            rows.append(row)
            if progress is not None:
                progress(index / len(requests), t("sweep.progress", technique=request.technique,
                                                  sparsity=request.sparsity))
    reference = _quartiles(dense_passes) if dense_passes else (None, None, None)
    for row in rows:
        row.update(dict(zip(REFERENCE_FIELDS, reference)))
        for key in SPEEDUP_FIELDS:
            row.setdefault(key, None)
    settings = {key: value for key, value in vars(requests[0]).items()
                if key not in ("model", "technique", "sparsity")}
    settings.update(max_repeats=max(repeats, SWEEP_MAX_REPEATS), min_time_ms=SWEEP_MIN_TIME_MS)
    if steady_repeats is not None:
        settings.update(repeats=min(steady_repeats, repeats), repeats_unless_steady=repeats,
                        steady_spread=SWEEP_STEADY_SPREAD)
    return SweepResult(model_name, techniques, sparsities, rows, settings)


def _quartiles(samples: Sequence[float]) -> tuple[float, float, float]:
    p25, median, p75 = np.percentile(np.asarray(samples, dtype=float), [25, 50, 75])
    return float(median), float(p25), float(p75)


def _timed_row(request: NetworkRequest, sample, data, result: PruneResult,
               dense: ModelMetrics, unpruned: bool, dense_warmup: int,
               steady_repeats: int | None = None, timed: tuple | None = None
               ) -> tuple[dict, list[float], tuple]:
    """One row with its models timed in rounds beside the unpruned model.

    ``timed``: the ``(samples, outputs, has_twin)`` of an earlier row of the very
    same models (the unpruned model at sparsity 0), reused instead of timing again.
    Returns the row, the unpruned model's passes (ms) newly timed for it, and its
    timing (to pass back as ``timed``).
    """
    timing = request.timing
    if timed is None:
        model = sample.model if unpruned else result.model
        twin = to_csr_model(model)
        if twin is not None:
            check_same_logits(model, twin, data.X_test)  # time only a twin that agrees
        models = [sample.model] + ([] if unpruned else [result.model]) + \
            ([twin] if twin is not None else [])
        warmups = [dense_warmup] + [timing.warmup] * (len(models) - 1)
        samples, outputs = time_models(models, data.X_test, threads=timing.threads,
                                       warmup=warmups, repeats=timing.repeats,
                                       max_repeats=max(timing.repeats, SWEEP_MAX_REPEATS),
                                       min_time_ms=SWEEP_MIN_TIME_MS,
                                       flush_denormal=timing.flush_denormal,
                                       steady_repeats=steady_repeats,
                                       steady_spread=SWEEP_STEADY_SPREAD)
        timed, new_passes = (samples, outputs, twin is not None), samples[0]
    else:
        new_passes = []
    samples, outputs, has_twin = timed
    dense_ms = samples[0]
    pruned_ms = dense_ms if unpruned else samples[1]
    sparse_ms = samples[-1] if has_twin else None

    def latency(values: list[float] | None) -> Latency | None:
        return None if values is None else Latency.from_samples(
            values, warmup=timing.warmup, threads=timing.threads,
            batch_size=len(data.X_test), denormals_flushed=timing.flush_denormal)

    dense_timed = replace(dense, latency=latency(dense_ms))
    if unpruned:
        pruned = replace(dense_timed, latency_sparse=latency(sparse_ms))
    else:
        test = accuracy_of_outputs(outputs[1], data.y_test)  # the timed passes ran the test split
        pruned = replace(measure_static(result.model, data, sample.spec.input_shape,
                                        SWEEP_ACCURACY_PARTS, known_accuracy={"test": test}),
                         latency=latency(pruned_ms), latency_sparse=latency(sparse_ms))
    row = NetworkReport(request, result, sample.model, dense_timed, pruned).to_sweep_row()
    row.update(zip(SPEEDUP_FIELDS[:3], paired_speedup(dense_ms, pruned_ms)))
    row.update(zip(SPEEDUP_FIELDS[3:], paired_speedup(dense_ms, sparse_ms)
                   if sparse_ms is not None else (None, None, None)))
    return row, new_passes, timed


def csr_clearly_faster(row: dict) -> bool | None:
    """Whether a row's CSR twin is faster than the unpruned model beyond timing noise.

    Both were timed in the same rounds; "clearly" means their quartile ranges do
    not overlap: the CSR twin's 75th percentile is below the unpruned model's
    25th (``speedup_sparse_low > 1``). ``None`` when the row has no CSR timing
    with quartiles.
    """
    sparse, dense = row.get("latency_ms_sparse_p75"), row.get("latency_ms_dense_p25")
    if sparse is None or dense is None:
        return None
    return sparse < dense


def csr_crossover(rows: list[dict]) -> float | None:
    """Weight sparsity from which the CSR twin is clearly faster than the dense model.

    The smallest ``weight_sparsity`` such that at it and at every higher sparsity
    in ``rows`` every CSR twin is :func:`csr_clearly_faster` than the unpruned
    model timed beside it, so neither one noisy timing nor a win within the noise
    is claimed. ``None`` when rows have no CSR timing or CSR never clearly wins.
    """
    verdicts: dict[float, list[bool]] = {}
    for row in rows:
        verdict = csr_clearly_faster(row)
        if verdict is not None:
            verdicts.setdefault(row["weight_sparsity"], []).append(verdict)
    crossover = None
    for sparsity in sorted(verdicts, reverse=True):
        if not all(verdicts[sparsity]):
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
