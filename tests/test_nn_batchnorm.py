"""BatchNorm recalibration after pruning: exact statistics, original untouched."""
import copy

import pytest
import torch

from pruning.nn import PruneOptions, prune_network
from pruning.nn.batchnorm import recalibrate_batchnorm
from pruning.training import accuracy


def conv1_output_stats(model, X):
    outputs = model.conv1(X)
    return outputs.mean(dim=(0, 2, 3)), outputs.var(dim=(0, 2, 3), unbiased=True)


def test_recalibrated_statistics_equal_those_of_the_data(cnn):
    cnn = cnn.model
    model = copy.deepcopy(cnn)
    X = torch.randn(64, 1, 8, 8)
    assert recalibrate_batchnorm(model, X)
    mean, var = conv1_output_stats(model, X)
    torch.testing.assert_close(model.bn1.running_mean, mean, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(model.bn1.running_var, var, rtol=1e-4, atol=1e-5)
    assert not model.training
    assert model.bn1.momentum == cnn.bn1.momentum  # restored


def test_models_without_batchnorm_are_left_alone(mlp):
    mlp = mlp.model
    model = copy.deepcopy(mlp)
    assert not recalibrate_batchnorm(model, torch.randn(8, 64))
    for before, after in zip(mlp.state_dict().values(), model.state_dict().values()):
        assert torch.equal(before, after)


@pytest.mark.parametrize("technique", ["magnitude_global", "structured_physical"])
def test_driver_recalibrates_on_training_inputs_and_not_the_original(cnn, cnn_data, technique):
    cnn = cnn.model
    before = {k: v.clone() for k, v in cnn.state_dict().items()}
    result = prune_network(cnn, technique, 0.5, PruneOptions(data=cnn_data))
    assert result.notes["batchnorm_recalibrated"] is True
    mean, _ = conv1_output_stats(result.model, cnn_data.X_train)
    torch.testing.assert_close(result.model.bn1.running_mean, mean, rtol=1e-4, atol=1e-5)
    for key, value in cnn.state_dict().items():
        assert torch.equal(value, before[key]), key


def test_switching_recalibration_off_keeps_the_stale_statistics(cnn, cnn_data):
    cnn = cnn.model
    options = PruneOptions(data=cnn_data, recalibrate_batchnorm=False)
    result = prune_network(cnn, "magnitude_global", 0.7, options)
    torch.testing.assert_close(result.model.bn1.running_mean, cnn.bn1.running_mean)


def test_recalibration_rescues_accuracy_lost_to_stale_statistics(cnn, cnn_data):
    """Stale statistics, not lost weights, are what break the CNN at high sparsity."""
    cnn = cnn.model
    stale = prune_network(cnn, "magnitude_global", 0.8,
                          PruneOptions(data=cnn_data, recalibrate_batchnorm=False))
    fresh = prune_network(cnn, "magnitude_global", 0.8, PruneOptions(data=cnn_data))
    assert (accuracy(fresh.model, cnn_data.X_test, cnn_data.y_test)
            > accuracy(stale.model, cnn_data.X_test, cnn_data.y_test) + 0.1)
