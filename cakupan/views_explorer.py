"""Streamlit pieces of Peta Cakupan and Tinjauan Wilayah: URL-backed filters, breadcrumb, cached layers, sections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
import streamlit as st

from cakupan import app, explorer, fmt, settings, user_text, views
from cakupan import figures_explorer as figs
from cakupan.boundaries import Layer
from cakupan.explorer import ALL, View
from cakupan.i18n import t
from cakupan.provenance import (badge, part_label, published_beside, published_by_area, published_text,
                                rate_label, source_name)

MAP_KEY = "explorer_map"
# A table of more than TABLE_LIMIT areas shows the TABLE_ROWS best and worst (the download has them all).
TABLE_LIMIT, TABLE_ROWS = 60, 20


# Cached boundaries and bands -------------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=64)
def _shown_layer(geo_dir: str, level: str, version: int, provinces: tuple[str, ...] | None) -> Layer:
    # app.layer is itself cached per process: the file is read once, subsets are cut from memory.
    # A map of several provinces is drawn from the coarse layer (a third of the bytes, the same look).
    full = app.layer(level, coarse=level == "regency" and (provinces is None or len(provinces) > 1))
    codes = [c for c in full.bounds if provinces is None or explorer.province_of(c) in provinces]
    return explorer.subset_layer(full, codes)


def shown_layer(level: str, provinces=None) -> Layer:
    """The boundary layer cut to the areas of some provinces (None: all), cached per choice.
    The key is the few province codes, not hundreds of area codes, so a cache hit costs nothing;
    the layer's file version is in it, so a boundary import is seen at once."""
    return _shown_layer(str(settings.geo_dir()), level, app.layer_version(level),
                        tuple(sorted(provinces)) if provinces is not None else None)


@st.cache_resource(show_spinner=False)
def _bands(path: str, version: float) -> tuple[explorer.Band, ...]:
    return explorer.read_bands(path)


def bands() -> tuple[explorer.Band, ...]:
    """The UCJ bands (Cakupan's working thresholds), re-read when the CSV changes."""
    path = settings.ucj_bands_path()
    return _bands(str(path), path.stat().st_mtime if path.exists() else 0.0)


# Reference data --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Geography:
    """Names and the Kanwil of every province, from the database."""
    kanwil_of: dict[str, str]
    kanwil_names: dict[str, str]
    kanwil_order: tuple[str, ...]
    province_names: dict[str, str]


def geography(latest: date) -> Geography:
    """Kanwil membership and province names (read from the latest month's province figures,
    the same cached query the overview runs)."""
    kanwils = app.query("kanwils")
    provinces = app.query("area_coverage", period=latest, basis="ucj", level="province", province=ALL,
                          segment=ALL, kind=ALL)
    kanwil_of = {code: row["kanwil_code"] for row in kanwils.iter_rows(named=True)
                 for code in (row["province_codes"] or "").split(",") if code}
    return Geography(kanwil_of, dict(zip(kanwils["kanwil_code"], kanwils["name"])),
                     tuple(kanwils["kanwil_code"]), dict(zip(provinces["area_code"], provinces["area_name"])))


def current_view(geo: Geography) -> View:
    """The explorer's view as the URL states it, made consistent; a level or a Kanwil, province or
    kabupaten/kota code the data do not have is dropped and reported (see app.url_choice)."""
    areas = (ALL, *geo.province_names, *app.query("regencies")["regency_code"])
    return explorer.normalise(View(app.url_choice("level", explorer.LEVELS, "province"),
                                   app.url_choice("province", (ALL, *geo.province_names), ALL, "code"),
                                   app.url_choice("area", areas, ALL, "code"),
                                   app.url_choice("kanwil", (ALL, *geo.kanwil_order), ALL, "code")), geo.kanwil_of)


def go(view: View) -> None:
    """Callback: move the explorer to `view` (the URL is the state, so a copied link restores it),
    and move the level and Kanwil pickers with it."""
    st.session_state["exp_level"], st.session_state["exp_kanwil"] = view.level, view.kanwil
    app.remember(**view.params())


# Filters ---------------------------------------------------------------------------------------

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


def _select(column, label: str, options, param: str, key: str, default, format_func, unknown="choice", **kwargs):
    return column.selectbox(label, options, key=app.url_key(key, param, options, default, unknown),
                            format_func=format_func, **kwargs)


def _radio(column, label: str, options, param: str, key: str, default, format_func, **kwargs):
    return column.radio(label, options, key=app.url_key(key, param, options, default), format_func=format_func,
                        horizontal=True, **kwargs)


def period_basis(columns, periods: list[date], lang: str, prefix: str) -> tuple[date, str]:
    """Month and denominator pickers, starting from the URL."""
    period = _select(columns[0], t("filter.period", lang), periods, "period", f"{prefix}_period", periods[0],
                     lambda d: fmt.month(d, lang))
    basis = _radio(columns[1], t("filter.basis", lang), explorer.BASES, "basis", f"{prefix}_basis", "ucj",
                   lambda b: t(f"basis.{b}", lang), help=f"{t('basis.ucj.help', lang)} {t('basis.bps.help', lang)}")
    return period, basis


def explorer_filters(periods: list[date], geo: Geography, view: View, lang: str) -> tuple[Filters, View]:
    """The explorer's filter widgets, each starting from the URL; returns the choices and the view
    after a level or Kanwil change. They sit in an expander, closed at first: on a phone eight
    pickers would otherwise fill the screen before the map, and the map's title states them all."""
    with st.expander(t("exp.filters", lang), icon=":material/tune:"):
        return _explorer_filters(periods, geo, view, lang)


def _explorer_filters(periods: list[date], geo: Geography, view: View, lang: str) -> tuple[Filters, View]:
    top = st.columns([1.1, 1.6, 1, 1])
    period, basis = period_basis(top[:2], periods, lang, "exp")
    segment = _select(top[2], t("exp.filter.segment", lang), explorer.SEGMENTS, "segment", "exp_segment", ALL,
                      lambda s: t("exp.segment_all", lang) if s == ALL else t(f"segment.{s}", lang))
    kind = _select(top[3], t("exp.filter.kind", lang), explorer.KINDS, "kind", "exp_kind", ALL,
                   lambda k: t(f"exp.kind.{k}", lang))
    second = st.columns([1.1, 1.6, 1, 1])
    level = second[0].radio(t("exp.filter.level", lang), explorer.LEVELS, horizontal=True,
                            key=app.seed("exp_level", view.level), format_func=lambda v: t(f"exp.level.{v}", lang))
    kanwil = second[1].selectbox(t("exp.filter.kanwil", lang), (ALL, *geo.kanwil_order),
                                 key=app.seed("exp_kanwil", view.kanwil),
                                 format_func=lambda k: t("exp.kanwil_all", lang) if k == ALL else geo.kanwil_names[k])
    metric = _select(second[2], t("exp.filter.metric", lang), explorer.EXPLORER_METRICS, "metric", "exp_metric",
                     "rate", lambda m: t(f"exp.metric.{m}", lang))
    target = _select(second[3], t("exp.filter.target", lang), explorer.TARGET_CHOICES, "target", "exp_target",
                     "nearest", lambda c: t(f"exp.target.{c}", lang), disabled=not metric.startswith("gap"),
                     help=t("exp.target_help", lang))
    view = explorer.with_kanwil(explorer.with_level(view, level), kanwil)
    return Filters(period, basis, segment, kind, metric, target), view


def display(frame: pl.DataFrame, lang: str, digits: dict[str, int] | None = None, keep: tuple[str, ...] = ()):
    """The locale-formatted view of a table, every empty cell shown as "–".

    Streamlit draws a missing number as "None" whatever the styler says, so a number column with
    gaps (targets, gaps to target) is shown as text; columns in `keep` (progress bars) stay numbers.
    The download keeps the typed frame.
    """
    digits = digits or {}
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    gappy = [name for name, dtype in frame.schema.items()
             if dtype.is_numeric() and name not in keep and frame[name].null_count()]
    shown = frame.with_columns(
        *(pl.col(name).fill_null("–") for name in text),
        *(pl.Series(name, [fmt.number(v, lang, digits.get(name, 2 if frame.schema[name].is_float() else 0))
                           for v in frame[name].to_list()], dtype=pl.String) for name in gappy),
    )
    return views.locale_styler(shown, lang, digits)


def target_text(rows: pl.DataFrame, lang: str) -> pl.Series:
    """Targets as the reader should see them: a rate as 62,22%, a head count as 1.054.194 orang."""
    return pl.Series([
        None if value is None else fmt.percent(value, lang, fmt.TARGET_DIGITS) if metric == "coverage_rate"
        else f"{fmt.number(value, lang)} {t('exp.unit.people', lang)}"
        for value, metric in zip(rows["target_value"], rows["target_metric"])], dtype=pl.String)


def drop_empty(frame: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """The frame without those of `names` that hold no value at all (e.g. targets at kab/kota level)."""
    return frame.drop([n for n in names if n in frame.columns and frame[n].null_count() == frame.height])


# Explorer sections -----------------------------------------------------------------------------

def breadcrumb(view: View, names: dict[str, str], geo: Geography, lang: str) -> None:
    """Indonesia › Kanwil › province › kabupaten/kota, each step a button back up."""
    crumbs = explorer.breadcrumb(view, names, geo.kanwil_names, t("exp.national", lang))
    with st.container(horizontal=True, gap="small", key="explorer_breadcrumb", vertical_alignment="center"):
        for i, crumb in enumerate(crumbs):
            if i:
                st.markdown("›")
            if crumb.view is None:
                st.markdown(f"**{crumb.label}**")
            else:
                st.button(crumb.label, key=f"crumb_{i}", type="tertiary", on_click=go, args=(crumb.view,),
                          help=t("exp.crumb_help", lang, name=crumb.label))


def with_published(rows: pl.DataFrame, period: date, level: str, lang: str) -> pl.DataFrame:
    """The rows plus `_published`: each area's published rates of the month beside its own."""
    published = published_by_area(app.query("published_rates", month=period.strftime("%Y-%m"), level=level))
    text = published_text(rows.select("area_code", "rate_pct").to_dicts(), published, lang)
    return rows.with_columns(pl.col("area_code").replace_strict(text, default="", return_dtype=pl.String)
                             .alias("_published"))


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
    provinces = app.query("area_coverage", period=filters.period, basis=filters.basis, level="province",
                          province=ALL, segment=filters.segment, kind=filters.kind)
    top = provinces["rate_pct"].drop_nulls().max()
    return figs.nice_ceiling(top) if top else None


def map_section(rows: pl.DataFrame, filters: Filters, view: View, lang: str,
                names: dict[str, str] | None = None) -> None:
    """The clickable metric map: a click on a province opens its kabupaten/kota, a click on a
    kabupaten/kota selects it."""
    if rows.is_empty():
        st.info(t("empty.no_data", lang))
        return
    provinces = rows["province_code"].unique().to_list() if view.province != ALL or view.kanwil != ALL else None
    layer = shown_layer(view.level, provinces)
    if filters.basis == "ucj" and filters.segment == ALL and filters.kind == ALL:  # published rates are overall UCJ
        rows = with_published(rows, filters.period, view.level, lang)
    title = map_title(filters, view, names or {}, geography(filters.period).kanwil_names, lang)
    fig = figs.metric_map(rows, layer, filters.metric, filters.basis, title, lang, bands=bands(),
                          highlight=view.area if "." in view.area else None,
                          height=560 if view.province == ALL else 480, rate_reach=rate_reach(filters))
    provenance = views.coverage_provenance(rows, filters.basis, fmt.month(filters.period, lang),
                                           app.layer(view.level).credit[lang])

    def on_click() -> None:
        code = explorer.clicked_code(st.session_state[MAP_KEY].get("selection"))
        if code:
            go(explorer.drill(view, code))

    views.chart(fig, MAP_KEY, provenance, lang, on_select=on_click, selection_mode="points")
    notes = [t("exp.click_hint_" + ("province" if view.level == "province" else "regency"), lang)]
    over = rows.filter(pl.col("rate_pct") > 100).height
    if over:
        notes.append(t("exp.over_100", lang, n=over))
    if filters.metric.startswith("gap"):
        notes.append(t("exp.gap_note_filtered" if filters.segment != ALL or filters.kind != ALL else "exp.gap_note",
                       lang, n=rows.filter(pl.col("target_value").is_not_null()).height, total=rows.height))
    if filters.metric == "band":
        notes.append(t("exp.band_caveat", lang))
    if filters.segment != ALL or filters.kind != ALL:
        notes.append(t("exp.filter_note", lang))
        unsplit = int(rows["unsplit_regencies"].sum()) if "unsplit_regencies" in rows.columns else 0
        if unsplit:
            # Kab/kota whose source printed only a total: no split is shown rather than one invented.
            notes.append(t("exp.unsplit_note", lang, n=unsplit))
    notes.append(app.layer(view.level).credit[lang])
    st.caption("  \n".join(notes))
    if provenance.synthetic:
        st.caption(t("exp.synthetic_note", lang))


def areas_table(rows: pl.DataFrame, filters: Filters, lang: str, key: str) -> None:
    """The areas on the map, ranked by coverage, with the chosen metric beside."""
    ranked = explorer.ranking(rows, "rate")
    metric = explorer.METRICS[filters.metric]
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
                pl.Series(t("col.provenance", lang), [rate_label(r, lang) for r in ranked.to_dicts()],
                          dtype=pl.String),
                pl.col("active_source").map_elements(lambda v: source_name(v, lang), return_dtype=pl.String)
                .alias(t("col.active_source", lang)),
                pl.col("workers_source").map_elements(lambda v: source_name(v, lang), return_dtype=pl.String)
                .alias(t("col.workers_source", lang)),
                pl.col("period").alias(t("col.as_of", lang))]
    frame = ranked.select(columns)
    provenance = views.coverage_provenance(rows, filters.basis, fmt.month(filters.period, lang))
    shown = frame
    if metric.key.startswith("gap"):
        shown = frame.with_columns(target_text(ranked, lang).alias(t("exp.col.target", lang)))
    if frame.height > TABLE_LIMIT:
        # Styling 514 rows the Indonesian way costs more than the rest of a rerun; the reader
        # sees both ends here and gets every row in the download.
        shown = pl.concat([shown.head(TABLE_ROWS // 2), shown.tail(TABLE_ROWS // 2)])
        st.caption(t("exp.table_cut", lang, shown=shown.height, total=frame.height))
    # On screen the source titles repeat the hover and the note under the map; the download keeps them.
    shown = shown.drop(t("col.active_source", lang), t("col.workers_source", lang))
    views.table(frame, key, provenance, lang, height=380, display=display(shown, lang, {
        t("col.rate", lang): fmt.PERCENT_DIGITS, t("exp.col.change_3m", lang): fmt.POINTS_DIGITS,
        t("col.change_pts", lang): fmt.POINTS_DIGITS}))


def area_detail(area: str, row: dict | None, filters: Filters, targets: pl.DataFrame, lang: str) -> None:
    """One province or kabupaten/kota: headline figures, monthly trend with its targets, the split
    by segment and enterprise kind, its targets and its sources."""
    if row is None:
        st.info(t("empty.no_data", lang))
        return
    level = "regency" if "." in area else "province"
    st.subheader(t("exp.detail_title", lang, name=row["area_name"]))
    st.caption(t(f"exp.detail_kind_{level}", lang, code=area))
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
    for col, part in zip(cols, (None, "active", "workers", None)):  # how each figure came to be
        col.caption(badge(row, lang, row["period"], part))
    if filters.segment != ALL or filters.kind != ALL:
        st.caption(t("exp.detail_filtered", lang))

    own = targets.filter(pl.col("area_code") == area)
    trend = app.query("coverage_trend", area_code=area, basis=filters.basis)
    provenance = views.Provenance(tuple(dict.fromkeys(s for s in (row["active_source"], row["workers_source"]) if s)),
                                  fmt.month(filters.period, lang), filters.basis,
                                  bool(row["active_synthetic"] or row["workers_synthetic"]))
    views.chart(figs.trend_figure(trend, own.filter(pl.col("basis") == filters.basis),
                                  t("exp.trend_title", lang, name=row["area_name"]), lang),
                f"detail_trend_{level}", provenance, lang)
    st.caption(t("exp.trend_note", lang))
    split = app.query("area_split", area_code=area, period=filters.period, basis=filters.basis)
    views.chart(figs.split_figure(split, t("exp.split_title", lang, month=fmt.month(filters.period, lang)), lang),
                f"detail_split_{level}", provenance, lang)
    st.caption(t("exp.split_note", lang))

    st.markdown(f"**{t('exp.targets_title', lang)}**")
    related = targets.filter(
        ((pl.col("area_level") == level) & (pl.col("area_code") == area))
        | ((pl.col("area_level") == "province") & (pl.col("area_code") == explorer.province_of(area)))
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
            *(f"- {user_text.md(line)}" for line in published_beside(row["rate_pct"], published_by_area(app.query(
                "published_rates", month=row["period"].strftime("%Y-%m"), level=level)).get(row["area_code"], []),
                lang) if filters.basis == "ucj" and filters.segment == ALL and filters.kind == ALL),
            f"- {t('col.as_of', lang)}: {fmt.month(row['period'], lang)}",
            f"- {t('col.batch', lang)}: {user_text.md(row['active_batches'] or '–')} / "
            f"{user_text.md(row['workers_batches'] or '–')}",
            f"- {app.layer(level).credit[lang]}",
        ]
        st.markdown("\n".join(lines))


def target_table(related: pl.DataFrame, row: dict, filters: Filters, lang: str, key: str) -> None:
    """Targets of an area and of the areas above it, each with its gap from this area's figures."""
    def gap(target: dict) -> tuple[float | None, float | None]:
        if target["area_code"] != row["area_code"] or filters.segment != ALL or filters.kind != ALL:
            return None, None
        if target["metric"] == "coverage_rate" and target["basis"] == filters.basis:
            return target["target_value"] - row["rate_pct"], round(target["target_value"] / 100 * row["workers"]
                                                                    - row["active"])
        if target["metric"] == "active_participants":
            return 100 * target["target_value"] / row["workers"] - row["rate_pct"], target["target_value"] - row["active"]
        return None, None

    gaps = [gap(r) for r in related.to_dicts()]
    frame = related.select(
        pl.col("area_name").alias(t("exp.col.area", lang)),
        pl.col("set_by").alias(t("exp.col.target_set_by", lang)),
        pl.col("metric").replace_strict({m: t(f"exp.target_metric.{m}", lang) for m in
                                         ("coverage_rate", "active_participants", "enrolled_umkm",
                                          "enrolled_koperasi")}, default=None).alias(t("exp.col.target_metric", lang)),
        pl.col("basis").replace_strict({b: t(f"basis.{b}.short", lang) for b in explorer.BASES}, default=None)
        .alias(t("col.basis", lang)),
        pl.col("target_value").alias(t("exp.col.target", lang)),
        pl.col("due_period").alias(t("exp.col.due", lang)),
    ).with_columns(
        pl.Series(t("exp.col.gap_pts", lang), [g[0] for g in gaps], dtype=pl.Float64),
        pl.Series(t("exp.col.gap_people", lang), [g[1] for g in gaps], dtype=pl.Float64),
        related["source_title"].alias(t("exp.col.target_source", lang)),
    )
    # Rates and head counts share the target column: show each with its own unit.
    shown = frame.with_columns(pl.Series(t("exp.col.target", lang), [
        fmt.percent(r["target_value"], lang, fmt.TARGET_DIGITS) if r["metric"] == "coverage_rate"
        else fmt.number(r["target_value"], lang) for r in related.to_dicts()]))
    provenance = views.Provenance(tuple(related["source_title"].unique().sort().to_list()),
                                  fmt.month(filters.period, lang), filters.basis, bool(related["is_synthetic"].any()))
    views.table(frame, key, provenance, lang, display=display(shown, lang, {
        t("exp.col.gap_pts", lang): 2, t("exp.col.gap_people", lang): 0}))


# Regional review -------------------------------------------------------------------------------

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
    rank_level = _radio(second[1], t("reg.filter.rank_level", lang), explorer.LEVELS, "rank_level", "reg_rank_level",
                        "regency", lambda v: t(f"exp.level.{v}", lang))
    reference = _radio(second[2], t("reg.filter.reference", lang), explorer.REFERENCES, "reference", "reg_reference",
                       "median", lambda r: t(f"reg.reference.{r}", lang))
    return Review(kanwil, period, compare, basis, rank_level, reference)


def _coverage(review: Review, level: str, period: date | None = None) -> pl.DataFrame:
    frame = app.query("area_coverage", period=period or review.period, basis=review.basis, level=level,
                      province=ALL, segment=ALL, kind=ALL)
    return frame.filter(pl.col("kanwil_code") == review.kanwil)


def explorer_link(view: View, review: Review, lang: str) -> dict[str, str]:
    """Query parameters that open the explorer on `view` with the review's month and basis."""
    return {"lang": lang, **view.params(), "period": str(review.period), "basis": review.basis, "segment": ALL,
            "kind": ALL, "metric": "rate", "target": "nearest"}


def regional_review(review: Review, geo: Geography, lang: str) -> None:
    """Every section of Tinjauan Wilayah for one Kanwil."""
    provinces = _coverage(review, "province")
    regencies = _coverage(review, "regency")
    if regencies.is_empty() or regencies["rate_pct"].is_null().all():
        st.info(t("empty.no_data", lang))
        return
    targets = app.query("targets")
    chosen = explorer.applicable_targets(targets, review.period, review.basis)
    trend = app.query("province_trend", kanwil=review.kanwil, basis=review.basis)
    month = fmt.month(review.period, lang)
    provenance = views.coverage_provenance(regencies, review.basis, month, app.layer("regency").credit[lang])
    if provenance.synthetic:
        st.info(t("app.synthetic_banner", lang), icon="ℹ️")

    _headline(provinces, explorer.kanwil_series(trend), review, lang)
    _kanwil_map(regencies, review, provenance, lang)

    level_rows = provinces if review.rank_level == "province" else regencies
    ranked = explorer.with_gaps(level_rows, chosen, review.rank_level, filtered=False)
    st.subheader(t("reg.ranking_title", lang, level=t(f"exp.level.{review.rank_level}", lang)))
    # The note explains the target-progress bars only when the table draws them (areas with a target).
    with_target = ranked.filter(pl.col("target_metric") == "coverage_rate").height > 0
    st.caption(t("reg.ranking_note" if with_target else "reg.ranking_note_rate", lang))
    _ranking_table(ranked, review, provenance, lang)
    top, bottom = explorer.top_bottom(ranked, 5)
    left, right = st.columns(2)
    with left:
        views.chart(figs.ranking_bars(top, "rate_pct", "pct", t("reg.top5", lang, month=month), lang),
                    "regional_top5", provenance, lang)
    with right:
        views.chart(figs.ranking_bars(bottom, "rate_pct", "pct", t("reg.bottom5", lang, month=month), lang,
                                      colour=figs.DIVERGING[1]), "regional_bottom5", provenance, lang)

    st.subheader(t("reg.trend_title", lang))
    views.chart(figs.small_multiples(trend, t("reg.trend_chart", lang, kanwil=geo.kanwil_names[review.kanwil],
                                                                 basis=t(f"basis.{review.basis}.short", lang)), lang),
                "regional_trends", views.Provenance(provenance.sources, month, review.basis,
                                                    bool((trend["active_synthetic"] | trend["workers_synthetic"]).any())),
                lang)

    _where_to_act(regencies, chosen, review, geo, provenance, lang)
    _compare(regencies, review, lang)


def _headline(provinces: pl.DataFrame, series: pl.DataFrame, review: Review, lang: str) -> None:
    total = explorer.totals(provinces)
    before = series.filter(pl.col("period") == review.period.replace(year=review.period.year - 1))
    change = total["rate_pct"] - before["rate_pct"][0] if before.height and total["rate_pct"] is not None else None
    cols = st.columns(4)
    cols[0].metric(t("metric.rate", lang), fmt.percent(total["rate_pct"], lang),
                   delta=fmt.points(change, lang) if change is not None else None, help=t("exp.delta_12m", lang))
    cols[1].metric(t("metric.active", lang), fmt.compact(total["active"], lang), help=fmt.number(total["active"], lang))
    cols[2].metric(t("metric.workers", lang) + f" ({t(f'basis.{review.basis}.short', lang)})",
                   fmt.compact(total["workers"], lang), help=fmt.number(total["workers"], lang))
    cols[3].metric(t("metric.uncovered", lang), fmt.compact(total["uncovered"], lang),
                   help=fmt.number(total["uncovered"], lang))
    st.caption(t("reg.headline_note", lang, n=provinces.height))


def _kanwil_map(regencies: pl.DataFrame, review: Review, provenance: views.Provenance, lang: str) -> None:
    provinces = regencies["province_code"].unique().to_list()
    layer, outline = shown_layer("regency", provinces), shown_layer("province", provinces)
    title = t("reg.map_title", lang, month=fmt.month(review.period, lang))
    fig = figs.metric_map(regencies, layer, "rate", review.basis, title, lang, outline=outline, height=520)
    event = views.chart(fig, "regional_map", provenance, lang, on_select="rerun", selection_mode="points")
    st.caption(t("reg.map_note", lang) + "  \n" + app.layer("regency").credit[lang])
    code = explorer.clicked_code((event or {}).get("selection"))
    if code:
        st.switch_page("pages/peta.py", query_params=explorer_link(
            explorer.drill(View(kanwil=review.kanwil), code), review, lang))


def reported_columns(rows: pl.DataFrame, period: date, level: str, basis: str, lang: str) -> list[pl.Series]:
    """How each rate came to be, and a published rate of the month beside it with the difference
    (published rates are overall UCJ rates, so only on that basis)."""
    dicts = rows.to_dicts()
    out = [pl.Series(t("col.provenance", lang), [rate_label(r, lang) for r in dicts], dtype=pl.String)]
    if basis != "ucj":
        return out
    published = published_by_area(app.query("published_rates", month=f"{period:%Y-%m}", level=level))
    first = [published.get(r["area_code"], [{}])[0] for r in dicts]
    reported = [f.get("value") for f in first]
    out += [pl.Series(t("col.reported", lang), reported, dtype=pl.Float64),
            pl.Series(t("col.reported_diff", lang), [r["rate_pct"] - v if v is not None and r["rate_pct"] is not None
                                                     else None for r, v in zip(dicts, reported)], dtype=pl.Float64),
            pl.Series(t("col.reported_source", lang), [source_name(f.get("source_title"), lang) for f in first],
                      dtype=pl.String)]
    return out


def _ranking_table(ranked: pl.DataFrame, review: Review, provenance: views.Provenance, lang: str) -> None:
    ordered = explorer.ranking(ranked, "rate")
    progress = (100.0 * pl.col("rate_pct") / pl.when(pl.col("target_metric") == "coverage_rate")
                .then(pl.col("target_value"))).clip(0, 100)
    rate, to_target = t("col.rate", lang), t("reg.col.progress", lang)
    frame = ordered.select(
        pl.col("position").alias(t("col.rank", lang)),
        pl.col("area_name").alias(t("exp.col.area", lang)),
        pl.col("rate_pct").alias(rate),
        pl.col("active").alias(t("reg.col.covered", lang)),
        pl.col("uncovered").alias(t("col.uncovered", lang)),
        pl.col("rate_change_pts").alias(t("col.change_pts", lang)),
        pl.col("target_value").alias(t("exp.col.target", lang)),
        pl.col("target_set_by").alias(t("exp.col.target_set_by", lang)),
        progress.alias(to_target),
        pl.col("gap_pts").alias(t("exp.col.gap_pts", lang)),
        pl.col("gap_people").alias(t("exp.col.gap_people", lang)),
        (pl.col("active_synthetic") | pl.col("workers_synthetic")).alias(t("col.synthetic", lang)),
        *reported_columns(ordered, review.period, review.rank_level, review.basis, lang),
        pl.col("period").alias(t("col.as_of", lang)),
    )
    # Bars carry a whole-number label (no decimal separator to localise); exact values sit beside.
    config = {
        rate: st.column_config.ProgressColumn(rate, min_value=0, max_value=100, format="%d%%",
                                              help=t("reg.col.rate_help", lang)),
        to_target: st.column_config.ProgressColumn(to_target, min_value=0, max_value=100, format="%d%%",
                                                   help=t("reg.col.progress_help", lang)),
    }
    frame = drop_empty(frame, [t(k, lang) for k in ("exp.col.target", "exp.col.target_set_by", "reg.col.progress",
                                                    "exp.col.gap_pts", "exp.col.gap_people", "col.reported",
                                                    "col.reported_diff", "col.reported_source")])
    if to_target not in frame.columns:
        st.caption(t("reg.no_targets_level", lang))
    shown = frame
    target = t("exp.col.target", lang)
    if target in frame.columns:  # a rate target reads 62,22%, a head-count target 1.054.194 orang
        shown = frame.with_columns(target_text(ordered, lang).alias(target))
    views.table(frame, "regional_ranking", provenance, lang, display=display(shown, lang, keep=(rate, to_target)),
                height=400 if frame.height > 10 else None, column_config={k: v for k, v in config.items() if k in frame.columns})


def _where_to_act(regencies: pl.DataFrame, chosen: pl.DataFrame, review: Review, geo: Geography,
                  provenance: views.Provenance, lang: str) -> None:
    st.subheader(t("reg.act_title", lang))
    median = explorer.kanwil_median(regencies)
    st.markdown(t(f"reg.act_formula_{review.reference}", lang, median=fmt.percent(median, lang, fmt.TARGET_DIGITS)))
    act = explorer.where_to_act(regencies, review.reference, chosen, review.kanwil)
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
            pl.col("province_code").replace_strict(geo.province_names, default=None).alias(t("col.province", lang)),
            pl.col("people_to_cover").alias(t("reg.col.people_to_cover", lang)),
            pl.col("rate_pct").alias(t("col.rate", lang)),
            pl.col("reference_pct").alias(t("reg.col.reference", lang)),
            pl.col("reference_set_by").alias(t("reg.col.reference_set_by", lang)),
            pl.col("active").alias(t("col.active", lang)),
            pl.col("workers").alias(t("col.workers", lang)),
        )
        frame = drop_empty(frame, [t("reg.col.reference_set_by", lang)])
        views.table(frame, "regional_where_to_act", provenance, lang, display=display(frame, lang), height=400)
    with right:
        views.chart(figs.ranking_bars(act.head(10), "people_to_cover", "people", t("reg.act_chart", lang), lang,
                                      colour=figs.NEED[5]), "regional_where_chart", provenance, lang)


def _compare(regencies: pl.DataFrame, review: Review, lang: str) -> None:
    st.subheader(t("reg.compare_title", lang))
    before = _coverage(review, "regency", review.compare)
    both = explorer.compare_periods(before, regencies)
    provinces = regencies["province_code"].unique().to_list()
    layer, outline = shown_layer("regency", provinces), shown_layer("province", provinces)
    credit = app.layer("regency").credit[lang]
    left, right = st.columns(2)
    for column, frame, month, key in ((left, before, review.compare, "regional_before"),
                                      (right, regencies, review.period, "regional_after")):
        with column:
            provenance = views.coverage_provenance(frame, review.basis, fmt.month(month, lang), credit)
            views.chart(figs.metric_map(frame, layer, "rate", review.basis, fmt.month(month, lang), lang,
                                        outline=outline, height=380), key, provenance, lang)
    change = figs.metric_map(both, layer, "change_between", review.basis, t(
        "reg.change_title", lang, before=fmt.month(review.compare, lang), after=fmt.month(review.period, lang)),
        lang, outline=outline, height=480)
    views.chart(change, "regional_change", views.coverage_provenance(both, review.basis, fmt.month(
        review.period, lang), credit), lang)
    st.caption(t("reg.compare_note", lang))


# Compare ---------------------------------------------------------------------------------------

def compare_split(code: str, period: date, basis: str, lang: str, side: str) -> None:
    """One area's split by segment and enterprise kind, full width (two halves would crowd it)."""
    level = "regency" if "." in code else "province"
    frame = app.query("area_coverage", period=period, basis=basis, level=level, province=code[:2],
                      segment=ALL, kind=ALL).filter(pl.col("area_code") == code)
    if frame.is_empty():
        return
    split = app.query("area_split", area_code=code, period=period, basis=basis)
    title = t("cmp.split_title", lang, name=frame["area_name"][0], month=fmt.month(period, lang))
    views.chart(figs.split_figure(split, title, lang), f"compare_split_{side}",
                views.coverage_provenance(frame, basis, fmt.month(period, lang)), lang)


def compare_column(code: str, period: date, basis: str, targets: pl.DataFrame, lang: str, side: str) -> None:
    """One side of a comparison: the area's rate and counts, its monthly trend with its targets and
    its coverage targets with the gap to each (same month and basis on both sides)."""
    level = "regency" if "." in code else "province"
    frame = app.query("area_coverage", period=period, basis=basis, level=level, province=code[:2],
                      segment=ALL, kind=ALL).filter(pl.col("area_code") == code)
    if frame.is_empty() or frame["rate_pct"][0] is None:
        st.info(t("empty.no_data", lang))
        return
    row = frame.row(0, named=True)
    st.subheader(row["area_name"])
    st.caption(t(f"exp.detail_kind_{level}", lang, code=code))
    cols = st.columns(3)
    cols[0].metric(t("metric.rate", lang), fmt.percent(row["rate_pct"], lang), help=t("exp.delta_12m", lang),
                   **views.delta(row["rate_change_pts"], fmt.points(row["rate_change_pts"], lang)))
    cols[1].metric(t("metric.active", lang), fmt.compact(row["active"], lang), help=fmt.number(row["active"], lang))
    cols[2].metric(t("metric.uncovered", lang), fmt.compact(row["uncovered"], lang),
                   help=fmt.number(row["uncovered"], lang))
    own = targets.filter(pl.col("area_code") == code, pl.col("basis") == basis)
    provenance = views.coverage_provenance(frame, basis, fmt.month(period, lang))
    views.chart(figs.trend_figure(app.query("coverage_trend", area_code=code, basis=basis), own,
                                  t("exp.trend_title", lang, name=row["area_name"]), lang),
                f"compare_trend_{side}", provenance, lang)
    rates = own.filter(pl.col("metric") == "coverage_rate")
    if rates.is_empty():
        st.caption(t("cmp.no_target", lang))
    for target in rates.to_dicts():
        st.markdown(t("cmp.target_line", lang, set_by=target["set_by"],
                      target=fmt.percent(target["target_value"], lang, fmt.TARGET_DIGITS),
                      due=fmt.month(target["due_period"], lang),
                      gap=fmt.gap(row["rate_pct"] - target["target_value"], lang)))
