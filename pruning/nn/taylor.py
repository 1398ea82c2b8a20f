"""Gradient saliency (first-order Taylor, SNIP-like), global unstructured.

Removing weight ``w`` changes the loss by about ``|w * dL/dw|`` (first-order
Taylor expansion around the trained weights). The gradient is taken on a calibration
batch of real inputs and labels; the weights with the smallest saliency over the
whole network are zeroed. Unlike magnitude, a large weight that the loss barely
depends on can go, and a small one on a sensitive path can stay.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils import prune as torch_prune

from pruning.nn.base import Applied, PruneOptions, TechniqueSpec, prunable_layers


def taylor_scores(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> dict[str, torch.Tensor]:
    """``|w * dL/dw|`` of every prunable layer's weight, by layer name.

    ``L`` is the mean cross-entropy of ``model`` (in eval mode) on ``(X, y)``; the
    parameters' ``.grad`` are not touched.
    """
    layers = prunable_layers(model)
    was_training = model.training
    model.eval()
    weights = [module.weight for _, module in layers]
    with torch.enable_grad():
        loss = nn.functional.cross_entropy(model(X), y)
        grads = torch.autograd.grad(loss, weights)
    model.train(was_training)
    return {name: (weight * grad).abs().detach()
            for (name, _), weight, grad in zip(layers, weights, grads)}


def apply(model: nn.Module, amount: float, options: PruneOptions) -> Applied:
    scores = taylor_scores(model, *options.calibration())
    layers = prunable_layers(model)
    torch_prune.global_unstructured(
        [(module, "weight") for _, module in layers],
        pruning_method=torch_prune.L1Unstructured,
        importance_scores={(module, "weight"): scores[name] for name, module in layers},
        amount=amount,
    )
    return Applied()


SPEC = TechniqueSpec(
    key="taylor", criterion="taylor", granularity="weight",
    scope="global", needs_data=True, physical=False, apply=apply,
)
