"""Accuracy on every part of a split, and measured prediction latency."""
from __future__ import annotations

import time

import numpy as np
from threadpoolctl import threadpool_limits

from pruning.data import Split
from pruning.trees.base import PredictLatency, Predictor

WARMUP_CALLS = 3
THREADS = 1  # scikit-learn trees predict on one thread anyway; fixed for honesty


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


def measure_latency(predictor: Predictor, X: np.ndarray, repeats: int) -> PredictLatency:
    """Time ``predictor.predict(X)``: warm-up calls, one thread, ``repeats`` timed calls."""
    samples_ms = np.empty(repeats)
    with threadpool_limits(limits=THREADS):
        for _ in range(WARMUP_CALLS):
            predictor.predict(X)
        for i in range(repeats):
            start = time.perf_counter_ns()
            predictor.predict(X)
            samples_ms[i] = (time.perf_counter_ns() - start) / 1e6
    p25, median, p75 = np.percentile(samples_ms, [25, 50, 75])
    return PredictLatency(median_ms=float(median), p25_ms=float(p25), p75_ms=float(p75),
                   min_ms=float(samples_ms.min()), max_ms=float(samples_ms.max()),
                   repeats=int(repeats), warmup=WARMUP_CALLS, threads=THREADS,
                   batch_size=int(len(X)))
