"""Train / validation / test accuracy of a network as pruning grows.

The network counterpart of the trees' accuracy-vs-alpha chart (same colours and
dashes per data part), built from :func:`pruning.generalisation.network_generalisation_rows`.
"""
from __future__ import annotations

import plotly.graph_objects as go

from pruning.figures.style import apply_layout
from pruning.figures.trees import CURRENT_COLOUR, SERIES_COLOURS, SERIES_DASH
from pruning.i18n import t

PARTS = ("train_accuracy", "val_accuracy", "test_accuracy")


def accuracy_parts_vs_sparsity(rows: list[dict], chosen_sparsity: float | None = None,
                               language: str = "en") -> go.Figure:
    """One line per data part: accuracy (%) against the share of weights removed (%).

    Parameters
    ----------
    rows : list of dict
        Generalisation rows (``weight_sparsity``, ``sparsity`` and the three
        ``*_accuracy`` fields), least pruned first.
    chosen_sparsity : float, optional
        The row (by ``sparsity``) to ring and mark with a vertical line: the model a
        practitioner would pick by validation accuracy.
    language : str

    Returns
    -------
    go.Figure
        Three line traces (train, validation, test), then the marker trace if any.
    """
    x = [100 * row["weight_sparsity"] for row in rows]
    figure = go.Figure()
    for part in PARTS:
        figure.add_scatter(
            x=x, y=[100 * row[part] for row in rows], mode="lines+markers",
            name=t(f"generalisation_page.figure.{part}", language),
            line={"color": SERIES_COLOURS[part], "dash": SERIES_DASH[part], "width": 3},
            marker={"size": 8},
            hovertemplate=t("generalisation_page.figure.hover", language) + "<extra></extra>")
    chosen = [row for row in rows if row["sparsity"] == chosen_sparsity]
    if chosen:
        row = chosen[0]
        figure.add_scatter(
            x=[100 * row["weight_sparsity"]] * len(PARTS), y=[100 * row[p] for p in PARTS],
            mode="markers", name=t("generalisation_page.figure.chosen", language),
            marker={"size": 16, "symbol": "circle-open", "color": CURRENT_COLOUR,
                    "line": {"width": 3}}, hoverinfo="skip")
        figure.add_vline(x=100 * row["weight_sparsity"],
                         line={"color": CURRENT_COLOUR, "dash": "dot", "width": 2})
    apply_layout(figure, title=t("generalisation_page.figure.title", language),
                 x_title=t("generalisation_page.figure.x", language),
                 y_title=t("generalisation_page.figure.y", language))
    figure.update_xaxes(range=[-2, 102])
    return figure
