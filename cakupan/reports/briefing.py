"""The Ringkasan Pimpinan: a one-page A4 briefing on one province and month, as PDF and PNG.

Data come from named queries through a `run(name, **params)` callable (the app's cached
query, or `db.run_query` on a connection for the command line); charts are pure Plotly
figures drawn by the warm kaleido at 300 dpi; fpdf2 lays the page out in fixed boxes, and
every text that would not fit is shrunk, then cut, and reported in `Briefing.overflows`.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import polars as pl

from cakupan import fmt, fonts, user_text
from cakupan.boundaries import Layer, extent, subset_layer
from cakupan.figures import maps, theme
from cakupan.i18n import t
from cakupan.map_sizing import mercator_size, mercator_y
from cakupan.provenance import (ASSUMED_DUE, as_of_text, change_sources, change_story, due_assumed, part_kind,
                                printed_digits, published_points, rate_kind, short_label, source_name)
from cakupan.reports import export, render
from cakupan.reports.pdf import A4Page
from cakupan.targets import metric_label as target_metric_label

Runner = Callable[..., pl.DataFrame]

# A4 portrait in millimetres, and the fixed boxes of the page (x, y, width, height).
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 11.0
CONTENT_W = PAGE_W - 2 * MARGIN
LEFT_W = 104.0
RIGHT_X = MARGIN + LEFT_W + 5.0
RIGHT_W = PAGE_W - MARGIN - RIGHT_X
BOX = {
    "header": (MARGIN, 9.0, CONTENT_W, 23.0),
    "kpis": (MARGIN, 34.0, CONTENT_W, 22.0),
    "targets": (MARGIN, 59.0, CONTENT_W, 27.0),
    "map": (MARGIN, 89.0, LEFT_W, 88.0),
    "ranks": (RIGHT_X, 89.0, RIGHT_W, 88.0),
    "trend": (MARGIN, 180.0, LEFT_W, 52.0),
    "splits": (RIGHT_X, 180.0, RIGHT_W, 52.0),
    "enrol": (MARGIN, 235.0, CONTENT_W, 20.0),
    "small": (MARGIN, 258.0, CONTENT_W, 31.0),
}
CHART_DPI = 300
PNG_DPI = 150
INK = (20, 20, 20)
GREY = (95, 95, 95)
RULE = (150, 150, 150)
BAR = "#253494"
FONT = fonts.STACK
# Named explicitly: inside a Streamlit server the default template is Streamlit's, whose colours
# are placeholders for the browser and which drops plotly's automargins (tick labels get cut).
PRINT_TEMPLATE = "plotly_white"


class BriefingError(ValueError):
    """A briefing that cannot be made (unknown province, no data for the month); says what to do."""


@dataclass(frozen=True)
class BriefingData:
    """Everything one briefing shows, as query results."""
    province_code: str
    province_name: str
    period: date
    basis: str
    headline: dict
    regencies: pl.DataFrame
    trend: pl.DataFrame
    segments: pl.DataFrame
    enterprise: pl.DataFrame
    targets: pl.DataFrame
    sources: pl.DataFrame
    # Published rates of the province for the month (published_rates rows), shown beside its own.
    published: tuple[dict, ...] = ()

    @property
    def synthetic(self) -> bool:
        """True when any figure on the page is synthetic (not a published number)."""
        flags = [self.headline["active_synthetic"], self.headline["workers_synthetic"]]
        flags.append(bool((self.regencies["active_synthetic"] | self.regencies["workers_synthetic"]).any()))
        flags.append(bool((self.trend["active_synthetic"] | self.trend["workers_synthetic"]).any()))
        flags.append(bool(self.segments["is_synthetic"].any()))
        flags.append(bool(self.enterprise["active_synthetic"].any()))
        flags.append(bool(self.enterprise["enrolled_synthetic"].fill_null(False).any()))
        return any(bool(f) for f in flags)


@dataclass(frozen=True)
class Briefing:
    """A made briefing: the PDF, the same page as PNG, and any text that had to be cut."""
    pdf: bytes
    png: bytes
    overflows: tuple[str, ...]


def months_back(period: date, months: int) -> date:
    """The first of the month `months` before `period`."""
    index = period.year * 12 + period.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def one_per_title(sources: pl.DataFrame) -> pl.DataFrame:
    """Each source once, in order; a title stored twice (with and without its address: a target's
    source that also backs a figure) keeps the address, so the page does not say there is none."""
    return (sources.with_columns(pl.col("url").fill_null(pl.col("url").max().over("title")))
            .unique("title", keep="first", maintain_order=True))


def load(run: Runner, province: str, period: date, basis: str = "ucj") -> BriefingData:
    """Run the briefing's queries for one province and month."""
    common = dict(period=period, basis=basis, segment="all", kind="all")
    rows = run("area_coverage", level="province", province=province, **common)
    # Beside it, the publications behind its 12-month change (provenance.change_sources).
    rows = rows.join(run("change_sources", level="province", province=province, **common), on="area_code", how="left")
    if rows.is_empty():
        raise BriefingError(f"province code {province!r} is unknown; use a two-digit Kemendagri code such as 52 (NTB)")
    headline = rows.row(0, named=True)
    if headline["active"] is None or headline["workers"] is None:
        raise BriefingError(f"there is no coverage data for province {province} ({headline['area_name']}) in "
                            f"{period:%Y-%m}; choose a month that has data or import it first")
    trend = (run("coverage_trend", area_code=province, basis=basis)
             .filter(pl.col("period").is_between(months_back(period, 23), period)))
    # The workers 12 months earlier, for the sentence when participants and coverage move apart (story).
    before = trend.filter(pl.col("period") == months_back(period, 12))["workers"].to_list()
    headline["workers_change"] = (headline["workers"] - before[0]
                                  if before and before[0] is not None else None)
    targets = run("province_targets", province=province, period=period)
    # The nation's targets for the briefing's own year only (for 2025: RPJMN's 32,15% beside
    # Kemendagri's conflicting 52,15%): one page has room for the province's targets and these, and
    # cites every source it prints; later national targets are on the Target page.
    targets = targets.filter((pl.col("area_level") != "national") | (pl.col("due_period").dt.year() == period.year))
    sources = run("province_sources", province=province, period=period, basis=basis)
    target_sources = targets.select(
        pl.lit(None, dtype=pl.Int32).alias("source_id"), pl.col("source").alias("title"),
        pl.col("source_url").alias("url"),
        pl.when(pl.col("target_synthetic")).then(pl.lit("synthetic")).otherwise(pl.lit("published")).alias("kind"),
        pl.col("source_as_of").alias("as_of"))
    sources = one_per_title(pl.concat([sources.cast(target_sources.schema), target_sources]))
    return BriefingData(
        province_code=province,
        province_name=headline["area_name"],
        period=period,
        basis=basis,
        headline=headline,
        regencies=run("area_coverage", level="regency", province=province, **common),
        trend=trend,
        segments=run("province_segments", province=province, period=period, basis=basis),
        enterprise=run("province_enterprise", province=province, period=period),
        targets=targets,
        sources=sources,
        published=tuple(run("published_rates", month=f"{period:%Y-%m}", level="province")
                        .filter(pl.col("area_code") == province).to_dicts()) if basis == "ucj" else (),
    )


# --- figures (pure) ----------------------------------------------------------------------------

def mm_to_px(mm: float) -> int:
    """CSS pixels (96 per inch) for a length on paper."""
    return round(mm / 25.4 * render.CSS_DPI)


SHORT_PREFIXES = (("Kabupaten Administrasi ", "Kab. Adm. "), ("Kota Administrasi ", "Kota Adm. "),
                  ("Kabupaten ", "Kab. "))


def short_name(name: str) -> str:
    """'Kabupaten Lombok Barat' as 'Kab. Lombok Barat': the ranking column is narrow."""
    for long, short in SHORT_PREFIXES:
        if name.startswith(long):
            return short + name.removeprefix(long)
    return name


def nice_ticks(low: float, high: float) -> list[float]:
    """Round tick values (steps of 5, 10, 20 or 25 points) across a colour range."""
    step = next(s for s in (5, 10, 20, 25, 50) if (high - low) / s <= 5)
    first = math.ceil(low / step) * step
    return [float(v) for v in range(int(first), int(high) + 1, step)]


def map_aspect(lon_range: list[float], lat_range: list[float]) -> float:
    """Width over height of a lon/lat box in the Mercator projection."""
    width, height = mercator_size(lon_range, lat_range)
    return width / max(height, math.degrees(1e-6))


def rate_range(rates: list[float]) -> tuple[float, float]:
    """A colour range spanning the province's kab/kota in 5-point steps, so the differences
    between them stay visible (also in grey print) rather than fading into a 0–100 scale."""
    values = [min(r, 100.0) for r in rates if r is not None]
    if not values:
        return 0.0, 100.0
    low, high = math.floor(min(values) / 5) * 5, math.ceil(max(values) / 5) * 5
    return float(low), float(high if high > low else low + 5)


COLORBAR_PX = 34


def map_ranges(layer: Layer, codes: list[str]) -> tuple[list[float], list[float]]:
    """The province's lon/lat box with a small margin relative to its size."""
    (lon0, lon1), (lat0, lat1) = extent(layer, codes, pad=0.0)
    pad = max(lon1 - lon0, lat1 - lat0) * 0.04 + 0.01
    return [lon0 - pad, lon1 + pad], [lat0 - pad, lat1 + pad]


def map_height(layer: Layer, codes: list[str], width_px: int, max_height_px: int) -> int:
    """The figure height that fits the province's shape at this width, so a wide province
    (NTB) leaves no empty band above and below it; never taller than the box."""
    lon_range, lat_range = map_ranges(layer, codes)
    return min(max_height_px, round(width_px / map_aspect(lon_range, lat_range)) + COLORBAR_PX + 4)


def labelled_ranks(n: int) -> set[int]:
    """Ranks written on the map: all of them for up to 10 kab/kota, else the top and bottom 5
    listed beside the map (38 numbers would pile up on Jawa Timur)."""
    return set(range(1, n + 1)) if n <= 10 else set(range(1, 6)) | set(range(n - 4, n + 1))


LABEL_GAP_PX = 14  # two rank labels closer than this would read as one number ("5 19")


def apart(points: list[tuple[float, float]], lon_range, lat_range, width_px: int, height_px: int,
          gap_px: float = LABEL_GAP_PX) -> list[bool]:
    """Which of the label points (lon, lat), taken in order of priority, to write: a point closer
    than `gap_px` on the printed map to one already kept is dropped (its rank stays in the list
    beside the map). Positions follow the map's Mercator projection, fitted to its ranges."""
    def project(lon: float, lat: float) -> tuple[float, float]:
        return lon, mercator_y(lat)

    (x0, y0), (x1, y1) = project(lon_range[0], lat_range[0]), project(lon_range[1], lat_range[1])
    scale = min(width_px / (x1 - x0), height_px / (y1 - y0))  # the map keeps its aspect
    kept: list[tuple[float, float]] = []
    out = []
    for lon, lat in points:
        x, y = project(lon, lat)
        spot = (x * scale, y * scale)
        ok = all(math.hypot(spot[0] - k[0], spot[1] - k[1]) >= gap_px for k in kept)
        if ok:
            kept.append(spot)
        out.append(ok)
    return out


def briefing_map(regencies: pl.DataFrame, layer: Layer, lang: str, width_px: int, height_px: int,
                 basis: str = "ucj", scale: tuple[float, float] | None = None,
                 out_of: int | None = None) -> go.Figure:
    """The app's one choropleth (figures.maps.metric_map, the same areas and hover) dressed for
    print: a colour range fitted to the province's kab/kota, labelled with their rank so the map
    and the ranking read together, light-to-dark colours that survive black-and-white print.
    A panel of a larger map (one province of a Kanwil) passes the whole map's colour range as
    `scale` and how many areas its ranks count over as `out_of`, so that the panels read as one map."""
    rows = regencies.filter(pl.col("area_code").is_in(list(layer.bounds)))
    codes = rows["area_code"].to_list()
    fig = maps.metric_map(rows, subset_layer(layer, codes), "rate", basis, "", lang, height=height_px,
                          value_labels=False)
    low, high = scale or rate_range(rows["rate_pct"].to_list())
    ticks = nice_ticks(low, high)
    fig.data[0].update(
        z=[min(max(v, low), high) if v is not None else None for v in fig.data[0].z], zmin=low, zmax=high,
        marker_line_color="#333333", marker_line_width=0.6,
        colorbar=dict(orientation="h", x=0.5, xanchor="center", y=0, yanchor="top", thickness=9, len=0.8,
                      tickvals=ticks, ticktext=[fmt.percent(v, lang, 0) for v in ticks], title=None,
                      tickfont=dict(size=9), outlinewidth=0.5))
    fig.data = [trace for trace in fig.data if trace.type == "choropleth"]  # print: no ▲ legend
    ranked = [r for r in rows.to_dicts() if r["rate_pct"] is not None]
    n = out_of or len(ranked)
    labelled = [r for r in ranked if r["rank"] in labelled_ranks(n)]
    # The best and the worst first: when two labels would touch, the one nearer the middle gives way.
    labelled.sort(key=lambda r: (min(r["rank"], n + 1 - r["rank"]), r["rank"]))
    lon_range, lat_range = map_ranges(layer, codes)
    keep = apart([layer.label_points[r["area_code"]] for r in labelled], lon_range, lat_range, width_px,
                 height_px - COLORBAR_PX)
    labelled = [r for r, kept in zip(labelled, keep) if kept]
    dark = [(min(r["rate_pct"], 100.0) - low) / (high - low) > 0.55 for r in labelled]
    fig.add_trace(go.Scattergeo(
        lon=[layer.label_points[r["area_code"]][0] for r in labelled],
        lat=[layer.label_points[r["area_code"]][1] for r in labelled],
        mode="text",
        text=[str(r["rank"]) for r in labelled],
        textfont=dict(size=9, color=["white" if d else "black" for d in dark], family=FONT),
        showlegend=False,
    ))
    fig.update_geos(lonaxis_range=lon_range, lataxis_range=lat_range, bgcolor="white", domain=dict(x=[0, 1], y=[0, 1]))
    fig.update_layout(width=width_px, height=height_px, margin=dict(l=0, r=0, t=0, b=COLORBAR_PX), title=None,
                      font=dict(family=FONT, size=9, color="#141414"), paper_bgcolor="white",
                      template=PRINT_TEMPLATE, separators=theme.separators(lang), showlegend=False)
    return fig


def trend_chart(trend: pl.DataFrame, target: dict | None, basis: str, lang: str, width_px: int,
                height_px: int) -> go.Figure:
    """The coverage rate month by month (24 months), with the province's target as a dashed line."""
    periods = trend["period"].to_list()
    rates = trend["rate_pct"].to_list()
    fig = go.Figure(go.Scatter(x=periods, y=rates, mode="lines+markers", line=dict(color="#141414", width=2),
                               marker=dict(size=3.5, color="#141414"), showlegend=False))
    values = [r for r in rates if r is not None]
    low, high = (min(values), max(values)) if values else (0.0, 100.0)
    if target is not None:
        value = target["target_value"]
        fig.add_hline(y=value, line=dict(color="#555555", width=1.2, dash="dash"))
        fig.add_annotation(x=1, xref="paper", y=value, yref="y", xanchor="right", yanchor="bottom",
                           text=t("briefing.trend.target", lang, set_by=user_text.plotly(target["set_by"]),
                                  value=fmt.percent(value, lang, 2)),
                           showarrow=False, font=dict(size=9, color="#333333"))
        low, high = min(low, value), max(high, value)
    published = published_points(trend.to_dicts(), lang)
    if published:  # published months: filled diamonds labelled as printed
        fig.add_trace(go.Scatter(x=[p[0] for p in published], y=[p[1] for p in published], mode="markers+text",
                                 marker=dict(symbol="diamond", size=7, color="#141414", line=dict(color="white", width=1)),
                                 text=[p[2] for p in published], textposition="bottom center",
                                 textfont=dict(size=8, color="#141414"), showlegend=False))
    # The last month in bold, unless it is published: its diamond already gives it as printed, and
    # NTT's December 2024 read "33,00%" over "33%" on the one point.
    if values and not (published and published[-1][0] == periods[-1]):
        fig.add_annotation(x=periods[-1], y=rates[-1], text=f"<b>{fmt.percent(rates[-1], lang, 2)}</b>",
                           showarrow=False, xanchor="right", yanchor="bottom", yshift=4,
                           font=dict(size=10, color="#141414"))
    span = max(high - low, 2.0)
    # Every sixth month, counted back from the briefing's month so that it is always labelled.
    ticks = [p for i, p in enumerate(periods) if (len(periods) - 1 - i) % 6 == 0]
    fig.update_xaxes(tickvals=ticks, ticktext=[fmt.month(p, lang, short=True) for p in ticks], showgrid=False,
                     linecolor="#999999", ticks="outside", ticklen=3, tickfont=dict(size=9))
    fig.update_yaxes(range=[max(0.0, low - span * 0.25), high + span * 0.3], ticksuffix="%", gridcolor="#dddddd",
                     zeroline=False, tickfont=dict(size=9), nticks=5)
    fig.update_layout(width=width_px, height=height_px, margin=dict(l=6, r=6, t=6, b=6),
                      font=dict(family=FONT, size=9, color="#141414"), paper_bgcolor="white", plot_bgcolor="white",
                      template=PRINT_TEMPLATE,
                      separators=theme.separators(lang))
    return fig


# About half an em of the bars' 9 px type, per character.
BAR_CHAR_PX = 4.7


def split_bars(labels: list[str], values: list[int], texts: list[str], lang: str, width_px: int,
               height_px: int) -> go.Figure:
    """Horizontal bars with the value written beside each (readable without colour)."""
    top = max(values) if values else 1
    fig = go.Figure(go.Bar(x=values, y=labels, orientation="h", marker=dict(color=BAR, line=dict(width=0)),
                           text=texts, textposition="outside", cliponaxis=False,
                           # plotly shrinks a label taller than its bar: four segments in the box
                           # printed theirs at about 5 px against the three kinds' 9 px.
                           constraintext="none",
                           textfont=dict(size=9, color="#141414"), showlegend=False))
    # Room for each bar's text after it: the axis ends where the widest bar-plus-text ends (text
    # width estimated at half an em per character, the names on the left likewise).
    plot_px = width_px - 8 - 4 - max((len(label) for label in labels), default=0) * BAR_CHAR_PX
    needed = [v * plot_px / max(plot_px - len(text) * BAR_CHAR_PX - 6, plot_px / 4) for v, text in zip(values, texts)]
    fig.update_xaxes(visible=False, range=[0, max([top * 1.15, *needed])])
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=9), ticks="", showline=False, ticklabelstandoff=4)
    fig.update_layout(width=width_px, height=height_px, margin=dict(l=4, r=4, t=2, b=2), bargap=0.3,
                      font=dict(family=FONT, size=9, color="#141414"), paper_bgcolor="white", plot_bgcolor="white",
                      template=PRINT_TEMPLATE,
                      separators=theme.separators(lang))
    return fig


def rate_target(data: BriefingData) -> dict | None:
    """The coverage-rate target drawn on the trend: the province's own first, else the nearest one."""
    rows = data.targets.filter((pl.col("metric") == "coverage_rate") & (pl.col("basis") == data.basis))
    return rows.row(0, named=True) if rows.height else None


def figures(data: BriefingData, layer: Layer, lang: str, box: dict | None = None) -> dict[str, go.Figure]:
    """The four charts of the page, each sized to its box (`box`: the page's boxes, layout())."""
    box = box or layout(data, lang, layer.credit[lang], date.today())
    map_box, trend_box, split_box = box["map"], box["trend"], box["splits"]
    map_h = map_box[3] - 6
    trend_h = trend_box[3] - 6
    bar_h = (split_box[3] - 12) / 2
    segments = data.segments.to_dicts()
    kinds = data.enterprise.to_dicts()
    return {
        "map": briefing_map(data.regencies, layer, lang, mm_to_px(map_box[2]),
                            map_height(layer, data.regencies["area_code"].to_list(), mm_to_px(map_box[2]),
                                       mm_to_px(map_h)), data.basis),
        "trend": trend_chart(data.trend, rate_target(data), data.basis, lang, mm_to_px(trend_box[2]),
                             mm_to_px(trend_h)),
        "segments": split_bars(
            # Each segment by the name the app gives it ("BPU (bukan penerima upah)"; the page had
            # "BPU (informal)", a gloss, not the name).
            [t(f"segment.{r['segment']}", lang) for r in segments], [r["active"] for r in segments],
            # The share of the participants, and said so: the app's segment bars print a coverage rate.
            [t("bar.share_label", lang, count=fmt.number(r["active"], lang), pct=fmt.percent(r["share_pct"], lang))
             for r in segments],
            lang, mm_to_px(split_box[2]), mm_to_px(bar_h)),
        "kinds": split_bars(
            [t(f"briefing.kind.{r['enterprise_kind']}", lang) for r in kinds], [r["active"] for r in kinds],
            [t("bar.share_label", lang, count=fmt.number(r["active"], lang), pct=fmt.percent(r["share_pct"], lang))
             for r in kinds],
            lang, mm_to_px(split_box[2]), mm_to_px(bar_h)),
    }


def render_images(figs: dict[str, go.Figure]) -> dict[str, bytes]:
    """Each chart as a 300-dpi PNG from the warm kaleido."""
    scale = CHART_DPI / render.CSS_DPI
    return {name: render.render(fig, "png", fig.layout.width, fig.layout.height, scale) for name, fig in figs.items()}


# --- page layout ---------------------------------------------------------------------------------

def draw_header(page: A4Page, box: tuple, kicker: str, name: str, subtitle: str, synthetic: bool, lang: str) -> None:
    """The page's head: kicker, the area's name, the subtitle, and a DATA SINTETIS badge if any
    figure on the page is synthetic (shared by the province and the Kanwil page)."""
    x, y, w, _ = box
    badge = t("briefing.synthetic_badge", lang) if synthetic else ""
    badge_w = 0.0
    if badge:
        page.style(8, bold=True)
        badge_w = page.width(badge) + 5
        page.set_draw_color(*INK)
        page.set_line_width(0.4)
        page.rect(x + w - badge_w, y + 0.5, badge_w, 5.5)
        page.text(x + w - badge_w + 2.5, y + 4.3, badge)
    page.fit(x, y + 3, w - badge_w - 3, kicker, 8, bold=True, color=GREY, where="kicker")
    page.fit(x, y + 12.5, w, name, 21, bold=True, min_size=13, where="area name")
    page.fit(x, y + 19, w, subtitle, 9.5, color=GREY, where="subtitle")
    page.rule(x, y + 22, w)


def _header(page: A4Page, data: BriefingData, lang: str) -> None:
    subtitle = t("briefing.subtitle", lang, month=fmt.month(data.period, lang), basis=t(f"basis.{data.basis}", lang),
                 code=data.province_code)
    draw_header(page, BOX["header"], t("briefing.kicker", lang), data.province_name, subtitle, data.synthetic, lang)


def draw_kpi_boxes(page: A4Page, box: tuple, boxes: list[tuple[str, str, str]]) -> None:
    """Four framed figures side by side, each (label, value, note); the first drawn heavier."""
    x, y, w, h = box
    gap = 3.0
    box_w = (w - gap * 3) / 4
    for i, (label, value, sub) in enumerate(boxes):
        bx = x + i * (box_w + gap)
        page.set_draw_color(*INK if i == 0 else RULE)
        page.set_line_width(0.5 if i == 0 else 0.25)
        page.rect(bx, y, box_w, h)
        page.fit(bx + 2.5, y + 4.8, box_w - 5, label, 8.5, bold=True, color=GREY, where=f"kpi {i} label")
        page.fit(bx + 2.5, y + 12.8, box_w - 5, value, 17 if i == 0 else 15, bold=True, min_size=10,
                 where=f"kpi {i} value")
        page.paragraph(bx + 2.5, y + 14.6, box_w - 5, sub, 7.2, 3.0, 2, color=GREY, where=f"kpi {i} note")


def moved_apart(active_change: float | None, rate_change_pts: float | None) -> str | None:
    """'fell_rose' when participants fell over 12 months while the rate rose (the workers divided
    by fell faster), 'rose_fell' the other way round, None when they moved together (or one is
    missing): the one rule behind the province briefing's sentence and the Kanwil briefing's."""
    if active_change is None or rate_change_pts is None:
        return None
    if active_change < 0 < rate_change_pts:
        return "fell_rose"
    if rate_change_pts < 0 < active_change:
        return "rose_fell"
    return None


def story(row: dict, lang: str) -> str | None:
    """One sentence when participants and coverage moved in opposite directions over 12 months
    (moved_apart): the denominator moved more than the participants did, and a reader should know it."""
    active, rate, workers = row.get("active_change"), row.get("rate_change_pts"), row.get("workers_change")
    kind = moved_apart(active, rate)
    if kind is None or workers is None:
        return None
    return t(f"kbriefing.story.{kind}", lang, active=fmt.signed(active, lang), workers=fmt.signed(workers, lang),
             points=fmt.points(rate, lang, 2))


def headline_story(row: dict, lang: str) -> str | None:
    """The sentences under the province's figures: participants and coverage apart (story), and a
    12-month change across publications (provenance.change_story), which the change's box marks."""
    return " ".join(s for s in (story(row, lang), change_story(row, lang)) if s) or None


def change_mark(row: dict, lang: str, part: str | None = None) -> str:
    """' · beda sumber*' after a 12-month change across publications (the sentence under the
    boxes says why); empty otherwise."""
    return " · " + t("prov.change_sources_short", lang) if change_sources(row, part) else ""


def rate_then(trend: pl.DataFrame, month: date, rate: float | None, lang: str) -> str:
    """The rate of an earlier month as the change's box prints it: a published month as its
    source printed it, as the trend's diamond below labels it (NTT, December 2024: "33%", where the
    box said "33,00%" beside the chart's "33%"); any other month to two decimals."""
    printed = published_points(trend.filter(pl.col("period") == month).to_dicts(), lang)
    return printed[0][2] if printed else fmt.percent(rate, lang, 2)


def _kpis(page: A4Page, data: BriefingData, lang: str) -> None:
    row = data.headline
    basis = t(f"basis.{data.basis}.short", lang)
    year_ago = months_back(data.period, 12)
    rate_sub = t("briefing.kpi.rate_sub", lang, active=fmt.number(row["active"], lang),
                 workers=fmt.number(row["workers"], lang), basis=basis)
    if data.published:  # the published rate beside the computed one; its source is in the small print
        reported = data.published[0]["value"]
        rate_sub = t("briefing.kpi.reported", lang, rate=fmt.percent(reported, lang, printed_digits(reported)),
                     points=fmt.points(row["rate_pct"] - reported, lang, 2), active=fmt.number(row["active"], lang),
                     workers=fmt.number(row["workers"], lang))
    boxes = [
        (f"{t('briefing.kpi.rate', lang)} · {short_label(rate_kind(row), lang)}", fmt.percent(row["rate_pct"], lang, 2),
         rate_sub),
        (t("briefing.kpi.active", lang), fmt.number(row["active"], lang),
         short_label(part_kind(row, "active"), lang).capitalize() + " · "
         + t("briefing.kpi.active_sub", lang, change=fmt.signed(row["active_change"], lang))
         + change_mark(row, lang, "active")),
        (t("briefing.kpi.uncovered", lang), fmt.number(row["uncovered"], lang),
         t("briefing.kpi.uncovered_sub", lang,
           share=fmt.percent(100.0 * row["uncovered"] / row["workers"] if row["workers"] else None, lang),
           basis=basis)),
        (t("briefing.kpi.change", lang), fmt.points(row["rate_change_pts"], lang, 2),
         t("briefing.kpi.change_sub", lang, month=fmt.month(year_ago, lang, short=True),
           rate=rate_then(data.trend, year_ago, row["rate_12m_pct"], lang)) + change_mark(row, lang)),
    ]
    draw_kpi_boxes(page, BOX["kpis"], boxes)


def _metric_label(row: dict, lang: str) -> str:
    return target_metric_label(row["metric"], row["basis"], lang)


def _metric_value(row: dict, value: float | None, lang: str) -> str:
    return fmt.percent(value, lang, 2) if row["metric"] == "coverage_rate" else fmt.number(value, lang)


def _metric_gap(row: dict, lang: str) -> str:
    """The gap in words, as the Target page, Bandingkan and the Kanwil briefing write it: "kurang
    29,39 poin", not "-29,39 poin" (fmt.gap)."""
    return fmt.gap(row["gap"], lang) if row["metric"] == "coverage_rate" else fmt.gap(row["gap"], lang, unit="count")


def _setter(page: A4Page, set_by: str, scope: str, width: float) -> str:
    """Who set a target; a trailing note in brackets is dropped when the name is too long
    ('Pemprov NTB & BPJS Ketenagakerjaan (PKS 12 Jan 2021)' keeps its first part)."""
    page.style(6.4)
    if page.width(set_by + scope) > width and " (" in set_by:
        set_by = set_by[:set_by.index(" (")]
    return set_by + scope


def _targets(page: A4Page, data: BriefingData, lang: str, box: dict) -> None:
    x, y, w, h = box["targets"]
    page.box_heading(x, y, w, t("briefing.targets", lang, month=fmt.month(data.period, lang)), "targets heading")
    rows = data.targets.to_dicts()
    own = [r for r in rows if r["area_level"] == "province"]
    line_h = 3.9
    top = y + 5.2
    if not own:
        page.fit(x, top + 2.8, w, t("briefing.targets.none", lang), 8, color=INK, where="no target")
        top += line_h
    columns = [  # (label, width, align)
        # The gap is in words ("terlampaui +0,68 poin"), so it takes ten millimetres of the setter's.
        (t("briefing.col.set_by", lang), 58.0, "L"), (t("briefing.col.measure", lang), 30.0, "L"),
        (t("briefing.col.target", lang), 20.0, "R"), (t("briefing.col.actual", lang), 20.0, "R"),
        (t("briefing.col.achieved", lang), 15.0, "R"), (t("briefing.col.gap", lang), 30.0, "R"),
        (t("briefing.col.due", lang), w - 173.0 - 2.0, "R"),
    ]
    room = int((y + h - top) // line_h) - 1
    shown = rows[:room] if len(rows) <= room else rows[:room - 1]
    page.row(x, top + 2.8, columns, [c[0] for c in columns], 7.2, bold=True, color=GREY, indent=0,
             where="target header")
    page.rule(x, top + 3.6, w)
    for i, row in enumerate(shown):
        base = top + 2.8 + (i + 1) * line_h
        scope = "" if row["area_level"] == "province" else " " + t(f"briefing.scope.{row['area_level']}", lang)
        cells = [_setter(page, row["set_by"], scope, columns[0][1] - 1.5), _metric_label(row, lang),
                 _metric_value(row, row["target_value"], lang),
                 _metric_value(row, row["actual"], lang), fmt.percent(row["achieved_pct"], lang),
                 _metric_gap(row, lang), _due(row, lang)]
        page.row(x, base, columns, cells, 7.8, bold=[n == 3 for n in range(len(columns))], min_size=6.4, indent=0,
                 where=f"target {row['target_id']}")
    if len(shown) < len(rows):
        more = t("briefing.more_targets", lang, n=len(rows) - len(shown))
        page.fit(x, top + 2.8 + (len(shown) + 1) * line_h, w, more,
                 7.2, color=GREY, where="more targets")


def _ranks(page: A4Page, data: BriefingData, lang: str, box: dict) -> None:
    x, y, w, h = box["ranks"]
    ranked = data.regencies.filter(pl.col("rate_pct").is_not_null()).sort("rank")
    columns = [(t("briefing.col.rank", lang), 7.0, "R"), (t("briefing.col.area", lang), w - 7.0 - 15.0 - 19.0, "L"),
               (t("briefing.col.rate", lang), 15.0, "R"), (t("briefing.col.active", lang), 19.0, "R")]
    if ranked.height <= 10:
        blocks = [(t("briefing.all", lang, n=ranked.height), ranked)]
    else:
        blocks = [(t("briefing.top", lang), ranked.head(5)),
                  (t("briefing.bottom", lang, n=ranked.height), ranked.tail(5))]
    line_h = ranks_leading(h, blocks)
    top = y
    for title, frame in blocks:
        page.box_heading(x, top, w, title, "ranking heading")
        top += 5.5
        page.row(x, top + 2.8, columns, [c[0] for c in columns], 7.2, bold=True, color=GREY, where="ranking header")
        page.rule(x, top + 3.7, w)
        for i, row in enumerate(frame.iter_rows(named=True)):
            base = top + 2.8 + (i + 1) * line_h
            over = " ▲" if row["rate_pct"] > 100 else ""
            cells = [str(row["rank"]), short_name(row["area_name"]), fmt.percent(row["rate_pct"], lang, 1) + over,
                     fmt.number(row["active"], lang)]
            # The longest kab/kota names (Kab. Kep. Siau Tagulandang Biaro) shrink further.
            page.row(x, base, columns, cells, 8, min_size=[6.2, 5.6, 6.2, 6.2], where=f"ranking {row['area_code']}")
        top += (frame.height + 1) * line_h + 5
    unranked = data.regencies.height - ranked.height
    note = t("briefing.map_note", lang)
    if unranked:
        note += " " + t("briefing.unranked", lang, n=unranked)
    over = ranked.filter(pl.col("rate_pct") > 100).height
    if over:
        note += " " + t("briefing.over_100", lang, n=over)
    page.paragraph(x, min(top, y + h - 12), w, note, 7, 3.0, 4, color=GREY, where="ranking note")


def _charts(page: A4Page, data: BriefingData, images: dict[str, bytes] | None, lang: str, box: dict) -> None:
    images = images or {}
    x, y, w, h = box["map"]
    page.box_heading(x, y, w, t("briefing.map_title", lang, month=fmt.month(data.period, lang)), "map heading")
    page.chart(images.get("map"), x, y + 6, w, h - 6, keep_aspect=True)
    x, y, w, h = box["trend"]
    # The heading counts the months actually drawn (the data may hold fewer than 24).
    months = data.trend.filter(pl.col("rate_pct").is_not_null()).height
    page.box_heading(x, y, w, t("briefing.trend_title", lang, months=months, basis=t(f"basis.{data.basis}.short", lang)),
                 "trend heading")
    page.chart(images.get("trend"), x, y + 6, w, h - 6)
    x, y, w, h = box["splits"]
    bar_h = (h - 12) / 2
    page.box_heading(x, y, w, t("briefing.segments_title", lang), "segments heading")
    page.chart(images.get("segments"), x, y + 5.5, w, bar_h)
    page.box_heading(x, y + 6 + bar_h, w, t("briefing.kinds_title", lang), "kinds heading")
    page.chart(images.get("kinds"), x, y + 11.5 + bar_h, w, bar_h)


def enrol_note(row: dict, lang: str) -> str:
    """Where the base and the enrolled count come from, in the Koperasi & UMKM page's words ("Basis:
    terbit. Jumlah terdaftar: sintetis"): NTB's published 48.000 UKM said "basis: angka terbit" over
    a synthetic 22.663 enrolled, which nothing on the line called synthetic."""
    base = t("prov.published_label" if row["base_published"] else "prov.synthetic_label", lang)
    enrolled = t("prov.synthetic_label" if row["enrolled_synthetic"] is not False else "prov.published_label", lang)
    return t("coop.provenance_line", lang, base=base, enrolled=enrolled).rstrip(".")


def _enrolment(page: A4Page, data: BriefingData, lang: str, box: dict) -> None:
    x, y, w, h = box["enrol"]
    page.box_heading(x, y, w, t("briefing.enrol_title", lang), "enrolment heading")
    kinds = {r["enterprise_kind"]: r for r in data.enterprise.to_dicts()}
    targets = {r["metric"]: r for r in data.targets.filter(pl.col("area_level") == "province").to_dicts()}
    gap = 6.0
    half = (w - gap) / 2
    for i, kind in enumerate(("umkm", "koperasi")):
        bx = x + i * (half + gap)
        row = kinds.get(kind)
        label = t(f"briefing.enrol.{kind}", lang)
        if row is None or row["enterprises"] is None:
            page.fit(bx, y + 9, half, f"{label}: {t('briefing.enrol.none', lang)}", 8, where=f"enrol {kind}")
            continue
        base_note = enrol_note(row, lang)
        line = t("briefing.enrol.line", lang, label=label, enrolled=fmt.number(row["enrolled"], lang),
                 base=fmt.number(row["enterprises"], lang), pct=fmt.percent(row["enrolled_pct"], lang))
        page.fit(bx, y + 9, half, line, 8.5, bold=True, min_size=6.8, where=f"enrol {kind}")
        bar_y, bar_w = y + 10.8, half
        share = max(0.0, min(1.0, (row["enrolled_pct"] or 0) / 100))
        page.set_draw_color(*INK)
        page.set_line_width(0.25)
        page.set_fill_color(37, 52, 148)
        page.rect(bx, bar_y, bar_w * share, 2.6, style="F")
        page.rect(bx, bar_y, bar_w, 2.6)
        target = targets.get(f"enrolled_{kind}")
        note = base_note
        if target is not None:
            note += " · " + t("briefing.enrol.target_assumed" if due_assumed(target) else "briefing.enrol.target",
                              lang, value=fmt.number(target["target_value"], lang),
                              due=fmt.month(target["due_period"], lang, short=True))
        page.fit(bx, y + 16.6, half, note, 7, color=GREY, min_size=5.8, where=f"enrol {kind} note")


# --- the sources: every one with its address, in two columns of small type (shared with the Kanwil page)

# The full list in the small print: smaller type, two columns (SOURCES_*); on its own page, larger.
SOURCES_SIZE, SOURCES_LEADING, SOURCES_GAP = 5.6, 2.3, 5.0
LIST_SIZE, LIST_LEADING, LIST_ENTRY_GAP = 7.6, 3.3, 1.6
# The small print's method and closing lines, as draw_small_print sets them.
SMALL_SIZE, SMALL_LEADING = 6.4, 2.7


def source_entries(sources: pl.DataFrame, lang: str) -> list[tuple[str, str | None]]:
    """Every source of the page, numbered: its title as published (which names its publisher),
    its kind and date in words, and its address (none for Cakupan's own synthetic fill; a
    published source without one says so)."""
    entries = []
    for number, row in enumerate(sources.iter_rows(named=True), 1):
        kind = t(f"briefing.source_kind.{row['kind']}", lang)
        # The as-of is the month the figures refer to, not when the source was published (the
        # title carries that where the source gives it).
        when = t("kbriefing.figures_as_of", lang, month=as_of_text(row["as_of"], lang)) if row["as_of"] else None
        head = f"{number}. {source_name(row['title'], lang)} ({kind}{'; ' + when if when else ''})"
        # Only an http(s) address is printed as one; a stored value that is not one reads as missing.
        address = user_text.safe_url(row["url"]) or (
            None if row["kind"] in ("synthetic", "reference") else t("kbriefing.no_address", lang))
        entries.append((head, address))
    return entries


def wrap_all(page: A4Page, text: str, w: float) -> list[str]:
    """page.wrap, with a word wider than the line (an address) broken where it must be."""
    lines = []
    for line in page.wrap(text, w):
        while page.width(line) > w:
            cut = len(line)
            while cut > 1 and page.width(line[:cut]) > w:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def entry_lines(page: A4Page, entry: tuple[str, str | None], w: float, size: float) -> list[tuple[str, bool]]:
    """An entry's lines at `size`, each with whether it is the address (printed grey)."""
    head, address = entry
    page.style(size)
    lines = [(line, False) for line in page.wrap(head, w)]
    return lines + [(line, True) for line in wrap_all(page, address, w - 2.0)] if address else lines


def flow(page: A4Page, entries: list[tuple[str, str | None]], w: float, size: float, leading: float,
         room: float, entry_gap: float = 0.0) -> list[list[list[tuple[str, bool]]]]:
    """The entries poured into columns `room` mm tall, whole entries only: the columns, each a list
    of entries' lines."""
    columns: list[list[list[tuple[str, bool]]]] = [[]]
    height = 0.0
    for entry in entries:
        lines = entry_lines(page, entry, w, size)
        need = len(lines) * leading
        if columns[-1] and height + entry_gap + need > room:
            columns.append([])
            height = 0.0
        height += (entry_gap if columns[-1] else 0.0) + need
        columns[-1].append(lines)
    return columns


def draw_column(page: A4Page, x: float, y: float, entries: list[list[tuple[str, bool]]], size: float,
                leading: float, entry_gap: float = 0.0) -> None:
    for lines in entries:
        for line, address in lines:
            page.style(size, color=GREY if address else None)
            page.text(x + (2.0 if address else 0.0), y + size * 0.3528, line)
            y += leading
        y += entry_gap


def columns_height(page: A4Page, entries: list[tuple[str, str | None]], w: float) -> float:
    """The height of the two columns (each `w` wide) that list every entry, split where the
    taller column is shortest."""
    lines = [len(entry_lines(page, entry, w, SOURCES_SIZE)) for entry in entries]
    return min(max(sum(lines[:cut]), sum(lines[cut:])) for cut in range(len(lines) + 1)) * SOURCES_LEADING


def sources_small_print_height(page: A4Page, w: float, basis: str, entries: list[tuple[str, str | None]],
                               tail: list[str], lang: str) -> float:
    """The height draw_sources_small_print needs for the method, every source and the closing lines."""
    page.style(7)
    method = min(len(page.wrap(t("briefing.method", lang, basis=t(f"basis.{basis}", lang)), w)), 2) * 2.9
    page.style(SMALL_SIZE)
    closing = sum(len(page.wrap(text, w)) for text in tail) * SMALL_LEADING
    return method + 0.4 + SMALL_LEADING + columns_height(page, entries, (w - SOURCES_GAP) / 2) + closing


def draw_sources_small_print(page: A4Page, box: tuple, basis: str, entries: list[tuple[str, str | None]],
                             tail: list[str], synthetic: bool, lang: str) -> None:
    """The small print with every source and its address in two columns of small type, then the
    closing lines (`tail`; the first in bold when it is the synthetic flag): paper cannot point to
    the app for the rest. Entries that would need a third column are reported as cut."""
    x, y, w, h = box
    page.rule(x, y - 1, w)
    top = page.paragraph(x, y, w, t("briefing.method", lang, basis=t(f"basis.{basis}", lang)), 7, 2.9, 2,
                         where="method")
    page.style(SMALL_SIZE)
    room = y + h - top - 0.4 - sum(len(page.wrap(text, w)) for text in tail) * SMALL_LEADING
    half = (w - SOURCES_GAP) / 2
    page.fit(x, top + 0.4 + SMALL_SIZE * 0.3528, w, t("export.sources", lang) + ":", SMALL_SIZE, bold=True,
             where="sources label")
    # A hair over the room: the columns' height is a sum of leadings, not to be lost to rounding.
    columns = flow(page, entries, half, SOURCES_SIZE, SOURCES_LEADING, room - SMALL_LEADING + 0.01)
    if len(columns) > 2:
        page.overflows.append(f"sources: {sum(len(c) for c in columns[2:])} source(s) beyond two columns")
    for i, column in enumerate(columns[:2]):
        draw_column(page, x + i * (half + SOURCES_GAP), top + 0.4 + SMALL_LEADING, column, SOURCES_SIZE,
                    SOURCES_LEADING)
    bottom = top + 0.4 + SMALL_LEADING + max(sum(len(e) for e in c) for c in columns[:2]) * SOURCES_LEADING
    for i, line in enumerate(tail):
        bottom = page.paragraph(x, bottom, w, line, SMALL_SIZE, SMALL_LEADING, 3, bold=(i == 0 and synthetic),
                                where="small print")


def draw_small_print(page: A4Page, box: tuple, basis: str, sources: pl.DataFrame, synthetic: bool, credit: str,
                     today: date, lang: str, notes: list[str] = (), more: str = "kbriefing.more_sources",
                     generated: str = "kbriefing.generated") -> None:
    """Method, sources (as many as fit, then how many more: `more` says where the rest are), the
    synthetic flag, the boundary credit and the date (`generated`), under a rule: the Kanwil page's
    first page when its sources go on a page of their own."""
    x, y, w, h = box
    page.rule(x, y - 1, w)
    bottom = y + h
    top = page.paragraph(x, y, w, t("briefing.method", lang, basis=t(f"basis.{basis}", lang)), 7, 2.9, 2,
                         where="method")
    items = []
    for row in sources.iter_rows(named=True):
        kind = t(f"briefing.source_kind.{row['kind']}", lang)
        # The as-of in the reader's words (Juni 2025), never the stored code (2025-06).
        when = as_of_text(row["as_of"], lang) if row["as_of"] else None
        items.append(f"{source_name(row['title'], lang)} ({kind}{', ' + when if when else ''})")
    tail = [t("export.synthetic", lang)] if synthetic else []
    tail += notes
    tail.append(credit)
    tail.append(t(generated, lang, date=export.day(today, lang)))
    page.style(6.4)
    tail_lines = sum(len(page.wrap(text, w)) for text in tail)
    room = int((bottom - top) // 2.7) - tail_lines
    label = t("export.sources", lang) + ": "
    text = label + "; ".join(items)
    for shown in range(len(items), 0, -1):
        text = label + "; ".join(items[:shown])
        if shown < len(items):
            text += "; " + t(more, lang, n=len(items) - shown)
        if len(page.wrap(text, w)) <= room:
            break
    top = page.paragraph(x, top + 0.4, w, text, 6.4, 2.7, max(room, 1), where="sources")
    for i, line in enumerate(tail):
        top = page.paragraph(x, top, w, line, 6.4, 2.7, 3, bold=(i == 0 and synthetic), where="small print")


def _due(row: dict, lang: str) -> str:
    """A target's due month; marked '*' where Cakupan assumed it (the small print says so)."""
    return fmt.month(row["due_period"], lang, short=True) + ("*" if due_assumed(row) else "")


def small_print_tail(data: BriefingData, lang: str, credit: str, today: date) -> list[str]:
    """The small print's closing lines: the synthetic flag, an assumed due date said to be one (as
    the Target page says it), the boundary credit and the date."""
    tail = [t("export.synthetic", lang)] if data.synthetic else []
    if any(due_assumed(r) for r in data.targets.to_dicts()):
        tail.append("* " + t(ASSUMED_DUE[1:], lang))
    return tail + [credit, t("briefing.generated", lang, date=export.day(today, lang))]


def _small_print(page: A4Page, data: BriefingData, lang: str, credit: str, today: date, box: dict) -> None:
    # Every source with its address: a printed page cannot send its reader to the app for the rest.
    draw_sources_small_print(page, box["small"], data.basis, source_entries(data.sources, lang),
                             small_print_tail(data, lang, credit, today), data.synthetic, lang)


def _story(page: A4Page, data: BriefingData, lang: str, box: dict) -> None:
    if "story" in box:
        x, y, w, _ = box["story"]
        page.paragraph(x, y, w, headline_story(data.headline, lang), STORY_SIZE, STORY_LEADING, STORY_LINES,
                       where="story")


# --- the page's boxes: the small print grows to list every source ---------------------------------

STORY_SIZE, STORY_LEADING = 7.8, 3.3
STORY_LINES = 3  # participants and coverage apart, and a change across publications
RANKS_LEADING, RANKS_MIN_LEADING = 4.5, 3.9
RANKS_NOTE = 12.0  # the note under the ranking, up to four lines
MAP_MIN_H = 60.0
TREND_MIN_H = 37.0  # the trend chart and two bar charts still read at this height (a line under the figures
# on a change across publications took the 3 mm from 40, review 3 F9)


def ranks_blocks_height(n_blocks: int, rows: int, leading: float) -> float:
    """The ranking's blocks: each a heading, a column header and its rows, then a gap."""
    return n_blocks * 10.5 + rows * leading


def ranks_leading(h: float, blocks: list) -> float:
    """The ranking's row spacing: as set, closer when the box was shortened for the small print."""
    rows = sum(frame.height + 1 for _, frame in blocks)
    return max(RANKS_MIN_LEADING, min(RANKS_LEADING, (h - RANKS_NOTE - len(blocks) * 10.5) / rows))


def layout(data: BriefingData, lang: str, credit: str, today: date, page: A4Page | None = None) -> dict:
    """The page's boxes for this briefing. The small print lists every source with its address and
    the card may need a sentence under its figures (story); the room comes from the map and ranking
    row first (down to what the ranking needs), then from the trend row, and the boxes between
    move up."""
    page = page or A4Page("layout", lang, (MARGIN, MARGIN, MARGIN), INK)
    box = dict(BOX)
    x, y, w, h = box["small"]
    need = sources_small_print_height(page, w, data.basis, source_entries(data.sources, lang),
                                      small_print_tail(data, lang, credit, today), lang)
    sentence = headline_story(data.headline, lang)
    story_h = 0.0
    if sentence:
        page.style(STORY_SIZE)
        story_h = min(len(page.wrap(sentence, w)), STORY_LINES) * STORY_LEADING + 1.8
        box["story"] = (x, BOX["targets"][1] - 0.8, w, story_h)
    extra = max(0.0, need - h) + story_h
    n = data.regencies.filter(pl.col("rate_pct").is_not_null()).height
    ranks_min = (ranks_blocks_height(1, n + 1, RANKS_LEADING) if n <= 10
                 else ranks_blocks_height(2, 12, RANKS_MIN_LEADING)) + RANKS_NOTE
    map_give = max(0.0, min(extra, BOX["map"][3] - max(MAP_MIN_H, ranks_min)))
    trend_give = max(0.0, min(extra - map_give, BOX["trend"][3] - TREND_MIN_H))
    top = story_h
    for name in ("targets",):
        bx, by, bw, bh = box[name]
        box[name] = (bx, by + top, bw, bh)
    for name in ("map", "ranks"):
        bx, by, bw, bh = box[name]
        box[name] = (bx, by + top, bw, bh - map_give)
    for name in ("trend", "splits"):
        bx, by, bw, bh = box[name]
        box[name] = (bx, by + top - map_give, bw, bh - trend_give)
    bx, by, bw, bh = box["enrol"]
    box["enrol"] = (bx, by + top - map_give - trend_give, bw, bh)
    box["small"] = (x, y + top - map_give - trend_give, w, h - top + map_give + trend_give)
    return box


def _draw(page: A4Page, data: BriefingData, images: dict[str, bytes] | None, lang: str, boundary_credit: str,
          today: date, box: dict | None = None) -> None:
    box = box or layout(data, lang, boundary_credit, today, page)
    _header(page, data, lang)
    _kpis(page, data, lang)
    _story(page, data, lang, box)
    _targets(page, data, lang, box)
    _charts(page, data, images, lang, box)
    _ranks(page, data, lang, box)
    _enrolment(page, data, lang, box)
    _small_print(page, data, lang, boundary_credit, today, box)


def compose(data: BriefingData, images: dict[str, bytes] | None, lang: str, boundary_credit: str,
            today: date | None = None, box: dict | None = None) -> tuple[bytes, list[str]]:
    """The PDF page and the list of texts that did not fit (empty when the page is clean).
    Without `images` the chart boxes are left as frames."""
    title = f"{t('briefing.kicker', lang)} — {data.province_name}, {fmt.month(data.period, lang)}"
    page = A4Page(title, lang, (MARGIN, MARGIN, MARGIN), INK)
    _draw(page, data, images, lang, boundary_credit, today or date.today(), box)
    return page.to_bytes(), page.overflows


def check_layout(pages: list[BriefingData], lang: str, boundary_credit: str) -> dict[str, list[str]]:
    """The texts that would not fit, per province, for many briefings at once: the pages are
    laid out in one document (fonts are read once) and never written out."""
    page = A4Page("layout check", lang, (MARGIN, MARGIN, MARGIN), INK)
    problems = {}
    for i, data in enumerate(pages):
        if i:
            page.add_page()
        page.overflows = []
        _draw(page, data, None, lang, boundary_credit, date(2026, 1, 31))
        if page.overflows:
            problems[data.province_code] = page.overflows
    return problems


def pdf_to_png(pdf: bytes, dpi: int = PNG_DPI) -> bytes:
    """A PDF as one PNG, its pages one under the other (pdfium: no system tool needed); a one-page
    briefing is its page, a Kanwil briefing with a page of sources shows that page too."""
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(pdf)
    try:
        pages = [document[i].render(scale=dpi / 72).to_pil() for i in range(len(document))]
    finally:
        document.close()
    image = pages[0]
    if len(pages) > 1:  # a grey band between the pages, where the sheets would part
        gap = round(dpi / 10)
        image = Image.new(pages[0].mode, (max(p.width for p in pages), sum(p.height for p in pages)
                                          + gap * (len(pages) - 1)), (200, 200, 200))
        top = 0
        for part in pages:
            image.paste(part, (0, top))
            top += part.height + gap
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def build(data: BriefingData, layer: Layer, lang: str, today: date | None = None) -> Briefing:
    """The finished briefing: charts drawn, page composed, and the PNG rendered from the PDF."""
    today = today or date.today()
    box = layout(data, lang, layer.credit[lang], today)  # the charts are drawn to the boxes they go in
    images = render_images(figures(data, layer, lang, box))
    pdf, overflows = compose(data, images, lang, layer.credit[lang], today, box)
    return Briefing(pdf, pdf_to_png(pdf), tuple(overflows))


def file_stem(data: BriefingData, lang: str) -> str:
    """ringkasan_52_2025-12_id: sortable by province and month."""
    return f"ringkasan_{data.province_code}_{data.period:%Y-%m}_{lang}"


def regency_layer_subset(layer: Layer, province: str | frozenset[str]) -> Layer:
    """The regency layer cut to one province, or to a set of them (smaller figures, faster export)."""
    provinces = {province} if isinstance(province, str) else set(province)
    keep = {c for c in layer.bounds if c.split(".")[0] in provinces}
    geojson = {**layer.geojson, "features": [f for f in layer.geojson["features"] if f["properties"]["code"] in keep]}
    return replace(layer, geojson=geojson, label_points={c: p for c, p in layer.label_points.items() if c in keep},
                   bounds={c: b for c, b in layer.bounds.items() if c in keep},
                   approximate=frozenset(c for c in layer.approximate if c in keep))


# --- command line ----------------------------------------------------------------------------

def parse_period(text: str) -> date:
    """'2025-12' (or '2025-12-01') as the first of that month; a clear error otherwise."""
    try:
        year, month = (int(part) for part in text.strip()[:7].split("-"))
        return date(year, month, 1)
    except ValueError:
        raise BriefingError(f"--period must be a month as YYYY-MM, e.g. 2025-12; got {text!r}") from None


def run_cli(province: str | None, period: str | None, all_provinces: bool, lang: str, out: Path, basis: str,
            db_path: Path, geo_dir: Path) -> int:
    """`python -m cakupan briefing`: write ringkasan_<code>_<YYYY-MM>_<lang>.pdf/.png into `out`."""
    import sys
    import time

    from cakupan import db
    from cakupan.boundaries import load_layer

    try:
        if not all_provinces and not province:
            raise BriefingError("name a province with --province CODE (e.g. --province 52), or use --all")
        con = db.connect(db_path)
        months = db.run_query(con, "periods")["period"].to_list()
        month = parse_period(period) if period else months[0]
        if month not in months:
            raise BriefingError(f"there is no data for {month:%Y-%m} in {db_path}; months with data run from "
                                f"{min(months):%Y-%m} to {max(months):%Y-%m}")
    except (BriefingError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    def run(name: str, **params: object) -> pl.DataFrame:
        return db.run_query(con, name, **params)

    provinces = run("area_coverage", period=month, basis=basis, level="province", province="all", segment="all",
                    kind="all").sort("area_code")
    codes = provinces["area_code"].to_list() if all_provinces else [province]
    layer = load_layer(geo_dir, "regency")
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    started = time.perf_counter()
    for code in codes:
        began = time.perf_counter()
        try:
            data = load(run, code, month, basis)
        except BriefingError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            continue
        made = build(data, regency_layer_subset(layer, code), lang)
        stem = out / file_stem(data, lang)
        stem.with_suffix(".pdf").write_bytes(made.pdf)
        stem.with_suffix(".png").write_bytes(made.png)
        note = f"  (text cut: {'; '.join(made.overflows)})" if made.overflows else ""
        print(f"{code} {data.province_name}: {stem}.pdf + .png in {time.perf_counter() - began:.2f} s{note}")
    print(f"{len(codes) - failed} briefing(s) in {time.perf_counter() - started:.1f} s -> {out}")
    return 2 if failed else 0
