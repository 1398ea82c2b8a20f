"""A user's CSV: read safely, checked cell by cell, turned into a :class:`Dataset`.

Reading keeps every cell as text, so a check can name the column, the line and the
value that is wrong. Turning the table into a data set is where columns become
numbers: numeric columns as they are, text columns one-hot encoded (trees) or refused
(networks, whose inputs must already be numbers), the target into class indices.
Every refusal is an :class:`UploadError` with a one-line message.
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pruning.data import Dataset
from pruning.uploads.errors import UploadError
from pruning.uploads.limits import UploadLimits, upload_limits
from pruning.uploads.notices import Notice

DELIMITERS = ",;\t"
SNIFF_BYTES = 64 * 1024
SAMPLE_SEED = 0
MISSING = frozenset({"", "na", "nan", "n/a", "null", "none", "?"})
TEXT_COLUMNS = ("one_hot", "refuse")
LABELS = ("names", "indices")
FLOAT32_MAX = float(np.finfo(np.float32).max)
TARGET_NAMES = ("label", "target", "class", "y")


@dataclass(frozen=True, eq=False)
class CsvTable:
    """A CSV as text cells (sampled down to ``max_rows`` rows if it was longer).

    Attributes
    ----------
    file_name : str
    digest : str
        SHA-256 of the file's bytes.
    cells : DataFrame
        One column per header name, every cell a stripped string; the index is the
        line number of the row in the file.
    rows_in_file : int
    notices : tuple of Notice
    """

    file_name: str
    digest: str
    cells: pd.DataFrame
    rows_in_file: int
    notices: tuple[Notice, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.cells.columns)

    def default_target(self) -> str:
        """See :func:`default_target`."""
        return default_target(self.columns)


def default_target(columns: tuple[str, ...] | list[str]) -> str:
    """A column named like a label (``label``, ``target``, ``class``, ``y``), else the last."""
    by_name = {column.strip().lower(): column for column in columns}
    for name in TARGET_NAMES:
        if name in by_name:
            return by_name[name]
    return columns[-1]


def csv_header(data: bytes) -> list[str]:
    """The column names of a CSV from its first line only (cheap; for a column picker).

    Empty when there is no readable header; :func:`read_csv_table` says why.
    """
    try:
        text = _text(data)  # the whole file decides its encoding, as when it is read
    except UploadError:
        return []
    head = text[:SNIFF_BYTES]
    for record in csv.reader(io.StringIO(head), delimiter=_delimiter(head)):
        if any(cell.strip() for cell in record):
            return list(dict.fromkeys(cell.strip() for cell in record))
        # blank lines before the header are skipped, as read_csv_table does
    return []


def _text(data: bytes) -> str:
    if b"\x00" in data[:SNIFF_BYTES]:
        raise UploadError("csv_not_text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # spreadsheets on Windows often save cp1252 / latin-1


def _delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:SNIFF_BYTES], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","  # one column, or nothing to tell the delimiter by


def _rows(text: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, data rows and each row's line number; blank lines skipped."""
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    header: list[str] | None = None
    rows, lines = [], []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = [cell.strip() for cell in record]
                continue
            if len(record) != len(header):
                raise UploadError("csv_ragged", line=reader.line_num, found=len(record),
                                  expected=len(header))
            rows.append([cell.strip() for cell in record])
            lines.append(reader.line_num)
    except csv.Error as error:
        raise UploadError("csv_unreadable", line=reader.line_num, reason=error) from None
    if header is None:
        raise UploadError("csv_empty")
    return header, rows, lines


def read_csv_table(data: bytes, file_name: str = "data.csv",
                   limits: UploadLimits | None = None) -> CsvTable:
    """Read a CSV upload into text cells, checking its size, header and shape.

    Parameters
    ----------
    data : bytes
        The file as uploaded (comma, semicolon or tab separated; UTF-8 or Latin-1).
    file_name : str
    limits : UploadLimits, optional
        Default: the app's (:func:`pruning.uploads.limits.upload_limits`).

    Returns
    -------
    CsvTable
        Sampled down to ``limits.max_rows`` rows (seeded) with a notice if longer.

    Raises
    ------
    UploadError
        Empty or too large a file, not text, no header or no rows, duplicate column
        names, rows of the wrong length, too many columns, too few rows.
    """
    limits = limits or upload_limits()
    if not data:
        raise UploadError("empty_file", name=file_name)
    if len(data) > limits.max_file_bytes:
        raise UploadError("file_too_large", name=file_name, size=len(data) / 2**20,
                          limit=limits.max_file_mb)
    header, rows, lines = _rows(_text(data))
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise UploadError("csv_duplicate_column", column=name)
        seen.add(name)
    if len(header) > limits.max_columns + 1:  # + the target
        raise UploadError("csv_too_many_columns", columns=len(header),
                          limit=limits.max_columns + 1)
    if not rows:
        raise UploadError("csv_no_rows")
    if len(rows) < limits.min_rows:
        raise UploadError("csv_too_few_rows", rows=len(rows), minimum=limits.min_rows)
    rows_in_file = len(rows)
    notices: tuple[Notice, ...] = ()
    if rows_in_file > limits.max_rows:
        keep = np.sort(np.random.default_rng(SAMPLE_SEED).choice(
            rows_in_file, limits.max_rows, replace=False))
        notices = (Notice("sampled", {"rows": rows_in_file, "kept": limits.max_rows}),)
        rows, lines = [rows[i] for i in keep], [lines[i] for i in keep]
    cells = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line"), dtype=str)
    return CsvTable(file_name, hashlib.sha256(data).hexdigest(), cells, rows_in_file, notices)


# ---- cells -> numbers ------------------------------------------------------------------

def _first(cells: pd.Series, where: np.ndarray) -> tuple[int, str]:
    """Line number and value of the first cell where ``where`` holds."""
    position = int(np.flatnonzero(where)[0])
    return int(cells.index[position]), cells.iloc[position]


def _numbers(column: str, cells: pd.Series) -> np.ndarray | None:
    """The column as float32, or ``None`` when it is a text column.

    Raises when a cell is missing, infinite or beyond float32, or when a column of
    numbers holds some text.
    """
    missing = cells.str.lower().isin(MISSING).to_numpy()
    if missing.any():
        line, _ = _first(cells, missing)
        raise UploadError("csv_missing_values", column=column, count=int(missing.sum()),
                          line=line)
    values = pd.to_numeric(cells, errors="coerce").to_numpy(dtype=np.float64)
    text = np.isnan(values)
    if text.all():
        return None
    if text.any():
        if text.mean() < 0.5:  # mostly numbers: the text is a mistake
            line, value = _first(cells, text)
            raise UploadError("csv_text_in_numbers", column=column, line=line,
                              value=value[:40], count=int(text.sum()))
        return None
    huge = ~(np.abs(values) <= FLOAT32_MAX)
    if huge.any():
        line, value = _first(cells, huge)
        raise UploadError("csv_infinite", column=column, line=line, value=value[:40])
    return values.astype(np.float32)


def _one_hot(column: str, cells: pd.Series, limits: UploadLimits) -> tuple[np.ndarray, list[str]]:
    categories = sorted(cells.unique())
    if len(categories) > limits.max_categories:
        raise UploadError("csv_too_many_categories", column=column, count=len(categories),
                          limit=limits.max_categories)
    encoded = np.stack([(cells == value).to_numpy() for value in categories], axis=1)
    return encoded.astype(np.float32), [f"{column}={value}" for value in categories]


def _labels(target: str, cells: pd.Series, labels: str,
            limits: UploadLimits) -> tuple[np.ndarray, tuple[str, ...]]:
    missing = cells.str.lower().isin(MISSING).to_numpy()
    if missing.any():
        line, _ = _first(cells, missing)
        raise UploadError("csv_target_missing", column=target, count=int(missing.sum()),
                          line=line)
    distinct = cells.unique()
    if len(distinct) < 2:
        raise UploadError("csv_one_class", column=target, value=str(distinct[0])[:40])
    if len(distinct) > limits.max_classes:
        raise UploadError("csv_too_many_classes", column=target, count=len(distinct),
                          limit=limits.max_classes)
    numbers = pd.to_numeric(cells, errors="coerce").to_numpy(dtype=np.float64)
    if labels == "indices":
        bad = np.isnan(numbers) | (numbers < 0) | (np.mod(numbers, 1) != 0)
        if bad.any():
            line, value = _first(cells, bad)
            raise UploadError("csv_labels_not_indices", column=target, line=line,
                              value=value[:40])
        y = numbers.astype(np.int64)
        return y, tuple(str(index) for index in range(int(y.max()) + 1))
    if not np.isnan(numbers).any():  # numeric labels: in numeric order, as written
        order = sorted(distinct, key=lambda value: float(value))
    else:
        order = sorted(distinct)
    index = {value: position for position, value in enumerate(order)}
    return cells.map(index).to_numpy(dtype=np.int64), tuple(order)


def table_dataset(table: CsvTable, target: str, *, text_columns: str = "one_hot",
                  labels: str = "names", limits: UploadLimits | None = None) -> Dataset:
    """Turn a CSV table into a :class:`~pruning.data.Dataset` to split and learn from.

    Parameters
    ----------
    table : CsvTable
    target : str
        The column holding the class of each row.
    text_columns : {"one_hot", "refuse"}
        What to do with a feature column of text: one 0/1 column per value (up to
        ``limits.max_categories`` values), or refuse the file.
    labels : {"names", "indices"}
        ``"names"``: any values, numbered in sorted order. ``"indices"``: whole numbers
        from 0, used as they are (the output index of a network).
    limits : UploadLimits, optional

    Returns
    -------
    Dataset
        Named ``upload_<digest>`` (the digest covers the file and these choices).

    Raises
    ------
    UploadError
        Unknown target, missing / infinite / text-in-number cells, a text column
        refused or with too many values, one class or too many, no feature left.
    """
    limits = limits or upload_limits()
    if text_columns not in TEXT_COLUMNS or labels not in LABELS:
        raise ValueError(f"text_columns must be one of {TEXT_COLUMNS}, labels one of {LABELS}")
    if target not in table.columns:
        raise UploadError("csv_unknown_target", column=str(target)[:60],
                          choices=", ".join(table.columns)[:300])
    y, class_names = _labels(target, table.cells[target], labels, limits)
    blocks, names = [], []
    for column in table.columns:
        if column == target:
            continue
        cells = table.cells[column]
        numbers = _numbers(column, cells)
        if numbers is not None:
            blocks.append(numbers[:, None])
            names.append(column)
        elif text_columns == "refuse":
            line, value = _first(cells, pd.to_numeric(cells, errors="coerce").isna().to_numpy())
            raise UploadError("csv_text_column", column=column, line=line, value=value[:40])
        else:
            encoded, encoded_names = _one_hot(column, cells, limits)
            blocks.append(encoded)
            names += encoded_names
    if not names:
        raise UploadError("csv_no_features", column=target)
    if len(names) > limits.max_columns:
        raise UploadError("csv_too_many_features", count=len(names), limit=limits.max_columns)
    digest = hashlib.sha256(f"{table.digest}|{target}|{text_columns}|{labels}".encode())
    return Dataset(name=f"upload_{digest.hexdigest()[:12]}", X=np.hstack(blocks), y=y,
                   feature_names=tuple(names), class_names=class_names)


@dataclass(frozen=True, eq=False)
class CsvUpload:
    """A CSV turned into a data set for decision trees, with what to tell the user."""

    dataset: Dataset
    file_name: str
    target: str
    rows_in_file: int
    notices: tuple[Notice, ...] = ()


def csv_dataset(data: bytes, file_name: str = "data.csv", target: str | None = None,
                limits: UploadLimits | None = None) -> CsvUpload:
    """Read a CSV and make a tree data set of it: text columns one-hot encoded, any labels.

    ``target`` defaults to :meth:`CsvTable.default_target`. Raises :class:`UploadError`.
    """
    limits = limits or upload_limits()
    table = read_csv_table(data, file_name, limits)
    target = table.default_target() if target is None else target
    dataset = table_dataset(table, target, text_columns="one_hot", labels="names",
                            limits=limits)
    return CsvUpload(dataset, file_name, target, table.rows_in_file, table.notices)
