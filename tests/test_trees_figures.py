"""Plotly figures of trees: titled axes with units, a title, the current choice marked."""
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from pruning.data import load_dataset, split_dataset
from pruning.figures.trees import (accuracy_vs_alpha_figure, accuracy_vs_depth_figure,
                                   decision_regions_figure, path_step)
from pruning.i18n import t
from pruning.trees import TreeOptions, ccp_path_rows, depth_rows, prune_tree


@pytest.fixture(scope="module")
def moons():
    return split_dataset(load_dataset("moons"), val_size=0.25, seed=0)


def current_marker(figure: go.Figure) -> go.Scatter:
    (marker,) = [trace for trace in figure.data if trace.name == t("trees.figure.current")]
    return marker


def assert_titled(figure: go.Figure) -> None:
    layout = figure.layout
    assert layout.title.text
    axes = [layout[key] for key in layout if key.startswith(("xaxis", "yaxis"))]
    shown = [axis for axis in axes if axis.showticklabels is not False]  # not shared ones
    assert shown and all(axis.title.text for axis in shown)


def test_depth_figure_has_a_line_per_part_and_marks_the_current_depth(moons):
    rows = depth_rows(moons)
    figure = accuracy_vs_depth_figure(rows, current_depth=3)
    assert_titled(figure)
    assert figure.layout.yaxis.title.text == t("trees.figure.accuracy_axis")
    assert figure.layout.xaxis.title.text == t("trees.figure.depth_axis")
    lines = {trace.name: trace for trace in figure.data if trace.mode == "lines+markers"}
    assert set(lines) == {t("trees.figure.train"), t("trees.figure.val"), t("trees.figure.test")}
    np.testing.assert_allclose(lines[t("trees.figure.test")].y,
                               [100 * row["test_accuracy"] for row in rows])
    marker = current_marker(figure)
    assert set(marker.x) == {3}
    assert sorted(marker.y) == sorted(100 * rows[2][k] for k in
                                      ("train_accuracy", "val_accuracy", "test_accuracy"))
    assert [shape.x0 for shape in figure.layout.shapes] == [3]


def test_alpha_figure_spaces_path_steps_evenly_and_marks_the_tree_of_the_current_alpha(moons):
    rows = ccp_path_rows(moons)
    between = (rows[4]["ccp_alpha"] + rows[5]["ccp_alpha"]) / 2  # gives step 4's tree
    figure = accuracy_vs_alpha_figure(rows, current_alpha=between)
    assert_titled(figure)
    assert figure.layout.xaxis.title.text == t("trees.figure.alpha_axis")
    assert path_step(rows, between) == 4 and path_step(rows, rows[5]["ccp_alpha"]) == 5
    assert set(current_marker(figure).x) == {4}
    ticks = figure.layout.xaxis
    assert 2 <= len(ticks.tickvals) <= 4 and ticks.tickvals[0] == 0
    assert ticks.tickvals[-1] == len(rows) - 1
    assert ticks.ticktext[0].startswith("0")  # alpha 0, the full tree


def test_without_validation_there_is_no_validation_line():
    split = split_dataset(load_dataset("iris"), seed=0)
    figure = accuracy_vs_alpha_figure(ccp_path_rows(split), current_alpha=None)
    names = {trace.name for trace in figure.data}
    assert t("trees.figure.val") not in names and t("trees.figure.current") not in names


def test_decision_regions_show_before_and_after_predictions_side_by_side(moons):
    result = prune_tree(moons, "reduced_error", TreeOptions(latency_repeats=1))
    figure = decision_regions_figure(result, moons, grid_size=60)
    assert_titled(figure)
    before, after = [trace for trace in figure.data if trace.type == "heatmap"]
    grid = np.stack(np.meshgrid(before.x, before.y), axis=-1).reshape(-1, 2)
    np.testing.assert_array_equal(np.asarray(before.z).ravel(),
                                  result.full_predictor.predict(grid))
    np.testing.assert_array_equal(np.asarray(after.z).ravel(), result.predictor.predict(grid))
    assert (before.xaxis, after.xaxis) == ("x", "x2")
    titles = [annotation.text for annotation in figure.layout.annotations]
    assert f"{result.n_leaves} leaves" in titles[1]
    assert f"{result.full_tree.n_leaves} leaves" in titles[0]
    points = [trace for trace in figure.data if trace.type == "scatter"]
    assert sum(len(trace.x) for trace in points) == 2 * len(moons.y_test)


def test_the_ring_says_who_chose_the_point(moons):
    rows = depth_rows(moons)
    by_validation = accuracy_vs_depth_figure(rows, 3, marked_by="validation")
    names = {trace.name for trace in by_validation.data}
    assert t("trees.figure.validation_choice") in names and t("trees.figure.current") not in names
    alpha_rows = ccp_path_rows(moons)
    figure = accuracy_vs_alpha_figure(alpha_rows, alpha_rows[2]["ccp_alpha"],
                                      marked_by="validation")
    assert t("trees.figure.validation_choice") in {trace.name for trace in figure.data}
    with pytest.raises(ValueError) as error:
        accuracy_vs_depth_figure(rows, 3, marked_by="teacher")
    assert str(error.value) == t("trees.errors.marked_by", value="teacher",
                                 choices="slider, validation")


def test_tree_charts_use_the_shared_projector_style(moons):
    from pruning.figures.style import FONT_SIZE, TICK_SIZE, TITLE_SIZE

    rows = ccp_path_rows(moons)
    result = prune_tree(moons, "cost_complexity", TreeOptions(ccp_alpha=0.01, latency_repeats=1))
    for figure in (accuracy_vs_depth_figure(depth_rows(moons), 2),
                   accuracy_vs_alpha_figure(rows, None),
                   decision_regions_figure(result, moons, grid_size=20)):
        assert figure.layout.font.size == FONT_SIZE
        assert figure.layout.title.font.size == TITLE_SIZE
        assert figure.layout.xaxis.tickfont.size == TICK_SIZE
        assert figure.layout.legend.yref == "container"  # below the plot, clear of the axis
        # short enough for a half-width chart at 1280 px (22 px bold: ~12 px a character)
        assert len(figure.layout.title.text) <= 45
    ticks = accuracy_vs_alpha_figure(rows, None).layout.xaxis
    assert ticks.tickangle == 0 and len(ticks.tickvals) <= 4  # level, not crowded


def test_decision_regions_stay_small(moons):
    result = prune_tree(moons, "cost_complexity", TreeOptions(ccp_alpha=0.01, latency_repeats=1))
    payload = decision_regions_figure(result, moons).to_json()
    assert len(payload) < 200_000
    assert json.loads(payload)["data"][0]["z"]  # the default 150 x 150 grid is there


def test_decision_regions_need_two_features():
    split = split_dataset(load_dataset("iris"), seed=0)
    result = prune_tree(split, "none", TreeOptions(latency_repeats=1))
    with pytest.raises(ValueError) as error:
        decision_regions_figure(result, split)
    assert str(error.value) == t("trees.errors.not_two_d", dataset="iris", n_features=4,
                                 choices="moons, circles")
