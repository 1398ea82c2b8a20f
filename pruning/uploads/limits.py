"""Upload limits: read from the app's settings, checked in code (pages and CLI alike).

The file-size limit is Streamlit's own ``server.maxUploadSize`` in
``.streamlit/config.toml`` (the browser refuses bigger files before they are sent);
the backend checks it again, since the command line has no browser. The other limits
live beside it in ``.streamlit/upload_limits.toml``: Streamlit logs a warning for every
option it does not know in its own ``config.toml``, so they cannot go there.
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

SETTINGS_DIR = Path(__file__).resolve().parents[2] / ".streamlit"
STREAMLIT_CONFIG = SETTINGS_DIR / "config.toml"
LIMITS_FILE = SETTINGS_DIR / "upload_limits.toml"
STREAMLIT_DEFAULT_UPLOAD_MB = 200  # Streamlit's default when config.toml sets none


@dataclass(frozen=True)
class UploadLimits:
    """What an upload may hold.

    Attributes
    ----------
    max_file_mb : float
        Largest file, in megabytes (Streamlit's ``server.maxUploadSize``: 1 MB = 2**20 bytes).
    max_rows : int
        Rows of a CSV used; a longer file is sampled down to this many (with a notice).
    min_rows : int
        Fewest data rows a CSV must have.
    max_columns : int
        Most columns of a CSV (after one-hot encoding its text columns).
    max_classes : int
        Most distinct values of the target column.
    max_categories : int
        Most distinct values of a text column that is one-hot encoded.
    max_parameters : int
        Most parameters of an uploaded network.
    max_models, max_datasets : int
        Uploads kept per session (the oldest goes first).
    """

    max_file_mb: float = 20.0
    max_rows: int = 10_000
    min_rows: int = 10
    max_columns: int = 100
    max_classes: int = 50
    max_categories: int = 20
    max_parameters: int = 2_000_000
    max_models: int = 3
    max_datasets: int = 3

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 2**20)


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}


def read_limits(config: Path = STREAMLIT_CONFIG, limits_file: Path = LIMITS_FILE) -> UploadLimits:
    """The limits set in ``config`` (file size) and ``limits_file`` (the rest).

    A limit not set in either file keeps its default (:class:`UploadLimits`).
    """
    size = _read(config).get("server", {}).get("maxUploadSize", STREAMLIT_DEFAULT_UPLOAD_MB)
    known = {field.name for field in fields(UploadLimits)}
    table = _read(limits_file).get("uploads", {})
    unknown = set(table) - known
    if unknown:
        raise ValueError(f"{limits_file}: unknown upload limits {sorted(unknown)}")
    return replace(UploadLimits(max_file_mb=float(size)), **table)


@functools.cache
def upload_limits() -> UploadLimits:
    """The app's limits, read once per process."""
    return read_limits()
