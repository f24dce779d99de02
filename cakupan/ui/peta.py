"""Peta Cakupan: filters, breadcrumb, the map section, the areas table, an area's detail and its targets."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import polars as pl
import streamlit as st

from cakupan import choices, drill, fmt, gaps, user_text
from cakupan.choices import ALL
from cakupan.drill import View
from cakupan.figures import bars, maps, theme, trends
from cakupan.frames import each
from cakupan.i18n import names_listed, t
from cakupan.provenance import (
    RATE_INPUTS,
    Provenance,
    badge,
    change_note,
    change_sources,
    part_label,
    published_beside,
    published_by_area,
    rate_labels,
    series_provenance,
    source_name,
    uncovered_badge,
)
from cakupan.targets import metric_label as target_metric_label, people_needed_for
from cakupan.ui import cache, state, widgets
from cakupan.ui.cache import Geography, bands, geography, shown_layer
from cakupan.ui.widgets import _select, display, period_basis

MAP_KEY = "explorer_map"

# A table of more than TABLE_LIMIT areas shows the TABLE_ROWS best and worst (the download has them all).
TABLE_LIMIT, TABLE_ROWS = 60, 20

# The areas table ranks by the measure the map shows, so table and map answer one question: per
# map metric, the row column it ranks by, largest first (the most covered or counted, the largest
# gap still to close, the biggest rise), and its column in the table. A band follows from the
# rate, so a band map ranks by coverage.
TABLE_ORDER: dict[str, tuple[str, str]] = {
    "rate": ("rate_pct", "col.rate"),
    "band": ("rate_pct", "col.rate"),
    "active": ("active", "col.active"),
    "uncovered": ("uncovered", "col.uncovered"),
    "gap_pts": ("gap_pts", "exp.col.gap_pts"),
    "gap_people": ("gap_people", "exp.col.gap_people"),
    "change_3m": ("rate_change_3m_pts", "exp.col.change_3m"),
    "change_12m": ("rate_change_pts", "col.change_pts"),
}


def table_order(rows: pl.DataFrame, metric: str) -> str:
    """The metric the areas table ranks by: the map's, or coverage for a band map and where no area
    has a value of the map's measure (no kab/kota of a province has a target of its own)."""
    column = TABLE_ORDER[metric][0]
    if metric == "band" or column not in rows.columns or rows[column].null_count() == rows.height:
        return "rate"
    return metric


def areas_heading(rows: pl.DataFrame, metric: str, lang: str, name: str | None = None) -> str:
    """The areas table's heading, naming what it is ranked by: 'Wilayah di peta, menurut selisih
    ke target (orang)'; with `name`, the kab/kota of that province."""
    order = t("exp.order." + table_order(rows, metric), lang)
    if name is None:
        return t("exp.areas_title", lang, order=order)
    return t("exp.areas_in", lang, name=name, order=order)


def current_view(geo: Geography) -> View:
    """The explorer's view as the URL states it, made consistent; a level or a Kanwil, province or
    kabupaten/kota code the data do not have is dropped and reported (see state.url_choice)."""
    areas = (ALL, *geo.province_names, *cache.query("regencies")["regency_code"])
    return drill.normalise(View(state.url_choice("level", choices.LEVELS, "province"),
                                   state.url_choice("province", (ALL, *geo.province_names), ALL, "code"),
                                   state.url_choice("area", areas, ALL, "code"),
                                   state.url_choice("kanwil", (ALL, *geo.kanwil_order), ALL, "code")), geo.kanwil_of)


def rows_and_names(view: View, filters: Filters, geo: Geography) -> tuple[pl.DataFrame, dict[str, str]]:
    """The areas on the map with their targets, gaps and bands (gaps.rows_on_map), and the names of
    every area it may name; worked out once per choice and shared by every reader (read, never changed)."""
    def build():
        params = dict(period=filters.period, basis=filters.basis, level=view.level, province=view.province,
                      segment=filters.segment, kind=filters.kind)
        coverage = cache.query("area_coverage", **params)
        if filters.metric == "change_12m":
            # Whether each area's 12-month change runs across publications (provenance.change_sources),
            # worked out once here for the hover and the note under the map; asked only for the map
            # that shows that change.
            coverage = coverage.join(cache.query("change_sources", **params), on="area_code", how="left")
            across = [bool(change_sources(r)) for r in
                      coverage.select("active_sources_12m", "workers_sources_12m").iter_rows(named=True)]
            coverage = coverage.with_columns(pl.Series(maps.CHANGE_ACROSS, across, dtype=pl.Boolean))
        rows = gaps.rows_on_map(coverage, cache.query("targets"), bands(), view, filters.period, filters.basis,
                                filters.segment, filters.kind, filters.target)
        return rows, {**geo.province_names, **dict(zip(coverage["area_code"], coverage["area_name"]))}

    key = (tuple(filters.params().items()), tuple(view.params().items()), repr(bands()))
    return cache.shared("explorer_rows", "", key, build)


def go(view: View) -> None:
    """Callback: move the explorer to `view` (the URL is the state, so a copied link restores it),
    and move the level and Kanwil pickers with it."""
    st.session_state["exp_level"], st.session_state["exp_kanwil"] = view.level, view.kanwil
    state.remember(**view.params())


@dataclass(frozen=True)
class Filters:
    """Everything the explorer's query and map depend on, besides the view."""
    period: date
    basis: str
    segment: str
    kind: str
    metric: str
    target: str

    def params(self) -> dict[str, object]:
        return {"period": self.period, "basis": self.basis, "segment": self.segment, "kind": self.kind,
                "metric": self.metric, "target": self.target}


def explorer_filters(periods: list[date], geo: Geography, view: View, lang: str) -> tuple[Filters, View]:
    """The explorer's filter widgets, each starting from the URL; returns the choices and the view
    after a level or Kanwil change. They sit in an expander, closed at first: on a phone eight
    pickers would otherwise fill the screen before the map, and the map's title states them all."""
    with st.expander(t("exp.filters", lang), icon=":material/tune:"):
        return _explorer_filters(periods, geo, view, lang)


def _explorer_filters(periods: list[date], geo: Geography, view: View, lang: str) -> tuple[Filters, View]:
    top = st.columns([1.1, 1.6, 1, 1])
    period, basis = period_basis(top[:2], periods, lang, "exp")
    segment = _select(top[2], t("exp.filter.segment", lang), choices.SEGMENTS, "segment", "exp_segment", ALL,
                      lambda s: t("exp.segment_all", lang) if s == ALL else t(f"segment.{s}", lang))
    kind = _select(top[3], t("exp.filter.kind", lang), choices.KINDS, "kind", "exp_kind", ALL,
                   lambda k: t(f"exp.kind.{k}", lang))
    second = st.columns([1.1, 1.6, 1, 1])
    level = second[0].radio(t("exp.filter.level", lang), choices.LEVELS, horizontal=True,
                            key=state.seed("exp_level", view.level), format_func=lambda v: t(f"exp.level.{v}", lang))
    kanwil = second[1].selectbox(t("exp.filter.kanwil", lang), (ALL, *geo.kanwil_order),
                                 key=state.seed("exp_kanwil", view.kanwil),
                                 format_func=lambda k: t("exp.kanwil_all", lang) if k == ALL else geo.kanwil_names[k])
    metric = _select(second[2], t("exp.filter.metric", lang), choices.EXPLORER_METRICS, "metric", "exp_metric",
                     "rate", lambda m: t(f"exp.metric.{m}", lang))
    target = _select(second[3], t("exp.filter.target", lang), choices.TARGET_CHOICES, "target", "exp_target",
                     "nearest", lambda c: t(f"exp.target.{c}", lang), disabled=not metric.startswith("gap"),
                     help=t("exp.target_help", lang))
    view = drill.with_kanwil(drill.with_level(view, level), kanwil)
    return Filters(period, basis, segment, kind, metric, target), view


def target_text(rows: pl.DataFrame, lang: str) -> pl.Series:
    """Targets as the reader should see them: a rate as 62,22%, a head count as 1.054.194 orang."""
    return pl.Series([
        None if value is None else fmt.percent(value, lang, fmt.TARGET_DIGITS) if metric == "coverage_rate"
        else f"{fmt.number(value, lang)} {t('exp.unit.people', lang)}"
        for value, metric in zip(rows["target_value"], rows["target_metric"])], dtype=pl.String)


def gap_words(name: str, gaps, lang: str, unit: str = "points") -> pl.Series:
    """Gaps to target (positive: short of it) in words, as the Target page and the briefing write
    them ("kurang 29,32 poin", "kurang 533.872"): a bare "29,32" or "+31,02" left the side to guess."""
    return pl.Series(name, [None if g is None else fmt.gap(-g, lang, unit) for g in gaps], dtype=pl.String)


def short_kabupaten(column: str) -> pl.Expr:
    """A name column with "Kabupaten" as "Kab.", for a narrow table ("Kab. Lombok Timur")."""
    return pl.col(column).str.replace(r"^Kabupaten ", "Kab. ")


def drop_empty(frame: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """The frame without those of `names` that hold no value at all (e.g. targets at kab/kota level)."""
    return frame.drop([n for n in names if n in frame.columns and frame[n].null_count() == frame.height])


def breadcrumb(view: View, names: dict[str, str], geo: Geography, lang: str) -> None:
    """Indonesia › Kanwil › province › kabupaten/kota, each step a button back up."""
    crumbs = drill.breadcrumb(view, names, geo.kanwil_names, t("exp.national", lang))
    with st.container(horizontal=True, gap="small", key="explorer_breadcrumb", vertical_alignment="center"):
        for i, crumb in enumerate(crumbs):
            if i:
                st.markdown("›")
            if crumb.view is None:
                st.markdown(f"**{crumb.label}**")
            else:
                st.button(crumb.label, key=f"crumb_{i}", type="tertiary", on_click=go, args=(crumb.view,),
                          help=t("exp.crumb_help", lang, name=crumb.label))


def map_title(filters: Filters, view: View, names: dict[str, str], kanwil_names: dict[str, str], lang: str) -> str:
    """What the map shows, where, when; then for which segment, kind and basis (two lines), so a
    screenshot or an export can be read without the filters beside it."""
    scope = (names.get(view.province, view.province) if view.province != ALL
             else kanwil_names.get(view.kanwil, view.kanwil) if view.kanwil != ALL else t("exp.national", lang))
    segment = t("exp.segment_all", lang) if filters.segment == ALL else t(f"segment.{filters.segment}", lang)
    kind = t("exp.kind_all_title", lang) if filters.kind == ALL else t(f"exp.kind.{filters.kind}", lang)
    return t("exp.map_title", lang, metric=t(f"exp.metric.{filters.metric}", lang),
             level=t(f"exp.level.{view.level}", lang), scope=scope, month=fmt.month(filters.period, lang),
             segment=segment, kind=kind, basis=t(f"basis.{filters.basis}.short", lang))


def rate_reach(filters: Filters) -> float | None:
    """The top of the colour scale for coverage-rate maps of one enterprise kind: its share of
    coverage is a few percent, which on a 0–100% scale is one pale colour everywhere. The top is
    fitted to the provinces' highest value for the same filters, so every drill level of the
    same choice shares one scale. None (0–100%) for all kinds."""
    if filters.kind == ALL:
        return None
    provinces = cache.query("area_coverage", period=filters.period, basis=filters.basis, level="province",
                          province=ALL, segment=filters.segment, kind=filters.kind)
    top = provinces["rate_pct"].drop_nulls().max()
    return theme.nice_ceiling(top) if top else None


def scale_reference(filters: Filters, view: View) -> list[float | None] | None:
    """The values a count or change map fits its colour scale to, the same at every drill level of
    one choice, so a colour keeps its meaning from the nation down to a province or a Kanwil.
    Points (changes, gaps to a target) take the whole country's provinces and kab/kota together: one
    scale for every level. People counts take the whole country at the level shown (a province
    holds many times a kab/kota's people, so the two levels cannot share a scale usefully).
    None for rates and bands, whose scales are fixed (or fitted per kind, see rate_reach)."""
    metric = choices.METRICS[filters.metric]
    if metric.scale not in ("count", "diverging"):
        return None
    levels = ("province", "regency") if metric.unit == "pts" else (view.level,)
    values: list[float | None] = []
    for level in levels:
        coverage = cache.query("area_coverage", period=filters.period, basis=filters.basis, level=level,
                               province=ALL, segment=filters.segment, kind=filters.kind)
        rows = gaps.rows_on_map(coverage, cache.query("targets"), cache.bands(), View(level, ALL, ALL, ALL),
                             filters.period, filters.basis, filters.segment, filters.kind, filters.target)
        values += rows[metric.column].to_list()
    return values


def map_section(rows: pl.DataFrame, filters: Filters, view: View, lang: str,
                names: dict[str, str] | None = None) -> None:
    """The clickable metric map: a click on a province opens its kabupaten/kota, a click on a
    kabupaten/kota selects it."""
    if rows.is_empty():
        st.info(t("empty.no_data", lang))
        return
    provinces = rows["province_code"].unique().to_list() if view.province != ALL or view.kanwil != ALL else None
    layer = shown_layer(view.level, provinces)
    # Everything the map shows follows from the filters, the view and the bands (their file is not
    # in the database); the names and published rates come from the database, whose version the
    # figure cache adds. So the figure and the provenance are built once per key, for every reader.
    key = (tuple(filters.params().items()), tuple(view.params().items()), repr(bands()))

    def build():
        shown = rows
        if filters.basis == "ucj" and filters.segment == ALL and filters.kind == ALL:  # published rates are overall UCJ
            shown = widgets.with_published(rows, filters.period, view.level, lang)
        # Kanwil names do not change by month: the newest month's geography is already cached, while
        # the chosen month's would run the province query once more on every new month.
        title = map_title(filters, view, names or {}, geography(cache.periods()[0]).kanwil_names, lang)
        return maps.metric_map(shown, layer, filters.metric, filters.basis, title, lang, bands=bands(),
                               highlight=view.area if "." in view.area else None,
                               height=560 if view.province == ALL else 480, rate_reach=rate_reach(filters),
                               reference=scale_reference(filters, view))

    fig = cache.figure("explorer_map", lang, key, build)
    provenance = replace(rows_provenance(rows, filters, view, lang),
                         boundary_credit=cache.layer(view.level).credit[lang])

    def on_click() -> None:
        code = drill.clicked_code(st.session_state[MAP_KEY].get("selection"))
        if code:
            go(drill.drill(view, code))

    widgets.chart(fig, MAP_KEY, provenance, lang, on_select=on_click, selection_mode="points")
    notes = [t("exp.click_hint_" + ("province" if view.level == "province" else "regency"), lang)]
    over = rows.filter(pl.col("rate_pct") > 100).height
    if over:
        notes.append(t("exp.over_100", lang, n=over))
    if filters.metric.startswith("gap"):
        notes.append(t("exp.gap_note_filtered" if filters.segment != ALL or filters.kind != ALL else "exp.gap_note",
                       lang, n=rows.filter(pl.col("target_value").is_not_null()).height, total=rows.height))
    if filters.metric == "band":
        notes.append(t("exp.band_caveat", lang))
    if maps.CHANGE_ACROSS in rows.columns:
        across = rows.filter(pl.col(maps.CHANGE_ACROSS))["area_name"].to_list()
        if across:  # marked † in their hover
            notes.append(t("prov.change_sources_areas", lang, names=names_listed(across, lang)) if len(across) <= 15
                         else t("prov.change_sources_count", lang, n=len(across)))
    if filters.segment != ALL or filters.kind != ALL:
        notes.append(t("exp.filter_note", lang))
        unsplit = int(rows["unsplit_regencies"].sum()) if "unsplit_regencies" in rows.columns else 0
        if unsplit:
            # Kab/kota whose source printed only a total: no split is shown rather than one invented.
            notes.append(t("exp.unsplit_note", lang, n=unsplit))
    notes.append(cache.layer(view.level).credit[lang])
    st.caption("  \n".join(notes))
    if provenance.synthetic:
        st.caption(t("exp.synthetic_note", lang))


def rows_provenance(rows: pl.DataFrame, filters: Filters, view: View, lang: str) -> Provenance:
    """Where the figures on the map come from (sources, batches, kinds), worked out once per choice
    and shared: the map and the areas table both show it."""
    key = (tuple(filters.params().items()), tuple(view.params().items()), repr(bands()))
    return cache.shared("explorer_provenance", lang, key, lambda: widgets.coverage_provenance(
        rows, filters.basis, fmt.month(filters.period, lang)))


def areas_table(rows: pl.DataFrame, filters: Filters, view: View, lang: str, key: str, compact: bool = False) -> None:
    """The areas on the map, ranked by the measure the map shows (TABLE_ORDER), that measure first
    after the name and coverage beside it. `compact` (the table beside a drilled map) shows rank,
    code, name, the measure and the rate only, so the rate is never cut off at the column's edge;
    the download keeps every column. Built once per choice and shared by every reader (the rows
    follow from the filters, the view, the bands and the database)."""
    frame, shown, provenance = cache.shared(
        "areas_table", lang,
        (key, compact, tuple(filters.params().items()), tuple(view.params().items()), repr(bands())),
        lambda: _areas_frames(rows, filters, view, lang, compact))
    order = table_order(rows, filters.metric)
    if order != "rate":
        st.caption(t("exp.order_note." + choices.METRICS[order].scale, lang))
    elif filters.metric not in ("rate", "band"):  # the map's measure has no value anywhere here
        st.caption(t("exp.order_none", lang, measure=t("exp.order." + filters.metric, lang)))
    if frame.height > TABLE_LIMIT:
        st.caption(t("exp.table_cut", lang, shown=len(shown.data), total=frame.height,
                     order=t("exp.order." + order, lang)))
    widgets.table(frame, key, provenance, lang, height=380, display=shown,
                  column_config=narrow_columns(shown.data.columns, lang))


def narrow_columns(names, lang: str) -> dict | None:
    """Column settings for the compact table with a measure beside the rate: four columns in the
    narrow column beside a drilled map (or a phone's width) only fit with the rank and the name
    kept narrow. A rank or measure with gaps is text ("–" where there is none): right-aligned all
    the same, under its numbers' heading."""
    shorts = {t(f"exp.short.{m}", lang) for m in TABLE_ORDER if m not in ("rate", "band")}
    if t("col.rank_short", lang) in names and t("col.code", lang) in names:
        # Ranked by coverage: rank, code, name and rate. A long kab/kota name ("Kab. Kepulauan Siau
        # Tagulandang Biaro") would push the rate, the one figure, past a phone's edge (review 3, F18).
        return {t("col.rank_short", lang): st.column_config.Column(width=40, alignment="right"),
                t("col.code", lang): st.column_config.Column(width=52),
                t("exp.col.area", lang): st.column_config.Column(width=168)}
    if not (shorts | {t("exp.short.band", lang)}) & set(names):
        return None
    return {t("col.rank_short", lang): st.column_config.Column(width=40, alignment="right"),
            # Beside the band the name gives up a little, so that the band is not cut at the edge.
            t("exp.col.area", lang): st.column_config.Column(width=124 if t("exp.short.band", lang) in names else 132),
            **{name: st.column_config.Column(alignment="right") for name in shorts & set(names)}}


def _areas_frames(rows: pl.DataFrame, filters: Filters, view: View, lang: str, compact: bool):
    """The areas table's typed frame (downloads), its frozen formatted view and its provenance."""
    order = table_order(rows, filters.metric)
    by, by_label = TABLE_ORDER[order]
    # Largest first; areas without a value of the measure last, among themselves by coverage.
    ranked = rows.sort([by, "rate_pct", "area_code"], descending=[True, True, False], nulls_last=True).with_columns(
        pl.col(by).rank("min", descending=True).cast(pl.Int64).alias("position"))
    inputs = [c for c in RATE_INPUTS if c in ranked.columns]
    metric = choices.METRICS[filters.metric]
    columns = [
        pl.col("position").alias(t("col.rank", lang)),
        pl.col("area_code").alias(t("col.code", lang)),
        pl.col("area_name").alias(t("exp.col.area", lang)),
        pl.col("rate_pct").alias(t("col.rate", lang)),
        pl.col("active").alias(t("col.active", lang)),
        pl.col("workers").alias(t("col.workers", lang)),
        pl.col("uncovered").alias(t("col.uncovered", lang)),
        pl.col("rate_change_3m_pts").alias(t("exp.col.change_3m", lang)),
        pl.col("rate_change_pts").alias(t("col.change_pts", lang)),
    ]
    if metric.key.startswith("gap"):
        columns += [pl.col("target_value").alias(t("exp.col.target", lang)),
                    pl.col("target_set_by").alias(t("exp.col.target_set_by", lang)),
                    pl.col("gap_pts").alias(t("exp.col.gap_pts", lang)),
                    pl.col("gap_people").alias(t("exp.col.gap_people", lang))]
    if metric.key == "band":
        labels = {b.key: b.label(lang) for b in bands()}
        columns.append(pl.col("band").replace_strict(labels, default=None).alias(t("exp.col.band", lang)))
    columns += [(pl.col("active_synthetic") | pl.col("workers_synthetic")).alias(t("col.synthetic", lang)),
                pl.Series(t("col.provenance", lang), rate_labels(ranked.select(inputs).iter_rows(), inputs, lang),
                          dtype=pl.String),
                each(ranked["active_source"], lambda v: source_name(v, lang))
                .alias(t("col.active_source", lang)),
                each(ranked["workers_source"], lambda v: source_name(v, lang))
                .alias(t("col.workers_source", lang)),
                pl.col("period").alias(t("col.as_of", lang))]
    # The ranking's measure right after the area's name (the rate stays next), as the heading says.
    measure = t(by_label, lang)
    frame = ranked.select(columns)
    frame = frame.select(list(dict.fromkeys((*frame.columns[:3], measure, *frame.columns[3:]))))
    provenance = rows_provenance(rows, filters, view, lang)
    shown = frame
    if metric.key.startswith("gap"):
        shown = frame.with_columns(target_text(ranked, lang).alias(t("exp.col.target", lang)))
    if frame.height > TABLE_LIMIT:
        # Styling 514 rows the Indonesian way costs more than the rest of a rerun; the reader
        # sees both ends here and gets every row in the download.
        shown = pl.concat([shown.head(TABLE_ROWS // 2), shown.tail(TABLE_ROWS // 2)])
    # On screen the source titles repeat the hover and the note under the map; the download keeps them.
    shown = shown.drop(t("col.active_source", lang), t("col.workers_source", lang))
    if compact and metric.key == "band":
        # A fifth column would be scrolled out of the narrow column beside the drilled map: the code
        # makes way for the band the map colours by (under its short name, as a measure below;
        # the map's title beside it names it in full).
        shown = shown.select(pl.col(t("col.rank", lang)).alias(t("col.rank_short", lang)),
                             short_kabupaten(t("exp.col.area", lang)),
                             t("col.rate", lang), pl.col(t("exp.col.band", lang)).alias(t("exp.short.band", lang)))
    elif compact and order == "rate":
        shown = shown.select(pl.col(t("col.rank", lang)).alias(t("col.rank_short", lang)), t("col.code", lang),
                             short_kabupaten(t("exp.col.area", lang)), t("col.rate", lang))
    elif compact:
        # Beside a drilled map four columns fit: the code makes way for the measure, whose short
        # name suffices under a heading that names it in full.
        shown = shown.select(pl.col(t("col.rank", lang)).alias(t("col.rank_short", lang)),
                             short_kabupaten(t("exp.col.area", lang)),
                             pl.col(measure).alias(t("exp.short." + order, lang)), t("col.rate", lang))
    changes = (t("exp.col.change_3m", lang), t("col.change_pts", lang), t("exp.col.gap_pts", lang),
               t("exp.col.gap_people", lang), *(t(f"exp.short.{m}", lang) for m in
                                                ("change_3m", "change_12m", "gap_pts", "gap_people")))
    return frame, widgets.frozen(display(shown, lang, {
        t("col.rate", lang): fmt.PERCENT_DIGITS, t("exp.col.change_3m", lang): fmt.POINTS_DIGITS,
        t("col.change_pts", lang): fmt.POINTS_DIGITS, t("exp.col.gap_people", lang): 0,
        t("exp.short.change_3m", lang): fmt.POINTS_DIGITS, t("exp.short.change_12m", lang): fmt.POINTS_DIGITS,
        t("exp.short.gap_people", lang): 0}, signed=changes)), provenance


def briefing_links(row: dict, filters: Filters, lang: str) -> None:
    """Links to the one-page briefings of the area's province and of its Kanwil, for this month and
    basis: the last step of a weekly review, one tap from wherever the review ended."""
    province = drill.province_of(row["area_code"])
    geo = geography(filters.period)
    common = {"period": filters.period.isoformat(), "basis": filters.basis, "lang": lang}
    with st.container(horizontal=True, gap="small", key="explorer_briefings"):
        st.page_link("pages/briefing.py", label=t("exp.briefing_link_province", lang, name=geo.province_names.get(
            province, province)), icon=":material/description:",
            query_params={"scope": "province", "province": province, **common})
        kanwil = row.get("kanwil_code") or geo.kanwil_of.get(province)
        if kanwil:
            st.page_link("pages/briefing.py", label=t("exp.briefing_link_kanwil", lang, name=geo.kanwil_names.get(
                kanwil, kanwil)), icon=":material/description:",
                query_params={"scope": "kanwil", "kanwil": kanwil, **common})


def area_detail(area: str, row: dict | None, filters: Filters, targets: pl.DataFrame, lang: str) -> None:
    """One province or kabupaten/kota: headline figures, monthly trend with its targets, the split
    by segment and enterprise kind, its targets and its sources."""
    if row is None:
        st.info(t("empty.no_data", lang))
        return
    level = "regency" if "." in area else "province"
    st.subheader(t("exp.detail_title", lang, name=row["area_name"]))
    st.caption(t(f"exp.detail_kind_{level}", lang, code=area))
    briefing_links(row, filters, lang)
    cols = st.columns(4)
    cols[0].metric(t("metric.rate", lang), fmt.percent(row["rate_pct"], lang),
                   delta=fmt.points(row["rate_change_pts"], lang) if row["rate_change_pts"] is not None else None,
                   help=t("exp.delta_12m", lang))
    cols[1].metric(t("metric.active", lang), fmt.number(row["active"], lang),
                   delta=fmt.signed(row["active_change"], lang) if row["active_change"] is not None else None,
                   help=t("exp.delta_12m", lang))
    cols[2].metric(t("metric.workers", lang) + f" ({t(f'basis.{filters.basis}.short', lang)})",
                   fmt.number(row["workers"], lang))
    cols[3].metric(t("metric.uncovered", lang), fmt.number(row["uncovered"], lang))
    for col, part in zip(cols[:3], (None, "active", "workers")):  # how each figure came to be
        col.caption(badge(row, lang, row["period"], part))
    cols[3].caption(uncovered_badge(row, lang, row["period"]))
    # A 12-month change across publications says so, as Tinjauan Wilayah's cards and the briefing
    # (its "beda sumber†") do: NTB's -0,26 poin runs from MPP Kota Mataram's figure to Suara NTB's.
    across = cache.query("change_sources", period=filters.period, basis=filters.basis, level=level,
                         province=area[:2] if level == "regency" else ALL, segment=filters.segment,
                         kind=filters.kind).filter(pl.col("area_code") == area).to_dicts()
    note = change_note({**row, **across[0]}, lang) if across and row["rate_change_pts"] is not None else None
    if note:
        st.caption(t("reg.headline_change_sources", lang, note=note))
    if filters.segment != ALL or filters.kind != ALL:
        st.caption(t("exp.detail_filtered", lang))

    own = targets.filter(pl.col("area_code") == area)
    trend = cache.query("coverage_trend", area_code=area, basis=filters.basis)
    provenance = Provenance(tuple(dict.fromkeys(s for s in (row["active_source"], row["workers_source"]) if s)),
                                  fmt.month(filters.period, lang), filters.basis,
                                  bool(row["active_synthetic"] or row["workers_synthetic"]))
    drawn = own.filter(pl.col("basis") == filters.basis)
    # The trend spans every month: its exports cite the series' sources, not this month's.
    widgets.chart(trends.trend_figure(trend, drawn, t("exp.trend_title", lang, name=row["area_name"]), lang),
                  f"detail_trend_{level}", series_provenance(
                      trend.to_dicts(), filters.basis, lang,
                      drawn.filter(pl.col("metric") == "coverage_rate").to_dicts(), t("unit.percent", lang)), lang)
    st.caption(trends.trend_note(trend, drawn, lang))
    split = cache.query("area_split", area_code=area, period=filters.period, basis=filters.basis)
    widgets.chart(bars.split_figure(split, t("exp.split_title", lang, month=fmt.month(filters.period, lang)), lang),
                f"detail_split_{level}", provenance, lang)
    st.caption(t("exp.split_note", lang))

    st.markdown(f"**{t('exp.targets_title', lang)}**")
    related = targets.filter(
        ((pl.col("area_level") == level) & (pl.col("area_code") == area))
        | ((pl.col("area_level") == "province") & (pl.col("area_code") == drill.province_of(area)))
        | (pl.col("area_level") == "national"))
    if own.is_empty():
        st.caption(t("exp.no_target_area", lang, name=row["area_name"]))
    if related.is_empty():
        st.info(t("exp.no_target", lang))
    else:
        target_table(related, row, filters, lang, f"detail_targets_{level}")

    with st.expander(t("exp.sources_title", lang)):
        lines = [
            f"- {t('metric.active', lang)}: "
            + user_text.source_md(source_name(row['active_source'], lang), row.get('active_source_url'))
            + f" ({part_label(row, 'active', lang)})",
            f"- {t('metric.workers', lang)}: "
            + user_text.source_md(source_name(row['workers_source'], lang), row.get('workers_source_url'))
            + f" ({part_label(row, 'workers', lang)})",
            # Published figures may come from an analyst's file: their text is shown literally.
            *(f"- {user_text.md(line)}" for line in published_beside(row["rate_pct"], published_by_area(
                cache.published_rates(row["period"].strftime("%Y-%m"), level)).get(row["area_code"], []),
                lang) if filters.basis == "ucj" and filters.segment == ALL and filters.kind == ALL),
            f"- {t('col.as_of', lang)}: {fmt.month(row['period'], lang)}",
            f"- {t('col.batch', lang)}: {user_text.md(row['active_batches'] or '–')} / "
            f"{user_text.md(row['workers_batches'] or '–')}",
            f"- {cache.layer(level).credit[lang]}",
        ]
        st.markdown("\n".join(lines))


def target_table(related: pl.DataFrame, row: dict, filters: Filters, lang: str, key: str) -> None:
    """Targets of an area and of the areas above it, each with its gap from this area's figures."""
    def gap(target: dict) -> tuple[float | None, float | None]:
        if target["area_code"] != row["area_code"] or filters.segment != ALL or filters.kind != ALL:
            return None, None
        # The people as the Target page and the gap maps count them (targets.people_needed).
        people = people_needed_for(target["metric"], target["target_value"], row["active"], row["workers"])
        if target["metric"] == "coverage_rate" and target["basis"] == filters.basis:
            return target["target_value"] - row["rate_pct"], people
        if target["metric"] == "active_participants":
            return 100 * target["target_value"] / row["workers"] - row["rate_pct"], people
        return None, None

    targets = related.to_dicts()
    gaps = [gap(r) for r in targets]
    frame = related.select(
        pl.col("area_name").alias(t("exp.col.area", lang)),
        pl.col("set_by").alias(t("exp.col.target_set_by", lang)),
        pl.Series(t("exp.col.target_metric", lang), [target_metric_label(r["metric"], r["basis"], lang)
                                                     for r in targets], dtype=pl.String),
        pl.col("target_value").alias(t("exp.col.target", lang)),
        pl.col("due_period").alias(t("exp.col.due", lang)),
    ).with_columns(
        pl.Series(t("exp.col.gap_pts", lang), [g[0] for g in gaps], dtype=pl.Float64),
        pl.Series(t("exp.col.gap_people", lang), [g[1] for g in gaps], dtype=pl.Float64),
        each(related["source_title"], lambda v: source_name(v, lang)).alias(t("exp.col.target_source", lang)),
    )
    # Rates and head counts share the target column: show each with its own unit. The gaps in
    # words, as the Target page and the briefing write them ("kurang 29,32 poin", "kurang 533.872"):
    # a bare "29,32" left the reader to guess the side, and an exceeded target read "-0,75".
    shown = frame.with_columns(pl.Series(t("exp.col.target", lang), [
        fmt.percent(r["target_value"], lang, fmt.TARGET_DIGITS) if r["metric"] == "coverage_rate"
        else fmt.number(r["target_value"], lang) for r in targets]),
        gap_words(t("exp.col.gap_pts", lang), [g[0] for g in gaps], lang),
        gap_words(t("exp.col.gap_people", lang), [g[1] for g in gaps], lang, "count"))
    provenance = Provenance(tuple(related["source_title"].unique().sort().to_list()),
                                  fmt.month(filters.period, lang), filters.basis, bool(related["is_synthetic"].any()))
    widgets.table(frame, key, provenance, lang, display=display(shown, lang, {
        t("exp.col.gap_pts", lang): 2, t("exp.col.gap_people", lang): 0}))
