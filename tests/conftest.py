"""Shared fixtures: the sample models and their data, loaded once per test session.

Tests must not modify these objects (pruning works on copies; a test checks that).
"""
from __future__ import annotations

import pytest
import torch

from pruning.models import load_sample_model, network_data

# The machine is shared: keep every test to one thread.
torch.set_num_threads(1)


@pytest.fixture(scope="session")
def mlp():
    """The sample MLP (``SampleModel``: model, spec, metadata)."""
    return load_sample_model("mlp")


@pytest.fixture(scope="session")
def cnn():
    """The sample CNN (``SampleModel``)."""
    return load_sample_model("cnn")


@pytest.fixture(scope="session")
def mlp_data(mlp):
    """The MLP's data split as tensors (``NetworkData``)."""
    return network_data(mlp.spec)


@pytest.fixture(scope="session")
def cnn_data(cnn):
    """The CNN's data split as tensors (``NetworkData``)."""
    return network_data(cnn.spec)


@pytest.fixture(scope="session", params=["mlp", "cnn"])
def sample(request):
    """Each of the sample MLP and CNN with its data: ``(SampleModel, NetworkData)``."""
    model = request.getfixturevalue(request.param)
    return model, request.getfixturevalue(f"{request.param}_data")


@pytest.fixture(scope="session")
def make_data():
    """Build a ``NetworkData`` whose every part is ``(X, y)`` (for constructed models)."""
    from pruning.models import NetworkData

    def build(X: torch.Tensor, y: torch.Tensor | None = None) -> NetworkData:
        y = torch.zeros(len(X), dtype=torch.long) if y is None else y
        return NetworkData(X, y, X, y, X, y)

    return build
