"""``python -m pruning report``: the stakeholder summary of one model as an HTML file.

Runs the summary sweeps (:func:`pruning.summary_measure.summary_sweep`), chooses the
best configuration for the accuracy target (:func:`pruning.summary_measure.summarise`)
and writes the self-contained report (:func:`pruning.report.build_report`) to
``--out``. Prints where it went and the three big numbers.
"""
from __future__ import annotations

import argparse

from pruning.cli.sweep import parse_sparsities, parse_techniques
from pruning.i18n import languages, t
from pruning.report import check_out_path, make_report, write_report
from pruning.summary import OBJECTIVES, check_choice
from pruning.summary_measure import (SUMMARY_FINETUNE_EPOCHS, SUMMARY_SPARSITIES,
                                     SUMMARY_TECHNIQUES)

NAME = "report"


def _help(name: str) -> str:
    return t(f"cli.report.args.{name}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", required=True, help=_help("model"))
    parser.add_argument("--target", type=float, default=1.0, help=_help("target"))
    parser.add_argument("--objective", choices=OBJECTIVES, default="latency",
                        help=_help("objective"))
    parser.add_argument("--out", required=True, help=_help("out"))
    parser.add_argument("--language", default="en", help=_help("language"))
    parser.add_argument("--techniques", default=",".join(SUMMARY_TECHNIQUES),
                        help=_help("techniques"))
    parser.add_argument("--sparsities", default=",".join(f"{s:g}" for s in SUMMARY_SPARSITIES),
                        help=_help("sparsities"))
    parser.add_argument("--finetune-epochs", type=int, default=SUMMARY_FINETUNE_EPOCHS,
                        help=_help("finetune_epochs"))
    parser.add_argument("--seed", type=int, default=0, help=_help("seed"))


def run(args: argparse.Namespace) -> dict:
    if args.language not in languages():
        raise ValueError(t("cli.report.errors.language", value=args.language,
                           choices=", ".join(languages())))
    check_choice(args.target, args.objective)
    options = {"techniques": parse_techniques(args.techniques),
               "sparsities": parse_sparsities(args.sparsities),
               "finetune_epochs": args.finetune_epochs, "seed": args.seed}
    check_out_path(args.out)  # an impossible path fails before the work, not after
    text, summary, sweep = make_report(args.model, args.target, args.objective, args.language,
                                       sweep_options=options)
    path = write_report(text, args.out)
    return {
        "path": str(path.resolve()),
        "bytes": len(text.encode("utf-8")),
        "model": summary.model,
        "target_pts": summary.target_pts,
        "objective": summary.objective,
        "met": summary.met,
        "technique": summary.technique,
        "sparsity": summary.sparsity,
        "unit": summary.unit,
        "finetune_epochs": summary.finetune_epochs,
        "size_ratio": summary.size_ratio,
        "size_storage": summary.size_storage,
        "speedup": None if summary.speed is None else summary.speed.median,
        "speedup_p25": None if summary.speed is None else summary.speed.low,
        "speedup_p75": None if summary.speed is None else summary.speed.high,
        "speed_verdict": None if summary.speed is None else summary.speed.verdict,
        "accuracy_change_pts": summary.accuracy_change_pts,
        "tried": summary.tried,
        "meeting": summary.meeting,
        "seconds": sweep.seconds,
    }
