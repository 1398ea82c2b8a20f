"""The lottery-ticket figure: rewound to init vs re-initialised at random, per round.

Built from :class:`pruning.nn.lottery.LotteryResult`; the x axis is the share of
weights kept on a reversed log axis (pruning grows to the right), as in the
generalisation figure, so the late rounds get as much room as the first.
"""
from __future__ import annotations

import plotly.graph_objects as go

from pruning.figures.style import GREY, apply_layout, series_style
from pruning.i18n import t
from pruning.nn.lottery import LotteryResult

ARMS = ("rewound", "random")


def kept_percent(sparsity: float) -> float:
    """Share of the prunable weights still in the network, in percent."""
    return 100 * (1 - sparsity)


def lottery_figure(result: LotteryResult, language: str = "en") -> go.Figure:
    """Test accuracy (%) against weights kept (%): one line per start, plus the dense one.

    Parameters
    ----------
    result : LotteryResult
    language : str

    Returns
    -------
    go.Figure
        Two line traces (rewound to init, random re-init), then a dotted grey line
        at the dense network's accuracy after the same training (round 0, rewound).
    """
    x = [kept_percent(row.sparsity) for row in result.rounds]
    figure = go.Figure()
    for index, arm in enumerate(ARMS):
        style = series_style(index)
        figure.add_scatter(
            x=x, y=[100 * getattr(row, f"test_{arm}") for row in result.rounds],
            mode="lines+markers", name=t(f"lessons_page.lottery.figure.{arm}", language),
            line={"color": style["colour"], "dash": style["dash"], "width": 3},
            marker={"size": 10, "symbol": style["symbol"]},
            customdata=[[row.round, row.weights_left] for row in result.rounds],
            hovertemplate=t("lessons_page.lottery.figure.hover", language) + "<extra></extra>")
    dense = 100 * result.rounds[0].test_rewound
    figure.add_scatter(  # a trace, not an annotation: it goes in the legend, off the lines
        x=[max(x), min(x)], y=[dense, dense], mode="lines", hoverinfo="skip",
        name=t("lessons_page.lottery.figure.dense", language, accuracy=dense),
        line={"color": GREY, "dash": "dot", "width": 2})
    apply_layout(figure,
                 title=t("lessons_page.lottery.figure.title", language, epochs=result.epochs),
                 x_title=t("lessons_page.lottery.figure.x", language),
                 y_title=t("lessons_page.lottery.figure.y", language))
    # One tick per round: halving rounds land on 100, 50, 25, 12.5... of the weights.
    figure.update_xaxes(type="log", autorange="reversed", tickvals=x,
                        ticktext=[f"{value:.3g}" for value in x])
    figure.update_yaxes(rangemode="tozero")
    return figure
