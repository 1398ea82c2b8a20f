"""The home page's headline rows: measured once per server, shown to everyone.

Measuring them means importing torch and scikit-learn and running three real
experiments with fine-tuning and timed inference: several seconds on a cold server.
So the home page never waits for them: the first visit starts the measurement and
draws the whole page at once, with a running status where the numbers go; a small
fragment looks again every :data:`POLL_SECONDS` and, once the numbers are in, reruns
the page to show them. Later visits (any session) find them measured. They are
measured again after :data:`MEASURE_AGAIN_AFTER_S`.

The measurement runs in a child process (``python -m pruning.headlines``), waited
for by a background thread. In a thread of the server's own process, loading torch's
libraries and training held the interpreter lock for seconds, and every page of every
session stalled meanwhile (measured on 2 cores: the home page's first run took 2.7 s
instead of well under one, each look of the fragment up to 1.9 s).
"""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

import streamlit as st

from pruning.headline_record import Headline
from pruning.i18n import t
from ui.errors import shown_errors
from ui.text import T

# Each look is a quick fragment run. Two seconds apart, the page is idle in between
# for longer than the benchmark's 700 ms "nothing changed, so it is loaded" window,
# and the numbers still appear within two seconds of being measured.
POLL_SECONDS = 2.0
MEASURE_AGAIN_AFTER_S = 3600
MEASURE_TIMEOUT_S = 900
ROOT = Path(__file__).resolve().parents[1]


def _measure_all() -> list[Headline]:
    """The headline numbers, measured by ``python -m pruning.headlines`` in a child
    process (its own interpreter lock, and its torch never loaded in the server)."""
    finished = subprocess.run([sys.executable, "-m", "pruning.headlines"], cwd=ROOT,
                              capture_output=True, text=True, timeout=MEASURE_TIMEOUT_S)
    if finished.returncode != 0:
        raise RuntimeError(t("home.errors.headline_failed", code=finished.returncode,
                             detail=finished.stderr.strip()[-800:]))
    return [Headline(**fields) for fields in json.loads(finished.stdout)]


def start_measuring(measure) -> Future:
    """Run ``measure()`` in a thread of its own; its result or exception lands in the
    returned future.

    Not a daemon thread: a process that exits mid-measurement (a server stopped, a
    test run ending) waits the few seconds until it is done, rather than leave a
    measuring child behind (and a ``measure`` that runs torch in this process would
    abort it: torch terminates the process when torn down under a running thread).
    """
    future: Future = Future()

    def work() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(measure())
        except BaseException as error:  # noqa: BLE001 - handed to the page, shown there
            future.set_exception(error)

    # (explicitly: a thread inherits the daemon flag of the one that starts it, here a
    # daemon script thread)
    threading.Thread(target=work, name="headline-numbers", daemon=False).start()
    return future


@st.cache_resource(show_spinner=False, ttl=MEASURE_AGAIN_AFTER_S, max_entries=1)
def headline_measurement() -> Future:
    """The server's one measurement of the headline numbers (started on first call)."""
    return start_measuring(_measure_all)


def _row(headline: Headline) -> None:
    with st.container(border=True):
        story, cost, speed, accuracy = st.columns([2.2, 1, 1, 1], vertical_alignment="center")
        finetuning = (T("home.finetune_epochs", epochs=headline.finetune_epochs)
                      if headline.finetune_epochs else T("home.no_finetune"))
        story.markdown(T(f"home.headline_{headline.model}",
                         sparsity=round(100 * headline.sparsity), finetuning=finetuning))
        story.caption(T(f"home.headline_{headline.model}_caption", size=headline.size_ratio))
        kind = "physical" if headline.physical else "zeroed"
        cost.metric(T(f"home.metric_macs_{kind}"), T("home.times", value=headline.macs_ratio),
                    help=T("home.metric_macs_help"))
        # two decimals: "1.0x" would hide whether zeros bought anything at all
        speed.metric(T("home.metric_speed"), T("home.times_precise", value=headline.speedup),
                     help=T("home.metric_speed_help"))
        accuracy.metric(T("home.metric_accuracy"),
                        T("home.points", value=headline.accuracy_change),
                        help=T("home.metric_accuracy_help"))


def _show_measured(measurement: Future) -> None:
    if measurement.exception() is not None:
        headline_measurement.clear()  # the next visit measures again
    with shown_errors():
        for headline in measurement.result():
            _row(headline)


@st.fragment(run_every=POLL_SECONDS)
def _waiting_for(measurement: Future) -> None:
    if measurement.done():
        st.rerun()  # the whole page: its next run draws the rows and stops this polling
    st.status(T("home.headline_spinner"), state="running")


def show_headline_numbers() -> None:
    """One row per sample model: what was pruned, MACs, measured speed, accuracy change;
    a running status instead while they are being measured (started here if the page
    has not started it already)."""
    measurement = headline_measurement()
    if measurement.done():
        _show_measured(measurement)
    else:
        _waiting_for(measurement)
