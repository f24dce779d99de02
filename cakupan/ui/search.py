"""The sidebar search: jump to any province or kabupaten/kota by name or code, on the explorer."""

from __future__ import annotations

import streamlit as st

from cakupan import drill
from cakupan.i18n import t
from cakupan.ui import cache

PENDING = "cakupan_search_go"


def _chosen() -> None:
    """Callback: remember the choice and empty the box (a widget's value may only change here)."""
    code = st.session_state.get("area_search")
    if code:
        st.session_state[PENDING] = code
    st.session_state["area_search"] = None


def search_box(lang: str) -> None:
    """A type-to-find box over every province and kabupaten/kota; a choice opens it on /peta."""
    if not cache.database_ready():
        return
    # Shared by every session and run (per language and database version): the box is on every page.
    labels = cache.shared("search_labels", lang, (), lambda: drill.search_labels(cache.query("regencies"),
                                                                              t("search.province", lang)))
    st.selectbox(t("search.label", lang), list(labels), index=None, format_func=labels.get, key="area_search",
                 placeholder=t("search.placeholder", lang), on_change=_chosen, help=t("search.help", lang))
    code = st.session_state.pop(PENDING, None)
    if code in labels:
        periods = cache.periods()
        view = drill.search_view(code, cache.geography(periods[0]).kanwil_of) if periods else None
        if view is not None:
            # The explorer's level and Kanwil pickers follow the URL only when first drawn.
            st.session_state["exp_level"], st.session_state["exp_kanwil"] = view.level, view.kanwil
            st.switch_page("pages/peta.py", query_params={**view.params(), "lang": lang})


GLOSSARY = ("ACTIVE", "PU", "BPU", "JAKON", "PMI", "PROGRAMMES", "UCJ", "KANWIL", "SHU", "RAT")


def glossary(lang: str) -> None:
    """One glossary for every page: active and registered participants, the segments, the programmes, UCJ,
    Kanwil, SHU and RAT, the two denominators, rate and points."""
    with st.popover(t("glossary.button", lang), icon=":material/menu_book:", width="stretch"):
        st.markdown(f"**{t('glossary.title', lang)}**")
        lines = [t(f"glossary.{term}", lang) for term in GLOSSARY]
        lines += [f"**{t(f'basis.{b}', lang)}** — {t(f'basis.{b}.help', lang)}" for b in ("ucj", "bps")]
        lines += [t("glossary.rate", lang), t("glossary.points", lang)]
        st.markdown("\n".join(f"- {line}" for line in lines))
