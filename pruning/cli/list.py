"""``python -m pruning list``: sample models, network-pruning techniques, data sets."""
from __future__ import annotations

import argparse
import json

from pruning.data import DATASET_NAMES, load_dataset
from pruning.i18n import t
from pruning.models import SAMPLE_MODELS
from pruning.models.zoo import metadata_path
from pruning.nn import TECHNIQUES

NAME = "list"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options: the command lists everything."""


def model_rows() -> list[dict]:
    rows = []
    for name in SAMPLE_MODELS:
        metadata = json.loads(metadata_path(name).read_text())
        rows.append({"name": name, "dataset": metadata["dataset"],
                     "architecture": metadata["architecture"],
                     "accuracy": metadata["accuracy"]["test"], "params": metadata["params"]})
    return rows


def dataset_rows() -> list[dict]:
    rows = []
    for name in DATASET_NAMES:
        dataset = load_dataset(name)
        rows.append({"name": name, "label": t(f"data.dataset.{name}"),
                     "samples": int(len(dataset.y)), "features": dataset.n_features,
                     "classes": dataset.n_classes})
    return rows


def run(args: argparse.Namespace) -> dict:
    return {"models": model_rows(),
            "techniques": [spec.describe() for spec in TECHNIQUES.values()],
            "datasets": dataset_rows()}
