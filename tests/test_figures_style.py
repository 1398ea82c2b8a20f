"""The shared figure style: every figure is on plotly's white template, set once."""
import plotly.graph_objects as go
import plotly.io as pio

from pruning.figures.style import TEMPLATE, apply_layout


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
