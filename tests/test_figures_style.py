"""The shared figure style: every figure is on plotly's white template, set once."""
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from pruning.figures.style import (TEMPLATE, TICK_SIZE, apply_layout, base_layout, hex_to_rgb,
                                   with_opacity)


def test_figures_get_the_white_template_without_validating_it_per_figure():
    figure = apply_layout(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])), title="t", x_title="x",
                          y_title="y")
    reference = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
    reference.update_layout(template=pio.templates["plotly_white"])
    assert TEMPLATE == "plotly_white" and pio.templates.default == TEMPLATE
    # The JSON Streamlit sends carries the same template as an explicit one would.
    assert figure.to_plotly_json()["layout"]["template"] == \
        reference.to_plotly_json()["layout"]["template"]
    assert figure.layout.title.text == "t" and figure.layout.xaxis.title.text == "x"


def test_base_layout_given_whole_equals_apply_layout():
    """A figure built in one go from base_layout is the figure apply_layout makes."""
    trace = go.Scatter(x=[1, 2], y=[3, 4])
    texts = {"title": "t", "x_title": "x", "y_title": "y", "legend_title": "l"}
    applied = apply_layout(go.Figure(trace), **texts)
    built = go.Figure(trace, layout=base_layout(**texts))
    assert built.to_plotly_json() == applied.to_plotly_json()


def test_apply_layout_styles_every_axis_of_subplots():
    figure = make_subplots(rows=1, cols=2)
    apply_layout(figure, title="t", x_title="x", y_title="y")
    assert figure.layout.xaxis.title.text == figure.layout.xaxis2.title.text == "x"
    assert figure.layout.yaxis2.tickfont.size == figure.layout.yaxis.tickfont.size == TICK_SIZE


def test_colours_with_opacity():
    assert hex_to_rgb("#D55E00") == (213, 94, 0)
    assert with_opacity("#0072B2", 0.5) == "rgba(0,114,178,0.5)"
