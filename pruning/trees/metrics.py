"""Accuracy on every part of a split, and measured prediction latency."""
from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from pruning.data import Split
from pruning.metrics.latency import Latency, time_forward
from pruning.trees.base import Predictor

WARMUP_CALLS = 3
THREADS = 1


def accuracy(predictor: Predictor, X: np.ndarray, y: np.ndarray) -> float | None:
    """Fraction of rows predicted right; ``None`` for an empty part."""
    if len(y) == 0:
        return None
    return float(np.mean(predictor.predict(X) == y))


def split_accuracies(predictor: Predictor, split: Split) -> dict[str, float | None]:
    """``train_accuracy``, ``val_accuracy`` (``None`` without validation), ``test_accuracy``."""
    return {
        "train_accuracy": accuracy(predictor, split.X_train, split.y_train),
        "val_accuracy": accuracy(predictor, split.X_val, split.y_val),
        "test_accuracy": accuracy(predictor, split.X_test, split.y_test),
    }


def measure_latency(predictor: Predictor, X: np.ndarray, repeats: int) -> Latency:
    """Time ``predictor.predict(X)`` as network latency is timed (warm-up, median of
    repeats, quartiles), on one thread for torch and for scikit-learn's native pools."""
    with threadpool_limits(limits=THREADS):
        return time_forward(predictor.predict, X, threads=THREADS, warmup=WARMUP_CALLS,
                            repeats=repeats)
