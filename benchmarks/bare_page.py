"""The floor Streamlit itself imposes: one slider, one metric, nothing else.

``python -m pruning bench`` times slider -> redrawn on this page beside the app's
pages; the app's targets are ratios to this page's median, so they hold on a noisy
machine. Run alone with ``streamlit run benchmarks/bare_page.py``.
"""
import streamlit as st

value = st.slider("Value", min_value=0, max_value=100, value=0, key="value")
st.metric("Value squared", value * value)
