"""Decision-tree pre- and post-pruning behind one interface.

>>> from pruning.data import load_dataset, split_dataset
>>> from pruning.trees import TreeOptions, prune_tree
>>> split = split_dataset(load_dataset("breast_cancer"), test_size=0.25, seed=0)
>>> result = prune_tree(split, "cost_complexity", TreeOptions(ccp_alpha=0.01))
>>> result.n_leaves < result.full_tree.n_leaves
True
"""
from __future__ import annotations

from pruning.trees.api import prune_tree
from pruning.trees.base import (CRITERIA, Pruned, TreeMethodSpec, TreeOptions, TreeResult,
                                fit_tree)
from pruning.trees.registry import TREE_METHODS, get_method
from pruning.trees.structure import TreeStructure, collapse, match_subtree
from pruning.trees.sweeps import ccp_path_rows, depth_rows

__all__ = ["CRITERIA", "TREE_METHODS", "Pruned", "TreeMethodSpec", "TreeOptions", "TreeResult",
           "TreeStructure", "ccp_path_rows", "collapse", "depth_rows", "fit_tree", "get_method",
           "match_subtree", "prune_tree"]
