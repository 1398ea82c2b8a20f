"""The measurements behind the stakeholder summary (:mod:`pruning.summary`).

:func:`summary_sweep` runs the sweeps a summary chooses from: a small default set of
techniques (unstructured magnitude and physical channel removal) on a coarse grid,
each without and with fine-tuning, through :func:`pruning.sweep.sweep_networks`.

A sweep gives every row a few timing rounds; on a busy machine that can still fake a
small speed-up. The configurations a summary might pick are therefore timed again by
:func:`confirm_configuration`: the original and the pruned copy (and, for zeroed
weights of a fully connected model, its sparse CSR twin) in more alternating rounds
(:func:`pruning.sweep_timing.time_models`), so both see the same load. The speed-up
is the median of the per-round ratios with their quartiles as the spread, and it
counts only if the pruned copy won so many rounds that chance would not
(:attr:`pruning.summary.Speed.verdict`). :func:`summarise` ties it together.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Callable, Sequence

import numpy as np

from pruning.experiment import NetworkRequest, prune_sample, sample_with_data
from pruning.i18n import t
from pruning.metrics import DEFAULT_THREADS, check_same_logits, fixed_threads, to_csr_model
from pruning.metrics.latency import check_timing_settings
from pruning.nn import get_technique
from pruning.summary import (Summary, best_configuration, closest_configuration,
                             ranked_candidates, rows_with)
from pruning.training import accuracy
from pruning.sweep import SWEEP_REPEATS, SWEEP_WARMUP, sweep_networks
from pruning.sweep_timing import time_models

Progress = Callable[[float, str], None]

SUMMARY_TECHNIQUES = ("magnitude_global", "structured_physical")
SUMMARY_SPARSITIES = (0.0, 0.25, 0.5, 0.75, 0.9)
SUMMARY_FINETUNE_EPOCHS = 5
CONFIRM_ROUNDS = 15  # one pass of each model per round; 12 wins of 15 rule out chance
CONFIRM_WARMUP = 2
SHORTLIST = 3  # best confirmed overall, besides the best of each technique x fine-tuning


@dataclass(frozen=True)
class SummarySweep:
    """The configurations a summary chooses from, plain data.

    Attributes
    ----------
    model : str
    rows : list of dict
        Sweep rows (:class:`pruning.sweep.SweepResult`), each with ``finetune_epochs``.
    settings : dict
        Techniques, sparsities, fine-tuning epochs, seed and timing settings.
    seconds : float
        How long the sweeps took (wall clock).
    n_test : int
        Test images behind every accuracy (also the timed batch).
    """

    model: str
    rows: list[dict] = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    seconds: float = 0.0
    n_test: int = 0


def summary_sweep(model: str, techniques: Sequence[str] = SUMMARY_TECHNIQUES,
                  sparsities: Sequence[float] = SUMMARY_SPARSITIES,
                  finetune_epochs: int = SUMMARY_FINETUNE_EPOCHS, *, seed: int = 0,
                  threads: int = DEFAULT_THREADS, warmup: int = SWEEP_WARMUP,
                  repeats: int = SWEEP_REPEATS, progress: Progress | None = None
                  ) -> SummarySweep:
    """Every technique at every sparsity, without and then with fine-tuning.

    Parameters
    ----------
    model : str
        A sample model.
    techniques, sparsities : sequences
        As in :func:`pruning.sweep.sweep_networks`. The fine-tuned sweep skips
        sparsity 0 (fine-tuning an unpruned model is not pruning).
    finetune_epochs : int
        Epochs of the fine-tuned sweep; 0 runs only the sweep without.
    seed, threads, warmup, repeats : int
        As in :func:`pruning.sweep.sweep_networks`.
    progress : callable(fraction, message), optional

    Returns
    -------
    SummarySweep
    """
    if finetune_epochs < 0:
        raise ValueError(t("experiment.errors.finetune_epochs"))
    sparsities = tuple(float(s) for s in sparsities)
    plans = [(0, sparsities)]
    tuned = tuple(s for s in sparsities if s > 0)
    if finetune_epochs and tuned:
        plans.append((finetune_epochs, tuned))
    total = sum(len(techniques) * len(grid) for _, grid in plans)
    done = 0
    rows: list[dict] = []
    started = time.perf_counter()
    for epochs, grid in plans:
        def step(fraction: float, message: str, offset=done, size=len(techniques) * len(grid)):
            if progress is not None:
                progress((offset + fraction * size) / total, message)

        result = sweep_networks(model, techniques, grid, finetune_epochs=epochs, seed=seed,
                                measure_latency=True, threads=threads, warmup=warmup,
                                repeats=repeats, progress=step)
        rows.extend({**row, "finetune_epochs": epochs} for row in result.rows)
        done += len(techniques) * len(grid)
    settings = {"techniques": list(techniques), "sparsities": list(sparsities),
                "finetune_epochs": finetune_epochs, "seed": seed, "threads": threads,
                "warmup": warmup, "repeats": repeats}
    n_test = len(sample_with_data(model)[1].y_test)
    return SummarySweep(model, rows, settings, time.perf_counter() - started, n_test)


def confirm_configuration(model: str, technique: str, sparsity: float, finetune_epochs: int,
                          *, seed: int = 0, threads: int = DEFAULT_THREADS,
                          rounds: int = CONFIRM_ROUNDS, warmup: int = CONFIRM_WARMUP) -> dict:
    """Prune again as a sweep row did and time it against the original, interleaved.

    Parameters
    ----------
    model, technique : str
    sparsity : float
        The requested sparsity of the row.
    finetune_epochs, seed : int
        As in the sweep (pruning is deterministic for a seed: same model, same accuracy).
    threads, rounds, warmup : int
        ``warmup`` untimed passes of each model, then ``rounds`` rounds of one timed
        pass each, the order reversed every other round.

    Returns
    -------
    dict
        Row fields: ``latency_ms`` / ``latency_ms_dense`` (medians over rounds) and
        their ``_p25`` / ``_p75``; ``speedup_median`` / ``_p25`` / ``_p75`` /
        ``_min`` / ``_max`` over the per-round ratios; ``speed_rounds`` and
        ``faster_rounds`` (rounds in which the pruned model was faster);
        ``csr_speedup_median`` (zeroed weights of a fully connected model, else
        ``None``); ``confirmed_accuracy`` (test accuracy of the re-pruned model) and
        ``layer_reports`` (per-layer outcome, plain dicts); ``confirm_seconds``
        (how long this took).
    """
    started = time.perf_counter()
    if rounds < 1:
        raise ValueError(t("summary.errors.rounds"))
    check_timing_settings(threads, warmup, rounds)
    request = NetworkRequest(model, technique, sparsity, finetune_epochs=finetune_epochs,
                             seed=seed, threads=threads)
    request.validate()
    sample, data = sample_with_data(model)
    inputs = data.X_test
    with fixed_threads(threads):
        result = prune_sample(request, sample, data)
        twin = None if get_technique(technique).physical else to_csr_model(result.model)
        if twin is not None:
            check_same_logits(result.model, twin, inputs)
        timed = [sample.model, result.model] + ([twin] if twin is not None else [])
        passes, _ = time_models(timed, inputs, threads=threads, warmup=[warmup] * len(timed),
                                repeats=rounds)
        confirmed_accuracy = accuracy(result.model, inputs, data.y_test)
    dense, pruned = np.asarray(passes[0]), np.asarray(passes[1])
    ratios = dense / pruned
    return {
        "latency_ms": float(np.median(pruned)),
        "latency_ms_p25": float(np.percentile(pruned, 25)),
        "latency_ms_p75": float(np.percentile(pruned, 75)),
        "latency_ms_dense": float(np.median(dense)),
        "latency_ms_dense_p25": float(np.percentile(dense, 25)),
        "latency_ms_dense_p75": float(np.percentile(dense, 75)),
        "speedup_median": float(np.median(ratios)),
        "speedup_p25": float(np.percentile(ratios, 25)),
        "speedup_p75": float(np.percentile(ratios, 75)),
        "speedup_min": float(ratios.min()),
        "speedup_max": float(ratios.max()),
        "speed_rounds": rounds,
        "faster_rounds": int((pruned < dense).sum()),
        "csr_speedup_median": (float(np.median(dense / np.asarray(passes[2])))
                               if twin is not None else None),
        "confirmed_accuracy": confirmed_accuracy,
        "layer_reports": [asdict(layer) | {"shape": list(layer.shape)}
                          for layer in result.layers],
        "confirm_seconds": time.perf_counter() - started,
    }


def _confirm_row(sweep: SummarySweep, row: dict) -> dict:
    settings = sweep.settings
    return confirm_configuration(sweep.model, row["technique"], row["sparsity_requested"],
                                 row.get("finetune_epochs", 0), seed=settings.get("seed", 0),
                                 threads=settings.get("threads", DEFAULT_THREADS))


def finalists(rows: Sequence[dict], ranked: Sequence[int], objective: str,
              shortlist: int = SHORTLIST) -> list[int]:
    """Rows worth timing again: for the latency objective, the ``shortlist`` best by
    the sweep's (noisy) timings plus the best of each technique x fine-tuning series;
    for size and MACs (exact numbers) the best alone."""
    if objective != "latency":
        return list(ranked[:1])
    chosen = list(ranked[:shortlist])
    seen_series = set()
    for index in ranked:
        series = (rows[index]["technique"], rows[index].get("finetune_epochs", 0))
        if series not in seen_series:
            seen_series.add(series)
            if index not in chosen:
                chosen.append(index)
    return chosen


def summarise(sweep: SummarySweep, max_accuracy_drop_pts: float, objective: str = "latency",
              *, confirm: Callable[[dict], dict] | None = None,
              shortlist: int = SHORTLIST) -> Summary:
    """The best configuration of ``sweep`` for a target, its timing confirmed.

    Parameters
    ----------
    sweep : SummarySweep
    max_accuracy_drop_pts : float
    objective : {"latency", "size", "macs"}
    confirm : callable(row) -> dict, optional
        Re-times a row (default :func:`confirm_configuration` with the sweep's
        settings); a page passes a cached one.
    shortlist : int
        See :func:`finalists`.

    Returns
    -------
    Summary
        From :func:`pruning.summary.best_configuration` over the rows with the
        finalists' confirmed timings, choosing among the finalists.
    """
    rows = sweep.rows
    ranked = ranked_candidates(rows, max_accuracy_drop_pts, objective)
    chosen = (finalists(rows, ranked, objective, shortlist) if ranked
              else [closest_configuration(rows, objective)])
    confirm = confirm or (lambda row: _confirm_row(sweep, row))
    confirmed = rows_with(rows, {index: confirm(rows[index]) for index in chosen})
    return best_configuration(confirmed, max_accuracy_drop_pts, objective, among=chosen,
                              model=sweep.model, n_test=sweep.n_test,
                              threads=sweep.settings.get("threads"))
