"""Trade-off figures from sweep rows (:func:`pruning.sweep.sweep_networks`).

Accuracy against sparsity, measured latency and size (with the Pareto front), and
latency against sparsity or theoretical MACs, which shows why unstructured zeros do
not speed up dense kernels while physical removal does, and where CSR sparse
kernels start to pay off. Latency points carry their measured spread (quartiles)
as error bars; the unpruned model is drawn from all its passes over the sweep, and
accuracy against speed uses each copy's time relative to the unpruned model timed
beside it (paired), so one noisy reference cannot move every point. Legends name
techniques by their short labels. Every text comes from the catalogue.
"""
from __future__ import annotations

import plotly.graph_objects as go

from pruning.figures.style import GREY, LIGHT_GREY, OKABE_ITO, apply_layout, series_style
from pruning.i18n import has, t
from pruning.nn import TECHNIQUES
from pruning.sweep import csr_crossover, pareto_front

SPARSITY_AXES = ("sparsity_achieved", "weight_sparsity")
SIZE_STORAGES = ("dense", "sparse", "best")
LATENCY_AXES = ("sparsity", "macs")
PARETO_COLOUR = OKABE_ITO["black"]
DENSE_COLOUR = OKABE_ITO["black"]
# The explanation beside the latency chart names these colours: keep them in step.
MASKED_COLOUR = OKABE_ITO["orange"]
PHYSICAL_COLOUR = OKABE_ITO["blue"]
CSR_COLOUR = OKABE_ITO["bluish_green"]
RELATIVE_AXIS_MIN = 130.0  # % of the unpruned model's time: room right of the star
RELATIVE_AXIS_PAD = 1.15


def _check_choice(value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(t("figures.errors.unknown_axis", value=value,
                           choices=", ".join(choices)))


def technique_label(key: str, language: str = "en") -> str:
    """A technique's display name (its key if it is not registered)."""
    spec = TECHNIQUES.get(key)
    return spec.name(language) if spec is not None else key


def short_technique_label(key: str, language: str = "en") -> str:
    """A technique's short name for legends (its full name if it has none)."""
    short = f"figures.tradeoffs.short.{key}"
    return t(short, language) if has(short, language) else technique_label(key, language)


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
    return _bars(rows, prefix, {"low": f"{prefix}_p25", "high": f"{prefix}_p75"})


def _hover(key: str, template: str, language: str) -> str:
    """A hover template headed by the technique's full name (legends show short ones)."""
    return f"<b>{technique_label(key, language)}</b><br>" + t(template, language) \
        + "<extra></extra>"


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
            mode="lines+markers", name=short_technique_label(key, language),
            line={"color": style["colour"], "dash": style["dash"], "width": 3},
            marker={"symbol": style["symbol"], "size": 10, "color": style["colour"]},
            hovertemplate=_hover(key, "figures.tradeoffs.hover_sparsity", language))
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
                      error: dict | None, names: dict, language: str) -> go.Figure:
    figure = go.Figure()
    usable = [row for row in rows if row.get(cost) is not None]
    if not usable:
        return _no_data(figure, names["empty"], language)
    for key, group in _by_technique(usable).items():
        style = series_style(_technique_index(key))
        figure.add_scatter(
            x=[row[cost] * scale for row in group], y=[100 * row["accuracy"] for row in group],
            mode="markers", name=short_technique_label(key, language),
            marker={"symbol": style["symbol"], "size": 11, "color": style["colour"]},
            error_x=_bars(group, cost, error) if error else None,
            customdata=[100 * row["sparsity_achieved"] for row in group],
            hovertemplate=_hover(key, names["hover"], language))
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


def _bars(rows: list[dict], centre: str, ends: dict) -> dict:
    """Asymmetric error bars from ``centre`` to the fields ``ends["low"]`` / ``["high"]``."""
    return {"type": "data", "symmetric": False,
            "array": [row[ends["high"]] - row[centre] for row in rows],
            "arrayminus": [row[centre] - row[ends["low"]] for row in rows],
            "thickness": 1.5}


def relative_latency(row: dict) -> dict | None:
    """A row's latency as a share of the unpruned model's, from paired timing (%).

    ``100 / speedup``: below 100 is faster than the unpruned model timed beside
    it; ``low`` / ``high`` is the range the two models' quartiles allow
    (:func:`pruning.sweep_timing.paired_speedup`). ``None`` when not timed.
    """
    if row.get("speedup") is None:
        return None
    return {"relative": 100 / row["speedup"], "low": 100 / row["speedup_high"],
            "high": 100 / row["speedup_low"]}


def accuracy_vs_latency(rows: list[dict], language: str = "en") -> go.Figure:
    """Test accuracy against measured latency relative to the unpruned model (%).

    Each copy's latency is a share of the unpruned model's, timed in the same
    rounds (:func:`relative_latency`), with the range the quartiles allow as
    error bars; the unpruned model is the star at 100%. The Pareto front is
    marked. Rows without a measured latency are left out; with none at all the
    figure says so.
    """
    names = {"empty": "figures.tradeoffs.no_latency",
             "hover": "figures.tradeoffs.hover_latency",
             "title": "figures.tradeoffs.accuracy_latency.title",
             "x": "figures.tradeoffs.x.latency"}
    relative = []
    for row in rows:
        shares = relative_latency(row)
        relative.append({**row, **({"latency_relative": shares["relative"],
                                    "latency_relative_low": shares["low"],
                                    "latency_relative_high": shares["high"]} if shares else {})})
    ends = {"low": "latency_relative_low", "high": "latency_relative_high"}
    figure = _accuracy_vs_cost(relative, "latency_relative", 1.0, 100.0, ends, names, language)
    shown = [row["latency_relative"] for row in relative if "latency_relative" in row]
    if shown:
        # Fit the points, not the longest noise bar: one preempted pass would squeeze
        # every point into a corner (bars running off the edge stay visibly open).
        figure.update_xaxes(range=[0, max(RELATIVE_AXIS_MIN, RELATIVE_AXIS_PAD * max(shown))])
    return figure


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


def _reference_band(figure: go.Figure, rows: list[dict], language: str) -> None:
    """The unpruned model over the whole sweep: median line, quartile band."""
    row = rows[0]
    median = row.get("latency_ms_reference")
    low, high = row.get("latency_ms_reference_p25"), row.get("latency_ms_reference_p75")
    if median is None:  # rows from elsewhere: the unpruned model timed with the first row
        median, low, high = (row["latency_ms_dense"], row.get("latency_ms_dense_p25"),
                             row.get("latency_ms_dense_p75"))
    if low is not None and high is not None:
        figure.add_hrect(y0=low, y1=high, fillcolor=LIGHT_GREY, opacity=0.6, line_width=0,
                         layer="below")
    figure.add_hline(y=median, line={"color": DENSE_COLOUR, "dash": "dot"})
    # an invisible trace so the line and its band have a legend entry
    figure.add_scatter(x=[None], y=[None], mode="lines",
                       line={"color": DENSE_COLOUR, "dash": "dot"},
                       name=t("figures.tradeoffs.latency.dense", language))


def latency_vs_cost(rows: list[dict], *, x: str = "sparsity", language: str = "en"
                    ) -> go.Figure:
    """Measured latency of masked, physically pruned and CSR models.

    Masked zeros leave dense latency flat however few MACs are left in theory;
    physically removed channels cut it; CSR kernels are slower than dense at low
    sparsity and faster past a crossover (fully connected models only), marked
    only where CSR is faster beyond the timing noise
    (:func:`pruning.sweep.csr_crossover`). The unpruned model is a dotted line at
    the median of all its passes over the sweep, over a band of their quartiles.

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
        ("masked", masked, "latency_ms", MASKED_COLOUR, "circle"),
        ("physical", [row for row in timed if row["physical"]], "latency_ms",
         PHYSICAL_COLOUR, "square"),
        ("csr", [row for row in masked if row.get("latency_ms_sparse") is not None],
         "latency_ms_sparse", CSR_COLOUR, "diamond"),
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
    _reference_band(figure, timed, language)
    crossover = csr_crossover(masked)
    if crossover is not None and x == "sparsity":
        figure.add_vline(x=100 * crossover, line={"color": CSR_COLOUR, "dash": "dash"})
        figure.add_annotation(
            x=100 * crossover, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
            text=t("figures.tradeoffs.latency.crossover", language, sparsity=crossover),
            font={"size": 15, "color": CSR_COLOUR})
    x_key = "weight_sparsity" if x == "sparsity" else "macs"
    apply_layout(figure, title=t("figures.tradeoffs.latency.title", language),
                 x_title=t(f"figures.tradeoffs.x.{x_key}", language),
                 y_title=t("figures.tradeoffs.y.latency", language),
                 legend_title=t("figures.tradeoffs.legend.kernel", language))
    figure.update_layout(meta={"crossover": crossover})
    figure.update_yaxes(rangemode="tozero")
    return figure
