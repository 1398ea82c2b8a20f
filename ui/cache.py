"""Caching at the edges: originals once per server, results per request.

Sample models and their data are loaded once per process by the backend
(``pruning.experiment.sample_with_data``) and shared by every session; that is safe
only because the backend never mutates them (every technique prunes a copy — tested).
Results are plain data cached by their request (``st.cache_data``), bounded by
``RESULT_CACHE_ENTRIES`` so memory stays flat when many students move sliders at once.
"""
from __future__ import annotations


RESULT_CACHE_ENTRIES = 256  # per cached function
