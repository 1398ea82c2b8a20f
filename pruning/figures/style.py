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


def series_style(index: int) -> dict:
    """Colour, marker symbol and dash of series ``index`` (all three vary)."""
    return {"colour": SERIES_COLOURS[index % len(SERIES_COLOURS)],
            "symbol": SYMBOLS[index % len(SYMBOLS)],
            "dash": DASHES[index % len(DASHES)]}


def apply_layout(figure: go.Figure, *, title: str, x_title: str, y_title: str,
                 legend_title: str | None = None) -> go.Figure:
    """Title, axis titles, fonts and a legend below the plot (white template: the default).

    The legend sits at the bottom of the figure (``yref="container"``), where
    plotly reserves room for it before placing the x-axis title above, so the two
    never overlap however many rows the legend wraps to; entries take their own
    width, so no name is cut.
    """
    figure.update_layout(
        title={"text": title, "font": {"size": TITLE_SIZE}, "x": 0.0, "xanchor": "left"},
        font={"size": FONT_SIZE},
        legend={"title": {"text": legend_title or "", "side": "top left",
                          "font": {"size": LEGEND_SIZE}},
                "font": {"size": LEGEND_SIZE}, "orientation": "h",
                "xref": "paper", "x": 0.0, "xanchor": "left",
                "yref": "container", "y": 0.0, "yanchor": "bottom"},
        showlegend=True,
        margin={"t": 80, "b": 10, "l": 80, "r": 30},
    )
    figure.update_xaxes(title={"text": x_title, "font": {"size": FONT_SIZE}},
                        tickfont={"size": TICK_SIZE}, automargin=True)
    figure.update_yaxes(title={"text": y_title, "font": {"size": FONT_SIZE}},
                        tickfont={"size": TICK_SIZE}, automargin=True)
    return figure
