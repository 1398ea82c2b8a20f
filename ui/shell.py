"""Make every page run inside the app shell (``app.py``), even on a deep link.

Streamlit 1.67 runs an app that has a ``pages/`` folder in its old multipage mode
until ``st.navigation`` has been called once in the server process. So the very first
visitor of a fresh server who opens a deep link (``/trees?...``, say from a teacher's
link) would get ``pages/trees.py`` run on its own: no shared sidebar, no language, no
URL notices. Each page calls :func:`require_app_shell` first; in that mode it
switches the process to ``st.navigation`` mode and reruns, so ``app.py`` takes over
and opens the same page with the same URL.
"""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def require_app_shell() -> None:
    """Rerun through ``app.py`` when Streamlit ran this page file on its own."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
