"""The home page's headline rows: measured once per server, shown to everyone."""
from __future__ import annotations

import streamlit as st

from pruning.headlines import Headline, headline_numbers
from ui.errors import shown_errors
from ui.text import T


@st.cache_data(show_spinner=False, ttl=3600, max_entries=1)
def _measured() -> list[Headline]:
    return headline_numbers()


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


@st.fragment
def show_headline_numbers() -> None:
    """One row per sample model: what was pruned, MACs, measured speed, accuracy change."""
    with shown_errors(), st.spinner(T("home.headline_spinner")):
        for headline in _measured():
            _row(headline)
