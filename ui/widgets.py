"""Widgets whose state lives in the URL, so a link reopens exactly that view.

Each wrapper binds the widget to a query parameter named by its ``key`` (Streamlit's
``bind="query-params"``). Streamlit drops a URL value the widget cannot take; these
wrappers check the value first so the page can say so (a notice, not an error) and
fall back to the default.
"""
from __future__ import annotations

from typing import Callable, Sequence

import streamlit as st

from ui.text import T

_NOTICES_KEY = "_url_notices"


def _url_value(key: str) -> str | None:
    try:
        value = st.query_params.get(key)
    except Exception:  # noqa: BLE001 - an unreadable URL is treated as absent
        return None
    return value


def _check(key: str, valid: Callable[[str], bool]) -> None:
    raw = _url_value(key)
    if raw is None:
        return
    try:
        ok = valid(raw)
    except (TypeError, ValueError):
        ok = False
    if not ok:
        st.session_state.setdefault(_NOTICES_KEY, []).append((key, raw))


def show_url_notices() -> None:
    """Show (once) a notice for each URL parameter that could not be used."""
    for key, raw in st.session_state.pop(_NOTICES_KEY, []):
        st.warning(T("ui.bad_url_value", key=key, value=raw[:40]), icon=":material/link_off:")


def _number_in(low: float, high: float, integer: bool) -> Callable[[str], bool]:
    def valid(raw: str) -> bool:
        number = float(raw)
        if integer and not number.is_integer():
            return False
        return low <= number <= high
    return valid


def slider(label: str, key: str, min_value, max_value, value, step=None,
           help: str | None = None, **kwargs):
    """``st.slider`` bound to the URL parameter ``key``."""
    integer = all(isinstance(v, int) for v in (min_value, max_value, value))
    _check(key, _number_in(min_value, max_value, integer))
    return st.slider(label, min_value=min_value, max_value=max_value, value=value, step=step,
                     key=key, help=help, bind="query-params", **kwargs)


def select_slider(label: str, key: str, options: Sequence, value=None,
                  format_func: Callable = str, help: str | None = None, **kwargs):
    """``st.select_slider`` bound to the URL parameter ``key``."""
    names = {str(option) for option in options}
    _check(key, lambda raw: raw in names)
    return st.select_slider(label, options=list(options), value=value, key=key,
                            format_func=format_func, help=help, bind="query-params", **kwargs)


def selectbox(label: str, key: str, options: Sequence, index: int = 0,
              format_func: Callable = str, help: str | None = None, **kwargs):
    """``st.selectbox`` bound to the URL parameter ``key``."""
    names = {str(option) for option in options}
    _check(key, lambda raw: raw in names)
    return st.selectbox(label, options=list(options), index=index, key=key,
                        format_func=format_func, help=help, bind="query-params", **kwargs)


def radio(label: str, key: str, options: Sequence, index: int = 0,
          format_func: Callable = str, help: str | None = None, **kwargs):
    """``st.radio`` bound to the URL parameter ``key``."""
    names = {str(option) for option in options}
    _check(key, lambda raw: raw in names)
    return st.radio(label, options=list(options), index=index, key=key,
                    format_func=format_func, help=help, bind="query-params", **kwargs)


def toggle(label: str, key: str, value: bool = False, help: str | None = None, **kwargs):
    """``st.toggle`` bound to the URL parameter ``key``."""
    _check(key, lambda raw: raw.lower() in ("true", "false"))
    return st.toggle(label, value=value, key=key, help=help, bind="query-params", **kwargs)


def number_input(label: str, key: str, min_value, max_value, value, step=None,
                 help: str | None = None, **kwargs):
    """``st.number_input`` bound to the URL parameter ``key``."""
    integer = all(isinstance(v, int) for v in (min_value, max_value, value))
    _check(key, _number_in(min_value, max_value, integer))
    return st.number_input(label, min_value=min_value, max_value=max_value, value=value,
                           step=step, key=key, help=help, bind="query-params", **kwargs)


def multiselect(label: str, key: str, options: Sequence, default: Sequence | None = None,
                format_func: Callable = str, help: str | None = None, **kwargs):
    """``st.multiselect`` bound to the URL parameter ``key`` (one ``key=`` per choice).

    The URL holds each choice as shown (``format_func``'s label), as Streamlit binds it.
    """
    names = {str(format_func(option)) for option in options}
    try:
        chosen = st.query_params.get_all(key)
    except Exception:  # noqa: BLE001 - an unreadable URL is treated as absent
        chosen = []
    for raw in chosen:
        if raw and raw not in names:
            st.session_state.setdefault(_NOTICES_KEY, []).append((key, raw))
    return st.multiselect(label, options=list(options), default=default, key=key,
                          format_func=format_func, help=help, bind="query-params", **kwargs)
