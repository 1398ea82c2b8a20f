"""Layout pieces shared by pages."""
from __future__ import annotations

from typing import Sequence

import streamlit as st


def beside_text(figure, explanation: str, *, height: int, widths: Sequence[int]) -> None:
    """A plotly figure with its explanation in a column beside it."""
    chart_column, text_column = st.columns(list(widths), gap="large")
    with chart_column:
        st.plotly_chart(figure, height=height)
    with text_column:
        st.markdown(explanation)
