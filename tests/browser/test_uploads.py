"""Uploads in a real browser: the forms, the pickers, the messages, two sessions.

Files go through Streamlit's own uploader (Playwright's ``set_input_files``), so this
covers what AppTest cannot: the upload request, the browser's size check, and the
page redrawn after the rerun.
"""
from __future__ import annotations

import json
import re

import pytest

from pruning.i18n import t
from pruning.uploads import DataChoice, UploadError, csv_dataset, upload_source
from tests.browser.conftest import (ERROR, assert_diagrams, assert_no_exception,
                                    assert_plotly_charts, metric_value, open_page,
                                    press_and_wait_for_change, selectbox_value, slider_thumb,
                                    wait_idle)
from tests.upload_files import (bad_csv_files, code_pickle_files, mixed_csv, scripted_file,
                                state_dict_file)

pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit:DeprecationWarning")


def label(key: str, **values) -> str:
    return t(key, "en", **values)


def open_form(page, expander_key: str) -> None:
    page.locator("[data-testid=stExpander] summary").filter(
        has_text=label(expander_key)).click()


def upload(page, uploader_label: str, name: str, data: bytes, mime: str) -> None:
    """Choose a file in the uploader labelled ``uploader_label`` and wait for the rerun."""
    uploader = page.locator("[data-testid=stFileUploader]").filter(has_text=uploader_label)
    uploader.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}])
    uploader.locator("[data-testid=stFileChipName]").filter(has_text=name).first.wait_for()
    page.wait_for_timeout(300)
    wait_idle(page)


def click_button(page, text: str) -> None:
    page.get_by_role("button", name=text).click()
    page.wait_for_timeout(300)
    wait_idle(page)


def choose_radio(page, text: str) -> None:
    page.locator("[data-testid=stRadioOption]").filter(
        has_text=re.compile(rf"^{re.escape(text)}$")).click()
    page.wait_for_timeout(300)
    wait_idle(page)


def error_texts(page) -> list[str]:
    """Texts of the ``st.error`` messages (without their icon's name)."""
    texts = page.locator(ERROR).locator("[data-testid=stMarkdownContainer]")
    return [text.strip() for text in texts.all_inner_texts()]


def add_network(page, name: str, data: bytes) -> None:
    open_form(page, "uploads.networks.expander")
    upload(page, label("uploads.networks.model_file"), name, data, "application/octet-stream")
    choose_radio(page, label("uploads.networks.data_source_bundled"))  # digits: the default
    click_button(page, label("uploads.networks.add"))


def test_an_uploaded_network_is_picked_measured_and_pruned(page, app_url):
    open_page(page, f"{app_url}/networks")
    add_network(page, "my_cnn.pt", scripted_file("cnn"))
    assert error_texts(page) == []
    assert_no_exception(page)
    assert selectbox_value(page, label("networks_page.model")) == label(
        "uploads.networks.model_label", name="my_cnn.pt")
    source = upload_source(scripted_file("cnn"), "my_cnn.pt", DataChoice(dataset="digits"))
    assert f"model={source.key}" in page.url
    sparsity = slider_thumb(page, label("networks_page.sparsity.label_weights"))
    params = metric_value(page, label("networks_page.metrics.params"))
    before, after = press_and_wait_for_change(page, sparsity, "ArrowRight", params)
    assert int(after.replace(",", "")) < int(before.replace(",", ""))
    assert_plotly_charts(page, 1)
    assert error_texts(page) == []


def test_a_pickle_that_would_run_code_is_refused_in_the_page(page, app_url, tmp_path):
    marker = tmp_path / "pwned"
    data = code_pickle_files(marker)["torch.save of a state dict with a payload"]
    with pytest.raises(UploadError) as caught:
        upload_source(data, "weights.pt", DataChoice(dataset="digits"), "mlp")
    open_page(page, f"{app_url}/networks")
    add_network(page, "weights.pt", data)
    assert error_texts(page) == [caught.value.message("en")]
    assert not marker.exists()
    assert_no_exception(page)
    assert selectbox_value(page, label("networks_page.model")) == label("sample_model.mlp")
    assert metric_value(page, label("networks_page.metrics.params")).inner_text()


def test_a_state_dict_for_the_wrong_architecture_is_explained(page, app_url):
    open_page(page, f"{app_url}/networks")
    open_form(page, "uploads.networks.expander")
    upload(page, label("uploads.networks.model_file"), "weights.pt", state_dict_file("mlp"),
           "application/octet-stream")
    click_button(page, label("uploads.networks.add"))  # architecture: MLP, sample data
    assert error_texts(page) == []
    assert selectbox_value(page, label("networks_page.model")) == label(
        "uploads.networks.model_label", name="weights.pt")
    combobox = page.locator("[data-testid=stSelectbox]").get_by_role(
        "combobox", name=label("uploads.networks.architecture"), exact=True)
    combobox.click()
    page.get_by_role("option", name=label("sample_model.cnn")).click()
    wait_idle(page)
    click_button(page, label("uploads.networks.add"))
    [message] = error_texts(page)
    assert message.startswith("This state dict does not fit the cnn architecture")


def test_an_uploaded_csv_grows_and_prunes_a_tree(page, app_url):
    open_page(page, f"{app_url}/trees")
    open_form(page, "uploads.trees.expander")
    upload(page, label("uploads.trees.csv_file"), "mixed.csv", mixed_csv(), "text/csv")
    click_button(page, label("uploads.trees.add"))
    assert error_texts(page) == []
    assert_no_exception(page)
    assert selectbox_value(page, label("trees_page.dataset")) == label(
        "uploads.trees.dataset_label", name="mixed.csv")
    assert_diagrams(page, 2)
    dataset = csv_dataset(mixed_csv(), "mixed.csv").dataset
    assert f"dataset={dataset.name}" in page.url
    svg = page.locator("[data-testid=stImage] img").first.get_attribute("src")
    assert svg  # the diagram is drawn from the uploaded columns (one-hot names included)


@pytest.mark.parametrize("case", ["one class", "text in a numeric column",
                                  "duplicate column names", "hundreds of classes"])
def test_a_bad_csv_gets_its_message_and_the_page_keeps_working(page, app_url, case):
    data, _ = bad_csv_files()[case]
    with pytest.raises(UploadError) as caught:
        csv_dataset(data, "bad.csv")
    open_page(page, f"{app_url}/trees")
    open_form(page, "uploads.trees.expander")
    upload(page, label("uploads.trees.csv_file"), "bad.csv", data, "text/csv")
    click_button(page, label("uploads.trees.add"))
    assert error_texts(page) == [caught.value.message("en")]
    assert_no_exception(page)
    assert selectbox_value(page, label("trees_page.dataset")) == label(
        "data.dataset.breast_cancer")
    assert_diagrams(page, 2)


def test_one_sessions_upload_is_not_in_another_session(browser, page, app_url):
    open_page(page, f"{app_url}/trees")
    open_form(page, "uploads.trees.expander")
    upload(page, label("uploads.trees.csv_file"), "private.csv", mixed_csv(seed=5), "text/csv")
    click_button(page, label("uploads.trees.add"))
    shared_link = page.url
    assert "dataset=upload_" in shared_link
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    try:
        open_page(other, shared_link)
        assert selectbox_value(other, label("trees_page.dataset")) == label(
            "data.dataset.breast_cancer")
        warnings = other.locator("[data-testid=stAlertContentWarning]").all_inner_texts()
        key = re.search(r"dataset=(upload_\w+)", shared_link).group(1)
        assert any(key in text for text in warnings), warnings
        combobox = other.locator("[data-testid=stSelectbox]").get_by_role(
            "combobox", name=label("trees_page.dataset"), exact=True)
        combobox.click()
        options = other.get_by_role("option").all_inner_texts()
        assert not any("private.csv" in option for option in options), json.dumps(options)
    finally:
        other.context.close()
