"""Accuracy on every part of a split, and measured prediction latency."""
from __future__ import annotations

import time

import numpy as np
from threadpoolctl import threadpool_limits

from pruning.data import Split
from pruning.trees.base import Latency, Predictor

WARMUP_CALLS = 3


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
    """Time ``predictor.predict(X)``: warm-up calls, one thread, ``repeats`` timed calls.

    Returns the median and interquartile range in milliseconds.
    """
    with threadpool_limits(limits=1):
        for _ in range(WARMUP_CALLS):
            predictor.predict(X)
        times = np.empty(repeats)
        for i in range(repeats):
            start = time.perf_counter()
            predictor.predict(X)
            times[i] = time.perf_counter() - start
    q1, median, q3 = np.percentile(times * 1000.0, [25, 50, 75])
    return Latency(median_ms=float(median), q1_ms=float(q1), q3_ms=float(q3),
                   repeats=int(repeats), rows=int(len(X)))
