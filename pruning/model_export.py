"""The file a user downloads for a pruned model.

A masked model keeps the original layer shapes, so its state dict loads into the
sample architecture (``pruning.models.build_model``). A physically pruned model has
narrower layers than that architecture: its state dict would not load, so the whole
module is saved (``torch.save(model)``), which needs ``weights_only=False`` to load,
i.e. trusting the file.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class ModelFile:
    """Bytes to download and how they were written.

    Attributes
    ----------
    data : bytes
        ``torch.save`` output.
    file_name : str
    whole_model : bool
        ``True``: the pickled module (load with ``torch.load(f, weights_only=False)``);
        ``False``: a state dict (load with ``model.load_state_dict(torch.load(f))``).
    """

    data: bytes
    file_name: str
    whole_model: bool


def pruned_model_file(model: nn.Module, physical: bool, stem: str) -> ModelFile:
    """Serialise a pruned model for download.

    Parameters
    ----------
    model : nn.Module
        The pruned model (masks already permanent).
    physical : bool
        Whether channels were physically removed (layer shapes differ from the
        original architecture).
    stem : str
        File name without extension, e.g. ``"mlp_magnitude_global_50"``.

    Returns
    -------
    ModelFile
    """
    buffer = io.BytesIO()
    if physical:
        torch.save(model, buffer)
    else:
        torch.save(model.state_dict(), buffer)
    return ModelFile(buffer.getvalue(), model_file_name(stem, physical), whole_model=physical)


def model_file_name(stem: str, physical: bool) -> str:
    """The name :func:`pruned_model_file` gives the file (known before it is written)."""
    return f"{stem}_model.pt" if physical else f"{stem}_state_dict.pt"
