"""Figures of one pruned network: weight histograms, mask heatmaps, per-layer bars.

Built from :class:`~pruning.nn.PruneResult` and the unpruned model; every text comes
from the catalogue. Physically removed weights are shown as *removed* (grey in the
heatmaps), never silently dropped. Histograms count only weights that still exist:
a removed weight has no value (it is not a zero), so the caption and a legend entry
give the number removed instead of piling them into the bar at zero.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import torch
from torch import nn

from pruning.figures.style import (GREY, LIGHT_GREY, OKABE_ITO, apply_layout, base_layout,
                                   with_opacity)
from pruning.i18n import t
from pruning.nn import PruneResult, prunable_layers

HISTOGRAM_BINS = 81  # odd: zero is the centre of the middle bin, so the spike is one bar
BEFORE_COLOUR = OKABE_ITO["blue"]  # outlined, unfilled: the filled "after" bars show through
AFTER_COLOUR = OKABE_ITO["vermillion"]
AFTER_OPACITY = 0.7
MAX_INDEX_TICKS = 8  # heatmap axes: integer ticks, at most this many
CAPTION_TOP_MARGIN = 100  # px above the plot for a title and a one-line caption
MAX_CELLS = 64  # heatmaps are block-averaged down to at most this many rows / columns
HEATMAP_DIGITS = 4  # significant digits kept in heatmap values (small figure JSON)
VALUE_MODES = ("magnitude", "density")


@dataclass(frozen=True, eq=False)
class LayerWeights:
    """One prunable layer's weights after pruning, in the original shape.

    Attributes
    ----------
    name : str
    kind : {"linear", "conv"}
    before : ndarray
        The unpruned weights.
    after : ndarray
        The pruned weights, zeros where pruned or removed.
    removed : ndarray of bool
        Positions physically removed (the layer shrank); all False for masks.
    """

    name: str
    kind: str
    before: np.ndarray
    after: np.ndarray
    removed: np.ndarray


def layer_weights(original: nn.Module, result: PruneResult) -> list[LayerWeights]:
    """Before / after weights of every prunable layer, in the original shapes.

    A physically pruned layer's surviving weights are put back at the positions the
    mask keeps (removal selects whole rows / columns, so their order is preserved).
    """
    pruned = dict(result.model.named_modules())
    layers = []
    for name, module in prunable_layers(original):
        before = module.weight.detach()
        weight = pruned[name].weight.detach()
        if weight.shape == before.shape:
            after, removed = weight.clone(), torch.zeros_like(before, dtype=torch.bool)
        else:
            kept = result.masks[name].to(torch.bool)
            after = torch.zeros_like(before)
            after[kept] = weight.flatten()
            removed = ~kept
        layers.append(LayerWeights(name, "conv" if isinstance(module, nn.Conv2d) else "linear",
                                   before.numpy().copy(), after.numpy(), removed.numpy()))
    return layers


def _pick(layers: list[LayerWeights], layer: str | None) -> list[LayerWeights]:
    if layer is None:
        return layers
    chosen = [item for item in layers if item.name == layer]
    if not chosen:
        raise ValueError(t("figures.errors.unknown_layer", layer=layer,
                           choices=", ".join(item.name for item in layers)))
    return chosen


def _scope_label(layer: str | None, language: str) -> str:
    return t("figures.nn.all_layers", language) if layer is None else layer


def shared_bin_edges(before: np.ndarray, after: np.ndarray,
                     bins: int = HISTOGRAM_BINS) -> np.ndarray:
    """Bin edges symmetric about zero covering both sets; zero is a bin centre."""
    bins = bins + 1 if bins % 2 == 0 else bins
    largest = float(max(np.abs(before).max(initial=0.0), np.abs(after).max(initial=0.0)))
    largest = largest or 1.0
    half_width = largest / bins  # (2 * largest / bins) / 2
    return np.linspace(-largest - half_width, largest + half_width, bins + 1)


def weight_histogram(original: nn.Module, result: PruneResult, layer: str | None = None, *,
                     log_count: bool = False, bins: int = HISTOGRAM_BINS,
                     language: str = "en") -> go.Figure:
    """Histograms of the weights before and after pruning, overlaid on shared bins.

    "Before" is drawn as a blue outline and "after" as a filled area over it, so
    where they overlap no two fills mix into a third colour. Each histogram is one
    stepped line (a point per bin centre, ``line.shape="hvh"``) rather than a bar
    per bin: the same picture, but two SVG paths instead of one per bin, which
    halves the browser's drawing time on every slider step. Physically removed
    weights are not in the "after" histogram (they no longer exist, they are not
    zeros): the caption and a legend entry give their number.

    Parameters
    ----------
    original : nn.Module
        The unpruned model.
    result : PruneResult
    layer : str, optional
        One prunable layer; default: every prunable weight.
    log_count : bool
        Logarithmic count axis (shows the tails beside the spike at zero).
    bins : int
        Number of bins (made odd so that zero is a bin centre).
    language : str

    Returns
    -------
    go.Figure
        Two stepped-line traces on identical points (before, after): the bin
        centres, with a zero count half a bin beyond each end; then a
        legend-only entry for removed weights when there are any.
        ``layout.meta`` holds the bin edges, the count of zero weights left, of
        removed weights and of all original weights.
    """
    chosen = _pick(layer_weights(original, result), layer)
    before = np.concatenate([item.before.ravel() for item in chosen])
    after = np.concatenate([item.after[~item.removed].ravel() for item in chosen])
    removed = int(sum(item.removed.sum() for item in chosen))
    edges = shared_bin_edges(before, after, bins)
    centres = np.round((edges[:-1] + edges[1:]) / 2, 6).tolist()
    width = float(edges[1] - edges[0])
    hover = t("figures.nn.histogram.hover", language) + "<extra>%{fullData.name}</extra>"
    before_counts, _ = np.histogram(before, bins=edges)
    after_counts, _ = np.histogram(after, bins=edges)
    # An "hvh" line steps half-way between centres, that is on the bin edges; a zero
    # count half a bin beyond each end closes the outline down to the axis.
    x = [centres[0] - width, *centres, centres[-1] + width]
    before_y, after_y = ([0, *counts.tolist(), 0] for counts in (before_counts, after_counts))
    # "Before" as an outline only, "after" filled over it: no area where two fills mix.
    traces = [
        {"type": "scatter", "mode": "lines", "x": x, "y": before_y,
         "name": t("figures.nn.histogram.before", language),
         "line": {"shape": "hvh", "color": BEFORE_COLOUR, "width": 2},
         "hovertemplate": hover},
        {"type": "scatter", "mode": "lines", "x": x, "y": after_y,
         "name": t("figures.nn.histogram.after", language),
         "line": {"shape": "hvh", "color": AFTER_COLOUR, "width": 0},
         "fill": "tozeroy", "fillcolor": with_opacity(AFTER_COLOUR, AFTER_OPACITY),
         "hovertemplate": hover},
    ]
    if removed:  # a legend entry only: removed weights have no value to put on the axis
        traces.append({"type": "bar", "x": [None], "y": [None],
                       "name": t("figures.nn.histogram.removed_legend", language,
                                 removed=removed),
                       "marker": {"color": LIGHT_GREY, "line": {"color": GREY, "width": 1}}})
    zeros = int((after == 0).sum())
    total = int(before.size)
    scope = _scope_label(layer, language)
    layout = base_layout(
        title=t("figures.nn.histogram.title", language, scope=scope),
        x_title=t("figures.nn.histogram.x", language),
        y_title=t("figures.nn.histogram.y_log" if log_count else "figures.nn.histogram.y",
                  language))
    caption_key = "figures.nn.histogram.caption_removed" if removed else \
        "figures.nn.histogram.caption"
    caption = t(caption_key, language, zeros=zeros, total=total, share=zeros / max(total, 1),
                removed=removed, left=total - removed)
    # Under the title, clear of the histogram (the spike at zero reaches the top).
    layout["title"]["subtitle"] = {"text": caption, "font": {"size": 15}}
    layout["margin"]["t"] = CAPTION_TOP_MARGIN + 20 * caption.count("<br>")
    layout["yaxis"]["type"] = "log" if log_count else "linear"
    layout["hovermode"] = "x"
    layout["meta"] = {"bin_edges": edges.tolist(), "zeros": zeros, "removed": removed,
                      "weights": total}
    return go.Figure(data=traces, layout=layout)


def _cell_values(item: LayerWeights, values: str) -> tuple[np.ndarray, np.ndarray]:
    """Per (output, input) values of a layer and which cells were removed.

    Linear: ``|w|`` or 1/0 kept; conv: the L1 norm of each kernel or the share of
    its weights kept.
    """
    after = np.abs(item.after)
    kept = (item.after != 0).astype(float)
    removed = item.removed
    if item.kind == "conv":
        axes = tuple(range(2, after.ndim))
        after, kept = after.sum(axis=axes), kept.mean(axis=axes)
        removed = removed.all(axis=axes)
    return (after if values == "magnitude" else kept), removed


def block_average(cells: np.ndarray, removed: np.ndarray, max_cells: int = MAX_CELLS
                  ) -> tuple[np.ndarray, int, int]:
    """Average ``cells`` over blocks so that neither side exceeds ``max_cells``.

    Removed cells count as zero in a block's average; a block made only of
    removed cells becomes NaN (drawn as "removed"). Returns the reduced matrix and
    the block height and width (in original rows / columns).
    """
    rows, cols = cells.shape
    block_rows = -(-rows // max_cells)
    block_cols = -(-cols // max_cells)
    out_rows, out_cols = -(-rows // block_rows), -(-cols // block_cols)
    pad = ((0, out_rows * block_rows - rows), (0, out_cols * block_cols - cols))
    valid = np.pad(np.ones_like(cells, dtype=bool), pad)
    alive = np.pad(~removed, pad)
    values = np.pad(np.where(removed, 0.0, cells), pad)

    def blocks(array: np.ndarray) -> np.ndarray:
        return array.reshape(out_rows, block_rows, out_cols, block_cols).sum(axis=(1, 3))

    count, alive_count = blocks(valid.astype(float)), blocks(alive.astype(float))
    averaged = blocks(values) / count
    averaged[alive_count == 0] = np.nan
    return averaged, block_rows, block_cols


def _round_significant(values: np.ndarray, digits: int = HEATMAP_DIGITS) -> list:
    rounded = []
    for row in values:
        rounded.append([None if np.isnan(v) else float(f"{v:.{digits}g}") for v in row])
    return rounded


def sparsity_heatmap(original: nn.Module, result: PruneResult, layer: str, *,
                     values: str = "magnitude", max_cells: int = MAX_CELLS,
                     language: str = "en") -> go.Figure:
    """Where one layer was pruned: a heatmap of its weights after pruning.

    Linear layers show the weight matrix (outputs x inputs); convolutions show
    output x input channels, each cell a 3x3 kernel summarised. Pruned weights are
    white, physically removed ones grey. Matrices larger than ``max_cells`` on a
    side are block-averaged so the figure stays small.

    Parameters
    ----------
    original : nn.Module
    result : PruneResult
    layer : str
        A prunable layer's name.
    values : {"magnitude", "density"}
        ``|weight|`` (conv: L1 norm of each kernel), or the share of weights kept.
    max_cells : int
    language : str

    Returns
    -------
    go.Figure
    """
    if values not in VALUE_MODES:
        raise ValueError(t("figures.errors.heatmap_values", value=values,
                           choices=", ".join(VALUE_MODES)))
    item = _pick(layer_weights(original, result), layer)[0]
    cells, removed = _cell_values(item, values)
    averaged, block_rows, block_cols = block_average(cells, removed, max_cells)
    rows, cols = averaged.shape
    top = float(np.nanmax(averaged)) if np.isfinite(averaged).any() else 1.0
    figure = go.Figure(go.Heatmap(
        z=_round_significant(averaged),
        x=[index * block_cols for index in range(cols)],
        y=[index * block_rows for index in range(rows)],
        zmin=0.0, zmax=top or 1.0,
        # white is exactly zero; anything kept starts visibly blue
        colorscale=[[0.0, "#FFFFFF"], [1e-9, "#DCEBF7"], [1.0, OKABE_ITO["blue"]]],
        colorbar={"title": {"text": t(f"figures.nn.heatmap.colour.{values}.{item.kind}",
                                      language)}},
        hoverongaps=False,
        hovertemplate=t("figures.nn.heatmap.hover", language) + "<extra></extra>",
        name=t(f"figures.nn.heatmap.kept_{values}", language), showlegend=True,
    ))
    # Legend entries for the two special colours (white pruned, grey removed).
    figure.add_scatter(x=[None], y=[None], mode="markers", name=t("figures.nn.heatmap.pruned",
                                                                   language),
                       marker={"symbol": "square", "size": 14, "color": "#FFFFFF",
                               "line": {"color": GREY, "width": 1}})
    if removed.any():
        figure.add_scatter(x=[None], y=[None], mode="markers",
                           name=t("figures.nn.heatmap.removed", language),
                           marker={"symbol": "square", "size": 14, "color": LIGHT_GREY})
    unit = "channel" if item.kind == "conv" else "unit"
    apply_layout(
        figure, title=t("figures.nn.heatmap.title", language, layer=layer),
        x_title=t(f"figures.nn.heatmap.x.{unit}", language),
        y_title=t(f"figures.nn.heatmap.y.{unit}", language))
    figure.update_layout(plot_bgcolor=LIGHT_GREY,
                         meta={"block_rows": block_rows, "block_cols": block_cols,
                               "shape": list(cells.shape)})
    figure.update_xaxes(showgrid=False, zeroline=False,
                        **index_axis(cols, block_cols))
    figure.update_yaxes(showgrid=False, zeroline=False, autorange="reversed",
                        **index_axis(rows, block_rows))
    if block_rows > 1 or block_cols > 1:
        figure.add_annotation(
            text=t("figures.nn.heatmap.downsampled", language, rows=block_rows, cols=block_cols),
            xref="paper", yref="paper", x=1.0, y=1.0, xanchor="right", yanchor="bottom",
            showarrow=False, font={"size": 15})
    return figure


def index_axis(cells: int, block: int, max_ticks: int = MAX_INDEX_TICKS) -> dict:
    """Integer ticks for a heatmap axis of ``cells`` cells, each ``block`` indices wide.

    Plotly's automatic ticks on a one-cell axis (a convolution with one input
    channel) are fractions like -0.4 ... 0.4; an index is a whole number. At most
    ``max_ticks`` ticks, on cell starts, evenly spaced.
    """
    step = -(-cells // max_ticks)  # cells per tick
    return {"tickmode": "array", "tickvals": [i * block for i in range(0, cells, step)],
            "ticktext": [str(i * block) for i in range(0, cells, step)]}


def layer_sparsity_bars(result: PruneResult, language: str = "en") -> go.Figure:
    """Per-layer share of weights pruned, and of channels removed when any were."""
    names = [layer.name for layer in result.layers]
    figure = go.Figure()
    figure.add_bar(
        x=names, y=[100 * layer.sparsity for layer in result.layers],
        name=t("figures.nn.bars.weights", language), marker={"color": OKABE_ITO["blue"]},
        text=[f"{100 * layer.sparsity:.0f}%" for layer in result.layers],
        textposition="outside",
        hovertemplate=t("figures.nn.bars.hover_weights", language) + "<extra></extra>")
    if any(layer.channels_removed for layer in result.layers):
        shares = [100 * layer.channels_removed / layer.channels for layer in result.layers]
        figure.add_bar(
            x=names, y=shares, name=t("figures.nn.bars.channels", language),
            marker={"color": OKABE_ITO["orange"]}, text=[f"{s:.0f}%" for s in shares],
            textposition="outside",
            hovertemplate=t("figures.nn.bars.hover_channels", language) + "<extra></extra>")
    apply_layout(figure, title=t("figures.nn.bars.title", language),
                 x_title=t("figures.nn.bars.x", language),
                 y_title=t("figures.nn.bars.y", language))
    figure.update_layout(barmode="group")
    figure.update_yaxes(range=[0, 110])
    return figure
