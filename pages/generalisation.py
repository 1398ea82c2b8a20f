"""Generalisation: train vs validation vs test accuracy as pruning grows.

Two measured cases: a decision tree (cost-complexity path or depth limit, via the
tree backend) and the over-parameterised MLP (global magnitude pruning over a
sparsity grid). Widgets -> plain requests -> cached rows -> figure builders; the
text under each chart reads the numbers of this run (pruning.generalisation.read_curve).
"""
import streamlit as st

from pruning.data import DATASET_NAMES
from pruning.figures.generalisation import accuracy_parts_vs_sparsity
from pruning.figures.trees import accuracy_vs_alpha_figure, accuracy_vs_depth_figure
from pruning.generalisation import (GENERALISATION_SPARSITIES, CurveReading,
                                    least_pruned_first, read_curve)
from pruning.trees import TreeOptions
from ui import widgets
from ui.errors import shown_errors
from ui.shell import require_app_shell
from ui.network_results import generalisation_rows, progress_bar
from ui.text import T, language
from ui.tree_results import SplitRequest, alpha_path, depth_curve

TREE_CURVES = ("ccp", "depth")
TREE_TEST_SIZE = 0.25
TREE_VAL_SIZE = 0.25  # of the training part: the data that chooses the pruning
NETWORK_MODELS = ("mlp_overparam", "mlp")
NETWORK_TECHNIQUE = "magnitude_global"
CHART_HEIGHT = 500
SIDE_TEXT = [3, 2]  # chart width : reading width


def show_reading(reading: CurveReading, describe, n_test: int) -> None:
    """The numbers of this run in words; ``describe(row)`` names a point of the curve."""
    st.markdown("#### " + T("generalisation_page.reading.title"))
    unpruned, chosen = reading.unpruned, reading.chosen
    lines = [T("generalisation_page.reading.unpruned", point=describe(unpruned, True),
               train=unpruned["train_accuracy"], test=unpruned["test_accuracy"],
               gap=100 * reading.gap_unpruned)]
    if chosen is unpruned:
        lines.append(T("generalisation_page.reading.same"))
    else:
        lines.append(T("generalisation_page.reading.chosen", point=describe(chosen, False),
                       train=chosen["train_accuracy"], val=chosen["val_accuracy"],
                       test=chosen["test_accuracy"], change=100 * reading.test_change,
                       gap=100 * reading.gap_chosen))
    lines.append(T(f"generalisation_page.reading.{reading.verdict}",
                   change=100 * reading.test_change, size=abs(100 * reading.test_change),
                   samples=abs(reading.test_change_samples), n_test=n_test))
    best = reading.best_test
    if best["test_accuracy"] > chosen["test_accuracy"]:
        lines.append(T("generalisation_page.reading.hindsight", test=best["test_accuracy"],
                       point=describe(best, best is unpruned)))
    st.markdown("\n\n".join(lines))


# ---- the decision tree ------------------------------------------------------------

def show_tree() -> None:
    st.header(T("generalisation_page.tree.title"))
    data_column, curve_column = st.columns(2, gap="large")
    with data_column:
        dataset = widgets.selectbox(T("generalisation_page.tree.dataset"), "dataset",
                                    DATASET_NAMES, index=DATASET_NAMES.index("breast_cancer"),
                                    format_func=lambda name: T(f"data.dataset.{name}"),
                                    help=T("generalisation_page.tree.dataset_help"))
    with curve_column:
        curve = widgets.radio(T("generalisation_page.tree.curve"), "tree_curve", TREE_CURVES,
                              horizontal=True,
                              format_func=lambda c: T(f"generalisation_page.tree.curve_{c}"),
                              help=T("generalisation_page.tree.curve_help"))
    split = SplitRequest(dataset, test_size=TREE_TEST_SIZE, val_size=TREE_VAL_SIZE)
    sizes = split.build().describe()
    st.caption(T("generalisation_page.tree.split", **sizes))
    with st.spinner(T("generalisation_page.tree.spinner")):
        rows = (alpha_path(split, TreeOptions()) if curve == "ccp"
                else depth_curve(split, TreeOptions()))
    reading = read_curve(least_pruned_first(rows), n_test=sizes["n_test"])
    if curve == "ccp":
        figure = accuracy_vs_alpha_figure(rows, reading.chosen["ccp_alpha"], language(),
                                          marked_by="validation")
    else:
        figure = accuracy_vs_depth_figure(rows, reading.chosen["max_depth"], language(),
                                          marked_by="validation")

    def describe(row: dict, unpruned: bool) -> str:
        if unpruned:
            return T(f"generalisation_page.tree.unpruned_{curve}", **row)
        return T(f"generalisation_page.tree.point_{curve}",
                 alpha=row.get("ccp_alpha", 0.0), **row)

    chart_column, text_column = st.columns(SIDE_TEXT, gap="large")
    with chart_column:
        st.plotly_chart(figure, height=CHART_HEIGHT)
    with text_column:
        st.markdown(T(f"generalisation_page.tree.explanation_{curve}"))
        show_reading(reading, describe, sizes["n_test"])


# ---- the over-parameterised network -----------------------------------------------

def network_curve(model: str) -> list[dict]:
    """The cached curve, with a progress bar while it is measured."""
    count = len(GENERALISATION_SPARSITIES)
    with progress_bar(T("generalisation_page.network.running", count=count)) as progress:
        return generalisation_rows(model, NETWORK_TECHNIQUE, GENERALISATION_SPARSITIES,
                                   _progress=progress)


def show_network() -> None:
    st.header(T("generalisation_page.network.title"))
    model = widgets.radio(T("generalisation_page.network.model"), "network", NETWORK_MODELS,
                          horizontal=True, format_func=lambda name: T(f"sample_model.{name}"),
                          help=T("generalisation_page.network.model_help"))
    st.caption(T(f"sample_model.{model}_help") + " "
               + T("generalisation_page.network.technique",
                   count=len(GENERALISATION_SPARSITIES)))
    rows = network_curve(model)
    n_test = rows[0]["n_test"]
    reading = read_curve(rows, n_test=n_test)

    def describe(row: dict, unpruned: bool) -> str:
        if unpruned:
            return T("generalisation_page.network.unpruned", params=row["params_nonzero"])
        return T("generalisation_page.network.point", sparsity=row["weight_sparsity"],
                 params=row["params_nonzero"])

    chart_column, text_column = st.columns(SIDE_TEXT, gap="large")
    with chart_column:
        st.plotly_chart(accuracy_parts_vs_sparsity(rows, reading.chosen["sparsity"], language()),
                        height=CHART_HEIGHT)
    with text_column:
        st.markdown(T("generalisation_page.network.explanation"))
        show_reading(reading, describe, n_test)


require_app_shell()
st.title(T("generalisation_page.title"))
st.markdown(T("generalisation_page.intro"))
st.info(T("generalisation_page.how_to_read"), icon=":material/school:")
with shown_errors():
    show_tree()
with shown_errors():
    show_network()
