"""Cached edge of the lottery-ticket experiment on the lessons page.

The result is plain data (per-round accuracies); the masks are dropped before
caching, so a cached entry stays a few hundred bytes. A cache hit reports no progress.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

import streamlit as st

from pruning.nn.lottery import LotteryResult, lottery_ticket

LOTTERY_RESULTS_KEPT = 32


@st.cache_data(max_entries=LOTTERY_RESULTS_KEPT, show_spinner=False)
def lottery_result(model: str, rounds: int, prune_per_round: float, epochs: int,
                   seed: int = 0,
                   _progress: Callable[[float, str], None] | None = None) -> LotteryResult:
    """:func:`pruning.nn.lottery.lottery_ticket` without its masks."""
    result = lottery_ticket(model, rounds, prune_per_round, epochs, seed, progress=_progress)
    return replace(result, masks=[])
