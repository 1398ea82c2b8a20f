"""The driver every technique runs through: copy, prune, fine-tune, finalise, report."""
from __future__ import annotations

import copy

import torch
from torch import nn
from torch.nn.utils import prune as torch_prune

from pruning.i18n import t
from pruning.nn.batchnorm import recalibrate_batchnorm
from pruning.nn.base import (MAX_AMOUNT, Applied, LayerReport, PruneOptions, PruneResult,
                             TechniqueSpec, prunable_layers, structured_layers)
from pruning.training import train


def finetune(model: nn.Module, options: PruneOptions, epochs: int) -> None:
    """Fine-tune ``model`` in place on its training data; masks stay in force."""
    if epochs <= 0:
        return
    if options.data is None:
        raise ValueError(t("errors.needs_data"))
    train(model, options.data.X_train, options.data.y_train, epochs=epochs,
          lr=options.finetune_lr, seed=options.seed)


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
        applied.notes["batchnorm_recalibrated"] = recalibrate_batchnorm(
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
