"""The home page's headline numbers: one telling experiment per sample model.

Each is a real :func:`pruning.experiment.run_network` run with measured latency, so
the numbers are this machine's, not a brochure's.
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict

from pruning.experiment import NetworkRequest, run_network
from pruning.headline_record import Headline

HEADLINE_REQUESTS = (
    NetworkRequest("cnn", "structured_physical", 0.5, finetune_epochs=5, measure_latency=True),
    NetworkRequest("mlp", "magnitude_global", 0.9, finetune_epochs=10, measure_latency=True),
    NetworkRequest("mlp_overparam", "magnitude_global", 0.95, measure_latency=True),
)


def measure_headline(request: NetworkRequest) -> Headline:
    """Run ``request`` and summarise it as a :class:`Headline`."""
    report = run_network(request)
    row = report.to_sweep_row()
    physical = bool(row["physical"])
    pruned_macs = row["macs"] if physical else row["macs_effective"]
    pruned_bytes = row["size_bytes"] if physical else row["size_bytes_sparse"]
    return Headline(
        model=request.model,
        technique=request.technique,
        sparsity=request.sparsity,
        unit=row["unit"],
        physical=physical,
        finetune_epochs=request.finetune_epochs,
        macs_ratio=row["macs_dense"] / pruned_macs,
        speedup=row["latency_ms_dense"] / row["latency_ms"],
        size_ratio=row["size_bytes_dense"] / pruned_bytes,
        accuracy_change=100 * (row["accuracy"] - row["accuracy_dense"]),
    )


def headline_numbers() -> list[Headline]:
    """The headline of every request in ``HEADLINE_REQUESTS``."""
    return [measure_headline(request) for request in HEADLINE_REQUESTS]


def main() -> None:
    """``python -m pruning.headlines``: the headlines as a JSON list on standard output
    (the home page measures them in a process of its own, see ``ui.headline``)."""
    json.dump([asdict(headline) for headline in headline_numbers()], sys.stdout)


if __name__ == "__main__":
    main()
