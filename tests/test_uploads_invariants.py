"""The loaded originals never change: any sequence of pruning requests, on sample and
uploaded networks alike, leaves every original byte-identical (weights, buffers) and
free of masks and hooks."""
from __future__ import annotations

import functools
import hashlib

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from pruning.experiment import NetworkRequest, run_network, sample_source
from pruning.nn import TECHNIQUES
from pruning.uploads import DataChoice, UploadError, upload_source
from tests.upload_files import layernorm_file, scripted_file, state_dict_file, traced_file

pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit:DeprecationWarning")


@functools.cache
def sources() -> dict:
    """Each kind of original: samples, a state dict, scripted and traced TorchScript."""
    digits = DataChoice(dataset="digits")
    return {
        "sample mlp": sample_source("mlp"),
        "sample cnn": sample_source("cnn"),
        "state dict cnn": upload_source(state_dict_file("cnn"), "cnn.pt",
                                        DataChoice(dataset="sample"), architecture="cnn"),
        "scripted mlp": upload_source(scripted_file("mlp"), "mlp.pt", digits),
        "traced cnn": upload_source(traced_file("cnn"), "cnn.pt", digits),
        # some techniques cannot prune it: their failures must not touch it either
        "layernorm": upload_source(layernorm_file(), "ln.pt", digits),
    }


def fingerprint(model: torch.nn.Module) -> tuple:
    """Every tensor's bytes, plus what pruning could leave behind (hooks, masks, modes)."""
    digest = hashlib.sha256()
    for name, tensor in model.state_dict(keep_vars=True).items():
        digest.update(name.encode() + str(tensor.dtype).encode() + str(tuple(tensor.shape)).encode())
        digest.update(tensor.detach().contiguous().numpy().tobytes())
    hooks = sum(len(m._forward_pre_hooks) + len(m._forward_hooks) for m in model.modules())
    leftovers = [n for n, _ in model.named_buffers() if n.endswith("_mask")]
    leftovers += [n for n, _ in model.named_parameters() if n.endswith("_orig")]
    return (digest.hexdigest(), hooks, tuple(leftovers), model.training,
            tuple(p.requires_grad for p in model.parameters()))


SOURCE_NAMES = ["sample mlp", "sample cnn", "state dict cnn", "scripted mlp", "traced cnn",
                "layernorm"]
operation = st.tuples(
    st.sampled_from(SOURCE_NAMES),
    st.sampled_from(sorted(TECHNIQUES)),
    st.one_of(st.sampled_from([0.0, 0.5, 0.9, 0.99]), st.floats(0.0, 0.99)),
    st.integers(0, 1),  # fine-tuning epochs
)


@settings(max_examples=15, deadline=None)
@given(st.lists(operation, min_size=1, max_size=4))
def test_originals_are_byte_identical_after_any_sequence_of_prunings(operations):
    assert set(SOURCE_NAMES) == set(sources())
    before = {name: fingerprint(source.model) for name, source in sources().items()}
    for name, technique, sparsity, epochs in operations:
        source = sources()[name]
        request = NetworkRequest(source.key, technique, sparsity, finetune_epochs=epochs,
                                 steps=2)
        try:
            report = run_network(request, source=source if source.uploaded else None)
        except UploadError as error:  # a technique that cannot apply to this network
            assert error.key == "uploads.errors.technique_cannot_apply"
            continue
        assert report.original is source.model
        assert report.result.model is not source.model
    after = {name: fingerprint(source.model) for name, source in sources().items()}
    assert after == before


def test_the_fingerprint_sees_a_changed_weight_and_a_left_over_hook():
    """The property above can fail: one changed weight or one hook changes the print."""
    model = torch.nn.Sequential(torch.nn.Linear(3, 2))
    first = fingerprint(model)
    with torch.no_grad():
        model[0].weight[0, 0] += 1e-6
    assert fingerprint(model) != first
    second = fingerprint(model)
    torch.nn.utils.prune.l1_unstructured(model[0], "weight", 0.5)
    assert fingerprint(model) != second
