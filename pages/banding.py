"""Bandingkan: two provinces or two kabupaten/kota side by side — rate, trend, segments, targets."""

import streamlit as st

from cakupan import app, explorer, views
from cakupan import views_explorer as vx
from cakupan.i18n import t

lang = app.language()
periods = views.page_start("page.compare", "cmp.intro", lang)
labels = explorer.search_labels(app.query("regencies"), t("search.province", lang))
codes = list(labels)
top = st.columns([2, 2, 1.3, 2])
first = top[0].selectbox(t("cmp.first", lang), codes, format_func=labels.get,
                         key=app.url_key("cmp_a", "a", codes, "52", "code"))
second = top[1].selectbox(t("cmp.second", lang), codes, format_func=labels.get,
                          key=app.url_key("cmp_b", "b", codes, "53", "code"))
period, basis = vx.period_basis(top[2:], periods, lang, "cmp")
app.remember(a=first, b=second, period=period, basis=basis)
if ("." in first) != ("." in second):
    st.warning(t("cmp.mixed_levels", lang), icon=":material/warning:")

targets = app.query("targets")
left, right = st.columns(2, gap="large")
with left:
    vx.compare_column(first, period, basis, targets, lang, "a")
with right:
    vx.compare_column(second, period, basis, targets, lang, "b")
for code, side in ((first, "a"), (second, "b")):
    vx.compare_split(code, period, basis, lang, side)
