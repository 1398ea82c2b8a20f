"""The stakeholder summary: the best pruned configuration that meets an accuracy target.

Pure Python over sweep rows (:func:`pruning.sweep.sweep_networks`, plus each row's
``finetune_epochs``): no torch, no UI. :func:`best_configuration` keeps the pruned
configurations whose test accuracy is at most ``max_accuracy_drop_pts`` percentage
points below the original's and picks the one with the largest measured speed-up,
size reduction or MAC reduction. When none meets the target it says so and describes
the closest one instead. The result carries the three big numbers (x smaller, x
faster measured, accuracy change) and a plain-language explanation assembled from
catalogue sentences that depend on the case.

Honesty rules applied here:

* size: a physically pruned model is counted stored dense (its layers really are
  smaller); a model whose weights were only zeroed is counted in CSR (a sparse
  format), or dense when CSR would be larger, and the summary says which;
* speed: a speed-up counts only when it is larger than the timing noise: for a
  re-timed configuration, the pruned copy won so many of the alternating timing
  rounds that chance would not (a sign test); for a sweep row, the quartile ranges
  of the two timings do not overlap. Otherwise it is reported as about 1x. Zeroed
  weights are multiplied on dense hardware all the same.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Sequence

from pruning.i18n import t

OBJECTIVES = ("latency", "size", "macs")
TARGETS_PTS = (0.5, 1.0, 2.0, 5.0)
TOLERANCE_PTS = 1e-9  # float noise in 100 * (accuracy - dense accuracy)
FASTER, SLOWER, SAME = "faster", "slower", "same"


@dataclass(frozen=True)
class Speed:
    """Measured speed-up (dense latency / pruned latency) and its spread.

    Attributes
    ----------
    median : float
    low, high : float
        The spread: from the two timings' quartiles (sweep rows) or the quartiles of
        per-round ratios (interleaved confirmation).
    wins, rounds : int or None
        Interleaved confirmation only: in how many of ``rounds`` alternating timing
        rounds the pruned model was the faster one.
    """

    median: float
    low: float
    high: float
    wins: int | None = None
    rounds: int | None = None

    @property
    def verdict(self) -> str:
        """``"faster"``, ``"slower"`` or ``"same"`` (within the timing noise).

        Interleaved rounds: a sign test, faster (slower) when the pruned model won
        (lost) so many rounds that chance would do so less than 2.5% of the time.
        Otherwise: faster (slower) when the whole spread is above (below) 1.
        """
        if self.rounds and self.wins is not None:
            needed = rounds_needed(self.rounds)
            if self.wins >= needed:
                return FASTER
            if self.rounds - self.wins >= needed:
                return SLOWER
            return SAME
        if self.low > 1.0:
            return FASTER
        if self.high < 1.0:
            return SLOWER
        return SAME

    @property
    def counted(self) -> float:
        """The speed-up a ranking may count on: 1.0 when within noise."""
        return 1.0 if self.verdict == SAME else self.median


def rounds_needed(rounds: int, alpha: float = 0.025) -> int:
    """Fewest wins out of ``rounds`` that a fair coin reaches with probability at most
    ``alpha`` (one-sided sign test); ``rounds + 1`` when no count is that unlikely."""
    for wins in range(rounds + 1):
        tail = sum(math.comb(rounds, k) for k in range(wins, rounds + 1)) / 2 ** rounds
        if tail <= alpha:
            return wins
    return rounds + 1


@dataclass(frozen=True)
class Summary:
    """The best configuration for a target, its three big numbers and their meaning.

    Attributes
    ----------
    model, objective : str
    target_pts : float
        Largest accuracy loss allowed, in percentage points.
    met : bool
        Whether the configuration described meets the target (``False``: it is the
        closest one, shown because none met it).
    tried, meeting : int
        Pruned configurations considered, and how many of them meet the target.
    row_index : int
        Index of the configuration in ``rows``.
    row : dict
        Its row.
    technique, unit : str
    sparsity : float
        Fraction removed in the technique's unit (weights or channels).
    weight_sparsity : float
        Fraction of all prunable weights zero or gone.
    physical : bool
        Whether structure was physically removed (smaller layers).
    finetune_epochs : int
    accuracy, accuracy_dense : float
        Test accuracy of the pruned and the original model (fractions).
    accuracy_change_pts : float
        Pruned minus original, in percentage points.
    size_ratio : float
        Original bytes / pruned bytes in ``size_storage``.
    size_storage : {"dense", "csr"}
    size_bytes, size_bytes_dense : int
    csr_larger : bool
        Zeroed weights whose CSR form would be larger than dense storage.
    macs_ratio : float
        Original MACs / pruned MACs (non-zero MACs for zeroed weights: what sparse
        kernels could skip).
    speed : Speed or None
        ``None`` when latency was not measured.
    latency_ms, latency_ms_dense : float or None
        Median latencies the speed-up comes from.
    speed_rounds : int or None
        Interleaved timing rounds behind ``speed`` (``None``: the sweep's timings).
    csr_speedup : float or None
        Zeroed weights run with sparse (CSR) kernels: original / CSR latency.
    n_test : int or None
        Test images behind the accuracy.
    threads : int or None
        Threads the timings used.
    layers : tuple of dict
        Per-layer outcome of the configuration (when it was re-run).
    rows : list of dict
        Every configuration considered (with any confirmed timings).
    sentences : tuple of (group, key, values)
        The explanation: ``group`` is ``"means"`` or ``"limits"``; see
        :meth:`paragraph`.
    """

    model: str
    objective: str
    target_pts: float
    met: bool
    tried: int
    meeting: int
    row_index: int
    row: dict
    technique: str
    unit: str
    sparsity: float
    weight_sparsity: float
    physical: bool
    finetune_epochs: int
    accuracy: float
    accuracy_dense: float
    accuracy_change_pts: float
    size_ratio: float
    size_storage: str
    size_bytes: int
    size_bytes_dense: int
    csr_larger: bool
    macs_ratio: float
    speed: Speed | None
    latency_ms: float | None
    latency_ms_dense: float | None
    speed_rounds: int | None
    csr_speedup: float | None
    n_test: int | None
    threads: int | None
    layers: tuple[dict, ...] = ()
    rows: list[dict] = field(default_factory=list)
    sentences: tuple[tuple[str, str, dict], ...] = ()

    def sentence_keys(self, group: str | None = None) -> list[str]:
        """Catalogue keys of the explanation (of one ``group``, or all)."""
        return [key for kind, key, _ in self.sentences if group in (None, kind)]

    def paragraph(self, language: str = "en", group: str | None = None) -> str:
        """The explanation in ``language``: the sentences of ``group`` (``"means"``:
        what the numbers mean; ``"limits"``: what they do not), or all of them.

        Sentences keep language-free values; the technique's name, the objective and
        the unit are translated here."""
        common = {"technique": t(f"technique.{self.technique}.name", language),
                  "objective": t(f"summary.objective_phrase.{self.objective}", language),
                  "unit": t(f"summary.unit.{self.unit}", language)}
        return " ".join(t(key, language, **{**common, **values})
                        for kind, key, values in self.sentences if group in (None, kind))


# ---- the numbers of one row ------------------------------------------------------------

def accuracy_change_pts(row: dict) -> float:
    """Pruned minus original test accuracy, in percentage points."""
    return 100.0 * (row["accuracy"] - row["accuracy_dense"])


def is_pruned(row: dict) -> bool:
    """Whether pruning was asked for (the unpruned rows are the reference, not a choice;
    an original model may already hold a few zero weights)."""
    return row["sparsity_requested"] > 0


def meets(row: dict, max_accuracy_drop_pts: float) -> bool:
    return accuracy_change_pts(row) >= -max_accuracy_drop_pts - TOLERANCE_PTS


def size_of(row: dict) -> tuple[float, str, bool]:
    """``(original bytes / pruned bytes, storage, csr_larger)``.

    Physical removal: stored dense. Zeroed weights: stored in CSR, unless CSR would
    be larger than dense storage (low sparsity), then dense (``csr_larger``).
    """
    if row["physical"]:
        return row["size_bytes_dense"] / row["size_bytes"], "dense", False
    if row["size_bytes_sparse"] < row["size_bytes"]:
        return row["size_bytes_dense"] / row["size_bytes_sparse"], "csr", False
    return row["size_bytes_dense"] / row["size_bytes"], "dense", True


def macs_ratio(row: dict) -> float:
    """Original MACs / pruned MACs (non-zero MACs when weights were only zeroed)."""
    pruned = row["macs"] if row["physical"] else row["macs_effective"]
    return row["macs_dense"] / pruned if pruned else math.inf


def speed_of(row: dict) -> Speed | None:
    """The measured speed-up of a row, ``None`` when it was not timed.

    Rows confirmed by interleaved timing carry ``speedup_median`` / ``speedup_p25``
    / ``speedup_p75`` (quartiles of per-round ratios), ``faster_rounds`` and
    ``speed_rounds``; sweep rows carry their paired ``speedup`` with ``speedup_low``
    / ``speedup_high`` (:func:`pruning.sweep_timing.paired_speedup`); otherwise the
    two latencies' quartiles make the spread.
    """
    if row.get("speedup_median") is not None:
        return Speed(row["speedup_median"], row["speedup_p25"], row["speedup_p75"],
                     row.get("faster_rounds"), row.get("speed_rounds"))
    if row.get("speedup") is not None:  # the sweep's own paired timing
        return Speed(row["speedup"], row["speedup_low"], row["speedup_high"])
    if row.get("latency_ms") is None or row.get("latency_ms_dense") is None:
        return None
    fastest = row["latency_ms_p25"]  # a clock can round a tiny time down to 0
    return Speed(row["latency_ms_dense"] / row["latency_ms"],
                 row["latency_ms_dense_p25"] / row["latency_ms_p75"],
                 row["latency_ms_dense_p75"] / fastest if fastest > 0 else math.inf)


def _objective_value(row: dict, objective: str) -> float:
    if objective == "size":
        return size_of(row)[0]
    if objective == "macs":
        return macs_ratio(row)
    speed = speed_of(row)
    return speed.counted if speed is not None else 1.0


def rank_key(row: dict, objective: str) -> tuple:
    """Larger is better; equal keys keep the rows' order.

    Size and MACs: the gain, then accuracy (the same structure with and without
    fine-tuning has the same size), then the other gains. Latency: the counted
    speed-up, then size, then accuracy. Speed-ups within the timing noise all count
    as 1x, so when nothing is measurably faster the smallest model wins rather than
    one that buys nothing. Last, fewer fine-tuning epochs (cheaper to make).
    """
    value = {name: _objective_value(row, name) for name in OBJECTIVES}
    accuracy = accuracy_change_pts(row)
    cheaper = -row.get("finetune_epochs", 0)
    if objective == "latency":
        return value["latency"], value["size"], accuracy, value["macs"], cheaper
    other = "macs" if objective == "size" else "size"
    return value[objective], accuracy, value[other], value["latency"], cheaper


# ---- choosing ------------------------------------------------------------------------

def check_choice(max_accuracy_drop_pts: float, objective: str) -> None:
    """``ValueError`` with a catalogue message for an impossible target or objective."""
    if objective not in OBJECTIVES:
        raise ValueError(t("summary.errors.objective", value=objective,
                           choices=", ".join(OBJECTIVES)))
    if not (isinstance(max_accuracy_drop_pts, (int, float))
            and math.isfinite(max_accuracy_drop_pts) and 0 <= max_accuracy_drop_pts <= 100):
        raise ValueError(t("summary.errors.target", value=max_accuracy_drop_pts))


def _usable(rows: Sequence[dict], objective: str) -> list[int]:
    pruned = [index for index, row in enumerate(rows) if is_pruned(row)]
    if not pruned:
        raise ValueError(t("summary.errors.no_pruned_rows"))
    if objective == "latency":
        pruned = [index for index in pruned if speed_of(rows[index]) is not None]
        if not pruned:
            raise ValueError(t("summary.errors.no_latency"))
    return pruned


def ranked_candidates(rows: Sequence[dict], max_accuracy_drop_pts: float,
                      objective: str = "latency") -> list[int]:
    """Indices of the pruned rows that meet the target, best first (see :func:`rank_key`)."""
    check_choice(max_accuracy_drop_pts, objective)
    meeting = [index for index in _usable(rows, objective)
               if meets(rows[index], max_accuracy_drop_pts)]
    return sorted(meeting, key=lambda index: rank_key(rows[index], objective), reverse=True)


def closest_configuration(rows: Sequence[dict], objective: str = "latency",
                          among: Sequence[int] | None = None) -> int:
    """Index of the pruned row that loses least accuracy (ties: the objective)."""
    usable = _usable(rows, objective) if among is None else list(among)
    return max(usable, key=lambda index: (accuracy_change_pts(rows[index]),
                                          rank_key(rows[index], objective)))


def best_configuration(rows: Sequence[dict], max_accuracy_drop_pts: float,
                       objective: str = "latency", *, among: Sequence[int] | None = None,
                       model: str | None = None, n_test: int | None = None,
                       threads: int | None = None, layers: Sequence[dict] = ()
                       ) -> Summary:
    """The configuration meeting the accuracy target with the largest gain.

    Parameters
    ----------
    rows : sequence of dict
        Sweep rows (:func:`pruning.sweep.sweep_networks`), each with its
        ``finetune_epochs`` (0 when missing). Unpruned rows are the reference only.
    max_accuracy_drop_pts : float in [0, 100]
        Largest test-accuracy loss allowed, in percentage points.
    objective : {"latency", "size", "macs"}
        What to maximise: measured speed-up (counted as 1x when within timing
        noise), size reduction, or MAC reduction.
    among : sequence of int, optional
        Choose only among these row indices (e.g. those whose timing was
        confirmed); counts still cover every row.
    model : str, optional
        Default: the rows' ``model``.
    n_test, threads : int, optional
        Test images and timing threads, quoted in the explanation.
    layers : sequence of dict
        Per-layer outcome of the chosen configuration, if known.

    Returns
    -------
    Summary
        ``met`` is ``False`` when no configuration meets the target; the summary
        then describes the one that loses least accuracy.

    Raises
    ------
    ValueError
        With a catalogue message: bad target or objective, no pruned rows, or no
        timed rows for the latency objective.
    """
    ranked = ranked_candidates(rows, max_accuracy_drop_pts, objective)
    allowed = ranked if among is None else [index for index in ranked if index in set(among)]
    met = bool(allowed)
    if met:
        index = allowed[0]
    else:
        pool = None if among is None else [i for i in among if i in set(_usable(rows, objective))]
        index = closest_configuration(rows, objective, pool or None)
    row = rows[index]
    ratio, storage, csr_larger = size_of(row)
    speed = speed_of(row)
    summary = Summary(
        model=model or row.get("model", ""), objective=objective,
        target_pts=float(max_accuracy_drop_pts), met=met,
        tried=len([r for r in rows if is_pruned(r)]), meeting=len(ranked),
        row_index=index, row=row, technique=row["technique"], unit=row["unit"],
        sparsity=row["sparsity_achieved"], weight_sparsity=row["weight_sparsity"],
        physical=bool(row["physical"]), finetune_epochs=int(row.get("finetune_epochs", 0)),
        accuracy=row["accuracy"], accuracy_dense=row["accuracy_dense"],
        accuracy_change_pts=accuracy_change_pts(row), size_ratio=ratio, size_storage=storage,
        size_bytes=row["size_bytes"] if storage == "dense" else row["size_bytes_sparse"],
        size_bytes_dense=row["size_bytes_dense"], csr_larger=csr_larger,
        macs_ratio=macs_ratio(row), speed=speed,
        latency_ms=row.get("latency_ms"), latency_ms_dense=row.get("latency_ms_dense"),
        speed_rounds=row.get("speed_rounds"), csr_speedup=row.get("csr_speedup_median"),
        n_test=n_test, threads=threads,
        layers=tuple(layers or row.get("layer_reports", ())), rows=list(rows))
    return _with_sentences(summary)


# ---- the explanation -------------------------------------------------------------------

def _with_sentences(summary: Summary) -> Summary:
    return replace(summary, sentences=tuple(explanation(summary)))


def explanation(summary: Summary) -> list[tuple[str, str, dict]]:
    """The catalogue sentences that explain ``summary``: ``(group, key, values)``.

    Which sentences depends on the case: met or not; physically removed channels,
    zeroed weights or zeroed channels; fine-tuned or not; faster, the same or slower
    beyond the timing noise; sparse-kernel timing known or not.
    """
    s = summary
    sentences: list[tuple[str, str, dict]] = []

    def say(group: str, key: str, **values) -> None:
        sentences.append((group, f"summary.sentence.{key}", values))

    percent = round(100 * s.sparsity)
    if s.met:
        say("means", "met", tried=s.tried, meeting=s.meeting, target=s.target_pts,
            sparsity=percent)
    else:
        say("means", "not_met", tried=s.tried, target=s.target_pts, sparsity=percent,
            loss=-s.accuracy_change_pts)
    say("means", action_kind(s))
    if s.physical:
        say("means", "size_dense", size=s.size_ratio)
    elif s.csr_larger:
        say("means", "size_csr_larger")
    else:
        say("means", "size_csr", size=s.size_ratio)
    if s.speed is not None:
        verdict = s.speed.verdict
        if verdict == FASTER:
            say("means", "speed_faster" if s.physical else "speed_faster_zeroed",
                speedup=s.speed.median)
        elif verdict == SLOWER:
            say("means", "speed_slower", speedup=s.speed.median)
        else:
            say("means", "speed_same" if s.physical else "speed_same_zeroed")
        if not s.physical and s.csr_speedup is not None:
            say("means", "csr_faster" if s.csr_speedup > 1 else "csr_slower",
                speedup=s.csr_speedup)
    else:
        say("means", "speed_not_measured")
    say("means", "finetuned" if s.finetune_epochs else "not_finetuned",
        epochs=s.finetune_epochs)
    if s.objective == "latency" and s.met and s.speed is not None and s.speed.verdict != FASTER:
        say("means", "no_faster_candidate")
    if s.speed is not None:
        threads = s.threads or 1
        say("limits", "limit_speed", threads=threads)
    if s.n_test:
        say("limits", "limit_accuracy", n_test=s.n_test, per_point=s.n_test / 100)
    say("limits", "limit_model")
    return sentences


def rows_with(rows: Sequence[dict], updates: dict[int, dict]) -> list[dict]:
    """Copies of ``rows`` with ``updates[index]`` merged into row ``index``."""
    return [{**row, **updates[index]} if index in updates else row
            for index, row in enumerate(rows)]


# ---- what a page or a report shows ------------------------------------------------------

@dataclass(frozen=True)
class BigNumber:
    """One of the three big numbers: its label, value, a note under it and help."""

    key: str  # "smaller" | "faster" | "accuracy"
    label: str
    value: str
    note: str
    help: str


def action_kind(summary: Summary) -> str:
    """``"physical"``, ``"zeroed_weights"`` or ``"zeroed_channels"``."""
    if summary.physical:
        return "physical"
    return "zeroed_weights" if summary.unit == "weights" else "zeroed_channels"


def headline(summary: Summary, language: str = "en") -> str:
    """One line in plain words (markdown bold): what to do to the model, or the closest
    configuration when none meets the target."""
    s = summary
    finetuning = (t("summary.headline.finetuned", language, epochs=s.finetune_epochs)
                  if s.finetune_epochs else t("summary.headline.not_finetuned", language))
    action = t(f"summary.action.{action_kind(s)}", language, sparsity=round(100 * s.sparsity))
    return t("summary.headline.met" if s.met else "summary.headline.not_met", language,
             action=action, finetuning=finetuning, target=s.target_pts,
             objective=t(f"summary.objective_phrase.{s.objective}", language))


def technique_line(summary: Summary, language: str = "en") -> str:
    """``Technique: <its catalogue name>.``"""
    return t("summary.headline.technique", language,
             technique=t(f"technique.{summary.technique}.name", language))


def big_numbers(summary: Summary, language: str = "en") -> list[BigNumber]:
    """x smaller, x faster (measured) and the accuracy change, formatted, with notes."""
    s = summary
    kilo = 1e-3
    if s.physical:
        size_note = t("summary.metric.smaller_dense", language, before=s.size_bytes_dense * kilo,
                      after=s.size_bytes * kilo)
    elif s.csr_larger:
        size_note = t("summary.metric.smaller_csr_larger", language,
                      before=s.size_bytes_dense * kilo)
    else:
        size_note = t("summary.metric.smaller_csr", language, before=s.size_bytes_dense * kilo,
                      after=s.size_bytes * kilo)
    if s.speed is None:
        speed_value = t("summary.metric.not_measured", language)
        speed_note = t("summary.metric.faster_missing", language)
    else:
        timing = dict(before=s.latency_ms_dense, after=s.latency_ms, batch=s.n_test or "?",
                      low=s.speed.low, high=s.speed.high, wins=s.speed.wins,
                      rounds=s.speed.rounds)
        how = "rounds" if s.speed.rounds else "spread"
        if s.speed.verdict == SAME:
            speed_value = t("summary.metric.about_one", language)
            speed_note = t(f"summary.metric.faster_same_{how}", language, **timing)
        else:
            speed_value = t("summary.metric.times", language, value=s.speed.median)
            speed_note = t(f"summary.metric.faster_note_{how}", language, **timing)
    accuracy_note = t("summary.metric.accuracy_note", language, before=s.accuracy_dense,
                      after=s.accuracy, n_test=s.n_test or "?")
    return [
        BigNumber("smaller", t("summary.metric.smaller", language),
                  t("summary.metric.times", language, value=s.size_ratio), size_note,
                  t("summary.metric.smaller_help", language)),
        BigNumber("faster", t("summary.metric.faster", language), speed_value, speed_note,
                  t("summary.metric.faster_help", language)),
        BigNumber("accuracy", t("summary.metric.accuracy", language),
                  t("summary.metric.points", language, value=s.accuracy_change_pts),
                  accuracy_note, t("summary.metric.accuracy_help", language)),
    ]
