"""The one place techniques are registered. A new technique: one module, one line here."""
from __future__ import annotations

from pruning.i18n import t
from pruning.nn import (activation, entropy, iterative, magnitude, random_unstructured,
                        structured_masked, structured_physical, taylor)
from pruning.nn.base import TechniqueSpec

TECHNIQUES: dict[str, TechniqueSpec] = {
    spec.key: spec
    for spec in (
        random_unstructured.SPEC,
        magnitude.LAYERWISE,
        magnitude.GLOBAL,
        taylor.SPEC,
        iterative.SPEC,
        structured_masked.SPEC,
        structured_physical.SPEC,
        activation.SPEC,
        entropy.SPEC,
    )
}


def get_technique(key: str) -> TechniqueSpec:
    """The registered technique ``key``; ``ValueError`` naming the choices otherwise."""
    try:
        return TECHNIQUES[key]
    except KeyError:
        raise ValueError(t("errors.unknown_technique", technique=key,
                           choices=", ".join(TECHNIQUES))) from None
