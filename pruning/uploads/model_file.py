"""A user's network file: a TorchScript archive or a state dict, never a pickle that runs.

Only two loaders ever see the bytes: ``torch.jit.load`` (a TorchScript archive: code
compiled by TorchScript and tensors, read by C++; no Python object is unpickled) and
``torch.load(..., weights_only=True)`` (a state dict: torch's restricted unpickler
rebuilds tensors and refuses every other global). Before that, the file's kind is
recognised from its first bytes and, for pickles, from the globals it names
(:mod:`pruning.uploads.pickle_scan`, which runs nothing), so each refusal says why.
"""
from __future__ import annotations

import io
import pickle
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

import torch
from torch import nn

from pruning.i18n import t
from pruning.models import SPECS, build_model
from pruning.uploads.errors import UploadError
from pruning.uploads.limits import UploadLimits, upload_limits
from pruning.uploads.pickle_scan import scan_pickles

ZIP_MAGIC = b"PK\x03\x04"
UNPACKED_PER_PACKED = 4  # an archive may unpack to this many times the file-size limit
CHECKPOINT_KEYS = ("state_dict", "model_state_dict", "model")  # common checkpoint layouts
KNOWN_FORMATS = {  # first bytes of files people rename by mistake -> uploads.formats.<key>
    b"\x89PNG": "png", b"%PDF": "pdf", b"\xff\xd8\xff": "jpeg", b"GIF8": "gif",
    b"\x1f\x8b": "gzip", b"\x93NUMPY": "numpy", b"\x89HDF": "hdf5", b"<": "markup",
    b"{": "json",
}


@dataclass(frozen=True, eq=False)
class ModelFile:
    """A loaded network file.

    Attributes
    ----------
    kind : {"torchscript", "state_dict"}
    scripted : torch.jit.ScriptModule or None
        The TorchScript module (``kind == "torchscript"``), in eval mode.
    state_dict : dict of str to Tensor or None
        The weights (``kind == "state_dict"``).
    """

    kind: str
    scripted: torch.jit.ScriptModule | None = None
    state_dict: dict[str, torch.Tensor] | None = None


def _allowed_globals() -> frozenset[str]:
    """Globals torch's weights-only unpickler accepts (its own list)."""
    try:
        from torch._weights_only_unpickler import _get_allowed_globals
        return frozenset(_get_allowed_globals())
    except (ImportError, AttributeError):  # another torch: fall back to the essentials
        return frozenset({"collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
                          "torch._utils._rebuild_parameter", "torch.FloatStorage"})


def _refuse_code(pickled: bytes, file_name: str) -> None:
    """Refuse a pickle naming globals torch would not rebuild (they could run code)."""
    scan = scan_pickles(pickled)
    allowed = _allowed_globals()
    foreign = [name for name in scan.globals if name not in allowed]
    if foreign:
        raise UploadError("model_pickle_code", name=file_name, example=foreign[0][:80])
    if scan.damaged:
        raise UploadError("model_damaged", name=file_name)


def _format_of(data: bytes) -> str:
    """What a file that is not a PyTorch file looks like (a catalogue key)."""
    for magic, name in KNOWN_FORMATS.items():
        if data.lstrip()[:len(magic)] == magic:
            return name
    if all(32 <= byte < 127 or byte in (9, 10, 13) for byte in data[:512]):
        return "text"
    return "unknown"


def _other_format(file_name: str, kind: str) -> UploadError:
    return UploadError("model_other_format", name=file_name,
                       format=lambda language: t(f"uploads.formats.{kind}", language))


def _load_weights(data: bytes, file_name: str) -> dict:
    try:
        loaded = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError:
        raise UploadError("model_damaged", name=file_name) from None
    except (RuntimeError, EOFError, ValueError, OSError, IndexError, KeyError):
        raise UploadError("model_damaged", name=file_name) from None
    return _as_state_dict(loaded, file_name)


def _as_state_dict(loaded: object, file_name: str) -> dict[str, torch.Tensor]:
    if isinstance(loaded, Mapping):
        for key in CHECKPOINT_KEYS:  # {"state_dict": {...}, "epoch": 3, ...}
            inner = loaded.get(key)
            if isinstance(inner, Mapping) and inner and all(
                    isinstance(v, torch.Tensor) for v in inner.values()):
                loaded = inner
                break
    if (not isinstance(loaded, Mapping) or not loaded
            or not all(isinstance(k, str) and isinstance(v, torch.Tensor)
                       for k, v in loaded.items())):
        raise UploadError("model_not_state_dict", name=file_name, found=type(loaded).__name__)
    return {key.removeprefix("module."): value for key, value in loaded.items()}


def read_model_file(data: bytes, file_name: str = "model.pt",
                    limits: UploadLimits | None = None) -> ModelFile:
    """Load an uploaded network file without ever running code it may hold.

    Parameters
    ----------
    data : bytes
        A TorchScript archive (``torch.jit.save``) or a state dict (``torch.save`` of
        ``model.state_dict()``, zip or legacy format, possibly inside a checkpoint
        dict under ``"state_dict"`` / ``"model_state_dict"``).
    file_name : str
    limits : UploadLimits, optional

    Returns
    -------
    ModelFile

    Raises
    ------
    UploadError
        Empty, too large, another format, a pickle naming code, damaged or truncated,
        not a state dict.
    """
    limits = limits or upload_limits()
    if not data:
        raise UploadError("empty_file", name=file_name)
    if len(data) > limits.max_file_bytes:
        raise UploadError("file_too_large", name=file_name, size=len(data) / 2**20,
                          limit=limits.max_file_mb)
    if data.startswith(ZIP_MAGIC):
        return _read_archive(data, file_name, limits)
    scan = scan_pickles(data)
    if scan.pickles == 0 and scan.damaged and not scan.globals:
        if data[:1] == b"\x80":  # starts like a pickle, stops making sense: cut short
            raise UploadError("model_damaged", name=file_name)
        raise _other_format(file_name, _format_of(data))
    _refuse_code(data, file_name)
    return ModelFile("state_dict", state_dict=_load_weights(data, file_name))


def _read_archive(data: bytes, file_name: str, limits: UploadLimits) -> ModelFile:
    most = UNPACKED_PER_PACKED * limits.max_file_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(entry.file_size for entry in archive.infolist())
            pickle_name = next((name for name in names if name.endswith("/data.pkl")), None)
            pickled = (archive.read(pickle_name)
                       if pickle_name is not None and unpacked <= most else None)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise UploadError("model_damaged", name=file_name) from None  # e.g. truncated
    if unpacked > most:  # a zip bomb: refused before anything is unpacked
        raise UploadError("file_too_large", name=file_name, size=unpacked / 2**20,
                          limit=most / 2**20)
    if any("/code/" in name for name in names):
        return ModelFile("torchscript", scripted=_load_torchscript(data, file_name))
    if pickled is None:
        raise _other_format(file_name, "zip")
    _refuse_code(pickled, file_name)
    return ModelFile("state_dict", state_dict=_load_weights(data, file_name))


def _load_torchscript(data: bytes, file_name: str) -> torch.jit.ScriptModule:
    try:
        scripted = torch.jit.load(io.BytesIO(data), map_location="cpu")
    except Exception:  # noqa: BLE001 - the C++ loader raises RuntimeError and others
        raise UploadError("model_damaged", name=file_name) from None
    return scripted.eval()


def state_dict_model(state: dict[str, torch.Tensor], architecture: str) -> nn.Module:
    """A sample architecture with ``state`` loaded, after checking every name and shape.

    Raises
    ------
    UploadError
        Unknown architecture, or a weight missing, extra or of another shape (the
        first one is named), or weights that are not finite.
    """
    if architecture not in SPECS:
        raise UploadError("unknown_architecture", architecture=str(architecture)[:40],
                          choices=", ".join(SPECS))
    model = build_model(SPECS[architecture])
    expected = model.state_dict()
    for name, tensor in expected.items():
        if name not in state:
            raise UploadError("state_dict_missing", architecture=architecture, name=name,
                              count=len(set(expected) - set(state)))
        if tuple(state[name].shape) != tuple(tensor.shape):
            raise UploadError("state_dict_shape", architecture=architecture, name=name,
                              found=tuple(state[name].shape), expected=tuple(tensor.shape))
    extra = sorted(set(state) - set(expected))
    if extra:
        raise UploadError("state_dict_extra", architecture=architecture, name=extra[0],
                          count=len(extra))
    for name, tensor in state.items():
        if tensor.is_floating_point() and not torch.isfinite(tensor).all():
            raise UploadError("weights_not_finite", name=name)
    model.load_state_dict({name: tensor.to(expected[name].dtype)
                           for name, tensor in state.items()})
    return model.eval()
