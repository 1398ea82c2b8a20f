"""Widgets whose state lives in the URL, so a link reopens exactly that view.

Every wrapper keeps its widget's value in the URL query parameter named by its
``key``. A URL value the widget cannot take is dropped with a notice on the page (not
an error), and the default is shown instead.

Numbers and switches use Streamlit's own binding (``bind="query-params"``). Widgets
that choose among options (select box, radio, select slider, multiselect) are bound
here by hand: Streamlit binds them by the *displayed* label, which would put
translated text into links; these keep the option's key (``?dataset=wine``), which
works in every language.
"""
from __future__ import annotations

from typing import Callable, Sequence

import streamlit as st

from ui.text import T, language

_NOTICES_KEY = "_url_notices"


def _url_values(key: str) -> list[str]:
    try:
        return st.query_params.get_all(key)
    except Exception:  # noqa: BLE001 - an unreadable URL is treated as absent
        return []


def _notice(key: str, raw: str) -> None:
    st.session_state.setdefault(_NOTICES_KEY, []).append((key, raw))


def _check(key: str, valid: Callable[[str], bool]) -> None:
    for raw in _url_values(key):
        try:
            ok = valid(raw)
        except (TypeError, ValueError):
            ok = False
        if not ok:
            _notice(key, raw)


def show_url_notices() -> None:
    """Show (once) a notice for each URL parameter that could not be used."""
    for key, raw in st.session_state.pop(_NOTICES_KEY, []):
        st.warning(T("ui.bad_url_value", param=key, value=raw[:40]), icon=":material/link_off:")


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


# --- option widgets: bound by option key, by hand --------------------------------------

def _seed_choice(key: str, options: list, default) -> None:
    """Before the widget exists in this session, take its value from the URL."""
    if key in st.session_state:
        return
    by_name = {str(option): option for option in options}
    value = default
    for raw in _url_values(key)[:1]:
        if raw in by_name:
            value = by_name[raw]
        else:
            _notice(key, raw)
    st.session_state[key] = value


def _seed_choices(key: str, options: list, default: list) -> None:
    if key in st.session_state:
        return
    raws = _url_values(key)
    if not raws:
        st.session_state[key] = list(default)
        return
    by_name = {str(option): option for option in options}
    chosen = []
    for raw in raws:
        if raw in by_name:
            chosen.append(by_name[raw])
        elif raw:
            _notice(key, raw)
    st.session_state[key] = chosen or list(default)


def _write_url(key: str, value, default) -> None:
    """Keep ``?key=`` in step with the widget; absent when it holds the default."""
    values = [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
    defaults = ([str(v) for v in default] if isinstance(default, (list, tuple))
                else [str(default)])
    try:
        if values == defaults:
            if key in st.query_params:
                del st.query_params[key]
        elif _url_values(key) != values:
            st.query_params[key] = values if len(values) != 1 else values[0]
    except Exception:  # noqa: BLE001 - the URL is a convenience; never break the page
        pass


def _resend_after_language_switch(key: str) -> None:
    """Streamlit identifies a keyed widget by its key alone, so after a language
    switch the browser would keep the old-language label of its choice. Assigning the
    value again makes Streamlit send it, with its label in the new language."""
    seen = st.session_state.setdefault("_widget_languages", {})
    current = language()
    if seen.get(key, current) != current and key in st.session_state:
        st.session_state[key] = st.session_state[key]
    seen[key] = current


def _choice_widget(widget, label: str, key: str, options: Sequence, default,
                   **kwargs):
    options = list(options)
    if st.session_state.get(key, default) not in options:
        st.session_state.pop(key, None)  # options changed (e.g. another data set)
    _seed_choice(key, options, default)
    _resend_after_language_switch(key)
    value = widget(label, options=options, key=key, **kwargs)
    _write_url(key, value, default)
    return value


def selectbox(label: str, key: str, options: Sequence, index: int = 0,
              format_func: Callable = str, help: str | None = None, **kwargs):
    """``st.selectbox`` whose choice is kept in the URL as the option's key."""
    options = list(options)
    return _choice_widget(st.selectbox, label, key, options, options[index],
                          format_func=format_func, help=help, **kwargs)


def radio(label: str, key: str, options: Sequence, index: int = 0,
          format_func: Callable = str, help: str | None = None, **kwargs):
    """``st.radio`` whose choice is kept in the URL as the option's key."""
    options = list(options)
    return _choice_widget(st.radio, label, key, options, options[index],
                          format_func=format_func, help=help, **kwargs)


def select_slider(label: str, key: str, options: Sequence, value=None,
                  format_func: Callable = str, help: str | None = None, **kwargs):
    """``st.select_slider`` whose choice is kept in the URL as the option's key."""
    options = list(options)
    default = options[0] if value is None else value
    return _choice_widget(st.select_slider, label, key, options, default,
                          format_func=format_func, help=help, **kwargs)


def multiselect(label: str, key: str, options: Sequence, default: Sequence | None = None,
                format_func: Callable = str, help: str | None = None, **kwargs):
    """``st.multiselect`` whose choices are kept in the URL (``?key=a&key=b``)."""
    options = list(options)
    default = list(default or [])
    current = st.session_state.get(key)
    if current is not None and any(choice not in options for choice in current):
        st.session_state.pop(key)
    _seed_choices(key, options, default)
    _resend_after_language_switch(key)
    value = st.multiselect(label, options=options, key=key, format_func=format_func,
                           help=help, **kwargs)
    _write_url(key, value, default)
    return value
