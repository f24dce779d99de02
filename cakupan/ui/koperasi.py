"""Koperasi & UMKM: enrolment headline, the area table and the cooperative search."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cakupan import fmt
from cakupan.frames import each
from cakupan.i18n import t
from cakupan.provenance import Provenance, note_text, source_name
from cakupan.ui import widgets


def in_scope(frame: pl.DataFrame, scope: str) -> pl.DataFrame:
    """The cooperatives of one province (rows of the cooperatives query), or all for "all"."""
    return frame if scope == "all" else frame.filter(pl.col("province_code") == scope)


def search_cooperatives(frame: pl.DataFrame, text: str) -> pl.DataFrame:
    """Cooperatives whose name, kabupaten/kota or province contains the text (any case); the text is
    matched literally, never used as a pattern or in SQL."""
    needle = text.strip().lower()
    if not needle:
        return frame
    return frame.filter(pl.any_horizontal(pl.col(c).str.to_lowercase().str.contains(needle, literal=True)
                                          for c in ("name", "regency_name", "province_name")))


def enrolment_headline(total: dict, kind: str, lang: str) -> None:
    """Enrolled, base, share and not yet enrolled for one province, with where each number comes from."""
    cols = st.columns(4)
    base_label = t("prov.published_label" if total["base_published"] else "prov.synthetic_label", lang)
    enrolled_label = t("prov.synthetic_label" if total["enrolled_synthetic"] else "prov.published_label", lang)
    cols[0].metric(t("coop.metric.enrolled", lang, kind=t(f"coop.kind.{kind}", lang)),
                   fmt.number(total["enrolled"], lang), help=enrolled_label)
    cols[1].metric(t("coop.metric.base", lang), fmt.number(total["enterprises"], lang), help=base_label)
    cols[2].metric(t("coop.metric.rate", lang), fmt.percent(total["rate_pct"], lang))
    cols[3].metric(t("coop.metric.not_enrolled", lang), fmt.number(total["not_enrolled"], lang))
    st.caption(t("coop.provenance_line", lang, base=base_label, enrolled=enrolled_label))


def area_enrolment_table(areas: pl.DataFrame, provenance: Provenance, lang: str) -> None:
    """The enterprise_enrolment rows, ranked, with their provenance columns."""
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
    widgets.table(frame, "coop_area_table", provenance, lang, display=widgets.locale_styler(frame, lang), height=360)


def cooperative_table(found: pl.DataFrame, lang: str) -> None:
    """Cooperatives (the cooperatives query) ranked by enrolment rate: members, enrolled, as-of, source."""
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
        each(found["source_title"], lambda s: source_name(s, lang)).alias(t("coop.col.source", lang)),
        each(found["note"], lambda n: note_text(n, lang)).alias(t("coop.col.note", lang)),
        pl.col("batch_id").cast(pl.String).alias(t("col.batch", lang)),
    )
    provenance = Provenance(tuple(sorted(set(found["source_title"]))), fmt.month(found["as_of"].max(), lang),
                                  None, bool(found["is_synthetic"].any()))
    widgets.table(table, "cooperative_table", provenance, lang,
                display=widgets.locale_styler(table, lang, {t("coop.col.member_rate", lang): 2}))
    st.caption(t("coop.table_caption", lang))
