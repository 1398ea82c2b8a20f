"""A user's network and data, checked together and turned into a :class:`ModelSource`.

The model file is loaded safely (:mod:`pruning.uploads.model_file`); a TorchScript
model is rebuilt as standard layers (:mod:`pruning.uploads.torchscript`); the data
is a bundled set, the architecture's own sample data, or a CSV of numeric features
and a class column. Then the two are checked against each other: the model must
accept the data's rows, give one output per class at least, have a layer to prune
and not exceed the parameter limit.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from pruning.data import DATASET_NAMES, Dataset, Split, load_dataset, split_dataset
from pruning.model_source import STATE_DICT, TORCHSCRIPT, UPLOAD_PREFIX, ModelSource
from pruning.models import SPECS, NetworkData, network_data
from pruning.nn import prunable_layers
from pruning.uploads.csv_table import read_csv_table, table_dataset
from pruning.uploads.errors import UploadError
from pruning.uploads.limits import UploadLimits, upload_limits
from pruning.uploads.model_file import read_model_file, state_dict_model
from pruning.uploads.notices import Notice
from pruning.uploads.torchscript import check_same_outputs, eager_from_torchscript

SAMPLE_DATA = "sample"  # data choice: the architecture's own sample data
# The sample models' split (ModelSpec's defaults), used for every upload too.
TEST_SIZE, VAL_SIZE, SPLIT_SEED = 0.2, 0.2, 0
PROBE_ROWS = 8


@dataclass(frozen=True)
class DataChoice:
    """Where an uploaded network's data comes from: exactly one of ``dataset`` and ``csv``.

    Attributes
    ----------
    dataset : str, optional
        A bundled data set (``pruning.data.DATASET_NAMES``), or ``"sample"``: the sample
        data of the state dict's architecture.
    csv : bytes, optional
        A CSV of numeric feature columns and one column of class indices (0, 1, ...).
    csv_name : str
    target : str, optional
        The class column of the CSV (default: ``label`` / ``target`` / ``class`` / ``y``
        if present, else the last column).
    """

    dataset: str | None = None
    csv: bytes | None = None
    csv_name: str = "data.csv"
    target: str | None = None


def _bundled_scale(name: str) -> float:
    """Bundled features as the sample models see them (digits: pixels / 16), else raw."""
    return next((spec.input_scale for spec in SPECS.values() if spec.dataset == name), 1.0)


def _split(dataset: Dataset) -> tuple[Split, tuple[Notice, ...]]:
    try:
        return split_dataset(dataset, TEST_SIZE, VAL_SIZE, SPLIT_SEED, stratify=True), ()
    except ValueError:  # a class too rare to appear in every part: split at random
        pass
    try:
        return (split_dataset(dataset, TEST_SIZE, VAL_SIZE, SPLIT_SEED, stratify=False),
                (Notice("not_stratified"),))
    except ValueError as error:
        raise UploadError("data_split", detail=str(error).splitlines()[0][:200]) from None


def _tensors(split: Split, scale: float, input_shape: tuple[int, ...]) -> NetworkData:
    def inputs(X: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(np.asarray(X * scale, dtype=np.float32)).reshape(-1, *input_shape)

    def labels(y: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(np.asarray(y, dtype=np.int64))

    return NetworkData(inputs(split.X_train), labels(split.y_train), inputs(split.X_val),
                       labels(split.y_val), inputs(split.X_test), labels(split.y_test),
                       split=split.describe())


def _dataset(choice: DataChoice, limits: UploadLimits) -> tuple[Dataset, float, tuple, dict]:
    """The chosen data (not the sample case), its input scale, notices and description."""
    if choice.csv is not None:
        table = read_csv_table(choice.csv, choice.csv_name, limits)
        target = table.default_target() if choice.target is None else choice.target
        dataset = table_dataset(table, target, text_columns="refuse", labels="indices",
                                limits=limits)
        return dataset, 1.0, table.notices, {"data": choice.csv_name, "target": target,
                                             "rows": len(dataset.y)}
    if choice.dataset not in DATASET_NAMES:
        raise UploadError("unknown_dataset", dataset=str(choice.dataset)[:40],
                          choices=", ".join((SAMPLE_DATA, *DATASET_NAMES)))
    dataset = load_dataset(choice.dataset)
    return dataset, _bundled_scale(choice.dataset), (), {"data": choice.dataset,
                                                         "rows": len(dataset.y)}


def _last_line(error: BaseException) -> str:
    """The informative line of a torch error (TorchScript puts its own trace first)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[-1] if lines else type(error).__name__
    return text.removeprefix("RuntimeError: ")[:200]


def _input_shapes(n_features: int) -> list[tuple[int, ...]]:
    """Shapes one row may take: flat, or a one-channel square image."""
    shapes = [(n_features,)]
    side = int(round(n_features ** 0.5))
    if side > 1 and side * side == n_features:
        shapes.append((1, side, side))
    return shapes


def _outputs(model: nn.Module, rows: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return model(rows)


def _fitting_shape(model: nn.Module, X: np.ndarray) -> tuple[int, ...]:
    """The first input shape the model accepts a few rows of ``X`` in."""
    rows = torch.from_numpy(np.asarray(X[:PROBE_ROWS], dtype=np.float32))
    reason = ""
    for shape in _input_shapes(X.shape[1]):
        try:
            output = _outputs(model, rows.reshape(-1, *shape))
        except Exception as error:  # noqa: BLE001 - the user's model may raise anything
            reason = reason or _last_line(error)  # the flat shape's reason says most
            continue
        if isinstance(output, torch.Tensor) and output.ndim == 2:
            return shape
        reason = reason or f"output of shape {tuple(getattr(output, 'shape', ()))}"
    raise UploadError("input_rejected", features=X.shape[1],
                      shapes=", ".join(str(s) for s in _input_shapes(X.shape[1])), reason=reason)


def _check_model(model: nn.Module, data: NetworkData, n_classes: int,
                 limits: UploadLimits) -> None:
    if not prunable_layers(model):
        raise UploadError("no_prunable_layers")
    parameters = sum(p.numel() for p in model.parameters())
    if parameters > limits.max_parameters:
        raise UploadError("too_many_parameters", count=parameters, limit=limits.max_parameters)
    try:
        output = _outputs(model, data.X_test[:PROBE_ROWS])
    except Exception as error:  # noqa: BLE001
        raise UploadError("input_rejected", features=int(np.prod(data.X_test.shape[1:])),
                          shapes=str(tuple(data.X_test.shape[1:])),
                          reason=_last_line(error)) from None
    if not isinstance(output, torch.Tensor) or output.ndim != 2:
        raise UploadError("output_shape", shape=tuple(getattr(output, "shape", ())))
    if output.shape[1] < n_classes:
        raise UploadError("too_few_outputs", outputs=output.shape[1], classes=n_classes)


def upload_source(model_file: bytes, file_name: str, data: DataChoice,
                  architecture: str | None = None,
                  limits: UploadLimits | None = None) -> ModelSource:
    """Load a user's network and data, check them together, and return a source.

    Parameters
    ----------
    model_file : bytes
        A TorchScript archive, or a state dict of one of the sample architectures.
    file_name : str
    data : DataChoice
    architecture : str, optional
        A sample model whose architecture the state dict is for (``pruning.models.SPECS``);
        not needed for TorchScript.
    limits : UploadLimits, optional

    Returns
    -------
    ModelSource
        ``key`` is ``upload_<digest of file, architecture and data>``.

    Raises
    ------
    UploadError
        With a one-line message for the first problem found (see the catalogue's
        ``uploads.errors``).
    """
    limits = limits or upload_limits()
    loaded = read_model_file(model_file, file_name, limits)
    if loaded.kind == STATE_DICT:
        if architecture is None:
            raise UploadError("architecture_needed", choices=", ".join(SPECS))
        model = state_dict_model(loaded.state_dict, architecture)
    else:
        architecture = None
    notices: tuple = ()
    if data.csv is None and data.dataset == SAMPLE_DATA:
        if loaded.kind != STATE_DICT:
            raise UploadError("sample_data_needs_architecture")
        spec = SPECS[architecture]
        tensors, input_shape = network_data(spec), spec.input_shape
        n_classes = len(load_dataset(spec.dataset).class_names)
        described = {"data": SAMPLE_DATA, "rows": int(sum(len(tensors.part(p)[1])
                                                          for p in ("train", "val", "test")))}
    else:
        dataset, scale, notices, described = _dataset(data, limits)
        if loaded.kind == STATE_DICT:
            input_shape = SPECS[architecture].input_shape
            if int(np.prod(input_shape)) != dataset.n_features:
                raise UploadError("input_mismatch", expected=int(np.prod(input_shape)),
                                  architecture=architecture, found=dataset.n_features)
        else:
            input_shape = _fitting_shape(loaded.scripted, dataset.X * scale)
        split, split_notices = _split(dataset)
        notices += split_notices
        tensors = _tensors(split, scale, input_shape)
        n_classes = dataset.n_classes
    if loaded.kind == TORCHSCRIPT:
        model = eager_from_torchscript(loaded.scripted)
        check_same_outputs(loaded.scripted, model, tensors.X_test)
    _check_model(model, tensors, n_classes, limits)
    digest = hashlib.sha256(model_file)
    digest.update(f"|{architecture}|{described.get('data')}|{described.get('target')}".encode())
    if data.csv is not None:
        digest.update(hashlib.sha256(data.csv).digest())
    return ModelSource(
        key=UPLOAD_PREFIX + digest.hexdigest()[:12], model=model, data=tensors,
        input_shape=tuple(input_shape), origin=loaded.kind, label=file_name,
        details={"architecture": architecture, "classes": n_classes,
                 "parameters": sum(p.numel() for p in model.parameters()), **described},
        notices=notices)
