"""Structured magnitude pruning with masks: whole filters / neurons become zeros.

In every layer but the classifier, the filters (rows) with the smallest Ln norm are
masked, the same fraction per layer. Their bias, the following BatchNorm's scale and
shift, and the next layer's matching inputs are masked too, so a masked channel
outputs exactly zero, as if it had been removed; the tensors keep their shapes.
"""
from __future__ import annotations

from torch import nn
from torch.nn.utils import prune as torch_prune

from pruning.nn.base import Applied, PruneOptions, TechniqueSpec, structured_layers
from pruning.nn.channels import (channels_to_prune, couplings, dependency_graph,
                                 mask_channels, output_count)
from pruning.nn.options import check_norm


def apply(model: nn.Module, amount: float, options: PruneOptions) -> Applied:
    check_norm(options)
    reach = couplings(model, dependency_graph(model, options))
    # Rank every layer on its original weights first (as Torch-Pruning does), then
    # mask the couplings, which reach into the next layer's weights.
    removed: dict[str, list[int]] = {}
    for name, layer in structured_layers(model):
        count = channels_to_prune(output_count(layer), amount)
        torch_prune.ln_structured(layer, "weight", amount=count, n=options.norm, dim=0)
        rows_kept = layer.weight_mask.flatten(1).any(dim=1)
        removed[name] = (~rows_kept).nonzero().flatten().tolist()
    mask_channels(reach, removed)
    return Applied(removed_channels=removed)


SPEC = TechniqueSpec(
    key="structured_masked", criterion="magnitude", granularity="channel",
    scope="layer", needs_data=False, physical=False, apply=apply,
)
