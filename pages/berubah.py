"""Apa yang berubah: one month against the month before, nationally, per Kanwil, province and kab/kota."""

import polars as pl
import streamlit as st

from cakupan import changes, fmt
from cakupan.figures.bars import change_bars
from cakupan.figures.maps import band_range
from cakupan.i18n import t
from cakupan.ui import berubah, cache, state, widgets

lang = state.language()
periods = widgets.page_start("page.changes", "chg.intro", lang)
if len(periods) < 2:
    st.info(t("chg.one_month", lang))
    st.stop()
left, right = st.columns([1, 2])
period, basis = widgets.period_basis((left, right), periods[:-1], lang, "chg")
state.remember(period=period, basis=basis)

levels = {level: cache.query("monthly_change", period=period, basis=basis, level=level)
          for level in ("national", "kanwil", "province", "regency")}
national = levels["national"].row(0, named=True)
before, month = fmt.month(national["period_before"], lang), fmt.month(period, lang)
provinces = cache.query("area_coverage", period=period, basis=basis, level="province", province="all",
                      segment="all", kind="all")
earlier = cache.query("area_coverage", period=national["period_before"], basis=basis, level="province",
                      province="all", segment="all", kind="all")
# Every change compares two months: its exports cite both months' sources and span both.
provenance = widgets.coverage_provenance(pl.concat([earlier, provinces], how="vertical_relaxed"), basis,
                                         f"{before} – {month}")
if provenance.synthetic:
    st.info(t("app.synthetic_banner", lang), icon="ℹ️")

st.subheader(t("chg.headline", lang, month=month, before=before))
summary = cache.query("national_summary", period=period, basis=basis).row(0, named=True)
berubah.headline(national, summary, basis, lang)
berubah.lowest_link(levels["province"], period, basis, lang)

st.subheader(t("chg.kanwil_title", lang))
berubah.change_table(levels["kanwil"], "col.kanwil", "changes_kanwil", provenance, lang, code=False)

st.subheader(t("chg.province_title", lang))
short = t(f"basis.{basis}.short", lang)
widgets.chart(change_bars(levels["province"], t("chg.province_chart", lang, before=before, month=month, basis=short),
                        lang), "changes_provinces_chart", provenance, lang)
with st.expander(t("chg.province_title", lang)):
    berubah.change_table(levels["province"], "col.province", "changes_provinces", provenance, lang)

st.subheader(t("chg.movers_title", lang))
st.caption(t("chg.movers_caption", lang))
names = dict(zip(levels["province"]["area_code"], levels["province"]["area_name"]))
up, down = changes.movers(levels["regency"], berubah.MOVERS)
up_col, down_col = st.columns(2)
with up_col:
    st.markdown(f"**{t('chg.up_title', lang)}**")
    berubah.mover_links(up, names, period, basis, "chg.none_up", lang)
with down_col:
    st.markdown(f"**{t('chg.down_title', lang)}**")
    berubah.mover_links(down, names, period, basis, "chg.none_down", lang)
with st.expander(t("chg.all_regencies", lang, n=levels["regency"].height)):
    berubah.change_table(levels["regency"], "coop.col.regency", "changes_regencies", provenance, lang, height=420)

st.subheader(t("chg.bands_title", lang))
bands = cache.bands()
st.caption(t("chg.bands_caption", lang, bands="; ".join(band_range(b, lang) for b in bands)))
crossed = pl.concat([changes.band_crossings(levels[lvl], bands).with_columns(pl.lit(lvl).alias("level"))
                     for lvl in ("province", "regency")], how="diagonal_relaxed")
if crossed.is_empty():
    st.caption(t("chg.bands_none", lang))
else:
    berubah.band_table(crossed, bands, provenance, lang)

st.subheader(t("chg.targets_title", lang))
reached = changes.target_crossings(levels, cache.query("targets"), period, basis)
if reached.is_empty():
    st.caption(t("chg.targets_none", lang, basis=short))
else:
    berubah.target_table(reached, provenance, lang)

st.subheader(t("chg.batches_title", lang))
batches = cache.query("import_batches")
if batches.is_empty():
    st.caption(t("chg.batches_none", lang))
else:
    berubah.batch_table(batches, lang)
