"""Rendering pieces shared by pages: headline metrics, ranked tables and provenance panels."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cakupan import fmt
from cakupan.boundaries import Layer
from cakupan.i18n import t


def map_frame(provinces: pl.DataFrame) -> pl.DataFrame:
    """The province query's columns under the names the map figure expects."""
    return provinces.rename({"province_code": "code", "province_name": "name"})


def headline_metrics(row: dict, basis: str, lang: str) -> None:
    """Four headline figures with their 12-month change."""
    cols = st.columns(4)
    synthetic = t("prov.synthetic_label", lang) if row["active_synthetic"] else t("prov.published_label", lang)
    cols[0].metric(t("metric.active", lang), fmt.compact(row["active"], lang),
                   delta=fmt.signed(row["active_change"], lang) if row["active_change"] is not None else None,
                   help=f"{fmt.number(row['active'], lang)} ({synthetic})")
    cols[1].metric(t("metric.workers", lang) + f" ({t(f'basis.{basis}.short', lang)})",
                   fmt.compact(row["workers"], lang), help=fmt.number(row["workers"], lang))
    cols[2].metric(t("metric.rate", lang), fmt.percent(row["rate_pct"], lang),
                   delta=fmt.points(row["rate_change_pts"], lang) if row["rate_change_pts"] is not None else None,
                   help=t("metric.rate_of_basis", lang, rate=fmt.percent(row["rate_pct"], lang, 2),
                          basis=t(f"basis.{basis}.short", lang)))
    cols[3].metric(t("metric.uncovered", lang), fmt.compact(row["uncovered"], lang),
                   help=fmt.number(row["uncovered"], lang))


def map_footnote(provinces: pl.DataFrame, basis: str, layer: Layer, lang: str) -> None:
    """Method, the above-100% note and the boundary credit, under a map."""
    lines = [t("overview.method", lang, basis=t(f"basis.{basis}.short", lang))]
    over = provinces.filter(pl.col("rate_pct") > 100).height
    if over:
        lines.append(t("overview.over_100", lang, n=over))
    lines.append(layer.credit[lang])
    st.caption("  \n".join(lines))


def province_table(provinces: pl.DataFrame, lang: str) -> None:
    """The ranked province table, numbers formatted for the reader's locale but sortable."""
    frame = provinces.select(
        pl.col("rank").alias(t("col.rank", lang)),
        pl.col("province_name").alias(t("col.province", lang)),
        pl.col("kanwil_code").alias(t("col.kanwil", lang)),
        pl.col("rate_pct").alias(t("col.rate", lang)),
        pl.col("active").alias(t("col.active", lang)),
        pl.col("workers").alias(t("col.workers", lang)),
        pl.col("uncovered").alias(t("col.uncovered", lang)),
        pl.col("rate_change_pts").alias(t("col.change_pts", lang)),
        pl.when(pl.col("active_synthetic") | pl.col("workers_synthetic"))
        .then(pl.lit(t("prov.synthetic_yes", lang))).otherwise(pl.lit(t("prov.synthetic_no", lang)))
        .alias(t("col.synthetic", lang)),
        pl.col("active_source").alias(t("col.active_source", lang)),
        pl.col("workers_source").alias(t("col.workers_source", lang)),
    ).to_pandas()
    styler = frame.style.format({
        t("col.rate", lang): lambda v: fmt.percent(v, lang, 2),
        t("col.active", lang): lambda v: fmt.number(v, lang),
        t("col.workers", lang): lambda v: fmt.number(v, lang),
        t("col.uncovered", lang): lambda v: fmt.number(v, lang),
        t("col.change_pts", lang): lambda v: fmt.points(v, lang, 2),
    }, na_rep="–")
    st.dataframe(styler, hide_index=True, width="stretch", height=420)


def provenance(provinces: pl.DataFrame, batches: pl.DataFrame, lang: str) -> None:
    """Every source and import batch behind the figures on the page."""
    with st.expander(t("prov.sources_title", lang)):
        sources = (
            pl.concat([
                provinces.select(pl.col("active_source").alias("title"), pl.col("active_source_url").alias("url")),
                provinces.select(pl.col("workers_source").alias("title"), pl.col("workers_source_url").alias("url")),
            ])
            .drop_nulls("title").unique().sort("title")
        )
        for row in sources.iter_rows(named=True):
            st.markdown(f"- {row['title']}" + (f" — <{row['url']}>" if row["url"] else ""))
        st.dataframe(batches.to_pandas(), hide_index=True, width="stretch")
