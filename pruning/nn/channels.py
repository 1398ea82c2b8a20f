"""Channel bookkeeping shared by the structured techniques.

Removing output channel ``c`` of a layer also removes everything that channel feeds
or is normalised by: its bias, the following BatchNorm's scale and shift, and the
input columns of the next layer (after a ``Flatten`` one channel is several
features). Torch-Pruning's dependency graph knows these couplings for any traced
model; masked techniques use it to zero exactly what physical removal deletes, so a
masked channel behaves like a removed one (conv -> 0, BN -> 0, ReLU -> 0).
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch_pruning as tp
from torch import nn
from torch.nn.utils import prune as torch_prune

from pruning.i18n import t
from pruning.nn.base import PruneOptions, structured_layers

# Spatial size of the made-up input for a convolutional first layer when no data is
# given (the sample CNN reads 8 x 8 digits).
DEFAULT_IMAGE_SIZE = 8


def channels_to_prune(count: int, amount: float) -> int:
    """How many of a layer's ``count`` channels a layer-wise ``amount`` removes.

    ``round(amount * count)``, as ``torch.nn.utils.prune`` counts weights, but at
    least one channel is always kept so the layer still carries a signal.
    """
    return max(0, min(round(amount * count), count - 1))


def output_count(layer: nn.Module) -> int:
    """Output channels (Conv2d) or neurons (Linear) of a layer."""
    return layer.out_features if isinstance(layer, nn.Linear) else layer.out_channels


def example_input(model: nn.Module, options: PruneOptions) -> torch.Tensor:
    """A one-row batch shaped for ``model`` (for tracing, never for statistics)."""
    if options.example_input is not None:
        return options.example_input
    if options.data is not None:
        return options.data.X_train[:1]
    first = next((m for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d))), None)
    if isinstance(first, nn.Linear):
        return torch.zeros(1, first.in_features)
    if isinstance(first, nn.Conv2d):
        return torch.zeros(1, first.in_channels, DEFAULT_IMAGE_SIZE, DEFAULT_IMAGE_SIZE)
    raise ValueError(t("errors.nn.no_prunable_layer"))


def dependency_graph(model: nn.Module, options: PruneOptions) -> tp.DependencyGraph:
    """Torch-Pruning's dependency graph of ``model``, traced on an example input.

    Must be built before any mask is applied (masked weights are no longer
    parameters, which the tracer does not follow).
    """
    example = example_input(model, options)
    try:
        with torch.enable_grad():
            return tp.DependencyGraph().build_dependency(
                model, example_inputs=example, verbose=False)
    except (RuntimeError, ValueError) as error:
        raise ValueError(t("errors.nn.trace_failed", reason=str(error).splitlines()[0])) from None


@dataclass(frozen=True)
class Coupled:
    """One parameter slice that moves with a layer's output channels.

    ``positions[i]`` along ``dim`` of ``module.<param>`` belongs to root channel
    ``roots[i]`` of the layer that owns the coupling.
    """

    module: nn.Module
    param: str
    dim: int
    positions: torch.Tensor
    roots: torch.Tensor


def couplings(model: nn.Module, graph: tp.DependencyGraph) -> dict[str, list[Coupled]]:
    """For every structured layer, the parameter slices its output channels reach."""
    reach: dict[str, list[Coupled]] = {}
    for name, layer in structured_layers(model):
        pruner = graph.get_pruner_of_module(layer)
        group = graph.get_pruning_group(layer, pruner.prune_out_channels,
                                        list(range(pruner.get_out_channels(layer))))
        entries: list[Coupled] = []
        for item in group.items:
            module, handler = item.dep.target.module, item.dep.handler
            if not isinstance(module, nn.Module) or next(module.parameters(False), None) is None:
                continue  # ReLU, pooling, flatten...: nothing to mask
            positions = torch.as_tensor(item.idxs, dtype=torch.long)
            roots = torch.as_tensor(item.root_idxs, dtype=torch.long)
            if graph.is_out_channel_pruning_fn(handler) and isinstance(
                    module, (nn.Linear, nn.Conv2d, nn.modules.batchnorm._BatchNorm)):
                entries += [Coupled(module, param, 0, positions, roots)
                            for param in ("weight", "bias")
                            if getattr(module, param, None) is not None]
            elif graph.is_in_channel_pruning_fn(handler) and isinstance(
                    module, (nn.Linear, nn.Conv2d)) and getattr(module, "groups", 1) == 1:
                entries.append(Coupled(module, "weight", 1, positions, roots))
            else:
                raise ValueError(t("errors.nn.unsupported_coupling", layer=name,
                                   module=type(module).__name__))
        reach[name] = entries
    return reach


def mask_channels(reach: dict[str, list[Coupled]], channels: dict[str, list[int]]) -> None:
    """Zero ``channels`` (output indices by layer) and everything coupled to them,
    with ``torch.nn.utils.prune`` masks (which combine with masks already there)."""
    for name, removed in channels.items():
        if not removed:
            continue
        removed_tensor = torch.as_tensor(sorted(removed), dtype=torch.long)
        for entry in reach[name]:
            param = getattr(entry.module, entry.param)
            mask = torch.ones_like(param)
            hit = entry.positions[torch.isin(entry.roots, removed_tensor)]
            mask.index_fill_(entry.dim, hit, 0.0)
            torch_prune.custom_from_mask(entry.module, entry.param, mask)


def lowest(scores: torch.Tensor, count: int) -> list[int]:
    """Indices of the ``count`` lowest ``scores``, sorted (ties: the lower index)."""
    return sorted(torch.argsort(scores, stable=True)[:count].tolist())
