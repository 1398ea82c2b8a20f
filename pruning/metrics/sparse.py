"""A sparse twin of a fully connected model: every Linear weight as a torch CSR matrix.

Unstructured pruning leaves zeros in dense weights; dense kernels still multiply
them, so the model is not faster. Stored in CSR and multiplied with
``torch.sparse.addmm``, only the non-zeros are touched: slower than dense when few
weights are zero (irregular memory access, index overhead), faster past some
sparsity. Timing this twin beside the dense model shows where that crossover is.
Only models whose prunable layers are all Linear get a twin (CPU sparse
convolution is not in torch).
"""
from __future__ import annotations

import copy

import torch
from torch import nn

from pruning.i18n import t
from pruning.metrics.latency import (DEFAULT_REPEATS, DEFAULT_THREADS, DEFAULT_WARMUP,
                                     Latency, time_forward)
from pruning.metrics.macs import evaluating
from pruning.metrics.size import to_csr
from pruning.nn.base import prunable_layers

LOGITS_ATOL = 1e-5
LOGITS_RTOL = 1e-4


class CSRLinear(nn.Module):
    """``nn.Linear`` computed from a CSR weight: ``y = x W^T + b`` via ``torch.sparse.addmm``."""

    def __init__(self, linear: nn.Linear):
        super().__init__()
        self.in_features = linear.in_features
        self.out_features = linear.out_features
        self.weight_csr = to_csr(linear.weight)
        bias = linear.bias.detach() if linear.bias is not None else None
        self.bias_column = bias.clone().unsqueeze(1) if bias is not None else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # (W x^T) is a CSR-times-dense product; transposing back gives x W^T.
        if self.bias_column is None:
            return torch.sparse.mm(self.weight_csr, x.t()).t()
        return torch.sparse.addmm(self.bias_column, self.weight_csr, x.t()).t()


def supports_csr(model: nn.Module) -> bool:
    """Whether every prunable layer of ``model`` is Linear (a CSR twin exists)."""
    layers = prunable_layers(model)
    return bool(layers) and all(isinstance(m, nn.Linear) for _, m in layers)


def to_csr_model(model: nn.Module) -> nn.Module | None:
    """A copy of ``model`` with each Linear replaced by :class:`CSRLinear`.

    Returns ``None`` when some prunable layer is not Linear (convolutions).
    ``model`` is not modified.
    """
    if not supports_csr(model):
        return None
    twin = copy.deepcopy(model).eval()
    for name, module in list(twin.named_modules()):
        if isinstance(module, nn.Linear):
            parent_name, _, child = name.rpartition(".")
            parent = twin.get_submodule(parent_name) if parent_name else twin
            setattr(parent, child, CSRLinear(module))
    return twin


def check_same_logits(model: nn.Module, twin: nn.Module, inputs: torch.Tensor) -> None:
    """``RuntimeError`` unless ``twin`` gives ``model``'s logits on ``inputs``."""
    with evaluating(model), torch.inference_mode():
        dense, sparse = model(inputs), twin(inputs)
    if not torch.allclose(dense, sparse, atol=LOGITS_ATOL, rtol=LOGITS_RTOL):
        difference = float((dense - sparse).abs().max())
        raise RuntimeError(t("metrics.errors.csr_mismatch", difference=f"{difference:g}"))


def measure_sparse_latency(model: nn.Module, inputs: torch.Tensor, *,
                           threads: int = DEFAULT_THREADS, warmup: int = DEFAULT_WARMUP,
                           repeats: int = DEFAULT_REPEATS,
                           flush_denormal: bool = True) -> Latency | None:
    """Measured latency of ``model``'s CSR twin on ``inputs``; ``None`` without a twin.

    The twin's logits are checked against the dense model's first, so a timing
    is only reported for a computation that gives the same answer.
    """
    twin = to_csr_model(model)
    if twin is None:
        return None
    check_same_logits(model, twin, inputs)
    return time_forward(twin, inputs, threads=threads, warmup=warmup, repeats=repeats,
                        flush_denormal=flush_denormal)
