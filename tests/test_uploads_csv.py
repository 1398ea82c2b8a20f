"""Uploaded CSVs: every bad file gets its one-line message; good ones become data sets
that match what pandas / NumPy make of the same table."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from pruning.i18n import languages
from pruning.uploads import UploadError, csv_dataset
from pruning.uploads.csv_table import csv_header, read_csv_table, table_dataset
from pruning.uploads.limits import UploadLimits, read_limits, upload_limits
from tests.upload_files import bad_csv_files, csv_text, mixed_csv, too_large_csv


def refusal(data: bytes, limits: UploadLimits | None = None) -> UploadError:
    with pytest.raises(UploadError) as caught:
        csv_dataset(data, "data.csv", limits=limits)
    return caught.value


@pytest.mark.parametrize("case", list(bad_csv_files()))
def test_each_bad_csv_gets_its_one_line_message(case):
    data, key = bad_csv_files()[case]
    error = refusal(data)
    assert error.key == f"uploads.errors.{key}", (case, str(error))
    for language in languages():
        message = error.message(language)
        assert message and "\n" not in message and "{" not in message


def test_messages_name_the_column_the_line_and_the_value():
    error = refusal(bad_csv_files()["text in a numeric column"][0])
    assert "'a'" in str(error) and "line 9" in str(error) and "'abc'" in str(error)
    error = refusal(bad_csv_files()["NaN"][0])
    assert "'b'" in str(error) and "line 6" in str(error)
    error = refusal(bad_csv_files()["hundreds of classes"][0])
    assert "400" in str(error) and str(upload_limits().max_classes) in str(error)


def test_a_file_over_the_size_limit_is_refused():
    limits = UploadLimits(max_file_mb=0.01)
    error = refusal(too_large_csv(0.01), limits)
    assert error.key == "uploads.errors.file_too_large" and "0.01 MB" in str(error)


def test_a_long_csv_is_sampled_to_the_row_limit_with_a_notice():
    rows = [[i, (i * 7) % 13, i % 3] for i in range(500)]
    upload = csv_dataset(csv_text(["a", "b", "label"], rows), limits=UploadLimits(max_rows=120))
    assert len(upload.dataset.y) == 120 and upload.rows_in_file == 500
    assert [notice.key for notice in upload.notices] == ["sampled"]
    assert "500" in upload.notices[0].message() and "120" in upload.notices[0].message("es")
    kept = upload.dataset.X[:, 0].astype(int)
    assert len(set(kept)) == 120 and list(kept) == sorted(kept)  # distinct rows, file order
    again = csv_dataset(csv_text(["a", "b", "label"], rows), limits=UploadLimits(max_rows=120))
    assert np.array_equal(again.dataset.X, upload.dataset.X)  # the same sample every time


def test_numeric_columns_are_used_as_written_and_text_columns_one_hot_encoded():
    data = mixed_csv()
    upload = csv_dataset(data, "mixed.csv")
    frame = pd.read_csv(io.BytesIO(data))
    expected = pd.get_dummies(frame.drop(columns="label"), columns=["colour"], prefix_sep="=",
                              dtype=np.float32)
    dataset = upload.dataset
    assert dataset.feature_names == tuple(expected.columns)
    assert np.allclose(dataset.X, expected.to_numpy(dtype=np.float32))
    assert dataset.class_names == ("no", "yes")
    assert np.array_equal(dataset.y, (frame["label"] == "yes").to_numpy().astype(int))
    assert upload.target == "label" and dataset.name.startswith("upload_")


def test_numeric_class_labels_are_ordered_as_numbers():
    rows = [[i, ("10", "9", "100")[i % 3]] for i in range(30)]
    dataset = csv_dataset(csv_text(["a", "y"], rows)).dataset
    assert dataset.class_names == ("9", "10", "100")
    assert [dataset.class_names[k] for k in dataset.y[:3]] == ["10", "9", "100"]


def test_the_target_can_be_any_column_and_an_unknown_one_is_named():
    data = mixed_csv()
    upload = csv_dataset(data, target="colour")
    assert upload.dataset.class_names == ("blue", "green", "red")
    assert "label=no" in upload.dataset.feature_names
    error = refusal_target(data, "price")
    assert error.key == "uploads.errors.csv_unknown_target" and "colour" in str(error)


def refusal_target(data: bytes, target: str) -> UploadError:
    with pytest.raises(UploadError) as caught:
        csv_dataset(data, target=target)
    return caught.value


def test_semicolons_tabs_and_latin1_are_read():
    rows = [[i, i % 4, "sí" if i % 2 else "no"] for i in range(20)]
    for delimiter in (";", "\t"):
        text = "\n".join(delimiter.join(map(str, row)) for row in [["a", "b", "clase"], *rows])
        upload = csv_dataset(text.encode("latin-1"))
        assert upload.dataset.class_names == ("no", "sí") and upload.dataset.X.shape == (20, 2)


def test_different_content_or_target_gives_a_different_name():
    data = mixed_csv()
    assert csv_dataset(data).dataset.name == csv_dataset(data).dataset.name
    assert csv_dataset(data).dataset.name != csv_dataset(mixed_csv(seed=1)).dataset.name
    assert csv_dataset(data).dataset.name != csv_dataset(data, target="colour").dataset.name


def test_the_header_is_read_cheaply_for_the_column_picker():
    assert csv_header(mixed_csv()) == ["a", "b", "colour", "label"]
    assert csv_header(b"") == [] and csv_header(b"\x00\x01binary") == []
    assert read_csv_table(mixed_csv()).default_target() == "label"
    assert read_csv_table(csv_text(["x", "z"], [[i, i % 2] for i in range(20)])
                          ).default_target() == "z"


def test_networks_refuse_text_columns_and_need_class_numbers():
    table = read_csv_table(mixed_csv())
    with pytest.raises(UploadError) as caught:
        table_dataset(table, "label", text_columns="refuse", labels="indices")
    assert caught.value.key == "uploads.errors.csv_labels_not_indices"
    numbered = read_csv_table(csv_text(["a", "colour", "label"],
                                       [[i, "rgb"[i % 3], i % 2] for i in range(20)]))
    with pytest.raises(UploadError) as caught:
        table_dataset(numbered, "label", text_columns="refuse", labels="indices")
    assert caught.value.key == "uploads.errors.csv_text_column"
    assert "'colour'" in str(caught.value) and "line 2" in str(caught.value)


# ---- limits ------------------------------------------------------------------------------

def test_limits_come_from_the_streamlit_config_and_the_limits_file(tmp_path):
    config, limits_file = tmp_path / "config.toml", tmp_path / "upload_limits.toml"
    config.write_text("[server]\nmaxUploadSize = 7\n")
    limits_file.write_text("[uploads]\nmax_rows = 123\nmax_classes = 4\n")
    limits = read_limits(config, limits_file)
    assert limits.max_file_mb == 7 and limits.max_file_bytes == 7 * 2**20
    assert limits.max_rows == 123 and limits.max_classes == 4
    assert limits.min_rows == UploadLimits().min_rows  # not set: the default
    limits_file.write_text("[uploads]\nmax_rowz = 1\n")
    with pytest.raises(ValueError, match="max_rowz"):
        read_limits(config, limits_file)


def test_the_apps_limits_are_the_shipped_files():
    import tomllib

    from pruning.uploads.limits import LIMITS_FILE, STREAMLIT_CONFIG
    shipped = tomllib.loads(LIMITS_FILE.read_text())["uploads"]
    limits = upload_limits()
    assert limits.max_file_mb == tomllib.loads(STREAMLIT_CONFIG.read_text())["server"][
        "maxUploadSize"]
    assert all(getattr(limits, name) == value for name, value in shipped.items())


def test_a_class_limit_is_checked():
    rows = [[i, i % 5] for i in range(30)]
    error = refusal(csv_text(["a", "label"], rows), UploadLimits(max_classes=4))
    assert error.key == "uploads.errors.csv_too_many_classes"
