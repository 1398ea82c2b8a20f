"""Figures of one pruned network: histograms, mask heatmaps, per-layer bars."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from pruning.figures.nn import (block_average, layer_sparsity_bars, layer_weights,
                                sparsity_heatmap, weight_histogram)
from pruning.figures.style import OKABE_ITO
from pruning.i18n import t
from pruning.models import load_sample_model
from pruning.nn import prune_network

MLP_WEIGHTS = 64 * 300 + 300 * 100 + 100 * 10


@pytest.fixture(scope="module")
def mlp_masked(mlp):
    return prune_network(mlp.model, "magnitude_global", 0.8)


@pytest.fixture(scope="module")
def cnn_physical(cnn):
    return prune_network(cnn.model, "structured_physical", 0.5)


def _before_after(figure):
    traces = {trace.name: trace for trace in figure.data}
    return traces[t("figures.nn.histogram.before")], traces[t("figures.nn.histogram.after")]


def _check_labelled(figure):
    assert figure.layout.title.text
    assert figure.layout.xaxis.title.text and figure.layout.yaxis.title.text
    assert figure.layout.showlegend


def _counts(trace) -> list[int]:
    """A stepped histogram line's counts per bin (its first and last points close the
    outline at zero, half a bin beyond the ends)."""
    assert trace.y[0] == trace.y[-1] == 0
    return list(trace.y[1:-1])


def test_histogram_overlays_before_and_after_on_shared_bins(mlp, mlp_masked):
    figure = weight_histogram(mlp.model, mlp_masked)
    before, after = _before_after(figure)
    assert len(figure.data) == 2  # nothing removed: no legend entry for removed weights
    assert before.type == after.type == "scatter"
    assert before.line.shape == after.line.shape == "hvh"  # steps half-way between points
    assert before.x == after.x
    edges = np.array(figure.layout.meta["bin_edges"])
    # the points are the bin centres (plus one beyond each end), so the steps are the edges
    assert np.allclose((np.array(before.x[:-1]) + np.array(before.x[1:])) / 2, edges)
    assert np.isclose(edges[0], -edges[-1])  # symmetric, odd count: zero is a bin centre
    before_counts, after_counts = _counts(before), _counts(after)
    centre = len(before_counts) // 2
    assert abs(before.x[1 + centre]) < 1e-9
    assert sum(before_counts) == sum(after_counts) == MLP_WEIGHTS
    weights = np.concatenate([p.detach().numpy().ravel() for n, p in mlp.model.named_parameters()
                              if n.endswith("weight")])
    assert before_counts == np.histogram(weights, bins=edges)[0].tolist()
    zeros = round(0.8 * MLP_WEIGHTS)
    assert figure.layout.meta["zeros"] == zeros
    assert after_counts[centre] >= zeros > before_counts[centre]  # the spike at zero
    assert after_counts[centre] == max(after_counts)
    assert figure.layout.yaxis.type != "log"
    # before: an outline only, under the filled after area, so no two fills mix
    assert before.fill in (None, "none") and before.line.width > 0
    assert after.fill == "tozeroy"
    assert figure.data[:2] == (before, after)
    _check_labelled(figure)


def test_histogram_of_one_layer_with_log_counts(mlp, mlp_masked):
    figure = weight_histogram(mlp.model, mlp_masked, "fc2", log_count=True)
    assert figure.layout.yaxis.type == "log"
    assert sum(_counts(_before_after(figure)[0])) == 300 * 100
    assert "fc2" in figure.layout.title.text
    with pytest.raises(ValueError):
        weight_histogram(mlp.model, mlp_masked, "fc9")


def test_physically_removed_weights_are_not_zeros_and_are_counted_apart(cnn, cnn_physical):
    figure = weight_histogram(cnn.model, cnn_physical)
    layers = ("conv1", "conv2", "conv3", "out")
    original = sum(getattr(cnn.model, name).weight.numel() for name in layers)
    kept = [getattr(cnn_physical.model, name).weight.detach() for name in layers]
    before, after = _before_after(figure)
    assert sum(_counts(before)) == original
    assert sum(_counts(after)) == sum(weight.numel() for weight in kept)  # only what exists
    # "after" is the surviving weights' own histogram: no removed weight piled at zero
    survivors = np.concatenate([weight.numpy().ravel() for weight in kept])
    expected, _ = np.histogram(survivors, bins=np.array(figure.layout.meta["bin_edges"]))
    assert _counts(after) == expected.tolist()
    zeros = int((survivors == 0).sum())
    removed = original - sum(weight.numel() for weight in kept)
    assert figure.layout.meta["removed"] == removed and figure.layout.meta["zeros"] == zeros
    (entry,) = [trace for trace in figure.data if trace not in (before, after)]
    assert entry.name == t("figures.nn.histogram.removed_legend", removed=removed)
    assert f"{removed}" in figure.layout.title.subtitle.text


def test_layer_weights_put_surviving_weights_back_in_place(cnn, cnn_physical):
    layers = {item.name: item for item in layer_weights(cnn.model, cnn_physical)}
    conv2 = layers["conv2"]
    kept_rows = [i for i in range(32) if i not in cnn_physical.removed_channels["conv2"]]
    kept_cols = [i for i in range(16) if i not in cnn_physical.removed_channels["conv1"]]
    rebuilt = conv2.after[np.ix_(kept_rows, kept_cols)]
    assert np.array_equal(rebuilt, cnn_physical.model.conv2.weight.detach().numpy())
    assert conv2.removed[cnn_physical.removed_channels["conv2"]].all()
    assert np.array_equal(conv2.before, cnn.model.conv2.weight.detach().numpy())


def test_linear_heatmap_cells_are_block_means_of_absolute_weights(mlp, mlp_masked):
    figure = sparsity_heatmap(mlp.model, mlp_masked, "out")  # 10 x 100 -> 10 x 50
    z = np.array(figure.data[0].z, dtype=float)
    weight = mlp_masked.model.out.weight.detach().abs().numpy()
    assert z.shape == (10, 50)
    expected = weight.reshape(10, 50, 2).mean(axis=2)
    assert np.allclose(z, expected, rtol=1e-3, atol=1e-7)
    assert (z == 0).any()  # pruned weights are exactly zero (white)
    assert figure.layout.meta["block_cols"] == 2
    _check_labelled(figure)


def test_conv_heatmap_shows_kernel_norms_and_removed_channels(cnn, cnn_physical):
    figure = sparsity_heatmap(cnn.model, cnn_physical, "conv2")
    z = figure.data[0].z
    assert (len(z), len(z[0])) == (32, 16)
    removed_rows = cnn_physical.removed_channels["conv2"]
    removed_cols = cnn_physical.removed_channels["conv1"]
    assert all(z[r][c] is None for r in removed_rows for c in range(16))
    assert all(z[r][c] is None for r in range(32) for c in removed_cols)
    row = next(r for r in range(32) if r not in removed_rows)
    col = next(c for c in range(16) if c not in removed_cols)
    weights = layer_weights(cnn.model, cnn_physical)[1].after
    assert z[row][col] == pytest.approx(float(np.abs(weights[row, col]).sum()), rel=1e-3)
    assert any(trace.name and "removed" in trace.name.lower() for trace in figure.data)


def test_heatmap_legend_reads_the_mode_and_index_ticks_are_whole_numbers(cnn, cnn_physical):
    for values in ("magnitude", "density"):
        figure = sparsity_heatmap(cnn.model, cnn_physical, "conv1", values=values)
        assert figure.data[0].name == t(f"figures.nn.heatmap.kept_{values}")
        assert list(figure.layout.xaxis.tickvals) == [0]  # conv1 reads one input channel
        ticks = list(figure.layout.yaxis.tickvals)
        assert all(float(tick).is_integer() for tick in ticks) and len(ticks) <= 8
    large = sparsity_heatmap(cnn.model, cnn_physical, "conv3")
    assert all(float(tick).is_integer() for tick in large.layout.xaxis.tickvals)


def test_masked_channels_are_zero_not_removed(cnn):
    result = prune_network(cnn.model, "structured_masked", 0.5)
    z = sparsity_heatmap(cnn.model, result, "conv2", values="density").data[0].z
    for channel in result.removed_channels["conv2"]:
        assert z[channel] == [0.0] * 16
    assert all(value is None or 0.0 <= value <= 1.0 for row in z for value in row)


def test_heatmap_of_a_large_layer_stays_small():
    overparam = load_sample_model("mlp_overparam")
    result = prune_network(overparam.model, "magnitude_layer", 0.5)
    figure = sparsity_heatmap(overparam.model, result, "fc2")  # 512 x 512
    z = figure.data[0].z
    assert len(z) <= 64 and len(z[0]) <= 64
    assert len(figure.to_json()) < 80_000


def test_heatmap_rejects_unknown_values_and_layers(mlp, mlp_masked):
    with pytest.raises(ValueError):
        sparsity_heatmap(mlp.model, mlp_masked, "fc1", values="colour")
    with pytest.raises(ValueError):
        sparsity_heatmap(mlp.model, mlp_masked, "conv1")


@settings(max_examples=20, deadline=None)
@given(rows=st.integers(1, 200), cols=st.integers(1, 200), limit=st.integers(1, 64),
       seed=st.integers(0, 1000))
def test_block_average_bounds_the_size_and_keeps_the_total(rows, cols, limit, seed):
    cells = np.random.default_rng(seed).random((rows, cols))
    removed = np.zeros_like(cells, dtype=bool)
    averaged, block_rows, block_cols = block_average(cells, removed, limit)
    assert averaged.shape[0] <= limit and averaged.shape[1] <= limit
    assert averaged.shape == (-(-rows // block_rows), -(-cols // block_cols))
    # each block's mean times its true cell count gives back the total
    counts = np.add.reduceat(np.add.reduceat(np.ones((rows, cols)),
                                             np.arange(0, rows, block_rows), axis=0),
                             np.arange(0, cols, block_cols), axis=1)
    assert np.isclose((averaged * counts).sum(), cells.sum())


def test_block_average_marks_only_fully_removed_blocks():
    cells = np.ones((4, 4))
    removed = np.zeros((4, 4), dtype=bool)
    removed[:2, :2] = True
    removed[2, 2] = True
    averaged, _, _ = block_average(cells, removed, 2)
    assert np.isnan(averaged[0, 0])
    assert averaged[1, 1] == 0.75 and averaged[0, 1] == 1.0


def test_layer_bars_show_weights_and_channels(mlp, cnn, cnn_physical):
    unstructured = layer_sparsity_bars(prune_network(mlp.model, "magnitude_layer", 0.3))
    assert len(unstructured.data) == 1
    assert list(unstructured.data[0].y) == pytest.approx([30.0, 30.0, 30.0])
    structured = layer_sparsity_bars(cnn_physical)
    weights, channels = structured.data
    assert list(channels.x) == ["conv1", "conv2", "conv3", "out"]
    assert list(channels.y) == [50.0, 50.0, 50.0, 0.0]
    assert {weights.marker.color, channels.marker.color} <= set(OKABE_ITO.values())
    _check_labelled(structured)


def test_figures_do_not_touch_the_models(mlp, mlp_masked):
    before = {k: v.clone() for k, v in mlp_masked.model.state_dict().items()}
    weight_histogram(mlp.model, mlp_masked)
    sparsity_heatmap(mlp.model, mlp_masked, "fc1")
    assert all(torch.equal(before[k], v) for k, v in mlp_masked.model.state_dict().items())
