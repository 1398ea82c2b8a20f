"""The benchmark payload as a readable report: targets first, then each section.

Every word comes from the catalogue (``pruning/locales/en/bench.toml``); numbers are
printed as measured, with their spread.
"""
from __future__ import annotations

from typing import Sequence

from pruning.i18n import t


def _number(value, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}g}" if abs(value) < 10 ** digits else f"{value:.0f}"
    return str(value)


def table(header: Sequence[str], rows: Sequence[Sequence], indent: str = "  ") -> list[str]:
    """Columns as wide as their text; a column whose every cell holds a number (or "-")
    is right-aligned, header included, the others left-aligned."""
    body = [[c if isinstance(c, str) else _number(c) for c in row] for row in rows]
    cells = [[str(cell) for cell in header]] + body
    columns = range(len(header))
    widths = [max(len(row[i]) for row in cells if i < len(row)) for i in columns]
    numeric = [bool(body) and all(i < len(row) and (any(ch.isdigit() for ch in row[i])
                                                    or row[i] == "-") for row in body)
               for i in columns]
    lines = []
    for row in cells:
        parts = [cell.rjust(widths[i]) if numeric[i] else cell.ljust(widths[i])
                 for i, cell in enumerate(row)]
        lines.append(indent + "  ".join(parts).rstrip())
    return lines


def _header(key: str) -> list[str]:
    return t(key).split("|")


def _problem(section: dict) -> list[str] | None:
    if "error" in section:
        return [t("bench.report.section_error", error=section["error"])]
    if "skipped" in section:
        return [t("bench.report.section_skipped", reason=section["skipped"])]
    return None


def machine_lines(payload: dict) -> list[str]:
    machine = payload["machine"]
    load = lambda values: " / ".join(_number(v) for v in values) if values else "-"  # noqa: E731
    versions = ", ".join(f"{name} {version}" for name, version in machine["versions"].items()
                         if version)
    return [
        t("bench.report.title", kind=t("bench.report.kind_quick" if payload["quick"]
                                       else "bench.report.kind_full"),
          started=payload["started"]),
        t("bench.report.machine", nproc=machine["nproc"], threads=machine["torch_threads"],
          interop=machine["torch_interop_threads"], load_start=load(machine["load_average"]),
          load_end=load(payload.get("machine_after", {}).get("load_average"))),
        t("bench.report.cpu", cpu=machine["cpu_model"], python=machine["python"],
          chromium=payload.get("browser_version", "-")),
        t("bench.report.versions", versions=versions),
    ] + ([t("bench.report.quick_note")] if payload["quick"] else [])


def target_lines(payload: dict) -> list[str]:
    rows = []
    for row in payload["targets"]:
        unit = t(f"bench.unit.{row['unit']}") if row["unit"] else ""
        value = "-" if row["value"] is None else f"{_number(row['value'])} {unit}".strip()
        limit = f"{row['comparison']} {_number(row['limit'])} {unit}".strip()
        rows.append([t(f"bench.target.{row['key']}"), value, limit, row["status"]])
    header = [t("bench.report.figure"), t("bench.report.measured"), t("bench.report.target"),
              t("bench.report.status")]
    return [t("bench.report.targets")] + table(header, rows)


def slider_lines(section: dict, settings: dict) -> list[str]:
    lines = [t("bench.slider.title", steps=settings["slider_steps"],
               warmup=settings["slider_warmup"])]
    problem = _problem(section)
    if problem:
        return lines + problem
    rows, errors = [], []
    for name in ("bare", "trees", "networks"):
        page = section.get(name, {})
        if "ms" in page:
            ms = page["ms"]
            rows.append([name, page.get("slider", ""), ms["min"], ms["median"], ms["p95"],
                         ms["max"], page.get("ratio_p50"), page.get("ratio_p95"),
                         page.get("last_message_ms", {}).get("median"),
                         page.get("long_tasks_ms", {}).get("median")])
        if "error" in page:
            errors.append(f"  {name}: " + t("bench.report.section_error",
                                            error=page["error"]).strip())
    return lines + table(_header("bench.slider.header"), rows) + [t("bench.slider.legend")] \
        + errors


def backend_lines(section: dict, settings: dict) -> list[str]:
    lines = [t("bench.backend.title", repeats=settings["backend_repeats"])]
    problem = _problem(section)
    if problem:
        return lines + problem
    for page, group_key in (("trees", "data_sets"), ("networks", "models")):
        part = section[page]
        lines.append("  " + t(f"bench.backend.{page}", method=part.get("method"),
                              technique=part.get("technique"), slider=part["slider"]))
        groups = part[group_key]
        names = list(dict.fromkeys(n for g in groups.values() for n in g["parts_ms"]))
        rows = []
        for group, measured in groups.items():
            total = measured["total_ms"]
            rows.append([group, f"{_number(total['median'])} [{_number(total['p95'])}]"]
                        + [_number(measured["parts_ms"].get(n, {}).get("median"))
                           for n in names])
        lines += table([t("bench.backend.header_first"), t("bench.backend.total"), *names],
                       rows, indent="    ")
    return lines


def sweep_lines(section: dict) -> list[str]:
    problem = _problem(section)
    if problem:
        return [t("bench.sweep.title", model="cnn", techniques="-", sparsities="-", rows="-")] \
            + problem
    cold = section["cold_s"]
    items = ", ".join(f"{key} {_number(value)}"
                      for key, value in section["cold_s_per_technique"].items())
    return [
        t("bench.sweep.title", model=section["model"], techniques=len(section["techniques"]),
          sparsities=len(section["sparsities"]), rows=section["rows"]),
        t("bench.sweep.cold", median=_number(cold["median"]), min=_number(cold["min"]),
          max=_number(cold["max"]), n=cold["n"]),
        t("bench.sweep.cached", hit=_number(1000 * section["cached_s"]["median"]),
          with_figures=_number(section["cached_with_figures_s"]["median"]),
          n=section["cached_s"]["n"]),
        t("bench.sweep.per_technique", items=items),
    ]


def speedup_lines(section: dict) -> list[str]:
    problem = _problem(section)
    if problem:
        return [t("bench.speedup.title", rounds="-", repeats="-")] + problem
    rows = [[row["model"], row["technique"], _number(row["amount"]), row["latency_ms_dense"],
             row["latency_ms"], row["speedup"],
             f"[{_number(row['speedup_min'])}-{_number(row['speedup_max'])}]",
             row["mac_reduction"], row["efficiency"]] for row in section["rows"]]
    return [t("bench.speedup.title", rounds=section["rounds"],
              repeats=section["repeats_per_round"])] \
        + table(_header("bench.speedup.header"), rows)


def crossover_lines(section: dict) -> list[str]:
    problem = _problem(section)
    if problem:
        return [t("bench.crossover.title", technique="-", repeats="-")] + problem
    lines = [t("bench.crossover.title", technique=section["technique"],
               repeats=section["repeats"])]
    for model, measured in section["models"].items():
        crossover = measured["crossover_sparsity"]
        lines.append(t("bench.crossover.never", model=model) if crossover is None
                     else t("bench.crossover.model", model=model,
                            sparsity=f"{100 * crossover:.0f}%"))
        quartiles = lambda row, name: (f"[{_number(row[f'latency_ms_{name}_p25'])}"  # noqa: E731
                                       f"-{_number(row[f'latency_ms_{name}_p75'])}]")
        rows = [[f"{100 * row['weight_sparsity']:.1f}%", row["latency_ms_dense"],
                 quartiles(row, "dense"), row["latency_ms_sparse"], quartiles(row, "sparse")]
                for row in measured["rows"]]
        lines += table(_header("bench.crossover.header"), rows, indent="    ")
    return lines


def cold_start_lines(section: dict) -> list[str]:
    problem = _problem(section)
    if problem:
        return [t("bench.cold_start.title", n="-")] + problem
    interactive = section["interactive_s"]
    return [t("bench.cold_start.title", n=interactive["n"]),
            t("bench.cold_start.line", median=_number(interactive["median"]),
              min=_number(interactive["min"]), max=_number(interactive["max"]),
              server=_number(section["server_s"]["median"]),
              heading=_number(section["first_heading_s"]["median"]),
              numbers=_number(section.get("headline_numbers_s", {}).get("median")))]


def memory_lines(section: dict, settings: dict) -> list[str]:
    problem = _problem(section)
    if problem:
        return [t("bench.memory.title", sessions=settings["memory_sessions"], pages="-")] \
            + problem
    pages = ", ".join(path or "home" for path in section["pages_visited"])
    return [t("bench.memory.title", sessions=section["sessions"], pages=pages),
            t("bench.memory.line", rss=_number(section["rss_mb"]),
              peak=_number(section["peak_rss_mb"]), start=_number(section["rss_mb_start"]),
              growth=_number(section["rss_mb_per_extra_session"]))]


def load_lines(section: dict, settings: dict) -> list[str]:
    title = t("load_test.report.title", sessions=section.get("sessions",
                                                               settings["load_sessions"]),
              seconds=section.get("seconds", settings["load_seconds"]))
    problem = _problem(section)
    if problem:
        return [title] + problem
    every, trees, networks = section["slider_ms"], section["trees_ms"], section["networks_ms"]
    return [
        title,
        t("load_test.report.latency", all_median=_number(every["median"]),
          all_p95=_number(every["p95"]), steps=section["steps"],
          trees_median=_number(trees["median"]), trees_p95=_number(trees["p95"]),
          networks_median=_number(networks["median"]), networks_p95=_number(networks["p95"]),
          server_median=_number(section["server_ms"]["median"]),
          server_p95=_number(section["server_ms"]["p95"])),
        t("load_test.report.problems", exceptions=section["exceptions_shown"],
          errors=section["errors_shown"], cross_talk=section["cross_talk"],
          failed=len(section["failed_sessions"]),
          tracebacks=_number(section.get("server_tracebacks")),
          verdict=t("load_test.report.ok" if section["ok"] else "load_test.report.not_ok")),
        t("load_test.report.memory", start=_number(section["rss_mb_start"]),
          peak=_number(section["rss_mb_peak"]), end=_number(section["rss_mb_end"]),
          after=_number(section["rss_mb_after_close"]),
          slope=_number(section["rss_mb_per_minute"])),
    ]


def accuracy_lines(section: dict) -> list[str]:
    problem = _problem(section)
    if problem:
        return [t("bench.accuracy.title", model="mlp", technique="-", sparsity="-",
                  epochs="-")] + problem
    lines = [t("bench.accuracy.title", model=section["model"], technique=section["technique"],
               sparsity=round(100 * section["sparsity"]), epochs=section["finetune_epochs"])]
    for row in section["rows"]:
        lines.append(t("bench.accuracy.line", seed=row["seed"],
                       dense=_number(100 * row["accuracy_dense"]),
                       pruned=_number(100 * row["accuracy_pruned"]),
                       drop=_number(row["drop_points"])))
    lines.append(t("bench.accuracy.summary", median=_number(section["drop_points_median"]),
                   worst=_number(section["drop_points_max"])))
    return lines


def format_report(payload: dict) -> str:
    """The whole report as text (what ``python -m pruning bench`` prints)."""
    settings = payload["settings"]
    blocks = [
        machine_lines(payload),
        target_lines(payload),
        slider_lines(payload.get("slider", {}), settings),
        backend_lines(payload.get("backend", {}), settings),
        sweep_lines(payload.get("sweep", {})),
        speedup_lines(payload.get("speedup", {})),
        crossover_lines(payload.get("crossover", {})),
        cold_start_lines(payload.get("cold_start", {})),
        memory_lines(payload.get("memory", {}), settings),
        accuracy_lines(payload.get("accuracy", {})),
        load_lines(payload.get("load", {}), settings),
        [t("bench.report.seconds", sections=", ".join(
            f"{name} {seconds}" for name, seconds in payload.get("seconds", {}).items()))],
    ]
    return "\n\n".join("\n".join(block) for block in blocks)
