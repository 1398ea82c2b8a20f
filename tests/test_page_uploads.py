"""Uploads on the pages, headless: the forms, the pickers, the messages, the sessions.

Numbers shown for an upload are compared with the backend run on the same upload;
every bad file shows exactly the backend's one-line message while the rest of the
page keeps working; one session's upload never reaches another session.
"""
from __future__ import annotations

import pytest

from pruning.data import split_dataset
from pruning.experiment import NetworkRequest, run_network
from pruning.i18n import t
from pruning.trees import TreeOptions, prune_tree
from pruning.uploads import DataChoice, UploadError, csv_dataset, upload_source
from tests.app_pages import metrics, notices, page_opener, rerun
from tests.test_uploads_invariants import fingerprint
from tests.upload_files import (bad_csv_files, bad_network_files, code_pickle_files,
                                layernorm_file, mixed_csv, scripted_file, state_dict_file)

pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit:DeprecationWarning")
PARAMS, ACCURACY = t("networks_page.metrics.params"), t("networks_page.metrics.accuracy")
TREE_LEAVES = t("trees_page.metrics.leaves")
PT, CSV = "application/octet-stream", "text/csv"


@pytest.fixture
def networks(monkeypatch):
    return page_opener(monkeypatch, "pages/networks.py")


@pytest.fixture
def trees(monkeypatch):
    return page_opener(monkeypatch, "pages/trees.py")


def add_network(at, data: bytes, name: str = "net.pt", architecture: str = "mlp",
                source: str = "bundled", dataset: str = "digits", csv: bytes | None = None):
    """Fill the "Use your own model / data" form and press its button (no run checks)."""
    at.file_uploader(key="upload_model_file").set_value((name, data, PT))
    at.selectbox(key="upload_architecture").set_value(architecture)
    at.radio(key="upload_data_source").set_value(source)
    at.run()
    if source == "bundled":
        at.selectbox(key="upload_bundled").set_value(dataset)
    if source == "csv":
        at.file_uploader(key="upload_network_csv").set_value(("data.csv", csv, CSV))
        at.run()
    at.button(key="upload_model_add").click()
    return at.run()


def add_csv(at, data: bytes, name: str = "data.csv", target: str | None = None):
    at.file_uploader(key="upload_tree_csv").set_value((name, data, CSV))
    at.run()
    if target is not None:
        at.selectbox(key="upload_tree_target").set_value(target)
    at.button(key="upload_tree_add").click()
    return at.run()


def errors(at) -> list[str]:
    return [error.value for error in at.error]


# ---- networks ----------------------------------------------------------------------------

def test_an_uploaded_network_joins_the_picker_and_shows_the_backends_numbers(networks):
    at = add_network(networks(), scripted_file("mlp"), "my_mlp.pt")
    assert not at.exception and not errors(at)
    source = upload_source(scripted_file("mlp"), "my_mlp.pt", DataChoice(dataset="digits"))
    picker = at.selectbox(key="model")
    assert picker.value == source.key
    assert picker.options[-1] == t("uploads.networks.model_label", name="my_mlp.pt")
    assert at.success[0].value == t("uploads.networks.added", name="my_mlp.pt")
    assert any("TorchScript" in caption.value for caption in at.caption)
    report = run_network(NetworkRequest(source.key, "magnitude_global", 0.5), source=source)
    assert metrics(at)[PARAMS][0] == f"{report.pruned.params_nonzero:,}"
    assert metrics(at)[ACCURACY][0] == f"{100 * report.pruned.accuracy['test']:.1f}%"
    assert at.query_params["model"] in (source.key, [source.key])  # a link names it
    kept = at.session_state["_uploaded_models"][source.key]
    before = fingerprint(kept.model)
    rerun(at.slider(key="sparsity").set_value(90))
    report = run_network(NetworkRequest(source.key, "magnitude_global", 0.9), source=source)
    assert metrics(at)[PARAMS][0] == f"{report.pruned.params_nonzero:,}"
    rerun(at.selectbox(key="technique").set_value("structured_physical"))
    assert fingerprint(kept.model) == before  # the upload's original is untouched


def test_a_state_dict_on_a_csv_is_evaluated_on_that_csv(networks):
    from tests.upload_files import digits_csv
    at = add_network(networks(), state_dict_file("mlp"), "weights.pt", "mlp", "csv",
                     csv=digits_csv(600))
    assert not errors(at) and not at.exception
    source = upload_source(state_dict_file("mlp"), "weights.pt",
                           DataChoice(csv=digits_csv(600), csv_name="data.csv", target="label"),
                           architecture="mlp")
    assert at.selectbox(key="model").value == source.key
    report = run_network(NetworkRequest(source.key, "magnitude_global", 0.5), source=source)
    assert metrics(at)[ACCURACY][0] == f"{100 * report.pruned.accuracy['test']:.1f}%"


def test_every_bad_network_file_shows_its_message_and_the_page_keeps_working(networks, tmp_path):
    at = networks()
    marker = tmp_path / "pwned"
    cases = {case: (data, architecture) for case, (data, architecture, _)
             in bad_network_files().items()}
    cases.update({case: (data, "mlp") for case, data in code_pickle_files(marker).items()})
    for case, (data, architecture) in cases.items():
        with pytest.raises(UploadError) as caught:
            upload_source(data, "bad.pt", DataChoice(dataset="digits"), architecture)
        at = add_network(at, data, "bad.pt", architecture)
        assert not at.exception, (case, at.exception)
        assert errors(at) == [caught.value.message("en")], case
        assert at.selectbox(key="model").value == "mlp"  # nothing added, nothing lost
        assert PARAMS in metrics(at)  # the rest of the page still works
    assert not marker.exists()
    assert not at.session_state["_uploaded_models"]


def test_a_technique_that_cannot_apply_says_which_can(networks):
    at = add_network(networks(), layernorm_file(), "ln.pt")
    at = at.selectbox(key="technique").set_value("structured_masked").run()
    assert not at.exception
    [message] = errors(at)
    assert "LayerNorm" in message and "Magnitude (L1), global" in message
    rerun(at.selectbox(key="technique").set_value("structured_physical"))
    assert PARAMS in metrics(at)


def test_an_upload_is_only_in_its_own_session(networks):
    mine = add_network(networks(), scripted_file("cnn"), "cnn.pt")
    key = mine.selectbox(key="model").value
    assert key.startswith("upload_")
    theirs = networks()
    assert len(theirs.selectbox(key="model").options) == 3  # the samples only
    linked = networks(model=key)  # someone opens my link: a notice, the default network
    assert any(key in notice for notice in notices(linked))
    assert linked.selectbox(key="model").value == "mlp"
    assert "_uploaded_models" not in linked.session_state or \
        not linked.session_state["_uploaded_models"]


def test_forgetting_uploads_goes_back_to_the_sample(networks):
    at = add_network(networks(), scripted_file("mlp"), "a.pt")
    at.button(key="upload_model_forget").click()
    at = rerun(at)
    assert at.selectbox(key="model").value == "mlp"
    assert len(at.selectbox(key="model").options) == 3  # the samples only


def test_at_most_the_limit_of_networks_is_kept(networks):
    from pruning.uploads import upload_limits
    at = networks()
    added = []
    for seed in range(upload_limits().max_models + 1):
        at = add_network(at, layernorm_file(seed), f"ln{seed}.pt")
        added.append(at.selectbox(key="model").value)
    kept = list(at.session_state["_uploaded_models"])
    assert kept == added[1:]  # the oldest went first
    assert len(at.selectbox(key="model").options) == 3 + len(kept)


@pytest.mark.parametrize("query", [
    {"sparsity": "-5"}, {"sparsity": "NaN"}, {"sparsity": "12.5"}, {"sparsity": "1e9"},
    {"epochs": "0"}, {"epochs": "many"}, {"finetune": "yes"}, {"latency": "2"},
    {"view": "sideways"}, {"log": "maybe"}, {"colour": "red", "view": "heatmap"},
    {"hist_mlp": "fc9"}, {"layer_mlp": "conv1", "view": "heatmap"},
    {"technique": "iterative", "steps": "99"}, {"technique": "iterative", "steps": "two"},
    {"technique": "iterative", "schedule": "exponential"},
    {"technique": "structured_masked", "norm": "7"},
    {"technique": "activation", "criterion": "median"},
    {"model": "upload_0123456789ab"}, {"model": "../../etc/passwd"},
])
def test_out_of_range_or_malformed_link_values_get_a_notice(networks, query):
    at = networks(**query)
    assert not at.exception and not errors(at)
    shown = notices(at)
    bad = {key: value for key, value in query.items()
           if key not in ("view", "technique") or value in ("sideways",)}
    for key, value in bad.items():
        assert any(f"'{value[:40]}'" in notice and f"'{key}'" in notice for notice in shown), \
            (key, shown)
    assert PARAMS in metrics(at)  # the default takes the bad value's place


# ---- trees -------------------------------------------------------------------------------

def test_an_uploaded_csv_joins_the_picker_with_the_backends_numbers(trees):
    at = add_csv(trees(), mixed_csv(), "mixed.csv")
    assert not at.exception and not errors(at)
    upload = csv_dataset(mixed_csv(), "mixed.csv")
    assert at.selectbox(key="dataset").value == upload.dataset.name
    assert at.success[0].value.startswith(t("uploads.trees.added", name="mixed.csv",
                                            rows=60, features=5, classes=2)[:20])
    split = split_dataset(upload.dataset, test_size=0.25, seed=0, stratify=True)
    expected = prune_tree(split, "pre", TreeOptions(max_depth=3, seed=0))
    cards = {m.label: m.value for m in at.metric}
    assert cards[TREE_LEAVES] == str(expected.n_leaves)
    rerun(at.radio(key="method").set_value("cost_complexity"))


def test_the_target_column_can_be_chosen(trees):
    at = add_csv(trees(), mixed_csv(), "mixed.csv", target="colour")
    assert not errors(at)
    upload = csv_dataset(mixed_csv(), "mixed.csv", target="colour")
    assert at.selectbox(key="dataset").value == upload.dataset.name
    assert upload.dataset.n_classes == 3


def test_every_bad_csv_shows_its_message_and_the_page_keeps_working(trees):
    at = trees()
    for case, (data, _) in bad_csv_files().items():
        with pytest.raises(UploadError) as caught:
            csv_dataset(data, "bad.csv")
        at = add_csv(at, data, "bad.csv")
        assert not at.exception, (case, at.exception)
        if data:  # an empty file leaves the button disabled: nothing to read
            assert errors(at) == [caught.value.message("en")], case
        assert at.selectbox(key="dataset").value == "breast_cancer"
        assert TREE_LEAVES in {m.label for m in at.metric}


def test_a_long_csv_is_sampled_with_a_notice(trees):
    from pruning.uploads import upload_limits
    from tests.upload_files import csv_text
    rows = upload_limits().max_rows + 500
    data = csv_text(["a", "b", "label"], ([i % 97, (i * 7) % 13, i % 2] for i in range(rows)))
    at = add_csv(trees(), data, "long.csv")
    assert not errors(at)
    expected = t("uploads.notices.sampled", rows=rows, kept=upload_limits().max_rows)
    assert expected in [info.value for info in at.info]


def test_a_csv_upload_is_only_in_its_own_session(trees):
    mine = add_csv(trees(), mixed_csv(), "mine.csv")
    key = mine.selectbox(key="dataset").value
    assert len(trees().selectbox(key="dataset").options) == 6  # the bundled sets only
    linked = trees(dataset=key)
    assert any(key in notice for notice in notices(linked))
    assert linked.selectbox(key="dataset").value == "breast_cancer"


def test_the_upload_forms_speak_spanish(networks, trees):
    """(Interacting in Spanish is left out: AppTest formats the page's choice widgets
    outside the run, where the chosen language is not known.)"""
    labels = {expander.proto.label for expander in networks(lang="es").get("expander")}
    assert t("uploads.networks.expander", "es") in labels
    at = trees(lang="es")
    assert t("uploads.trees.expander", "es") in {e.proto.label for e in at.get("expander")}
    assert at.button(key="upload_tree_add").proto.label == t("uploads.trees.add", "es")
