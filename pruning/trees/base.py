"""The one interface every tree-pruning method implements.

A method is a small module exposing ``SPEC = TreeMethodSpec(...)``. Its ``apply``
function takes the split, the grown tree (a fitted scikit-learn estimator, which it
must not change) and the options, and returns a :class:`Pruned` record: something
that predicts, plus the tree it predicts with as plain data.
:func:`pruning.trees.prune_tree` grows the tree, finds which nodes were cut,
measures accuracy and latency and reports, so methods stay small.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Callable, Protocol

import numpy as np
from sklearn.tree import DecisionTreeClassifier

from pruning.data import Split
from pruning.i18n import t
from pruning.metrics.latency import Latency
from pruning.trees.structure import TreeStructure

CRITERIA = ("gini", "entropy")
MAX_SEED = 2**32 - 1  # what scikit-learn's random_state accepts


class Predictor(Protocol):
    def predict(self, X: np.ndarray) -> np.ndarray: ...


@dataclass(frozen=True)
class TreeOptions:
    """How to grow and prune a tree; each method reads the options it needs.

    Post-pruning methods (``cost_complexity``, ``reduced_error``) prune the tree
    grown with the pre-pruning options (no limits by default); ``none`` ignores
    every limit; ``pre`` ignores ``ccp_alpha``.

    Attributes
    ----------
    criterion : {"gini", "entropy"}
    seed : int
        ``random_state`` of the tree (scikit-learn breaks ties between equally good
        splits at random).
    max_depth : int or None
    min_samples_leaf : int
    min_samples_split : int
    max_leaf_nodes : int or None
    min_impurity_decrease : float
        Pre-pruning limits, as in ``DecisionTreeClassifier``.
    ccp_alpha : float
        Cost-complexity penalty per leaf (``cost_complexity`` only).
    latency_repeats : int
        Timed repeats of ``predict`` on the test rows (after warm-up).
    """

    criterion: str = "gini"
    seed: int = 0
    max_depth: int | None = None
    min_samples_leaf: int = 1
    min_samples_split: int = 2
    max_leaf_nodes: int | None = None
    min_impurity_decrease: float = 0.0
    ccp_alpha: float = 0.0
    latency_repeats: int = 30

    def check(self) -> None:
        """Raise ``ValueError`` with a catalogue message for an impossible option."""
        if self.criterion not in CRITERIA:
            raise ValueError(t("trees.errors.criterion", value=self.criterion,
                               choices=", ".join(CRITERIA)))
        if not _is_int(self.seed) or not 0 <= self.seed <= MAX_SEED:
            raise ValueError(t("trees.errors.seed", value=self.seed, max=MAX_SEED))
        if self.max_depth is not None and not _at_least(self.max_depth, 1):
            raise ValueError(t("trees.errors.max_depth", value=self.max_depth))
        if not _at_least(self.min_samples_leaf, 1):
            raise ValueError(t("trees.errors.min_samples_leaf", value=self.min_samples_leaf))
        if not _at_least(self.min_samples_split, 2):
            raise ValueError(t("trees.errors.min_samples_split", value=self.min_samples_split))
        if self.max_leaf_nodes is not None and not _at_least(self.max_leaf_nodes, 2):
            raise ValueError(t("trees.errors.max_leaf_nodes", value=self.max_leaf_nodes))
        if not (math.isfinite(self.min_impurity_decrease) and self.min_impurity_decrease >= 0):
            raise ValueError(t("trees.errors.min_impurity_decrease",
                               value=self.min_impurity_decrease))
        if not (math.isfinite(self.ccp_alpha) and self.ccp_alpha >= 0):
            raise ValueError(t("trees.errors.ccp_alpha", value=self.ccp_alpha))
        if not _at_least(self.latency_repeats, 1):
            raise ValueError(t("trees.errors.latency_repeats", value=self.latency_repeats))

    def growth_params(self) -> dict:
        """``DecisionTreeClassifier`` parameters of the pre-pruned (grown) tree."""
        return {
            "criterion": self.criterion,
            "random_state": self.seed,
            "max_depth": self.max_depth,
            "min_samples_leaf": self.min_samples_leaf,
            "min_samples_split": self.min_samples_split,
            "max_leaf_nodes": self.max_leaf_nodes,
            "min_impurity_decrease": self.min_impurity_decrease,
        }

    def full_params(self) -> dict:
        """``DecisionTreeClassifier`` parameters of the full tree: no limits."""
        return {"criterion": self.criterion, "random_state": self.seed}

    def to_dict(self) -> dict:
        return asdict(self)


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _at_least(value: object, low: int) -> bool:
    return _is_int(value) and value >= low


def fit_tree(split: Split, **params) -> DecisionTreeClassifier:
    """A ``DecisionTreeClassifier(**params)`` fitted on the split's training part."""
    return DecisionTreeClassifier(**params).fit(split.X_train, split.y_train)


@dataclass(eq=False)
class Pruned:
    """What a method's ``apply`` returns: a predictor and the tree it uses."""

    predictor: Predictor
    tree: TreeStructure


@dataclass(frozen=True)
class TreeMethodSpec:
    """One registered tree method.

    ``name`` and ``explanation`` come from the catalogue under
    ``trees.method.<key>.name`` / ``trees.method.<key>.explanation``.

    Attributes
    ----------
    key : str
    post : bool
        Post-pruning: prunes the grown tree, so its result is a subtree of it.
    needs_validation : bool
        Judges cuts on the validation split, which must then be non-empty.
    apply : callable(split, grown, options) -> Pruned
        ``grown`` is the fitted tree to start from; it must not be modified.
    """

    key: str
    post: bool
    needs_validation: bool
    apply: Callable[[Split, DecisionTreeClassifier, TreeOptions], Pruned]

    def name(self, language: str = "en") -> str:
        return t(f"trees.method.{self.key}.name", language)

    def explanation(self, language: str = "en") -> str:
        return t(f"trees.method.{self.key}.explanation", language)

    def describe(self, language: str = "en") -> dict:
        return {"key": self.key, "name": self.name(language), "post": self.post,
                "needs_validation": self.needs_validation,
                "explanation": self.explanation(language)}


@dataclass(eq=False)
class TreeResult:
    """A pruned tree, the full tree it is compared with, and measurements.

    Attributes
    ----------
    method : str
    options : TreeOptions
    n_nodes, n_leaves, depth : int
        Of the pruned tree.
    train_accuracy, test_accuracy : float
    val_accuracy : float or None
        ``None`` when the split has no validation part.
    latency : pruning.metrics.Latency
        ``predict`` on the test rows, measured (median, quartiles, min, max).
    tree : TreeStructure
        The pruned tree.
    full_tree : TreeStructure
        The "before" tree: the tree the post-pruning method started from (grown
        with the pre-pruning options), or the unlimited tree for ``none``/``pre``.
    full_accuracies : dict
        ``train_accuracy``, ``val_accuracy``, ``test_accuracy`` of the full tree.
    cut_nodes : tuple of int or None
        Full-tree ids of the nodes the pruned tree does not have (grey them in the
        before-diagram). ``None`` when the pruned tree is not a subtree of the full
        tree (pre-pruning that made different split choices).
    new_leaves : tuple of int or None
        Full-tree ids of internal nodes that became leaves.
    predictor, full_predictor : object with ``predict(X)``
        The pruned and the full tree.
    """

    method: str
    options: TreeOptions
    n_nodes: int
    n_leaves: int
    depth: int
    train_accuracy: float
    val_accuracy: float | None
    test_accuracy: float
    latency: Latency
    tree: TreeStructure
    full_tree: TreeStructure
    full_accuracies: dict[str, float | None]
    cut_nodes: tuple[int, ...] | None
    new_leaves: tuple[int, ...] | None
    predictor: Predictor
    full_predictor: Predictor

    def summary(self) -> dict:
        """The headline numbers as plain data (what the command line prints)."""
        summary = {
            "method": self.method,
            "n_nodes": self.n_nodes,
            "n_leaves": self.n_leaves,
            "depth": self.depth,
            "train_accuracy": self.train_accuracy,
            "test_accuracy": self.test_accuracy,
        }
        if self.val_accuracy is not None:
            summary["val_accuracy"] = self.val_accuracy
        summary["full_tree"] = {"n_nodes": self.full_tree.n_nodes,
                                "n_leaves": self.full_tree.n_leaves,
                                "depth": self.full_tree.depth,
                                **{k: v for k, v in self.full_accuracies.items()
                                   if v is not None}}
        summary["latency"] = self.latency.as_dict()
        summary["options"] = self.options.to_dict()
        return summary
