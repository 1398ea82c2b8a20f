"""Entropy-guided structured pruning (the idea of entropy-guided pruning, EGP).

A ReLU unit is either on or off for each input. The binary entropy of that state
over a calibration batch says how much information the unit carries: a unit that is
(almost) always off, or always on, carries little. The lowest-entropy units of every
layer are masked, progressively: the target is reached in several rounds, and the
entropies are measured again on the partly pruned model between rounds, because
removing units changes what the remaining ones do. Ties (e.g. several units that are
never on) go to the unit with the lower mean activation.
"""
from __future__ import annotations

import torch
from torch import nn

from pruning.i18n import t
from pruning.nn.activations import binary_entropy, firing_rate, mean_activation, post_activations
from pruning.nn.base import Applied, PruneOptions, TechniqueSpec, structured_layers
from pruning.nn.channels import (channels_to_prune, couplings, dependency_graph,
                                 mask_channels, output_count)

ROUNDS = 4


def unit_entropies(model: nn.Module, X: torch.Tensor) -> dict[str, torch.Tensor]:
    """Binary entropy (bits) of every structured layer's units being on, on ``X``."""
    return {name: binary_entropy(firing_rate(values))
            for name, values in post_activations(model, X).items()}


def _ranking(values: torch.Tensor) -> list[int]:
    """Units by entropy, lowest first; ties by mean activation, lowest first."""
    by_mean = torch.argsort(mean_activation(values), stable=True)
    entropy = binary_entropy(firing_rate(values))[by_mean]
    return by_mean[torch.argsort(entropy, stable=True)].tolist()


def apply(model: nn.Module, amount: float, options: PruneOptions) -> Applied:
    reach = couplings(model, dependency_graph(model, options))
    X = options.calibration()[0]
    layers = structured_layers(model)
    removed: dict[str, list[int]] = {name: [] for name, _ in layers}
    rounds = []
    for round_number in range(1, ROUNDS + 1):
        outputs = post_activations(model, X)
        fraction = amount * round_number / ROUNDS
        new: dict[str, list[int]] = {}
        for name, layer in layers:
            wanted = channels_to_prune(output_count(layer), fraction) - len(removed[name])
            gone = set(removed[name])
            new[name] = [i for i in _ranking(outputs[name]) if i not in gone][:wanted]
            removed[name] += new[name]
        mask_channels(reach, new)
        rounds.append({
            "round": round_number,
            "target": fraction,
            # measured before this round's pruning; already-pruned units show 0 bits
            "entropy_bits": {name: binary_entropy(firing_rate(values)).tolist()
                             for name, values in outputs.items()},
            "pruned": {name: sorted(units) for name, units in new.items()},
        })
        options.report(round_number / ROUNDS, t("technique.entropy.progress",
                                                round=round_number, rounds=ROUNDS))
    return Applied(removed_channels=removed, notes={"rounds": rounds})


SPEC = TechniqueSpec(
    key="entropy", criterion="entropy", granularity="channel",
    scope="layer", needs_data=True, physical=False, apply=apply,
)
