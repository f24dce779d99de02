"""Ringkasan Nasional: headline figures, the province map and the ranking for one month."""

import dataclasses

import streamlit as st

from cakupan import drill, fmt
from cakupan.figures import maps
from cakupan.i18n import t
from cakupan.ui import cache, ringkasan, state, widgets

lang = state.language()
periods = widgets.page_start("page.overview", "overview.intro", lang)
left, right = st.columns([1, 2])
period = left.selectbox(t("filter.period", lang), periods, key=state.url_key("overview_period", "period", periods, periods[0]),
                        format_func=lambda d: fmt.month(d, lang))
basis = right.radio(t("filter.basis", lang), ["ucj", "bps"], horizontal=True,
                    key=state.url_key("overview_basis", "basis", ["ucj", "bps"], "ucj"),
                    format_func=lambda b: t(f"basis.{b}", lang))
state.remember(period=period, basis=basis)
st.caption(t(f"basis.{basis}.help", lang))

summary = cache.query("national_summary", period=period, basis=basis)
provinces = cache.query("area_coverage", period=period, basis=basis, level="province", province="all",
                      segment="all", kind="all")
if summary.is_empty():
    st.info(t("empty.no_data", lang))
    st.stop()
headline = summary.row(0, named=True)
if headline["provinces_covered"] < headline["provinces_total"]:
    # A month with data for some provinces only is not Indonesia's figure.
    st.warning(t("overview.partial_national", lang, n=headline["provinces_covered"],
                 total=headline["provinces_total"]), icon="⚠️")
    # A change against a year with more provinces would compare different sets of provinces.
    headline = headline | {"active_change": None, "rate_change_pts": None}
widgets.headline_metrics(headline, basis, lang)
st.caption(t("overview.change_note", lang, month=fmt.month(period.replace(year=period.year - 1), lang)))
layer = cache.shown_layer("province")
# What follows from the month and basis alone is built once and shared (cache.shared, cache.figure).
provenance = cache.shared("overview_provenance", lang, (period, basis, cache.layer_version("province")),
                          lambda: widgets.coverage_provenance(
                              provinces, basis, fmt.month(period, lang), layer.credit[lang]))
if provenance.synthetic:
    st.info(t("app.synthetic_banner", lang), icon="ℹ️")

title = t("overview.map_title", lang, month=fmt.month(period, lang), basis=t(f"basis.{basis}.short", lang))
fig = cache.figure("overview_map", lang, (period, basis), lambda: maps.metric_map(
    widgets.with_published(provinces, period, "province", lang) if basis == "ucj" else provinces,  # UCJ rates
    layer, "rate", basis, title, lang, height=440))
event = widgets.chart(fig, "overview_map", dataclasses.replace(provenance, unit=t("unit.percent", lang)), lang,
                    on_select="rerun", selection_mode="points")
widgets.open_on_explorer(drill.clicked_code((event or {}).get("selection")), period, basis, lang)
st.caption(t("overview.click_hint", lang))
ringkasan.map_footnote(provinces, basis, layer, lang)

ringkasan.trend_chart(basis, lang)
ringkasan.segments_chart(period, lang)

st.subheader(t("overview.table_title", lang))
ringkasan.province_table(provinces, provenance, period, basis, lang)
ringkasan.sources_panel(provinces, cache.query("import_batches"), lang, summary.row(0, named=True),
                        cache.query("coverage_trend", area_code="ID", basis=basis))
ringkasan.published_figures(lang)
