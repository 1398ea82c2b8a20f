"""The stakeholder charts of a :class:`pruning.summary.Summary`.

:func:`tradeoff_chart`: every configuration tried as accuracy change (points)
against what it buys (x faster measured, x smaller, x fewer MACs), one line per
technique with and without fine-tuning, the accuracy target as a shaded band, the
original model as a star at (1x, 0) and the chosen configuration ringed.
:func:`accuracy_curve`: accuracy change against the share of weights removed.
Every text comes from the catalogue.
"""
from __future__ import annotations

import math

import plotly.graph_objects as go

from pruning.figures.style import GREY, OKABE_ITO, apply_layout
from pruning.i18n import t
from pruning.nn import TECHNIQUES
from pruning.summary import (OBJECTIVES, Summary, accuracy_change_pts, is_pruned, macs_ratio,
                             size_of, speed_of)

TARGET_FILL = "rgba(0, 158, 115, 0.12)"  # Okabe-Ito bluish green, light
TARGET_COLOUR = OKABE_ITO["bluish_green"]
CHOSEN_COLOUR = OKABE_ITO["vermillion"]
# Techniques get the Okabe-Ito colours the target band and the ring do not use.
TECHNIQUE_COLOURS = tuple(OKABE_ITO[name] for name in ("blue", "orange", "reddish_purple",
                                                        "sky_blue", "black"))
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "pentagon")
BELOW_MARGIN_PTS = 5.0
RATIO_TICKS = (0.25, 0.5, 1, 2, 3, 5, 10, 20, 50, 100, 200)


def series_label(technique: str, finetune_epochs: int, language: str = "en") -> str:
    """``"<technique name>"`` or ``"<technique name> + fine-tuning (N epochs)"``."""
    name = t(f"technique.{technique}.name", language) if technique in TECHNIQUES else technique
    if not finetune_epochs:
        return name
    return t("summary.figure.series_finetuned", language, technique=name,
             epochs=finetune_epochs)


def _series(rows: list[dict]) -> dict[tuple[str, int], list[int]]:
    groups: dict[tuple[str, int], list[int]] = {}
    for index, row in enumerate(rows):
        if is_pruned(row):
            groups.setdefault((row["technique"], row.get("finetune_epochs", 0)), []).append(index)
    return groups


def _style(rows: list[dict], technique: str, finetune_epochs: int) -> dict:
    """One colour and marker per technique (in order of appearance); fine-tuned: solid
    line and filled marker, not fine-tuned: dotted line and open marker."""
    order = list(dict.fromkeys(row["technique"] for row in rows))
    index = order.index(technique)
    return {"colour": TECHNIQUE_COLOURS[index % len(TECHNIQUE_COLOURS)],
            "symbol": SYMBOLS[index % len(SYMBOLS)] + ("" if finetune_epochs else "-open"),
            "dash": "solid" if finetune_epochs else "dot"}


def _ratio_axis(figure: go.Figure, values: list[float]) -> None:
    """A log axis labelled 0.5x, 1x, 2x..., spanning ``values`` and 1x."""
    low, high = min([1.0, *values]), max([1.0, *values])
    ticks = [tick for tick in RATIO_TICKS if low / 1.5 <= tick <= high * 1.5]
    figure.update_xaxes(type="log", tickvals=ticks, ticktext=[f"{tick:g}x" for tick in ticks],
                        range=[math.log10(low / 1.25), math.log10(high * 1.25)])


def _one_entry_per_row(figure: go.Figure) -> None:
    # technique names are long: one legend entry per row, so none overlaps another
    figure.update_layout(legend={"entrywidth": 1.0, "entrywidthmode": "fraction"})


def _gain(row: dict, axis: str) -> tuple[float | None, float | None, float | None]:
    """``(value, minus, plus)``: the gain on ``axis`` and its error bar lengths."""
    if axis == "size":
        return size_of(row)[0], None, None
    if axis == "macs":
        value = macs_ratio(row)
        return (value if math.isfinite(value) else None), None, None
    speed = speed_of(row)
    if speed is None:
        return None, None, None
    return speed.median, speed.median - speed.low, speed.high - speed.median


def _check_axis(axis: str) -> None:
    if axis not in OBJECTIVES:
        raise ValueError(t("summary.errors.objective", value=axis, choices=", ".join(OBJECTIVES)))


def _target_line(figure: go.Figure, summary: Summary, language: str) -> None:
    figure.add_hline(y=-summary.target_pts, line={"color": TARGET_COLOUR, "dash": "dash",
                                                  "width": 2})
    figure.add_scatter(x=[None], y=[None], mode="lines", name=t(
        "summary.figure.target", language, target=summary.target_pts),
        line={"color": TARGET_COLOUR, "dash": "dash", "width": 2})


def lower_bound_pts(summary: Summary) -> float:
    """The bottom of the y axis: a few points below the target, so the interesting
    band stays readable (configurations far below are counted in a note)."""
    lowest = min(accuracy_change_pts(row) for row in summary.rows)
    floor = -(3 * summary.target_pts + BELOW_MARGIN_PTS)
    return max(lowest - 1.0, floor)


def tradeoff_chart(summary: Summary, axis: str | None = None, language: str = "en"
                   ) -> go.Figure:
    """Accuracy change against the gain on ``axis``, the target band and the choice marked.

    Parameters
    ----------
    summary : Summary
        Its ``rows`` are drawn; its configuration is ringed.
    axis : {"latency", "size", "macs"}, optional
        Default: the summary's objective.
    language : str
    """
    axis = axis or summary.objective
    _check_axis(axis)
    rows = summary.rows
    figure = go.Figure()
    bottom = lower_bound_pts(summary)
    top = max(2.0, max(accuracy_change_pts(row) for row in rows) + 1.0)
    figure.add_hrect(y0=-summary.target_pts, y1=top, fillcolor=TARGET_FILL, line_width=0,
                     layer="below")
    _target_line(figure, summary, language)
    below, gains = 0, []
    for (technique, epochs), indices in _series(rows).items():
        points = []
        for index in indices:
            value, minus, plus = _gain(rows[index], axis)
            if value is not None:
                points.append((rows[index]["weight_sparsity"], value, minus, plus, index))
        points.sort()
        gains.extend(p[1] for p in points)
        below += sum(accuracy_change_pts(rows[p[4]]) < bottom for p in points)
        style = _style(rows, technique, epochs)
        error = None
        if axis == "latency":
            error = {"type": "data", "symmetric": False, "array": [p[3] for p in points],
                     "arrayminus": [p[2] for p in points], "thickness": 1.5}
        figure.add_scatter(
            x=[p[1] for p in points], y=[accuracy_change_pts(rows[p[4]]) for p in points],
            mode="lines+markers", name=series_label(technique, epochs, language),
            line={"color": style["colour"], "dash": style["dash"], "width": 2.5},
            marker={"symbol": style["symbol"], "size": 11, "color": style["colour"],
                    "line": {"width": 2, "color": style["colour"]}},
            error_x=error, customdata=[100 * p[0] for p in points],
            hovertemplate=t(f"summary.figure.hover_{axis}", language) + "<extra></extra>")
    figure.add_scatter(x=[1.0], y=[0.0], mode="markers", name=t("summary.figure.original",
                                                                language),
                       marker={"symbol": "star", "size": 18, "color": OKABE_ITO["black"]})
    chosen_value = _gain(summary.row, axis)[0]
    if chosen_value is not None:
        figure.add_scatter(
            x=[chosen_value], y=[summary.accuracy_change_pts], mode="markers",
            name=t("summary.figure.chosen" if summary.met else "summary.figure.closest",
                   language),
            marker={"symbol": "circle-open", "size": 30, "color": CHOSEN_COLOUR,
                    "line": {"width": 4, "color": CHOSEN_COLOUR}}, hoverinfo="skip")
    if below:
        figure.add_annotation(text=t("summary.figure.below", language, count=below),
                              xref="paper", yref="paper", x=1.0, y=1.0, xanchor="right",
                              yanchor="bottom", showarrow=False, font={"size": 14, "color": GREY})
    apply_layout(figure, title=t(f"summary.figure.title_{axis}", language),
                 x_title=t(f"summary.figure.x_{axis}", language),
                 y_title=t("summary.figure.y", language),
                 legend_title=t("summary.figure.legend", language))
    _ratio_axis(figure, gains)
    _one_entry_per_row(figure)
    figure.update_yaxes(range=[bottom, top], zeroline=True, zerolinecolor=GREY)
    figure.update_layout(meta={"chosen": summary.row_index, "axis": axis, "below": below})
    return figure


def accuracy_curve(summary: Summary, language: str = "en") -> go.Figure:
    """Accuracy change (points) against the share of all weights removed, per series."""
    rows = summary.rows
    figure = go.Figure()
    _target_line(figure, summary, language)
    for (technique, epochs), indices in _series(rows).items():
        ordered = sorted(indices, key=lambda index: rows[index]["weight_sparsity"])
        style = _style(rows, technique, epochs)
        figure.add_scatter(
            x=[100 * rows[i]["weight_sparsity"] for i in ordered],
            y=[accuracy_change_pts(rows[i]) for i in ordered], mode="lines+markers",
            name=series_label(technique, epochs, language),
            line={"color": style["colour"], "dash": style["dash"], "width": 2.5},
            marker={"symbol": style["symbol"], "size": 11, "color": style["colour"],
                    "line": {"width": 2, "color": style["colour"]}},
            hovertemplate=t("summary.figure.hover_sparsity", language) + "<extra></extra>")
    figure.add_scatter(x=[100 * summary.weight_sparsity], y=[summary.accuracy_change_pts],
                       mode="markers", hoverinfo="skip",
                       name=t("summary.figure.chosen" if summary.met
                              else "summary.figure.closest", language),
                       marker={"symbol": "circle-open", "size": 30, "color": CHOSEN_COLOUR,
                               "line": {"width": 4, "color": CHOSEN_COLOUR}})
    apply_layout(figure, title=t("summary.figure.title_sparsity", language),
                 x_title=t("summary.figure.x_sparsity", language),
                 y_title=t("summary.figure.y", language),
                 legend_title=t("summary.figure.legend", language))
    figure.update_xaxes(range=[0, 100])
    _one_entry_per_row(figure)
    return figure
