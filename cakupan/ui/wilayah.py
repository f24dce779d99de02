"""Tinjauan Wilayah: a Kanwil's review, loaded first, then derived and drawn section by section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from cakupan import choices, drill, fmt, gaps, map_sizing
from cakupan.choices import ALL
from cakupan.boundaries import Layer
from cakupan.drill import View
from cakupan.figures import bars, maps, theme, trends
from cakupan.frames import each
from cakupan.i18n import t
from cakupan.provenance import (Provenance, as_printed, badge, change_note, published_by_area, rate_label,
                                series_provenance, source_name, uncovered_badge)
from cakupan.ui import cache, widgets
from cakupan.ui.cache import Geography, shown_layer
from cakupan.ui.peta import drop_empty, gap_words, short_kabupaten, target_text
from cakupan.ui.widgets import _radio, _select, display, period_basis


@dataclass(frozen=True)
class Review:
    """The regional review's choices."""
    kanwil: str
    period: date
    compare: date
    basis: str
    rank_level: str
    reference: str

    def params(self) -> dict[str, object]:
        return {"kanwil": self.kanwil, "period": self.period, "compare": self.compare, "basis": self.basis,
                "rank_level": self.rank_level, "reference": self.reference}


def regional_filters(periods: list[date], geo: Geography, lang: str) -> Review:
    """The review's pickers, each starting from the URL."""
    top = st.columns([1.4, 1, 1.6])
    kanwil = _select(top[0], t("exp.filter.kanwil", lang), geo.kanwil_order, "kanwil", "reg_kanwil",
                     geo.kanwil_order[0], lambda k: geo.kanwil_names[k], "code")
    period, basis = period_basis(top[1:], periods, lang, "reg")
    second = st.columns([1.4, 1, 1.6])
    year_before = period.replace(year=period.year - 1)
    compare = _select(second[0], t("reg.filter.compare", lang), periods, "compare", "reg_compare",
                      year_before if year_before in periods else periods[-1], lambda d: fmt.month(d, lang))
    rank_level = _radio(second[1], t("reg.filter.rank_level", lang), choices.LEVELS, "rank_level", "reg_rank_level",
                        "regency", lambda v: t(f"exp.level.{v}", lang))
    reference = _radio(second[2], t("reg.filter.reference", lang), choices.REFERENCES, "reference", "reg_reference",
                       "median", lambda r: t(f"reg.reference.{r}", lang))
    return Review(kanwil, period, compare, basis, rank_level, reference)


def explorer_link(view: View, review: Review, lang: str) -> dict[str, str]:
    """Query parameters that open the explorer on `view` with the review's month and basis."""
    return {"lang": lang, **view.params(), "period": str(review.period), "basis": review.basis, "segment": ALL,
            "kind": ALL, "metric": "rate", "target": "nearest"}


def _figure(name: str, review: Review, lang: str, build):
    """A figure of the review, built once per choice of the review (and data and layer version) and
    shared by every reader: the page draws eight, and a Monday morning opens the same Kanwils."""
    return cache.figure(name, lang, tuple(review.params().items()), build)


@dataclass(frozen=True)
class ReviewData:
    """Everything Tinjauan Wilayah shows for one Kanwil and month, read before anything is drawn."""
    provinces: pl.DataFrame   # the Kanwil's provinces at the review month
    regencies: pl.DataFrame   # its kab/kota at the review month
    before: pl.DataFrame      # its kab/kota at the comparison month
    targets: pl.DataFrame
    trend: pl.DataFrame       # province_trend of the Kanwil
    published: dict[str, list[dict]]  # published rates of the month at the ranking's level
    layer: Layer              # the kab/kota shapes of its provinces
    outline: Layer            # their province outlines
    credit: str               # the boundaries' credit line
    kanwil: dict              # the Kanwil's own row (area_coverage at level 'kanwil')


def load_review(review: Review, lang: str) -> ReviewData:
    """Every frame and layer the review needs, from the cached queries, in one place."""
    def coverage(level: str, period: date, changes: bool = False) -> pl.DataFrame:
        params = dict(period=period, basis=review.basis, level=level, province=ALL, segment=ALL, kind=ALL)
        frame = cache.query("area_coverage", **params)
        if changes:  # beside each row, the publications behind its 12-month change (provenance.change_sources)
            frame = frame.join(cache.query("change_sources", **params), on="area_code", how="left")
        return frame.filter(pl.col("kanwil_code") == review.kanwil)

    # The change note is printed beside the ranked level's rows and the Kanwil's own figures.
    regencies = coverage("regency", review.period, changes=review.rank_level == "regency")
    codes = regencies["province_code"].unique().to_list()
    return ReviewData(
        provinces=coverage("province", review.period, changes=review.rank_level == "province"), regencies=regencies,
        before=coverage("regency", review.compare), targets=cache.query("targets"),
        trend=cache.query("province_trend", kanwil=review.kanwil, basis=review.basis),
        published=published_by_area(cache.published_rates(f"{review.period:%Y-%m}", review.rank_level)) if review.basis == "ucj" else {},
        layer=shown_layer("regency", codes), outline=shown_layer("province", codes),
        credit=cache.layer("regency").credit[lang],
        kanwil=coverage("kanwil", review.period, changes=True).row(0, named=True) if regencies.height else {})


def regional_review(review: Review, geo: Geography, lang: str) -> None:
    """Every section of Tinjauan Wilayah for one Kanwil: load, then derive, then draw."""
    data = load_review(review, lang)
    if data.regencies.is_empty() or data.regencies["rate_pct"].is_null().all():
        st.info(t("empty.no_data", lang))
        return
    # Derive.
    month = fmt.month(review.period, lang)
    chosen = gaps.applicable_targets(data.targets, review.period, review.basis)
    ranked = gaps.with_gaps(data.provinces if review.rank_level == "province" else data.regencies, chosen,
                            review.rank_level, filtered=False)
    top, bottom = gaps.top_bottom(ranked, 5)
    provenance = widgets.coverage_provenance(data.regencies, review.basis, month, data.credit)
    # The small multiples span every month: their own sources, not the chosen month's.
    trend_provenance = series_provenance(data.trend.to_dicts(), review.basis, lang, unit=t("unit.percent", lang))
    # Draw.
    if provenance.synthetic:
        st.info(t("app.synthetic_banner", lang), icon="ℹ️")
    # The Kanwil's own row: a plain query at Kanwil level (its kab/kota summed, then the rate).
    _headline(data.provinces, data.kanwil, review, lang)
    _kanwil_map(data, review, geo, provenance, lang)

    st.subheader(t("reg.ranking_title", lang, level=t(f"exp.level.{review.rank_level}", lang)))
    # The note explains the target-progress bars only when the table draws them (areas with a target).
    with_target = ranked.filter(pl.col("target_metric") == "coverage_rate").height > 0
    st.caption(t("reg.ranking_note" if with_target else "reg.ranking_note_rate", lang))
    _ranking_table(ranked, data.published, review, provenance, lang)
    left, right = st.columns(2)
    # Each bar chart cites its own five rows (provinces when ranked by province: their published
    # totals' sources, not the kab/kota rows').
    with left:
        widgets.chart(_figure("regional_top5", review, lang, lambda: bars.ranking_bars(
            top, "rate_pct", "pct", t("reg.top5", lang, n=top.height, month=month), lang)),
            "regional_top5", widgets.coverage_provenance(top, review.basis, month), lang)
    with right:
        widgets.chart(_figure("regional_bottom5", review, lang, lambda: bars.ranking_bars(
            bottom, "rate_pct", "pct", t("reg.bottom5", lang, n=bottom.height, month=month), lang,
            colour=theme.DIVERGING[1])),
            "regional_bottom5", widgets.coverage_provenance(bottom, review.basis, month), lang)

    st.subheader(t("reg.trend_title", lang))
    widgets.chart(_figure("regional_trends", review, lang, lambda: trends.small_multiples(
        data.trend, t("reg.trend_chart", lang, kanwil=geo.kanwil_names[review.kanwil],
                      basis=t(f"basis.{review.basis}.short", lang)), lang)), "regional_trends", trend_provenance, lang)

    _where_to_act(data.regencies, chosen, review, geo, provenance, lang)
    _compare(data, review, geo, lang)


def _headline(provinces: pl.DataFrame, total: dict, review: Review, lang: str) -> None:
    change = total["rate_change_pts"]
    cols = st.columns(4)
    cols[0].metric(t("metric.rate", lang), fmt.percent(total["rate_pct"], lang),
                   delta=fmt.points(change, lang) if change is not None else None, help=t("exp.delta_12m", lang))
    cols[1].metric(t("metric.active", lang), fmt.compact(total["active"], lang), help=fmt.number(total["active"], lang))
    cols[2].metric(t("metric.workers", lang) + f" ({t(f'basis.{review.basis}.short', lang)})",
                   fmt.compact(total["workers"], lang), help=fmt.number(total["workers"], lang))
    cols[3].metric(t("metric.uncovered", lang), fmt.compact(total["uncovered"], lang),
                   help=fmt.number(total["uncovered"], lang))
    # How each figure came to be, as under the other pages' cards (the Kanwil's sum is synthetic
    # wherever one of its provinces is).
    for col, part in zip(cols[:3], (None, "active", "workers")):
        col.caption(badge(total, lang, review.period, part))
    cols[3].caption(uncovered_badge(total, lang, review.period))
    note = t("reg.headline_note", lang, n=provinces.height)
    across = change_note(total, lang)  # its 12-month change runs across publications (review 3 F9)
    st.caption(note + (" " + t("reg.headline_change_sources", lang, note=across) if across else ""))


def _kanwil_map(data: ReviewData, review: Review, geo: Geography, provenance: Provenance, lang: str) -> None:
    # Small multiples, one province per panel: a deputy director compares provinces, and drawn
    # whole a Kanwil from Bali to Papua leaves Kota Mataram a few pixels wide.
    title = t("reg.map_title", lang, month=fmt.month(review.period, lang), kanwil=geo.kanwil_names[review.kanwil],
              basis=t(f"basis.{review.basis}.short", lang))
    fig = _figure("regional_map", review, lang, lambda: maps.province_panels(
        data.regencies, data.layer, "rate", review.basis, title, geo.province_names, lang))
    event = widgets.chart(fig, "regional_map", provenance, lang, on_select="rerun", selection_mode="points")
    st.caption(t("reg.map_note", lang) + "  \n" + data.credit)
    code = drill.clicked_code((event or {}).get("selection"))
    if code:
        st.switch_page("pages/peta.py", query_params=explorer_link(
            drill.drill(View(kanwil=review.kanwil), code), review, lang))


def reported_columns(rows: pl.DataFrame, published: dict[str, list[dict]], basis: str, lang: str) -> list[pl.Series]:
    """How each rate came to be, and a published rate of the month beside it with the difference
    (published rates are overall UCJ rates, so only on that basis)."""
    dicts = rows.to_dicts()
    out = [pl.Series(t("col.provenance", lang), [rate_label(r, lang) for r in dicts], dtype=pl.String)]
    if basis != "ucj":
        return out
    first = [published.get(r["area_code"], [{}])[0] for r in dicts]
    reported = [f.get("value") for f in first]
    out += [pl.Series(t("col.reported", lang), reported, dtype=pl.Float64),
            pl.Series(t("col.reported_diff", lang), [r["rate_pct"] - v if v is not None and r["rate_pct"] is not None
                                                     else None for r, v in zip(dicts, reported)], dtype=pl.Float64),
            pl.Series(t("col.reported_source", lang), [source_name(f.get("source_title"), lang) for f in first],
                      dtype=pl.String)]
    return out


def _ranking_table(ranked: pl.DataFrame, published: dict[str, list[dict]], review: Review, provenance: Provenance,
                   lang: str) -> None:
    ordered = gaps.ranking(ranked, "rate")
    progress = (100.0 * pl.col("rate_pct") / pl.when(pl.col("target_metric") == "coverage_rate")
                .then(pl.col("target_value"))).clip(0, 100)
    rate, to_target = t("col.rate", lang), t("reg.col.progress", lang)
    frame = ordered.select(
        pl.col("position").alias(t("col.rank", lang)),
        pl.col("area_name").alias(t("exp.col.area", lang)),
        pl.col("rate_pct").alias(rate),
        pl.col("active").alias(t("col.active", lang)),  # named as on every other page
        pl.col("uncovered").alias(t("col.uncovered", lang)),
        pl.col("rate_change_pts").alias(t("col.change_pts", lang)),
        # beside a change across publications, that it may reflect the source (review 3 F9)
        pl.Series(t("col.change_note", lang), [change_note(r, lang, short=True) for r in ordered.iter_rows(named=True)],
                  dtype=pl.String),
        pl.col("target_value").alias(t("exp.col.target", lang)),
        pl.col("target_set_by").alias(t("exp.col.target_set_by", lang)),
        progress.alias(to_target),
        pl.col("gap_pts").alias(t("exp.col.gap_pts", lang)),
        pl.col("gap_people").alias(t("exp.col.gap_people", lang)),
        (pl.col("active_synthetic") | pl.col("workers_synthetic")).alias(t("col.synthetic", lang)),
        *reported_columns(ordered, published, review.basis, lang),
        pl.col("period").alias(t("col.as_of", lang)),
    )
    # The rate reads as everywhere else (57,7, one decimal); a bar's label could only cut it to a
    # whole number (57%, where the top-five chart says 57,7%). Progress to a target keeps its bar:
    # its whole number is cut, never rounded up, so an unmet target never reads 100%.
    note = t("col.change_note", lang)
    config = {
        note: st.column_config.TextColumn(note, help=t("prov.change_sources", lang).capitalize() + ".", width="medium"),
        to_target: st.column_config.ProgressColumn(to_target, min_value=0, max_value=100, format="%d%%",
                                                   help=t("reg.col.progress_help", lang)),
    }
    frame = drop_empty(frame, [t(k, lang) for k in ("col.change_note", "exp.col.target", "exp.col.target_set_by", "reg.col.progress",
                                                    "exp.col.gap_pts", "exp.col.gap_people", "col.reported",
                                                    "col.reported_diff", "col.reported_source")])
    if to_target not in frame.columns:
        st.caption(t("reg.no_targets_level", lang))
    shown = frame
    target = t("exp.col.target", lang)
    if target in frame.columns:  # a rate target reads 62,22%, a head-count target 1.054.194 orang
        shown = frame.with_columns(target_text(ordered, lang).alias(target))
    # A gap in words, as the Target page, Peta's panel and the briefing write it ("kurang 31,02
    # poin", "kurang 292.719"): it read "+31,02" and "+292.719,00", a "+" for short and people in
    # hundredths.
    reported = t("col.reported", lang)
    if reported in shown.columns:  # as its source printed it (NTT's December 2024: 33, not 33,00)
        shown = shown.with_columns(each(shown[reported], lambda v: as_printed(v, lang)))
    for key, unit in (("exp.col.gap_pts", "points"), ("exp.col.gap_people", "count")):
        if t(key, lang) in shown.columns:
            shown = shown.with_columns(gap_words(t(key, lang), shown[t(key, lang)].to_list(), lang, unit))
    # Formatted once per choice of the review and shared (cache.shared, widgets.frozen).
    styled = cache.shared("regional_ranking", lang, tuple(review.params().items()),
                          lambda: widgets.frozen(display(shown, lang, digits={rate: 1}, keep=(to_target,), signed=(
                              t("col.change_pts", lang),))))
    widgets.table(frame, "regional_ranking", provenance, lang, display=styled,
                height=400 if frame.height > 10 else None, column_config={k: v for k, v in config.items() if k in frame.columns})


def _where_to_act(regencies: pl.DataFrame, chosen: pl.DataFrame, review: Review, geo: Geography,
                  provenance: Provenance, lang: str) -> None:
    st.subheader(t("reg.act_title", lang))
    median = gaps.kanwil_median(regencies)
    st.markdown(t(f"reg.act_formula_{review.reference}", lang, median=fmt.percent(median, lang, fmt.TARGET_DIGITS)))
    act = gaps.where_to_act(regencies, review.reference, chosen, review.kanwil)
    if act.is_empty():
        st.info(t("reg.act_none", lang))
        return
    total = int(act["people_to_cover"].sum())
    st.caption(t("reg.act_total", lang, people=fmt.number(total, lang), n=act.filter(
        pl.col("people_to_cover") > 0).height, month=fmt.month(review.period, lang)))
    left, right = st.columns([3, 2])
    with left:
        frame = act.select(
            pl.col("position").alias(t("col.rank", lang)),
            pl.col("area_name").alias(t("exp.col.area", lang)),
            # The measure right after the name: on a phone the columns after the first three are
            # past the edge (review 3, F19), and the province is the least needed of them.
            pl.col("people_to_cover").alias(t("reg.col.people_to_cover", lang)),
            pl.col("rate_pct").alias(t("col.rate", lang)),
            pl.col("province_code").replace_strict(geo.province_names, default=None).alias(t("col.province", lang)),
            pl.col("reference_pct").alias(t("reg.col.reference", lang)),
            pl.col("reference_set_by").alias(t("reg.col.reference_set_by", lang)),
            pl.col("active").alias(t("col.active", lang)),
            pl.col("workers").alias(t("col.workers", lang)),
        )
        frame = drop_empty(frame, [t("reg.col.reference_set_by", lang)])
        # On screen the rank is "No." in a narrow column and the name gives up some width, so that
        # rank, name and the people to cover fit a phone's width; the download keeps "Peringkat".
        # The name shortened as Peta's narrow table does ("Kab. Lombok Timur"): in 150 px "Kabupaten
        # Lombok Timur" was cut to "Kabupaten Lombok Tim" on a desktop.
        rank, area = t("col.rank_short", lang), t("exp.col.area", lang)
        styled = cache.shared("regional_where_to_act", lang, tuple(review.params().items()),
                              lambda: widgets.frozen(display(frame.rename({t("col.rank", lang): rank}).with_columns(
                                  short_kabupaten(area)), lang)))
        widgets.table(frame, "regional_where_to_act", provenance, lang, display=styled, height=400,
                      column_config={rank: st.column_config.Column(width=40, alignment="right"),
                                     area: st.column_config.Column(width=150)})
    with right:
        widgets.chart(_figure("regional_where_chart", review, lang, lambda: bars.ranking_bars(
            act.head(10), "people_to_cover", "people", t("reg.act_chart", lang), lang, colour=theme.NEED[5])),
            "regional_where_chart", provenance, lang)


# The two months' maps: their height follows the Kanwil's shape (map_sizing) at the width they get
# on a desktop, up to COMPARE_MOST_PX. A Kanwil far wider than tall (Banuspa, Bali to Papua) is
# drawn one month per row across the page; side by side its islands were a few pixels high. Widths
# are the content column's at 1440 px (about 980 px, two columns about 480 px each); a narrower
# screen shrinks the height with the width (map_sizing.fit_css).
COMPARE_FULL_PX, COMPARE_HALF_PX, COMPARE_MOST_PX = 980, 480, 640
COMPARE_STACKED_BELOW = 0.6  # height ÷ width of the region under which the months are stacked


def compare_map(frame: pl.DataFrame, layer: Layer, outline: Layer, basis: str, title: str, lang: str) -> go.Figure:
    """One month's coverage map of the comparison, as tall as the region's shape needs at the width
    it gets (one per row or side by side: compare_stacked), up to COMPARE_MOST_PX."""
    fig = maps.metric_map(frame, layer, "rate", basis, title, lang, outline=outline, height=COMPARE_MOST_PX)
    width = COMPARE_FULL_PX if compare_stacked(fig) else COMPARE_HALF_PX
    fitted = map_sizing.fitted_height(fig, width)
    return fig.update_layout(height=round(min(COMPARE_MOST_PX, fitted or COMPARE_MOST_PX)))


def compare_stacked(fig: go.Figure) -> bool:
    """Whether the two months go one per row: the region is much wider than tall."""
    aspect = map_sizing.geo_aspect(fig)
    return aspect is not None and aspect < COMPARE_STACKED_BELOW


def _compare(data: ReviewData, review: Review, geo: Geography, lang: str) -> None:
    both = gaps.compare_periods(data.before, data.regencies)
    st.subheader(t("reg.compare_title", lang))
    figures = {key: _figure(key, review, lang, lambda frame=frame, month=month: compare_map(
        frame, data.layer, data.outline, review.basis, fmt.month(month, lang), lang))
        for frame, month, key in ((data.before, review.compare, "regional_before"),
                                  (data.regencies, review.period, "regional_after"))}
    # Both months share the region's shape: one decides for the pair.
    stacked = compare_stacked(figures["regional_before"])
    places = [st.container(), st.container()] if stacked else st.columns(2)
    for place, frame, month, key in zip(places, (data.before, data.regencies), (review.compare, review.period),
                                        figures):
        with place:
            provenance = widgets.coverage_provenance(frame, review.basis, fmt.month(month, lang), data.credit)
            widgets.chart(figures[key], key, provenance, lang)
    change = _figure("regional_change", review, lang, lambda: maps.province_panels(
        both, data.layer, "change_between", review.basis, t(
            "reg.change_title", lang, before=fmt.month(review.compare, lang), after=fmt.month(review.period, lang),
            kanwil=geo.kanwil_names[review.kanwil], basis=t(f"basis.{review.basis}.short", lang)),
        geo.province_names, lang, panel_px=220))
    widgets.chart(change, "regional_change", widgets.coverage_provenance(both, review.basis, fmt.month(
        review.period, lang), data.credit), lang)
    st.caption(t("reg.compare_note_stacked" if stacked else "reg.compare_note", lang))
