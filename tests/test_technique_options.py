"""options_read_by: an option a page offers changes what is pruned; one it hides does not."""
from __future__ import annotations

import pytest
import torch

from pruning.nn import TECHNIQUES, PruneOptions, prune_network
from pruning.technique_options import OPTION_NAMES, options_read_by

# Two different values of each option.
VALUES = {"norm": (1, 2), "activation_criterion": ("apoz", "mean"), "steps": (2, 3),
          "schedule": ("cubic", "linear")}
AMOUNT = 0.5


def masks_with(model, technique, data, **option):
    settings = {"steps": 2, **option}  # few rounds keep iterative pruning quick
    result = prune_network(model, technique, AMOUNT, PruneOptions(data=data, **settings))
    return result.masks


def same_masks(a, b):
    return a.keys() == b.keys() and all(torch.equal(a[name], b[name]) for name in a)


@pytest.mark.parametrize("technique", list(TECHNIQUES))
def test_hidden_options_change_nothing_and_shown_ones_change_the_masks(technique, mlp, mlp_data):
    read = options_read_by(TECHNIQUES[technique])
    assert set(read) <= set(OPTION_NAMES)
    for name in OPTION_NAMES:
        first, second = (masks_with(mlp.model, technique, mlp_data, **{name: value})
                         for value in VALUES[name])
        if name in read:
            assert not same_masks(first, second), (technique, name)
        else:
            assert same_masks(first, second), (technique, name)


def test_the_options_of_the_techniques_that_have_them():
    assert options_read_by(TECHNIQUES["structured_physical"]) == ("norm",)
    assert options_read_by(TECHNIQUES["activation"]) == ("activation_criterion",)
    assert options_read_by(TECHNIQUES["iterative"]) == ("steps", "schedule")
    assert options_read_by(TECHNIQUES["magnitude_global"]) == ()
