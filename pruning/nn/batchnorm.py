"""Re-estimating BatchNorm statistics after pruning (no training involved)."""
from __future__ import annotations

import torch
from torch import nn


def batchnorm_layers(model: nn.Module) -> list[nn.modules.batchnorm._BatchNorm]:
    return [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]


@torch.no_grad()
def recalibrate_batchnorm(model: nn.Module, X: torch.Tensor, batch_size: int = 4096) -> bool:
    """Replace every BatchNorm's running statistics by those of ``X``, in place.

    Statistics are accumulated as an exact average over the batches
    (``momentum=None``), so with one batch they equal the batch's own mean and
    unbiased variance. Weights are untouched and masks (forward pre-hooks) stay in
    force, so the statistics describe the pruned model. The model is left in eval
    mode.

    Returns
    -------
    bool
        Whether the model had any BatchNorm layer to recalibrate.
    """
    layers = batchnorm_layers(model)
    if not layers:
        return False
    momenta = [layer.momentum for layer in layers]
    for layer in layers:
        layer.reset_running_stats()
        layer.momentum = None
    model.train()
    try:
        for start in range(0, len(X), batch_size):
            model(X[start:start + batch_size])
    finally:
        for layer, momentum in zip(layers, momenta):
            layer.momentum = momentum
        model.eval()
    return True
