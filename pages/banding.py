"""Bandingkan: two provinces or two kabupaten/kota side by side — rate, trend, segments, targets."""

import streamlit as st

from cakupan import drill
from cakupan.choices import default_province
from cakupan.i18n import t
from cakupan.ui import banding, cache, state, widgets

lang = state.language()
periods = widgets.page_start("page.compare", "cmp.intro", lang)
labels = drill.search_labels(cache.query("regencies"), t("search.province", lang))
codes = list(labels)
# The two areas on a row of their own: "Nusa Tenggara Barat · provinsi · 52" was cut in a quarter of the row.
top = st.columns(2)
first = top[0].selectbox(t("cmp.first", lang), codes, format_func=labels.get,
                         key=state.url_key("cmp_a", "a", codes, default_province(codes), "code"))
second = top[1].selectbox(t("cmp.second", lang), codes, format_func=labels.get,
                          key=state.url_key("cmp_b", "b", codes, default_province(codes, 1), "code"))
period, basis = widgets.period_basis(st.columns([1, 1.5, 0.5])[:2], periods, lang, "cmp")
state.remember(a=first, b=second, period=period, basis=basis)
if ("." in first) != ("." in second):
    st.warning(t("cmp.mixed_levels", lang), icon=":material/warning:")

targets = cache.query("targets")
left, right = st.columns(2, gap="large")
with left:
    banding.compare_column(first, period, basis, targets, lang, "a")
with right:
    banding.compare_column(second, period, basis, targets, lang, "b")
for code, side in ((first, "a"), (second, "b")):
    banding.compare_split(code, period, basis, lang, side)
