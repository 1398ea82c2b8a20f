"""Measured inference latency: warm-up, fixed thread count, median of repeats.

Latency is never estimated from MACs: each forward pass over a fixed batch is timed
with :func:`time.perf_counter_ns`, and the spread (quartiles, min, max) is reported
beside the median so a noisy machine shows as noise, not as a speed-up.

The default is one thread: on a shared machine a second thread often waits for a
busy core, which makes timings jump by tens of milliseconds; one thread is also the
honest picture of a small edge device.

Denormal (subnormal) floats are flushed to zero while timing, as inference runtimes
usually do. Weight decay can leave thousands of weights at ~1e-40; x86 handles
those tens of times slower, so without flushing, *removing* them by magnitude
pruning looks like a 2x speed-up of a dense model that no zero can give. The flag is
per thread: with ``threads > 1`` torch's worker threads may still see denormals.
(oneDNN's convolutions also run about twice as fast with flushing on, even on data
without denormals, so flushing matters for every CNN timing, dense or pruned.)

Models are timed as they are: eager PyTorch, their own memory format (NCHW for the
sample CNN), BatchNorm not folded. Each alternative was measured on the sample CNN
and applies to dense and pruned alike, so none is a fix for a low speed-up / MAC
ratio: a channels_last copy halves the CNN's latency (NCHW max-pooling of 8 x 8
planes is slow) but lowers that ratio at 50% from about 0.52 to 0.45; folding
BatchNorm gains a few percent on both (0.54); a frozen TorchScript graph 0.55. They
would change every latency the app shows and the logits its accuracy is scored on,
so they are not applied; :mod:`pruning.bench.speedup` reports where the time goes.
"""
from __future__ import annotations

import contextlib
import time
from dataclasses import asdict, dataclass
from typing import Callable

import numpy as np
import torch
from torch import nn

from pruning.i18n import t
from pruning.metrics.macs import evaluating

DEFAULT_THREADS = 1
DEFAULT_WARMUP = 3
DEFAULT_REPEATS = 20


@dataclass(frozen=True)
class Latency:
    """Timing of one forward pass over a fixed batch, in milliseconds.

    Attributes
    ----------
    median_ms : float
    p25_ms, p75_ms : float
        Quartiles of the repeats (the spread shown as error bars).
    min_ms, max_ms : float
    repeats, warmup, threads, batch_size : int
        How it was measured.
    denormals_flushed : bool
        Whether denormal floats were flushed to zero while timing.
    """

    median_ms: float
    p25_ms: float
    p75_ms: float
    min_ms: float
    max_ms: float
    repeats: int
    warmup: int
    threads: int
    batch_size: int
    denormals_flushed: bool = True

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_samples(cls, samples_ms: list[float], *, warmup: int, threads: int,
                     batch_size: int, denormals_flushed: bool = True) -> "Latency":
        """Summarise timed repeats (milliseconds)."""
        values = np.asarray(samples_ms, dtype=float)
        p25, median, p75 = np.percentile(values, [25, 50, 75])
        return cls(median_ms=float(median), p25_ms=float(p25), p75_ms=float(p75),
                   min_ms=float(values.min()), max_ms=float(values.max()),
                   repeats=len(values), warmup=warmup, threads=threads,
                   batch_size=batch_size, denormals_flushed=denormals_flushed)


def check_timing_settings(threads: int, warmup: int, repeats: int) -> None:
    """``ValueError`` with a catalogue message for impossible timing settings."""
    if threads < 1:
        raise ValueError(t("metrics.errors.threads"))
    if warmup < 0:
        raise ValueError(t("metrics.errors.warmup"))
    if repeats < 1:
        raise ValueError(t("metrics.errors.repeats"))


@contextlib.contextmanager
def fixed_threads(threads: int):
    """Run the block with ``torch.set_num_threads(threads)``; restore the old value after."""
    if threads < 1:
        raise ValueError(t("metrics.errors.threads"))
    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def denormals_are_flushed() -> bool:
    """Whether this thread currently flushes denormal floats to zero (probed)."""
    return bool((torch.tensor([1e-39]) * 1.0).item() == 0.0)


@contextlib.contextmanager
def flushing_denormals(flush: bool = True):
    """Run the block with denormal flushing on (or off); restore the previous mode."""
    previous = denormals_are_flushed()
    torch.set_flush_denormal(flush)
    try:
        yield
    finally:
        torch.set_flush_denormal(previous)


def time_forward(forward: Callable[[torch.Tensor], torch.Tensor], inputs: torch.Tensor, *,
                 threads: int = DEFAULT_THREADS, warmup: int = DEFAULT_WARMUP,
                 repeats: int = DEFAULT_REPEATS, flush_denormal: bool = True) -> Latency:
    """Time ``forward(inputs)`` with a fixed thread count.

    Parameters
    ----------
    forward : callable
        Anything that maps the batch to outputs (a model, a sparse twin...).
    inputs : Tensor
        The fixed batch (the test split).
    threads : int
        ``torch.set_num_threads`` during the measurement; the previous value is
        restored afterwards, even on error.
    warmup : int
        Untimed passes first (allocations, caches).
    repeats : int
        Timed passes; the result reports their median and spread.
    flush_denormal : bool
        Flush denormal floats to zero while timing (see the module docstring);
        the previous mode is restored afterwards.

    Returns
    -------
    Latency
    """
    return time_forward_with_output(forward, inputs, threads=threads, warmup=warmup,
                                    repeats=repeats, flush_denormal=flush_denormal)[0]


def time_forward_with_output(forward: Callable[[torch.Tensor], torch.Tensor],
                             inputs: torch.Tensor, *, threads: int = DEFAULT_THREADS,
                             warmup: int = DEFAULT_WARMUP, repeats: int = DEFAULT_REPEATS,
                             flush_denormal: bool = True) -> tuple[Latency, torch.Tensor]:
    """:func:`time_forward`, also returning the output of the last timed pass
    (so the caller can score it instead of running the batch once more)."""
    check_timing_settings(threads, warmup, repeats)
    samples = []
    with fixed_threads(threads), flushing_denormals(flush_denormal), torch.inference_mode():
        for _ in range(warmup):
            forward(inputs)
        for _ in range(repeats):
            start = time.perf_counter_ns()
            output = forward(inputs)
            samples.append((time.perf_counter_ns() - start) / 1e6)
    latency = Latency.from_samples(samples, warmup=warmup, threads=threads,
                                   batch_size=len(inputs), denormals_flushed=flush_denormal)
    return latency, output


def measure_latency(model: nn.Module, inputs: torch.Tensor, *,
                    threads: int = DEFAULT_THREADS, warmup: int = DEFAULT_WARMUP,
                    repeats: int = DEFAULT_REPEATS, flush_denormal: bool = True) -> Latency:
    """Measured latency of ``model`` (in eval mode) on the batch ``inputs``.

    Masked models carry their zeros in ordinary dense weights (the masks are
    permanent), so this times exactly what dense hardware would run. See
    :func:`time_forward` for the parameters.
    """
    return measure_latency_with_output(model, inputs, threads=threads, warmup=warmup,
                                       repeats=repeats, flush_denormal=flush_denormal)[0]


def measure_latency_with_output(model: nn.Module, inputs: torch.Tensor, *,
                                threads: int = DEFAULT_THREADS, warmup: int = DEFAULT_WARMUP,
                                repeats: int = DEFAULT_REPEATS, flush_denormal: bool = True
                                ) -> tuple[Latency, torch.Tensor]:
    """:func:`measure_latency`, also returning the model's outputs on ``inputs``."""
    with evaluating(model):
        return time_forward_with_output(model, inputs, threads=threads, warmup=warmup,
                                        repeats=repeats, flush_denormal=flush_denormal)
