"""Unstructured magnitude pruning: the smallest weights (L1) become zeros.

Layer-wise, every layer loses the same fraction; global, one threshold is set over
all layers at once, so layers with many small weights lose more.
"""
from __future__ import annotations

from torch import nn
from torch.nn.utils import prune as torch_prune

from pruning.nn.base import Applied, PruneOptions, TechniqueSpec, prunable_layers


def apply_layerwise(model: nn.Module, amount: float, options: PruneOptions) -> Applied:
    for _, module in prunable_layers(model):
        torch_prune.l1_unstructured(module, "weight", amount=amount)
    return Applied()


def apply_global(model: nn.Module, amount: float, options: PruneOptions) -> Applied:
    torch_prune.global_unstructured(
        [(module, "weight") for _, module in prunable_layers(model)],
        pruning_method=torch_prune.L1Unstructured,
        amount=amount,
    )
    return Applied()


LAYERWISE = TechniqueSpec(
    key="magnitude_layer", criterion="magnitude", granularity="weight",
    scope="layer", needs_data=False, physical=False, apply=apply_layerwise,
)
GLOBAL = TechniqueSpec(
    key="magnitude_global", criterion="magnitude", granularity="weight",
    scope="global", needs_data=False, physical=False, apply=apply_global,
)
