"""The lottery-ticket figure: one line per start, weights kept on a reversed log axis."""
from __future__ import annotations

import pytest

from pruning.figures.lottery import lottery_figure
from pruning.i18n import t
from pruning.nn.lottery import LotteryResult, LotteryRound


def result() -> LotteryResult:
    rows = [LotteryRound(0, 0.0, 1000, 0.95, 0.94, 0.94, 0.93),
            LotteryRound(1, 0.5, 500, 0.93, 0.92, 0.90, 0.89),
            LotteryRound(2, 0.75, 250, 0.90, 0.90, 0.70, 0.71)]
    return LotteryResult("mlp", rows, 0.5, 8, 0, 0, 1)


@pytest.mark.parametrize("language", ["en", "es"])
def test_two_lines_of_test_accuracy_against_weights_kept(language):
    figure = lottery_figure(result(), language)
    rewound, random_, _ = figure.data
    assert rewound.name == t("lessons_page.lottery.figure.rewound", language)
    assert random_.name == t("lessons_page.lottery.figure.random", language)
    assert list(rewound.x) == list(random_.x) == pytest.approx([100, 50, 25])
    assert list(rewound.y) == pytest.approx([95, 93, 90])
    assert list(random_.y) == pytest.approx([94, 90, 70])
    assert rewound.line.color != random_.line.color and rewound.line.dash != random_.line.dash
    assert figure.layout.title.text == t("lessons_page.lottery.figure.title", language,
                                         epochs=8)
    assert figure.layout.xaxis.title.text == t("lessons_page.lottery.figure.x", language)
    assert figure.layout.yaxis.title.text == t("lessons_page.lottery.figure.y", language)
    assert figure.layout.xaxis.type == "log" and figure.layout.xaxis.autorange == "reversed"


def test_the_dense_network_is_a_grey_horizontal_line_in_the_legend():
    dense = lottery_figure(result()).data[2]
    assert list(dense.y) == pytest.approx([95, 95])
    assert list(dense.x) == pytest.approx([100, 25])
    assert dense.name == t("lessons_page.lottery.figure.dense", accuracy=95.0)


def test_one_tick_per_round():
    axis = lottery_figure(result()).layout.xaxis
    assert list(axis.tickvals) == pytest.approx([100, 50, 25])
    assert list(axis.ticktext) == ["100", "50", "25"]
