"""Tinjauan Wilayah: one Kanwil's map, ranking, trends, where to act, and two months compared."""

import streamlit as st

from cakupan import app
from cakupan import views_explorer as vx
from cakupan.i18n import t

lang = app.language()
st.title(t("page.regional", lang))
if not app.database_ready():
    st.info(t("empty.no_db", lang))
    st.stop()
st.caption(t("reg.intro", lang))

periods = app.periods()
if not periods:
    st.info(t("empty.no_data", lang))
    st.stop()
geo = vx.geography(periods[0])
review = vx.regional_filters(periods, geo, lang)
app.remember(lang=lang, **review.params())
vx.regional_review(review, geo, lang)
