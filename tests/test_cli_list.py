"""``python -m pruning list``: models, techniques and data sets, from their sources."""
from __future__ import annotations

from pruning.data import DATASET_NAMES
from pruning.models import SAMPLE_MODELS, load_sample_model
from pruning.nn import TECHNIQUES
from tests.test_cli_nn import run_json


def test_list_shows_every_model_technique_and_dataset(capsys):
    payload = run_json(capsys, "list")
    assert [row["name"] for row in payload["models"]] == list(SAMPLE_MODELS)
    mlp = next(row for row in payload["models"] if row["name"] == "mlp")
    metadata = load_sample_model("mlp").metadata
    assert (mlp["dataset"], mlp["accuracy"], mlp["params"]) == (
        "digits", metadata["accuracy"]["test"], metadata["params"])
    assert payload["techniques"] == [spec.describe() for spec in TECHNIQUES.values()]
    assert [row["name"] for row in payload["datasets"]] == list(DATASET_NAMES)
    digits = next(row for row in payload["datasets"] if row["name"] == "digits")
    assert (digits["samples"], digits["features"], digits["classes"]) == (1797, 64, 10)
