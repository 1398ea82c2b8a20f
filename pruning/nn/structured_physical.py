"""Structured magnitude pruning with physical removal: layers really get narrower.

The same criterion as ``structured_masked`` (Ln norm of each filter / neuron's own
weights, the same fraction per layer, classifier outputs kept), but Torch-Pruning's
dependency graph deletes the channels together with everything coupled to them
(bias, BatchNorm entries, the next layer's inputs). The result is a smaller dense
model that runs faster on ordinary hardware.
"""
from __future__ import annotations

import torch_pruning as tp
from torch import nn

from pruning.i18n import t
from pruning.nn.base import Applied, PruneOptions, TechniqueSpec, prunable_layers
from pruning.nn.channels import channels_to_prune, example_input, output_count
from pruning.nn.options import check_norm


def _ratio_for_count(count: int, total: int) -> float:
    """The ratio for which Torch-Pruning removes exactly ``count`` of ``total``.

    It removes ``total - int(total * (1 - ratio))`` channels, where float error can
    add one (300 channels at 0.9 -> 271); half a channel of margin lands on ``count``.
    """
    return (count - 0.5) / total


def apply(model: nn.Module, amount: float, options: PruneOptions) -> Applied:
    check_norm(options)
    layers = prunable_layers(model)
    names = {module: name for name, module in layers}
    ratios = {}
    for _, layer in layers[:-1]:
        total = output_count(layer)
        ratios[layer] = _ratio_for_count(channels_to_prune(total, amount), total)
    # "first": rank by the root layer's own filter norms only (not summed over the
    # coupled BatchNorm / next-layer weights), which is what structured_masked ranks.
    importance = tp.importance.MagnitudeImportance(
        p=options.norm, group_reduction="first", normalizer=None, bias=False)
    try:
        pruner = tp.pruner.BasePruner(
            model, example_input(model, options), importance,
            pruning_ratio_dict=ratios, ignored_layers=[layers[-1][1]])
    except RuntimeError as error:  # the example input does not fit the model
        raise ValueError(t("errors.nn.trace_failed",
                           reason=str(error).splitlines()[0])) from None
    applied = Applied(removed_channels={name: [] for name, _ in layers[:-1]})
    for group in pruner.step(interactive=True):
        # One step prunes each dimension once, so indices are the original ones.
        for item in group.items:
            module, handler = item.dep.target.module, item.dep.handler
            if module not in names:
                continue
            if pruner.DG.is_out_channel_pruning_fn(handler):
                applied.removed_channels[names[module]] = sorted(item.idxs)
            elif pruner.DG.is_in_channel_pruning_fn(handler):
                applied.removed_inputs[names[module]] = sorted(item.idxs)
        group.prune()
    return applied


SPEC = TechniqueSpec(
    key="structured_physical", criterion="magnitude", granularity="channel",
    scope="layer", needs_data=False, physical=True, apply=apply,
)
