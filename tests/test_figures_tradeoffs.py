"""Trade-off figures from sweep rows."""
from __future__ import annotations

import pytest

from pruning.figures.style import OKABE_ITO
from pruning.figures.tradeoffs import (accuracy_vs_latency, accuracy_vs_size,
                                       accuracy_vs_sparsity, latency_vs_cost,
                                       short_technique_label, technique_label)
from pruning.i18n import t
from pruning.nn import TECHNIQUES
from pruning.sweep import pareto_front, sweep_networks

TECHNIQUES_SHOWN = ["magnitude_global", "random", "structured_physical"]


@pytest.fixture(scope="module")
def mlp_rows():
    return sweep_networks("mlp", TECHNIQUES_SHOWN, [0.0, 0.5, 0.9], warmup=0, repeats=2).rows


def _check_labelled(figure):
    assert figure.layout.title.text
    assert figure.layout.xaxis.title.text and figure.layout.yaxis.title.text
    assert figure.layout.showlegend and figure.layout.font.size >= 16


def _traces(figure, name):
    return [trace for trace in figure.data if trace.name == name]


def test_accuracy_vs_sparsity_has_one_line_per_technique(mlp_rows):
    figure = accuracy_vs_sparsity(mlp_rows)
    for key in TECHNIQUES_SHOWN:
        (trace,) = _traces(figure, short_technique_label(key))
        assert TECHNIQUES[key].name() in trace.hovertemplate  # the full name on hover
        rows = [row for row in mlp_rows if row["technique"] == key]
        assert list(trace.x) == [100 * row["sparsity_achieved"] for row in rows]
        assert list(trace.y) == [100 * row["accuracy"] for row in rows]
        assert trace.line.color in OKABE_ITO.values()
    assert _traces(figure, t("figures.tradeoffs.dense_accuracy"))
    _check_labelled(figure)
    by_weights = accuracy_vs_sparsity(mlp_rows, x="weight_sparsity")
    physical = _traces(by_weights, short_technique_label("structured_physical"))[0]
    assert physical.x[-1] > 90  # 90% of neurons removes more than 90% of weights
    with pytest.raises(ValueError):
        accuracy_vs_sparsity(mlp_rows, x="depth")


def test_accuracy_vs_latency_is_relative_to_the_unpruned_model_timed_beside_it(mlp_rows):
    figure = accuracy_vs_latency(mlp_rows)
    relative = [100 / row["speedup"] for row in mlp_rows]
    (front,) = _traces(figure, t("figures.tradeoffs.pareto"))
    with_relative = [{**row, "relative": value} for row, value in zip(mlp_rows, relative)]
    expected = [with_relative[i] for i in pareto_front(with_relative, "relative", "accuracy")]
    assert list(front.x) == pytest.approx([row["relative"] for row in expected])
    assert list(front.y) == [100 * row["accuracy"] for row in expected]
    random_rows = [row for row in mlp_rows if row["technique"] == "random"]
    random_trace = _traces(figure, short_technique_label("random"))[0]
    assert list(random_trace.x) == pytest.approx([100 / row["speedup"] for row in random_rows])
    assert list(random_trace.error_x.array) == pytest.approx(
        [100 / row["speedup_low"] - 100 / row["speedup"] for row in random_rows])
    assert all(bar >= 0 for bar in random_trace.error_x.array)
    assert all(bar >= 0 for bar in random_trace.error_x.arrayminus)
    (dense,) = _traces(figure, t("figures.tradeoffs.dense_model"))
    assert dense.x[0] == 100.0  # the unpruned model is its own reference
    unpruned = [row for row in mlp_rows if row["sparsity_requested"] == 0]
    assert all(100 / row["speedup"] == 100.0 for row in unpruned)
    _check_labelled(figure)


def test_a_slow_reference_measurement_cannot_make_zeros_look_fast():
    # the unpruned model timed slowly once (0.65 ms) while its zeroed copies ran at 0.3 ms:
    # paired rows time it beside each copy, so every zeroed copy stays near 100%
    rows = [_synthetic(s, 0.3, None, dense=0.3) for s in (0.1, 0.5, 0.9)]
    rows[0]["latency_ms_reference"] = 0.65
    figure = accuracy_vs_latency(rows)
    masked = _traces(figure, short_technique_label("magnitude_global"))[0]
    assert list(masked.x) == pytest.approx([100.0, 100.0, 100.0])


@pytest.mark.parametrize("storage,size", [
    ("dense", lambda row: row["size_bytes"]),
    ("sparse", lambda row: row["size_bytes_sparse"]),
    ("best", lambda row: min(row["size_bytes"], row["size_bytes_sparse"])),
])
def test_accuracy_vs_size_in_kilobytes(mlp_rows, storage, size):
    figure = accuracy_vs_size(mlp_rows, storage=storage)
    trace = _traces(figure, short_technique_label("magnitude_global"))[0]
    rows = [row for row in mlp_rows if row["technique"] == "magnitude_global"]
    assert list(trace.x) == pytest.approx([size(row) / 1000 for row in rows])
    assert _traces(figure, t("figures.tradeoffs.pareto"))
    assert "kB" in figure.layout.xaxis.title.text
    _check_labelled(figure)


def test_latency_figure_compares_masked_physical_and_csr(mlp_rows):
    figure = latency_vs_cost(mlp_rows)
    masked = _traces(figure, t("figures.tradeoffs.latency.masked"))[0]
    physical = _traces(figure, t("figures.tradeoffs.latency.physical"))[0]
    csr = _traces(figure, t("figures.tradeoffs.latency.csr"))[0]
    masked_rows = [row for row in mlp_rows if not row["physical"]]
    assert len(masked.x) == len(csr.x) == len(masked_rows)
    assert len(physical.x) == 3
    assert sorted(csr.y) == sorted(row["latency_ms_sparse"] for row in masked_rows)
    assert any(shape.type == "line" for shape in figure.layout.shapes)  # the dense line
    by_macs = latency_vs_cost(mlp_rows, x="macs")
    masked = _traces(by_macs, t("figures.tradeoffs.latency.masked"))[0]
    assert sorted(masked.x) == pytest.approx(sorted(row["macs_effective"] / 1000
                                                    for row in masked_rows))
    _check_labelled(figure)


def _synthetic(sparsity, latency, sparse, physical=False, technique="magnitude_global",
               dense=1.0, noise=0.0):
    """A timed row; every latency's quartiles are its median -/+ ``noise``."""
    spread = {}
    for prefix, value in (("latency_ms", latency), ("latency_ms_sparse", sparse),
                          ("latency_ms_dense", dense)):
        for name, shift in (("p25", -noise), ("p75", noise), ("min", -noise), ("max", noise)):
            spread[f"{prefix}_{name}"] = None if value is None else value + shift
    speedups = {}
    for prefix, value in (("speedup", latency), ("speedup_sparse", sparse)):
        timed = value is not None and dense is not None
        speedups.update({prefix: dense / value if timed else None,
                         f"{prefix}_low": (dense - noise) / (value + noise) if timed else None,
                         f"{prefix}_high": (dense + noise) / (value - noise) if timed else None})
    return {"technique": technique, "physical": physical, "weight_sparsity": sparsity,
            "sparsity_achieved": sparsity, "macs_effective": 1000 * (1 - sparsity),
            "accuracy": 0.9, "accuracy_dense": 0.95, "latency_ms": latency,
            "latency_ms_dense": dense, "latency_ms_sparse": sparse,
            "latency_ms_reference": dense, "latency_ms_reference_p25": dense,
            "latency_ms_reference_p75": dense, **spread, **speedups}


def test_the_csr_crossover_is_drawn_where_csr_stays_faster():
    rows = [_synthetic(s, 1.0, sparse) for s, sparse in ((0.0, 3.0), (0.5, 1.5), (0.8, 0.7),
                                                         (0.9, 0.5))]
    figure = latency_vs_cost(rows)
    assert figure.layout.meta["crossover"] == 0.8
    assert any(shape.x0 == 80.0 for shape in figure.layout.shapes)
    without_csr = [_synthetic(s, 1.0, None, physical=True, technique="structured_physical")
                   for s in (0.0, 0.5)]
    figure = latency_vs_cost(without_csr)
    assert not _traces(figure, t("figures.tradeoffs.latency.csr"))
    assert figure.layout.meta["crossover"] is None


def test_a_csr_win_within_the_timing_noise_is_not_drawn():
    rows = [_synthetic(s, 1.0, sparse, noise=0.1) for s, sparse in ((0.5, 1.5), (0.8, 0.95),
                                                                    (0.9, 0.85))]
    figure = latency_vs_cost(rows)
    assert figure.layout.meta["crossover"] is None  # medians below 1.0, quartiles overlap
    assert not any(shape.type == "line" and shape.x0 == shape.x1 for shape in
                   figure.layout.shapes)


def test_the_unpruned_model_is_a_line_over_its_quartile_band():
    rows = [_synthetic(s, 1.0, None) for s in (0.1, 0.5)]
    for row in rows:
        row.update(latency_ms_reference=1.2, latency_ms_reference_p25=1.1,
                   latency_ms_reference_p75=1.4)
    figure = latency_vs_cost(rows)
    (band,) = [shape for shape in figure.layout.shapes if shape.type == "rect"]
    assert (band.y0, band.y1) == (1.1, 1.4)
    (line,) = [shape for shape in figure.layout.shapes if shape.type == "line"]
    assert line.y0 == line.y1 == 1.2
    assert _traces(figure, t("figures.tradeoffs.latency.dense"))


def test_legends_use_short_names_that_exist_in_every_language():
    from pruning.i18n import has

    for key in TECHNIQUES:
        for language in ("en", "es"):
            assert has(f"figures.tradeoffs.short.{key}", language)
            assert len(short_technique_label(key, language)) <= 24
    assert short_technique_label("my_own") == "my_own"


def test_figures_without_timings_say_so():
    rows = [{**_synthetic(0.5, None, None), "latency_ms_dense": None}]
    for figure in (accuracy_vs_latency(rows), latency_vs_cost(rows)):
        assert [a.text for a in figure.layout.annotations] == [t("figures.tradeoffs.no_latency")]


def test_unregistered_techniques_keep_their_key():
    assert technique_label("my_own_technique") == "my_own_technique"
