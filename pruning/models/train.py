"""Retrain the sample models reproducibly and write ``sample_models/``.

Usage::

    python -m pruning.models.train            # all sample models
    python -m pruning.models.train --model cnn

Each model is trained from a fixed seed on its data split (see ``zoo.SPECS``) and
saved as a state dict plus a metadata JSON (data set, split, accuracy, parameter
count, how trained). One thread is used so the run is repeatable bit for bit on one
machine.
"""
from __future__ import annotations

import argparse
import datetime
import json
from dataclasses import asdict
from pathlib import Path

import torch

from pruning.models.zoo import (SAMPLE_MODELS_DIR, SPECS, build_model, metadata_path,
                                network_data, weights_path)
from pruning.training import accuracy, train


def flush_subnormals(model: torch.nn.Module) -> int:
    """Set subnormal parameters (|w| < float32's smallest normal) to exact zero.

    Weight decay drives weights of useless inputs towards zero until some become
    subnormal; CPUs compute with subnormals hundreds of times slower, which would
    make the dense model look slow and any pruning of it look like a speed-up.
    Returns how many values were flushed.
    """
    flushed = 0
    with torch.no_grad():
        for parameter in model.parameters():
            subnormal = (parameter != 0) & (parameter.abs() < torch.finfo(parameter.dtype).tiny)
            flushed += int(subnormal.sum())
            parameter[subnormal] = 0.0
    return flushed


def train_sample_model(name: str, directory: Path = SAMPLE_MODELS_DIR) -> dict:
    """Train sample model ``name`` from its spec, save it, return its metadata."""
    spec = SPECS[name]
    torch.manual_seed(spec.seed)
    model = build_model(spec)
    data = network_data(spec)
    train(model, data.X_train, data.y_train, epochs=spec.epochs, lr=spec.lr,
          batch_size=spec.batch_size, weight_decay=spec.weight_decay, seed=spec.seed)
    flushed = flush_subnormals(model)
    metadata = {
        "name": name,
        "architecture": spec.architecture,
        "architecture_kwargs": spec.architecture_kwargs,
        "dataset": spec.dataset,
        "input_shape": list(spec.input_shape),
        "input_scale": spec.input_scale,
        "split": data.split,
        "accuracy": {part: round(accuracy(model, *data.part(part)), 4)
                     for part in ("train", "val", "test")},
        "params": sum(p.numel() for p in model.parameters()),
        "training": {k: v for k, v in asdict(spec).items()
                     if k in ("epochs", "batch_size", "lr", "weight_decay", "seed",
                              "train_subset", "label_noise", "noise_features",
                              "noise_std")}
                    | {"optimizer": "Adam", "loss": "cross-entropy",
                       "subnormal_weights_flushed_to_zero": flushed,
                       "script": "python -m pruning.models.train --model " + name},
        "torch_version": torch.__version__,
        "trained_on": datetime.date.today().isoformat(),
    }
    directory.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), weights_path(name, directory))
    metadata_path(name, directory).write_text(json.dumps(metadata, indent=2) + "\n")
    return metadata


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(SPECS), action="append",
                        help="model to retrain (repeatable; default: all)")
    parser.add_argument("--out", type=Path, default=SAMPLE_MODELS_DIR)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    for name in args.model or list(SPECS):
        metadata = train_sample_model(name, args.out)
        print(json.dumps({"name": name, "accuracy": metadata["accuracy"],
                          "params": metadata["params"]}))


if __name__ == "__main__":
    main()
