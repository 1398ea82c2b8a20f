"""Caching at the edges: originals once per server, results per request.

Loaded models are shared by every session (``st.cache_resource``); that is safe only
because the backend never mutates them (every technique prunes a copy — tested).
Results are plain data cached by their request (``st.cache_data``), bounded so memory
stays flat when many students move sliders at once.
"""
from __future__ import annotations

import streamlit as st

from pruning.models import NetworkData, SampleModel, load_sample_model, network_data

RESULT_CACHE_ENTRIES = 256  # per cached function


@st.cache_resource(show_spinner=False)
def sample_model(name: str) -> SampleModel:
    """A sample model, loaded once per server process. Never modify it."""
    return load_sample_model(name)


@st.cache_resource(show_spinner=False)
def sample_data(name: str) -> NetworkData:
    """The data split of sample model ``name``, as tensors, built once."""
    return network_data(sample_model(name).spec)
