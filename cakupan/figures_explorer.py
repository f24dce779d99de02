"""Explorer and regional-review figures as pure functions: metric maps, trends, splits and ranking bars."""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from cakupan import fmt, provenance, user_text
from cakupan.boundaries import Layer, extent
from cakupan.explorer import METRICS, Band, Metric
from cakupan.figures import FONT, SEQUENTIAL, _wrap
from cakupan.i18n import t

# ColorBrewer YlOrBr for counts of need (people not yet covered): sequential and colour-blind safe.
NEED = ["#ffffe5", "#fff7bc", "#fee391", "#fec44f", "#fe9929", "#ec7014", "#cc4c02", "#993404", "#662506"]
# ColorBrewer PuOr: diverging and colour-blind safe; orange marks the worse side, purple the better.
DIVERGING = ["#b35806", "#e08214", "#fdb863", "#fee0b6", "#f7f7f7", "#d8daeb", "#b2abd2", "#8073ac", "#542788"]
NO_DATA = "#d9d9d9"
OVER_100 = "#d95f02"
LINE = "#225ea8"


def _scale(colours: Sequence[str]) -> list[list]:
    return [[i / (len(colours) - 1), c] for i, c in enumerate(colours)]


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least `value` (for legend ends)."""
    if value <= 0 or math.isnan(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def format_value(value: float | None, metric: Metric, lang: str, band_labels: dict[str, str] | None = None) -> str:
    """A metric value with its unit, the reader's way."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if metric.unit == "pct":
        return fmt.percent(value, lang, 1)
    if metric.unit == "pts":
        return fmt.points(value, lang)
    if metric.unit == "band":
        return (band_labels or {}).get(value, str(value))
    text = fmt.signed(value, lang) if metric.scale == "diverging" else fmt.number(value, lang)
    return f"{text} {t('exp.unit.people', lang)}"


def _sources(row: dict, lang: str) -> list[str]:
    label = provenance.rate_label(row, lang)
    sources = [provenance.source_name(s, lang) for s in dict.fromkeys([row.get("active_source"),
                                                                       row.get("workers_source")]) if s]
    return [f"{t('hover.source', lang)}: {user_text.plotly(' | '.join(sources)) or '–'} ({label})"]


def area_hover(row: dict, metric: Metric, basis: str, approximate: bool, lang: str,
               band_labels: dict[str, str] | None = None) -> str:
    """Hover text of one map area: name, value and unit, numerator ÷ denominator, target or
    comparison where the metric needs it, source, as-of, and the synthetic / approximate flags."""
    lines = [f"<b>{row['name']}</b>"]
    if row.get("rate_pct") is None:
        lines.append(t("empty.no_data", lang))
        return "<br>".join(lines)
    rate = row["rate_pct"]
    over = f" ▲ {t('hover.over_100', lang)}" if rate > 100 else ""
    if metric.key != "rate":
        value = row.get(metric.column)
        shown = format_value(value, metric, lang, band_labels)
        if metric.key.startswith("gap") and row.get("target_value") is None:
            shown = t("exp.no_target", lang)
        lines.append(f"{t('exp.metric.' + metric.key, lang)}: <b>{shown}</b>")
    lines.append(f"{t('hover.rate', lang)}: <b>{fmt.percent(rate, lang, 2)}</b>{over}")
    lines.append(f"{fmt.number(row['active'], lang)} {t('hover.of', lang)} {fmt.number(row['workers'], lang)} "
                 f"{t('exp.unit.workers', lang)} ({t('basis.' + basis + '.short', lang)})")
    if metric.key.startswith("gap") and row.get("target_value") is not None:
        target = (fmt.percent(row["target_value"], lang, 2) if row["target_metric"] == "coverage_rate"
                  else f"{fmt.number(row['target_value'], lang)} {t('exp.unit.people', lang)}")
        line = t("exp.hover.target", lang, target=target, set_by=user_text.plotly(row["target_set_by"]),
                 due=fmt.month(row["target_due"], lang, short=True))
        if row.get("target_alternatives"):
            line += " " + t("exp.hover.other_targets", lang, n=row["target_alternatives"])
        lines.append(line)
    if metric.key == "change_between" and row.get("period_before"):
        lines.append(t("exp.hover.before_between", lang, month=fmt.month(row["period_before"], lang, short=True),
                       rate=fmt.percent(row.get("rate_before_pct"), lang, 2)))
    if metric.key in ("change_3m", "change_12m"):
        before = row.get("rate_3m_pct" if metric.key == "change_3m" else "rate_12m_pct")
        lines.append(t("exp.hover.before_" + metric.key, lang, rate=fmt.percent(before, lang, 2)))
    if metric.key == "band":
        lines.append(f"<i>{t('exp.band_caveat_short', lang)}</i>")
    lines.extend(_sources(row, lang))
    if row.get("_published"):
        lines.extend(row["_published"].split("<br>"))
    lines.append(f"{t('col.as_of', lang)}: {fmt.month(row['period'], lang)}")
    if approximate:
        lines.append(f"<i>{t('hover.approximate', lang)}</i>")
    return "<br>".join(_wrap(line) for line in lines)


LABEL_LIMIT = 40  # a map of this many areas or fewer prints each area's value on it


def map_labels(shown: pl.DataFrame, column: str, metric: Metric, layer: Layer, lang: str,
               band_labels: dict[str, str] | None = None) -> go.Scattergeo | None:
    """Each area's value printed at its label point, for maps of LABEL_LIMIT areas or fewer (a
    screenshot then reads without hovering); None for busier maps. Counts are shortened (12,3 ribu)."""
    rows = [r for r in shown.select("area_code", column, *(["band"] if metric.unit == "band" else [])).to_dicts()
            if r["area_code"] in layer.label_points]
    if not rows or shown.height > LABEL_LIMIT:
        return None
    if metric.unit == "band":
        text = [(band_labels or {}).get(r["band"], "") for r in rows]
    elif metric.unit in ("pct", "pts"):
        text = [format_value(r[column], metric, lang).replace(" poin", "").replace(" pts", "") for r in rows]
    else:
        text = [fmt.compact(r[column], lang) for r in rows]
    points = [layer.label_points[r["area_code"]] for r in rows]
    return go.Scattergeo(lon=[p[0] for p in points], lat=[p[1] for p in points], mode="text", text=text,
                         textfont=dict(size=10, color="#111111", family=FONT), hoverinfo="skip", showlegend=False,
                         name="")


def band_range(band: Band, lang: str) -> str:
    """A UCJ band with its thresholds, so the legend says what the colour means: 'Rendah 20–<40%',
    'Tinggi ≥60%' (lower bound included, upper excluded, as explorer.band_of reads them)."""
    low = fmt.number(band.min_pct, lang)
    if band.max_pct is None:
        return f"{band.label(lang)} ≥{low}%"
    return f"{band.label(lang)} {low}–<{fmt.number(band.max_pct, lang)}%"


def _colour(metric: Metric, values: list[float | None], lang: str, bands: Sequence[Band],
            rate_reach: float | None = None) -> tuple[list, dict]:
    """z values and the Choropleth colour settings (scale, range, legend ticks with units).
    Rates run 0–100% unless `rate_reach` fits the top to the data (an enterprise kind's few percent)."""
    title = t("exp.legend." + metric.key, lang)
    bar = dict(orientation="h", x=0.5, xanchor="center", y=0.0, yanchor="top", len=0.6, thickness=12,
               title=dict(text=title, side="top"))
    present = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
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


# d3-format specs for the browser-side hover; layout.separators makes them read 1.234.567 / 33,25%.
D3 = {"pct": ":.2f", "people": ":,.0f", "people_signed": ":+,.0f", "pts": ":+.2f"}
SEPARATORS = {"id": ",.", "en": ".,"}


PROVENANCE_COLUMNS = ("active_synthetic", "workers_synthetic", "active_import_batches", "workers_import_batches",
                      "workers_derivation")


def _hover_frame(frame: pl.DataFrame, metric: Metric, layer: Layer, lang: str,
                 band_labels: dict[str, str]) -> pl.DataFrame:
    """Per-area hover fields, built column-wise: the numbers stay numbers and are formatted in the
    browser (d3-format with the reader's separators), so 514 areas cost no Python formatting."""
    # Few distinct provenance combinations across all areas: label each once, then look it up.
    parts = [c for c in PROVENANCE_COLUMNS if c in frame.columns]
    key = pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in parts], separator="|")
    combos = frame.select(key.alias("_key"), *parts).unique("_key")
    label = key.replace_strict({r["_key"]: provenance.rate_label(r, lang) for r in combos.to_dicts()},
                               default=None)
    # Source titles come from imported files: escaped, so a tag in one is shown, never drawn.
    escaped = {s: user_text.plotly(provenance.source_name(s, lang))
               for s in pl.concat([frame["active_source"], frame["workers_source"]]).drop_nulls().unique().to_list()}
    active, workers = (pl.col(c).replace_strict(escaped, default=None, return_dtype=pl.String)
                       for c in ("active_source", "workers_source"))
    sources = pl.when(pl.col("active_source") == pl.col("workers_source")).then(active).otherwise(
        pl.concat_str([active, workers], separator=" | ", ignore_nulls=True))
    out = frame.with_columns(
        pl.when(pl.col("rate_pct") > 100).then(pl.lit(f" ▲ {t('hover.over_100', lang)}")).otherwise(pl.lit(""))
        .alias("_over"),
        pl.concat_str([pl.lit(t("hover.source", lang) + ": "),
                       sources.str.replace_all(provenance.SYNTHETIC_TITLE, provenance.source_name(
                           provenance.SYNTHETIC_TITLE, lang), literal=True).fill_null("–"), pl.lit(" ("), label,
                       pl.lit(")")]).alias("_sources"),
        pl.when(pl.col("area_code").is_in(list(layer.approximate)))
        .then(pl.lit(f"<br><i>{t('hover.approximate', lang)}</i>")).otherwise(pl.lit("")).alias("_approx"),
        pl.lit("").alias("_extra"),
        (pl.col(metric.column) if metric.column in frame.columns else pl.lit(None)).alias("_value"),
    )
    # Long source titles: wrap each distinct line once, not once per area.
    wrapped = {line: _wrap(line) for line in out["_sources"].unique().to_list()}
    out = out.with_columns(pl.col("_sources").replace_strict(wrapped, default=None))
    if "_published" in out.columns:  # published rates beside the computed one (provenance.published_text)
        lines = {text: "<br>".join(_wrap(line) for line in text.split("<br>"))
                 for text in out["_published"].drop_nulls().unique().to_list() if text}
        out = out.with_columns(pl.when(pl.col("_published").fill_null("") != "")
                               .then(pl.concat_str([pl.col("_sources"), pl.lit("<br>"),
                                                    pl.col("_published").replace_strict(lines, default="")]))
                               .otherwise(pl.col("_sources")).alias("_sources"))
    if metric.key.startswith("gap"):
        lines = {}
        for row in out.filter(pl.col("target_value").is_not_null()).iter_rows(named=True):
            target = (fmt.percent(row["target_value"], lang, 2) if row["target_metric"] == "coverage_rate"
                      else f"{fmt.number(row['target_value'], lang)} {t('exp.unit.people', lang)}")
            line = t("exp.hover.target", lang, target=target, set_by=user_text.plotly(row["target_set_by"]),
                     due=fmt.month(row["target_due"], lang, short=True))
            if row["target_alternatives"]:
                line += " " + t("exp.hover.other_targets", lang, n=row["target_alternatives"])
            lines[row["area_code"]] = "<br>" + _wrap(line)
        out = out.with_columns(pl.col("area_code").replace_strict(lines, default="").alias("_extra"))
    elif metric.key == "band":
        out = out.with_columns(pl.col("band").replace_strict(band_labels, default="–").alias("_band"),
                               pl.lit(f"<br><i>{t('exp.band_caveat_short', lang)}</i>").alias("_extra"))
    elif metric.key == "change_between" and "period_before" in out.columns:
        month = {p: fmt.month(p, lang, short=True) for p in out["period_before"].drop_nulls().unique().to_list()}
        out = out.with_columns(pl.col("period_before").replace_strict(month, default="–", return_dtype=pl.String)
                               .alias("_before_month"))
    return out


def _template(metric: Metric, basis: str, month: str, lang: str, has_value: bool) -> tuple[str, list[str]]:
    """The hovertemplate of a map trace and the customdata columns it reads, in order."""
    columns = ["area_name", "rate_pct", "active", "workers", "_over", "_extra", "_sources", "_approx"]
    head = "<b>%{customdata[0]}</b><br>"
    value = ""
    if metric.key != "rate":
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
            unit = {"pct": "%", "pts": " " + fmt.points(0, lang).split(" ")[-1],
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
    template = (
        head + value
        + f"{t('hover.rate', lang)}: <b>%{{customdata[1]:.2f}}%</b>%{{customdata[4]}}<br>"
        + f"%{{customdata[2]:,.0f}} {t('hover.of', lang)} %{{customdata[3]:,.0f}} {t('exp.unit.workers', lang)} "
        + f"({t('basis.' + basis + '.short', lang)}){before}%{{customdata[5]}}<br>"
        + f"%{{customdata[6]}}<br>{t('col.as_of', lang)}: {month}%{{customdata[7]}}<extra></extra>"
    )
    return template, columns


def _customdata(frame: pl.DataFrame, columns: list[str]):
    # One object array: Plotly validates a NumPy array in one copy rather than cell by cell.
    return frame.select(columns).to_numpy()


def metric_map(frame: pl.DataFrame, layer: Layer, metric_key: str, basis: str, title: str, lang: str = "id",
               bands: Sequence[Band] = (), highlight: str | None = None, outline: Layer | None = None,
               height: int = 520, rate_reach: float | None = None) -> go.Figure:
    """Choropleth of one metric over the areas in `frame` (area_coverage columns plus gaps/bands).

    Rates are fixed to 0–100% so two maps compare, and areas above 100% get a ▲; counts run from 0;
    gaps and changes diverge around 0; areas without a value are grey and say why on hover.
    `layer` should hold only the areas drawn (see explorer.subset_layer); `highlight` outlines one
    area; `outline` draws boundaries on top (provinces over their kabupaten/kota) without taking clicks.
    """
    metric = METRICS[metric_key]
    band_labels = {b.key: b.label(lang) for b in bands}
    value_column = "band_index" if metric.scale == "band" else metric.column
    data = _hover_frame(frame, metric, layer, lang, band_labels)
    month = fmt.month(frame["period"].drop_nulls()[0], lang) if frame["period"].drop_nulls().len() else "–"
    has_rate = pl.col("rate_pct").is_not_null()
    has_value = has_rate & pl.col(value_column).is_not_null() & ~pl.col(value_column).cast(pl.Float64).is_nan()
    shown, no_value, no_data = data.filter(has_value), data.filter(has_rate & ~has_value), data.filter(~has_rate)
    z, colour = _colour(metric, shown[value_column].to_list(), lang, bands, rate_reach)
    template, columns = _template(metric, basis, month, lang, True)
    line = dict(marker_line_color="#6b6b6b", marker_line_width=0.4 if frame.height > 60 else 0.7)
    fig = go.Figure(go.Choropleth(
        geojson=layer.geojson, featureidkey="id", locations=shown["area_code"].to_list(), z=z, **colour, **line,
        customdata=_customdata(shown, columns), hovertemplate=template, name=""))
    grey = dict(colorscale=[[0, NO_DATA], [1, NO_DATA]], showscale=False, name="", **line)
    if no_value.height:
        template, columns = _template(metric, basis, month, lang, False)
        fig.add_trace(go.Choropleth(geojson=layer.geojson, featureidkey="id",
                                    locations=no_value["area_code"].to_list(), z=[0] * no_value.height,
                                    customdata=_customdata(no_value, columns), hovertemplate=template, **grey))
    if no_data.height:
        fig.add_trace(go.Choropleth(geojson=layer.geojson, featureidkey="id", locations=no_data["area_code"].to_list(),
                                    z=[0] * no_data.height, hoverinfo="text",
                                    hovertext=[f"<b>{n}</b><br>{t('empty.no_data', lang)}" for n in no_data["area_name"]],
                                    **grey))
    if metric.key == "rate":
        over = shown.filter(pl.col("rate_pct") > 100, pl.col("area_code").is_in(list(layer.label_points)))
        if over.height:
            points = [layer.label_points[c] for c in over["area_code"]]
            fig.add_trace(go.Scattergeo(
                lon=[p[0] for p in points], lat=[p[1] for p in points], mode="markers",
                marker=dict(symbol="triangle-up", size=10, color=OVER_100, line=dict(color="white", width=1)),
                name=t("legend.over_100", lang), hoverinfo="skip", showlegend=True))
    labels = map_labels(shown, value_column, metric, layer, lang, band_labels)
    if labels is not None:
        fig.add_trace(labels)
    clear = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]
    if outline is not None:
        fig.add_trace(go.Choropleth(
            geojson=outline.geojson, featureidkey="id", locations=list(outline.bounds), z=[0] * len(outline.bounds),
            colorscale=clear, showscale=False, marker_line_color="#333333", marker_line_width=1.6,
            hoverinfo="skip", name=""))
    if highlight and highlight in layer.bounds:
        fig.add_trace(go.Choropleth(
            geojson=layer.geojson, featureidkey="id", locations=[highlight], z=[0], colorscale=clear,
            showscale=False, marker_line_color="#111111", marker_line_width=3, hoverinfo="skip", name=""))
    lon_range, lat_range = extent(layer, frame["area_code"].to_list() or list(layer.bounds))
    fig.update_geos(visible=False, projection_type="mercator", lonaxis_range=lon_range, lataxis_range=lat_range,
                    bgcolor="rgba(0,0,0,0)", domain=dict(x=[0, 1], y=[0.08, 1]))
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left", font=dict(size=14)),
        height=height, margin=dict(l=0, r=0, t=40 + 18 * title.count("<br>"), b=70), font=dict(family=FONT),
        separators=SEPARATORS[lang],
        legend=dict(orientation="h", yanchor="top", y=1.0, xanchor="left", x=0.01, bgcolor="rgba(255,255,255,0.7)"),
        hoverlabel=dict(bgcolor="white", font_size=12, align="left"), paper_bgcolor="white",
        # Keep the reader's zoom and pan while only the colours change (same areas, another measure).
        uirevision="map",
    )
    return fig


def month_ticks(periods: Sequence, lang: str, every: int = 6) -> dict:
    """Axis ticks on January and July (by default), labelled in the reader's language
    (plotly's own date labels are English only)."""
    ticks = sorted({p for p in periods if (p.month - 1) % every == 0})
    if len(ticks) < 2:  # a short series: label its own months, at most six of them
        months = sorted(set(periods))
        ticks = months[::max(1, -(-len(months) // 6))]
    return dict(tickvals=ticks, ticktext=[fmt.month(p, lang, short=True) for p in ticks])


def trend_figure(trend: pl.DataFrame, targets: pl.DataFrame, title: str, lang: str = "id") -> go.Figure:
    """Monthly coverage rate of one area, synthetic months hollow, with its coverage-rate targets as
    dashed lines labelled with who set them."""
    rows = trend.to_dicts()
    synthetic = [r["active_synthetic"] or r["workers_synthetic"] for r in rows]
    fig = go.Figure(go.Scatter(
        x=[r["period"] for r in rows], y=[r["rate_pct"] for r in rows], mode="lines+markers",
        line=dict(color=LINE, width=2),
        marker=dict(size=6, color=["white" if s else LINE for s in synthetic], line=dict(color=LINE, width=1.5)),
        name=t("metric.rate", lang),
        hovertext=[f"{fmt.month(r['period'], lang)}: {fmt.percent(r['rate_pct'], lang, 2)}<br>"
                   f"{fmt.number(r['active'], lang)} {t('hover.of', lang)} {fmt.number(r['workers'], lang)}"
                   f" ({provenance.rate_label(r, lang)})" for r in rows],
        hoverinfo="text",
    ))
    published = provenance.published_points(rows, lang)
    if published:  # published months: a filled diamond, labelled as the source printed the rate
        fig.add_trace(go.Scatter(
            x=[p[0] for p in published], y=[p[1] for p in published], mode="markers+text",
            marker=dict(symbol="diamond", size=10, color="#b35806", line=dict(color="white", width=1)),
            text=[p[2] for p in published], textposition="top center", textfont=dict(size=11, color="#b35806"),
            name=t("prov.badge.published", lang), hoverinfo="skip"))
    for i, target in enumerate(targets.filter(pl.col("metric") == "coverage_rate").to_dicts()):
        fig.add_hline(y=target["target_value"], line=dict(color="#b35806", width=1.5, dash="dash"),
                      annotation_text=t("exp.trend_target", lang, value=fmt.percent(target["target_value"], lang, 2),
                                        set_by=user_text.plotly(target["set_by"]),
                                        due=fmt.month(target["due_period"], lang, True)),
                      annotation_position="top left" if i % 2 == 0 else "bottom left",
                      annotation_font=dict(size=11, color="#b35806"))
    top = max([r["rate_pct"] or 0 for r in rows] + [r for r in targets.filter(
        pl.col("metric") == "coverage_rate")["target_value"].to_list()] + [10])
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left", font=dict(size=15)), height=320,
        margin=dict(l=10, r=10, t=44, b=10), font=dict(family=FONT), showlegend=False,
        yaxis=dict(title=t("legend.rate", lang), range=[0, nice_ceiling(top * 1.1)], ticksuffix="%",
                   gridcolor="#eeeeee"),
        xaxis=dict(gridcolor="#f4f4f4", **month_ticks([r["period"] for r in rows], lang)),
        paper_bgcolor="white", plot_bgcolor="white",
        hoverlabel=dict(bgcolor="white", font_size=12, align="left"),
    )
    return fig


def split_figure(split: pl.DataFrame, title: str, lang: str = "id") -> go.Figure:
    """Active participants of one area by segment and by enterprise kind, two bar panels, each bar
    labelled with its count and its rate over its own denominator."""
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.18,
                        subplot_titles=[t("exp.split.segment", lang), t("exp.split.kind", lang)])
    for col, dimension in ((1, "segment"), (2, "kind")):
        rows = split.filter(pl.col("dimension") == dimension).to_dicts()
        labels = [t(("segment." if dimension == "segment" else "exp.kind.") + r["member"], lang) for r in rows]
        fig.add_trace(go.Bar(
            x=[r["active"] for r in rows], y=labels, orientation="h", marker_color=LINE if col == 1 else "#41b6c4",
            text=[t("bar.rate_label", lang, count=fmt.compact(r["active"], lang), pct=fmt.percent(r["rate_pct"], lang))
                  for r in rows],
            textposition="auto", cliponaxis=False,
            hovertext=[f"{lab}: {fmt.number(r['active'], lang)} {t('hover.of', lang)} {fmt.number(r['workers'], lang)}"
                       f" = {fmt.percent(r['rate_pct'], lang, 2)}; {t('exp.split.share', lang)} "
                       f"{fmt.percent(r['share_pct'], lang)}" for lab, r in zip(labels, rows)],
            hoverinfo="text", showlegend=False), row=1, col=col)
        fig.update_yaxes(autorange="reversed", row=1, col=col)
        fig.update_xaxes(visible=False, row=1, col=col)
    fig.update_layout(title=dict(text=title, x=0.01, xanchor="left", font=dict(size=15)), height=260,
                      margin=dict(l=10, r=10, t=64, b=10), font=dict(family=FONT),
                      paper_bgcolor="white", plot_bgcolor="white")
    return fig


def small_multiples(trend: pl.DataFrame, title: str, lang: str = "id", columns: int = 3) -> go.Figure:
    """One small coverage-rate line per province, on a shared 0-based y axis so slopes compare."""
    names = trend.select("province_code", "province_name").unique().sort("province_code")
    n = names.height
    rows_n = max(1, math.ceil(n / columns))
    fig = make_subplots(rows=rows_n, cols=columns, shared_xaxes=True, shared_yaxes=True,
                        subplot_titles=names["province_name"].to_list(), vertical_spacing=0.14 / max(rows_n - 2, 1),
                        horizontal_spacing=0.04)
    top = trend["rate_pct"].max() or 10
    for i, (code, name) in enumerate(names.iter_rows()):
        part = trend.filter(pl.col("province_code") == code).sort("period").to_dicts()
        last = part[-1] if part else None
        fig.add_trace(go.Scatter(
            x=[r["period"] for r in part], y=[r["rate_pct"] for r in part], mode="lines",
            line=dict(color=LINE, width=2), showlegend=False, name=name,
            hovertext=[f"{name}, {fmt.month(r['period'], lang)}: {fmt.percent(r['rate_pct'], lang, 2)}" for r in part],
            hoverinfo="text"), row=i // columns + 1, col=i % columns + 1)
        if last:
            fig.add_trace(go.Scatter(
                x=[last["period"]], y=[last["rate_pct"]], mode="markers+text", marker=dict(color=LINE, size=6),
                text=[fmt.percent(last["rate_pct"], lang)], textposition="top left", showlegend=False,
                hoverinfo="skip", textfont=dict(size=11)), row=i // columns + 1, col=i % columns + 1)
    fig.update_yaxes(range=[0, nice_ceiling(top * 1.15)], ticksuffix="%", gridcolor="#eeeeee", nticks=4)
    fig.update_xaxes(gridcolor="#f4f4f4", **month_ticks(trend["period"].to_list(), lang, every=12))
    fig.update_annotations(font_size=12)
    fig.update_layout(title=dict(text=title, x=0.01, xanchor="left", font=dict(size=15)),
                      height=150 + 170 * rows_n, margin=dict(l=10, r=10, t=70, b=10), font=dict(family=FONT),
                      paper_bgcolor="white", plot_bgcolor="white")
    return fig


def ranking_bars(frame: pl.DataFrame, column: str, unit: str, title: str, lang: str = "id",
                 colour: str = LINE) -> go.Figure:
    """Horizontal bars of `column` for the rows in `frame` (already ordered), best or most urgent on top."""
    rows = frame.to_dicts()
    metric = Metric(column, column, "count", unit, "higher")
    labels = [r["area_name"] for r in rows]
    values = [r[column] for r in rows]
    text = [format_value(v, metric, lang) for v in values]
    fig = go.Figure(go.Bar(
        x=values, y=labels, orientation="h", marker_color=colour, text=text, textposition="auto",
        hovertext=[f"{lab}: {txt}" for lab, txt in zip(labels, text)], hoverinfo="text", cliponaxis=False))
    fig.update_layout(title=dict(text=title, x=0.01, xanchor="left", font=dict(size=14)),
                      height=70 + 34 * max(len(rows), 1), margin=dict(l=10, r=10, t=44, b=10),
                      font=dict(family=FONT), yaxis=dict(autorange="reversed", automargin=True),
                      xaxis=dict(visible=False, range=[0, max([v for v in values if v is not None] + [1]) * 1.05]),
                      paper_bgcolor="white", plot_bgcolor="white")
    return fig


def change_bars(frame: pl.DataFrame, title: str, lang: str = "id") -> go.Figure:
    """Month-on-month change in points, one bar per area (rows of monthly_change), largest rise on
    top: purple for a rise, orange for a fall (the PuOr ends used on the change maps), each bar
    labelled with its signed value; the axis is symmetric and fitted to the largest change."""
    rows = frame.filter(pl.col("rate_change_pts").is_not_null()).sort("rate_change_pts", descending=True).to_dicts()
    values = [r["rate_change_pts"] for r in rows]
    reach = nice_ceiling(max([abs(v) for v in values] + [0.01]) * 1.25)
    fig = go.Figure(go.Bar(
        x=values, y=[r["area_name"] for r in rows], orientation="h",
        marker_color=[DIVERGING[-2] if v > 0 else DIVERGING[1] if v < 0 else NO_DATA for v in values],
        text=[fmt.points(v, lang) for v in values], textposition="outside", cliponaxis=False,
        hovertext=[f"{r['area_name']}: {fmt.points(r['rate_change_pts'], lang)} → {fmt.percent(r['rate_pct'], lang)}"
                   for r in rows], hoverinfo="text"))
    fig.update_layout(title=dict(text=_wrap(title, 80), x=0.01, xanchor="left", font=dict(size=14)),
                      height=90 + 22 * max(len(rows), 1), margin=dict(l=10, r=30, t=60, b=10),
                      font=dict(family=FONT), yaxis=dict(autorange="reversed", automargin=True),
                      xaxis=dict(range=[-reach, reach], zeroline=True, zerolinecolor="#666", showgrid=False,
                                 ticksuffix=""),
                      paper_bgcolor="white", plot_bgcolor="white", showlegend=False)
    return fig
