"""The driver's BatchNorm recalibration and fine-tuning run in channels-last layout:
same results as NCHW passes up to float rounding, the model handed back in NCHW."""
from __future__ import annotations

import copy

import torch
from torch.nn.utils import prune as torch_prune

from pruning.nn import PruneOptions, prune_network
from pruning.nn.api import channels_last, finetune, recalibrate_channels_last
from pruning.nn.base import prunable_layers
from pruning.nn.batchnorm import recalibrate_batchnorm
from pruning.training import accuracy, train


def _standard_layout(model):
    tensors = [*model.parameters(), *model.buffers()] + [
        getattr(module, "weight") for _, module in prunable_layers(model)]
    return all(tensor.is_contiguous() for tensor in tensors)


def _masked_copy(model, amount=0.6):
    masked = copy.deepcopy(model)
    torch_prune.global_unstructured([(module, "weight") for _, module in prunable_layers(masked)],
                                    pruning_method=torch_prune.L1Unstructured, amount=amount)
    return masked


def test_recalibration_equals_the_nchw_statistics_and_keeps_the_layout(cnn, cnn_data):
    reference, fast = _masked_copy(cnn.model), _masked_copy(cnn.model)
    assert recalibrate_batchnorm(reference, cnn_data.X_train)
    assert recalibrate_channels_last(fast, cnn_data.X_train)
    for (name, expected), (_, actual) in zip(reference.named_buffers(), fast.named_buffers()):
        torch.testing.assert_close(actual, expected, rtol=1e-4, atol=1e-5)
    assert _standard_layout(fast)
    # the masked weights (a plain attribute the mask hook updates) were refreshed too
    for _, module in prunable_layers(fast):
        assert torch.equal(module.weight, module.weight_orig * module.weight_mask)
    assert torch.equal(fast(cnn_data.X_test).argmax(1), reference(cnn_data.X_test).argmax(1))


def test_training_passes_give_the_nchw_gradients(cnn, cnn_data):
    """Fine-tuning's forward and backward passes in channels-last layout: torch's
    NCHW loss and gradients up to rounding (Adam then amplifies rounding in the
    gradients that are zero in exact arithmetic, e.g. of a bias feeding BatchNorm,
    so weights after an epoch differ more; the next test checks the outcome)."""
    X, y = cnn_data.X_train[:64], cnn_data.y_train[:64]
    reference, fast = _masked_copy(cnn.model).train(), _masked_copy(cnn.model).train()
    loss = torch.nn.functional.cross_entropy(reference(X), y)
    loss.backward()
    with channels_last(fast, X) as inputs:
        assert inputs.is_contiguous(memory_format=torch.channels_last)
        fast_loss = torch.nn.functional.cross_entropy(fast(inputs), y)
        fast_loss.backward()
    torch.testing.assert_close(fast_loss, loss, rtol=1e-5, atol=1e-6)
    for (name, expected), (_, actual) in zip(reference.named_parameters(),
                                             fast.named_parameters()):
        torch.testing.assert_close(actual.grad, expected.grad, rtol=1e-3, atol=1e-5)
    assert _standard_layout(fast)


def test_fine_tuning_is_deterministic_and_keeps_accuracy(cnn, cnn_data):
    first, second = copy.deepcopy(cnn.model), copy.deepcopy(cnn.model)
    reference = copy.deepcopy(cnn.model)
    options = PruneOptions(data=cnn_data)
    finetune(first, options, 1)
    finetune(second, options, 1)
    for expected, actual in zip(first.state_dict().values(), second.state_dict().values()):
        assert torch.equal(expected, actual)
    train(reference, cnn_data.X_train, cnn_data.y_train, epochs=1, lr=options.finetune_lr,
          seed=options.seed)
    test = (cnn_data.X_test, cnn_data.y_test)
    assert abs(accuracy(first, *test) - accuracy(reference, *test)) <= 0.02


def test_iterative_pruning_of_the_cnn_reaches_its_schedule(cnn, cnn_data):
    # rounds re-prune between channels-last fine-tunes (global_unstructured flattens
    # the masked weights with ``view``, which needs them back in NCHW)
    result = prune_network(cnn.model, "iterative", 0.8,
                           PruneOptions(data=cnn_data, steps=2, finetune_epochs=1))
    total = sum(layer.params for layer in result.layers)
    assert result.amount_achieved == round(0.8 * total) / total
    assert _standard_layout(result.model)


def test_other_inputs_and_layouts_are_left_as_they_are(mlp, cnn):
    inputs = torch.randn(4, 64)
    with channels_last(mlp.model, inputs) as converted:
        assert converted is inputs
    odd = copy.deepcopy(cnn.model).to(memory_format=torch.channels_last)
    images = torch.randn(4, 1, 8, 8)
    with channels_last(odd, images) as converted:
        assert converted is images
    assert odd.conv2.weight.is_contiguous(memory_format=torch.channels_last)
