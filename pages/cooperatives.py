"""Koperasi & UMKM: enrolment of UMKM and cooperatives against their base, and the cooperative table."""

import polars as pl
import streamlit as st

from cakupan import app, fmt, views
from cakupan.figures_targets import enrolment_bars, enrolment_map
from cakupan.i18n import t

lang = app.language()
st.title(t("page.cooperatives", lang))
if not app.database_ready():
    st.info(t("empty.no_db", lang))
    st.stop()
st.caption(t("coop.intro", lang))
st.info(t("coop.synthetic_banner", lang), icon=":material/info:")

periods = app.periods()
province_names = dict(app.query("regencies").select("province_code", "province_name").unique()
                      .sort("province_code").iter_rows())
scopes = ["all", *province_names]
kinds = ["umkm", "koperasi"]

left, middle, right = st.columns([2, 1, 1])
scope = left.selectbox(t("coop.filter.scope", lang), scopes,
                       format_func=lambda c: t("coop.scope.all", lang) if c == "all" else f"{province_names[c]} ({c})",
                       index=scopes.index(app.url_choice("scope", scopes, "52")))
kind = middle.radio(t("coop.filter.kind", lang), kinds, horizontal=True, format_func=lambda k: t(f"coop.kind.{k}", lang),
                    index=kinds.index(app.url_choice("kind", kinds, "umkm")))
period = right.selectbox(t("filter.period", lang), periods, format_func=lambda d: fmt.month(d, lang),
                         index=periods.index(app.url_choice("period", periods, periods[0])))
app.remember(scope=scope, kind=kind, period=period)

level = "province" if scope == "all" else "regency"
areas = app.query("enterprise_enrolment", period=period, level=level, province=scope, kind=kind)
if areas.filter(pl.col("enterprises").is_not_null()).is_empty():
    st.info(t("empty.no_data", lang))
    st.stop()
sources = tuple(sorted({s for cell in areas["source"].drop_nulls() for s in cell.split(" | ")}))
provenance = views.Provenance(sources, fmt.month(period, lang), None, bool(areas["enrolled_synthetic"].any()))

if scope != "all":
    total = app.query("enterprise_enrolment", period=period, level="province", province=scope, kind=kind).row(0, named=True)
    cols = st.columns(4)
    base_label = t("prov.published_label" if total["base_published"] else "prov.synthetic_label", lang)
    enrolled_label = t("prov.synthetic_label" if total["enrolled_synthetic"] else "prov.published_label", lang)
    cols[0].metric(t("coop.metric.enrolled", lang, kind=t(f"coop.kind.{kind}", lang)), fmt.number(total["enrolled"], lang),
                   help=enrolled_label)
    cols[1].metric(t("coop.metric.base", lang), fmt.number(total["enterprises"], lang), help=base_label)
    cols[2].metric(t("coop.metric.rate", lang), fmt.percent(total["rate_pct"], lang))
    cols[3].metric(t("coop.metric.not_enrolled", lang), fmt.number(total["not_enrolled"], lang))
    st.caption(t("coop.provenance_line", lang, base=base_label, enrolled=enrolled_label))

layer = app.layer(level)
title = t("coop.map_title", lang, kind=t(f"coop.kind.{kind}", lang), month=fmt.month(period, lang))
views.chart(enrolment_map(areas, layer, title, lang), "coop_map",
            views.Provenance(sources, provenance.as_of, None, provenance.synthetic, layer.credit[lang]), lang)
st.caption(layer.credit[lang])
bars = areas if level == "regency" else areas.head(15)
views.chart(enrolment_bars(bars, t("coop.bars_title" if level == "regency" else "coop.bars_title_top", lang,
                                   kind=t(f"coop.kind.{kind}", lang)), lang), "coop_bars", provenance, lang)

frame = areas.select(
    pl.col("rank").alias(t("col.rank", lang)),
    pl.col("area_code").alias(t("col.code", lang)),
    pl.col("area_name").alias(t("coop.col.area", lang)),
    pl.col("enrolled").alias(t("coop.col.enrolled", lang)),
    pl.col("enterprises").alias(t("coop.col.base", lang)),
    pl.col("rate_pct").alias(t("coop.col.rate", lang)),
    pl.col("not_enrolled").alias(t("coop.col.not_enrolled", lang)),
    pl.col("base_published").alias(t("coop.col.base_published", lang)),
    pl.col("enrolled_synthetic").alias(t("coop.col.enrolled_synthetic", lang)),
    pl.col("source").alias(t("coop.col.source", lang)),
    pl.col("period").alias(t("col.as_of", lang)),
    pl.col("batches").alias(t("col.batch", lang)),
)
with st.expander(t("coop.area_table", lang)):
    views.table(frame, "coop_area_table", provenance, lang, display=views.locale_styler(frame, lang), height=360)

st.subheader(t("coop.table_title", lang))
cooperatives = app.query("cooperatives")
search = st.text_input(t("coop.search", lang), value=st.query_params.get("q", ""), placeholder=t("coop.search_hint", lang))
app.remember(q=search)
needle = search.strip().lower()
found = cooperatives.filter(
    pl.col("name").str.to_lowercase().str.contains(needle, literal=True)
    | pl.col("regency_name").str.to_lowercase().str.contains(needle, literal=True)
    | pl.col("province_name").str.to_lowercase().str.contains(needle, literal=True)) if needle else cooperatives
if found.is_empty():
    st.info(t("coop.search_none", lang, text=search))
else:
    table = found.select(
        pl.col("rank").alias(t("col.rank", lang)),
        pl.col("name").alias(t("coop.col.name", lang)),
        pl.col("regency_name").alias(t("coop.col.regency", lang)),
        pl.col("province_name").alias(t("col.province", lang)),
        pl.col("members").alias(t("coop.col.members", lang)),
        pl.col("enrolled_members").alias(t("coop.col.enrolled_members", lang)),
        pl.col("rate_pct").alias(t("coop.col.member_rate", lang)),
        pl.col("not_enrolled").alias(t("coop.col.not_enrolled_members", lang)),
        pl.col("as_of").alias(t("col.as_of", lang)),
        pl.col("is_synthetic").alias(t("col.synthetic", lang)),
        pl.col("source_title").alias(t("coop.col.source", lang)),
        pl.col("note").alias(t("coop.col.note", lang)),
        pl.col("batch_id").cast(pl.String).alias(t("col.batch", lang)),
    )
    views.table(table, "cooperative_table",
                views.Provenance(tuple(sorted(set(found["source_title"]))), fmt.month(found["as_of"].max(), lang), None,
                                 bool(found["is_synthetic"].any())),
                lang, display=views.locale_styler(table, lang, {t("coop.col.member_rate", lang): 2}))
    st.caption(t("coop.table_caption", lang))
st.page_link("pages/simulator.py", label=t("coop.to_simulator", lang), icon=":material/calculate:")
