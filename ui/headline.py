"""The home page's headline cards: measured once per server, shown to everyone."""
from __future__ import annotations

import streamlit as st

from pruning.headlines import Headline, headline_numbers
from ui.errors import shown_errors
from ui.text import T


@st.cache_data(show_spinner=False, ttl=3600, max_entries=1)
def _measured() -> list[Headline]:
    return headline_numbers()


def _card(headline: Headline) -> None:
    with st.container(border=True):
        st.markdown(T(f"home.headline_{headline.model}",
                      sparsity=round(100 * headline.sparsity),
                      epochs=headline.finetune_epochs))
        cost, speed, accuracy = st.columns(3)
        cost.metric(T("home.metric_macs"), T("home.times", value=headline.macs_ratio),
                    help=T("home.metric_macs_help"))
        speed.metric(T("home.metric_speed"), T("home.times", value=headline.speedup),
                     help=T("home.metric_speed_help"))
        accuracy.metric(T("home.metric_accuracy"),
                        T("home.points", value=headline.accuracy_change),
                        help=T("home.metric_accuracy_help"))
        st.caption(T(f"home.headline_{headline.model}_caption",
                     size=headline.size_ratio))


@st.fragment
def show_headline_numbers() -> None:
    """Three cards (one per sample model): MACs, measured speed, accuracy change."""
    with shown_errors(), st.spinner(T("home.headline_spinner")):
        headlines = _measured()
    for column, headline in zip(st.columns(len(headlines)), headlines):
        with column:
            _card(headline)
