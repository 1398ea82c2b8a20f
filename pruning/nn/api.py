"""The driver every technique runs through: copy, prune, fine-tune, finalise, report."""
from __future__ import annotations

import contextlib
import copy
from typing import Iterator

import torch
from torch import nn
from torch.nn.utils import prune as torch_prune

from pruning.i18n import t
from pruning.nn.batchnorm import recalibrate_batchnorm
from pruning.nn.base import (MAX_AMOUNT, Applied, LayerReport, PruneOptions, PruneResult,
                             TechniqueSpec, prunable_layers, structured_layers)
from pruning.training import train


def _standard_layout(model: nn.Module) -> bool:
    return all(tensor.is_contiguous() for tensor in
               [*model.parameters(), *model.buffers()] if tensor.dim() == 4)


@contextlib.contextmanager
def channels_last(model: nn.Module, X: torch.Tensor) -> Iterator[torch.Tensor]:
    """Run ``model`` on images in channels-last layout inside the block; ``X`` converted.

    On CPU, convolutions, max pooling and batch normalisation of NCHW images are
    slower than of NHWC ones (the sample CNN at one thread: recalibrating BatchNorm
    on its 1,149 training images about 4x, an epoch of fine-tuning about 1.2x).
    The model is converted back on leaving, so what is later timed or saved keeps
    its usual layout; results agree with NCHW passes up to float rounding. Inputs
    that are not images, and models whose image tensors were not in the standard
    layout to begin with, are left as they are.
    """
    if X.dim() != 4 or not _standard_layout(model):
        yield X
        return
    model.to(memory_format=torch.channels_last)
    try:
        yield X.contiguous(memory_format=torch.channels_last)
    finally:
        model.to(memory_format=torch.contiguous_format)
        _refresh_masked_weights(model)


def _refresh_masked_weights(model: nn.Module) -> None:
    """Recompute each masked weight (``orig * mask``) from the converted tensors.

    ``torch.nn.utils.prune`` keeps the masked weight as a plain attribute that only
    its forward pre-hook updates; it would otherwise stay in the layout of the
    last pass (and e.g. ``global_unstructured`` flattens it with ``view``).
    """
    for module in model.modules():
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, torch_prune.BasePruningMethod):
                setattr(module, hook._tensor_name, hook.apply_mask(module))


def recalibrate_channels_last(model: nn.Module, X: torch.Tensor) -> bool:
    """:func:`~pruning.nn.batchnorm.recalibrate_batchnorm` inside :func:`channels_last`."""
    with channels_last(model, X) as inputs:
        return recalibrate_batchnorm(model, inputs)


def finetune(model: nn.Module, options: PruneOptions, epochs: int) -> None:
    """Fine-tune ``model`` in place on its training data; masks stay in force."""
    if epochs <= 0:
        return
    if options.data is None:
        raise ValueError(t("errors.needs_data"))
    with channels_last(model, options.data.X_train) as inputs:
        train(model, inputs, options.data.y_train, epochs=epochs, lr=options.finetune_lr,
              seed=options.seed)


def make_permanent(model: nn.Module) -> dict[str, torch.Tensor]:
    """Fold every ``torch.nn.utils.prune`` mask into its parameter.

    Returns the weight masks by module name (before folding), so the result can
    still say which weights were pruned.
    """
    masks: dict[str, torch.Tensor] = {}
    for name, module in model.named_modules():
        for param_name in [n[: -len("_mask")] for n, _ in module.named_buffers(recurse=False)
                           if n.endswith("_mask")]:
            if param_name == "weight":
                masks[name] = getattr(module, "weight_mask").detach().clone()
            torch_prune.remove(module, param_name)
    return masks


def _original_masks(original: nn.Module, applied: Applied,
                    masks: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Masks in the original weight shapes for every prunable layer."""
    full: dict[str, torch.Tensor] = {}
    for name, module in prunable_layers(original):
        if name in masks and masks[name].shape == module.weight.shape:
            full[name] = masks[name].to(torch.bool)
            continue
        mask = torch.ones_like(module.weight, dtype=torch.bool)
        mask[applied.removed_channels.get(name, [])] = False
        mask[:, applied.removed_inputs.get(name, [])] = False
        full[name] = mask
    return full


def _layer_reports(original: nn.Module, pruned: nn.Module,
                   masks: dict[str, torch.Tensor]) -> list[LayerReport]:
    pruned_modules = dict(pruned.named_modules())
    reports = []
    for name, module in prunable_layers(original):
        weight = pruned_modules[name].weight.detach()
        mask = masks[name]
        params = module.weight.numel()
        nonzero = int(torch.count_nonzero(weight))
        rows_alive = mask.reshape(mask.shape[0], -1).any(dim=1)
        reports.append(LayerReport(
            name=name,
            kind="conv" if isinstance(module, nn.Conv2d) else "linear",
            shape=tuple(module.weight.shape),
            params=params,
            nonzero=nonzero,
            sparsity=1.0 - nonzero / params,
            channels=module.weight.shape[0],
            channels_removed=int((~rows_alive).sum()),
        ))
    return reports


def achieved_amount(spec: TechniqueSpec, original: nn.Module,
                    layers: list[LayerReport]) -> float:
    """Pruned fraction in the technique's own unit."""
    if spec.unit == "weights":
        total = sum(layer.params for layer in layers)
        return 1.0 - sum(layer.nonzero for layer in layers) / total
    if spec.unit == "channels":
        names = {name for name, _ in structured_layers(original)}
        counted = [layer for layer in layers if layer.name in names]
        total = sum(layer.channels for layer in counted)
        return sum(layer.channels_removed for layer in counted) / total if total else 0.0
    raise NotImplementedError(spec.unit)


def check_request(spec: TechniqueSpec, amount: float, options: PruneOptions) -> None:
    """Raise ``ValueError`` with a user-readable message for an impossible request."""
    if not 0.0 <= amount <= MAX_AMOUNT:
        raise ValueError(t("errors.amount_range", max=MAX_AMOUNT))
    if (spec.needs_data or options.finetune_epochs > 0) and options.data is None:
        raise ValueError(t("errors.needs_data"))


def run_technique(spec: TechniqueSpec, model: nn.Module, amount: float,
                  options: PruneOptions | None = None) -> PruneResult:
    """Prune a copy of ``model`` with technique ``spec``; ``model`` is never touched.

    Parameters
    ----------
    spec : TechniqueSpec
    model : nn.Module
    amount : float in [0, 0.99]
        Fraction to prune, in the technique's unit (weights, channels or layers).
    options : PruneOptions, optional

    Returns
    -------
    PruneResult
    """
    options = options or PruneOptions()
    check_request(spec, amount, options)
    pruned = copy.deepcopy(model).eval()
    applied = spec.apply(pruned, amount, options) if amount > 0 else Applied()
    if amount > 0 and options.recalibrate_batchnorm and options.data is not None:
        applied.notes["batchnorm_recalibrated"] = recalibrate_channels_last(
            pruned, options.data.X_train)
    remaining = options.finetune_epochs - applied.finetuned_epochs
    finetune(pruned, options, remaining)
    masks = _original_masks(model, applied, make_permanent(pruned))
    pruned.eval()
    layers = _layer_reports(model, pruned, masks)
    return PruneResult(
        model=pruned,
        technique=spec.key,
        amount_requested=float(amount),
        amount_achieved=float(achieved_amount(spec, model, layers)),
        unit=spec.unit,
        masks=masks,
        removed_channels={k: sorted(v) for k, v in applied.removed_channels.items()},
        layers=layers,
        finetune_epochs=max(options.finetune_epochs, applied.finetuned_epochs),
        notes=applied.notes,
    )
