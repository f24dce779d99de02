"""Koperasi & UMKM: enrolment of UMKM and cooperatives against their base, and the cooperative table."""

import polars as pl
import streamlit as st

from cakupan import fmt, user_text
from cakupan.choices import default_province
from cakupan.figures.bars import enrolment_bars
from cakupan.figures.maps import enrolment_map
from cakupan.i18n import t
from cakupan.provenance import Provenance
from cakupan.ui import cache, koperasi, state, widgets

lang = state.language()
periods = widgets.page_start("page.cooperatives", "coop.intro", lang)
st.info(t("coop.synthetic_banner", lang), icon=":material/info:")

province_names = dict(cache.query("regencies").select("province_code", "province_name").unique()
                      .sort("province_code").iter_rows())
scopes = ["all", *province_names]
kinds = ["umkm", "koperasi"]

left, middle, right = st.columns([2, 1, 1])
scope = left.selectbox(t("coop.filter.scope", lang), scopes,
                       format_func=lambda c: t("coop.scope.all", lang) if c == "all" else f"{province_names[c]} ({c})",
                       key=state.url_key("coop_scope", "scope", scopes, default_province(scopes), "code"))
kind = middle.radio(t("coop.filter.kind", lang), kinds, horizontal=True, format_func=lambda k: t(f"coop.kind.{k}", lang),
                    key=state.url_key("coop_kind", "kind", kinds, "umkm"))
period = right.selectbox(t("filter.period", lang), periods, format_func=lambda d: fmt.month(d, lang),
                         key=state.url_key("coop_period", "period", periods, periods[0]))
state.remember(scope=scope, kind=kind, period=period)

level = "province" if scope == "all" else "regency"
areas = cache.query("enterprise_enrolment", period=period, level=level, province=scope, kind=kind)
if areas.filter(pl.col("enterprises").is_not_null()).is_empty():
    st.info(t("empty.no_data", lang))
    st.stop()
sources = tuple(sorted({s for cell in areas["source"].drop_nulls() for s in cell.split(" | ")}))
provenance = Provenance(sources, fmt.month(period, lang), None, bool(areas["enrolled_synthetic"].any()))

if scope != "all":
    koperasi.enrolment_headline(
        cache.query("enterprise_enrolment", period=period, level="province", province=scope, kind=kind).row(0, named=True),
        kind, lang)

layer = cache.shown_layer(level, None if scope == "all" else [scope])
title = t("coop.map_title", lang, kind=t(f"coop.kind.{kind}", lang), month=fmt.month(period, lang),
          scope=t("exp.national", lang) if scope == "all" else province_names[scope])
widgets.chart(enrolment_map(areas, layer, title, lang), "coop_map",
            Provenance(sources, provenance.as_of, None, provenance.synthetic, layer.credit[lang]), lang)
st.caption(layer.credit[lang])
bars = areas if level == "regency" else areas.head(15)
widgets.chart(enrolment_bars(bars, t("coop.bars_title" if level == "regency" else "coop.bars_title_top", lang,
                                   kind=t(f"coop.kind.{kind}", lang)), lang), "coop_bars", provenance, lang)

with st.expander(t("coop.area_table", lang)):
    koperasi.area_enrolment_table(areas, provenance, lang)

st.subheader(t("coop.table_title", lang))
# Only the chosen province's cooperatives (all of them for "all provinces").
cooperatives = koperasi.in_scope(cache.query("cooperatives"), scope)
if "coop_search" not in st.session_state:  # a shared link restores the search once
    st.session_state["coop_search"] = st.query_params.get("q", "")
if cooperatives.is_empty():
    st.info(t("coop.none_in_scope", lang, province=province_names.get(scope, scope)))
else:
    search = st.text_input(t("coop.search", lang), placeholder=t("coop.search_hint", lang), key="coop_search")
    state.remember(q=search)
    found = koperasi.search_cooperatives(cooperatives, search)
    if found.is_empty():
        st.info(t("coop.search_none", lang, text=user_text.md(search)))
    else:
        koperasi.cooperative_table(found, lang)
st.page_link("pages/simulator.py", label=t("coop.to_simulator", lang), icon=":material/calculate:")
