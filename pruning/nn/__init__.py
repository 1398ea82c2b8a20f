"""Network pruning behind one interface.

>>> from pruning.models import load_sample_model
>>> from pruning.nn import prune_network
>>> result = prune_network(load_sample_model("mlp").model, "magnitude_global", 0.9)
>>> round(result.amount_achieved, 2)
0.9
"""
from __future__ import annotations

from torch import nn

from pruning.nn.api import make_permanent, run_technique
from pruning.nn.base import (Applied, LayerReport, PruneOptions, PruneResult, TechniqueSpec,
                             prunable_layers, structured_layers)
from pruning.nn.registry import TECHNIQUES, get_technique


def prune_network(model: nn.Module, technique: str, amount: float,
                  options: PruneOptions | None = None) -> PruneResult:
    """Prune a copy of ``model`` with a registered technique.

    Parameters
    ----------
    model : nn.Module
        Never modified.
    technique : str
        A key of ``TECHNIQUES`` (``python -m pruning list`` shows them).
    amount : float in [0, 0.99]
        Fraction to prune, in the technique's unit (weights, channels or layers).
    options : PruneOptions, optional
        Scope, calibration data, fine-tuning epochs, seed...

    Returns
    -------
    PruneResult
        The new model and what was done.
    """
    return run_technique(get_technique(technique), model, amount, options)


__all__ = ["TECHNIQUES", "Applied", "LayerReport", "PruneOptions", "PruneResult",
           "TechniqueSpec", "get_technique", "make_permanent", "prunable_layers",
           "prune_network", "structured_layers"]
