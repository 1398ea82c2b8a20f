"""Network architectures of the sample-model zoo.

Layers carry readable names (``fc1``, ``conv2``...) because those names appear in
figures, per-layer tables and the command line's JSON.
"""
from __future__ import annotations

from collections import OrderedDict

from torch import nn


class MLP(nn.Sequential):
    """Fully connected classifier: ``Linear -> ReLU`` per hidden layer, then ``out``.

    Parameters
    ----------
    in_features : int
    hidden : sequence of int
        Width of each hidden layer (LeNet-300-100: ``(300, 100)``).
    n_classes : int
    """

    def __init__(self, in_features: int = 64, hidden=(300, 100), n_classes: int = 10):
        layers: OrderedDict[str, nn.Module] = OrderedDict()
        width = in_features
        for index, size in enumerate(hidden, start=1):
            layers[f"fc{index}"] = nn.Linear(width, size)
            layers[f"relu{index}"] = nn.ReLU()
            width = size
        layers["out"] = nn.Linear(width, n_classes)
        super().__init__(layers)


class SmallCNN(nn.Sequential):
    """Three ``Conv -> BatchNorm -> ReLU`` blocks and a linear head, for 8 x 8 images.

    BatchNorm after every convolution makes channel pruning meaningful: removing a
    filter removes its BatchNorm channel and the matching input channel of the next
    convolution.

    Parameters
    ----------
    channels : sequence of three int
        Filters of ``conv1``, ``conv2``, ``conv3``.
    n_classes : int
    """

    def __init__(self, channels=(16, 32, 32), n_classes: int = 10):
        c1, c2, c3 = channels
        super().__init__(
            OrderedDict(
                conv1=nn.Conv2d(1, c1, 3, padding=1),
                bn1=nn.BatchNorm2d(c1),
                relu1=nn.ReLU(),
                conv2=nn.Conv2d(c1, c2, 3, padding=1),
                bn2=nn.BatchNorm2d(c2),
                relu2=nn.ReLU(),
                pool2=nn.MaxPool2d(2),  # 8x8 -> 4x4
                conv3=nn.Conv2d(c2, c3, 3, padding=1),
                bn3=nn.BatchNorm2d(c3),
                relu3=nn.ReLU(),
                pool3=nn.MaxPool2d(2),  # 4x4 -> 2x2
                flatten=nn.Flatten(),
                out=nn.Linear(c3 * 2 * 2, n_classes),
            )
        )


ARCHITECTURES = {"MLP": MLP, "SmallCNN": SmallCNN}


def build(architecture: str, **kwargs) -> nn.Module:
    """Instantiate an architecture by its name in ``ARCHITECTURES``."""
    return ARCHITECTURES[architecture](**kwargs)
