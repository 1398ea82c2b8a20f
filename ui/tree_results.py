"""Cached edges of the decision-trees page: plain requests in, results and figures out.

Every function here is keyed by plain values (names, numbers, frozen dataclasses),
returns plain data or picklable results, and keeps at most ``RESULT_CACHE_ENTRIES``
entries, so a class moving sliders at once does not grow memory without bound.

A data set is a bundled one by name or one of this session's uploads by key
(``upload_<digest>``, see :mod:`ui.uploads`); the digest covers the file and the
chosen target, so a cached result is only reused for the same data.
"""
from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from pruning.data import Dataset, Split, split_dataset
from pruning.display import diagram_svg, dot_available
from pruning.figures.trees import (accuracy_vs_alpha_figure, accuracy_vs_depth_figure,
                                   decision_regions_figure, tree_diagram)
from pruning.i18n import t
from pruning.trees import TreeOptions, TreeResult, ccp_path_rows, depth_rows, prune_tree
from ui.cache import RESULT_CACHE_ENTRIES
from ui.uploads import session_dataset

REGION_GRID = 100  # cells per axis: enough to see the steps, small enough to stay light


@dataclass(frozen=True)
class SplitRequest:
    """Which data set and how it is split (see :func:`pruning.data.split_dataset`)."""

    dataset: str
    test_size: float = 0.25
    val_size: float = 0.0
    seed: int = 0
    stratify: bool = True

    def data(self) -> Dataset:
        """The data set (bundled, or this session's upload)."""
        return session_dataset(self.dataset)

    def build(self) -> Split:
        """The split; ``ValueError`` with a catalogue message when it cannot be made."""
        data = self.data()
        try:
            return split_dataset(data, test_size=self.test_size,
                                 val_size=self.val_size, seed=self.seed,
                                 stratify=self.stratify)
        except ValueError as error:  # e.g. a part too small to hold every class
            raise ValueError(t("trees.errors.split_too_small", detail=error)) from None


@st.cache_resource(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def tree_result(split: SplitRequest, method: str, options: TreeOptions) -> TreeResult:
    """:func:`pruning.trees.prune_tree` on the requested split; do not modify the result.

    Kept as a shared object (no unpickling on each slider step; pages only read it).
    """
    return prune_tree(split.build(), method, options)


@st.cache_data(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def split_sizes(split: SplitRequest) -> dict:
    """:meth:`pruning.data.Split.describe` of the requested split (sizes, parameters)."""
    return split.build().describe()


@st.cache_data(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def alpha_path(split: SplitRequest, options: TreeOptions) -> list[dict]:
    """Rows of the cost-complexity pruning path (:func:`pruning.trees.ccp_path_rows`)."""
    return ccp_path_rows(split.build(), options)


@st.cache_data(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def depth_curve(split: SplitRequest, options: TreeOptions) -> list[dict]:
    """Rows of accuracy against maximum depth (:func:`pruning.trees.depth_rows`)."""
    return depth_rows(split.build(), options)


@st.cache_data(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def regions_figure(split: SplitRequest, method: str, options: TreeOptions,
                   language: str) -> go.Figure:
    """Decision regions before / after pruning (2-D data sets only)."""
    return decision_regions_figure(tree_result(split, method, options), split.build(),
                                   grid_size=REGION_GRID, language=language)


# ---- figures and diagrams, per request ---------------------------------------------
# Kept as shared objects (st.cache_resource: no pickling on a hit; pages only read
# them), so a slider value seen before costs no figure building at all.

@st.cache_resource(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def depth_curve_figure(split: SplitRequest, options: TreeOptions, language: str) -> go.Figure:
    """Accuracy against maximum depth, no depth marked
    (:func:`pruning.figures.trees.accuracy_vs_depth_figure`)."""
    return accuracy_vs_depth_figure(depth_curve(split, options), None, language)


@st.cache_resource(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def alpha_curve_figure(split: SplitRequest, options: TreeOptions, language: str) -> go.Figure:
    """Accuracy along the cost-complexity path, no alpha marked
    (:func:`pruning.figures.trees.accuracy_vs_alpha_figure`)."""
    return accuracy_vs_alpha_figure(alpha_path(split, options), None, language)


def diagram_names(split: SplitRequest, language: str) -> dict:
    """Feature and class names and language: the keyword arguments of
    :func:`pruning.figures.trees.tree_diagram` that name things."""
    data = split.data()
    return {"feature_names": data.feature_names, "class_names": data.class_names,
            "language": language}


def diagram_source(result: TreeResult, names: dict, which: str, **drawing) -> str:
    """DOT source of the ``"before"`` tree (the full tree, cut nodes greyed) or the
    ``"after"`` tree, drawn with ``drawing`` (e.g. ``display_depth``, ``labels``; see
    :func:`pruning.figures.trees.tree_diagram`). Plain backend work (no Streamlit), so a
    download button can build it only when clicked."""
    if which == "before":
        return tree_diagram(result.full_tree, greyed_nodes=result.cut_nodes or (), **names,
                            **drawing).source
    return tree_diagram(result.tree, **names, **drawing).source


@st.cache_data(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def shown_diagrams(split: SplitRequest, method: str, options: TreeOptions, display_depth: int,
                   language: str) -> tuple[str, str]:
    """DOT sources of the before and after diagrams as the page shows them, drawn down
    to ``display_depth`` (:func:`diagram_source`)."""
    result = tree_result(split, method, options)
    names = diagram_names(split, language)
    return tuple(diagram_source(result, names, which, display_depth=display_depth)
                 for which in ("before", "after"))


@st.cache_data(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def diagram_image(dot_source: str) -> str | None:
    """The diagram as SVG text, laid out by ``dot`` here (``None`` without ``dot``).

    A browser showing this image does no layout work; ``st.graphviz_chart`` lays the
    graph out in the browser on every change, which took ~15x longer per slider move.
    """
    svg = diagram_svg(dot_source)
    return None if svg is None else svg.decode("utf-8")


@st.cache_resource(show_spinner=False)
def can_render_svg() -> bool:
    """Whether the ``dot`` program is installed (checked once per server)."""
    return dot_available()
