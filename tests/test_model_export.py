"""The downloaded pruned model loads back and gives the pruned model's outputs."""
from __future__ import annotations

import io

import torch

from pruning.model_export import pruned_model_file
from pruning.models import build_model
from pruning.nn import prune_network


def test_masked_model_downloads_as_a_state_dict_of_the_original_architecture(mlp, mlp_data):
    pruned = prune_network(mlp.model, "magnitude_global", 0.8).model
    file = pruned_model_file(pruned, physical=False, stem="mlp_mag_80")
    assert not file.whole_model and file.file_name == "mlp_mag_80_state_dict.pt"
    loaded = build_model(mlp.spec)
    loaded.load_state_dict(torch.load(io.BytesIO(file.data), weights_only=True))
    loaded.eval()
    assert torch.equal(loaded(mlp_data.X_test), pruned(mlp_data.X_test))
    zeros = sum(int((p == 0).sum()) for p in loaded.parameters())
    assert zeros >= 0.8 * sum(p.numel() for n, p in loaded.named_parameters()
                              if n.endswith("weight")) - 1


def test_physically_pruned_model_downloads_whole_because_its_shapes_changed(cnn, cnn_data):
    pruned = prune_network(cnn.model, "structured_physical", 0.5).model
    file = pruned_model_file(pruned, physical=True, stem="cnn_phys_50")
    assert file.whole_model and file.file_name == "cnn_phys_50_model.pt"
    loaded = torch.load(io.BytesIO(file.data), weights_only=False).eval()
    assert torch.equal(loaded(cnn_data.X_test), pruned(cnn_data.X_test))
    original_shapes = [p.shape for p in cnn.model.parameters()]
    assert [p.shape for p in loaded.parameters()] != original_shapes
