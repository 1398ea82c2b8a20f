"""Detail of the speed-up benchmark: per-layer split and batch-size table.

The MAC ratios are checked against a count from the layer shapes by hand (a conv
multiplies ``C_out * C_in * k * k`` weights at each of its output positions): the
first convolution keeps its single input channel and the classifier its ten
outputs, so those layers shrink by ``1 / (1 - amount)``, the inner ones by its
square. No timing thresholds: timings depend on the machine.
"""
from __future__ import annotations

import pytest
from torch import nn

from pruning.bench.speedup import batch_size_table, measure_speedups, time_split
from pruning.experiment import NetworkRequest, run_network

# Output positions of each convolution of the sample CNN on 8 x 8 digits.
CNN_POSITIONS = {"conv1": 64, "conv2": 64, "conv3": 16}


def _hand_macs(model: nn.Module) -> dict[str, int]:
    macs = {}
    for name, module in model.named_modules():
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            macs[name] = (module.out_channels * module.in_channels * kh * kw
                          * CNN_POSITIONS[name])
        elif isinstance(module, nn.Linear):
            macs[name] = module.in_features * module.out_features
    return macs


@pytest.mark.parametrize("amount", [0.25, 0.5])
def test_the_cnn_split_gives_every_layer_and_the_hand_counted_mac_ratios(amount):
    split = time_split("cnn", amount, rounds=2, repeats_per_round=2, warmup=0)
    report = run_network(NetworkRequest("cnn", "structured_physical", amount))
    dense, pruned = _hand_macs(report.original), _hand_macs(report.result.model)
    assert list(split["layers"]) == [name for name, module in report.original.named_modules()
                                     if next(module.children(), None) is None]
    for name, layer in split["layers"].items():
        assert layer["dense_ms"] > 0 and layer["pruned_ms"] > 0
        if name in dense:
            assert layer["mac_ratio"] == pytest.approx(dense[name] / pruned[name], abs=1e-3)
        else:
            assert layer["mac_ratio"] is None
    first, last = report.result.model.conv1, report.result.model.out
    assert first.in_channels == 1 and last.out_features == 10  # never pruned
    if amount == 0.5:
        assert [split["layers"][n]["mac_ratio"] for n in ("conv1", "conv2", "conv3", "out")] \
            == [2.0, 4.0, 4.0, 2.0]
    matched = split["other_ms"]["pruned"] + sum(
        layer["dense_ms"] / layer["mac_ratio"] if layer["mac_ratio"] else layer["pruned_ms"]
        for layer in split["layers"].values())
    mac_reduction = sum(dense.values()) / sum(pruned.values())
    assert split["efficiency_if_layers_matched_macs"] == pytest.approx(
        split["total_ms"]["dense"] / matched / mac_reduction, rel=1e-2)
    shares = [kind["share_of_dense"] for kind in split["kinds"].values()]
    assert 0 < sum(shares) <= 1.0 + 1e-3
    assert set(split["kinds"]) == {"Conv2d", "BatchNorm2d", "ReLU", "MaxPool2d", "Flatten",
                                   "Linear"}


def test_the_batch_table_uses_the_batch_sizes_asked_for():
    rows = batch_size_table("mlp", rounds=1, repeats_per_round=2, warmup=0,
                            batch_sizes=(1, 500))
    assert [row["batch_size"] for row in rows] == [1, 500]  # 500 > the 360 test rows
    report = run_network(NetworkRequest("mlp", "structured_physical", 0.5))
    row = report.to_sweep_row()
    for row_ in rows:
        assert row_["mac_reduction"] == pytest.approx(row["macs_dense"] / row["macs"], abs=1e-3)
        assert row_["efficiency"] == pytest.approx(row_["speedup"] / row_["mac_reduction"],
                                                   abs=2e-3)
        assert row_["speedup_min"] <= row_["speedup"] <= row_["speedup_max"]


def test_detail_is_added_only_when_asked_and_physical_pruning_is_measured():
    small = dict(rounds=1, repeats_per_round=2, warmup=0, amounts=(0.5,), models=("mlp",))
    plain = measure_speedups(techniques=("magnitude_global",), **small)
    assert "split" not in plain and "batch_sizes" not in plain
    assert "split" not in measure_speedups(techniques=("structured_physical",), detail=False,
                                           **small)
    detailed = measure_speedups(techniques=("structured_physical",), **small)
    assert [(s["model"], s["amount"]) for s in detailed["split"]] == [("mlp", 0.5)]
    assert {row["batch_size"] for row in detailed["batch_sizes"]} == {1, 32, 360, 1440}
