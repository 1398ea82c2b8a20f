"""Trade-off figures from sweep rows."""
from __future__ import annotations

import pytest

from pruning.figures.style import OKABE_ITO
from pruning.figures.tradeoffs import (accuracy_vs_latency, accuracy_vs_size,
                                       accuracy_vs_sparsity, latency_vs_cost, technique_label)
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
        (trace,) = _traces(figure, TECHNIQUES[key].name())
        rows = [row for row in mlp_rows if row["technique"] == key]
        assert list(trace.x) == [100 * row["sparsity_achieved"] for row in rows]
        assert list(trace.y) == [100 * row["accuracy"] for row in rows]
        assert trace.line.color in OKABE_ITO.values()
    assert _traces(figure, t("figures.tradeoffs.dense_accuracy"))
    _check_labelled(figure)
    by_weights = accuracy_vs_sparsity(mlp_rows, x="weight_sparsity")
    physical = _traces(by_weights, TECHNIQUES["structured_physical"].name())[0]
    assert physical.x[-1] > 90  # 90% of neurons removes more than 90% of weights
    with pytest.raises(ValueError):
        accuracy_vs_sparsity(mlp_rows, x="depth")


def test_accuracy_vs_latency_marks_the_pareto_front_with_spread(mlp_rows):
    figure = accuracy_vs_latency(mlp_rows)
    (front,) = _traces(figure, t("figures.tradeoffs.pareto"))
    expected = [mlp_rows[i] for i in pareto_front(mlp_rows, "latency_ms", "accuracy")]
    assert list(front.x) == [row["latency_ms"] for row in expected]
    assert list(front.y) == [100 * row["accuracy"] for row in expected]
    random_trace = _traces(figure, TECHNIQUES["random"].name())[0]
    assert all(bar >= 0 for bar in random_trace.error_x.array)
    assert all(bar >= 0 for bar in random_trace.error_x.arrayminus)
    (dense,) = _traces(figure, t("figures.tradeoffs.dense_model"))
    assert dense.x[0] == mlp_rows[0]["latency_ms_dense"]
    _check_labelled(figure)


@pytest.mark.parametrize("storage,size", [
    ("dense", lambda row: row["size_bytes"]),
    ("sparse", lambda row: row["size_bytes_sparse"]),
    ("best", lambda row: min(row["size_bytes"], row["size_bytes_sparse"])),
])
def test_accuracy_vs_size_in_kilobytes(mlp_rows, storage, size):
    figure = accuracy_vs_size(mlp_rows, storage=storage)
    trace = _traces(figure, TECHNIQUES["magnitude_global"].name())[0]
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


def _synthetic(sparsity, latency, sparse, physical=False, technique="magnitude_global"):
    spread = {f"{prefix}_{s}": value for prefix, value in (("latency_ms", latency),
                                                           ("latency_ms_sparse", sparse))
              for s in ("p25", "p75", "min", "max")}
    return {"technique": technique, "physical": physical, "weight_sparsity": sparsity,
            "sparsity_achieved": sparsity, "macs_effective": 1000 * (1 - sparsity),
            "accuracy": 0.9, "accuracy_dense": 0.95, "latency_ms": latency,
            "latency_ms_dense": 1.0, "latency_ms_sparse": sparse, **spread}


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


def test_figures_without_timings_say_so():
    rows = [{**_synthetic(0.5, None, None), "latency_ms_dense": None}]
    for figure in (accuracy_vs_latency(rows), latency_vs_cost(rows)):
        assert [a.text for a in figure.layout.annotations] == [t("figures.tradeoffs.no_latency")]


def test_unregistered_techniques_keep_their_key():
    assert technique_label("my_own_technique") == "my_own_technique"
