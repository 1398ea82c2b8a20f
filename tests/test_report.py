"""The HTML report: self-contained (nothing loaded from the network), holding the figures'
data, the per-layer table, the settings and the versions; and ``python -m pruning report``.
"""
from __future__ import annotations

import datetime
import json
import re
from html.parser import HTMLParser
from importlib import metadata

import pytest

from pruning.figures.summary import accuracy_curve, tradeoff_chart
from pruning.i18n import t
from pruning.report import build_report, software_versions
from pruning.summary_measure import confirm_configuration, summarise, summary_sweep
from tests.test_cli_nn import exit_code, run_json

QUICK = dict(rounds=3, warmup=0)
# attributes through which a browser fetches something
LOADING_ATTRIBUTES = {"src", "href", "srcset", "data", "action", "poster", "background",
                      "formaction", "xlink:href"}
EXTERNAL = re.compile(r"^\s*(https?:|//|ftp:)", re.I)


class Resources(HTMLParser):
    """Every tag with its attributes, and the text of every <style> element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self.scripts = 0
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"
        self.scripts += tag == "script"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parse(text: str) -> Resources:
    parser = Resources()
    parser.feed(text)
    return parser


def external_loads(text: str) -> list[str]:
    """Attribute values and CSS urls that would make a browser fetch from the network."""
    parsed = parse(text)
    found = [f"<{tag} {name}={value}>" for tag, attrs in parsed.tags
             for name, value in attrs.items()
             if name in LOADING_ATTRIBUTES and value and EXTERNAL.match(value)]
    found += [f"<{tag}>" for tag, attrs in parsed.tags
              if tag in ("link", "iframe", "embed", "object", "base")]
    for css in parsed.styles:
        found += re.findall(r"@import|url\(\s*['\"]?\s*(?:https?:|//)[^)]*\)", css)
    return found


def plotted(text: str, div_id: str) -> list[dict]:
    """The traces passed to ``Plotly.newPlot`` for the div ``div_id``."""
    call = re.search(rf'Plotly\.newPlot\(\s*"{div_id}",\s*', text)
    traces, _ = json.JSONDecoder().raw_decode(text, call.end())
    return traces


@pytest.fixture(scope="module")
def measured():
    sweep = summary_sweep("mlp", ("magnitude_global", "structured_physical"), (0.0, 0.5, 0.9),
                          finetune_epochs=1, repeats=1, warmup=0)

    def confirm(row):
        return confirm_configuration("mlp", row["technique"], row["sparsity_requested"],
                                     row["finetune_epochs"], **QUICK)

    summary = summarise(sweep, 1.0, "latency", confirm=confirm)
    return sweep, summary


@pytest.fixture(scope="module")
def report(measured) -> str:
    sweep, summary = measured
    return build_report(sweep, summary, generated=datetime.datetime(2024, 5, 6, 7, 8, 9))


# ---- self-contained -----------------------------------------------------------------------

def test_nothing_is_loaded_from_the_network(report):
    assert external_loads(report) == []
    parsed = parse(report)
    assert all("src" not in attrs for tag, attrs in parsed.tags if tag == "script")
    # plotly.js is inlined once; each figure then only calls it
    assert report.count("plotly.js v") == 1
    assert report.count("Plotly.newPlot(") == 4


def test_the_check_finds_external_loads():
    """The check above can fail: it sees remote scripts, styles, images, CSS imports."""
    bad = ('<html><head><script src="https://cdn.plot.ly/plotly.min.js"></script>'
           '<link rel="stylesheet" href="style.css"><style>@import "x.css"; '
           'body { background: url(//example.org/a.png) }</style></head>'
           '<body><img src="http://example.org/a.png"><a href="https://plotly.com">x</a>'
           "<script>var inert = '<a href=\"https://plotly.com/\">';</script></body></html>")
    found = external_loads(bad)
    assert len(found) == 6, found  # script, link, @import, url(), img, a; not the inert text
    assert not any("inert" in item for item in found)


def test_the_figures_data_is_in_the_report(report, measured):
    _, summary = measured
    expected = [tradeoff_chart(summary, "latency"), tradeoff_chart(summary, "size"),
                tradeoff_chart(summary, "macs"), accuracy_curve(summary)]
    for number, figure in enumerate(expected):
        traces = plotted(report, f"chart-{number}")
        reference = json.loads(figure.to_json())["data"]
        assert [trace.get("name") for trace in traces] == [trace.get("name") for trace in
                                                           reference]
        assert [trace.get("y") for trace in traces] == [trace.get("y") for trace in reference]
    assert t("summary.figure.title_latency") in report


def test_the_per_layer_table_settings_and_versions_are_in_the_report(report, measured):
    sweep, summary = measured
    assert summary.layers
    layers_section = report[report.index('id="layers"'):report.index('id="configurations"')]
    for layer in summary.layers:
        assert f"<td class=\"\">{layer['name']}</td>" in layers_section
        assert f"{layer['nonzero']:,}" in layers_section
    settings = report[report.index('id="settings"'):report.index('id="versions"')]
    assert t("technique.structured_physical.name") in settings
    assert f">{sweep.n_test}<" in settings
    versions = report[report.index('id="versions"'):]
    for package in ("torch", "torch-pruning", "plotly", "scikit-learn", "streamlit"):
        assert f">{package}<" in versions and f">{metadata.version(package)}<" in versions
    assert "2024-05-06 07:08:09" in report


def test_the_summary_and_its_numbers_are_in_the_report(report, measured):
    _, summary = measured
    for sentence_part in summary.paragraph("en", "means").split("**"):
        assert sentence_part.strip()[:40] in report.replace("&#x27;", "'")
    assert f'data-number="smaller"' in report and 'tr class="chosen"' in report


def test_a_spanish_report_is_in_spanish(measured):
    sweep, summary = measured
    text = build_report(sweep, summary, "es", versions=software_versions())
    assert t("summary.report.layers_title", "es") in text
    assert t("summary.report.layers_title", "en") not in text
    assert '<html lang="es">' in text


# ---- the command line ----------------------------------------------------------------------

SMALL = ["--techniques", "structured_physical", "--sparsities", "0,0.5",
         "--finetune-epochs", "0"]


def test_the_report_command_writes_the_file_and_returns_json(capsys, tmp_path):
    out = tmp_path / "report.html"
    payload = run_json(capsys, "report", "--model", "mlp", "--target", "5", "--objective",
                       "size", "--out", str(out), *SMALL)
    text = out.read_text(encoding="utf-8")
    assert payload["path"] == str(out.resolve()) and payload["bytes"] == len(text.encode())
    assert text.startswith("<!DOCTYPE html>") and external_loads(text) == []
    assert payload["technique"] == "structured_physical" and payload["sparsity"] == 0.5
    assert payload["size_storage"] == "dense" and payload["size_ratio"] > 1
    assert payload["met"] is (payload["accuracy_change_pts"] >= -5)
    assert payload["tried"] == 1 and payload["objective"] == "size"


@pytest.mark.parametrize("argv", [
    ["--model", "mlp", "--objective", "beauty"],
    ["--model", "mlp", "--target", "-1"],
    ["--model", "mlp", "--target", "lots"],
    ["--model", "nope"],
    ["--model", "mlp", "--language", "xx"],
    ["--model", "mlp", "--sparsities", "0,x"],
    ["--model", "mlp", "--sparsities", "0"],
    ["--model", "mlp", "--out-missing"],
])
def test_bad_report_arguments_exit_2_with_one_line_and_no_file(capsys, tmp_path, argv):
    out = tmp_path / "r.html"
    argv = [*argv, "--out", str(out)] if "--out-missing" not in argv else ["--model", "mlp"]
    assert exit_code(["report", *SMALL[:2], "--finetune-epochs", "0", *argv, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert not out.exists()


def test_an_out_path_in_a_missing_folder_fails_before_any_work(capsys, tmp_path, monkeypatch):
    import pruning.cli.report as command

    monkeypatch.setattr(command, "make_report", lambda *a, **k: pytest.fail("ran the sweep"))
    code = exit_code(["report", "--model", "mlp", "--out", str(tmp_path / "no" / "r.html")])
    assert code == 2
    assert "folder that exists" in capsys.readouterr().err
