"""Accuracy kept: the MLP, global magnitude pruning at 90% plus a short fine-tune.

The fine-tuning length is the home page's headline's (``pruning.headlines``), so the
benchmark checks the claim the app shows. Run for a few seeds (the seed drives
fine-tuning's shuffles), so the claim does not rest on one lucky seed; the target
is checked on the median drop, the worst is shown.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from pruning.experiment import NetworkRequest, run_network
from pruning.headlines import HEADLINE_REQUESTS

MODEL = "mlp"
TECHNIQUE = "magnitude_global"
SPARSITY = 0.9
FALLBACK_EPOCHS = 5


def headline_epochs() -> int:
    """Fine-tuning epochs of the home page's MLP headline (this same experiment)."""
    for request in HEADLINE_REQUESTS:
        if (request.model, request.technique, request.sparsity) == (MODEL, TECHNIQUE, SPARSITY):
            return request.finetune_epochs
    return FALLBACK_EPOCHS


def measure_accuracy_drop(seeds: Sequence[int] = (0, 1, 2, 3, 4)) -> dict:
    """Test accuracy before and after, and the drop in percentage points, per seed."""
    rows = []
    epochs = headline_epochs()
    for seed in seeds:
        report = run_network(NetworkRequest(MODEL, TECHNIQUE, SPARSITY,
                                            finetune_epochs=epochs, seed=seed))
        dense, pruned = report.dense.accuracy["test"], report.pruned.accuracy["test"]
        rows.append({"seed": seed, "accuracy_dense": round(dense, 4),
                     "accuracy_pruned": round(pruned, 4),
                     "drop_points": round(100 * (dense - pruned), 2),
                     "sparsity_achieved": round(report.result.amount_achieved, 4)})
    drops = [row["drop_points"] for row in rows]
    return {"model": MODEL, "technique": TECHNIQUE, "sparsity": SPARSITY,
            "finetune_epochs": epochs, "rows": rows,
            "drop_points_median": round(float(np.median(drops)), 2),
            "drop_points_max": round(max(drops), 2)}
