"""Rebuild a TorchScript network as ordinary PyTorch layers, so it can be pruned.

Pruning needs real ``nn.Linear`` / ``nn.Conv2d`` modules: ``torch.nn.utils.prune``
adds masks and hooks to them, and Torch-Pruning traces them. A TorchScript module
has compiled layers instead, which neither can change. Most small classifiers are a
chain of standard layers, though, and TorchScript keeps each layer's type name
(``original_name``), its weights and, when scripted, its settings (stride,
padding...); a traced module keeps the settings as constants of its graph. From
those, the same chain is rebuilt as an ``nn.Sequential`` with the same layer names
and weights.

Whether the rebuilt chain *is* the same network is then checked, not assumed: both
must give the same outputs on the user's data (:func:`check_same_outputs`). A model
whose forward does more than run its layers in order (a skip connection, a
reshape...) fails that check and is refused with a message.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Callable

import torch
from torch import nn

from pruning.uploads.errors import UploadError

# Where a traced layer's settings sit among its graph op's arguments.
GRAPH_ARGUMENTS: dict[str, list[tuple[str, dict[str, int]]]] = {
    "Conv2d": [("aten::_convolution", {"stride": 3, "padding": 4, "dilation": 5, "groups": 8}),
               ("aten::conv2d", {"stride": 3, "padding": 4, "dilation": 5, "groups": 6})],
    "BatchNorm": [("aten::batch_norm", {"momentum": 6, "eps": 7})],
    "LayerNorm": [("aten::layer_norm", {"normalized_shape": 1, "eps": 4})],
    "MaxPool2d": [("aten::max_pool2d", {"kernel_size": 1, "stride": 2, "padding": 3,
                                        "dilation": 4, "ceil_mode": 5})],
    "AvgPool2d": [("aten::avg_pool2d", {"kernel_size": 1, "stride": 2, "padding": 3,
                                        "ceil_mode": 4, "count_include_pad": 5,
                                        "divisor_override": 6})],
    "AdaptiveAvgPool2d": [("aten::adaptive_avg_pool2d", {"output_size": 1})],
    "Flatten": [("aten::flatten", {"start_dim": 1, "end_dim": 2})],
    "LeakyReLU": [("aten::leaky_relu", {"negative_slope": 1})],
    "Softmax": [("aten::softmax", {"dim": 1})],
    "LogSoftmax": [("aten::log_softmax", {"dim": 1})],
}
OUTPUT_TOLERANCE = {"rtol": 1e-4, "atol": 1e-5}
CHECK_ROWS = 256


def _constant(value: torch.Value):
    node = value.node()
    if node.kind() == "prim::Constant":
        return value.toIValue()
    if node.kind() == "prim::ListConstruct":
        return [_constant(item) for item in node.inputs()]
    raise LookupError(node.kind())


def _setting(module: torch.jit.ScriptModule, family: str, name: str):
    """A layer setting: its attribute when scripted, else its traced graph's constant."""
    try:
        return getattr(module, name)
    except AttributeError:
        pass
    try:
        graph = module.graph
    except (AttributeError, RuntimeError):
        graph = None
    for op, positions in GRAPH_ARGUMENTS.get(family, []):
        for node in (graph.nodes() if graph is not None else ()):
            if node.kind() == op and name in positions:
                try:
                    return _constant(list(node.inputs())[positions[name]])
                except (LookupError, IndexError, RuntimeError):
                    break
    raise UploadError("torchscript_setting", layer=module.original_name, setting=name)


def _params(module) -> dict[str, torch.Tensor]:
    return dict(module.named_parameters(recurse=False))


def _buffers(module) -> dict[str, torch.Tensor]:
    return dict(module.named_buffers(recurse=False))


def _linear(m) -> nn.Module:
    weight = _params(m)["weight"]
    return nn.Linear(weight.shape[1], weight.shape[0], bias="bias" in _params(m))


def _conv2d(m) -> nn.Module:
    weight = _params(m)["weight"]
    groups = int(_setting(m, "Conv2d", "groups"))
    mode = getattr(m, "padding_mode", "zeros")
    if mode != "zeros":
        raise UploadError("torchscript_setting", layer="Conv2d", setting=f"padding_mode={mode}")
    return nn.Conv2d(weight.shape[1] * groups, weight.shape[0], tuple(weight.shape[2:]),
                     stride=tuple(_setting(m, "Conv2d", "stride")),
                     padding=_setting(m, "Conv2d", "padding"),
                     dilation=tuple(_setting(m, "Conv2d", "dilation")), groups=groups,
                     bias="bias" in _params(m))


def _batchnorm(kind: type[nn.Module]) -> Callable:
    def build(m) -> nn.Module:
        params, buffers = _params(m), _buffers(m)
        features = (params.get("weight") if "weight" in params else buffers["running_mean"])
        return kind(features.shape[0], eps=float(_setting(m, "BatchNorm", "eps")),
                    momentum=_setting(m, "BatchNorm", "momentum"),
                    affine="weight" in params, track_running_stats="running_mean" in buffers)
    return build


def _layernorm(m) -> nn.Module:
    params = _params(m)
    shape = (tuple(params["weight"].shape) if "weight" in params
             else tuple(_setting(m, "LayerNorm", "normalized_shape")))
    return nn.LayerNorm(shape, eps=float(_setting(m, "LayerNorm", "eps")),
                        elementwise_affine="weight" in params, bias="bias" in params)


def _with(kind: type[nn.Module], family: str, *names: str) -> Callable:
    return lambda m: kind(**{name: _setting(m, family, name) for name in names})


def _plain(kind: type[nn.Module]) -> Callable:
    return lambda m: kind()


LAYERS: dict[str, Callable[[torch.jit.ScriptModule], nn.Module]] = {
    "Linear": _linear,
    "Conv2d": _conv2d,
    "BatchNorm1d": _batchnorm(nn.BatchNorm1d),
    "BatchNorm2d": _batchnorm(nn.BatchNorm2d),
    "LayerNorm": _layernorm,
    "ReLU": _plain(nn.ReLU), "ReLU6": _plain(nn.ReLU6), "Tanh": _plain(nn.Tanh),
    "Sigmoid": _plain(nn.Sigmoid), "GELU": _plain(nn.GELU), "SiLU": _plain(nn.SiLU),
    "ELU": _plain(nn.ELU), "Identity": _plain(nn.Identity),
    "Dropout": _plain(nn.Dropout), "Dropout1d": _plain(nn.Dropout1d),
    "Dropout2d": _plain(nn.Dropout2d),  # identities in eval mode
    "LeakyReLU": _with(nn.LeakyReLU, "LeakyReLU", "negative_slope"),
    "Flatten": _with(nn.Flatten, "Flatten", "start_dim", "end_dim"),
    "MaxPool2d": _with(nn.MaxPool2d, "MaxPool2d", "kernel_size", "stride", "padding",
                       "dilation", "ceil_mode"),
    "AvgPool2d": _with(nn.AvgPool2d, "AvgPool2d", "kernel_size", "stride", "padding",
                       "ceil_mode", "count_include_pad", "divisor_override"),
    "AdaptiveAvgPool2d": _with(nn.AdaptiveAvgPool2d, "AdaptiveAvgPool2d", "output_size"),
    "Softmax": _with(nn.Softmax, "Softmax", "dim"),
    "LogSoftmax": _with(nn.LogSoftmax, "LogSoftmax", "dim"),
}


def _rebuild(module: torch.jit.ScriptModule) -> nn.Module:
    children = list(module.named_children())
    kind = getattr(module, "original_name", type(module).__name__)
    if kind in LAYERS:
        layer = LAYERS[kind](module)
        layer.load_state_dict(module.state_dict())
        return layer
    if not children:
        raise UploadError("torchscript_layer", layer=kind, choices=", ".join(sorted(LAYERS)))
    if _params(module) or _buffers(module):  # weights of its own: not a plain container
        raise UploadError("torchscript_layer", layer=kind, choices=", ".join(sorted(LAYERS)))
    return nn.Sequential(OrderedDict((name, _rebuild(child)) for name, child in children))


def eager_from_torchscript(scripted: torch.jit.ScriptModule) -> nn.Module:
    """The TorchScript model as a chain of standard PyTorch layers (eval mode).

    Containers become ``nn.Sequential`` (their layers in registration order, names
    kept); known layers are rebuilt with the same settings and weights.

    Raises
    ------
    UploadError
        A layer type not in :data:`LAYERS`, or a setting that cannot be read.
    """
    return _rebuild(scripted).eval()


def check_same_outputs(scripted: torch.jit.ScriptModule, rebuilt: nn.Module,
                       inputs: torch.Tensor) -> None:
    """Refuse the rebuilt chain unless it gives the TorchScript model's outputs on ``inputs``."""
    batch = inputs[:CHECK_ROWS]
    with torch.no_grad():
        try:
            expected = scripted(batch)
            found = rebuilt(batch)
        except Exception:  # noqa: BLE001 - the chain could not even run: not the same network
            raise UploadError("torchscript_not_a_chain") from None
    if (not isinstance(expected, torch.Tensor) or not isinstance(found, torch.Tensor)
            or expected.shape != found.shape
            or not torch.allclose(expected, found, **OUTPUT_TOLERANCE)):
        raise UploadError("torchscript_not_a_chain")
