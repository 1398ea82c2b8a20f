"""The current language and the page-side shortcut to the string catalogue."""
from __future__ import annotations

import streamlit as st

from pruning.i18n import DEFAULT_LANGUAGE, languages, t

LANGUAGE_KEY = "lang"


def language() -> str:
    """The language chosen in the sidebar (kept in the URL as ``?lang=``)."""
    chosen = st.session_state.get(LANGUAGE_KEY)
    if chosen is None:  # first run of a session: the picker has not read the URL yet
        chosen = st.query_params.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return chosen if chosen in languages() else DEFAULT_LANGUAGE


def T(key: str, /, **values: object) -> str:  # noqa: N802 - short on purpose: used everywhere
    """Translate ``key`` into the current language."""
    return t(key, language(), **values)
