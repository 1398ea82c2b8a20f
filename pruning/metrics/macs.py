"""Multiply-accumulate operations (MACs) per sample, counted by torch's own counter.

:class:`torch.utils.flop_counter.FlopCounterMode` counts the FLOPs of every matrix
multiply and convolution a forward pass runs; for those operations one MAC is two
FLOPs, so ``MACs = FLOPs / 2``. Element-wise work (bias add, BatchNorm, ReLU,
pooling) is not counted: it is small next to the products and not what pruning
removes.

Dense hardware does every multiply whether the weight is zero or not, so a masked
model has the same MACs as the dense one. :func:`effective_macs` estimates the
multiplies left if zeros were skipped: each prunable layer's MACs times that
layer's weight density. The approximation is exact for a Linear layer (each weight
is used once per sample) and, for a convolution, exact in the counter's convention
(each weight is used once per output position, padded positions included); it
ignores zero *activations* (after ReLU), which sparse kernels could also skip.
"""
from __future__ import annotations

import contextlib
from collections import OrderedDict
from dataclasses import dataclass

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from pruning.nn.base import prunable_layers

_CACHE_SIZE = 64
_layer_macs_cache: OrderedDict[tuple, "MacCount"] = OrderedDict()


@dataclass(frozen=True)
class MacCount:
    """MACs of one forward pass of one sample.

    Attributes
    ----------
    total : int
        Every counted MAC.
    by_layer : dict of str to int
        MACs of each prunable layer (Linear / Conv2d), by module name.
    """

    total: int
    by_layer: dict[str, int]

    @property
    def other(self) -> int:
        """MACs outside the prunable layers (none in the sample zoo)."""
        return self.total - sum(self.by_layer.values())


@contextlib.contextmanager
def evaluating(model: nn.Module):
    """Put ``model`` in eval mode for the block, then restore its training flags."""
    flags = {module: module.training for module in model.modules()}
    model.eval()
    try:
        yield model
    finally:
        for module, training in flags.items():
            module.training = training


def _shape_signature(model: nn.Module, input_shape: tuple[int, ...]) -> tuple:
    # MACs depend only on the layers' kinds and shapes and on the input shape, so
    # masked copies of one architecture share one count.
    # (repr shows every layer's kind, sizes, stride and padding.)
    shapes = tuple((name, tuple(p.shape)) for name, p in model.named_parameters())
    return repr(model), shapes, tuple(input_shape)


def _count(model: nn.Module, input_shape: tuple[int, ...]) -> MacCount:
    sample = torch.zeros(1, *input_shape)
    counter = FlopCounterMode(display=False)
    with evaluating(model), torch.no_grad(), counter:
        model(sample)
    flops_by_module = counter.get_flop_counts()
    root = type(model).__name__
    by_layer = {}
    for name, _ in prunable_layers(model):
        counts = flops_by_module.get(f"{root}.{name}", {})
        by_layer[name] = int(sum(counts.values())) // 2
    return MacCount(total=int(counter.get_total_flops()) // 2, by_layer=by_layer)


def layer_macs(model: nn.Module, input_shape: tuple[int, ...]) -> MacCount:
    """MACs of one sample through ``model``, in total and per prunable layer.

    Parameters
    ----------
    model : nn.Module
        Left unchanged (its training flags are restored).
    input_shape : tuple of int
        Shape of one sample, e.g. ``(64,)`` or ``(1, 8, 8)``.

    Returns
    -------
    MacCount
    """
    key = _shape_signature(model, input_shape)
    cached = _layer_macs_cache.get(key)
    if cached is None:
        cached = _count(model, input_shape)
        _layer_macs_cache[key] = cached
        if len(_layer_macs_cache) > _CACHE_SIZE:
            _layer_macs_cache.popitem(last=False)
    else:
        _layer_macs_cache.move_to_end(key)
    return cached


def count_macs(model: nn.Module, input_shape: tuple[int, ...]) -> int:
    """MACs per sample that dense hardware performs (zeros are multiplied too).

    A physically pruned model has smaller layers, hence fewer MACs; a masked one
    has exactly the dense count.
    """
    return layer_macs(model, input_shape).total


def effective_macs(model: nn.Module, input_shape: tuple[int, ...]) -> int:
    """MACs per sample left if multiplies by zero weights were skipped.

    Each prunable layer contributes its MACs times its weight density
    (non-zero weights / weights); MACs outside prunable layers count in full.
    See the module docstring for why this is exact for Linear layers and, in the
    counter's convention, for convolutions.
    """
    count = layer_macs(model, input_shape)
    total = float(count.other)
    with torch.no_grad():
        for name, module in prunable_layers(model):
            weight = module.weight
            density = int(torch.count_nonzero(weight)) / weight.numel() if weight.numel() else 0.0
            total += count.by_layer[name] * density
    return int(round(total))
