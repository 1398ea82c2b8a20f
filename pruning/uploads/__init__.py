"""Bring your own network or data: load it safely, check it, or say clearly why not.

- :func:`~pruning.uploads.network_upload.upload_source`: a network file (TorchScript
  or a state dict for a sample architecture) plus data -> a
  :class:`~pruning.model_source.ModelSource` that ``run_network`` takes;
- :func:`~pruning.uploads.csv_table.csv_dataset`: a CSV -> a data set for trees;
- :class:`~pruning.uploads.errors.UploadError`: every refusal, a one-line message;
- :func:`~pruning.uploads.limits.upload_limits`: sizes, rows, columns, classes.

No file is ever unpickled with Python's full unpickler: weights go through
``torch.load(weights_only=True)``, TorchScript through ``torch.jit.load``.
"""
from pruning.uploads.csv_table import CsvUpload, csv_dataset
from pruning.uploads.errors import UploadError
from pruning.uploads.limits import UploadLimits, upload_limits
from pruning.uploads.network_upload import SAMPLE_DATA, DataChoice, upload_source
from pruning.uploads.notices import Notice

__all__ = ["CsvUpload", "DataChoice", "Notice", "SAMPLE_DATA", "UploadError", "UploadLimits",
           "csv_dataset", "upload_limits", "upload_source"]
