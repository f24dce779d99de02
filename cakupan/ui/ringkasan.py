"""Ringkasan (the overview page): the province table, the map footnote and the sources panel."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from cakupan import fmt, user_text
from cakupan.boundaries import Layer
from cakupan.figures import bars, trends
from cakupan.frames import each
from cakupan.i18n import messages, t
from cakupan.provenance import (  # pages build Provenance via views
    Provenance,
    as_printed,
    batch_text,
    published_by_area,
    published_list,
    rate_label,
    residual_note,
    segment_note,
    segment_provenance,
    series_provenance,
    source_name,
)
from cakupan.ui import cache, widgets
from cakupan.ui.widgets import frozen, kanwil_names, locale_styler, table


def map_footnote(provinces: pl.DataFrame, basis: str, layer: Layer, lang: str) -> None:
    """Method, the above-100% note and the boundary credit, under a map."""
    lines = [t("overview.method", lang, basis=t(f"basis.{basis}.short", lang))]
    over = provinces.filter(pl.col("rate_pct") > 100).height
    if over:
        lines.append(t("overview.over_100", lang, n=over))
    lines.append(layer.credit[lang])
    st.caption("  \n".join(lines))


def trend_chart(basis: str, lang: str) -> None:
    """The national trend with its targets; its exports cite the series' own sources (the national
    figures behind each published month, the targets' sources), not the month picked above."""
    trend = cache.query("coverage_trend", area_code="ID", basis=basis)
    national = cache.query("targets").filter(pl.col("area_level") == "national", pl.col("basis") == basis,
                                             pl.col("metric") == "coverage_rate")
    # The targets due within the months shown (the Kemendagri and RPJMN targets for 2025, side by
    # side) and the furthest ahead, where the plan leads; milestones in between (RKP 2026's 34,99%)
    # would sit on the line itself: the Target page lists every one.
    last = trend["period"].max() if trend.height else None
    # By value, so that the labels (above and below their lines in turn) of neighbouring lines part.
    targets = national.filter((pl.col("due_period") <= last) | (pl.col("due_period") == pl.col("due_period").max())
                              ).sort("target_value")
    fig = cache.figure("overview_trend", lang, (basis,), lambda: trends.trend_figure(
        trend, targets, t("overview.trend_title", lang, basis=t(f"basis.{basis}.short", lang)), lang))
    provenance = cache.shared("overview_trend_provenance", lang, (basis,), lambda: series_provenance(
        trend.to_dicts(), basis, lang, targets.to_dicts(), t("unit.percent", lang)))
    widgets.chart(fig, "overview_trend", provenance, lang)
    # The key to the dots: a published national count over a synthetic base has its own (review 3 F2).
    st.caption(trends.trend_note(trend, targets, lang))


def segments_chart(period: date, lang: str) -> None:
    """Active participants by segment in `period`, credited to the segment rows' own sources."""
    segments = cache.query("national_segments", period=period)
    fig = cache.figure("overview_segments", lang, (period,),
                       lambda: bars.segment_bar(segments, t("overview.segments", lang), lang))
    widgets.chart(fig, "overview_segments",
                  segment_provenance(segments.to_dicts(), fmt.month(period, lang), t("unit.persons", lang)), lang)
    # What the bars are beside the publications: the printed split, or that the split is synthetic.
    text, title, url, after = segment_note(segments.to_dicts(), fmt.month(period, lang), lang)
    source = f" {t('seg.note.source', lang)}: {user_text.source_md(source_name(title, lang), url)}." if title else ""
    st.caption(user_text.md(text) + source + (" " + user_text.md(after) if after else ""))


def province_table(provinces: pl.DataFrame, provenance: Provenance, period: date, basis: str, lang: str) -> None:
    """The ranked province table of `period` on `basis`, numbers formatted for the reader's locale but
    sortable; each rate with its kind and, where a source printed one for the month, the published
    rate beside it (published rates are overall UCJ rates, so on that basis only). Built and
    formatted once per month, basis and language, and shared by every reader (cache.shared)."""
    def build():
        published = published_by_area(cache.published_rates(f"{period:%Y-%m}", "province"))
        return _province_frames(provinces, lang, published if basis == "ucj" else None)

    frame, shown = cache.shared("province_table", lang, (period, basis), build)
    table(frame, "province_table", provenance, lang, height=420, display=shown)


def _province_frames(provinces: pl.DataFrame, lang: str, published: dict[str, list[dict]] | None):
    """The province table's typed frame (for the downloads) and its frozen, formatted view."""
    rows = provinces.to_dicts()
    first = {code: figures[0] for code, figures in (published or {}).items() if figures}
    reported = [first.get(r["area_code"], {}).get("value") for r in rows]
    frame = provinces.select(
        pl.col("rank").alias(t("col.rank", lang)),
        pl.col("area_code").alias(t("col.code", lang)),
        pl.col("area_name").alias(t("col.province", lang)),
        pl.col("kanwil_code").replace_strict(kanwil_names(), default=pl.col("kanwil_code")).alias(t("col.kanwil", lang)),
        pl.col("rate_pct").alias(t("col.rate", lang)),
        pl.Series(t("col.provenance", lang), [rate_label(r, lang) for r in rows], dtype=pl.String),
        pl.Series(t("col.reported", lang), reported, dtype=pl.Float64),
        pl.Series(t("col.reported_diff", lang),
                  [r["rate_pct"] - v if v is not None and r["rate_pct"] is not None else None
                   for r, v in zip(rows, reported)], dtype=pl.Float64),
        pl.Series(t("col.reported_source", lang), [source_name(first.get(r["area_code"], {}).get("source_title"), lang)
                                                   for r in rows],
                  dtype=pl.String),
        pl.col("active").alias(t("col.active", lang)),
        pl.col("workers").alias(t("col.workers", lang)),
        pl.col("uncovered").alias(t("col.uncovered", lang)),
        pl.col("rate_change_pts").alias(t("col.change_pts", lang)),
        (pl.col("active_synthetic") | pl.col("workers_synthetic")).alias(t("col.synthetic", lang)),
        each(provinces["active_source"], lambda s: source_name(s, lang)).alias(t("col.active_source", lang)),
        each(provinces["workers_source"], lambda s: source_name(s, lang)).alias(t("col.workers_source", lang)),
        pl.col("period").alias(t("col.as_of", lang)),
        pl.col("active_batches").alias(t("col.batch", lang)),
    )
    # Streamlit draws an empty number as "None" whatever the styler says: the sparse reported
    # columns are shown as text (the download keeps the numbers).
    reported_cols = [t(k, lang) for k in ("col.reported", "col.reported_diff")]
    # A reported rate as its source printed it, as the hovers and the briefing give it (Gorontalo's
    # "54 Persen" read "54,00" here and "dilaporkan 54%" on the map).
    shown = frame.with_columns(
        each(frame[reported_cols[0]], lambda v: as_printed(v, lang)),
        each(frame[reported_cols[1]], lambda v: fmt.points(v, lang, 2)),
        pl.col(t("col.reported_source", lang)).fill_null("–")).with_columns(pl.col(reported_cols).fill_null("–"))
    return frame, frozen(locale_styler(
        shown, lang, {t("col.rate", lang): fmt.PERCENT_DIGITS, t("col.change_pts", lang): fmt.POINTS_DIGITS}))


# The keys of the overview's closed panels: their content is built only once a reader opens one
# (tests open them through these keys to see what they hold).
SOURCES_PANEL, PUBLISHED_PANEL = "overview_sources", "overview_published"
CLOSED_PANELS = (SOURCES_PANEL, PUBLISHED_PANEL)


def national_titles(national: dict | None, trend: pl.DataFrame | None) -> list[str]:
    """The sources of the page's national figures: the month's cards (national_summary row) and
    every month of the national trend (coverage_trend rows; several in a cell joined with ' | '),
    each once, sorted (review 3 F22: the panel listed only the provinces')."""
    cells = [national.get(k) for k in ("active_source", "workers_source")] if national else []
    if trend is not None and trend.height:
        cells += trend["active_source"].to_list() + trend["workers_source"].to_list()
    return sorted({title for cell in cells if cell for title in cell.split(" | ")})


@st.fragment
def sources_panel(provinces: pl.DataFrame, batches: pl.DataFrame, lang: str, national: dict | None = None,
                  trend: pl.DataFrame | None = None) -> None:
    """Every source and import batch behind the figures on the page: the national figures' (cards
    and trend), then the provinces'; where the national total is a published figure, how much of it
    the published provinces leave to the others.

    Built only while open: most readers never open it, and its two tables cost as much server
    time as the rest of the page. Opening it reruns this fragment alone."""
    with st.expander(t("prov.sources_title", lang), key=SOURCES_PANEL, on_change="rerun") as panel:
        if not panel.open:
            return
        note = residual_note(national, provinces.to_dicts(), lang) if national else None
        if note:
            st.caption(note)
        sources = (
            pl.concat([
                provinces.select(pl.col("active_source").alias("title"), pl.col("active_source_url").alias("url")),
                provinces.select(pl.col("workers_source").alias("title"), pl.col("workers_source_url").alias("url")),
            ])
            .drop_nulls("title").unique().sort("title")
        )
        addresses = cache.source_addresses(lang)
        country = national_titles(national, trend)
        st.markdown(t("prov.sources_national", lang))
        for title in country:
            name = source_name(title, lang)
            st.markdown("- " + user_text.source_md(name, addresses.get(name)))
        st.markdown(t("prov.sources_provinces", lang))
        for row in sources.iter_rows(named=True):
            st.markdown("- " + user_text.source_md(source_name(row["title"], lang), row["url"]))
        sources = pl.DataFrame({"title": list(dict.fromkeys(country + sources["title"].to_list()))},
                               schema={"title": pl.String})
        known = {key.removeprefix("export.batch_col.") for key in messages() if key.startswith("export.batch_col.")}
        # What a reader needs of each batch; import_batches also holds what the importer recorded.
        batches = batches.select("batch_id", "kind", "file_name", "file_hash", "row_count", "imported_at", "status",
                                 "note")
        words = [c for c in ("kind", "file_name", "note") if c in batches.columns]
        batches = batches.with_columns(each(batches[c], lambda v: batch_text(v, lang))
                                       for c in words)
        frame = batches.rename({name: t(f"export.batch_col.{name}", lang) for name in batches.columns if name in known})
        as_of = fmt.month(provinces["period"][0], lang) if provinces.height else "–"
        table(frame, "batches_table", Provenance(tuple(sources["title"].to_list()), as_of), lang,
              display=locale_styler(frame, lang))


@st.fragment
def published_figures(lang: str) -> None:
    """Every published coverage rate, conflicts side by side, each shown or saying why not (built
    only while its panel is open, as sources_panel)."""
    with st.expander(t("prov.all_published.title", lang), key=PUBLISHED_PANEL, on_change="rerun") as panel:
        if not panel.open:
            return
        figures = cache.query("published_rates", month="all", level="all").to_dicts()
        periods = cache.periods()
        months = (f"{min(periods):%Y-%m}", f"{max(periods):%Y-%m}") if periods else ("", "")
        st.caption(t("prov.all_published.intro", lang))
        frame = pl.DataFrame(published_list(figures, months, lang))
        table(frame, "published_figures", Provenance(tuple(sorted({f["source_title"] for f in figures})), "–",
                                                     kinds=("published",)), lang, height=360)
