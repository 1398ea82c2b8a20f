"""Benchmark fixtures that run as separate programs (they import Streamlit, which the
backend never does): the bare one-slider page and the page-cache sweep timer.
Driven by ``python -m pruning bench`` (see :mod:`pruning.bench`)."""
