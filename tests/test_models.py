"""The sample-model zoo: shipped weights load safely and match their metadata."""
import json

import pytest
import torch

from pruning.models import SAMPLE_MODELS, SPECS, load_sample_model, network_data
from pruning.models.zoo import SAMPLE_MODELS_DIR, metadata_path, weights_path
from pruning.training import accuracy


@pytest.mark.parametrize("name", SAMPLE_MODELS)
def test_shipped_model_reproduces_its_recorded_accuracy(name):
    sample = load_sample_model(name)
    data = network_data(sample.spec)
    recorded = sample.metadata["accuracy"]
    for part in ("train", "val", "test"):
        assert accuracy(sample.model, *data.part(part)) == pytest.approx(recorded[part], abs=1e-3)
    assert sample.metadata["params"] == sum(p.numel() for p in sample.model.parameters())
    assert not sample.model.training


def test_accuracy_targets_of_the_zoo():
    assert load_sample_model("mlp").metadata["accuracy"]["test"] >= 0.96
    assert load_sample_model("cnn").metadata["accuracy"]["test"] >= 0.97
    cnn = load_sample_model("cnn").model
    assert any(isinstance(m, torch.nn.BatchNorm2d) for m in cnn.modules())


@pytest.mark.parametrize("name", SAMPLE_MODELS)
def test_weights_are_plain_state_dicts_loadable_with_weights_only(name):
    state = torch.load(weights_path(name), weights_only=True)
    assert all(isinstance(v, torch.Tensor) for v in state.values())
    metadata = json.loads(metadata_path(name).read_text())
    assert metadata["dataset"] == SPECS[name].dataset
    assert metadata["training"]["script"].startswith("python -m pruning.models.train")


def test_network_data_is_deterministic_and_shaped_for_the_model():
    spec = SPECS["cnn"]
    first, second = network_data(spec), network_data(spec)
    assert torch.equal(first.X_test, second.X_test)
    assert first.X_train.shape[1:] == (1, 8, 8)
    assert float(first.X_train.max()) <= 1.0  # pixels 0..16 scaled by 1/16


def test_overparameterised_model_sees_noise_inputs_and_few_training_rows():
    spec = SPECS["mlp_overparam"]
    data = network_data(spec)
    assert data.X_train.shape == (spec.train_subset, 64 + spec.noise_features)
    assert data.X_test.shape[1] == 64 + spec.noise_features


def test_retraining_script_reproduces_shipped_weights(tmp_path):
    from pruning.models.train import train_sample_model

    torch.set_num_threads(1)
    metadata = train_sample_model("cnn", tmp_path)
    shipped = json.loads(metadata_path("cnn", SAMPLE_MODELS_DIR).read_text())
    assert metadata["accuracy"]["test"] == pytest.approx(shipped["accuracy"]["test"], abs=0.01)


@pytest.mark.parametrize("name", SAMPLE_MODELS)
def test_no_shipped_weight_is_subnormal(name):
    """Subnormal floats make CPU arithmetic ~100x slower: they would fake speed-ups."""
    model = load_sample_model(name).model
    for parameter in model.parameters():
        tiny = (parameter != 0) & (parameter.abs() < torch.finfo(parameter.dtype).tiny)
        assert not tiny.any()
