"""Turn failures into clear messages on the page, never a traceback."""
from __future__ import annotations

import contextlib
import logging

import streamlit as st

from ui.text import T, language

log = logging.getLogger("pruning_lab")


@contextlib.contextmanager
def shown_errors():
    """Run a block; a user-caused ``ValueError`` becomes ``st.error`` with its message,
    anything else a generic message (details go to the server log, not the page)."""
    try:
        yield
    except ValueError as error:
        # Errors that carry their catalogue key (e.g. UploadError) speak the page's language.
        message = getattr(error, "message", None)
        st.error(message(language()) if callable(message) else str(error),
                 icon=":material/error:")
    except Exception:  # noqa: BLE001 - the page must never show a traceback
        log.exception("unexpected error while rendering")
        st.error(T("ui.unexpected_error"), icon=":material/error:")
