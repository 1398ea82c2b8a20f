"""Training and evaluation loops shared by the sample-model script and fine-tuning."""
from __future__ import annotations

from typing import Callable

import torch
from torch import nn


@torch.no_grad()
def predict(model: nn.Module, X: torch.Tensor, batch_size: int = 4096) -> torch.Tensor:
    """Class predictions of ``model`` (put in eval mode) for the rows of ``X``."""
    model.eval()
    outputs = [model(X[start:start + batch_size]).argmax(dim=1)
               for start in range(0, len(X), batch_size)]
    return torch.cat(outputs) if outputs else torch.empty(0, dtype=torch.long)


def accuracy(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of rows of ``X`` that ``model`` classifies as ``y`` (nan for no rows)."""
    if len(y) == 0:
        return float("nan")
    return float((predict(model, X) == y).float().mean())


def train(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    epochs: int,
    lr: float = 1e-3,
    batch_size: int = 64,
    weight_decay: float = 0.0,
    seed: int = 0,
    on_epoch: Callable[[int, float], None] | None = None,
) -> nn.Module:
    """Train ``model`` in place with Adam and cross-entropy; return it in eval mode.

    Pruning masks applied with ``torch.nn.utils.prune`` stay in force during
    training (their forward pre-hooks re-apply them), so fine-tuning a pruned model
    keeps its zeros.

    Parameters
    ----------
    model : nn.Module
    X, y : Tensor
        Inputs shaped for the model, integer class labels.
    epochs : int
    lr, batch_size, weight_decay : training hyper-parameters.
    seed : int
        Seeds the shuffling, so a run is reproducible.
    on_epoch : callable(epoch, loss), optional
        Called after each epoch (progress reporting).
    """
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.Adam(
        [p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=weight_decay
    )
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(X), generator=generator)
        total = 0.0
        for start in range(0, len(X), batch_size):
            index = order[start:start + batch_size]
            if len(index) < 2 and any(isinstance(m, nn.modules.batchnorm._BatchNorm)
                                      for m in model.modules()):
                continue  # BatchNorm cannot train on a batch of one
            optimizer.zero_grad()
            loss = loss_fn(model(X[index]), y[index])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(index)
        if on_epoch is not None:
            on_epoch(epoch, total / max(len(X), 1))
    model.eval()
    return model
