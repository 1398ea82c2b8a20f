"""Files users upload, good and bad, generated fresh for the upload tests.

Shared by the backend, command-line, page and browser tests of uploads. The bad
files are the issue's list: a pickle that would run code (it would create a marker
file: tests assert the marker never appears), empty, truncated, another format
renamed ``.pt``, a state dict of the wrong shapes, a model whose input does not fit
the data, a model with nothing to prune; CSVs that are empty, one row, one class,
text in a numeric column, NaN / inf, hundreds of classes, duplicate column names,
too large.
"""
from __future__ import annotations

import io
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn

from pruning.models import load_sample_model


class CreatesMarker:
    """Unpickling this runs ``open(path, "w")``: a file appears if the pickle is ever run."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


class RunsShell:
    """Unpickling this runs a shell command that creates the marker file."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


def torch_save(obj, **kwargs) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer, **kwargs)
    return buffer.getvalue()


def jit_save(module: torch.jit.ScriptModule) -> bytes:
    buffer = io.BytesIO()
    torch.jit.save(module, buffer)
    return buffer.getvalue()


# ---- network files ---------------------------------------------------------------------

def sample_network(name: str = "mlp") -> nn.Module:
    return load_sample_model(name).model


def state_dict_file(name: str = "mlp") -> bytes:
    return torch_save(sample_network(name).state_dict())


def scripted_file(name: str = "mlp") -> bytes:
    return jit_save(torch.jit.script(sample_network(name)))


def traced_file(name: str = "cnn") -> bytes:
    model = sample_network(name)
    example = torch.zeros(1, 1, 8, 8) if name == "cnn" else torch.zeros(1, 64)
    return jit_save(torch.jit.trace(model, example))


def layernorm_file(seed: int = 0) -> bytes:
    """A TorchScript MLP with a LayerNorm: weights can be masked, channels cannot be
    coupled through the LayerNorm by the masked structured techniques."""
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(64, 32), nn.LayerNorm(32), nn.ReLU(), nn.Linear(32, 10))
    return jit_save(torch.jit.script(model.eval()))


class SkipNet(nn.Module):
    """Not a chain: its forward adds a skip connection."""

    def __init__(self) -> None:
        super().__init__()
        self.inner = nn.Linear(64, 64)
        self.out = nn.Linear(64, 10)

    def forward(self, x):
        return self.out(x + self.inner(x))


def skip_file() -> bytes:
    return jit_save(torch.jit.script(SkipNet().eval()))


def code_pickle_files(marker: Path) -> dict[str, bytes]:
    """Pickles that would create ``marker`` if they were ever unpickled."""
    state = sample_network("mlp").state_dict()
    return {
        "raw pickle (open)": pickle.dumps(CreatesMarker(marker)),
        "raw pickle (os.system)": pickle.dumps(RunsShell(marker)),
        "protocol-0 pickle": pickle.dumps(RunsShell(marker), protocol=0),
        "torch.save of a state dict with a payload": torch_save({**state,
                                                                 "x": CreatesMarker(marker)}),
        "legacy torch.save with a payload": torch_save({"x": RunsShell(marker)},
                                                       _use_new_zipfile_serialization=False),
    }


def fake_torchscript_with_payload(marker: Path) -> bytes:
    """A zip laid out like TorchScript (``code/``) whose pickle would create ``marker``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("archive/code/__torch__.py", "def f(): pass\n")
        archive.writestr("archive/data.pkl", pickle.dumps(CreatesMarker(marker)))
        archive.writestr("archive/constants.pkl", pickle.dumps(CreatesMarker(marker)))
    return buffer.getvalue()


def bad_network_files() -> dict[str, tuple[bytes, str, str]]:
    """``{case: (file bytes, architecture, expected error key)}`` (digits as data)."""
    state = state_dict_file("mlp")
    office = io.BytesIO()
    with zipfile.ZipFile(office, "w") as archive:  # a .docx / .xlsx is a zip like this
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return {
        "empty": (b"", "mlp", "empty_file"),
        "truncated zip": (state[: len(state) // 2], "mlp", "model_damaged"),
        "truncated legacy": (torch_save(sample_network("mlp").state_dict(),
                                        _use_new_zipfile_serialization=False)[:4000],
                             "mlp", "model_damaged"),
        "truncated TorchScript": (scripted_file("mlp")[:3000], "mlp", "model_damaged"),
        "PNG renamed .pt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "mlp",
                            "model_other_format"),
        "CSV renamed .pt": (b"a,b,label\n1,2,0\n3,4,1\n", "mlp", "model_other_format"),
        "Office zip renamed .pt": (office.getvalue(), "mlp", "model_other_format"),
        "whole pickled model": (torch_save(sample_network("mlp")), "mlp", "model_pickle_code"),
        "a list, not a state dict": (torch_save([torch.zeros(3)]), "mlp",
                                     "model_not_state_dict"),
        "MLP weights for the CNN": (state, "cnn", "state_dict_missing"),
        "MLP weights for the big MLP": (state, "mlp_overparam", "state_dict_shape"),
        "no prunable layer": (jit_save(torch.jit.script(nn.Sequential(nn.Flatten(), nn.ReLU()))),
                              "mlp", "no_prunable_layers"),
        "skip connection": (skip_file(), "mlp", "torchscript_not_a_chain"),
        "too few outputs": (jit_save(torch.jit.script(nn.Sequential(nn.Linear(64, 3)))), "mlp",
                            "too_few_outputs"),
    }


# ---- CSV files ---------------------------------------------------------------------------

def csv_text(header: list[str], rows) -> bytes:
    lines = [",".join(header)] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def digits_csv(rows: int | None = None, scale: float = 1 / 16) -> bytes:
    """scikit-learn's digits as a CSV: 64 pixel columns (scaled) and ``label``."""
    digits = load_digits()
    X, y = digits.data[:rows] * scale, digits.target[:rows]
    return csv_text([f"p{i}" for i in range(64)] + ["label"],
                    ([f"{v:.6g}" for v in row] + [label] for row, label in zip(X, y)))


def mixed_csv(rows: int = 60, seed: int = 0) -> bytes:
    """Two numeric columns, a three-value text column and a text class."""
    rng = np.random.default_rng(seed)
    colours = ("red", "green", "blue")
    body = []
    for index in range(rows):
        a, b = rng.normal(size=2)
        colour = colours[index % 3]
        label = "yes" if a + (colour == "red") > 0.3 else "no"
        body.append([f"{a:.4f}", f"{b:.4f}", colour, label])
    return csv_text(["a", "b", "colour", "label"], body)


def two_class_rows(count: int, cell=lambda row, column: row * (column + 1)):
    return [[cell(row, 0), cell(row, 1), row % 2] for row in range(count)]


def bad_csv_files() -> dict[str, tuple[bytes, str]]:
    """``{case: (file bytes, expected error key)}`` for the trees page's reading."""
    header = ["a", "b", "label"]
    text_cell = lambda row, column: "abc" if (row, column) == (7, 0) else row  # noqa: E731
    nan_cell = lambda row, column: "NaN" if (row, column) == (4, 1) else row  # noqa: E731
    inf_cell = lambda row, column: "inf" if (row, column) == (5, 0) else row  # noqa: E731
    return {
        "empty file": (b"", "empty_file"),
        "blank lines only": (b"\n \n\n", "csv_empty"),
        "header only": (b"a,b,label\n", "csv_no_rows"),
        "one row": (b"a,b,label\n1,2,0\n", "csv_too_few_rows"),
        "one class": (csv_text(header, ([row, row, "cat"] for row in range(30))),
                      "csv_one_class"),
        "text in a numeric column": (csv_text(header, two_class_rows(30, text_cell)),
                                     "csv_text_in_numbers"),
        "NaN": (csv_text(header, two_class_rows(30, nan_cell)), "csv_missing_values"),
        "empty cell": (b"a,b,label\n" + b"".join(
            f"{'' if row == 3 else row},{row},{row % 2}\n".encode() for row in range(30)),
            "csv_missing_values"),
        "inf": (csv_text(header, two_class_rows(30, inf_cell)), "csv_infinite"),
        "hundreds of classes": (csv_text(header, ([row, row % 7, row * 1.5]
                                                  for row in range(400))),
                                "csv_too_many_classes"),
        "duplicate column names": (csv_text(["a", "a", "label"], two_class_rows(30)),
                                   "csv_duplicate_column"),
        "binary renamed .csv": (torch_save({"w": torch.zeros(4)}), "csv_not_text"),
        "row of the wrong length": (csv_text(header, two_class_rows(30)) + b"1,2,3,4\n",
                                    "csv_ragged"),
        "no feature column": (csv_text(["label"], ([row % 2] for row in range(30))),
                              "csv_no_features"),
        "text column of names": (csv_text(["name", "a", "label"], ([f"person{row}", row, row % 2]
                                                                   for row in range(40))),
                                 "csv_too_many_categories"),
    }


def too_large_csv(limit_mb: float) -> bytes:
    """A valid CSV just over ``limit_mb`` megabytes."""
    row = b"0.123456,0.654321,1\n"
    return b"a,b,label\n" + row * (int(limit_mb * 2**20) // len(row) + 2)
