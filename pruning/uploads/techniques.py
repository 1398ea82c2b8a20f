"""Which pruning techniques a user's network allows, and the message when one does not.

A sample network supports every technique; an uploaded one may not (e.g. the masked
structured techniques follow channels through Linear / Conv2d / BatchNorm layers
only, and stop at a LayerNorm). Rather than predict that from the layer types, each
technique is tried once, lightly, on a copy: what ran, applies.
"""
from __future__ import annotations

import torch

from pruning.model_source import ModelSource
from pruning.nn import TECHNIQUES, PruneOptions, prune_network
from pruning.uploads.errors import UploadError
from pruning.uploads.remembered import Remembered

PROBE_AMOUNT = 0.2  # how hard each technique is tried
PROBE_SEED = 0
_applicable = Remembered(32)  # uploads whose list is kept


def _runs(source: ModelSource, technique: str) -> bool:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(PROBE_SEED)
        try:
            prune_network(source.model, technique, PROBE_AMOUNT,
                          PruneOptions(data=source.data, steps=1, seed=PROBE_SEED))
        except Exception:  # noqa: BLE001 - any failure means "does not apply"
            return False
    return True


def applicable_techniques(source: ModelSource) -> tuple[str, ...]:
    """The techniques that prune a copy of ``source.model`` at ``PROBE_AMOUNT`` without
    failing (one round, no fine-tuning); every technique for a sample. Remembered per
    upload key."""
    if not source.uploaded:
        return tuple(TECHNIQUES)
    return _applicable.remember(
        source.key, lambda: tuple(key for key in TECHNIQUES if _runs(source, key)))


def cannot_apply(technique: str, source: ModelSource, error: BaseException) -> UploadError:
    """The one-line explanation of ``technique`` failing on ``source`` with ``error``:
    the reason, then every technique that does apply (named in the page's language)."""
    reason = (str(error).splitlines() or [type(error).__name__])[0][:200]
    others = [TECHNIQUES[key] for key in applicable_techniques(source) if key != technique]
    return UploadError(
        "technique_cannot_apply", technique=TECHNIQUES[technique].name, reason=reason,
        applicable=lambda language: "; ".join(spec.name(language) for spec in others) or "-")
