"""Ringkasan Pimpinan: a one-page A4 briefing on one province, or one Kanwil, and month, as PDF and PNG."""

import polars as pl
import streamlit as st

from cakupan import fmt
from cakupan.choices import default_province
from cakupan.i18n import t
from cakupan.reports.briefing import BriefingError
from cakupan.ui import cache, state, widgets

lang = state.language()
periods = widgets.page_start("page.briefing", "briefing.intro", lang)
provinces = cache.query("area_coverage", period=periods[0], basis="ucj", level="province", province="all",
                      segment="all", kind="all").sort("area_code")
codes = provinces["area_code"].to_list()
names = dict(zip(codes, provinces["area_name"].to_list()))
kanwils = cache.query("kanwils").filter(pl.col("provinces") > 0)
kanwil_names = dict(zip(kanwils["kanwil_code"].to_list(), kanwils["name"].to_list()))
scope = st.radio(t("briefing.filter.scope", lang), ["province", "kanwil"], horizontal=True,
                 key=state.url_key("briefing_scope", "scope", ["province", "kanwil"], "province"),
                 format_func=lambda s: t(f"briefing.scope_choice.{s}", lang))
left, middle, right = st.columns([2, 1, 2])
if scope == "kanwil":
    choices = list(kanwil_names)
    area = left.selectbox(t("briefing.filter.kanwil", lang), choices,
                          key=state.url_key("briefing_kanwil", "kanwil", choices, provinces.filter(
                              pl.col("area_code") == default_province(codes))["kanwil_code"][0], "code"),
                          format_func=kanwil_names.get)
else:
    area = left.selectbox(t("briefing.filter.province", lang), codes,
                          key=state.url_key("briefing_province", "province", codes, default_province(codes), "code"),
                          format_func=lambda code: f"{names[code]} ({code})")
period = middle.selectbox(t("filter.period", lang), periods,
                          key=state.url_key("briefing_period", "period", periods, periods[0]),
                          format_func=lambda d: fmt.month(d, lang))
basis = right.radio(t("filter.basis", lang), ["ucj", "bps"], horizontal=True,
                    key=state.url_key("briefing_basis", "basis", ["ucj", "bps"], "ucj"),
                    format_func=lambda b: t(f"basis.{b}", lang))
if scope == "kanwil":
    state.remember(scope=scope, kanwil=area, period=period, basis=basis)
else:
    state.remember(scope=scope, province=area, period=period, basis=basis)

try:
    with st.spinner(t("briefing.generating", lang)):
        made = (cache.kanwil_briefing if scope == "kanwil" else cache.briefing)(area, period, basis, lang)
except BriefingError:
    st.info(t("empty.no_data", lang))
    st.stop()

stem = (f"ringkasan_kanwil_{area.lower()}" if scope == "kanwil" else f"ringkasan_{area}") + f"_{period:%Y-%m}_{lang}"
with st.container(horizontal=True, gap="small", key="briefing_downloads"):
    st.download_button(t("briefing.download.pdf", lang), made.pdf, file_name=f"{stem}.pdf", mime="application/pdf",
                       key="briefing_dl_pdf", help=t("briefing.download.pdf_help", lang), on_click="ignore",
                       icon=":material/picture_as_pdf:", type="primary")
    st.download_button(t("briefing.download.png", lang), made.png, file_name=f"{stem}.png", mime="image/png",
                       key="briefing_dl_png", help=t("briefing.download.png_help", lang), on_click="ignore",
                       icon=":material/image:")
preview, _ = st.columns([3, 1])
preview.image(made.png, caption=t("briefing.preview", lang), width="stretch")
