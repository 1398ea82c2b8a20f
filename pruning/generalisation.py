"""Train, validation and test accuracy as pruning grows, and an honest reading of them.

Pruning removes capacity. When a model fits noise in its training data, removing
capacity can lower training accuracy and *raise* accuracy on unseen data; often it
changes nothing until it hurts. :func:`network_generalisation_rows` measures the
curve for a network, :func:`read_curve` says what a curve shows (trees: use
``pruning.trees.ccp_path_rows`` / ``depth_rows``, whose rows have the same
accuracy fields).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from pruning.experiment import NetworkRequest, run_network, sample_with_data
from pruning.i18n import t

Progress = Callable[[float, str], None]
GENERALISATION_SPARSITIES = (0.0, 0.2, 0.4, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98,
                             0.99)
# A change of fewer test samples than this is read as "no clear change": one or two
# images of a few hundred flip with any small perturbation of the model.
MIN_SAMPLES_FOR_A_CHANGE = 3


def network_generalisation_rows(model_name: str, technique: str = "magnitude_global",
                                sparsities: Sequence[float] = GENERALISATION_SPARSITIES, *,
                                seed: int = 0, progress: Progress | None = None) -> list[dict]:
    """Prune a sample model at every sparsity and score it on every part of its data.

    Parameters
    ----------
    model_name : str
        A sample model (``pruning.models.SAMPLE_MODELS``).
    technique : str
        A registered technique; default global magnitude pruning.
    sparsities : sequence of float in [0, 0.99]
        In the technique's unit, increasing.
    seed : int
    progress : callable(fraction, message), optional
        Called after each sparsity.

    Returns
    -------
    list of dict
        One row per sparsity: ``sparsity``, ``weight_sparsity``, ``params_nonzero``,
        ``train_accuracy``, ``val_accuracy``, ``test_accuracy``, ``n_test``.
    """
    if not sparsities:
        raise ValueError(t("sweep.errors.no_sparsities"))
    n_test = len(sample_with_data(model_name)[1].y_test)
    rows = []
    for index, sparsity in enumerate(sparsities, start=1):
        report = run_network(NetworkRequest(model_name, technique, float(sparsity), seed=seed))
        accuracy = report.pruned.accuracy
        rows.append({
            "sparsity": float(sparsity),
            "weight_sparsity": report.weight_sparsity,
            "params_nonzero": report.pruned.params_nonzero,
            "train_accuracy": accuracy["train"],
            "val_accuracy": accuracy["val"],
            "test_accuracy": accuracy["test"],
            "n_test": n_test,
        })
        if progress is not None:
            progress(index / len(sparsities),
                     t("sweep.progress", technique=technique, sparsity=sparsity))
    return rows


@dataclass(frozen=True)
class CurveReading:
    """What a train / validation / test curve over pruning shows.

    Attributes
    ----------
    unpruned : dict
        The row of the least pruned model.
    chosen : dict
        The row a practitioner would pick without looking at the test set: the best
        validation accuracy (ties: the most pruned); the least pruned row without
        validation accuracy.
    best_test : dict
        The row with the best test accuracy (ties: the most pruned) - hindsight, not a
        fair choice, shown to say how large the effect could be.
    test_change : float
        ``chosen`` minus ``unpruned`` test accuracy (fraction, may be negative).
    train_change : float
        ``chosen`` minus ``unpruned`` training accuracy.
    test_change_samples : int
        ``test_change`` in test samples (``n_test`` times it, rounded).
    gap_unpruned, gap_chosen : float
        Training minus test accuracy: how much the model overfits, before and at the
        chosen pruning.
    verdict : {"helps", "no_change", "hurts"}
        Whether pruning to ``chosen`` changed test accuracy by at least
        ``MIN_SAMPLES_FOR_A_CHANGE`` test samples.
    """

    unpruned: dict
    chosen: dict
    best_test: dict
    test_change: float
    test_change_samples: int
    train_change: float
    gap_unpruned: float
    gap_chosen: float
    verdict: str


def _best(rows: list[dict], key: str) -> dict:
    # Rows go from least to most pruned; ">=" keeps the most pruned of equal scores.
    best = rows[0]
    for row in rows[1:]:
        if row[key] >= best[key]:
            best = row
    return best


def read_curve(rows: Sequence[dict], n_test: int) -> CurveReading:
    """Read a curve whose rows go from the least to the most pruned model.

    Parameters
    ----------
    rows : sequence of dict
        Each with ``train_accuracy`` and ``test_accuracy`` (and ``val_accuracy``,
        used to choose), least pruned first.
    n_test : int
        Size of the test set, to tell a real change from one or two samples.

    Returns
    -------
    CurveReading
    """
    rows = list(rows)
    if not rows:
        raise ValueError(t("sweep.errors.no_sparsities"))
    unpruned = rows[0]
    has_val = all(row.get("val_accuracy") is not None for row in rows)
    chosen = _best(rows, "val_accuracy") if has_val else unpruned
    test_change = chosen["test_accuracy"] - unpruned["test_accuracy"]
    threshold = MIN_SAMPLES_FOR_A_CHANGE / max(n_test, 1)
    verdict = ("helps" if test_change >= threshold - 1e-12
               else "hurts" if test_change <= -threshold + 1e-12 else "no_change")
    return CurveReading(
        unpruned=unpruned, chosen=chosen, best_test=_best(rows, "test_accuracy"),
        test_change=test_change, test_change_samples=round(test_change * n_test),
        train_change=chosen["train_accuracy"] - unpruned["train_accuracy"],
        gap_unpruned=unpruned["train_accuracy"] - unpruned["test_accuracy"],
        gap_chosen=chosen["train_accuracy"] - chosen["test_accuracy"],
        verdict=verdict)


def least_pruned_first(rows: Sequence[dict]) -> list[dict]:
    """Tree curve rows from the least to the most pruned tree.

    Cost-complexity rows (``ccp_alpha``) prune more as alpha grows; depth rows
    (``max_depth``) prune more as the depth limit shrinks.
    """
    rows = list(rows)
    if rows and "ccp_alpha" in rows[0]:
        return sorted(rows, key=lambda row: row["ccp_alpha"])
    if rows and "max_depth" in rows[0]:
        return sorted(rows, key=lambda row: row["max_depth"], reverse=True)
    return rows
