"""The one place tree methods are registered. A new method: one module, one line here."""
from __future__ import annotations

from pruning.i18n import t
from pruning.trees import cost_complexity, full, prepruning, reduced_error
from pruning.trees.base import TreeMethodSpec

TREE_METHODS: dict[str, TreeMethodSpec] = {
    spec.key: spec
    for spec in (
        full.SPEC,
        prepruning.SPEC,
        cost_complexity.SPEC,
        reduced_error.SPEC,
    )
}


def get_method(key: str) -> TreeMethodSpec:
    """The registered method ``key``; ``ValueError`` naming the choices otherwise."""
    try:
        return TREE_METHODS[key]
    except KeyError:
        raise ValueError(t("trees.errors.unknown_method", method=key,
                           choices=", ".join(TREE_METHODS))) from None
