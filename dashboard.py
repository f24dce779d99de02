"""Cakupan entry point: page navigation, language and the shared sidebar."""

# First, before anything that looks for them in sys.modules: sessions started together on a fresh
# server then wait here for one finished import instead of one of them meeting a half-imported
# pandas ("partially initialized module 'pandas' has no attribute 'Series'").
import pandas  # noqa: F401
import pyarrow  # noqa: F401
import streamlit as st

from cakupan import app, views_search
from cakupan.i18n import LANGUAGES, t
from cakupan.importer.admin import import_enabled

st.set_page_config(page_title="Cakupan", page_icon="static/favicon.png", layout="wide")


def _switch_language() -> None:
    """Keep the chosen language in the URL. A callback, because it sees the click even on a
    session's first run, when the widget's returned value can still be its default."""
    choice = st.session_state.get("lang_switch")
    if choice in LANGUAGES:
        st.query_params["lang"] = choice
    else:  # clicking the selected language again would leave none selected
        st.session_state["lang_switch"] = app.language()


lang = app.language()
with st.sidebar:
    st.segmented_control(
        t("app.language", lang), LANGUAGES, default=lang,
        format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code], key="lang_switch",
        on_change=_switch_language)
    st.caption(t("app.tagline", lang))

pages = [
    st.Page("pages/ringkasan.py", title=t("page.overview", lang), icon=":material/map:", url_path="ringkasan", default=True),
    st.Page("pages/berubah.py", title=t("page.changes", lang), icon=":material/compare_arrows:", url_path="berubah"),
    st.Page("pages/peta.py", title=t("page.explorer", lang), icon=":material/travel_explore:", url_path="peta"),
    st.Page("pages/banding.py", title=t("page.compare", lang), icon=":material/compare:", url_path="banding"),
    st.Page("pages/wilayah.py", title=t("page.regional", lang), icon=":material/query_stats:", url_path="wilayah"),
    st.Page("pages/target.py", title=t("page.targets", lang), icon=":material/flag:", url_path="target"),
    st.Page("pages/koperasi.py", title=t("page.cooperatives", lang), icon=":material/groups:", url_path="koperasi"),
    st.Page("pages/simulator.py", title=t("page.simulator", lang), icon=":material/calculate:", url_path="simulator"),
    st.Page("pages/briefing.py", title=t("page.briefing", lang), icon=":material/description:", url_path="briefing"),
    # Only administrators import: without an admin secret the page stays reachable by its address
    # (it then says imports are closed) but is not offered in the navigation.
    st.Page("pages/impor.py", title=t("page.import", lang), icon=":material/upload_file:", url_path="impor",
            visibility="visible" if import_enabled() else "hidden"),
]
navigation = st.navigation(pages)
with st.sidebar:  # after st.navigation, so that a search result can switch to a known page
    views_search.search_box(lang)
    views_search.glossary(lang)
navigation.run()
