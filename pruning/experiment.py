"""One pruning experiment on a sample model: the entry point of pages and the CLI.

A page or the command line builds a plain :class:`NetworkRequest`, calls
:func:`run_network` and gets a :class:`NetworkReport`: the pruned model and what was
done (:class:`~pruning.nn.PruneResult`), and the metrics of the dense and the pruned
model side by side. The dense model's deterministic metrics are cached per sample
model, so moving a slider costs one pruning and one evaluation. Latency is measured
only when asked (it takes the longest), and then dense and pruned are timed afresh,
back to back, so both see the same machine load.

The model is a :class:`~pruning.model_source.ModelSource`: a sample model by name, or
a user's upload passed in explicitly (``run_network(request, source=...)``, with
``request.model == source.key``). Uploads never enter a process-wide registry, so one
user's model is only reachable by whoever holds its source.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Callable

import torch
from torch import nn

from pruning.i18n import t
from pruning.metrics import (ACCURACY_PARTS, DEFAULT_REPEATS, DEFAULT_THREADS, DEFAULT_WARMUP,
                             Latency, ModelMetrics, TimingSettings, accuracy_of_outputs,
                             fixed_threads, measure_latencies, measure_static)
from pruning.metrics.latency import check_timing_settings
from pruning.model_source import ModelSource
from pruning.models import (SAMPLE_MODELS, NetworkData, SampleModel, load_sample_model,
                            network_data)
from pruning.nn import PruneOptions, PruneResult, get_technique, prune_network
from pruning.nn.base import MAX_AMOUNT
from pruning.nn.options import check_activation_criterion, check_norm, check_schedule
from pruning.uploads.errors import UploadError
from pruning.uploads.remembered import Remembered
from pruning.uploads.techniques import cannot_apply

Progress = Callable[[float, str], None]
log = logging.getLogger(__name__)
UPLOADS_REMEMBERED = 32  # uploads whose dense metrics are kept


@dataclass(frozen=True)
class NetworkRequest:
    """Everything that defines one pruning experiment, as plain values.

    Attributes
    ----------
    model : str
        A sample model (``pruning.models.SAMPLE_MODELS``), or the ``key`` of the
        :class:`~pruning.model_source.ModelSource` passed to :func:`run_network`.
    technique : str
        A registered technique (``pruning.nn.TECHNIQUES``).
    sparsity : float in [0, 0.99]
        Fraction to prune, in the technique's unit (weights or channels).
    finetune_epochs : int
        Fine-tuning after pruning (0: none).
    seed : int
        Seeds every random choice (random pruning, fine-tuning shuffles).
    norm : int
        Ln norm ranking filters / neurons (structured techniques).
    activation_criterion : {"apoz", "mean"}
    steps : int
        Rounds of iterative pruning.
    schedule : {"cubic", "linear"}
        How iterative pruning's sparsity grows over the rounds.
    measure_latency : bool
        Time the dense and pruned models (and a CSR twin of fully connected ones).
    threads, warmup, repeats : int
        Timing settings (see :mod:`pruning.metrics.latency`); ``threads`` is also the
        thread count of the whole experiment.
    flush_denormal : bool
        Flush denormal floats to zero while timing.
    """

    model: str
    technique: str
    sparsity: float
    finetune_epochs: int = 0
    seed: int = 0
    norm: int = 1
    activation_criterion: str = "apoz"
    steps: int = 5
    schedule: str = "cubic"
    measure_latency: bool = False
    threads: int = DEFAULT_THREADS
    warmup: int = DEFAULT_WARMUP
    repeats: int = DEFAULT_REPEATS
    flush_denormal: bool = True

    def validate(self) -> None:
        """``ValueError`` with a catalogue message for the first impossible value."""
        check_model_name(self.model)
        self.validate_settings()

    def validate_settings(self) -> None:
        """:meth:`validate` without the model (which may be an upload's key)."""
        get_technique(self.technique)
        if not 0.0 <= self.sparsity <= MAX_AMOUNT:  # also refuses nan
            raise ValueError(t("errors.amount_range", max=MAX_AMOUNT))
        if self.finetune_epochs < 0:
            raise ValueError(t("experiment.errors.finetune_epochs"))
        options = self.options(data=None)
        check_norm(options)
        check_activation_criterion(options)
        check_schedule(options)
        check_timing_settings(self.threads, self.warmup, self.repeats)

    @property
    def timing(self) -> TimingSettings:
        return TimingSettings(threads=self.threads, warmup=self.warmup, repeats=self.repeats,
                              flush_denormal=self.flush_denormal)

    def options(self, data: NetworkData | None, progress: Progress | None = None) -> PruneOptions:
        """The technique options this request stands for."""
        return PruneOptions(norm=self.norm, activation_criterion=self.activation_criterion,
                            data=data, finetune_epochs=self.finetune_epochs,
                            steps=self.steps, schedule=self.schedule, seed=self.seed,
                            progress=progress)


def check_model_name(name: str) -> None:
    if name not in SAMPLE_MODELS:
        raise ValueError(t("experiment.errors.unknown_model", model=name,
                           choices=", ".join(SAMPLE_MODELS)))


@functools.lru_cache(maxsize=None)
def sample_with_data(name: str) -> tuple[SampleModel, NetworkData]:
    """The loaded sample model and its data split, loaded once per process.

    The model is shared: callers must not modify it (pruning works on copies).
    """
    check_model_name(name)
    sample = load_sample_model(name)
    return sample, network_data(sample.spec)


@functools.lru_cache(maxsize=None)
def sample_source(name: str) -> ModelSource:
    """A sample model as a :class:`~pruning.model_source.ModelSource` (shared; read only)."""
    sample, data = sample_with_data(name)
    return ModelSource(name, sample.model, data, sample.spec.input_shape, label=name,
                       details={"architecture": sample.spec.architecture,
                                "data": sample.spec.dataset})


@functools.lru_cache(maxsize=None)
def dense_metrics(name: str) -> ModelMetrics:
    """Latency-free metrics of the unpruned sample model ``name``, measured once."""
    sample, data = sample_with_data(name)
    with fixed_threads(DEFAULT_THREADS):
        return measure_static(sample.model, data, sample.spec.input_shape)


@dataclass(eq=False)
class NetworkReport:
    """The outcome of one :class:`NetworkRequest`.

    Attributes
    ----------
    request : NetworkRequest
    result : PruneResult
        The pruned model and what was done to it.
    original : nn.Module
        The unpruned sample model (shared; do not modify), for before/after figures.
    dense, pruned : ModelMetrics
        Metrics of the unpruned and the pruned model (latencies ``None`` unless the
        request asked for them).
    """

    request: NetworkRequest
    result: PruneResult
    original: nn.Module
    dense: ModelMetrics
    pruned: ModelMetrics

    @property
    def weight_sparsity(self) -> float:
        """Fraction of the original prunable weights that are zero or gone."""
        layers = self.result.layers
        total = sum(layer.params for layer in layers)
        return 1.0 - sum(layer.nonzero for layer in layers) / total if total else 0.0

    def to_row(self) -> dict:
        """The command line's ``nn`` output: exactly these fields, plain data.

        ``sparsity_*`` are in the technique's unit; ``params_nonzero`` always counts
        parameters left (non-zero), whatever the unit. ``size_bytes`` is the pruned
        model stored dense; latencies are medians in ms (``None`` if not measured).
        """
        return {
            "model": self.request.model,
            "technique": self.request.technique,
            "sparsity_requested": self.result.amount_requested,
            "sparsity_achieved": self.result.amount_achieved,
            "accuracy": self.pruned.accuracy["test"],
            "accuracy_dense": self.dense.accuracy["test"],
            "params_total": self.pruned.params_total,
            "params_nonzero": self.pruned.params_nonzero,
            "macs": self.pruned.macs,
            "macs_dense": self.dense.macs,
            "size_bytes": self.pruned.bytes_dense,
            "latency_ms": _median(self.pruned.latency),
            "latency_ms_dense": _median(self.dense.latency),
            "layers": [{"name": layer.name, "sparsity": layer.sparsity}
                       for layer in self.result.layers],
        }

    def to_sweep_row(self) -> dict:
        """:meth:`to_row` plus what trade-off figures need: unit, weight sparsity,
        effective MACs, CSR bytes, the CSR twin's latency and every latency's spread."""
        spec = get_technique(self.request.technique)
        row = self.to_row()
        row.update({
            "unit": self.result.unit,
            "physical": spec.physical,
            "weight_sparsity": self.weight_sparsity,
            "accuracy_val": self.pruned.accuracy.get("val"),
            "macs_effective": self.pruned.macs_effective,
            "size_bytes_dense": self.dense.bytes_dense,
            "size_bytes_sparse": self.pruned.bytes_sparse,
            "latency_ms_sparse": _median(self.pruned.latency_sparse),
        })
        row.update(_spread("latency_ms", self.pruned.latency))
        row.update(_spread("latency_ms_dense", self.dense.latency))
        row.update(_spread("latency_ms_sparse", self.pruned.latency_sparse))
        return row


def _median(latency: Latency | None) -> float | None:
    return None if latency is None else latency.median_ms


def _spread(prefix: str, latency: Latency | None) -> dict:
    names = ("p25", "p75", "min", "max")
    if latency is None:
        return {f"{prefix}_{name}": None for name in names}
    return {f"{prefix}_{name}": getattr(latency, f"{name}_ms") for name in names}


_upload_dense = Remembered(UPLOADS_REMEMBERED)


def source_dense_metrics(source: ModelSource) -> ModelMetrics:
    """Latency-free metrics of the source's unpruned model, measured once per model."""
    if not source.uploaded:
        return dense_metrics(source.key)

    def measure() -> ModelMetrics:
        with fixed_threads(DEFAULT_THREADS):
            return measure_static(source.model, source.data, source.input_shape)
    return _upload_dense.remember(source.key, measure)


def prune_model(request: NetworkRequest, model: nn.Module, data: NetworkData,
                progress: Progress | None = None) -> PruneResult:
    """Prune a copy of ``model`` as ``request`` says, reproducibly.

    Torch's global random state is seeded from ``request.seed`` inside a fork, so
    the caller's random state is untouched and equal requests give equal results.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(request.seed)
        return prune_network(model, request.technique, request.sparsity,
                             request.options(data, progress))


def prune_sample(request: NetworkRequest, sample: SampleModel, data: NetworkData,
                 progress: Progress | None = None) -> PruneResult:
    """:func:`prune_model` on a sample model."""
    return prune_model(request, sample.model, data, progress)


def _prune_upload(request: NetworkRequest, source: ModelSource,
                  progress: Progress | None) -> PruneResult:
    """Prune an upload; a technique that fails on it is explained, with those that apply."""
    try:
        return prune_model(request, source.model, source.data, progress)
    except Exception as error:  # noqa: BLE001 - a user's model can make a technique fail anyhow
        log.info("technique %s failed on upload %s: %s", request.technique, source.key, error)
        raise cannot_apply(request.technique, source, error) from None


def evaluate_model(request: NetworkRequest, original: nn.Module,
                   input_shape: tuple[int, ...], data: NetworkData, result: PruneResult,
                   dense: ModelMetrics,
                   parts: tuple[str, ...] = ACCURACY_PARTS) -> NetworkReport:
    """Measure ``result.model`` (and time it if ``dense`` carries a latency).

    ``parts`` are the data parts scored for accuracy ("test" is always needed).
    """
    if dense.latency is None:
        pruned = measure_static(result.model, data, input_shape, parts)
    else:
        # The timed passes run the test split anyway: score their outputs.
        timings = measure_latencies(result.model, data.X_test, request.timing)
        test = accuracy_of_outputs(timings.outputs, data.y_test)
        pruned = measure_static(result.model, data, input_shape, parts,
                                known_accuracy={"test": test}).with_latency(timings)
    return NetworkReport(request, result, original, dense, pruned)


def evaluate(request: NetworkRequest, sample: SampleModel, data: NetworkData,
             result: PruneResult, dense: ModelMetrics,
             parts: tuple[str, ...] = ACCURACY_PARTS) -> NetworkReport:
    """:func:`evaluate_model` for a sample model."""
    return evaluate_model(request, sample.model, sample.spec.input_shape, data, result,
                          dense, parts)


def run_network(request: NetworkRequest, progress: Progress | None = None,
                source: ModelSource | None = None) -> NetworkReport:
    """Prune a model as ``request`` says and measure before and after.

    Parameters
    ----------
    request : NetworkRequest
    progress : callable(fraction, message), optional
        Called as the work advances (fractions in [0, 1]).
    source : ModelSource, optional
        The model to prune (e.g. a user's upload); ``request.model`` must be its
        ``key``. Default: the sample model ``request.model``.

    Returns
    -------
    NetworkReport

    Raises
    ------
    ValueError
        With a one-line catalogue message for an impossible request, or (uploads) a
        technique that cannot prune this model, naming those that can.
    """
    if source is None:
        request.validate()
        source = sample_source(request.model)
    elif source.key != request.model:
        raise UploadError("source_mismatch", model=request.model, source=source.key)
    else:
        request.validate_settings()
    notify = progress or (lambda fraction, message: None)
    dense = source_dense_metrics(source)
    with fixed_threads(request.threads):
        notify(0.0, t("experiment.progress.pruning"))
        step = lambda fraction, message: notify(0.7 * fraction, message)  # noqa: E731
        if source.uploaded:
            result = _prune_upload(request, source, step)
        else:
            result = prune_model(request, source.model, source.data, step)
        if request.measure_latency:
            notify(0.7, t("experiment.progress.timing"))
            dense = dense.with_latency(measure_latencies(source.model, source.data.X_test,
                                                         request.timing))
        notify(0.85, t("experiment.progress.measuring"))
        outcome = evaluate_model(request, source.model, source.input_shape, source.data,
                                 result, dense)
    notify(1.0, t("experiment.progress.done"))
    return outcome
