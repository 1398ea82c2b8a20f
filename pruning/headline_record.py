"""One headline number of the home page, as plain data (imports nothing heavy).

Measured by :mod:`pruning.headlines` (which imports torch), possibly in another
process; the page that shows it needs only this record.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Headline:
    """What one pruning run bought and cost, as ratios of dense to pruned.

    Attributes
    ----------
    model, technique : str
    sparsity : float
        In the technique's unit (``unit``).
    unit : str
    physical : bool
        Whether structure was removed (smaller layers) or only zeroed.
    finetune_epochs : int
    macs_ratio : float
        Dense MACs / pruned MACs (effective non-zero MACs for zeroed weights).
    speedup : float
        Dense latency / pruned latency, both measured (median).
    size_ratio : float
        Dense bytes / pruned bytes (CSR bytes when weights were only zeroed).
    accuracy_change : float
        Test accuracy pruned minus dense, in percentage points.
    """

    model: str
    technique: str
    sparsity: float
    unit: str
    physical: bool
    finetune_epochs: int
    macs_ratio: float
    speedup: float
    size_ratio: float
    accuracy_change: float
