"""The sample-model zoo (architectures, shipped weights, training script)."""
from pruning.models.zoo import (
    SAMPLE_MODELS,
    SPECS,
    ModelSpec,
    NetworkData,
    SampleModel,
    build_model,
    load_sample_model,
    network_data,
)

__all__ = ["SAMPLE_MODELS", "SPECS", "ModelSpec", "NetworkData", "SampleModel",
           "build_model", "load_sample_model", "network_data"]
