"""The choropleth maps and their hover text."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import plotly.graph_objects as go
import polars as pl

from cakupan import fmt, provenance, user_text
from cakupan.bands import Band
from cakupan.boundaries import Layer, extent, subset_layer
from cakupan.choices import METRICS, Metric
from cakupan.figures.theme import (
    D3,
    DIVERGING,
    NEED,
    NO_DATA,
    OVER_100,
    SEQUENTIAL,
    _scale,
    format_value,
    house,
    house_layout,
    nice_ceiling,
)
from cakupan.i18n import t


def _wrap(line: str, width: int = 70) -> str:
    """Break long hover lines at spaces so the tooltip stays narrow."""
    if len(line) <= width or line.startswith("<b>"):
        return line
    words, out, current = line.split(" "), [], ""
    for word in words:
        if current and len(current) + len(word) + 1 > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    out.append(current)
    return "<br>".join(out)


LABEL_LIMIT = 40  # a map of this many areas or fewer prints each area's value on it


LABEL_INK, LABEL_PAPER = "#111111", "#ffffff"


def _rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))


def fill_at(value: float, colour: dict) -> tuple[float, float, float]:
    """The fill (r, g, b in 0–1) plotly gives `value` under Choropleth colour settings (_colour's
    colorscale, zmin, zmax): clipped to the range, then interpolated between the scale's stops."""
    low, high = colour["zmin"], colour["zmax"]
    at = 0.0 if high == low else min(1.0, max(0.0, (value - low) / (high - low)))
    stops = colour["colorscale"]
    for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
        if p0 <= at <= p1:
            share = 0.0 if p1 == p0 else (at - p0) / (p1 - p0)
            return tuple(a + (b - a) * share for a, b in zip(_rgb(c0), _rgb(c1)))
    return _rgb(stops[-1][1])


def luminance(rgb: tuple[float, float, float]) -> float:
    """Relative luminance (WCAG 2): 0 for black, 1 for white."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def label_ink(rgb: tuple[float, float, float]) -> str:
    """Dark text on a light fill, white on a dark one: whichever contrasts more (WCAG 2 ratio; the
    two are equal at a luminance of about 0,18). Review 3 F22: "+8,93" was black on dark purple."""
    light = luminance(rgb)
    return LABEL_INK if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else LABEL_PAPER


def map_labels(shown: pl.DataFrame, column: str, metric: Metric, layer: Layer, lang: str,
               band_labels: dict[str, str] | None = None, colour: dict | None = None) -> go.Scattergeo | None:
    """Each area's value printed at its label point, for maps of LABEL_LIMIT areas or fewer (a
    screenshot then reads without hovering); None for busier maps. Counts are shortened (12,3 ribu).
    With the map's colour settings (`colour`, from _colour) each label's colour follows its fill:
    white on a dark fill, dark on a light one."""
    if shown.height > LABEL_LIMIT:  # before reading the rows: a national map has 514 of them
        return None
    rows = [r for r in shown.select("area_code", column, *(["band"] if metric.unit == "band" else [])).to_dicts()
            if r["area_code"] in layer.label_points]
    if not rows:
        return None
    if metric.unit == "band":
        text = [(band_labels or {}).get(r["band"], "") for r in rows]
    elif metric.unit in ("pct", "pts"):
        text = [format_value(r[column], metric, lang).replace(" poin", "").replace(" pts", "") for r in rows]
    else:
        text = [fmt.compact(r[column], lang) for r in rows]
    points = [layer.label_points[r["area_code"]] for r in rows]
    ink: str | list[str] = LABEL_INK
    if colour is not None:
        # the value as the fill draws it (a band sits in the middle of its colour step)
        shift = 0.5 if metric.scale == "band" else 0.0
        ink = [label_ink(fill_at(float(r[column]) + shift, colour)) for r in rows]
    return go.Scattergeo(lon=[p[0] for p in points], lat=[p[1] for p in points], mode="text", text=text,
                         # a contrasting shadow keeps a white label read where it spills past its dark area
                         textfont=dict(size=10, color=ink, shadow="auto"), hoverinfo="skip", showlegend=False,
                         name="")


def _thin_labels(labels: go.Scattergeo, sizes: list, per_px: float) -> dict:
    """The label trace's points, texts and colours with those that would overlap a larger area's
    label left out (_spaced), as Scattergeo properties."""
    inks = labels.textfont.color
    inks = list(inks) if isinstance(inks, (list, tuple)) else [inks] * len(labels.text)
    kept = _spaced(list(zip(labels.lon, labels.lat, labels.text, inks)), sizes, per_px)
    return dict(lon=[k[0] for k in kept], lat=[k[1] for k in kept], text=[k[2] for k in kept],
                textfont=dict(color=[k[3] for k in kept], shadow=labels.textfont.shadow))


def band_range(band: Band, lang: str) -> str:
    """A UCJ band with its thresholds, so the legend says what the colour means: 'Rendah 20–<40%',
    'Tinggi ≥60%' (lower bound included, upper excluded, as explorer.band_of reads them)."""
    low = fmt.number(band.min_pct, lang)
    if band.max_pct is None:
        return f"{band.label(lang)} ≥{low}%"
    return f"{band.label(lang)} {low}–<{fmt.number(band.max_pct, lang)}%"


def _colour(metric: Metric, values: list[float | None], lang: str, bands: Sequence[Band],
            rate_reach: float | None = None, reference: Sequence[float | None] | None = None) -> tuple[list, dict]:
    """z values and the Choropleth colour settings (scale, range, legend ticks with units).
    Rates run 0–100% unless `rate_reach` fits the top to the data (an enterprise kind's few percent).
    Counts and changes fit their range to `reference` when given (the same values at every drill
    level, so one colour means one value from the nation down to a province), else to `values`."""
    title = t("exp.legend." + metric.key, lang)
    bar = dict(orientation="h", x=0.5, xanchor="center", y=0.0, yanchor="top", len=0.6, thickness=12,
               title=dict(text=title, side="top"))
    fitted = values if reference is None else reference
    present = [v for v in fitted if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if metric.scale == "rate":
        top = rate_reach or 100.0
        ticks = [top * i / 5 for i in range(6)]
        digits = 0 if top >= 5 else 1
        bar.update(tickvals=ticks, ticktext=[fmt.percent(v, lang, digits) for v in ticks[:-1]] + [
            "≥ " + fmt.percent(top, lang, digits)])
        z = [min(v, top) if v is not None else None for v in values]
        return z, dict(colorscale=_scale(SEQUENTIAL), zmin=0, zmax=top, colorbar=bar)
    if metric.scale == "count":
        top = nice_ceiling(max(present, default=1))
        ticks = [top * i / 4 for i in range(5)]
        bar.update(tickvals=ticks, ticktext=[fmt.compact(v, lang) for v in ticks])
        colours = NEED if metric.better == "lower" else SEQUENTIAL
        return values, dict(colorscale=_scale(colours), zmin=0, zmax=top, colorbar=bar)
    if metric.scale == "diverging":
        # The 90th percentile sets the ends so that a few outliers do not wash out the rest;
        # values beyond are drawn at the end colour and the end ticks read "≥".
        spread = sorted(abs(v) for v in present)
        end = nice_ceiling(spread[min(len(spread) - 1, int(0.9 * len(spread)))] if spread else 1)
        ticks = [-end, -end / 2, 0, end / 2, end]
        label = (lambda v: fmt.points(v, lang)) if metric.unit == "pts" else (lambda v: fmt.signed(v, lang))
        text = [label(v) for v in ticks]
        text[0], text[-1] = "≤ " + text[0], "≥ " + text[-1]
        bar.update(tickvals=ticks, ticktext=text)
        colours = DIVERGING if metric.better == "higher" else DIVERGING[::-1]
        z = [max(-end, min(end, v)) if v is not None and not math.isnan(v) else None for v in values]
        return z, dict(colorscale=_scale(colours), zmin=-end, zmax=end, zmid=0, colorbar=bar)
    # Bands: one flat colour per band, light to dark, so the legend reads as categories.
    n = len(bands)
    picks = [SEQUENTIAL[round(i * (len(SEQUENTIAL) - 1) / max(n - 1, 1))] for i in range(n)]
    scale = []
    for i, colour in enumerate(picks):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    bar.update(tickvals=[i + 0.5 for i in range(n)], ticktext=[band_range(b, lang) for b in bands])
    # Centre each band's index in its colour step, away from the step edges.
    z = [v + 0.5 if v is not None else None for v in values]
    return z, dict(colorscale=scale, zmin=0, zmax=n, colorbar=bar)


# --- the one hover -------------------------------------------------------------------------------
# Every map draws its areas through metric_map, and every area's hover comes from hover_frame and
# hover_template below: the same lines, in the same order, on the overview, the explorer, the
# regional review, the cooperative map, the briefings and the exported charts. hover_text renders
# one area's hover in Python for places that print it (tests, and any caller that needs the text).

# A coverage row's flag that its 12-month change runs across publications (provenance.change_sources),
# set by the page that draws the change map; its hover then says so.
CHANGE_ACROSS = "change_across_publications"

# Columns of a hover's customdata, in order; a metric's own value and comparison columns follow.
HOVER_COLUMNS = ["area_name", "rate_pct", "active", "workers", "_over", "_extra", "_sources", "_notes", "_rate_label"]

# Provenance inputs of a coverage row (see provenance.part_kind and rate_label; is_mixed makes a
# rate "campuran" in rate_kind).
PROVENANCE_COLUMNS = ("active_synthetic", "workers_synthetic", "active_import_batches", "workers_import_batches",
                      "active_derivation", "workers_derivation", "active_printed_rate_pct",
                      "workers_printed_rate_pct", "is_mixed")

# What the two parts of a rate are called: coverage is active ÷ workers, enrolment enrolled ÷ enterprises.
PART_NAMES = {"coverage": ("metric.active", "metric.workers"), "enrolment": ("coop.part.enrolled", "coop.part.base")}


def _part_names(metric: Metric) -> tuple[str, str]:
    return PART_NAMES["enrolment" if metric.key == "enrolment" else "coverage"]


def hover_frame(frame: pl.DataFrame, metric: Metric, layer: Layer, lang: str,
                band_labels: dict[str, str] | None = None) -> pl.DataFrame:
    """Per-area hover fields, built column-wise: the numbers stay numbers and are formatted in the
    browser (d3-format with the reader's separators), so 514 areas cost no Python formatting.
    Labels come from the one provenance rule, once per distinct combination of its inputs."""
    band_labels = band_labels or {}
    parts = [c for c in PROVENANCE_COLUMNS if c in frame.columns]
    key = (pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in parts], separator="|")
           if parts else pl.lit(""))
    combos = frame.select(key.alias("_key"), *parts).unique("_key").to_dicts()
    labels = {field: {r["_key"]: make(r) for r in combos} for field, make in (
        ("_rate_label", lambda r: provenance.rate_label(r, lang)),
        ("_active_label", lambda r: provenance.part_label(r, "active", lang)),
        ("_workers_label", lambda r: provenance.part_label(r, "workers", lang)))}
    # Source titles come from imported files: escaped, so a tag in one is shown, never drawn.
    titles = pl.concat([frame[c] for c in ("active_source", "workers_source") if c in frame.columns]
                       ).drop_nulls().unique().to_list() if "active_source" in frame.columns else []
    escaped = {s: user_text.plotly(provenance.source_name(s, lang)) for s in titles}
    active_name, workers_name = (t(k, lang) for k in _part_names(metric))
    source = t("hover.source", lang)

    def part_line(part: str, name: str) -> pl.Expr:
        title = (pl.col(f"{part}_source").replace_strict(escaped, default=None, return_dtype=pl.String)
                 if f"{part}_source" in frame.columns else pl.lit(None, pl.String))
        label = pl.col(f"_{part}_label")
        # The synthetic fill's own name already says what it is: "Data sintetis Cakupan (…)" is not
        # followed by "(data sintetis)" again.
        said = title.fill_null("").str.to_lowercase().str.contains(label.str.to_lowercase(), literal=True)
        return pl.concat_str([pl.lit(f"{name} — {source}: "), title.fill_null("–"),
                              pl.when(said).then(pl.lit("")).otherwise(pl.concat_str([pl.lit(" ("), label, pl.lit(")")]))])

    out = frame.with_columns(**{field: key.replace_strict(mapping, default=None, return_dtype=pl.String)
                                for field, mapping in labels.items()})
    out = out.with_columns(
        pl.when(pl.col("rate_pct") > 100).then(pl.lit(f" ▲ {t('hover.over_100', lang)}")).otherwise(pl.lit(""))
        .alias("_over"),
        pl.concat_str([part_line("active", active_name), pl.lit("<br>"), part_line("workers", workers_name)],
                      ignore_nulls=False).alias("_sources"),
        pl.when(pl.col("area_code").is_in(list(layer.approximate)))
        .then(pl.lit(f"<br><i>{t('hover.approximate', lang)}</i>")).otherwise(pl.lit("")).alias("_notes"),
        pl.lit("").alias("_extra"),
        (pl.col(metric.column) if metric.column in frame.columns else pl.lit(None)).alias("_value"),
    )
    # Long source titles: wrap each distinct line once, not once per area.
    wrapped = {text: "<br>".join(_wrap(line) for line in text.split("<br>"))
               for text in out["_sources"].drop_nulls().unique().to_list()}
    out = out.with_columns(pl.col("_sources").replace_strict(wrapped, default=None))
    if "_published" in out.columns:  # published rates beside the computed one (provenance.published_text)
        lines = {text: "<br>".join(_wrap(line) for line in text.split("<br>"))
                 for text in out["_published"].drop_nulls().unique().to_list() if text}
        out = out.with_columns(pl.when(pl.col("_published").fill_null("") != "")
                               .then(pl.concat_str([pl.col("_sources"), pl.lit("<br>"),
                                                    pl.col("_published").replace_strict(lines, default="")]))
                               .otherwise(pl.col("_sources")).alias("_sources"))
    if metric.key.startswith("gap"):
        extra = {}
        for row in out.filter(pl.col("target_value").is_not_null()).iter_rows(named=True):
            target = (fmt.percent(row["target_value"], lang, 2) if row["target_metric"] == "coverage_rate"
                      else f"{fmt.number(row['target_value'], lang)} {t('exp.unit.people', lang)}")
            line = t("exp.hover.target", lang, target=target, set_by=user_text.plotly(row["target_set_by"]),
                     due=fmt.month(row["target_due"], lang, short=True))
            if row["target_alternatives"]:
                line += " " + t("exp.hover.other_targets", lang, n=row["target_alternatives"])
            extra[row["area_code"]] = "<br>" + _wrap(line)
        out = out.with_columns(pl.col("area_code").replace_strict(extra, default="").alias("_extra"))
    elif metric.key == "band":
        out = out.with_columns(pl.col("band").replace_strict(band_labels, default="–").alias("_band"),
                               pl.lit(f"<br><i>{t('exp.band_caveat_short', lang)}</i>").alias("_extra"))
    elif metric.key == "change_12m" and CHANGE_ACROSS in out.columns:
        # A change across publications says so in its hover.
        out = out.with_columns(pl.when(pl.col(CHANGE_ACROSS))
                               .then(pl.lit(f"<br><i>† {_wrap(t('prov.change_sources', lang))}</i>"))
                               .otherwise(pl.lit("")).alias("_extra"))
    elif metric.key == "change_between" and "period_before" in out.columns:
        month = {p: fmt.month(p, lang, short=True) for p in out["period_before"].drop_nulls().unique().to_list()}
        out = out.with_columns(pl.col("period_before").replace_strict(month, default="–", return_dtype=pl.String)
                               .alias("_before_month"))
    return out


def hover_template(metric: Metric, denominator: str, month: str, lang: str, has_value: bool
                   ) -> tuple[str, list[str]]:
    """The hovertemplate of a map trace and the customdata columns it reads, in order.
    `denominator` names what the rate is out of (the basis, or an enterprise kind)."""
    columns = list(HOVER_COLUMNS)
    rate_name = t("exp.metric.enrolment" if metric.key == "enrolment" else "hover.rate", lang)
    value = ""
    if metric.key not in ("rate", "enrolment"):
        name = t("exp.metric." + metric.key, lang)
        if not has_value:
            missing = "exp.no_target" if metric.key.startswith("gap") else "empty.no_data"
            value = f"{name}: <b>{t(missing, lang)}</b><br>"
        elif metric.unit == "band":
            columns.append("_band")
            value = f"{name}: <b>%{{customdata[{len(columns) - 1}]}}</b><br>"
        else:
            columns.append("_value")
            spec = D3["people_signed" if metric.unit == "people" and metric.scale == "diverging" else metric.unit]
            unit = {"pct": "%", "pts": " " + fmt.POINTS_UNIT[lang],
                    "people": " " + t("exp.unit.people", lang)}[metric.unit]
            value = f"{name}: <b>%{{customdata[{len(columns) - 1}]{spec}}}{unit}</b><br>"
    before = ""
    if has_value and metric.key in ("change_3m", "change_12m", "change_between"):
        columns.append({"change_3m": "rate_3m_pct", "change_12m": "rate_12m_pct"}.get(metric.key, "rate_before_pct"))
        if metric.key == "change_between":
            columns.append("_before_month")
            before = f"<br>%{{customdata[{len(columns) - 1}]}}: %{{customdata[{len(columns) - 2}]:.2f}}%"
        else:
            before = "<br>" + t("exp.hover.before_" + metric.key, lang, rate=f"%{{customdata[{len(columns) - 1}]:.2f}}%")
    # The rate to fmt's one decimal, as the map's own labels, the tables and the cards print it
    # ("32,8%", where the hover said "32,83%"); to two where the map sets it against a target or an
    # earlier month, as fmt keeps a rate set against a target and the changes in points.
    digits = fmt.TARGET_DIGITS if metric.scale == "diverging" else fmt.PERCENT_DIGITS
    template = (
        "<b>%{customdata[0]}</b><br>" + value
        + f"{rate_name}: <b>%{{customdata[1]:.{digits}f}}%</b> (%{{customdata[8]}})%{{customdata[4]}}<br>"
        + f"%{{customdata[2]:,.0f}} {t('hover.of', lang)} %{{customdata[3]:,.0f}} ({denominator}){before}"
        + "%{customdata[5]}<br>"
        + f"%{{customdata[6]}}<br>{t('col.as_of', lang)}: {month}%{{customdata[7]}}<extra></extra>"
    )
    return template, columns


def _d3(value, spec: str, lang: str) -> str:
    """One customdata value as plotly's d3-format draws it with the reader's separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if not spec:
        return str(value)
    signed = "+" in spec and value > 0
    digits = int(spec.split(".")[-1].rstrip("f"))
    text = fmt.number(value, lang, digits)
    return ("+" if signed else "") + text


def hover_text(template: str, columns: list[str], row: dict, lang: str) -> str:
    """One area's hover as the browser shows it: the template filled from the row."""
    def fill(match: re.Match) -> str:
        return _d3(row.get(columns[int(match.group(1))]), (match.group(2) or "").lstrip(":"), lang)

    return re.sub(r"%\{customdata\[(\d+)\](:[^}]*)?\}", fill, template).replace("<extra></extra>", "")


class _Flags:
    """A layer stand-in for one area's hover: only which boundaries are approximate."""

    def __init__(self, approximate: bool, code: str):
        self.approximate = frozenset([code] if approximate else [])


def rate_hover_text(row: dict, basis: str, level_approximate: bool, lang: str,
                    published: list[dict] | None = None) -> str:
    """The hover of one area on a coverage map (row: an area_coverage row, with `code`/`name` or
    `area_code`/`area_name`), rendered through the one hover_frame and hover_template."""
    code, name = row.get("area_code", row.get("code")), row.get("area_name", row.get("name"))
    if row.get("rate_pct") is None:
        return f"<b>{name}</b><br>{t('empty.no_data', lang)}"
    text = provenance.published_text([{"area_code": code, "rate_pct": row["rate_pct"]}], {code: published or []},
                                     lang).get(code, "")
    frame = pl.DataFrame([row | {"area_code": code, "area_name": name, "_published": text}],
                         infer_schema_length=None)
    metric = METRICS["rate"]
    template, columns = hover_template(metric, t(f"basis.{basis}.short", lang), fmt.month(row["period"], lang), lang,
                                       True)
    shown = hover_frame(frame, metric, _Flags(level_approximate, code), lang)
    return hover_text(template, columns, shown.row(0, named=True), lang)



# A text column the same in every area (the sources line, mostly) is written once into the template
# rather than 514 times into customdata: 0,11 MB of the national kab/kota map. Its cell stays (as
# null) so that every other column keeps its index.
SHARED_TEXT_MIN = 16


def _customdata(frame: pl.DataFrame, columns: list[str], template: str) -> tuple[list[list], str]:
    """The trace's customdata rows and its hovertemplate with the texts every row shares filled in."""
    picked = frame.select(columns)
    shared = {}
    if frame.height > 1:
        for i, column in enumerate(columns):
            series = picked[column]
            if series.dtype == pl.String and series.n_unique() == 1:
                text = series[0]
                # "%{" would be read by plotly as a placeholder once it is part of the template.
                if text is not None and len(text) >= SHARED_TEXT_MIN and "%{" not in text:
                    shared[i] = text
    if shared:
        picked = picked.with_columns(pl.lit(None, pl.String).alias(columns[i]) for i in shared)
        template = re.sub(r"%\{customdata\[(\d+)\]\}",
                          lambda m: shared.get(int(m.group(1)), m.group(0)), template)
    # Plain lists, not a NumPy object array: orjson (plotly's JSON engine) writes lists at once but
    # refuses object arrays, and plotly then walks the whole figure, boundaries included, in Python
    # on every render.
    return [list(row) for row in picked.iter_rows()], template


def _hover_args(frame: pl.DataFrame, columns: list[str], template: str) -> dict:
    customdata, template = _customdata(frame, columns, template)
    return dict(customdata=customdata, hovertemplate=template)


def metric_map(frame: pl.DataFrame, layer: Layer, metric_key: str, basis: str, title: str, lang: str = "id",
               bands: Sequence[Band] = (), highlight: str | None = None, outline: Layer | None = None,
               height: int = 520, rate_reach: float | None = None, denominator: str | None = None,
               value_labels: bool = True, reference: Sequence[float | None] | None = None) -> go.Figure:
    """Choropleth of one metric over the areas in `frame` (area_coverage columns plus gaps/bands).

    Rates are fixed to 0–100% so two maps compare, and areas above 100% get a ▲; counts run from 0;
    gaps and changes diverge around 0; areas without a value are grey and say why on hover.
    `layer` should hold only the areas drawn (see explorer.subset_layer); `highlight` outlines one
    area; `outline` draws boundaries on top (provinces over their kabupaten/kota) without taking clicks.
    `denominator` names what a rate is out of (default: the basis); `value_labels` prints each
    area's value on small maps (a caller that prints its own labels, such as ranks, turns it off).
    This is the only choropleth of the app and its exports: every map's areas and hovers come from here.
    """
    metric = METRICS[metric_key]
    band_labels = {b.key: b.label(lang) for b in bands}
    value_column = "band_index" if metric.scale == "band" else metric.column
    data = hover_frame(frame, metric, layer, lang, band_labels)
    denominator = denominator or t(f"basis.{basis}.short", lang)
    month = fmt.month(frame["period"].drop_nulls()[0], lang) if frame["period"].drop_nulls().len() else "–"
    has_rate = pl.col("rate_pct").is_not_null()
    has_value = has_rate & pl.col(value_column).is_not_null() & ~pl.col(value_column).cast(pl.Float64).is_nan()
    shown, no_value, no_data = data.filter(has_value), data.filter(has_rate & ~has_value), data.filter(~has_rate)
    z, colour = _colour(metric, shown[value_column].to_list(), lang, bands, rate_reach, reference)
    template, columns = hover_template(metric, denominator, month, lang, True)
    marker = {"line": {"color": "#6b6b6b", "width": 0.4 if frame.height > 60 else 0.7}}
    # The area traces are written in plotly's JSON form and not validated (see _assembled): their
    # per-area lists are most of the figure.
    traces = [go.Choropleth(
        geojson=layer.geojson, featureidkey="id", locations=shown["area_code"].to_list(), z=z, **colour,
        marker=marker, **_hover_args(shown, columns, template), name="", _validate=False)]
    grey = dict(colorscale=[[0, NO_DATA], [1, NO_DATA]], showscale=False, name="", marker=marker)
    if no_value.height:
        template, columns = hover_template(metric, denominator, month, lang, False)
        traces.append(go.Choropleth(geojson=layer.geojson, featureidkey="id",
                                    locations=no_value["area_code"].to_list(), z=[0] * no_value.height,
                                    **_hover_args(no_value, columns, template), **grey, _validate=False))
    if no_data.height:
        traces.append(go.Choropleth(geojson=layer.geojson, featureidkey="id",
                                    locations=no_data["area_code"].to_list(), z=[0] * no_data.height,
                                    hoverinfo="text", hovertext=[f"<b>{n}</b><br>{t('empty.no_data', lang)}"
                                                                 for n in no_data["area_name"]],
                                    **grey, _validate=False))
    if metric.key == "rate":
        over = shown.filter(pl.col("rate_pct") > 100, pl.col("area_code").is_in(list(layer.label_points)))
        if over.height:
            points = [layer.label_points[c] for c in over["area_code"]]
            traces.append(go.Scattergeo(
                lon=[p[0] for p in points], lat=[p[1] for p in points], mode="markers",
                marker=dict(symbol="triangle-up", size=10, color=OVER_100, line=dict(color="white", width=1)),
                name=t("legend.over_100", lang), hoverinfo="skip", showlegend=True))
    labels = map_labels(shown, value_column, metric, layer, lang, band_labels, colour) if value_labels else None
    if labels is not None:
        # Labels that would print over a larger area's label are left to the hover (at the width of
        # a drilled map beside its table on a desktop, about 600 px; a phone hides a crowded map's
        # labels, see ui/touch.py).
        lon, lat = extent(layer, frame["area_code"].to_list() or list(layer.bounds))
        per_px = max((lon[1] - lon[0]) / 600, (lat[1] - lat[0]) / (height * 0.85))
        coded = shown.filter(pl.col("area_code").is_in(list(layer.label_points)))["area_code"]
        labels.update(_thin_labels(labels, _label_priority(shown, coded, value_column, metric, layer), per_px))
        traces.append(labels)
    clear = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]
    if outline is not None:
        traces.append(go.Choropleth(
            geojson=outline.geojson, featureidkey="id", locations=list(outline.bounds), z=[0] * len(outline.bounds),
            colorscale=clear, showscale=False, marker_line_color="#333333", marker_line_width=1.6,
            hoverinfo="skip", name=""))
    if highlight and highlight in layer.bounds:
        traces.append(go.Choropleth(
            geojson=layer.geojson, featureidkey="id", locations=[highlight], z=[0], colorscale=clear,
            showscale=False, marker_line_color="#111111", marker_line_width=3, hoverinfo="skip", name=""))
    lon_range, lat_range = extent(layer, frame["area_code"].to_list() or list(layer.bounds))
    layout = {
        "geo": {"visible": False, "projection": {"type": "mercator"}, "lonaxis": {"range": list(lon_range)},
                "lataxis": {"range": list(lat_range)}, "bgcolor": "rgba(0,0,0,0)",
                "domain": {"x": [0, 1], "y": [0.08, 1]}},
        "title": {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 14}},
        "height": height, "margin": {"l": 0, "r": 0, "t": 40 + 18 * title.count("<br>"), "b": 70},
        "legend": {"orientation": "h", "yanchor": "top", "y": 1.0, "xanchor": "left", "x": 0.01,
                   "bgcolor": "rgba(255,255,255,0.7)"},
        # Keep the reader's zoom and pan while only the colours change (same areas, another measure).
        "uirevision": "map",
        **house_layout(lang),
    }
    return _assembled(traces, layout)


def _assembled(traces: list, layout: dict) -> go.Figure:
    """The figure of `traces` and `layout`, both already in plotly's JSON form, built without
    plotly's validation, which checks each of a national map's thousands of hover cells one by
    one, twice (as a trace, then as part of the figure), and merges update_geos key paths slowly:
    two thirds of the time to build the map. tests/test_one_map.py checks that plotly's validation
    of every map's JSON changes nothing. Validation is back on for whatever changes the figure later
    (an export's layout, the briefing's colour range), as plotly does after setting a default template."""
    fig = go.Figure(data=traces, layout=layout, _validate=False)
    fig._validate = fig.layout._validate = True
    for trace in fig.data:
        trace._validate = True
    return fig




def enrolment_map(frame: pl.DataFrame, layer: Layer, title: str, lang: str = "id", height: int = 440) -> go.Figure:
    """The share of enterprises enrolled (enterprise_enrolment rows), on the one choropleth: enrolled
    and enterprises take the places of active participants and workers, and the enterprise kind
    names what the share is out of."""
    kind = frame["enterprise_kind"].drop_nulls()
    rows = frame.with_columns(
        pl.col("enrolled").alias("active"), pl.col("enterprises").alias("workers"),
        pl.col("enrolled_synthetic").alias("active_synthetic"),
        (~pl.col("base_published").fill_null(False)).alias("workers_synthetic"),
        pl.col("batches").cast(pl.String).alias("active_import_batches"),
        pl.col("source").alias("active_source"), pl.col("source").alias("workers_source"))
    return metric_map(rows, layer, "enrolment", "ucj", title, lang, height=height,
                      denominator=t(f"coop.kind.{kind[0]}", lang) if kind.len() else None)


# A kabupaten/kota narrower and lower than this share of its panel's span is also drawn as a dot
# of at least DOT_PX pixels, so that a city such as Kota Mataram can be seen, read and tapped.
SMALL_SHARE, DOT_PX = 1 / 25, 16


def _label_priority(shown: pl.DataFrame, codes: pl.Series, column: str, metric: Metric,
                    layer: Layer) -> list[tuple[float, float]]:
    """Which of two crowding labels is kept (higher first): on a map of counts or gaps the reader
    looks for the largest, so the largest value keeps its label (NTB's gap of 700 ribu people had
    lost its label to larger NTT's 300 ribu); on rates and bands the larger area, which has room."""
    area = {c: (b[2] - b[0]) * (b[3] - b[1]) for c, b in layer.bounds.items()}
    if metric.scale in ("count", "diverging"):
        value = dict(zip(shown["area_code"].to_list(), shown[column].to_list()))
        return [(abs(value.get(c) or 0), area.get(c, 0)) for c in codes]
    return [(area.get(c, 0), 0.0) for c in codes]


def _spaced(labels: list[tuple], sizes: list, per_px: float,
            char_px: float = 6.0, line_px: float = 13.0) -> list[tuple]:
    """The labels (lon, lat, text, and anything carried along, e.g. their colour), highest priority
    (`sizes`, e.g. area) first, without any whose box (text width × one line, in degrees at `per_px`
    degrees per pixel) would overlap one already kept."""
    kept: list[tuple[tuple, float, float]] = []
    for label, _ in sorted(zip(labels, sizes), key=lambda pair: pair[1], reverse=True):
        lon, lat, text = label[:3]
        half_w, half_h = len(text) * char_px * per_px / 2, line_px * per_px / 2
        if all(abs(lon - k[0][0]) >= half_w + k[1] or abs(lat - k[0][1]) >= half_h + k[2] for k in kept):
            kept.append((label, half_w, half_h))
    return [k[0] for k in kept]


def province_panels(frame: pl.DataFrame, layer: Layer, metric_key: str, basis: str, title: str,
                    names: dict[str, str], lang: str = "id", bands: Sequence[Band] = (), columns: int = 3,
                    panel_px: int = 280, reference: Sequence[float | None] | None = None) -> go.Figure:
    """One small map per province of a Kanwil, each fitted to its own province, all on one colour
    scale: a Kanwil spanning Bali to Papua drawn whole leaves Bali and NTB a few pixels wide.

    The panels follow the province codes (the order of the trend panels beside them); each carries
    the province's name; kab/kota too small for their panel also get a dot in their colour. Clicks
    report the kab/kota code as `location`, as on the whole map. `names`: province code -> name.
    """
    metric = METRICS[metric_key]
    band_labels = {b.key: b.label(lang) for b in bands}
    value_column = "band_index" if metric.scale == "band" else metric.column
    data = hover_frame(frame, metric, layer, lang, band_labels)
    month = fmt.month(frame["period"].drop_nulls()[0], lang) if frame["period"].drop_nulls().len() else "–"
    has_value = (pl.col("rate_pct").is_not_null() & pl.col(value_column).is_not_null()
                 & ~pl.col(value_column).cast(pl.Float64).is_nan())
    values = data.filter(has_value)[value_column].to_list()
    _, colour = _colour(metric, values, lang, bands, None, reference)
    clip = (colour["zmin"], colour["zmax"])
    template, custom = hover_template(metric, t(f"basis.{basis}.short", lang), month, lang, True)
    provinces = sorted(data["province_code"].unique().to_list())
    rows = math.ceil(len(provinces) / columns)
    top_px, bottom_px, name_px = 62 + 20 * title.count("<br>"), 80, 22
    height = top_px + bottom_px + rows * (panel_px + name_px)
    paper = height - top_px  # plot area in pixels (the title sits in the top margin)
    fig = go.Figure()
    annotations = []
    for i, province in enumerate(provinces):
        geo = "geo" if i == 0 else f"geo{i + 1}"
        part = data.filter(pl.col("province_code") == province)
        shown, grey = part.filter(has_value), part.filter(~has_value)
        # Each panel's traces carry only its own province's shapes: with the whole layer in every
        # trace, a Kanwil of seven provinces sent its boundaries about twenty times.
        shapes = subset_layer(layer, part["area_code"].to_list()).geojson
        z = [None if v is None else max(clip[0], min(clip[1], v + (0.5 if metric.scale == "band" else 0)))
             for v in shown[value_column].to_list()]
        fig.add_trace(go.Choropleth(
            geojson=shapes, featureidkey="id", locations=shown["area_code"].to_list(), z=z, geo=geo,
            coloraxis="coloraxis", marker_line_color="#6b6b6b", marker_line_width=0.7,
            **_hover_args(shown, custom, template), name=""))
        if grey.height:
            fig.add_trace(go.Choropleth(
                geojson=shapes, featureidkey="id", locations=grey["area_code"].to_list(), z=[0] * grey.height,
                geo=geo, colorscale=[[0, NO_DATA], [1, NO_DATA]], showscale=False, marker_line_color="#6b6b6b",
                marker_line_width=0.7, hoverinfo="text", name="",
                hovertext=[f"<b>{n}</b><br>{t('empty.no_data', lang)}" for n in grey["area_name"]]))
        codes = part["area_code"].to_list()
        lon, lat = extent(layer, codes, pad=0.15)
        # A panel is about square: widen the narrower side so the province fills it either way.
        span = max(lon[1] - lon[0], lat[1] - lat[0])
        tiny = [c for c in shown["area_code"].to_list() if c in layer.bounds and max(
            layer.bounds[c][2] - layer.bounds[c][0], layer.bounds[c][3] - layer.bounds[c][1]) < span * SMALL_SHARE]
        small = shown.filter(pl.col("area_code").is_in(tiny))
        if small.height:
            dots = [None if v is None else max(clip[0], min(clip[1], v + (0.5 if metric.scale == "band" else 0)))
                    for v in small[value_column].to_list()]
            # Placed by `locations` (at the shape's centre) so that a tap reports the code as a shape's would.
            fig.add_trace(go.Scattergeo(
                geojson=shapes, featureidkey="id", locationmode="geojson-id",
                locations=small["area_code"].to_list(), geo=geo, mode="markers",
                marker=dict(size=DOT_PX, color=dots, coloraxis="coloraxis", line=dict(color="#111111", width=1.2)),
                # The code last in customdata too: a click on a dot may report customdata but no location.
                **_hover_args(small, [*custom, "area_code"], template), name="",
                showlegend=False))
        labels = map_labels(shown, value_column, metric, layer, lang, band_labels, colour)
        if labels is not None:
            # Degrees per pixel of this panel (about 360 px wide on a desktop): labels that would
            # overlap a larger area's label are left to the hover, so none is printed over another.
            per_px = max((lon[1] - lon[0]) / 360, (lat[1] - lat[0]) / panel_px)
            coded = shown.filter(pl.col("area_code").is_in(list(layer.label_points)))["area_code"]
            labels.update(geo=geo, **_thin_labels(labels, _label_priority(shown, coded, value_column, metric, layer),
                                                  per_px))
            fig.add_trace(labels)
        row, col = divmod(i, columns)
        x0, x1 = col / columns, (col + 1) / columns
        y1 = 1 - (row * (panel_px + name_px) + name_px) / paper
        y0 = y1 - panel_px / paper
        fig.update_layout({geo: dict(
            visible=False, projection_type="mercator", lonaxis_range=lon, lataxis_range=lat,
            bgcolor="rgba(0,0,0,0)", domain=dict(x=[x0 + 0.01, x1 - 0.01], y=[y0, y1]))})
        annotations.append(dict(text=f"<b>{names.get(province, province)}</b>", x=(x0 + x1) / 2,
                                y=y1 + 2 / paper, xref="paper", yref="paper", xanchor="center", yanchor="bottom",
                                showarrow=False, font=dict(size=13)))
    bar = {**colour["colorbar"], "y": (bottom_px - 22) / paper, "yanchor": "top"}
    axis = dict(colorscale=colour["colorscale"], cmin=colour["zmin"], cmax=colour["zmax"], colorbar=bar)
    if "zmid" in colour:
        axis["cmid"] = colour["zmid"]
    fig.update_layout(
        coloraxis=axis, annotations=annotations,
        title=dict(text=title, x=0.01, xanchor="left", font=dict(size=14)),
        height=height, margin=dict(l=0, r=0, t=top_px, b=0), uirevision="map")
    return house(fig, lang)
