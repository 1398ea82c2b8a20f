"""Trade-off figures from sweep rows (:func:`pruning.sweep.sweep_networks`).

Accuracy against sparsity, measured latency and size (with the Pareto front), and
latency against sparsity or theoretical MACs, which shows why unstructured zeros do
not speed up dense kernels while physical removal does, and where CSR sparse
kernels start to pay off. Latency points carry their measured spread (quartiles)
as error bars. Every text comes from the catalogue.
"""
from __future__ import annotations

import plotly.graph_objects as go

from pruning.figures.style import GREY, OKABE_ITO, apply_layout, series_style
from pruning.i18n import t
from pruning.nn import TECHNIQUES
from pruning.sweep import csr_crossover, pareto_front

SPARSITY_AXES = ("sparsity_achieved", "weight_sparsity")
SIZE_STORAGES = ("dense", "sparse", "best")
LATENCY_AXES = ("sparsity", "macs")
PARETO_COLOUR = OKABE_ITO["black"]
DENSE_COLOUR = OKABE_ITO["black"]


def _check_choice(value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(t("figures.errors.unknown_axis", value=value,
                           choices=", ".join(choices)))


def technique_label(key: str, language: str = "en") -> str:
    """A technique's display name (its key if it is not registered)."""
    spec = TECHNIQUES.get(key)
    return spec.name(language) if spec is not None else key


def _technique_index(key: str) -> int:
    keys = list(TECHNIQUES)
    return keys.index(key) if key in keys else len(keys)


def _by_technique(rows: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["technique"], []).append(row)
    return groups


def _spread(rows: list[dict], prefix: str) -> dict:
    """Asymmetric error bars from the quartiles of ``prefix`` latencies."""
    return {"type": "data", "symmetric": False,
            "array": [row[f"{prefix}_p75"] - row[prefix] for row in rows],
            "arrayminus": [row[prefix] - row[f"{prefix}_p25"] for row in rows],
            "thickness": 1.5}


def _no_data(figure: go.Figure, key: str, language: str) -> go.Figure:
    figure.add_annotation(text=t(key, language), xref="paper", yref="paper", x=0.5, y=0.5,
                          showarrow=False, font={"size": 18})
    return figure


def _dense_accuracy_line(figure: go.Figure, rows: list[dict], language: str) -> None:
    figure.add_hline(y=100 * rows[0]["accuracy_dense"], line={"color": GREY, "dash": "dot"})
    # an invisible trace so the line has a legend entry
    figure.add_scatter(x=[None], y=[None], mode="lines", line={"color": GREY, "dash": "dot"},
                       name=t("figures.tradeoffs.dense_accuracy", language))


def accuracy_vs_sparsity(rows: list[dict], *, x: str = "sparsity_achieved",
                         language: str = "en") -> go.Figure:
    """Test accuracy against sparsity, one line per technique.

    Parameters
    ----------
    rows : list of dict
        Sweep rows.
    x : {"sparsity_achieved", "weight_sparsity"}
        Sparsity in each technique's own unit (weights or channels), or the share
        of weights removed (comparable across techniques).
    language : str
    """
    _check_choice(x, SPARSITY_AXES)
    figure = go.Figure()
    for key, group in _by_technique(rows).items():
        style = series_style(_technique_index(key))
        group = sorted(group, key=lambda row: row[x])
        figure.add_scatter(
            x=[100 * row[x] for row in group], y=[100 * row["accuracy"] for row in group],
            mode="lines+markers", name=technique_label(key, language),
            line={"color": style["colour"], "dash": style["dash"], "width": 3},
            marker={"symbol": style["symbol"], "size": 10, "color": style["colour"]},
            hovertemplate=t("figures.tradeoffs.hover_sparsity", language) + "<extra></extra>")
    if rows:
        _dense_accuracy_line(figure, rows, language)
    apply_layout(figure, title=t("figures.tradeoffs.accuracy_sparsity.title", language),
                 x_title=t(f"figures.tradeoffs.x.{x}", language),
                 y_title=t("figures.tradeoffs.y.accuracy", language),
                 legend_title=t("figures.tradeoffs.legend.technique", language))
    figure.update_yaxes(range=[0, 105])
    return figure


def _pareto_scatter(figure: go.Figure, rows: list[dict], cost: str, scale: float,
                    language: str) -> None:
    front = [rows[index] for index in pareto_front(rows, cost, "accuracy")]
    figure.add_scatter(
        x=[row[cost] * scale for row in front], y=[100 * row["accuracy"] for row in front],
        mode="lines", line={"color": PARETO_COLOUR, "dash": "dash", "width": 2, "shape": "hv"},
        name=t("figures.tradeoffs.pareto", language), hoverinfo="skip")
    figure.add_scatter(
        x=[row[cost] * scale for row in front], y=[100 * row["accuracy"] for row in front],
        mode="markers", showlegend=False, hoverinfo="skip",
        marker={"size": 18, "color": "rgba(0,0,0,0)", "line": {"color": PARETO_COLOUR,
                                                               "width": 2}})


def _accuracy_vs_cost(rows: list[dict], cost: str, scale: float, dense_cost: float,
                      error: str | None, names: dict, language: str) -> go.Figure:
    figure = go.Figure()
    usable = [row for row in rows if row.get(cost) is not None]
    if not usable:
        return _no_data(figure, names["empty"], language)
    for key, group in _by_technique(usable).items():
        style = series_style(_technique_index(key))
        figure.add_scatter(
            x=[row[cost] * scale for row in group], y=[100 * row["accuracy"] for row in group],
            mode="markers", name=technique_label(key, language),
            marker={"symbol": style["symbol"], "size": 11, "color": style["colour"]},
            error_x=_spread(group, error) if error else None,
            customdata=[100 * row["sparsity_achieved"] for row in group],
            hovertemplate=t(names["hover"], language) + "<extra></extra>")
    _pareto_scatter(figure, usable, cost, scale, language)
    figure.add_scatter(
        x=[dense_cost * scale], y=[100 * usable[0]["accuracy_dense"]], mode="markers",
        name=t("figures.tradeoffs.dense_model", language),
        marker={"symbol": "star", "size": 18, "color": DENSE_COLOUR})
    apply_layout(figure, title=t(names["title"], language), x_title=t(names["x"], language),
                 y_title=t("figures.tradeoffs.y.accuracy", language),
                 legend_title=t("figures.tradeoffs.legend.technique", language))
    figure.update_yaxes(range=[0, 105])
    return figure


def accuracy_vs_latency(rows: list[dict], language: str = "en") -> go.Figure:
    """Test accuracy against measured latency (quartile error bars), Pareto front marked.

    Rows without a measured latency are left out; with none at all the figure says so.
    """
    names = {"empty": "figures.tradeoffs.no_latency",
             "hover": "figures.tradeoffs.hover_latency",
             "title": "figures.tradeoffs.accuracy_latency.title",
             "x": "figures.tradeoffs.x.latency"}
    dense = next((row["latency_ms_dense"] for row in rows
                  if row.get("latency_ms_dense") is not None), None)
    return _accuracy_vs_cost(rows, "latency_ms", 1.0, dense or 0.0, "latency_ms", names,
                             language)


def accuracy_vs_size(rows: list[dict], *, storage: str = "dense",
                     language: str = "en") -> go.Figure:
    """Test accuracy against model size in kB, Pareto front marked.

    Parameters
    ----------
    rows : list of dict
    storage : {"dense", "sparse", "best"}
        Size stored dense (float32: masking does not shrink it), in CSR format, or
        the smaller of the two (what one would ship).
    language : str
    """
    _check_choice(storage, SIZE_STORAGES)
    sized = []
    for row in rows:
        size = {"dense": row["size_bytes"], "sparse": row["size_bytes_sparse"],
                "best": min(row["size_bytes"], row["size_bytes_sparse"])}[storage]
        sized.append({**row, "size_shown": size})
    names = {"empty": "figures.tradeoffs.no_rows",
             "hover": "figures.tradeoffs.hover_size",
             "title": "figures.tradeoffs.accuracy_size.title",
             "x": f"figures.tradeoffs.x.size_{storage}"}
    dense = rows[0]["size_bytes_dense"] if rows else 0.0
    return _accuracy_vs_cost(sized, "size_shown", 1e-3, dense, None, names, language)


def latency_vs_cost(rows: list[dict], *, x: str = "sparsity", language: str = "en"
                    ) -> go.Figure:
    """Measured latency of masked, physically pruned and CSR models.

    Masked zeros leave dense latency flat however few MACs are left in theory;
    physically removed channels cut it; CSR kernels are slower than dense at low
    sparsity and faster past a crossover (marked, fully connected models only).

    Parameters
    ----------
    rows : list of dict
    x : {"sparsity", "macs"}
        Share of weights removed, or theoretical (effective, non-zero) MACs.
    language : str
    """
    _check_choice(x, LATENCY_AXES)
    figure = go.Figure()
    timed = [row for row in rows if row.get("latency_ms") is not None]
    if not timed:
        return _no_data(figure, "figures.tradeoffs.no_latency", language)
    scale = 100.0 if x == "sparsity" else 1e-3
    field = "weight_sparsity" if x == "sparsity" else "macs_effective"
    masked = [row for row in timed if not row["physical"]]
    series = (
        ("masked", masked, "latency_ms", OKABE_ITO["vermillion"], "circle"),
        ("physical", [row for row in timed if row["physical"]], "latency_ms",
         OKABE_ITO["blue"], "square"),
        ("csr", [row for row in masked if row.get("latency_ms_sparse") is not None],
         "latency_ms_sparse", OKABE_ITO["bluish_green"], "diamond"),
    )
    for key, group, latency, colour, symbol in series:
        if not group:
            continue
        group = sorted(group, key=lambda row: row[field])
        figure.add_scatter(
            x=[row[field] * scale for row in group], y=[row[latency] for row in group],
            mode="markers", name=t(f"figures.tradeoffs.latency.{key}", language),
            marker={"symbol": symbol, "size": 10, "color": colour},
            error_y=_spread(group, latency),
            text=[technique_label(row["technique"], language) for row in group],
            hovertemplate=t("figures.tradeoffs.hover_latency_cost", language)
            + "<extra></extra>")
    dense = timed[0]["latency_ms_dense"]
    figure.add_hline(y=dense, line={"color": DENSE_COLOUR, "dash": "dot"})
    figure.add_scatter(x=[None], y=[None], mode="lines", line={"color": DENSE_COLOUR,
                                                               "dash": "dot"},
                       name=t("figures.tradeoffs.latency.dense", language))
    crossover = csr_crossover(masked)
    if crossover is not None and x == "sparsity":
        figure.add_vline(x=100 * crossover, line={"color": OKABE_ITO["bluish_green"],
                                                  "dash": "dash"})
        figure.add_annotation(
            x=100 * crossover, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
            text=t("figures.tradeoffs.latency.crossover", language, sparsity=crossover),
            font={"size": 15, "color": OKABE_ITO["bluish_green"]})
    x_key = "weight_sparsity" if x == "sparsity" else "macs"
    apply_layout(figure, title=t("figures.tradeoffs.latency.title", language),
                 x_title=t(f"figures.tradeoffs.x.{x_key}", language),
                 y_title=t("figures.tradeoffs.y.latency", language),
                 legend_title=t("figures.tradeoffs.legend.kernel", language))
    figure.update_layout(meta={"crossover": crossover})
    figure.update_yaxes(rangemode="tozero")
    return figure
