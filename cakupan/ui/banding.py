"""Bandingkan: one column per compared area, and their segment splits."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from cakupan import fmt
from cakupan.choices import ALL
from cakupan.figures import bars, trends
from cakupan.i18n import t
from cakupan.provenance import badge, series_provenance, uncovered_badge
from cakupan.ui import cache, widgets


def compare_split(code: str, period: date, basis: str, lang: str, side: str) -> None:
    """One area's split by segment and enterprise kind, full width (two halves would crowd it)."""
    level = "regency" if "." in code else "province"
    frame = cache.query("area_coverage", period=period, basis=basis, level=level, province=code[:2],
                      segment=ALL, kind=ALL).filter(pl.col("area_code") == code)
    if frame.is_empty():
        return
    split = cache.query("area_split", area_code=code, period=period, basis=basis)
    title = t("cmp.split_title", lang, name=frame["area_name"][0], month=fmt.month(period, lang))
    widgets.chart(bars.split_figure(split, title, lang), f"compare_split_{side}",
                widgets.coverage_provenance(frame, basis, fmt.month(period, lang)), lang)


def compare_column(code: str, period: date, basis: str, targets: pl.DataFrame, lang: str, side: str) -> None:
    """One side of a comparison: the area's rate and counts, its monthly trend with its targets and
    its coverage targets with the gap to each (same month and basis on both sides)."""
    level = "regency" if "." in code else "province"
    frame = cache.query("area_coverage", period=period, basis=basis, level=level, province=code[:2],
                      segment=ALL, kind=ALL).filter(pl.col("area_code") == code)
    if frame.is_empty() or frame["rate_pct"][0] is None:
        st.info(t("empty.no_data", lang))
        return
    row = frame.row(0, named=True)
    st.subheader(row["area_name"])
    st.caption(t(f"exp.detail_kind_{level}", lang, code=code))
    # Half a page holds three figures on one line each only in a slightly smaller type: at
    # Streamlit's size "318,9 ribu" broke over two lines (touch.TOUCH_CSS).
    cols = st.container(key=f"compare_metrics_{side}").columns(3)
    cols[0].metric(t("metric.rate", lang), fmt.percent(row["rate_pct"], lang), help=t("exp.delta_12m", lang),
                   **widgets.delta(row["rate_change_pts"], fmt.points(row["rate_change_pts"], lang)))
    cols[1].metric(t("metric.active", lang), fmt.compact(row["active"], lang), help=fmt.number(row["active"], lang))
    cols[2].metric(t("metric.uncovered", lang), fmt.compact(row["uncovered"], lang),
                   help=fmt.number(row["uncovered"], lang))
    # How each figure came to be, as under Peta's cards for the same area and month: without it a
    # synthetic rate stood here unlabelled beside the same rate marked "Sintetis" on Peta.
    for col, part in zip(cols[:2], (None, "active")):
        col.caption(badge(row, lang, period, part))
    cols[2].caption(uncovered_badge(row, lang, period))
    own = targets.filter(pl.col("area_code") == code, pl.col("basis") == basis)
    trend = cache.query("coverage_trend", area_code=code, basis=basis)
    # The trend spans every month: its exports cite the series' sources, not the chosen month's.
    provenance = series_provenance(trend.to_dicts(), basis, lang,
                                   own.filter(pl.col("metric") == "coverage_rate").to_dicts(), t("unit.percent", lang))
    widgets.chart(trends.trend_figure(trend, own, t("exp.trend_title", lang, name=row["area_name"]), lang),
                  f"compare_trend_{side}", provenance, lang)
    rates = own.filter(pl.col("metric") == "coverage_rate")
    if rates.is_empty():
        st.caption(t("cmp.no_target", lang))
    for target in rates.to_dicts():
        st.markdown(t("cmp.target_line", lang, set_by=target["set_by"],
                      target=fmt.percent(target["target_value"], lang, fmt.TARGET_DIGITS),
                      due=fmt.month(target["due_period"], lang),
                      gap=fmt.gap(row["rate_pct"] - target["target_value"], lang)))
