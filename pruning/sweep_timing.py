"""Paired timing for sweeps: the unpruned model is timed beside every pruned copy.

A sweep times dozens of models one after another while the machine's load drifts.
A reference timed once, at the start, can be an outlier that every later comparison
inherits (the unpruned model "slower" than copies that do exactly the same dense
work). So each row's models (the unpruned model, the pruned copy, its CSR twin) are
timed in rounds, one forward pass each per round, the order reversed every other
round: the passes of a round see the same load, and the ratio of two passes of one
round are timed within milliseconds of each other. A row's speed-up compares the
medians of passes taken in the same stretch of time, so a load that drifts over the
sweep does not favour the models timed while it was low.

Other processes add *independent* delays to single passes (a pass preempted for a
few milliseconds). Fast models therefore get more rounds, up to a small time
budget, so that a handful of delayed passes cannot move a median; and a speed-up
comes with the range that the two models' quartiles allow, which is how "within
the noise" is judged.

Timing rules are those of :mod:`pruning.metrics.latency`: fixed thread count,
denormals flushed, inference mode, models in eval mode, warm-up passes first.
"""
from __future__ import annotations

import contextlib
import time
from typing import Callable, Sequence

import numpy as np
import torch
from torch import nn

from pruning.metrics import fixed_threads, flushing_denormals
from pruning.metrics.latency import check_timing_settings
from pruning.metrics.macs import evaluating

Forward = Callable[[torch.Tensor], torch.Tensor]


def time_alternating(forwards: Sequence[Forward], inputs: torch.Tensor, *, threads: int,
                     warmup: Sequence[int], repeats: int, max_repeats: int | None = None,
                     min_time_ms: float = 0.0, flush_denormal: bool = True,
                     steady_repeats: int | None = None, steady_spread: float = 0.0
                     ) -> tuple[list[list[float]], list[torch.Tensor]]:
    """Time ``forwards`` in rounds, one pass of each per round.

    Parameters
    ----------
    forwards : sequence of callable
        Models (in eval mode) or anything mapping the batch to outputs.
    inputs : Tensor
        The fixed batch.
    threads : int
        ``torch.set_num_threads`` while timing (restored after).
    warmup : sequence of int
        Untimed passes of each forward before the first round (a model already
        warmed up earlier may need none).
    repeats : int
        Rounds at least; odd rounds run the forwards in reverse order, so no model
        always runs right after the same other one.
    max_repeats : int, optional
        Rounds at most (default: ``repeats``). Rounds beyond ``repeats`` are run
        only while the timed passes add up to less than ``min_time_ms``: fast
        models get more rounds, slow ones exactly ``repeats``.
    min_time_ms : float
    flush_denormal : bool
    steady_repeats : int, optional
        Fewer rounds than ``repeats`` that suffice when the passes agree: after
        ``steady_repeats`` rounds (and ``min_time_ms``), timing stops early if every
        forward's passes lie within ``steady_spread`` of their median
        (``(max - min) / median <= steady_spread``): no pass was delayed, so more
        rounds would not move the medians. Default: ``repeats`` (no early stop).
    steady_spread : float

    Returns
    -------
    samples : list of list of float
        Milliseconds per round, one list per forward (all the same length).
    outputs : list of Tensor
        Each forward's output of its last timed pass.
    """
    check_timing_settings(threads, min(warmup, default=0), repeats)
    most = max(repeats, max_repeats or repeats)
    samples: list[list[float]] = [[] for _ in forwards]
    outputs: list[torch.Tensor] = [torch.empty(0)] * len(forwards)
    order = list(range(len(forwards)))
    timed_ms = 0.0
    with fixed_threads(threads), flushing_denormals(flush_denormal), torch.inference_mode():
        for index, passes in enumerate(warmup):
            for _ in range(passes):
                forwards[index](inputs)
        fewest = repeats if steady_repeats is None else max(1, min(steady_repeats, repeats))
        round_index = 0
        while not (round_index >= most or (
                round_index >= fewest and timed_ms >= min_time_ms and (
                    round_index >= repeats or _steady(samples, steady_spread)))):
            for index in (order if round_index % 2 == 0 else order[::-1]):
                start = time.perf_counter_ns()
                outputs[index] = forwards[index](inputs)
                elapsed = (time.perf_counter_ns() - start) / 1e6
                samples[index].append(elapsed)
                timed_ms += elapsed
            round_index += 1
    return samples, outputs


def _steady(samples: list[list[float]], spread: float) -> bool:
    """Whether every forward's passes lie within ``spread`` of their median."""
    for values in samples:
        median = float(np.median(values))
        if median <= 0 or (max(values) - min(values)) / median > spread:
            return False
    return True


def time_models(models: Sequence[nn.Module], inputs: torch.Tensor, **settings
                ) -> tuple[list[list[float]], list[torch.Tensor]]:
    """:func:`time_alternating` with every model in eval mode (restored after)."""
    with contextlib.ExitStack() as stack:
        for model in models:
            stack.enter_context(evaluating(model))
        return time_alternating(models, inputs, **settings)


def paired_speedup(reference_ms: Sequence[float], other_ms: Sequence[float]
                   ) -> tuple[float, float, float]:
    """Speed-up of ``other`` over ``reference`` from passes timed in the same rounds.

    Returns
    -------
    speedup : float
        Median time of ``reference`` over median time of ``other`` (> 1: faster).
    low, high : float
        The speed-up's range allowed by the quartiles: ``reference``'s 25th
        percentile over ``other``'s 75th, and 75th over 25th. ``low > 1`` means
        ``other``'s quartile range lies wholly below ``reference``'s: faster
        beyond the timing noise; ``high < 1``: slower beyond it.
    """
    r25, r50, r75 = np.percentile(np.asarray(reference_ms, dtype=float), [25, 50, 75])
    o25, o50, o75 = np.percentile(np.asarray(other_ms, dtype=float), [25, 50, 75])
    return float(r50 / o50), float(r25 / o75), float(r75 / o25)
