"""The stakeholder summary's choice, numbers and explanation, on constructed sweep rows.

Rows are built by hand so each case (meets / none meets / ties / timing noise / storage)
is exactly the one under test; the numbers are checked against the rows' own fields.
"""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pruning.i18n import t
from pruning.summary import (OBJECTIVES, Speed, accuracy_change_pts, best_configuration,
                             big_numbers, headline, macs_ratio, meets, ranked_candidates,
                             rounds_needed, rows_with, size_of, speed_of)

DENSE_BYTES = 200_000
DENSE_MACS = 50_000
DENSE_MS = 10.0


def make_row(technique: str = "structured_physical", sparsity: float = 0.5, *,
             accuracy: float = 0.97, dense_accuracy: float = 0.97, physical: bool = True,
             unit: str = "channels", size: int | None = None, size_sparse: int | None = None,
             macs: int | None = None, macs_effective: int | None = None,
             latency: float | None = DENSE_MS / 2, spread: float = 0.1,
             dense_spread: float = 0.1, finetune_epochs: int = 0) -> dict:
    """A sweep row as :func:`pruning.sweep.sweep_networks` makes it (the fields used)."""
    size = size if size is not None else (int(DENSE_BYTES * (1 - sparsity)) if physical
                                          else DENSE_BYTES)
    size_sparse = size_sparse if size_sparse is not None else int(
        DENSE_BYTES * 2 * (1 - sparsity) + 1000)
    macs = macs if macs is not None else (int(DENSE_MACS * (1 - sparsity)) if physical
                                          else DENSE_MACS)
    macs_effective = macs_effective if macs_effective is not None else int(
        DENSE_MACS * (1 - sparsity))
    timed = latency is not None
    return {
        "model": "mlp", "technique": technique, "sparsity_requested": sparsity,
        "sparsity_achieved": sparsity, "unit": unit, "physical": physical,
        "weight_sparsity": sparsity, "accuracy": accuracy, "accuracy_dense": dense_accuracy,
        "size_bytes": size, "size_bytes_dense": DENSE_BYTES, "size_bytes_sparse": size_sparse,
        "macs": macs, "macs_dense": DENSE_MACS, "macs_effective": macs_effective,
        "latency_ms": latency, "latency_ms_p25": latency - spread if timed else None,
        "latency_ms_p75": latency + spread if timed else None,
        "latency_ms_dense": DENSE_MS if timed else None,
        "latency_ms_dense_p25": DENSE_MS - dense_spread if timed else None,
        "latency_ms_dense_p75": DENSE_MS + dense_spread if timed else None,
        "finetune_epochs": finetune_epochs, "layers": [],
    }


def dense_row() -> dict:
    return make_row(sparsity=0.0, latency=DENSE_MS, size=DENSE_BYTES, macs=DENSE_MACS)


def zeroed(sparsity: float, **values) -> dict:
    return make_row("magnitude_global", sparsity, physical=False, unit="weights",
                    **{"latency": DENSE_MS, "spread": 0.5, **values})


# ---- choosing ------------------------------------------------------------------------

def test_the_fastest_row_within_the_target_is_chosen_and_faster_rows_beyond_it_are_not():
    rows = [dense_row(),
            make_row(sparsity=0.25, accuracy=0.965, latency=8.0),   # -0.5 pts, 1.25x
            make_row(sparsity=0.5, accuracy=0.962, latency=5.0),    # -0.8 pts, 2x
            make_row(sparsity=0.75, accuracy=0.90, latency=2.0)]    # -7 pts, 5x
    summary = best_configuration(rows, 1.0, "latency")
    assert summary.met and summary.row_index == 2
    assert (summary.tried, summary.meeting) == (3, 2)
    assert summary.speed.median == pytest.approx(2.0)
    assert best_configuration(rows, 10.0, "latency").row_index == 3
    assert best_configuration(rows, 0.5, "latency").row_index == 1


def test_when_no_row_meets_the_target_the_closest_is_described_and_said_so():
    rows = [dense_row(), make_row(sparsity=0.5, accuracy=0.93, latency=5.0),
            make_row(sparsity=0.75, accuracy=0.95, latency=3.0),
            make_row(sparsity=0.9, accuracy=0.80, latency=1.0)]
    summary = best_configuration(rows, 1.0, "latency")
    assert not summary.met and summary.meeting == 0
    assert summary.row_index == 2  # loses least (2 pts), not the fastest
    assert summary.accuracy_change_pts == pytest.approx(-2.0)
    assert summary.sentence_keys("means")[0] == "summary.sentence.not_met"
    assert "2.0" in summary.paragraph("en", "means")
    assert headline(summary).startswith(t("summary.headline.not_met", target=1.0,
                                          action="", finetuning="")[:20])


def test_ties_go_to_accuracy_then_to_fewer_finetuning_epochs_then_to_the_first_row():
    same_size = dict(sparsity=0.5, size=100_000)
    rows = [dense_row(),
            make_row(accuracy=0.965, finetune_epochs=0, **same_size),
            make_row(accuracy=0.968, finetune_epochs=5, **same_size)]
    assert best_configuration(rows, 1.0, "size").row_index == 2  # more accurate
    rows = [dense_row(), make_row(finetune_epochs=5, **same_size),
            make_row(finetune_epochs=0, **same_size)]
    assert best_configuration(rows, 1.0, "size").row_index == 2  # cheaper to make
    rows = [dense_row(), make_row(technique="structured_physical", **same_size),
            make_row(technique="structured_physical", **same_size)]
    assert best_configuration(rows, 1.0, "size").row_index == 1  # first of equals


def test_a_speed_up_within_the_timing_noise_counts_as_one():
    noisy = zeroed(0.5, latency=7.0, spread=3.5)  # 1.43x median, spreads overlap 1x
    clear = make_row(sparsity=0.25, latency=8.5, spread=0.1)  # 1.18x, clearly faster
    rows = [dense_row(), noisy, clear]
    assert speed_of(noisy).verdict == "same" and speed_of(noisy).counted == 1.0
    assert speed_of(clear).verdict == "faster"
    summary = best_configuration(rows, 1.0, "latency")
    assert summary.row_index == 2


def test_when_nothing_is_measurably_faster_the_smaller_model_wins_the_latency_tie():
    rows = [dense_row(),
            zeroed(0.25, accuracy=0.97),                                  # CSR larger: 1x
            make_row(sparsity=0.5, accuracy=0.965, latency=9.8, spread=0.5)]  # 2x smaller
    summary = best_configuration(rows, 1.0, "latency")
    assert summary.row_index == 2 and summary.speed.verdict == "same"
    assert "summary.sentence.no_faster_candidate" in summary.sentence_keys()


def test_unpruned_rows_are_the_reference_even_with_zeros_already_in_the_model():
    unpruned = zeroed(0.0, accuracy=0.99)
    unpruned["sparsity_achieved"] = 0.01  # an original with a few zero weights
    rows = [unpruned, make_row(sparsity=0.5, accuracy=0.962)]
    summary = best_configuration(rows, 1.0, "size")
    assert summary.tried == 1 and summary.row_index == 1


def test_among_restricts_the_choice_but_not_the_counts():
    rows = [dense_row(), make_row(sparsity=0.5, latency=5.0), make_row(sparsity=0.25,
                                                                       latency=8.0)]
    summary = best_configuration(rows, 1.0, "latency", among=[2])
    assert summary.row_index == 2 and summary.meeting == 2


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_bad_choices_are_one_line_catalogue_errors(objective):
    rows = [dense_row(), make_row()]
    for target in (-1, math.nan, 101, "1"):
        with pytest.raises(ValueError, match="accuracy limit"):
            best_configuration(rows, target, objective)
    with pytest.raises(ValueError, match="unknown objective"):
        best_configuration(rows, 1.0, "beauty")
    with pytest.raises(ValueError, match="no pruned configuration"):
        best_configuration([dense_row()], 1.0, objective)


def test_the_latency_objective_needs_timed_rows():
    rows = [dense_row(), make_row(latency=None)]
    with pytest.raises(ValueError, match="measured latency"):
        best_configuration(rows, 1.0, "latency")
    summary = best_configuration(rows, 1.0, "size")  # the other objectives still work
    assert summary.speed is None
    assert "summary.sentence.speed_not_measured" in summary.sentence_keys()


# ---- the numbers -----------------------------------------------------------------------

def test_physical_removal_counts_dense_bytes_and_dense_macs():
    row = make_row(sparsity=0.6, size=50_000, macs=20_000, macs_effective=18_000,
                   accuracy=0.9651, dense_accuracy=0.9722)
    summary = best_configuration([dense_row(), row], 1.0, "size")
    assert (summary.size_ratio, summary.size_storage) == (DENSE_BYTES / 50_000, "dense")
    assert summary.size_bytes == 50_000
    assert summary.macs_ratio == DENSE_MACS / 20_000
    assert summary.accuracy_change_pts == pytest.approx(100 * (0.9651 - 0.9722))


def test_zeroed_weights_count_csr_bytes_and_effective_macs_or_dense_when_csr_is_larger():
    sparse = zeroed(0.9, size_sparse=40_000, macs_effective=5_000)
    assert size_of(sparse) == (DENSE_BYTES / 40_000, "csr", False)
    assert macs_ratio(sparse) == DENSE_MACS / 5_000
    light = zeroed(0.2, size_sparse=300_000)
    assert size_of(light) == (1.0, "dense", True)
    summary = best_configuration([dense_row(), light], 1.0, "size")
    assert summary.csr_larger and "summary.sentence.size_csr_larger" in summary.sentence_keys()


def test_speed_is_the_ratio_of_medians_with_the_spread_of_the_quartiles():
    row = make_row(latency=4.0, spread=0.5, dense_spread=1.0)
    speed = speed_of(row)
    assert speed.median == pytest.approx(DENSE_MS / 4.0)
    assert speed.low == pytest.approx((DENSE_MS - 1.0) / 4.5)
    assert speed.high == pytest.approx((DENSE_MS + 1.0) / 3.5)
    paired = {**row, "speedup": 2.4, "speedup_low": 2.0, "speedup_high": 2.9}
    assert speed_of(paired) == Speed(2.4, 2.0, 2.9)  # the sweep's paired timing
    confirmed = {**paired, "speedup_median": 2.2, "speedup_p25": 2.1, "speedup_p75": 2.3}
    assert speed_of(confirmed) == Speed(2.2, 2.1, 2.3)  # re-timed: it wins
    assert Speed(0.8, 0.7, 0.9).verdict == "slower"
    tiny = speed_of(make_row(latency=0.1, spread=0.1))  # fastest run rounded to 0 ms
    assert tiny.high == math.inf and tiny.verdict == "faster"


@pytest.mark.parametrize("rounds", [5, 6, 9, 12, 20])
def test_the_sign_test_threshold_is_scipys_binomial_test(rounds):
    from scipy.stats import binomtest

    needed = rounds_needed(rounds)
    significant = [wins for wins in range(rounds + 1)
                   if binomtest(wins, rounds, 0.5, alternative="greater").pvalue <= 0.025]
    assert needed == (significant[0] if significant else rounds + 1)


def test_interleaved_rounds_decide_by_the_sign_test_not_by_the_spread():
    assert Speed(1.3, 1.1, 1.9, wins=6, rounds=9).verdict == "same"  # 6 of 9: chance
    assert Speed(1.05, 0.9, 1.2, wins=9, rounds=9).verdict == "faster"
    assert Speed(0.8, 0.7, 0.9, wins=1, rounds=9).verdict == "slower"
    assert Speed(5.0, 4.0, 6.0, wins=4, rounds=4).verdict == "same"  # too few rounds to tell
    confirmed = {**make_row(), "speedup_median": 1.3, "speedup_p25": 1.1, "speedup_p75": 1.9,
                 "faster_rounds": 6, "speed_rounds": 9}
    summary = best_configuration([dense_row(), confirmed], 1.0, n_test=360)
    numbers = {n.key: n for n in big_numbers(summary)}
    assert numbers["faster"].value == t("summary.metric.about_one")
    assert "6 of 9" in numbers["faster"].note


def test_the_big_numbers_show_the_summary_values_and_about_one_for_noise():
    rows = [dense_row(), make_row(sparsity=0.5, latency=4.0, accuracy=0.962)]
    numbers = {n.key: n for n in big_numbers(best_configuration(rows, 1.0, n_test=360))}
    assert numbers["smaller"].value == t("summary.metric.times", value=2.0)
    assert numbers["faster"].value == t("summary.metric.times", value=2.5)
    assert numbers["accuracy"].value == t("summary.metric.points", value=-0.8)
    assert "360" in numbers["accuracy"].note
    same = best_configuration([dense_row(), zeroed(0.9, size_sparse=30_000)], 1.0, "size")
    assert {n.key: n.value for n in big_numbers(same)}["faster"] == t("summary.metric.about_one")


def test_rows_with_merges_updates_into_copies():
    rows = [dense_row(), make_row()]
    merged = rows_with(rows, {1: {"speedup_median": 3.0}})
    assert merged[1]["speedup_median"] == 3.0 and "speedup_median" not in rows[1]
    assert merged[0] is rows[0]


# ---- the explanation -------------------------------------------------------------------

def test_structured_fine_tuned_and_met_says_smaller_layers_and_retraining():
    rows = [dense_row(), make_row(sparsity=0.5, latency=4.0, finetune_epochs=5)]
    summary = best_configuration(rows, 1.0, n_test=360, threads=1)
    assert summary.sentence_keys("means") == [
        "summary.sentence.met", "summary.sentence.physical", "summary.sentence.size_dense",
        "summary.sentence.speed_faster", "summary.sentence.finetuned"]
    assert summary.sentence_keys("limits") == [
        "summary.sentence.limit_speed", "summary.sentence.limit_accuracy",
        "summary.sentence.limit_model"]
    text = summary.paragraph("en")
    assert t("technique.structured_physical.name") in text and "5 epochs" in text
    assert "3.6 images" in text


def test_unstructured_not_fine_tuned_says_sparse_kernels_are_needed():
    row = {**zeroed(0.9, size_sparse=40_000), "csr_speedup_median": 0.6}
    summary = best_configuration([dense_row(), row], 1.0, "size")
    assert summary.sentence_keys("means") == [
        "summary.sentence.met", "summary.sentence.zeroed_weights", "summary.sentence.size_csr",
        "summary.sentence.speed_same_zeroed", "summary.sentence.csr_slower",
        "summary.sentence.not_finetuned"]
    assert "sparse kernels" in summary.paragraph("en", "means")


def test_zeroed_channels_and_a_zeroed_speed_up_are_told_apart():
    masked = make_row("structured_masked", 0.5, physical=False, unit="channels", latency=4.0)
    summary = best_configuration([dense_row(), masked], 1.0, "latency")
    keys = summary.sentence_keys()
    assert "summary.sentence.zeroed_channels" in keys
    assert "summary.sentence.speed_faster_zeroed" in keys  # measured, but suspicious


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_sentence_renders_in_every_language(language):
    cases = [best_configuration([dense_row(), make_row(finetune_epochs=3)], 1.0, n_test=360),
             best_configuration([dense_row(), zeroed(0.9, size_sparse=40_000)], 1.0, "macs"),
             best_configuration([dense_row(), make_row(accuracy=0.5)], 0.5, n_test=360)]
    for summary in cases:
        text = summary.paragraph(language)
        assert "{" not in text and len(text) > 100
        assert headline(summary, language)


# ---- properties -------------------------------------------------------------------------

random_row = st.builds(
    lambda technique, sparsity, loss, latency, spread, epochs: make_row(
        technique, sparsity, accuracy=0.97 - loss, latency=latency, spread=spread * latency,
        physical=technique == "structured_physical",
        unit="channels" if technique == "structured_physical" else "weights",
        finetune_epochs=epochs),
    st.sampled_from(["structured_physical", "magnitude_global"]),
    st.sampled_from([0.25, 0.5, 0.75, 0.9]), st.floats(0, 0.2), st.floats(1.0, 12.0),
    st.floats(0.0, 0.9), st.sampled_from([0, 5]))


@settings(max_examples=25, deadline=None)
@given(rows=st.lists(random_row, min_size=1, max_size=8),
       target=st.sampled_from([0.5, 1.0, 2.0, 5.0]), objective=st.sampled_from(OBJECTIVES))
def test_the_choice_meets_the_target_and_nothing_within_it_does_better(rows, target, objective):
    rows = [dense_row(), *rows]
    summary = best_configuration(rows, target, objective)
    meeting = [row for row in rows[1:] if meets(row, target)]
    assert summary.met == bool(meeting)
    assert summary.meeting == len(meeting) == len(ranked_candidates(rows, target, objective))
    if summary.met:
        assert meets(summary.row, target)
        gain = {"latency": lambda r: speed_of(r).counted, "size": lambda r: size_of(r)[0],
                "macs": macs_ratio}[objective]
        assert all(gain(row) <= gain(summary.row) for row in meeting)
    else:
        assert all(accuracy_change_pts(row) <= summary.accuracy_change_pts for row in rows[1:])
