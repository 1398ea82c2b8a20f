"""Activation-guided structured pruning: remove the channels that rarely fire.

On a calibration batch of real inputs, each channel's post-ReLU output is recorded.
APoZ (average percentage of zeros) prunes the channels that are zero most often;
"mean" prunes those with the lowest mean activation. Layer-wise, masked like
``structured_masked`` (bias, BatchNorm and next-layer inputs too).
"""
from __future__ import annotations

import torch
from torch import nn

from pruning.nn.activations import apoz, mean_activation, post_activations
from pruning.nn.base import Applied, PruneOptions, TechniqueSpec, structured_layers
from pruning.nn.channels import (channels_to_prune, couplings, dependency_graph, lowest,
                                 mask_channels, output_count)
from pruning.nn.options import check_activation_criterion


def channel_scores(model: nn.Module, X: torch.Tensor, criterion: str) -> dict[str, torch.Tensor]:
    """Per-channel score of every structured layer; the lowest scores go first.

    ``"apoz"`` scores are ``-APoZ`` (most often zero first), ``"mean"`` scores the
    mean activation (least active first).
    """
    outputs = post_activations(model, X)
    if criterion == "apoz":
        return {name: -apoz(values) for name, values in outputs.items()}
    return {name: mean_activation(values) for name, values in outputs.items()}


def apply(model: nn.Module, amount: float, options: PruneOptions) -> Applied:
    check_activation_criterion(options)
    reach = couplings(model, dependency_graph(model, options))
    scores = channel_scores(model, options.calibration()[0], options.activation_criterion)
    removed = {name: lowest(scores[name], channels_to_prune(output_count(layer), amount))
               for name, layer in structured_layers(model)}
    mask_channels(reach, removed)
    return Applied(removed_channels=removed,
                   notes={"criterion": options.activation_criterion})


SPEC = TechniqueSpec(
    key="activation", criterion="activation", granularity="channel",
    scope="layer", needs_data=True, physical=False, apply=apply,
)
