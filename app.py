"""Pruning Lab: the entry point. Sets up the page, the shared sidebar and navigation.

Run with ``streamlit run app.py`` (or ``bash scripts/start.sh``).
"""
import streamlit as st

from pruning.i18n import languages
from ui.gc_tuning import freeze_long_lived_objects
from ui.text import LANGUAGE_KEY, T
from ui.widgets import selectbox, show_url_notices

st.set_page_config(page_title="Pruning Lab", page_icon=":material/content_cut:", layout="wide")

# The language comes first: page titles below are already in it.
with st.sidebar:
    available = languages()
    if len(available) > 1:
        selectbox(T("ui.language"), LANGUAGE_KEY, available,
                  format_func=lambda code: T(f"ui.language_name_{code}"))

PAGES = [
    st.Page("pages/home.py", title=T("nav.home"), icon=":material/home:", url_path="home", default=True),
    st.Page("pages/trees.py", title=T("nav.trees"), icon=":material/account_tree:", url_path="trees"),
    st.Page("pages/networks.py", title=T("nav.networks"), icon=":material/neurology:", url_path="networks"),
    st.Page("pages/tradeoffs.py", title=T("nav.tradeoffs"), icon=":material/balance:", url_path="tradeoffs"),
    st.Page("pages/summary.py", title=T("nav.summary"), icon=":material/summarize:", url_path="summary"),
    st.Page("pages/generalisation.py", title=T("nav.generalisation"), icon=":material/trending_up:",
            url_path="generalisation"),
    st.Page("pages/lessons.py", title=T("nav.lessons"), icon=":material/school:", url_path="lessons"),
]

page = st.navigation(PAGES)
notices = st.container()  # filled after the page ran: its widgets check the URL
page.run()
with notices:
    show_url_notices()
freeze_long_lived_objects()  # a page's modules are loaded: keep the after-run GC cheap
