"""The one interface every network-pruning technique implements.

A technique is a small module exposing ``SPEC = TechniqueSpec(...)`` whose ``apply``
function prunes a model *in place* (the caller hands it a private copy) and returns
an :class:`Applied` record of what it did. :func:`pruning.nn.prune_network` does the
copying, optional fine-tuning, making masks permanent and reporting, so techniques
stay small. Masks come from ``torch.nn.utils.prune``; physical removal from
Torch-Pruning.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

import torch
from torch import nn

from pruning.i18n import t

if TYPE_CHECKING:
    from pruning.models.zoo import NetworkData

CRITERIA = ("magnitude", "random", "activation", "entropy", "taylor")
GRANULARITIES = ("weight", "channel", "layer")
SCOPES = ("layer", "global")
SCHEDULES = ("cubic", "linear")
UNIT_OF_GRANULARITY = {"weight": "weights", "channel": "channels", "layer": "layers"}
MAX_AMOUNT = 0.99
PRUNABLE_TYPES = (nn.Linear, nn.Conv2d)


@dataclass(frozen=True, eq=False)
class PruneOptions:
    """Options shared by all techniques; each technique reads the ones it needs.

    Attributes
    ----------
    norm : int
        ``n`` of the Ln norm that ranks filters / neurons (structured techniques).
    activation_criterion : {"apoz", "mean"}
        Activation-guided ranking: average percentage of zeros (high goes first) or
        mean activation (low goes first).
    data : NetworkData, optional
        The model's data. Techniques that need data take a calibration batch (the
        first ``calibration_size`` training rows); fine-tuning uses the training part.
    calibration_size : int
    finetune_epochs : int
        Epochs of fine-tuning after pruning (masks stay in force while training).
    finetune_lr : float
    recalibrate_batchnorm : bool
        After pruning, re-estimate every BatchNorm layer's running mean and variance
        on the training inputs (forward passes only: no weight changes). Pruning
        shifts what each BatchNorm sees, and its stale statistics alone can drop a
        CNN to chance; recalibration is cheap and standard. Needs ``data``; skipped
        without it.
    steps : int
        Iterative pruning: number of prune / fine-tune rounds to reach ``amount``.
    schedule : {"cubic", "linear"}
        Iterative pruning: how sparsity grows over the rounds (cubic is AGP).
    seed : int
        Seeds random choices and fine-tuning.
    progress : callable(fraction, message), optional
        Progress reporting for long techniques.
    example_input : Tensor, optional
        One input batch shaped for the model, for tracing its channel dependencies
        (Torch-Pruning). Default: the first training row of ``data``, else a batch
        built from the first layer's input size.
    """

    norm: int = 1
    activation_criterion: str = "apoz"
    data: "NetworkData | None" = None
    calibration_size: int = 256
    finetune_epochs: int = 0
    finetune_lr: float = 2e-3
    recalibrate_batchnorm: bool = True
    steps: int = 5
    schedule: str = "cubic"
    seed: int = 0
    progress: Callable[[float, str], None] | None = None
    example_input: torch.Tensor | None = None

    def calibration(self) -> tuple[torch.Tensor, torch.Tensor]:
        """A batch of real training inputs and labels for data-guided criteria."""
        if self.data is None:
            raise ValueError(t("errors.needs_data"))
        return (self.data.X_train[: self.calibration_size],
                self.data.y_train[: self.calibration_size])

    def report(self, fraction: float, message: str = "") -> None:
        if self.progress is not None:
            self.progress(min(max(fraction, 0.0), 1.0), message)


@dataclass(eq=False)
class Applied:
    """What a technique's ``apply`` did to the model it was given.

    Attributes
    ----------
    removed_channels : dict of str to list of int
        Output channels / neurons removed or zeroed, by layer name (structured only).
    removed_inputs : dict of str to list of int
        Input features / channels physically removed from a layer because the layer
        feeding it lost outputs (physical removal only), in original indices.
    finetuned_epochs : int
        Fine-tuning the technique already did itself (iterative pruning), so the
        driver does not fine-tune again.
    notes : dict
        Technique-specific plain data worth showing (e.g. per-step sparsities).
    """

    removed_channels: dict[str, list[int]] = field(default_factory=dict)
    removed_inputs: dict[str, list[int]] = field(default_factory=dict)
    finetuned_epochs: int = 0
    notes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TechniqueSpec:
    """One registered technique: what it is, and the function that applies it.

    ``name`` and ``explanation`` come from the string catalogue under
    ``technique.<key>.name`` / ``technique.<key>.explanation``.
    """

    key: str
    criterion: str
    granularity: str
    scope: str  # "layer": each layer pruned by ``amount``; "global": one ranking overall
    needs_data: bool
    physical: bool
    apply: Callable[[nn.Module, float, PruneOptions], Applied]

    @property
    def unit(self) -> str:
        """What ``amount`` counts: ``"weights"``, ``"channels"`` or ``"layers"``."""
        return UNIT_OF_GRANULARITY[self.granularity]

    def name(self, language: str = "en") -> str:
        return t(f"technique.{self.key}.name", language)

    def explanation(self, language: str = "en") -> str:
        return t(f"technique.{self.key}.explanation", language)

    def describe(self, language: str = "en") -> dict:
        """Plain-data description (the command line's ``list`` output)."""
        return {
            "key": self.key,
            "name": self.name(language),
            "criterion": self.criterion,
            "granularity": self.granularity,
            "scope": self.scope,
            "needs_data": self.needs_data,
            "physical": self.physical,
            "unit": self.unit,
            "explanation": self.explanation(language),
        }


@dataclass(frozen=True)
class LayerReport:
    """Per-layer outcome of pruning, measured on the pruned model.

    ``params`` / ``channels`` count the *original* layer, so physically pruned
    layers (which shrank) report how much of the original is gone.
    """

    name: str
    kind: str  # "linear" | "conv"
    shape: tuple[int, ...]  # original weight shape
    params: int  # original weight count
    nonzero: int  # non-zero weights left
    sparsity: float  # 1 - nonzero / params
    channels: int  # original output channels / neurons
    channels_removed: int  # removed (physical) or all-zero (masked)


@dataclass(eq=False)
class PruneResult:
    """A pruned copy of a model and what was done to it.

    Attributes
    ----------
    model : nn.Module
        The new, pruned model in eval mode. Masks are permanent: pruned weights are
        zeros (or gone, for physical removal); there is no ``weight_orig``.
    technique : str
    amount_requested, amount_achieved : float
        In the technique's ``unit`` (weights, channels or layers).
    unit : str
    masks : dict of str to Tensor
        Weight masks (1 kept, 0 pruned) by layer name, in the original shapes.
        Physically removed channels appear as all-zero rows.
    removed_channels : dict of str to list of int
    layers : list of LayerReport
    finetune_epochs : int
    notes : dict
    """

    model: nn.Module
    technique: str
    amount_requested: float
    amount_achieved: float
    unit: str
    masks: dict[str, torch.Tensor]
    removed_channels: dict[str, list[int]]
    layers: list[LayerReport]
    finetune_epochs: int = 0
    notes: dict = field(default_factory=dict)


def prunable_layers(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """``(name, module)`` of every Linear and Conv2d layer, in forward order."""
    return [(n, m) for n, m in model.named_modules() if isinstance(m, PRUNABLE_TYPES)]


def structured_layers(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """Prunable layers whose output channels may be removed: all but the last,
    whose outputs are the classes."""
    return prunable_layers(model)[:-1]
