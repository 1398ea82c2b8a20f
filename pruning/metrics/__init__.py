"""Metrics of a network: accuracy, parameters, non-zeros, MACs, bytes, measured latency.

>>> from pruning.models import load_sample_model
>>> from pruning.metrics import count_macs
>>> count_macs(load_sample_model("mlp").model, (64,))
50200
"""
from pruning.metrics.latency import (DEFAULT_REPEATS, DEFAULT_THREADS, DEFAULT_WARMUP, Latency,
                                     denormals_are_flushed, fixed_threads, flushing_denormals,
                                     measure_latency,
                                     measure_latency_with_output, time_forward)
from pruning.metrics.layer_latency import LayerLatency, measure_layer_latency
from pruning.metrics.labels import METRIC_KEYS, metric_explanation, metric_label
from pruning.metrics.macs import MacCount, count_macs, effective_macs, layer_macs
from pruning.metrics.params import ParameterCount, count_parameters
from pruning.metrics.size import csr_bytes, csr_tensor_bytes, dense_bytes
from pruning.metrics.sparse import (CSRLinear, check_same_logits, measure_sparse_latency,
                                    supports_csr, to_csr_model)
from pruning.metrics.summary import (ACCURACY_PARTS, ModelMetrics, Timings, TimingSettings,
                                     accuracy_of_outputs, measure_latencies, measure_static)

__all__ = [
    "ACCURACY_PARTS", "CSRLinear", "DEFAULT_REPEATS", "DEFAULT_THREADS", "DEFAULT_WARMUP",
    "LayerLatency", "Latency", "METRIC_KEYS", "MacCount", "ModelMetrics", "ParameterCount",
    "TimingSettings",
    "Timings", "accuracy_of_outputs", "check_same_logits", "count_macs", "count_parameters",
    "csr_bytes", "csr_tensor_bytes", "denormals_are_flushed", "dense_bytes", "effective_macs",
    "fixed_threads", "flushing_denormals", "layer_macs", "measure_latencies",
    "measure_latency", "measure_latency_with_output", "measure_layer_latency",
    "measure_sparse_latency",
    "measure_static", "metric_explanation", "metric_label", "supports_csr", "time_forward",
    "to_csr_model",
]
