"""Keep Streamlit's garbage collection after every run cheap for this app.

After each script run (fragment reruns included) Streamlit calls ``gc.collect(2)``
(``runner.postScriptGC``). With torch, plotly, scikit-learn and pandas imported, a
full collection walks some 400,000 long-lived objects: about 110 ms on an idle
machine, two or three times that on a busy one, on every slider move. Those objects
(modules, classes, functions) live as long as the server, so they are moved out of
the collector's sight with :func:`gc.freeze` (CPython's API for exactly this);
objects made afterwards are still collected as usual.
"""
from __future__ import annotations

import gc
import sys
import threading

_lock = threading.Lock()
_modules_seen = 0


def freeze_long_lived_objects() -> None:
    """Collect, then freeze every object alive now, whenever new modules were imported
    since the last call (a page seen for the first time); otherwise do nothing."""
    global _modules_seen
    with _lock:
        if len(sys.modules) <= _modules_seen:
            return
        gc.collect()
        gc.freeze()
        _modules_seen = len(sys.modules)
