"""Streamlit glue shared by the pages: language, URL-bound widgets, caching, errors.

The backend (``pruning``) never imports Streamlit; this package is the only place
besides ``app.py`` and ``pages/`` that does.
"""
