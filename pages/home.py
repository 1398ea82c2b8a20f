"""Home: what pruning is and why, headline numbers, and a card per page."""
import streamlit as st

from ui.headline import headline_measurement, show_headline_numbers
from ui.shell import require_app_shell
from ui.text import T

require_app_shell()
headline_measurement()  # first visit: starts measuring the numbers, in the background

st.title(T("home.title"))
st.markdown(T("home.tagline"))

left, right = st.columns(2, gap="large")
with left:
    st.subheader(T("home.what_title"))
    st.markdown(T("home.what"))
    st.subheader(T("home.when_title"))
    st.markdown(T("home.when"))
with right:
    st.subheader(T("home.kinds_title"))
    st.markdown(T("home.kinds"))
    st.subheader(T("home.criteria_title"))
    st.markdown(T("home.criteria"))

st.subheader(T("home.table_title"))
st.table(
    {
        T("home.table_aspect"): [T(f"home.row_{row}") for row in ("size", "speed", "accuracy", "effort")],
        T("home.table_benefit"): [T(f"home.row_{row}_benefit")
                                  for row in ("size", "speed", "accuracy", "effort")],
        T("home.table_cost"): [T(f"home.row_{row}_cost")
                               for row in ("size", "speed", "accuracy", "effort")],
    },
    hide_index=True,
)

st.subheader(T("home.headline_title"))
st.caption(T("home.headline_caption"))
show_headline_numbers()

st.subheader(T("home.go_title"))
PAGE_CARDS = [("trees", ":material/account_tree:"), ("networks", ":material/neurology:"),
              ("tradeoffs", ":material/balance:"), ("generalisation", ":material/trending_up:"),
              ("lessons", ":material/school:"), ("summary", ":material/summarize:")]
CARDS_PER_ROW = 3  # wider cards: page names never break mid-word
for start in range(0, len(PAGE_CARDS), CARDS_PER_ROW):
    row = PAGE_CARDS[start:start + CARDS_PER_ROW]
    for card, (page, icon) in zip(st.columns(CARDS_PER_ROW), row):
        with card.container(border=True, height="stretch"):
            st.markdown(f"#### {icon} {T(f'nav.{page}')}")
            st.write(T(f"home.card_{page}"))
            st.page_link(f"pages/{page}.py", label=T("home.open_page"),
                         icon=":material/arrow_forward:")
