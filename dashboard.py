"""Cakupan entry point: page navigation, language and the shared sidebar.

`streamlit run dashboard.py` first loads this file once as a module, to find the server's app
(`st.App`, with the start-up warm-up in cakupan.ui.startup); the server then runs it as the
script (`__main__`) of every page view, the branch below.
"""

import streamlit as st

from cakupan.ui import startup

if __name__ != "__main__":
    from starlette.middleware import Middleware

    from cakupan.ui import preload

    # The page itself gets plotly and its topojson stub (cakupan.ui.preload).
    app = st.App(__file__, lifespan=startup.lifespan, middleware=[Middleware(preload.PageMiddleware)])
else:
    startup.wait()
    # First, before anything that looks for them in sys.modules: sessions started together on a fresh
    # server then wait here for one finished import instead of one of them meeting a half-imported
    # pandas ("partially initialized module 'pandas' has no attribute 'Series'").
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401

    from cakupan.i18n import LANGUAGES, t
    from cakupan.ui.admin import import_enabled
    from cakupan.ui import nav, search, state, touch

    st.set_page_config(page_title="Cakupan", page_icon="static/favicon.png", layout="wide")
    touch.apply()

    def _switch_language() -> None:
        """Keep the chosen language in the URL. A callback, because it sees the click even on a
        session's first run, when the widget's returned value can still be its default."""
        choice = st.session_state.get("lang_switch")
        if choice in LANGUAGES:
            st.query_params["lang"] = choice
        else:  # clicking the selected language again would leave none selected
            st.session_state["lang_switch"] = state.language()

    lang = state.language()
    with st.sidebar:
        st.segmented_control(
            t("app.language", lang), LANGUAGES, default=lang,
            format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code], key="lang_switch",
            on_change=_switch_language)
        st.caption(t("app.tagline", lang))

    navigation = nav.navigation(lang, admin=import_enabled())
    with st.sidebar:  # after st.navigation, so that a search result can switch to a known page
        search.search_box(lang)
        search.glossary(lang)
    navigation.run()
