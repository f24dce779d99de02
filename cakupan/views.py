"""Rendering pieces shared by pages: headline metrics, ranked tables and provenance panels."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from cakupan import app, export, fmt, map_sizing, user_text
from cakupan.boundaries import Layer
from cakupan.i18n import messages, t
from cakupan.provenance import (  # pages build Provenance via views
    Provenance, badge, batch_text, published_list, rate_kind, rate_label, residual_note, source_name)


def chart(fig: go.Figure, key: str, provenance: Provenance, lang: str, on_select="ignore",
          selection_mode=("points", "box", "lasso")):
    """Render a figure; every chart in the app goes through here, with its PNG/SVG/PDF downloads.
    `on_select`/`selection_mode` pass to st.plotly_chart (a clickable map); returns its selection."""
    fig.update_layout(separators=export.separators(lang))
    fit = map_sizing.fit_css(fig, key)
    if fit:  # a map: its height follows its width (no blank bands on a phone)
        st.html(f"<style>{fit}</style>")
    event = st.plotly_chart(fig, config=app.PLOTLY_CONFIG, width="stretch", key=key, on_select=on_select,
                            selection_mode=selection_mode)
    _downloads(key, lang, {kind: export.chart_data(fig, provenance, lang, kind) for kind in export.CHART_FORMATS})
    return event


ROW_PX = 35  # st.dataframe's row height, header included


def table(frame: pl.DataFrame, key: str, provenance: Provenance, lang: str, display=None,
          height: int | None = None, column_config: dict | None = None) -> None:
    """Render a table; `frame` holds typed values with column names in the reader's language,
    `display` (optional) is what is shown, e.g. a pandas Styler with locale formatting.
    CSV/XLSX/Parquet downloads of `frame` (plus provenance columns) sit under it."""
    shown = display if display is not None else frame.to_pandas()
    if height:
        # A fixed height never exceeds the rows' own: a short table gets no blank filler rows.
        rows = len(shown.data) if hasattr(shown, "data") else len(shown)
        height = min(height, ROW_PX * (rows + 1) + 3)
    st.dataframe(shown, hide_index=True, width="stretch", height=height or "auto", key=key,
                 column_config=column_config)
    _downloads(key, lang, {kind: export.table_data(frame, provenance, lang, kind) for kind in export.TABLE_FORMATS})


def _downloads(key: str, lang: str, makers: dict) -> None:
    """A compact row of download buttons; the bytes are made only when one is clicked."""
    with st.container(horizontal=True, gap="small", key=f"{key}_downloads"):
        for kind, make in makers.items():
            st.download_button(kind.upper() if kind != "parquet" else "Parquet", make,
                               file_name=export.file_name(key, kind, lang), mime=export.MIME[kind],
                               key=f"{key}_dl_{kind}", help=t(f"export.download.{kind}", lang),
                               on_click="ignore", icon=":material/download:", type="tertiary")


def page_start(title_key: str, intro_key: str, lang: str, months: bool = True) -> list:
    """Title, then a clear message and a stop when there is no database or no month in it;
    returns the months, newest first. A page that works without months (an import into an empty
    database, a calculator) passes `months=False` and gets an empty list, with no month query run."""
    app.through_navigation()
    st.title(t(title_key, lang))
    app.url_notices()  # an unusable ?lang= (the page's own parameters are reported by app.remember)
    if not app.database_ready():
        st.info(t("empty.no_db", lang))
        st.stop()
    if not app.database_current():
        st.warning(t("empty.old_db", lang))
        st.stop()
    data_line(lang)
    st.caption(t(intro_key, lang))
    if not months:
        return []
    periods = app.periods()
    if not periods:
        st.info(t("empty.no_data", lang))
        st.stop()
    return periods


def data_line(lang: str) -> None:
    """'Data per Desember 2025 · impor terakhir 1 Desember 2026' under every page title: the newest
    month in the data and when the newest batch still in force was loaded."""
    status = app.query("data_status").row(0, named=True)
    if status["latest_period"] is None:
        return
    month = fmt.month(status["latest_period"], lang)
    text = (t("app.data_line", lang, month=month, day=fmt.day(status["last_import_at"].date(), lang))
            if status["last_import_at"] else t("app.data_line_no_import", lang, month=month))
    st.caption(f":material/event_available: **{text}**")


def open_on_explorer(code: str | None, period, basis: str, lang: str) -> None:
    """A province clicked on the overview map opens on /peta, drilled to its kabupaten/kota."""
    if not code:
        return
    # The explorer's level and Kanwil pickers follow the URL only when first drawn.
    st.session_state["exp_level"], st.session_state["exp_kanwil"] = "regency", "all"
    st.switch_page("pages/peta.py", query_params={"level": "regency", "province": code, "area": code,
                                                  "period": period.isoformat(), "basis": basis, "lang": lang})


def map_frame(provinces: pl.DataFrame) -> pl.DataFrame:
    """The province query's columns under the names the map figure expects."""
    return provinces.rename({"area_code": "code", "area_name": "name"})


def headline_metrics(row: dict, basis: str, lang: str) -> None:
    """Four headline figures with their 12-month change, each with a badge saying how it came to
    be (published with its source and month, derived from a published rate, imported, synthetic)."""
    cols = st.columns(4)
    when = row.get("period")
    cols[0].metric(t("metric.active", lang), fmt.compact(row["active"], lang),
                   help=fmt.number(row["active"], lang),
                   **delta(row["active_change"], fmt.signed(row["active_change"], lang), 0))
    cols[0].caption(badge(row, lang, when, "active"))
    cols[1].metric(t("metric.workers", lang) + f" ({t(f'basis.{basis}.short', lang)})",
                   fmt.compact(row["workers"], lang), help=fmt.number(row["workers"], lang))
    cols[1].caption(badge(row, lang, when, "workers"))
    cols[2].metric(t("metric.rate", lang), fmt.percent(row["rate_pct"], lang),
                   help=t("metric.rate_of_basis", lang, rate=fmt.percent(row["rate_pct"], lang, 2),
                          basis=t(f"basis.{basis}.short", lang)),
                   **delta(row["rate_change_pts"], fmt.points(row["rate_change_pts"], lang)))
    cols[2].caption(badge(row, lang, when))
    cols[3].metric(t("metric.uncovered", lang), fmt.compact(row["uncovered"], lang),
                   help=fmt.number(row["uncovered"], lang))
    cols[3].caption(badge(row, lang, when))


def delta(value: float | None, text: str, digits: int = fmt.POINTS_DIGITS) -> dict:
    """st.metric's delta arguments: none for a missing change, and a change that rounds to zero
    ("+0,00 poin") shown grey without an arrow, never as a green rise."""
    if value is None:
        return {}
    if fmt.is_zero(value, digits):
        return {"delta": text, "delta_color": "off", "delta_arrow": "off"}
    return {"delta": text}


def map_footnote(provinces: pl.DataFrame, basis: str, layer: Layer, lang: str) -> None:
    """Method, the above-100% note and the boundary credit, under a map."""
    lines = [t("overview.method", lang, basis=t(f"basis.{basis}.short", lang))]
    over = provinces.filter(pl.col("rate_pct") > 100).height
    if over:
        lines.append(t("overview.over_100", lang, n=over))
    lines.append(layer.credit[lang])
    st.caption("  \n".join(lines))


def coverage_provenance(frame: pl.DataFrame, basis: str, as_of: str, boundary_credit: str | None = None
                        ) -> Provenance:
    """Provenance of a coverage query result (province_coverage and its kin)."""
    titles = pl.concat([frame["active_source"], frame["workers_source"]]).drop_nulls().unique().sort()
    synthetic = bool((frame["active_synthetic"] | frame["workers_synthetic"]).any())
    lists = [frame[c] for c in ("active_batches", "workers_batches") if c in frame.columns]
    batches = {b for row in pl.concat(lists).drop_nulls().str.split(", ").to_list() for b in row} if lists else set()
    kinds = tuple(sorted({rate_kind(r) for r in frame.iter_rows(named=True) if r.get("rate_pct") is not None}))
    return Provenance(tuple(titles.to_list()), as_of, basis, synthetic, boundary_credit,
                      batches=tuple(sorted(batches, key=lambda b: (len(b), b))), kinds=kinds)


def province_table(provinces: pl.DataFrame, provenance: Provenance, lang: str,
                   published: dict[str, list[dict]] | None = None) -> None:
    """The ranked province table, numbers formatted for the reader's locale but sortable; each
    rate with its kind and, where a source printed one for the month, the published rate beside it."""
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
        pl.Series(t("col.reported_source", lang), [first.get(r["area_code"], {}).get("source_title") for r in rows],
                  dtype=pl.String),
        pl.col("active").alias(t("col.active", lang)),
        pl.col("workers").alias(t("col.workers", lang)),
        pl.col("uncovered").alias(t("col.uncovered", lang)),
        pl.col("rate_change_pts").alias(t("col.change_pts", lang)),
        (pl.col("active_synthetic") | pl.col("workers_synthetic")).alias(t("col.synthetic", lang)),
        pl.col("active_source").map_elements(lambda s: source_name(s, lang), return_dtype=pl.String)
        .alias(t("col.active_source", lang)),
        pl.col("workers_source").map_elements(lambda s: source_name(s, lang), return_dtype=pl.String)
        .alias(t("col.workers_source", lang)),
        pl.col("period").alias(t("col.as_of", lang)),
        pl.col("active_batches").alias(t("col.batch", lang)),
    )
    # Streamlit draws an empty number as "None" whatever the styler says: the sparse reported
    # columns are shown as text (the download keeps the numbers).
    reported_cols = [t(k, lang) for k in ("col.reported", "col.reported_diff")]
    shown = frame.with_columns(
        pl.col(reported_cols[0]).map_elements(lambda v: fmt.number(v, lang, 2), return_dtype=pl.String),
        pl.col(reported_cols[1]).map_elements(lambda v: fmt.points(v, lang, 2), return_dtype=pl.String),
        pl.col(t("col.reported_source", lang)).fill_null("–")).with_columns(pl.col(reported_cols).fill_null("–"))
    table(frame, "province_table", provenance, lang, height=420, display=locale_styler(
        shown, lang, {t("col.rate", lang): fmt.PERCENT_DIGITS, t("col.change_pts", lang): fmt.POINTS_DIGITS}))


def kanwil_names() -> dict[str, str]:
    """Kanwil code → name ("SULAMA" → "Kanwil Sulama"): readers know the offices by name."""
    kanwils = app.query("kanwils")
    return dict(zip(kanwils["kanwil_code"], kanwils["name"]))


def locale_styler(frame: pl.DataFrame, lang: str, digits: dict[str, int] | None = None,
                  signed: tuple[str, ...] = ()):
    """A pandas Styler that shows numbers, booleans and months the reader's way; values stay sortable.
    Columns in `signed` are changes: always signed, points with fmt's two decimals (+0,28; -1.234)."""
    digits = digits or {}
    formats = {}
    for name, dtype in frame.schema.items():
        if name in signed and dtype.is_float():
            formats[name] = lambda v, lang=lang: fmt.points(v, lang).rsplit(" ", 1)[0]
        elif name in signed and dtype.is_integer():
            formats[name] = lambda v, lang=lang: fmt.signed(v, lang)
        elif dtype.is_integer():
            formats[name] = lambda v, lang=lang: fmt.number(v, lang)
        elif dtype.is_float():
            formats[name] = lambda v, lang=lang, d=digits.get(name, 2): fmt.number(v, lang, d)
        elif dtype == pl.Boolean:
            formats[name] = lambda v, lang=lang: t("prov.synthetic_yes" if v else "prov.synthetic_no", lang)
        elif dtype == pl.Date:
            formats[name] = lambda v, lang=lang: fmt.month(v, lang)
    return frame.to_pandas().style.format(formats, na_rep="–")


def provenance(provinces: pl.DataFrame, batches: pl.DataFrame, lang: str, national: dict | None = None) -> None:
    """Every source and import batch behind the figures on the page; where the national total is a
    published figure, how much of it the published provinces leave to the others."""
    with st.expander(t("prov.sources_title", lang)):
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
        for row in sources.iter_rows(named=True):
            st.markdown("- " + user_text.source_md(source_name(row["title"], lang), row["url"]))
        known = {key.removeprefix("export.batch_col.") for key in messages() if key.startswith("export.batch_col.")}
        words = [c for c in ("kind", "file_name", "note") if c in batches.columns]
        batches = batches.with_columns(pl.col(c).map_elements(lambda v: batch_text(v, lang), return_dtype=pl.String)
                                       for c in words)
        frame = batches.rename({name: t(f"export.batch_col.{name}", lang) for name in batches.columns if name in known})
        as_of = fmt.month(provinces["period"][0], lang) if provinces.height else "–"
        table(frame, "batches_table", Provenance(tuple(sources["title"].to_list()), as_of), lang,
              display=locale_styler(frame, lang))


def published_figures(lang: str) -> None:
    """Every published coverage rate, conflicts side by side, each shown or saying why not."""
    figures = app.query("published_rates", month="all", level="all").to_dicts()
    periods = app.periods()
    months = (f"{min(periods):%Y-%m}", f"{max(periods):%Y-%m}") if periods else ("", "")
    with st.expander(t("prov.all_published.title", lang)):
        st.caption(t("prov.all_published.intro", lang))
        frame = pl.DataFrame(published_list(figures, months, lang))
        table(frame, "published_figures", Provenance(tuple(sorted({f["source_title"] for f in figures})), "–",
                                                     kinds=("published",)), lang, height=360)
