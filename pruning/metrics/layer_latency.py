"""Where a forward pass spends its time: measured latency of each leaf module.

The whole pass runs as in :func:`pruning.metrics.measure_latency` (eval mode,
inference mode, fixed threads, denormals flushed, warm-up, median of repeats), with
a forward pre-hook and hook on every leaf module (one with no children) that read
:func:`time.perf_counter_ns` around its call. Each layer is timed inside the real
pass, on its real input, so caches are as warm or as cold as in the pass itself.

What the split is for: telling work that scales with MACs (convolutions, linear
layers) from work that scales with the activations (BatchNorm, ReLU, pooling,
layout changes), which physical channel pruning shrinks only linearly. ``other_ms``
is the pass minus the sum of its leaves: Python glue between modules plus the hooks'
own cost; the hooks make the pass a few microseconds per module slower than
:func:`~pruning.metrics.measure_latency` measures it.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from pruning.metrics.latency import (DEFAULT_REPEATS, DEFAULT_THREADS, DEFAULT_WARMUP, Latency,
                                     check_timing_settings, fixed_threads, flushing_denormals)
from pruning.metrics.macs import evaluating


@dataclass(frozen=True)
class LayerLatency:
    """Measured time of a forward pass, split by leaf module.

    Attributes
    ----------
    total : Latency
        The whole pass (hooks included).
    by_layer : dict of str to Latency
        Each leaf module that ran, by its name in ``model.named_modules()``, in
        call order; a module called twice in one pass counts both calls.
    kinds : dict of str to str
        Each leaf's class name (``"Conv2d"``, ``"MaxPool2d"``...).
    other_ms : float
        Median over repeats of the pass minus the sum of its leaves.
    """

    total: Latency
    by_layer: dict[str, Latency]
    kinds: dict[str, str]
    other_ms: float

    def median_by_kind(self) -> dict[str, float]:
        """Sum of the layers' medians per module class, in milliseconds."""
        sums: dict[str, float] = defaultdict(float)
        for name, latency in self.by_layer.items():
            sums[self.kinds[name]] += latency.median_ms
        return dict(sums)


def _leaves(model: nn.Module) -> list[tuple[str, nn.Module]]:
    return [(name or type(model).__name__, module) for name, module in model.named_modules()
            if next(module.children(), None) is None]


def measure_layer_latency(model: nn.Module, inputs: torch.Tensor, *,
                          threads: int = DEFAULT_THREADS, warmup: int = DEFAULT_WARMUP,
                          repeats: int = DEFAULT_REPEATS,
                          flush_denormal: bool = True) -> LayerLatency:
    """Measured latency of ``model`` on ``inputs``, split by leaf module.

    Parameters
    ----------
    model : nn.Module
        Timed in eval mode; its training flags are restored and its hooks removed
        afterwards, even on error.
    inputs : Tensor
        The fixed batch.
    threads, warmup, repeats, flush_denormal
        As in :func:`pruning.metrics.time_forward`.

    Returns
    -------
    LayerLatency
    """
    check_timing_settings(threads, warmup, repeats)
    leaves = _leaves(model)
    started: dict[str, int] = {}
    elapsed: dict[str, int] = defaultdict(int)

    def before(name):
        def hook(module, args):
            started[name] = time.perf_counter_ns()
        return hook

    def after(name):
        def hook(module, args, output):
            elapsed[name] += time.perf_counter_ns() - started[name]
        return hook

    handles = []
    for name, module in leaves:
        handles.append(module.register_forward_pre_hook(before(name)))
        handles.append(module.register_forward_hook(after(name)))
    totals: list[float] = []
    per_layer: dict[str, list[float]] = defaultdict(list)
    try:
        with evaluating(model), fixed_threads(threads), flushing_denormals(flush_denormal), \
                torch.inference_mode():
            for _ in range(warmup):
                model(inputs)
            for _ in range(repeats):
                elapsed.clear()
                start = time.perf_counter_ns()
                model(inputs)
                totals.append((time.perf_counter_ns() - start) / 1e6)
                for name, nanoseconds in elapsed.items():
                    per_layer[name].append(nanoseconds / 1e6)
    finally:
        for handle in handles:
            handle.remove()
    settings = dict(warmup=warmup, threads=threads, batch_size=len(inputs),
                    denormals_flushed=flush_denormal)
    order = list(per_layer)  # call order: ``elapsed`` fills in the order layers run
    by_layer = {name: Latency.from_samples(per_layer[name], **settings) for name in order}
    others = [total - sum(per_layer[name][index] for name in order)
              for index, total in enumerate(totals)]
    kinds = {name: type(module).__name__ for name, module in leaves if name in per_layer}
    return LayerLatency(total=Latency.from_samples(totals, **settings), by_layer=by_layer,
                        kinds=kinds, other_ms=float(np.median(others)))
