"""Shared look of the plotly figures: Okabe-Ito colours, projector-size fonts.

Okabe & Ito's eight colours stay distinguishable for the common colour-vision
deficiencies; beyond eight series, marker symbols and dash styles keep series
apart without relying on colour alone.
"""
from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# Every figure here is drawn on plotly's white template. Setting it as the default
# once gives the same figure JSON as ``update_layout(template="plotly_white")`` on
# each figure, which validated the whole template again every time (~17 ms a
# figure, the larger part of a slider step's server time).
TEMPLATE = "plotly_white"
pio.templates.default = TEMPLATE

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "sky_blue": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
# Yellow last: it is the hardest to read on white.
SERIES_COLOURS = tuple(OKABE_ITO[name] for name in (
    "blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "black",
    "yellow"))
# "star" is kept for the unpruned model.
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross", "pentagon",
           "triangle-down", "hexagon")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash")
GREY = "#9E9E9E"
LIGHT_GREY = "#D9D9D9"

FONT_SIZE = 18  # readable from the back of a classroom
TITLE_SIZE = 22
TICK_SIZE = 16
LEGEND_SIZE = 16


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """``"#RRGGBB"`` as its red, green and blue (0-255)."""
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def with_opacity(colour: str, opacity: float) -> str:
    """``"#RRGGBB"`` as ``"rgba(r,g,b,opacity)"`` (a fill's own opacity)."""
    red, green, blue = hex_to_rgb(colour)
    return f"rgba({red},{green},{blue},{opacity})"


def series_style(index: int) -> dict:
    """Colour, marker symbol and dash of series ``index`` (all three vary)."""
    return {"colour": SERIES_COLOURS[index % len(SERIES_COLOURS)],
            "symbol": SYMBOLS[index % len(SYMBOLS)],
            "dash": DASHES[index % len(DASHES)]}


def base_layout(*, title: str, x_title: str, y_title: str,
                legend_title: str | None = None) -> dict:
    """The shared layout of a one-axis figure, as a plain dict.

    Title, axis titles, fonts and a legend below the plot (white template: the
    default). The legend sits at the bottom of the figure (``yref="container"``),
    where plotly reserves room for it before placing the x-axis title above, so the
    two never overlap however many rows the legend wraps to; entries take their own
    width, so no name is cut.

    Passing it whole to ``go.Figure(data, layout)`` validates the layout once
    (about 2 ms); updating a built figure property by property costs several times
    that, which a slider pays on every step.
    """
    return {
        "title": {"text": title, "font": {"size": TITLE_SIZE}, "x": 0.0, "xanchor": "left"},
        "font": {"size": FONT_SIZE},
        "legend": {"title": {"text": legend_title or "", "side": "top left",
                             "font": {"size": LEGEND_SIZE}},
                   "font": {"size": LEGEND_SIZE}, "orientation": "h",
                   "xref": "paper", "x": 0.0, "xanchor": "left",
                   "yref": "container", "y": 0.0, "yanchor": "bottom"},
        "showlegend": True,
        "margin": {"t": 80, "b": 10, "l": 80, "r": 30},
        "xaxis": {"title": {"text": x_title, "font": {"size": FONT_SIZE}},
                  "tickfont": {"size": TICK_SIZE}, "automargin": True},
        "yaxis": {"title": {"text": y_title, "font": {"size": FONT_SIZE}},
                  "tickfont": {"size": TICK_SIZE}, "automargin": True},
    }


def apply_layout(figure: go.Figure, *, title: str, x_title: str, y_title: str,
                 legend_title: str | None = None) -> go.Figure:
    """Give ``figure`` the :func:`base_layout`; its axis settings go to every x / y
    axis (subplots included). Returns the figure."""
    layout = base_layout(title=title, x_title=x_title, y_title=y_title,
                         legend_title=legend_title)
    x_axis, y_axis = layout.pop("xaxis"), layout.pop("yaxis")
    figure.update_layout(layout)
    figure.update_xaxes(x_axis)
    figure.update_yaxes(y_axis)
    return figure
