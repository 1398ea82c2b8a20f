"""Display helpers: distinct readable number labels, and SVG export of diagrams."""
import math

import graphviz
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pruning.data import load_dataset, split_dataset
from pruning.display import diagram_svg, distinct_labels, dot_available
from pruning.trees import ccp_path_rows


def test_labels_are_short_when_values_are_far_apart():
    assert distinct_labels([0.0, 0.001234567, 0.5, 12.0]) == ["0", "0.00123", "0.5", "12"]


def test_labels_gain_digits_until_they_differ():
    labels = distinct_labels([0.012341, 0.012349, 0.5])
    assert labels == ["0.01234", "0.01235", "0.5"]


def test_labels_of_a_real_pruning_path_are_distinct_and_close():
    rows = ccp_path_rows(split_dataset(load_dataset("breast_cancer"), seed=0))
    alphas = [row["ccp_alpha"] for row in rows]
    labels = distinct_labels(alphas)
    assert len(set(labels)) == len(alphas)
    for label, alpha in zip(labels, alphas):
        assert math.isclose(float(label), alpha, rel_tol=5e-3, abs_tol=0.0)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=1e3, allow_nan=False), min_size=1,
                max_size=40, unique=True))
def test_labels_keep_order_and_stay_within_rounding(values):
    values = sorted(values)
    labels = distinct_labels(values)
    parsed = [float(label) for label in labels]
    assert len(set(labels)) == len(labels)
    assert all(a < b for a, b in zip(parsed, parsed[1:]))  # rounding is monotone
    for number, value in zip(parsed, values):
        assert math.isclose(number, value, rel_tol=5e-3, abs_tol=0.0)


@pytest.mark.parametrize("bad", [[0.1, 0.1], [float("nan")], [float("inf"), 1.0]])
def test_labels_refuse_values_that_cannot_be_told_apart(bad):
    with pytest.raises(ValueError):
        distinct_labels(bad)


def test_svg_export_uses_dot_and_reports_its_absence(monkeypatch):
    source = graphviz.Digraph(body=["a -> b"]).source
    if dot_available():
        svg = diagram_svg(source)
        assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    monkeypatch.setenv("PATH", "")
    assert diagram_svg(source) is None
    assert dot_available() is False


def test_only_the_close_values_get_longer_labels():
    labels = distinct_labels([0.0011, 0.0028814220051796122, 0.0028814220051796126, 0.5])
    assert labels[0] == "0.0011" and labels[3] == "0.5"
    assert labels[1] != labels[2] and len(labels[1]) > 8
