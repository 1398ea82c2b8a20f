"""Bytes a model needs, stored dense or with its prunable weights in CSR format.

Dense storage keeps every parameter and buffer (float32 weights, BatchNorm running
statistics...) whether zero or not, so masking does not shrink a model. Compressed
sparse row (CSR) storage keeps, per prunable weight matrix, the non-zero values, one
column index per value and one row pointer per row (plus one): it pays off only
when enough weights are zero, because each kept float32 value drags an int64 index
along. Conv weights are stored as ``(out_channels, in_channels * kh * kw)`` matrices.
The bytes are measured from torch's own ``to_sparse_csr`` tensors.
"""
from __future__ import annotations

import warnings

import torch
from torch import nn

from pruning.nn.base import prunable_layers


def tensor_bytes(tensor: torch.Tensor) -> int:
    """Bytes of a dense tensor's elements."""
    return tensor.numel() * tensor.element_size()


def dense_bytes(model: nn.Module) -> int:
    """Bytes of every parameter and buffer of ``model`` stored dense.

    Parameters
    ----------
    model : nn.Module

    Returns
    -------
    int
    """
    return (sum(tensor_bytes(p) for p in model.parameters())
            + sum(tensor_bytes(b) for b in model.buffers()))


def to_csr(weight: torch.Tensor) -> torch.Tensor:
    """``weight`` as a torch CSR matrix (conv kernels flattened per output channel)."""
    matrix = weight.detach().reshape(weight.shape[0], -1)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*Sparse CSR tensor support is in beta.*")
        return matrix.to_sparse_csr()


def csr_tensor_bytes(weight: torch.Tensor) -> int:
    """Bytes of ``weight`` in CSR format: values + row pointers + column indices."""
    csr = to_csr(weight)
    return (tensor_bytes(csr.values()) + tensor_bytes(csr.crow_indices())
            + tensor_bytes(csr.col_indices()))


def csr_bytes(model: nn.Module) -> int:
    """Bytes of ``model`` with each prunable weight in CSR format, the rest dense.

    Biases, BatchNorm parameters and buffers stay dense.

    Parameters
    ----------
    model : nn.Module

    Returns
    -------
    int
    """
    sparse_weights = {id(module.weight): module.weight for _, module in prunable_layers(model)}
    total = sum(csr_tensor_bytes(weight) for weight in sparse_weights.values())
    total += sum(tensor_bytes(p) for p in model.parameters() if id(p) not in sparse_weights)
    total += sum(tensor_bytes(b) for b in model.buffers())
    return total
