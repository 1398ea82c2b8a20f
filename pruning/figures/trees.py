"""Figures of decision trees: graphviz diagrams and plotly trade-off / region charts.

Built from backend results only (:class:`~pruning.trees.TreeResult`,
:class:`~pruning.trees.TreeStructure`, sweep rows); every text comes from the
catalogue. Colours are the Okabe-Ito palette, safe for colour-blind readers;
grey (dashed) always means "pruned".
"""
from __future__ import annotations

import textwrap
from typing import Sequence

import graphviz
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pruning.data import TWO_D_DATASETS, Split
from pruning.figures.style import apply_layout, hex_to_rgb
from pruning.i18n import t
from pruning.trees.base import TreeResult
from pruning.trees.structure import TreeStructure

# Okabe & Ito (2008) without black, which would read as the grey of pruned nodes.
CLASS_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
SERIES_COLOURS = {"train_accuracy": "#0072B2", "val_accuracy": "#E69F00",
                  "test_accuracy": "#009E73"}
SERIES_DASH = {"train_accuracy": "solid", "val_accuracy": "dot", "test_accuracy": "dash"}
SERIES_LABEL = {"train_accuracy": "trees.figure.train", "val_accuracy": "trees.figure.val",
                "test_accuracy": "trees.figure.test"}
CURRENT_COLOUR = "#CC79A7"
GREY_FILL, GREY_LINE, GREY_TEXT = "#E0E0E0", "#9E9E9E", "#616161"
MIN_SHADE = 0.25  # share of the class colour in the fill of a maximally impure node
MAX_ALPHA_TICKS = 4  # two-line labels ~70 px wide: four fit a 330 px plot
MAX_DEPTH_TICKS = 12
PANEL_TITLE_SIZE = 15  # two panel titles side by side in a half-width chart
# Who chose the ringed point: the legend says so.
MARKERS = {"slider": "trees.figure.current", "validation": "trees.figure.validation_choice"}
MIN_GRID, MAX_GRID = 10, 400
LABEL_STYLES = ("full", "compact", "auto")
COMPACT_WIDTH = 13  # characters per line of a compact label
FULL_SPACING = {"nodesep": "0.2", "margin": "0.08,0.04"}  # inches
COMPACT_SPACING = {"nodesep": "0.1", "margin": "0.05,0.03"}


# ---- colours ---------------------------------------------------------------------

def class_colour(index: int) -> str:
    """Okabe-Ito colour of class ``index`` (the palette repeats after 7 classes)."""
    return CLASS_COLOURS[index % len(CLASS_COLOURS)]


def _rgb(colour: str) -> np.ndarray:
    return np.array(hex_to_rgb(colour), dtype=float)


def _blend_with_white(colour: str, strength: float) -> str:
    """``colour`` at ``strength`` (0: white, 1: the colour itself)."""
    mixed = 255.0 + strength * (_rgb(colour) - 255.0)
    return "#" + "".join(f"{int(round(c)):02X}" for c in mixed)


def _text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (relative luminance)."""
    channels = _rgb(fill) / 255.0
    linear = np.where(channels <= 0.03928, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    luminance = float(linear @ np.array([0.2126, 0.7152, 0.0722]))
    # Black and white text have equal contrast (WCAG) at luminance ~0.179.
    return "#000000" if luminance > 0.179 else "#FFFFFF"


def node_fill(counts: Sequence[int]) -> str:
    """Majority class colour, lighter the more mixed the node's classes are."""
    counts = np.asarray(counts, dtype=float)
    total, n_classes = counts.sum(), len(counts)
    if total == 0 or n_classes < 2:
        return _blend_with_white(class_colour(0), MIN_SHADE)
    share = counts.max() / total
    purity = (share - 1.0 / n_classes) / (1.0 - 1.0 / n_classes)  # 0 even mix .. 1 pure
    return _blend_with_white(class_colour(int(np.argmax(counts))),
                             MIN_SHADE + (1.0 - MIN_SHADE) * purity)


# ---- tree diagram ----------------------------------------------------------------

def _name(names: Sequence[str] | None, index: int, fallback_key: str, language: str) -> str:
    if names is not None and 0 <= index < len(names):
        return str(names[index])
    return t(fallback_key, language, index=index)


def _node_label(tree: TreeStructure, node: int, feature_names, class_names,
                language: str) -> str:
    lines = []
    if not tree.is_leaf(node):
        feature = _name(feature_names, tree.feature[node], "trees.diagram.feature_fallback",
                        language)
        lines.append(t("trees.diagram.split", language, feature=feature,
                       threshold=tree.threshold[node]))
    criterion = t(f"trees.diagram.criterion_{tree.criterion}", language)
    lines.append(t("trees.diagram.impurity", language, criterion=criterion,
                   value=tree.impurity[node]))
    lines.append(t("trees.diagram.samples", language, samples=tree.samples[node]))
    lines.append(t("trees.diagram.counts", language,
                   counts=", ".join(str(c) for c in tree.class_counts[node])))
    majority = _name(class_names, tree.majority_class(node), "trees.diagram.class_fallback",
                     language)
    lines.append(t("trees.diagram.class", language, name=majority))
    # graphviz.escape keeps backslashes in names literal; "\n" is DOT's line break.
    return "\\n".join(graphviz.escape(line) for line in lines)


def _wrapped(text: str, width: int = COMPACT_WIDTH) -> list[str]:
    """``text`` broken at spaces into lines of about ``width`` characters."""
    return textwrap.wrap(text, width, break_long_words=False) or [text]


def _compact_label(tree: TreeStructure, node: int, feature_names, class_names,
                   language: str) -> str:
    """A narrow label: the split test (the feature's name wrapped), rows and class.

    Impurity and per-class counts are left out, and long names are wrapped, so a
    wide tree drawn in a narrow column keeps readable text.
    """
    lines = []
    if not tree.is_leaf(node):
        feature = _name(feature_names, tree.feature[node], "trees.diagram.feature_fallback",
                        language)
        lines += _wrapped(feature)
        lines.append(t("trees.diagram.compact_threshold", language,
                       threshold=tree.threshold[node]))
    majority = _name(class_names, tree.majority_class(node), "trees.diagram.class_fallback",
                     language)
    samples = int(tree.samples[node])
    lines.append(t("trees.diagram.compact_samples_one", language) if samples == 1
                 else t("trees.diagram.compact_samples", language, samples=samples))
    lines += _wrapped(majority)
    return "\\n".join(graphviz.escape(line) for line in lines)


def _node_style(counts: Sequence[int], greyed: bool) -> dict[str, str]:
    if greyed:
        return {"style": "rounded,filled,dashed", "fillcolor": GREY_FILL,
                "color": GREY_LINE, "fontcolor": GREY_TEXT}
    fill = node_fill(counts)
    return {"style": "rounded,filled", "fillcolor": fill, "color": "#333333",
            "fontcolor": _text_colour(fill)}


def _edge_style(greyed: bool) -> dict[str, str]:
    return {"color": GREY_LINE, "style": "dashed"} if greyed else {"color": "#333333"}


def tree_diagram(
    tree: TreeResult | TreeStructure,
    *,
    greyed_nodes: Sequence[int] = (),
    display_depth: int | None = None,
    feature_names: Sequence[str] | None = None,
    class_names: Sequence[str] | None = None,
    language: str = "en",
    title: str | None = None,
    labels: str = "auto",
) -> graphviz.Digraph:
    """Draw a decision tree as a graphviz diagram.

    Parameters
    ----------
    tree : TreeResult or TreeStructure
        A result draws its pruned tree (``result.tree``). For the "before" picture
        draw ``result.full_tree`` with ``greyed_nodes=result.cut_nodes``.
    greyed_nodes : sequence of int
        Ids (in ``tree``) of nodes drawn grey and dashed: the part pruning removes.
    display_depth : int, optional
        Nodes deeper than this are not drawn: each subtree below that depth is
        collapsed into one "… N more nodes" box. ``None`` draws everything.
    feature_names, class_names : sequence of str, optional
        Default: "feature i" / "class i".
    language : str
    title : str, optional
        Drawn above the tree.
    labels : {"auto", "full", "compact"}
        What each box says. "full": split test, impurity, samples, class counts
        and class. "compact": the split test (long names wrapped), samples and
        class, so a wide tree shown in a narrow column keeps readable text (use it
        for a "before" diagram drawn beside the pruned tree, which shows the kept
        nodes in full). "auto": compact when some nodes are greyed (a "before"
        diagram), full otherwise.

    Returns
    -------
    graphviz.Digraph
        Each node shows its split test ``feature ≤ threshold`` (left branch: yes),
        impurity, samples, class counts and majority class; it is filled with the
        majority class colour, lighter when the classes are mixed.

    Raises
    ------
    ValueError
        A greyed node that is not in the tree, a negative display depth or an
        unknown label style.
    """
    structure = tree.tree if isinstance(tree, TreeResult) else tree
    greyed = set(int(n) for n in greyed_nodes)
    outside = sorted(n for n in greyed if not 0 <= n < structure.n_nodes)
    if outside:
        raise ValueError(t("trees.errors.unknown_node", language, node=outside[0],
                           n_nodes=structure.n_nodes))
    if display_depth is not None and (not isinstance(display_depth, (int, np.integer))
                                      or display_depth < 0):
        raise ValueError(t("trees.errors.display_depth", language, value=display_depth))
    if labels not in LABEL_STYLES:
        raise ValueError(t("trees.errors.diagram_labels", language, value=labels,
                           choices=", ".join(LABEL_STYLES)))
    if labels == "auto":
        labels = "compact" if greyed else "full"
    depths = structure.node_depths()

    # Compact boxes sit closer together: a diagram is scaled to its column's width,
    # so every point of width saved makes the text larger.
    spacing = COMPACT_SPACING if labels == "compact" else FULL_SPACING
    graph = graphviz.Digraph(
        name="decision_tree",
        graph_attr={"rankdir": "TB", "nodesep": spacing["nodesep"], "ranksep": "0.35",
                    "fontname": "Helvetica", "fontsize": "14", "labelloc": "t"},
        node_attr={"shape": "box", "fontname": "Helvetica", "fontsize": "10",
                   "margin": spacing["margin"]},
        edge_attr={"fontname": "Helvetica", "fontsize": "9", "arrowsize": "0.6"},
    )
    if title:
        graph.attr(label=graphviz.escape(title))

    for node in structure.preorder():
        if display_depth is not None and depths[node] > display_depth:
            continue
        label = (_compact_label if labels == "compact" else _node_label)(
            structure, node, feature_names, class_names, language)
        graph.node(f"n{node}", label,
                   **_node_style(structure.class_counts[node], node in greyed))
        if structure.is_leaf(node):
            continue
        if display_depth is not None and depths[node] == display_depth:
            _collapsed_node(graph, structure, node, greyed, language)
            continue
        for child, answer in ((structure.children_left[node], "yes"),
                              (structure.children_right[node], "no")):
            label = t(f"trees.diagram.{answer}", language) if node == 0 else None
            graph.edge(f"n{node}", f"n{child}", label=label, **_edge_style(child in greyed))
    return graph


def _collapsed_node(graph: graphviz.Digraph, tree: TreeStructure, node: int,
                    greyed: set[int], language: str) -> None:
    """One box standing for every node below ``node``."""
    hidden = tree.descendants(node)
    n_greyed = sum(1 for n in hidden if n in greyed)
    lines = [t("trees.diagram.more_one", language) if len(hidden) == 1
             else t("trees.diagram.more", language, count=len(hidden))]
    if 0 < n_greyed:  # on a line of its own: these boxes set the width of deep trees
        lines.append(t("trees.diagram.more_pruned", language, count=n_greyed))
    all_greyed = n_greyed == len(hidden)
    graph.node(f"more{node}", "\\n".join(graphviz.escape(line) for line in lines),
               shape="box",
               style="rounded,dashed" if all_greyed else "rounded,dotted",
               color=GREY_LINE if all_greyed else "#333333",
               fontcolor=GREY_TEXT if all_greyed else "#000000")
    graph.edge(f"n{node}", f"more{node}", **_edge_style(all_greyed))


# ---- accuracy trade-off charts ---------------------------------------------------

def _series(rows: list[dict]) -> list[str]:
    present = set(rows[0]) if rows else set()
    return [key for key in SERIES_LABEL if key in present]


def _accuracy_figure(rows: list[dict], x: list, hover: list[str], current_index: int | None,
                     x_title: str, title: str, marked_by: str, language: str) -> go.Figure:
    if marked_by not in MARKERS:
        raise ValueError(t("trees.errors.marked_by", language, value=marked_by,
                           choices=", ".join(MARKERS)))
    figure = go.Figure()
    for key in _series(rows):
        figure.add_trace(go.Scatter(
            x=x, y=[100.0 * row[key] for row in rows], mode="lines+markers",
            name=t(SERIES_LABEL[key], language), text=hover,
            line={"color": SERIES_COLOURS[key], "dash": SERIES_DASH[key], "width": 3},
            marker={"size": 8}, hovertemplate="%{text}: %{y:.1f}%<extra>%{fullData.name}</extra>",
        ))
    if current_index is not None:
        current_x = x[current_index]
        keys = _series(rows)
        figure.add_trace(go.Scatter(
            x=[current_x] * len(keys), y=[100.0 * rows[current_index][k] for k in keys],
            mode="markers", name=t(MARKERS[marked_by], language),
            marker={"size": 16, "symbol": "circle-open", "color": CURRENT_COLOUR,
                    "line": {"width": 3}},
            hoverinfo="skip",
        ))
        figure.add_vline(x=current_x, line={"color": CURRENT_COLOUR, "dash": "dot", "width": 2})
    apply_layout(figure, title=title, x_title=x_title,
                 y_title=t("trees.figure.accuracy_axis", language))
    figure.update_layout(hovermode="x unified")
    return figure


def accuracy_vs_depth_figure(rows: list[dict], current_depth: int | None,
                             language: str = "en", *, marked_by: str = "slider") -> go.Figure:
    """Train / validation / test accuracy against maximum depth.

    Parameters
    ----------
    rows : list of dict
        From :func:`pruning.trees.depth_rows`.
    current_depth : int or None
        The depth chosen on the page, marked with a vertical line and rings
        (``None`` or a depth not in ``rows``: no marker).
    language : str
    marked_by : {"slider", "validation"}
        Who chose the marked depth, which names the rings in the legend: the
        page's slider, or the best validation accuracy.
    """
    x = [row["max_depth"] for row in rows]
    hover = [t("trees.figure.hover_depth", language, **row) for row in rows]
    current = x.index(current_depth) if current_depth in x else None
    figure = _accuracy_figure(rows, x, hover, current, t("trees.figure.depth_axis", language),
                              t("trees.figure.depth_title", language), marked_by, language)
    shown = x[::-(-len(x) // MAX_DEPTH_TICKS)] if x else []
    figure.update_xaxes(tickmode="array", tickvals=shown, ticktext=[str(d) for d in shown],
                        tickangle=0)
    return figure


def path_step(rows: list[dict], alpha: float) -> int:
    """Index of the path row whose tree ``ccp_alpha=alpha`` gives: the last alpha <= it."""
    alphas = np.array([row["ccp_alpha"] for row in rows])
    below = np.flatnonzero(alphas <= alpha * (1 + 1e-9) + 1e-15)
    return int(below[-1]) if len(below) else 0


def accuracy_vs_alpha_figure(rows: list[dict], current_alpha: float | None,
                             language: str = "en", *, marked_by: str = "slider") -> go.Figure:
    """Train / validation / test accuracy along the cost-complexity pruning path.

    Path steps are evenly spaced (alphas span orders of magnitude and start at 0,
    which a log axis cannot show); ticks read the alpha and the leaves left.

    Parameters
    ----------
    rows : list of dict
        From :func:`pruning.trees.ccp_path_rows`.
    current_alpha : float or None
        The alpha chosen on the page; the marker sits on the path step whose tree
        that alpha gives (the last step with ``ccp_alpha <= current_alpha``).
    language : str
    marked_by : {"slider", "validation"}
        As in :func:`accuracy_vs_depth_figure`.
    """
    x = list(range(len(rows)))
    hover = [t("trees.figure.hover_alpha", language, alpha=row["ccp_alpha"],
               n_leaves=row["n_leaves"], depth=row["depth"]) for row in rows]
    current = None if current_alpha is None or not rows else path_step(rows, current_alpha)
    figure = _accuracy_figure(rows, x, hover, current, t("trees.figure.alpha_axis", language),
                              t("trees.figure.alpha_title", language), marked_by, language)
    shown = sorted(set(np.linspace(0, len(rows) - 1, min(len(rows), MAX_ALPHA_TICKS))
                       .round().astype(int).tolist())) if rows else []
    # Level two-line labels (alpha, leaves), few enough not to crowd a half-width chart.
    figure.update_xaxes(tickmode="array", tickvals=shown, tickangle=0,
                        ticktext=[t("trees.figure.alpha_tick_one" if rows[i]["n_leaves"] == 1
                                    else "trees.figure.alpha_tick", language,
                                    alpha=rows[i]["ccp_alpha"], n_leaves=rows[i]["n_leaves"])
                                  for i in shown])
    return figure


# ---- decision regions ------------------------------------------------------------

def _region_colourscale(n_classes: int) -> list[list]:
    """Piecewise-constant colourscale: class i gets a light shade of its colour."""
    scale = []
    for i in range(n_classes):
        shade = _blend_with_white(class_colour(i), 0.35)
        scale += [[i / n_classes, shade], [(i + 1) / n_classes, shade]]
    return scale


def decision_regions_figure(result: TreeResult, split: Split, *, grid_size: int = 150,
                            language: str = "en") -> go.Figure:
    """Predicted class regions of the full and the pruned tree, side by side.

    Parameters
    ----------
    result : TreeResult
        ``full_predictor`` is drawn left ("before"), ``predictor`` right ("after").
    split : Split
        The split the result was trained on; a 2-D data set (moons, circles).
        Its test rows are drawn as points coloured by their true class.
    grid_size : int
        Grid cells per axis (the JSON grows with its square).
    language : str

    Raises
    ------
    ValueError
        Data with other than 2 features, or a grid size outside 10..400.
    """
    dataset = split.dataset
    if dataset.n_features != 2:
        raise ValueError(t("trees.errors.not_two_d", language, dataset=dataset.name,
                           n_features=dataset.n_features, choices=", ".join(TWO_D_DATASETS)))
    if not isinstance(grid_size, (int, np.integer)) or not MIN_GRID <= grid_size <= MAX_GRID:
        raise ValueError(t("trees.errors.grid_size", language, value=grid_size))
    low, high = dataset.X.min(axis=0), dataset.X.max(axis=0)
    pad = 0.05 * (high - low)
    xs = np.linspace(low[0] - pad[0], high[0] + pad[0], grid_size, dtype=np.float32)
    ys = np.linspace(low[1] - pad[1], high[1] + pad[1], grid_size, dtype=np.float32)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    n_classes = dataset.n_classes

    panels = (
        (result.full_predictor, t("trees.figure.regions_before", language,
                                  n_leaves=result.full_tree.n_leaves,
                                  accuracy=100.0 * result.full_accuracies["test_accuracy"])),
        (result.predictor, t("trees.figure.regions_after", language, n_leaves=result.n_leaves,
                             accuracy=100.0 * result.test_accuracy)),
    )
    figure = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.05,
                           subplot_titles=[title for _, title in panels])
    for col, (predictor, _) in enumerate(panels, start=1):
        regions = predictor.predict(grid).astype(np.int8).reshape(grid_size, grid_size)
        figure.add_trace(go.Heatmap(
            x=xs, y=ys, z=regions, zmin=-0.5, zmax=n_classes - 0.5,
            colorscale=_region_colourscale(n_classes), showscale=False, hoverinfo="skip",
        ), row=1, col=col)
        for c in range(n_classes):
            points = split.X_test[split.y_test == c]
            figure.add_trace(go.Scatter(
                x=points[:, 0], y=points[:, 1], mode="markers",
                name=t("trees.figure.regions_point", language, name=dataset.class_names[c]),
                legendgroup=f"class{c}", showlegend=col == 1,
                marker={"color": class_colour(c), "size": 6, "symbol": c % 10,
                        "line": {"color": "#000000", "width": 0.6}},
            ), row=1, col=col)
    apply_layout(figure, title=t("trees.figure.regions_title", language),
                 x_title=t("trees.figure.regions_axis", language,
                           feature=dataset.feature_names[0]),
                 y_title=t("trees.figure.regions_axis", language,
                           feature=dataset.feature_names[1]),
                 legend_title=t("trees.figure.regions_legend", language))
    figure.update_yaxes(title_text="", row=1, col=2)  # shared with the left panel
    figure.update_annotations(font={"size": PANEL_TITLE_SIZE})  # the panel titles
    return figure
