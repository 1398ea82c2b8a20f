"""Iterative magnitude pruning with fine-tuning: prune a little, retrain, repeat.

The target sparsity is reached in ``options.steps`` rounds. Each round zeroes the
smallest weights over the whole network (global magnitude) up to the round's
sparsity, then fine-tunes with the masks in force, so the remaining weights take
over the work of the removed ones. The "cubic" schedule (automated gradual pruning,
AGP) prunes fast while many weights are redundant and slowly near the end;
"linear" adds the same sparsity every round.
"""
from __future__ import annotations

from torch import nn
from torch.nn.utils import prune as torch_prune

from pruning.i18n import t
from pruning.nn.api import finetune
from pruning.nn.base import Applied, PruneOptions, TechniqueSpec, prunable_layers
from pruning.nn.options import check_schedule


def sparsity_schedule(target: float, steps: int, kind: str = "cubic") -> list[float]:
    """Sparsity to reach after each of ``steps`` rounds; the last one is ``target``.

    ``"cubic"`` (AGP, Zhu & Gupta 2017): ``s_t = target * (1 - (1 - t / steps) ** 3)``;
    ``"linear"``: ``s_t = target * t / steps``, for ``t = 1 .. steps``.
    """
    if kind == "cubic":
        return [target * (1 - (1 - step / steps) ** 3) for step in range(1, steps + 1)]
    if kind == "linear":
        return [target * step / steps for step in range(1, steps + 1)]
    raise ValueError(t("errors.nn.schedule", schedule=kind, choices="cubic, linear"))


def _pruned_weights(layers: list[tuple[str, nn.Module]]) -> int:
    return sum(int((module.weight_mask == 0).sum()) for _, module in layers
               if hasattr(module, "weight_mask"))


def apply(model: nn.Module, amount: float, options: PruneOptions) -> Applied:
    check_schedule(options)
    layers = prunable_layers(model)
    parameters = [(module, "weight") for _, module in layers]
    total = sum(module.weight.numel() for _, module in layers)
    epochs = max(1, options.finetune_epochs)
    schedule = sparsity_schedule(amount, options.steps, options.schedule)
    achieved = []
    for step, sparsity in enumerate(schedule, start=1):
        # An integer amount counts weights among those still unpruned, so the total
        # lands on round(sparsity * total) exactly.
        torch_prune.global_unstructured(
            parameters, pruning_method=torch_prune.L1Unstructured,
            amount=max(0, round(sparsity * total) - _pruned_weights(layers)))
        finetune(model, options, epochs)
        achieved.append(_pruned_weights(layers) / total)
        options.report(step / len(schedule), t(
            "technique.iterative.progress", step=step, steps=len(schedule),
            sparsity=achieved[-1], epochs=epochs))
    return Applied(finetuned_epochs=epochs * len(schedule), notes={
        "schedule": options.schedule,
        "target_sparsities": schedule,
        "sparsities": achieved,
        "epochs_per_step": epochs,
    })


SPEC = TechniqueSpec(
    key="iterative", criterion="magnitude", granularity="weight",
    scope="global", needs_data=True, physical=False, apply=apply,
)
