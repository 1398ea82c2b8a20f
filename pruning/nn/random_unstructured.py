"""Random unstructured pruning: the baseline every criterion must beat.

Each layer loses the same fraction of weights, chosen uniformly at random. The
choice is seeded by ``options.seed`` (reproducible) without disturbing the caller's
random state.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn.utils import prune as torch_prune

from pruning.nn.base import Applied, PruneOptions, TechniqueSpec, prunable_layers


_SALT = 0x52414E44  # "RAND"


def mask_seed(seed: int) -> int:
    """The torch seed the masks are drawn with, for ``options.seed``.

    The sample models were initialised from small seeds (0, 1...): drawing the
    masks from the same stream would correlate them with the initial (and so the
    trained) weights, so the seed is mixed with a salt first.
    """
    return int(np.random.SeedSequence([seed, _SALT]).generate_state(1, dtype=np.uint64)[0])


def apply(model: nn.Module, amount: float, options: PruneOptions) -> Applied:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(mask_seed(options.seed))
        for _, module in prunable_layers(model):
            torch_prune.random_unstructured(module, "weight", amount=amount)
    return Applied()


SPEC = TechniqueSpec(
    key="random", criterion="random", granularity="weight",
    scope="layer", needs_data=False, physical=False, apply=apply,
)
