"""Train / validation / test accuracy of a network as pruning grows.

The network counterpart of the trees' accuracy-vs-alpha chart (same colours and
dashes per data part), built from :func:`pruning.generalisation.network_generalisation_rows`.
"""
from __future__ import annotations

import plotly.graph_objects as go

from pruning.figures.style import apply_layout
from pruning.figures.trees import CURRENT_COLOUR, MARKERS, SERIES_COLOURS, SERIES_DASH
from pruning.i18n import t

PARTS = ("train_accuracy", "val_accuracy", "test_accuracy")
KEPT_TICKS = (100, 50, 20, 10, 5, 2, 1)


def accuracy_parts_vs_sparsity(rows: list[dict], chosen_sparsity: float | None = None,
                               language: str = "en") -> go.Figure:
    """One line per data part: accuracy (%) against the share of weights kept (%).

    The kept share is on a reversed log axis: pruning grows to the right, and the
    high sparsities where the curve bends (90%, 95%, 99% removed: 10%, 5%, 1% kept)
    get as much room as the first halving.

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
    x = [kept_percent(row) for row in rows]
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
            x=[kept_percent(row)] * len(PARTS), y=[100 * row[p] for p in PARTS],
            # named as on the tree chart beside it: the same choice, made the same way
            mode="markers", name=t(MARKERS["validation"], language),
            marker={"size": 16, "symbol": "circle-open", "color": CURRENT_COLOUR,
                    "line": {"width": 3}}, hoverinfo="skip")
        figure.add_vline(x=kept_percent(row),
                         line={"color": CURRENT_COLOUR, "dash": "dot", "width": 2})
    apply_layout(figure, title=t("generalisation_page.figure.title", language),
                 x_title=t("generalisation_page.figure.x", language),
                 y_title=t("generalisation_page.figure.y", language))
    figure.update_xaxes(type="log", autorange="reversed", tickvals=KEPT_TICKS,
                        ticktext=[f"{tick:g}" for tick in KEPT_TICKS])
    return figure


def kept_percent(row: dict) -> float:
    """Share of the original prunable weights still non-zero, in percent."""
    return 100 * (1 - row["weight_sparsity"])
