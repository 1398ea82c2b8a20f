"""Parameter counts: how many numbers a model stores, and how many are not zero."""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class ParameterCount:
    """Parameters of a model (weights, biases, BatchNorm scales; not buffers).

    Attributes
    ----------
    total : int
        Every parameter the model stores (a physically pruned model stores fewer).
    nonzero : int
        Parameters that are not exactly zero (masked pruning leaves zeros behind).
    """

    total: int
    nonzero: int

    @property
    def density(self) -> float:
        """Fraction of stored parameters that are non-zero (1.0 for an empty model)."""
        return self.nonzero / self.total if self.total else 1.0


def count_parameters(model: nn.Module) -> ParameterCount:
    """Count the parameters of ``model`` and those that are non-zero.

    Parameters
    ----------
    model : nn.Module

    Returns
    -------
    ParameterCount
    """
    total = 0
    nonzero = 0
    with torch.no_grad():
        for parameter in model.parameters():
            total += parameter.numel()
            nonzero += int(torch.count_nonzero(parameter))
    return ParameterCount(total=total, nonzero=nonzero)
