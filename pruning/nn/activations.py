"""What each channel / neuron does on real inputs, for data-guided criteria.

The post-ReLU output of a structured layer is the output of the first activation
module that runs after it (``Linear -> ReLU``, ``Conv -> BatchNorm -> ReLU``).
Statistics are taken per channel over the batch and, for convolutions, over every
spatial position.
"""
from __future__ import annotations

import torch
from torch import nn

from pruning.i18n import t
from pruning.nn.base import PRUNABLE_TYPES, structured_layers

ACTIVATIONS = (nn.ReLU, nn.ReLU6)


@torch.no_grad()
def post_activations(model: nn.Module, X: torch.Tensor) -> dict[str, torch.Tensor]:
    """Post-activation output of every structured layer on ``X``, by layer name.

    Returns
    -------
    dict of str to Tensor
        Each shaped ``(rows, channels)``: one row per sample (and spatial position).

    Raises
    ------
    ValueError
        If a structured layer is not followed by a ReLU before the next layer.
    """
    calls: list[tuple[nn.Module, torch.Tensor | None]] = []

    def record(module, _inputs, output):
        calls.append((module, output.detach() if isinstance(module, ACTIVATIONS) else None))

    watched = [m for m in model.modules() if isinstance(m, PRUNABLE_TYPES + ACTIVATIONS)]
    hooks = [m.register_forward_hook(record) for m in watched]
    was_training = model.training
    try:
        model.eval()
        model(X)
    finally:
        for hook in hooks:
            hook.remove()
        model.train(was_training)

    outputs: dict[str, torch.Tensor] = {}
    for name, layer in structured_layers(model):
        start = next(i for i, (m, _) in enumerate(calls) if m is layer)
        following = next(((m, out) for m, out in calls[start + 1:]
                          if isinstance(m, ACTIVATIONS + PRUNABLE_TYPES)), (None, None))
        if following[1] is None:
            raise ValueError(t("errors.nn.no_activation", layer=name))
        outputs[name] = per_channel(following[1])
    return outputs


def per_channel(output: torch.Tensor) -> torch.Tensor:
    """``(N, C, *spatial)`` -> ``(N * positions, C)``: one column per channel."""
    return output.movedim(1, -1).reshape(-1, output.shape[1])


def apoz(values: torch.Tensor) -> torch.Tensor:
    """Average percentage of zeros of each column (a channel that never fires: 1)."""
    return (values == 0).float().mean(dim=0)


def mean_activation(values: torch.Tensor) -> torch.Tensor:
    """Mean post-activation value of each column."""
    return values.mean(dim=0)


def firing_rate(values: torch.Tensor) -> torch.Tensor:
    """Fraction of rows in which each column is on (> 0)."""
    return (values > 0).float().mean(dim=0)


def binary_entropy(p: torch.Tensor) -> torch.Tensor:
    """Entropy in bits of an on/off variable that is on with probability ``p``
    (0 for a unit always off or always on, 1 for one on half the time)."""
    p = p.double()
    terms = [torch.where(q > 0, -q * torch.log2(q), torch.zeros_like(q)) for q in (p, 1 - p)]
    return (terms[0] + terms[1]).float()
