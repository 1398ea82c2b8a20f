"""Uploaded networks: loaded without running code, rebuilt faithfully, refused clearly.

References: torch's own outputs (a rebuilt TorchScript model must match the scripted
one), the sample models' own results (a state dict of a sample model on its data must
give the sample's numbers), and the marker file a malicious pickle would create.
"""
from __future__ import annotations

import dataclasses

import pytest
import torch
from torch import nn

from pruning.experiment import NetworkRequest, run_network
from pruning.uploads.techniques import applicable_techniques
from pruning.i18n import languages
from pruning.nn import TECHNIQUES
from pruning.uploads import DataChoice, UploadError, upload_source
from pruning.uploads.model_file import read_model_file
from pruning.uploads.torchscript import eager_from_torchscript
from tests.upload_files import (bad_network_files, code_pickle_files, digits_csv,
                                fake_torchscript_with_payload, jit_save, layernorm_file,
                                sample_network, scripted_file, state_dict_file, traced_file)

DIGITS = DataChoice(dataset="digits")
# TorchScript is deprecated in favour of torch.export, but it is what users upload.
pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit:DeprecationWarning")


def refusal(data: bytes, architecture: str | None = "mlp", choice: DataChoice = DIGITS,
            name: str = "model.pt") -> UploadError:
    with pytest.raises(UploadError) as caught:
        upload_source(data, name, choice, architecture=architecture)
    return caught.value


def assert_one_line(error: UploadError) -> None:
    for language in languages():
        text = error.message(language)
        assert text and "\n" not in text and "Traceback" not in text
        assert "{" not in text  # every placeholder filled


# ---- code that must never run ----------------------------------------------------------

def test_pickles_that_would_run_code_are_refused_unread(tmp_path):
    marker = tmp_path / "pwned"
    for case, data in code_pickle_files(marker).items():
        error = refusal(data, name="weights.pt")
        assert error.key == "uploads.errors.model_pickle_code", case
        assert_one_line(error)
        assert not marker.exists(), f"{case}: the pickle ran"
    # the same files through the raw loader, and a zip dressed up as TorchScript
    for data in (*code_pickle_files(marker).values(), fake_torchscript_with_payload(marker)):
        with pytest.raises(UploadError):
            read_model_file(data)
    assert not marker.exists()


def test_the_payload_really_would_run_if_unpickled_naively(tmp_path):
    """The marker test can fail: unpickling the same bytes without protection creates it."""
    import pickle
    marker = tmp_path / "pwned"
    pickle.loads(code_pickle_files(marker)["raw pickle (open)"])
    assert marker.exists()


# ---- every other bad network file ------------------------------------------------------

@pytest.mark.parametrize("case", list(bad_network_files()))
def test_each_bad_network_file_gets_its_one_line_message(case):
    data, architecture, key = bad_network_files()[case]
    error = refusal(data, architecture)
    assert error.key == f"uploads.errors.{key}", (case, str(error))
    assert_one_line(error)


def test_a_state_dict_needs_an_architecture_and_a_fitting_data_set():
    assert refusal(state_dict_file("mlp"), None).key == "uploads.errors.architecture_needed"
    error = refusal(state_dict_file("mlp"), "mlp", DataChoice(dataset="iris"))
    assert error.key == "uploads.errors.input_mismatch"
    assert "64" in str(error) and "4" in str(error)


def test_a_torchscript_model_whose_input_does_not_fit_the_data_says_what_torch_said():
    error = refusal(scripted_file("mlp"), None, DataChoice(dataset="wine"))
    assert error.key == "uploads.errors.input_rejected"
    assert "13" in str(error) and "mat1 and mat2" in str(error)


def test_csv_data_must_have_class_numbers_and_numeric_features():
    labels = b"a,b,label\n" + b"".join(f"{i},{i},{'cat' if i % 2 else 'dog'}\n".encode()
                                       for i in range(20))
    error = refusal(scripted_file("mlp"), None, DataChoice(csv=labels))
    assert error.key == "uploads.errors.csv_labels_not_indices"
    text = b"a,colour,label\n" + b"".join(f"{i},{'rg'[i % 2]},{i % 2}\n".encode()
                                         for i in range(20))
    assert refusal(scripted_file("mlp"), None,
                   DataChoice(csv=text)).key == "uploads.errors.csv_text_column"


def test_too_many_parameters_is_refused():
    from pruning.uploads.limits import UploadLimits
    with pytest.raises(UploadError) as caught:
        upload_source(state_dict_file("mlp"), "m.pt", DataChoice(dataset="sample"), "mlp",
                      limits=UploadLimits(max_parameters=1000))
    assert caught.value.key == "uploads.errors.too_many_parameters"


# ---- good files ------------------------------------------------------------------------

def sample_row(name: str, technique: str = "magnitude_global", sparsity: float = 0.5) -> dict:
    row = run_network(NetworkRequest(name, technique, sparsity)).to_row()
    return {key: value for key, value in row.items() if key != "model"}


def upload_row(source, technique: str = "magnitude_global", sparsity: float = 0.5) -> dict:
    row = run_network(NetworkRequest(source.key, technique, sparsity), source=source).to_row()
    assert row.pop("model") == source.key
    return row


@pytest.mark.parametrize("name", ["mlp", "cnn"])
def test_a_sample_state_dict_on_its_sample_data_gives_the_samples_numbers(name):
    source = upload_source(state_dict_file(name), f"{name}.pt", DataChoice(dataset="sample"),
                           architecture=name)
    assert source.origin == "state_dict" and source.key.startswith("upload_")
    assert upload_row(source, "structured_physical") == sample_row(name, "structured_physical")


@pytest.mark.parametrize("make, name", [(scripted_file, "mlp"), (scripted_file, "cnn"),
                                        (traced_file, "cnn"), (traced_file, "mlp")])
def test_torchscript_is_rebuilt_as_standard_layers_with_the_same_outputs(make, name):
    scripted = read_model_file(make(name)).scripted
    rebuilt = eager_from_torchscript(scripted)
    original = sample_network(name)
    assert [type(m) for m in rebuilt.children()] == [type(m) for m in original.children()]
    assert [n for n, _ in rebuilt.named_modules()] == [n for n, _ in original.named_modules()]
    inputs = torch.rand(16, *((1, 8, 8) if name == "cnn" else (64,)))
    with torch.no_grad():
        assert torch.allclose(rebuilt(inputs), scripted(inputs), atol=1e-6)
        assert torch.allclose(rebuilt(inputs), original(inputs), atol=1e-6)


def test_a_torchscript_sample_on_the_bundled_digits_gives_the_samples_numbers():
    """digits fed as the samples see them (pixels / 16), split like the samples' data."""
    source = upload_source(scripted_file("cnn"), "cnn.pt", DIGITS)
    assert source.input_shape == (1, 8, 8)  # found by trying: the flat rows do not fit
    assert upload_row(source, "structured_masked", 0.3) == sample_row("cnn", "structured_masked",
                                                                      0.3)


def test_a_csv_gives_the_same_numbers_as_the_same_rows_bundled():
    from_csv = upload_source(scripted_file("mlp"), "mlp.pt",
                             DataChoice(csv=digits_csv(), csv_name="digits.csv"))
    bundled = upload_source(scripted_file("mlp"), "mlp.pt", DIGITS)
    assert from_csv.key != bundled.key  # different data: a different experiment key
    assert torch.equal(from_csv.data.X_test, bundled.data.X_test)  # k / 16 is exact in text
    assert upload_row(from_csv) == upload_row(bundled)


def test_equal_uploads_get_equal_keys_and_other_data_another():
    first = upload_source(scripted_file("mlp"), "a.pt", DIGITS)
    again = upload_source(scripted_file("mlp"), "b.pt", DIGITS)
    assert first.key == again.key
    other = upload_source(layernorm_file(), "a.pt", DIGITS)
    assert other.key != first.key


# ---- a technique that cannot apply -----------------------------------------------------

def test_a_technique_that_cannot_apply_is_explained_with_those_that_can():
    source = upload_source(layernorm_file(), "layernorm.pt", DIGITS)
    working = applicable_techniques(source)
    assert "magnitude_global" in working and "structured_masked" not in working
    for key in TECHNIQUES:  # the list is true: each listed one runs, each other one fails
        request = NetworkRequest(source.key, key, 0.5, steps=1)
        if key in working:
            run_network(request, source=source)
            continue
        with pytest.raises(UploadError) as caught:
            run_network(request, source=source)
        error = caught.value
        assert error.key == "uploads.errors.technique_cannot_apply"
        assert_one_line(error)
        assert "LayerNorm" in str(error)  # the reason
        for other in working:
            assert TECHNIQUES[other].name("en") in str(error)
            assert TECHNIQUES[other].name("es") in error.message("es")


def test_a_request_for_another_key_than_the_source_is_refused():
    source = upload_source(scripted_file("mlp"), "mlp.pt", DIGITS)
    with pytest.raises(ValueError):
        run_network(NetworkRequest("mlp", "random", 0.5), source=source)
    with pytest.raises(ValueError):  # out-of-range settings still get their message
        run_network(dataclasses.replace(NetworkRequest(source.key, "random", 0.5),
                                        sparsity=1.5), source=source)


def test_weights_with_nan_are_refused():
    state = sample_network("mlp").state_dict()
    state["fc1.weight"] = state["fc1.weight"].clone()
    state["fc1.weight"][0, 0] = float("nan")
    import io
    buffer = io.BytesIO()
    torch.save(state, buffer)
    assert refusal(buffer.getvalue()).key == "uploads.errors.weights_not_finite"


def test_a_checkpoint_dict_and_module_prefixes_are_accepted():
    state = {f"module.{k}": v for k, v in sample_network("mlp").state_dict().items()}
    import io
    buffer = io.BytesIO()
    torch.save({"epoch": 3, "model_state_dict": state}, buffer)
    source = upload_source(buffer.getvalue(), "ckpt.pt", DataChoice(dataset="sample"), "mlp")
    assert upload_row(source) == sample_row("mlp")


def test_an_archive_that_unpacks_to_far_more_than_the_limit_is_refused_unread():
    import io
    import zipfile

    from pruning.uploads.limits import UploadLimits
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data.pkl", b"\0" * (5 * 2**20))  # 5 MB of zeros: ~5 kB packed
    limits = UploadLimits(max_file_mb=1)
    assert len(buffer.getvalue()) < limits.max_file_bytes
    with pytest.raises(UploadError) as caught:
        read_model_file(buffer.getvalue(), "bomb.pt", limits)
    assert caught.value.key == "uploads.errors.file_too_large"


def test_unsupported_torchscript_layer_is_named():
    model = torch.jit.script(nn.Sequential(nn.Linear(64, 10), nn.Softplus()))
    error = refusal(jit_save(model), None)
    assert error.key == "uploads.errors.torchscript_layer" and "Softplus" in str(error)
