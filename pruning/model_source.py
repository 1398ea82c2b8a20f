"""What a network experiment runs on: a model, its data and how to feed it.

A sample model (``pruning.models``) and a user's upload (``pruning.uploads``) both
become a :class:`ModelSource`, so :func:`pruning.experiment.run_network` and the pages
treat them alike. The model in a source is shared and never modified: every
technique prunes a copy.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from torch import nn

from pruning.models import NetworkData

SAMPLE, TORCHSCRIPT, STATE_DICT = "sample", "torchscript", "state_dict"
UPLOAD_PREFIX = "upload_"


@dataclass(frozen=True, eq=False)
class ModelSource:
    """A network ready for experiments.

    Attributes
    ----------
    key : str
        The name requests use (``NetworkRequest.model``): a sample's name, or
        ``upload_<digest>`` for an upload (the digest covers the model file and the data,
        so equal keys mean equal experiments).
    model : nn.Module
        The unpruned network, eval mode. Shared: never modify it.
    data : NetworkData
        Train / validation / test tensors, already shaped for ``model``.
    input_shape : tuple of int
        One row's shape as the model reads it, e.g. ``(64,)`` or ``(1, 8, 8)``.
    origin : {"sample", "torchscript", "state_dict"}
    label : str
        What people call it: the sample's name or the uploaded file's name.
    details : dict
        Plain data describing it (architecture, data set, rows...), for captions.
    notices : tuple
        :class:`pruning.uploads.notices.Notice` items worth showing (e.g. sampled data).
    """

    key: str
    model: nn.Module
    data: NetworkData
    input_shape: tuple[int, ...]
    origin: str = SAMPLE
    label: str = ""
    details: dict = field(default_factory=dict)
    notices: tuple = ()

    @property
    def uploaded(self) -> bool:
        return self.origin != SAMPLE


def is_upload_key(name: str) -> bool:
    """Whether ``name`` names an upload (never a sample or a bundled data set)."""
    return name.startswith(UPLOAD_PREFIX)
