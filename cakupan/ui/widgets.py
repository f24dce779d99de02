"""Building blocks shared by pages: page header, charts and tables with their downloads, headline metrics, filters."""

from __future__ import annotations

import re
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
import streamlit as st
import streamlit.elements.arrow as st_arrow

from cakupan import choices, fmt, map_sizing
from cakupan.figures import theme
from cakupan.i18n import t
from cakupan.provenance import (RATE_INPUTS, Provenance, badge, part_kind, published_by_area, published_text,
                                 rate_kind, uncovered_badge)
from cakupan.reports import export, render
from cakupan.ui import cache, state

# plotly.js would fetch its world topojson from a CDN; serve empty stubs from static/ instead.
# No plotly toolbar: its camera saved a second, unlabelled PNG (no source, no synthetic flag) beside
# the app's own downloads, and its tooltips are English only. Maps still zoom by scroll and pinch,
# pan by drag, and return to their view with a double click.
PLOTLY_CONFIG = {"topojsonURL": "app/static/topo/", "displaylogo": False, "responsive": True,
                 "displayModeBar": False}


def chart(fig: go.Figure, key: str, provenance: Provenance, lang: str, on_select="ignore",
          selection_mode=("points", "box", "lasso")):
    """Render a figure; every chart in the app goes through here, with its PNG/SVG/PDF downloads.
    `on_select`/`selection_mode` pass to st.plotly_chart (a clickable map); returns its selection."""
    separators = theme.separators(lang)
    if fig.layout.separators != separators:  # a shared cached figure (cache.figure) already has them
        fig.update_layout(separators=separators)
    fit = _fit_css(fig, key)
    if fit:  # a map: its height follows its width (no blank bands on a phone)
        st.html(f"<style>{fit}</style>")
    event = st.plotly_chart(fig, config=PLOTLY_CONFIG, width="stretch", key=key, on_select=on_select,
                            selection_mode=selection_mode)
    # each source with its address in the footer (a handful of sources: cheap on every run)
    provenance = export.with_addresses(provenance, cache.source_addresses(lang), lang)
    _downloads(key, lang, {kind: export.chart_data(fig, provenance, lang, kind) for kind in render.CHART_FORMATS})
    return event


def _fit_css(fig: go.Figure, key: str) -> str | None:
    """map_sizing.fit_css, worked out once per figure and chart key and kept on the figure: reading a
    plotly layout's properties costs about 3 ms a map, and a shared figure (cache.figure, never
    changed once built) is shown on every run of every session. A copy of the figure starts afresh."""
    memo = getattr(fig, "_fit_css_by_key", None)
    if memo is None:
        memo = fig._fit_css_by_key = {}
    if key not in memo:
        memo[key] = map_sizing.fit_css(fig, key)
    return memo[key]


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
    # each source with its address: looked up (row by row) only when a download is made
    _downloads(key, lang, {kind: export.table_data(frame, provenance, lang, kind,
                                                   urls=lambda: cache.source_addresses(lang))
                           for kind in export.TABLE_FORMATS})


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
    state.through_navigation()
    st.title(t(title_key, lang))
    state.url_notices()  # an unusable ?lang= (the page's own parameters are reported by state.remember)
    if not cache.database_ready():
        st.info(t("empty.no_db", lang))
        st.stop()
    if not cache.database_current():
        st.warning(t("empty.old_db", lang))
        st.stop()
    data_line(lang)
    st.caption(t(intro_key, lang))
    if not months:
        return []
    periods = cache.periods()
    if not periods:
        st.info(t("empty.no_data", lang))
        st.stop()
    return periods


def data_line(lang: str) -> None:
    """'Data per Desember 2025 · impor terakhir 1 Desember 2026' under every page title: the newest
    month in the data and when the newest batch still in force was loaded."""
    status = cache.query("data_status").row(0, named=True)
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
    # A printed (or imported) count stands exact beside its source: the card's "39 juta" is the
    # house's compact form, the publication says 39,05 juta (review 3 F3). A synthetic one keeps its
    # exact value in the help only; its digits mean nothing more.
    exact = fmt.number(row["active"], lang) + " · " if part_kind(row, "active") != "synthetic" else ""
    cols[0].caption(exact + badge(row, lang, when, "active"))
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
    cols[3].caption(uncovered_badge(row, lang, when))


def delta(value: float | None, text: str, digits: int = fmt.POINTS_DIGITS) -> dict:
    """st.metric's delta arguments: none for a missing change, and a change that rounds to zero
    ("+0,00 poin") shown grey without an arrow, never as a green rise."""
    if value is None:
        return {}
    if fmt.is_zero(value, digits):
        return {"delta": text, "delta_color": "off", "delta_arrow": "off"}
    return {"delta": text}


def coverage_provenance(frame: pl.DataFrame, basis: str, as_of: str, boundary_credit: str | None = None
                        ) -> Provenance:
    """Provenance of a coverage query result (province_coverage and its kin)."""
    titles = pl.concat([frame["active_source"], frame["workers_source"]]).drop_nulls().unique().sort()
    synthetic = bool((frame["active_synthetic"] | frame["workers_synthetic"]).any())
    lists = [frame[c] for c in ("active_batches", "workers_batches") if c in frame.columns]
    batches = {b for row in pl.concat(lists).drop_nulls().str.split(", ").to_list() for b in row} if lists else set()
    # The kinds of the distinct provenance combinations (a handful), not of every row one by one.
    inputs = [c for c in RATE_INPUTS if c in frame.columns]
    rated = frame.filter(pl.col("rate_pct").is_not_null()) if "rate_pct" in frame.columns else frame.clear()
    kinds = tuple(sorted({rate_kind(dict(zip(inputs, row))) for row in set(rated.select(inputs).iter_rows())}))
    return Provenance(tuple(titles.to_list()), as_of, basis, synthetic, boundary_credit,
                      batches=tuple(sorted(batches, key=lambda b: (len(b), b))), kinds=kinds)


def kanwil_names() -> dict[str, str]:
    """Kanwil code → name ("SULAMA" → "Kanwil Sulama"): readers know the offices by name."""
    kanwils = cache.query("kanwils")
    return dict(zip(kanwils["kanwil_code"], kanwils["name"]))


def locale_styler(frame: pl.DataFrame, lang: str, digits: dict[str, int] | None = None,
                  signed: tuple[str, ...] = ()):
    """A pandas Styler that shows numbers, booleans and months the reader's way; values stay sortable.
    Columns in `signed` are changes: always signed, points with fmt's two decimals (+0,28; -1.234).
    Booleans are sent as the words "ya"/"tidak" (yes/no): Streamlit draws a boolean column as
    checkboxes whatever the styler's text for it says."""
    digits = digits or {}
    frame = frame.with_columns(_yes_no(name, lang) for name, dtype in frame.schema.items() if dtype == pl.Boolean)
    formats = {}
    for name, dtype in frame.schema.items():
        if name in signed and dtype.is_float():
            formats[name] = lambda v, lang=lang: fmt.points(v, lang, unit=False)
        elif name in signed and dtype.is_integer():
            formats[name] = lambda v, lang=lang: fmt.signed(v, lang)
        elif dtype.is_integer():
            formats[name] = lambda v, lang=lang: fmt.number(v, lang)
        elif dtype.is_float():
            formats[name] = lambda v, lang=lang, d=digits.get(name, 2): fmt.number(v, lang, d)
        elif dtype == pl.Date:
            formats[name] = lambda v, lang=lang: fmt.month(v, lang)
    return frame.to_pandas().style.format(formats, na_rep="–")


def _yes_no(name: str, lang: str) -> pl.Expr:
    """A boolean column as the reader's words for yes and no; an empty cell stays empty ("–")."""
    return (pl.when(pl.col(name)).then(pl.lit(t("prov.synthetic_yes", lang)))
            .when(~pl.col(name)).then(pl.lit(t("prov.synthetic_no", lang)))
            .otherwise(pl.lit(None, dtype=pl.String)).alias(name))


_CELL = re.compile(r"row(\d+)_col(\d+)")


def frozen(styler):
    """The styler with pandas' rendering of it done now, once, for a styler that is cached and shown
    again and again (cache.shared).

    st.dataframe renders a Styler on every run: it calls the styler's `_compute` and `_translate`
    (every cell through its formatter) and then writes each cell's text over `data.astype(str)`,
    column by column. Here the rendering is done once and then returned as it is; it keeps only the
    cells whose text differs from `astype(str)` (the others Streamlit would overwrite with the same
    text), so the overwrite on each run touches the formatted columns alone. What Streamlit sends is
    the same (tests/test_tables.py compares it with a fresh styler's); the values stay numbers, so
    sorting is numeric. The styler is shared: it is never changed after this."""
    styler._compute()
    rendered = styler._translate(False, False)
    as_text = styler.data.astype(str)
    body = []
    for row in rendered.get("body", []):
        cells = []
        for cell in row:
            match = _CELL.match(cell.get("id") or "")
            if match and str(cell.get("display_value")) == as_text.iat[int(match[1]), int(match[2])]:
                continue
            cells.append(cell)
        body.append(cells)
    rendered = {**rendered, "body": body}
    styler._compute = lambda: styler
    styler._translate = lambda *args, **kwargs: rendered
    styler._sent = []  # what st.dataframe sends of it, once it has been sent (see _marshall_once)
    return styler


_marshall_styler = getattr(st_arrow.marshall_styler, "streamlits_own", st_arrow.marshall_styler)


def _marshall_once(proto, styler, default_uuid: str) -> None:
    """Streamlit's marshall_styler, which st.dataframe calls on every run to turn a styler into
    what it sends (uuid, styles and the display values as Arrow bytes), done once for a frozen
    styler and then copied: it fills a text copy of the whole frame and overwrites it column by
    column, about a tenth of the server's time when 25 readers open the overview at once. The
    copy is exact: a frozen styler is never changed, and its uuid is fixed on the first sending
    (tests/test_tables.py). Other stylers go to Streamlit's own, untouched."""
    sent = getattr(styler, "_sent", None)
    if sent is None:
        _marshall_styler(proto, styler, default_uuid)
    elif sent:
        proto.styler.CopyFrom(sent[0])
    else:
        _marshall_styler(proto, styler, default_uuid)
        first = type(proto.styler)()
        first.CopyFrom(proto.styler)
        sent.append(first)


_marshall_once.streamlits_own = _marshall_styler
st_arrow.marshall_styler = _marshall_once  # the name st.dataframe calls (Streamlit 1.67, pinned)


_plotly_to_json = getattr(pio.to_json, "plotlys_own", pio.to_json)


def _json_once(fig, validate=True, pretty=False, remove_uids=True, engine=None):
    """plotly.io.to_json, which st.plotly_chart calls on every run to write the figure it sends
    (given the figure's dict, cache.SharedSpec for a shared figure), done once for a shared figure
    (cache.figure, never changed once built) and then reused: for the national kab/kota map that
    is half a megabyte encoded and scanned for unsafe characters again on every rerun and every
    page load. Other figures, and other options, go to plotly's own, untouched."""
    memo = fig.json_once if isinstance(fig, cache.SharedSpec) else None
    if memo is None or pretty or not remove_uids or engine is not None:
        return _plotly_to_json(fig, validate=validate, pretty=pretty, remove_uids=remove_uids, engine=engine)
    if not memo:
        memo.append(_plotly_to_json(fig, validate=validate))
    return memo[0]


_json_once.plotlys_own = _plotly_to_json
pio.to_json = _json_once  # the name st.plotly_chart calls (plotly.io.to_json, Streamlit 1.67, pinned)


def _select(column, label: str, options, param: str, key: str, default, format_func, unknown="choice", **kwargs):
    return column.selectbox(label, options, key=state.url_key(key, param, options, default, unknown),
                            format_func=format_func, **kwargs)


def _radio(column, label: str, options, param: str, key: str, default, format_func, **kwargs):
    return column.radio(label, options, key=state.url_key(key, param, options, default), format_func=format_func,
                        horizontal=True, **kwargs)


def period_basis(columns, periods: list[date], lang: str, prefix: str) -> tuple[date, str]:
    """Month and denominator pickers, starting from the URL."""
    period = _select(columns[0], t("filter.period", lang), periods, "period", f"{prefix}_period", periods[0],
                     lambda d: fmt.month(d, lang))
    basis = _radio(columns[1], t("filter.basis", lang), choices.BASES, "basis", f"{prefix}_basis", "ucj",
                   lambda b: t(f"basis.{b}", lang), help=f"{t('basis.ucj.help', lang)} {t('basis.bps.help', lang)}")
    return period, basis


def display(frame: pl.DataFrame, lang: str, digits: dict[str, int] | None = None, keep: tuple[str, ...] = (),
            signed: tuple[str, ...] = ()):
    """The locale-formatted view of a table, every empty cell shown as "–".

    Streamlit draws a missing number as "None" whatever the styler says, so a number column with
    gaps (targets, gaps to target) is shown as text; columns in `keep` (progress bars) stay numbers.
    Columns in `signed` (changes, gaps to a target) always carry their sign: +0,28 and -1,50.
    The download keeps the typed frame.
    """
    digits = digits or {}
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    gappy = [name for name, dtype in frame.schema.items()
             if dtype.is_numeric() and name not in keep and frame[name].null_count()]

    def cell(name: str, value) -> str:
        places = digits.get(name, 2 if frame.schema[name].is_float() else 0)
        if value is None or name not in signed:
            return fmt.number(value, lang, places)
        if frame.schema[name].is_float():
            return fmt.points(value, lang, places, unit=False)
        return fmt.signed(value, lang)

    shown = frame.with_columns(
        *(pl.col(name).fill_null("–") for name in text),
        *(pl.Series(name, [cell(name, v) for v in frame[name].to_list()], dtype=pl.String) for name in gappy),
    )
    return locale_styler(shown, lang, digits, signed=signed)


def with_published(rows: pl.DataFrame, period: date, level: str, lang: str) -> pl.DataFrame:
    """The rows plus `_published`: each area's published rates of the month beside its own."""
    published = published_by_area(cache.published_rates(period.strftime("%Y-%m"), level))
    # Only areas with a published rate get a text: most months have a few, or none, of 514 areas.
    with_rates = rows.filter(pl.col("area_code").is_in(list(published))) if published else rows.clear()
    text = published_text(with_rates.select("area_code", "rate_pct").to_dicts(), published, lang)
    return rows.with_columns(pl.col("area_code").replace_strict(text, default="", return_dtype=pl.String)
                             .alias("_published"))
