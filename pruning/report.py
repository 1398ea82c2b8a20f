"""A self-contained HTML report of one model's summary: opens offline in any browser.

:func:`build_report` writes one HTML string: the summary (headline, the three big
numbers, what they mean and what they do not), the trade-off charts as interactive
plotly figures, the per-layer table of the chosen configuration, every configuration
tried, and the settings and software versions used. plotly.js is inlined once (with
the first figure); the other figures reuse it. Nothing is loaded from the network:
no external scripts, styles, fonts or images. :func:`make_report` runs the sweeps
and the summary first (what ``python -m pruning report`` does).
"""
from __future__ import annotations

import datetime
import html
import os
import platform
import re
import sys
from importlib import metadata
from pathlib import Path
from typing import Callable

import torch

from pruning.bench.machine import cpu_model
from pruning.figures.summary import accuracy_curve, tradeoff_chart
from pruning.i18n import t
from pruning.summary import (OBJECTIVES, Summary, accuracy_change_pts, big_numbers,
                             check_choice, headline, is_pruned, macs_ratio, meets, size_of,
                             speed_of, technique_line)
from pruning.summary_measure import CONFIRM_ROUNDS, SummarySweep, summarise, summary_sweep

PACKAGES = ("torch", "torch-pruning", "streamlit", "plotly", "scikit-learn", "numpy")
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
CHART_HEIGHT_PX = 560
BOLD = re.compile(r"\*\*(.+?)\*\*")

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
       color: #1b1b1b; background: #fafafa; line-height: 1.5; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
h1 { font-size: 2rem; margin-bottom: 0.2rem; }
h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; padding-bottom: 0.3rem; }
.subtitle, .note, footer { color: #555; }
.headline { font-size: 1.2rem; margin: 1.2rem 0; }
.headline.missed { border-left: 6px solid #D55E00; padding-left: 12px; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; }
.card { border: 1px solid #ddd; border-radius: 10px; padding: 14px 18px; }
.card .label { font-size: 1rem; color: #444; }
.card .value { font-size: 2.6rem; font-weight: 700; }
.card .note { font-size: 0.9rem; }
.chart { margin: 1.5rem 0; height: %dpx; }
table { border-collapse: collapse; width: 100%%; font-size: 0.95rem; margin: 0.8rem 0; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 6px 8px; text-align: left; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
tr.chosen { background: #fdf0e6; font-weight: 600; }
""" % CHART_HEIGHT_PX


# ---- what the numbers were measured with ------------------------------------------------

def software_versions() -> dict:
    """Python and package versions, and the machine's cores and threads."""
    versions = {"Python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    versions.update({"cores": usable, "torch_threads": torch.get_num_threads(),
                     "cpu": cpu_model() or "-", "platform": platform.platform()})
    return versions


# ---- HTML pieces --------------------------------------------------------------------------

def _text(value: object) -> str:
    """Escaped text, with the catalogue's ``**bold**`` kept as bold."""
    return BOLD.sub(r"<strong>\1</strong>", html.escape(str(value)))


def _table(headers: list[tuple[str, bool]], rows: list[tuple[list, str]]) -> str:
    """``headers``: (title, numeric); ``rows``: (cells, css class)."""
    head = "".join(f'<th class="{"number" if numeric else ""}">{_text(title)}</th>'
                   for title, numeric in headers)
    body = []
    for cells, css in rows:
        tds = "".join(f'<td class="{"number" if numeric else ""}">{_text(cell)}</td>'
                      for cell, (_, numeric) in zip(cells, headers))
        body.append(f'<tr class="{css}">{tds}</tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cards(summary: Summary, language: str) -> str:
    cards = []
    for number in big_numbers(summary, language):
        cards.append(f'<div class="card" data-number="{number.key}" title="{_text(number.help)}">'
                     f'<div class="label">{_text(number.label)}</div>'
                     f'<div class="value">{_text(number.value)}</div>'
                     f'<div class="note">{_text(number.note)}</div></div>')
    return f'<div class="cards">{"".join(cards)}</div>'


def _charts(summary: Summary, language: str) -> str:
    axes = [summary.objective, *(axis for axis in OBJECTIVES if axis != summary.objective)]
    figures = [tradeoff_chart(summary, axis, language) for axis in axes]
    figures.append(accuracy_curve(summary, language))
    notes = [t(f"summary.chart_note.{axis}", language) for axis in axes] + [""]
    parts = []
    for number, (figure, note) in enumerate(zip(figures, notes)):
        figure.update_layout(height=CHART_HEIGHT_PX)
        parts.append('<div class="chart">' + figure.to_html(
            full_html=False, include_plotlyjs=number == 0, config=PLOTLY_CONFIG,
            div_id=f"chart-{number}", default_height="100%") + "</div>")
        if note:
            parts.append(f'<p class="note">{_text(note)}</p>')
    return "\n".join(parts)


def _layers_table(summary: Summary, language: str) -> str:
    def h(key: str) -> str:
        return t(f"summary.report.{key}", language)

    headers = [(h("layer"), False), (h("kind"), False), (h("shape"), False),
               (h("params"), True), (h("nonzero"), True), (h("sparsity"), True),
               (h("channels"), True), (h("channels_removed"), True)]
    rows = [([layer["name"], layer["kind"], " × ".join(str(d) for d in layer["shape"]),
              f"{layer['params']:,}", f"{layer['nonzero']:,}", f"{layer['sparsity']:.1%}",
              layer["channels"], layer["channels_removed"]], "")
            for layer in summary.layers]
    return _table(headers, rows)


def _configurations_table(summary: Summary, language: str) -> str:
    def h(key: str) -> str:
        return t(f"summary.report.{key}", language)

    headers = [(h("technique"), False), (h("finetuning"), True), (h("sparsity_unit"), True),
               (h("weight_sparsity"), True), (h("accuracy_change"), True), (h("speedup"), True),
               (h("size"), True), (h("macs"), True), (h("meets"), False)]
    rows = []
    for index, row in enumerate(summary.rows):
        if not is_pruned(row):
            continue
        speed = speed_of(row)
        speed_text = "-" if speed is None else f"{speed.median:.2f}"
        if row.get("speedup_median") is not None:
            speed_text += f" ({h('confirmed')})"
        unit = t(f"summary.unit.{row['unit']}", language)
        rows.append(([t(f"technique.{row['technique']}.name", language),
                      row.get("finetune_epochs", 0), f"{row['sparsity_achieved']:.0%} {unit}",
                      f"{row['weight_sparsity']:.0%}", f"{accuracy_change_pts(row):+.1f}",
                      speed_text, f"{size_of(row)[0]:.2f}", f"{macs_ratio(row):.2f}",
                      h("yes") if meets(row, summary.target_pts) else h("no")],
                     "chosen" if index == summary.row_index else ""))
    return _table(headers, rows)


def _settings_table(sweep: SummarySweep, summary: Summary, language: str) -> str:
    def h(key: str, **values) -> str:
        return t(f"summary.report.settings.{key}", language, **values)

    settings = sweep.settings
    rows = [
        (h("model"), t(f"sample_model.{sweep.model}", language)),
        (h("target"), f"{summary.target_pts:g}"),
        (h("objective"), t(f"summary.objective_name.{summary.objective}", language)),
        (h("techniques"), ", ".join(t(f"technique.{key}.name", language)
                                    for key in settings.get("techniques", []))),
        (h("sparsities"), ", ".join(f"{value:g}" for value in settings.get("sparsities", []))),
        (h("finetune_epochs"), settings.get("finetune_epochs")),
        (h("seed"), settings.get("seed")),
        (h("threads"), settings.get("threads")),
        (h("sweep_timing"), h("sweep_timing_value", warmup=settings.get("warmup"),
                              repeats=settings.get("repeats"))),
        (h("confirm_timing"), h("confirm_timing_value",
                                rounds=summary.speed_rounds or CONFIRM_ROUNDS)),
        (h("n_test"), sweep.n_test),
        (h("sweep_seconds"), f"{sweep.seconds:.1f}"),
    ]
    value = (t("summary.report.value", language), False)
    return _table([(t("summary.report.setting", language), False), value],
                  [([name, cell], "") for name, cell in rows])


def _versions_table(versions: dict, language: str) -> str:
    def h(key: str) -> str:
        return t(f"summary.report.settings.{key}", language)

    names = {"Python": h("python"), "cores": h("cores"), "torch_threads": h("torch_threads"),
             "cpu": h("cpu"), "platform": h("platform")}
    rows = [([names.get(name, name), value], "") for name, value in versions.items()]
    return _table([(t("summary.report.setting", language), False),
                   (t("summary.report.value", language), False)], rows)


def build_report(sweep: SummarySweep, summary: Summary, language: str = "en", *,
                 generated: datetime.datetime | None = None,
                 versions: dict | None = None) -> str:
    """The whole report as one self-contained HTML document.

    Parameters
    ----------
    sweep : SummarySweep
        The configurations tried (for the settings).
    summary : Summary
        The chosen configuration, its rows and explanation.
    language : str
    generated : datetime, optional
        Shown as the report's date (default: now).
    versions : dict, optional
        Default: :func:`software_versions`.

    Returns
    -------
    str
        HTML with plotly.js inlined once and no external resource.
    """
    generated = generated or datetime.datetime.now().replace(microsecond=0)
    versions = software_versions() if versions is None else versions
    model_name = t(f"sample_model.{sweep.model}", language)
    title = t("summary.report.title", language, model=model_name)
    subtitle = t("summary.report.subtitle", language, generated=generated.isoformat(sep=" "),
                 target=summary.target_pts,
                 objective=t(f"summary.objective_phrase.{summary.objective}", language))
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(language)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(title)}</title><style>{STYLE}</style></head><body><main>",
        f"<h1>{_text(title)}</h1>",
        f'<p class="subtitle">{_text(subtitle)}</p>',
        f'<p class="headline{"" if summary.met else " missed"}">'
        f"{_text(headline(summary, language))}</p>",
        f'<p class="note">{_text(technique_line(summary, language))}</p>',
        _cards(summary, language),
        f"<h2>{_text(t('summary.means_title', language))}</h2>",
        f"<p>{_text(summary.paragraph(language, 'means'))}</p>",
        f"<h2>{_text(t('summary.limits_title', language))}</h2>",
        f"<p>{_text(summary.paragraph(language, 'limits'))}</p>",
        f"<h2>{_text(t('summary.report.charts_title', language))}</h2>",
        f'<p class="note">{_text(t("summary.report.charts_intro", language))}</p>',
        f'<p class="note">{_text(t("summary.chart_caption", language))}</p>',
        _charts(summary, language),
        f'<h2 id="layers">{_text(t("summary.report.layers_title", language))}</h2>',
        f'<p class="note">{_text(t("summary.report.layers_intro", language))}</p>',
        _layers_table(summary, language),
        f'<h2 id="configurations">{_text(t("summary.report.configs_title", language))}</h2>',
        _configurations_table(summary, language),
        f'<h2 id="settings">{_text(t("summary.report.settings_title", language))}</h2>',
        _settings_table(sweep, summary, language),
        f'<h2 id="versions">{_text(t("summary.report.versions_title", language))}</h2>',
        _versions_table(versions, language),
        f"<footer><p>{_text(t('summary.report.footer', language))}</p></footer>",
        "</main></body></html>",
    ])


def make_report(model: str, max_accuracy_drop_pts: float, objective: str = "latency",
                language: str = "en", *, sweep_options: dict | None = None,
                progress: Callable[[float, str], None] | None = None
                ) -> tuple[str, Summary, SummarySweep]:
    """Run the summary sweeps, choose, and build the report: ``(html, summary, sweep)``.

    ``sweep_options`` go to :func:`pruning.summary_measure.summary_sweep`.
    """
    check_choice(max_accuracy_drop_pts, objective)  # before minutes of work
    sweep = summary_sweep(model, **(sweep_options or {}), progress=progress)
    summary = summarise(sweep, max_accuracy_drop_pts, objective)
    return build_report(sweep, summary, language), summary, sweep


def check_out_path(path: str | Path) -> Path:
    """``path`` as a Path; ``ValueError`` (catalogue) when its folder does not exist."""
    path = Path(path)
    if not path.parent.is_dir() or path.is_dir():
        raise ValueError(t("cli.report.errors.out_dir", path=path))
    return path


def write_report(text: str, path: str | Path) -> Path:
    """Write ``text`` to ``path`` (UTF-8); ``ValueError`` if its folder does not exist."""
    path = check_out_path(path)
    path.write_text(text, encoding="utf-8")
    return path
