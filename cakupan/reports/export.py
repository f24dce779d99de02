"""Chart and table downloads, each carrying its sources, as-of date and import batches."""

from __future__ import annotations

import dataclasses
import io
import math
import re
import textwrap
import threading
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from html import escape

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from cakupan import fmt, fonts
from cakupan.map_sizing import mercator_size
from cakupan.figures import theme
from cakupan.frames import each
from cakupan.i18n import t
from cakupan.provenance import Provenance, source_name
from cakupan.reports.render import CSS_DPI, render

TABLE_FORMATS = ("csv", "xlsx", "parquet")

CSV_STYLE = {"id": (";", True), "en": (",", False)}  # (field separator, decimal comma) per language

MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}

# Exported charts are laid out at a fixed width in CSS pixels and rasterised at 300 dpi, so a
# PNG placed at its natural size in a report is 10 inches (25 cm) wide and sharp in print.
EXPORT_WIDTH = 960

PRINT_DPI = 300

FOOTER_FONT_PX = 11

FOOTER_LINE_PX = 15

EDGE_PX = 16  # title and footer start this far from the image's left edge

MAX_SOURCE_LINES = 14  # each source with its address: Ringkasan's trend cites seven


def day(value: date, lang: str) -> str:
    """21 November 2026 / November 21, 2026 (Babel)."""
    from babel.dates import format_date

    return format_date(value, "long", locale=fmt.LOCALES[lang])


def figure_unit(fig: go.Figure) -> str | None:
    """The unit a figure shows, read from its colour bar or axis titles when the page gave none."""
    for trace in fig.data:
        colorbar = getattr(trace, "colorbar", None)
        if colorbar is not None and colorbar.title and colorbar.title.text:
            return colorbar.title.text
    for axis in (fig.layout.yaxis, fig.layout.xaxis):
        if axis.visible is not False and axis.title and axis.title.text:
            return axis.title.text
    return None


def footer_lines(provenance: Provenance, lang: str, width_chars: int = 150,
                 max_source_lines: int = MAX_SOURCE_LINES, today: date | None = None) -> list[str]:
    """The small print under an exported chart: sources, as-of, basis, synthetic flag, boundary
    credit and the export date, wrapped to `width_chars`; a long source list is cut with a count."""
    lines = _source_lines(provenance.cited(lang), lang, width_chars, max_source_lines)
    meta = [t("export.as_of", lang, as_of=provenance.as_of)]
    if provenance.basis:
        meta.append(t("export.basis", lang, basis=t(f"basis.{provenance.basis}.short", lang)))
    if provenance.kinds_text(lang):
        meta.append(t("export.kinds", lang, kinds=provenance.kinds_text(lang)))
    # The batches, as a table's download has them in a column: a chart's small print named none,
    # so an exported chart could not be traced to its import on Impor Data.
    if provenance.batches:
        meta.append(f"{t('col.batch', lang)}: {', '.join(provenance.batches)}")
    lines += textwrap.wrap(" · ".join(meta), width_chars)
    if provenance.synthetic:
        lines += textwrap.wrap(t("export.synthetic", lang), width_chars)
    if provenance.boundary_credit:
        lines += textwrap.wrap(provenance.boundary_credit, width_chars)
    lines.append(t("export.made_with", lang, date=day(today or date.today(), lang)))
    return lines


def _source_lines(sources: list[str], lang: str, width: int, max_lines: int) -> list[str]:
    label = t("export.sources" if len(sources) > 1 else "export.source", lang)
    if not sources:
        return [f"{label}: –"]
    for shown in range(len(sources), 0, -1):
        text = f"{label}: " + "; ".join(sources[:shown])
        if shown < len(sources):
            text += "; " + t("export.more_sources", lang, n=len(sources) - shown)
        lines = textwrap.wrap(text, width)
        if len(lines) <= max_lines:
            return lines
    return textwrap.wrap(f"{label}: " + t("export.more_sources", lang, n=len(sources)), width)[:max_lines]


CARTESIAN = {"bar", "scatter", "scattergl", "histogram", "box", "violin", "heatmap", "waterfall", "funnel"}


MAP_TRACES = {"choropleth", "scattergeo", "choroplethmap", "scattermap", "choroplethmapbox", "scattermapbox"}


def is_map(fig: go.Figure) -> bool:
    """True for a figure that draws areas or places on a map."""
    return any(trace.type in MAP_TRACES for trace in fig.data)


def _is_cartesian(fig: go.Figure) -> bool:
    return any(trace.type in CARTESIAN for trace in fig.data)


def _has_bottom_axis(fig: go.Figure) -> bool:
    return _is_cartesian(fig) and fig.layout.xaxis.visible is not False


def uses_streamlit_template(fig: go.Figure) -> bool:
    """Inside a Streamlit server every new figure gets the 'streamlit' template, whose colours are
    placeholders (#000001…) that only the browser fills in, and which lacks plotly's automargins."""
    colorway = fig.layout.template.layout.colorway if fig.layout.template else None
    return bool(colorway) and colorway[0] == "#000001"


def print_spec(fig: go.Figure, provenance: Provenance, lang: str, width: int = EXPORT_WIDTH) -> dict:
    """The figure laid out for a report, as plotly's JSON: fixed width, title with unit and month,
    and a footer with sources, as-of, basis, synthetic flag and boundary credit that nothing
    overlaps. Built on a plain copy of the figure's JSON, which costs milliseconds where a
    validated go.Figure copy of a map costs a large part of a second."""
    spec = dict(fig.to_dict())  # a plain dict: this copy is changed (a shared figure's carries its JSON text)
    out = spec.setdefault("layout", {})
    if uses_streamlit_template(fig) or not fig.layout.template:
        out["template"] = pio.templates["plotly_white"].to_plotly_json()
    layout = fig.layout
    margin = layout.margin
    left, right = max(margin.l or 0, 16), max(margin.r or 0, 16)
    top, bottom = margin.t if margin.t is not None else 80, margin.b if margin.b is not None else 80
    # Tick labels sit in the bottom margin; keep room for them above the footer.
    axis_room = 40 if _has_bottom_axis(fig) else 0
    if axis_room and layout.xaxis.title and layout.xaxis.title.text:
        axis_room += 20
    chars = int((width - 2 * EDGE_PX) / (FOOTER_FONT_PX * 0.52))
    if provenance.boundary_credit and not is_map(fig):
        # The boundary credit and caveat belong to maps; a line or bar chart draws no boundary.
        provenance = dataclasses.replace(provenance, boundary_credit=None)
    lines = footer_lines(provenance, lang, chars)
    footer_px = len(lines) * FOOTER_LINE_PX + 12
    unit = getattr(provenance, "unit", None) or figure_unit(fig)
    subtitle = " · ".join(p for p in (t("export.unit", lang, unit=unit) if unit else None, provenance.as_of) if p)
    title = (layout.title.text if layout.title and layout.title.text else None) or t("export.untitled", lang)
    # A title may run over two lines (what, where, when; then segment, kind and basis): a line
    # break is the one piece of markup kept, and each extra line gets room.
    title = escape(title, quote=False).replace("&lt;br&gt;", "<br>")
    title_room = 76 + 22 * title.count("<br>")
    plot_height = layout.height or 450
    old_title = out.get("title", {})
    out.update(
        width=width,
        height=plot_height - top + title_room + axis_room + footer_px + bottom,
        margin={**out.get("margin", {}), "l": left, "r": right, "t": title_room, "b": bottom + axis_room + footer_px},
        separators=theme.separators(lang),
        font={**out.get("font", {}), "family": fonts.STACK},
        title={**old_title, "text": title, "subtitle": {"text": escape(subtitle, quote=False)},
               "x": EDGE_PX / width, "xref": "container", "xanchor": "left", "yref": "container", "y": 1,
               # plotly sets a title of several lines higher than one of a single line (measured:
               # its first line's top 3 px from the image's edge, against 20 px for one line),
               # so it gets 12 px more room above.
               "yanchor": "top", "pad": {"t": 26 if "<br>" in title else 14},
               "font": {**old_title.get("font", {}), "size": 17}},
        paper_bgcolor="white",
    )
    out["annotations"] = [*out.get("annotations", []), dict(
        text="<br>".join(escape(line, quote=False) for line in lines),
        xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top", align="left",
        xshift=EDGE_PX - left, yshift=-(bottom + axis_room), showarrow=False,
        font=dict(size=FOOTER_FONT_PX, color="#333333"),
    )]
    return spec


def print_figure(fig: go.Figure, provenance: Provenance, lang: str, width: int = EXPORT_WIDTH) -> go.Figure:
    """print_spec as a figure (to inspect it, or to draw it once and measure)."""
    return go.Figure(print_spec(fig, provenance, lang, width))


def _annotation_position(svg: str, index: int) -> tuple[float, float] | None:
    """Where plotly drew annotation `index` (left, top, in px) in an SVG export."""
    match = re.search(rf'<g class="annotation" data-index="{index}"[^>]*><g class="annotation-text-g"[^>]*>'
                      r'<g class="cursor-pointer" transform="translate\(([-\d.]+),\s*([-\d.]+)\)', svg)
    return (float(match.group(1)), float(match.group(2))) if match else None


def _legend_bottom(svg: str) -> float | None:
    """The bottom edge (px) of the legend box in an SVG export, if there is a legend."""
    match = re.search(r'<g class="legend"[^>]*transform="translate\(([-\d.]+),\s*([-\d.]+)\)"[^>]*>'
                      r'\s*<rect class="bg"[^>]*?height="([\d.]+)"', svg)
    return float(match.group(2)) + float(match.group(3)) if match else None


def settle_footer(spec: dict) -> dict:
    """Put the footer at the image's left edge and below any legend. The footer hangs from the
    plot area, whose place plotly only fixes once long axis labels have pushed the margins out,
    and a legend may sit below the plot: so draw once as SVG, read where things landed, and move
    the footer (growing the image downwards, the plot keeping its size). Works on print_spec's
    JSON: a validated go.Figure copy would cost more than the measuring draw saves."""
    layout = spec["layout"]
    index = len(layout["annotations"]) - 1
    svg = render(spec, "svg", layout["width"], layout["height"]).decode()
    position = _annotation_position(svg, index)
    if position is None:
        return spec
    left, top = position
    footer = dict(layout["annotations"][index])
    moved = {**layout, "annotations": [*layout["annotations"][:index], footer], "margin": dict(layout["margin"])}
    if abs(left - EDGE_PX) > 0.5:
        footer["xshift"] = (footer.get("xshift") or 0) + EDGE_PX - left
    legend = _legend_bottom(svg)
    if legend is not None and legend + 6 > top:
        grow = math.ceil(legend + 6 - top)
        footer["yshift"] = (footer.get("yshift") or 0) - grow
        moved["height"] += grow
        moved["margin"]["b"] += grow
    return {**spec, "layout": moved}


def _legend_below(fig: go.Figure) -> bool:
    """Whether the figure shows a legend under its plot (plotly's place for a horizontal legend
    without a y of its own), where the footer would have to make way for it."""
    named = [trace for trace in fig.data if trace.showlegend is not False]
    shown = fig.layout.showlegend if fig.layout.showlegend is not None else len(named) > 1
    legend = fig.layout.legend
    return bool(shown) and (legend.y < 0.05 if legend.y is not None else legend.orientation == "h")


@lru_cache(maxsize=8)
def _font(size: float):
    """The shipped regular font at four times `size` (quarter-pixel widths), read once per size."""
    from PIL import ImageFont

    return ImageFont.truetype(str(fonts.files()[0]), size=round(size * 4))


def _text_px(text: str, size: float) -> float:
    """Width in px of one line of text in the shipped regular font (what kaleido draws with)."""
    return _font(size).getlength(text) / 4


def _left_labels(fig: go.Figure) -> list[str]:
    """The texts the first y axis prints at its left: its categories or tick texts, or for numbers
    a generous stand-in (the largest value with two decimals and the axis's suffix)."""
    axis = fig.layout.yaxis
    if axis.ticktext:
        return [str(v) for v in axis.ticktext]
    values = [v for trace in fig.data if getattr(trace, "yaxis", "y") in (None, "y") and getattr(trace, "y", None)
              is not None for v in trace.y if v is not None]
    if any(isinstance(v, str) for v in values):
        return [str(v) for v in values if isinstance(v, str)]
    numbers = [abs(float(v)) for v in values if isinstance(v, (int, float))]
    return [f"-{max(numbers):,.2f}{axis.ticksuffix or ''}"] if numbers else []


def reserve_label_room(spec: dict, fig: go.Figure) -> dict:
    """Widen the left margin to hold the y axis's labels, so plotly's automargin has nothing to
    push: the plot then starts at margin.l, and the footer can be put at the edge without drawing
    the chart twice to find out where it landed."""
    axis = fig.layout.yaxis
    if axis.visible is False or axis.showticklabels is False:
        return spec
    size = (axis.tickfont.size if axis.tickfont and axis.tickfont.size else None) or 12
    lines = [line for label in _left_labels(fig) for line in re.sub(r"<[^>]+>", "\n", label).split("\n")]
    widest = max((_text_px(line, size) for line in lines), default=0.0)
    title = 28 if axis.title and axis.title.text else 0
    room = math.ceil(widest + 20 + title)  # tick length, the label's standoff and a few px to spare
    layout = spec["layout"]
    if room > layout["margin"]["l"]:
        layout["annotations"][-1]["xshift"] -= room - layout["margin"]["l"]
        layout["margin"]["l"] = room
    return spec


def print_pixel_degrees(layout: dict, geo: str) -> float | None:
    """Degrees of longitude per pixel of the printed image (PRINT_DPI) on map `geo` of a laid-out
    figure (its width, height, margins, domain and lon/lat ranges), or None if it has no ranges."""
    view = layout.get(geo) or {}
    lon = (view.get("lonaxis") or {}).get("range")
    lat = (view.get("lataxis") or {}).get("range")
    if not lon or not lat or not layout.get("width") or not layout.get("height"):
        return None
    margin = layout.get("margin") or {}
    domain = view.get("domain") or {}
    x, y = domain.get("x") or [0, 1], domain.get("y") or [0, 1]
    width = (layout["width"] - margin.get("l", 80) - margin.get("r", 80)) * (x[1] - x[0])
    height = (layout["height"] - margin.get("t", 100) - margin.get("b", 80)) * (y[1] - y[0])
    if width <= 0 or height <= 0:
        return None
    # plotly fits both ranges into the box, so the tighter of the two sets the scale.
    map_w, map_h = mercator_size(lon, lat)
    per_css_px = max(abs(map_w) / width, abs(map_h) / height)
    return per_css_px / (PRINT_DPI / CSS_DPI)


# Simplified boundaries by (content hash, tolerance), None where simplifying saved too little to
# draw: a map exported again costs no simplifying.
_PRINT_BOUNDARIES: dict[tuple[str, float], dict | None] = {}

_PRINT_BOUNDARIES_KEPT = 32

_PRINT_BOUNDARIES_LOCK = threading.Lock()  # downloads are made on several Streamlit threads

# Simplified boundaries are drawn only if they drop at least this share of the points; below it
# (a layer already coarse, or a view zoomed in on a few areas) the figure keeps its own, and the
# page the file it already holds.
WORTH_SIMPLIFYING = 0.1


def _simplified(geojson: dict, tolerance: float) -> dict:
    """`geojson` with its borders simplified at `tolerance` degrees as one coverage (neighbours keep
    a common border; rings clockwise, as plotly needs), or `geojson` itself where that would drop
    few points; cached by content."""
    import hashlib

    import orjson
    import shapely

    key = (hashlib.blake2b(orjson.dumps(geojson), digest_size=16).hexdigest(), tolerance)
    with _PRINT_BOUNDARIES_LOCK:
        known = key in _PRINT_BOUNDARIES
        drawn = _PRINT_BOUNDARIES.get(key)
    if not known:
        features = geojson["features"]
        try:
            shapes = shapely.from_geojson([orjson.dumps(f["geometry"]) for f in features])
            simple = shapely.orient_polygons(shapely.coverage_simplify(shapes, tolerance), exterior_cw=True)
        except (KeyError, TypeError, ValueError, shapely.errors.GEOSException):
            simple = None  # not a coverage of polygons this can simplify: drawn as it is
        if simple is not None and (shapely.get_num_coordinates(simple).sum()
                                   <= (1 - WORTH_SIMPLIFYING) * shapely.get_num_coordinates(shapes).sum()):
            drawn = {**geojson, "features": [{**feature, "geometry": orjson.loads(shape)}
                                             for feature, shape in zip(features, shapely.to_geojson(simple))]}
        else:
            drawn = None
        with _PRINT_BOUNDARIES_LOCK:
            if len(_PRINT_BOUNDARIES) >= _PRINT_BOUNDARIES_KEPT:
                _PRINT_BOUNDARIES.pop(next(iter(_PRINT_BOUNDARIES)))
            _PRINT_BOUNDARIES[key] = drawn
    return drawn or geojson


def print_boundaries(spec: dict) -> dict:
    """The figure's boundaries simplified to one pixel of the printed image: detail finer than
    that cannot be seen in the PNG, nor in the SVG or PDF printed at PRINT_DPI, yet every point
    is projected, written into the SVG and drawn. A GeoJSON shown on several maps (the panels of a
    Kanwil) is simplified for the most detailed of them. Other traces are left as they are."""
    tolerances: dict[int, float] = {}
    shapes: dict[int, dict] = {}
    for trace in spec.get("data", []):
        geojson = trace.get("geojson")
        if not isinstance(geojson, dict) or not geojson.get("features"):
            continue
        per_px = print_pixel_degrees(spec.get("layout", {}), trace.get("geo", "geo"))
        if per_px is None:
            return spec  # a map without a fixed view: its scale is plotly's to choose, so keep the detail
        shapes[id(geojson)] = geojson
        tolerances[id(geojson)] = min(per_px, tolerances.get(id(geojson), per_px))
    if not shapes:
        return spec
    # Two significant digits: views a little apart share one simplified copy.
    simple = {key: _simplified(shapes[key], float(f"{tolerance:.1e}")) for key, tolerance in tolerances.items()}
    data = [{**trace, "geojson": simple[id(trace["geojson"])]} if id(trace.get("geojson")) in simple else trace
            for trace in spec["data"]]
    return {**spec, "data": data}


# What a trace shows only on hover: an image has none. On a national kab/kota map these are most
# of the figure once its boundaries go by reference (170 of 190 kB).
HOVER_ONLY = ("customdata", "hovertemplate", "hovertext")


def without_hover(spec: dict) -> dict:
    """The figure without its traces' hover-only data (no figure prints customdata in a label)."""
    return {**spec, "data": [{k: v for k, v in trace.items() if k not in HOVER_ONLY} for trace in spec.get("data", [])]}


# Chromium draws a stroke narrower than one pixel of the image as a hairline whose ink is scaled by
# its width; a wider one is traced as an outline of its own around every point of the path. The
# national kab/kota map's area borders (0,4 px on screen) came to 1,25 px in the 300-dpi PNG, and
# tracing 514 of them took about a tenth of its export (0,29 s, 0,25 s as hairlines, median of 20
# each, interleaved). In the PNG, borders up to one and a half of its pixels are drawn just under
# one: 0,08 mm at 300 dpi instead of 0,11; the SVG and PDF keep the width set.
HAIRLINE_PX = 0.96
HAIRLINE_UP_TO_PX = 1.5


def hairline_borders(spec: dict, scale: float) -> dict:
    """The figure with its map areas' borders that `scale` makes slightly wider than one pixel of
    the image drawn at just under one (see HAIRLINE_PX); other borders and traces as they are."""
    def thinned(trace: dict) -> dict:
        line = (trace.get("marker") or {}).get("line") or {}
        width = line.get("width")
        if trace.get("type") != "choropleth" or not isinstance(width, (int, float)) \
                or not 1 < width * scale <= HAIRLINE_UP_TO_PX:
            return trace
        return {**trace, "marker": {**trace["marker"], "line": {**line, "width": HAIRLINE_PX / scale}}}

    return {**spec, "data": [thinned(trace) for trace in spec.get("data", [])]}


def chart_bytes(fig: go.Figure, provenance: Provenance, lang: str, kind: str) -> bytes:
    """A chart as it goes into a report: PNG at 300 dpi, or vector SVG or PDF. It is drawn once;
    only a legend under the plot, whose height plotly alone knows, needs a first draw to measure."""
    spec = without_hover(print_boundaries(print_spec(fig, provenance, lang)))
    if _legend_below(fig):
        spec = settle_footer(spec)
    elif _is_cartesian(fig):
        spec = reserve_label_room(spec, fig)
    scale = PRINT_DPI / CSS_DPI if kind == "png" else 1.0
    if kind == "png":
        spec = hairline_borders(spec, scale)
    return render(spec, kind, spec["layout"]["width"], spec["layout"]["height"], scale)


def with_provenance_columns(frame: pl.DataFrame, provenance: Provenance, lang: str) -> pl.DataFrame:
    """The table plus source, as-of, synthetic, batch (and basis) columns where it lacks them,
    named in the reader's language."""
    names = set(frame.columns)
    sources = {t(key, lang) for key in ("col.active_source", "col.workers_source", "export.col.source")}
    own = [n for n in frame.columns if n in {t(key, lang) for key in SOURCE_COLUMNS}]
    extra = []
    if not names & sources:
        extra.append(pl.lit("; ".join(provenance.cited(lang)) or None, dtype=pl.String)
                     .alias(t("export.col.source", lang)))
    if own and t("col.source_url", lang) not in names:
        # The table's own source columns hold titles: their addresses beside them, row by row
        # (where any is known).
        found = row_addresses(frame, own, provenance)
        if found.null_count() < len(found):
            extra.append(found.alias(t("col.source_url", lang)))
    if t("col.as_of", lang) not in names:
        extra.append(pl.lit(provenance.as_of, dtype=pl.String).alias(t("col.as_of", lang)))
    if provenance.basis and t("col.basis", lang) not in names:
        extra.append(pl.lit(t(f"basis.{provenance.basis}.short", lang)).alias(t("col.basis", lang)))
    if t("col.synthetic", lang) not in names:
        extra.append(pl.lit(provenance.synthetic).alias(t("col.synthetic", lang)))
    if t("col.provenance", lang) not in names and provenance.kinds_text(lang):
        extra.append(pl.lit(provenance.kinds_text(lang)).alias(t("col.provenance", lang)))
    if t("col.batch", lang) not in names:
        batches = ", ".join(getattr(provenance, "batches", ()) or ())
        extra.append(pl.lit(batches or None, dtype=pl.String).alias(t("col.batch", lang)))
    return frame.with_columns(extra) if extra else frame


SOURCE_COLUMNS = ("col.active_source", "col.workers_source", "export.col.source", "col.reported_source")


def _named(row: tuple) -> list[str]:
    """The sources a row's source cells name (several in a cell joined with ' | ' or '; ')."""
    return [n.strip() for cell in row if cell for n in re.split(r" \| |; ", str(cell))]


def source_cells(frame: pl.DataFrame, lang: str) -> list[str]:
    """The sources named in a table's own source columns."""
    columns = [t(k, lang) for k in SOURCE_COLUMNS if t(k, lang) in frame.columns]
    return [n for row in frame.select(columns).iter_rows() for n in _named(row)] if columns else []


def with_addresses(provenance: Provenance, urls: dict[str, str], lang: str,
                   frame: pl.DataFrame | None = None) -> Provenance:
    """The provenance with the address of each source it names, and of each source a table's own
    source columns name (`urls`: {title as the reader sees it: address}, cache.source_addresses)."""
    names = [source_name(s, lang) for s in provenance.sources]
    if frame is not None:
        names += source_cells(frame, lang)
    return dataclasses.replace(provenance, addresses=tuple(
        (n, urls[n]) for n in dict.fromkeys(names) if n in urls))


def row_addresses(frame: pl.DataFrame, columns: list[str], provenance: Provenance) -> pl.Series:
    """For each row, the addresses of the sources named in its `columns` (_named), in order, each
    once; null where none is known."""
    urls = dict(provenance.addresses)
    out = []
    for row in frame.select(columns).iter_rows():
        found = list(dict.fromkeys(urls[n] for n in _named(row) if n in urls))
        out.append(" | ".join(found) or None)
    return pl.Series(out, dtype=pl.String)


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested, decimal and object columns as plain cells, for CSV and spreadsheets."""
    casts = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, pl.List):
            casts.append(pl.col(name).cast(pl.List(pl.String)).list.join(", "))
        elif isinstance(dtype, (pl.Struct, pl.Array)) or dtype == pl.Object:
            casts.append(each(frame[name], str))
        elif isinstance(dtype, pl.Decimal):
            casts.append(pl.col(name).cast(pl.Float64))
        elif isinstance(dtype, (pl.Categorical, pl.Enum)):
            casts.append(pl.col(name).cast(pl.String))
    return frame.with_columns(casts) if casts else frame


def yes_no(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Boolean columns as the reader's words (ya/tidak, yes/no), as the on-screen tables show them:
    a CSV or a spreadsheet would print true/false in English. An empty cell stays empty."""
    words = [pl.when(pl.col(name)).then(pl.lit(t("prov.synthetic_yes", lang)))
             .when(~pl.col(name)).then(pl.lit(t("prov.synthetic_no", lang)))
             .otherwise(pl.lit(None, dtype=pl.String)).alias(name)
             for name, dtype in frame.schema.items() if dtype == pl.Boolean]
    return frame.with_columns(words) if words else frame


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A text cell that is only a signed number is harmless and stays as written.
_SIGNED_NUMBER = r"^[+-]?[0-9]+([.,][0-9]+)*$"


def neutral_text(value: str) -> str:
    """One cell of text made inert for a spreadsheet: a leading apostrophe before =, +, -, @, tab
    or CR (the OWASP rule), unless the cell is just a signed number."""
    if value.startswith(FORMULA_STARTS) and not re.match(_SIGNED_NUMBER, value):
        return "'" + value
    return value


def neutral_csv(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text cell and column name made inert (see `neutral_text`); numbers stay numbers."""
    starts = r"^[=+\-@\t\r]"
    fixes = [
        pl.when(pl.col(name).str.contains(starts) & ~pl.col(name).str.contains(_SIGNED_NUMBER))
        .then(pl.lit("'") + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name, dtype in frame.schema.items() if dtype == pl.String
    ]
    out = frame.with_columns(fixes) if fixes else frame
    return out.rename({name: neutral_text(name) for name in out.columns})


CSV_DECIMALS = 6


def table_bytes(frame: pl.DataFrame, provenance: Provenance, lang: str, kind: str, title: str | None = None) -> bytes:
    """A table as CSV (UTF-8), XLSX (typed cells, numbers kept as numbers) or Parquet, with its
    provenance columns. Text that came from an imported file may start like a formula; CSV cells
    get the OWASP apostrophe and XLSX cells are written as strings, so no export runs one."""
    full = with_provenance_columns(frame, provenance, lang)
    if kind == "csv":
        # The byte-order mark makes Excel read the file as UTF-8 (names, dashes, ÷). Excel set to
        # Indonesian reads ";" between fields and "," in decimals (33,25), and would take
        # "33.25" for 3.325; the English file keeps "," and ".". XLSX, beside it, has typed cells.
        separator, comma = CSV_STYLE[lang]
        # Six decimals: a rate computed as 67,97153024911032 carries float noise past them, which
        # an analyst pasting the cell into a report would take for precision (XLSX and Parquet keep
        # the full value in a typed cell, shown as the reader formats it).
        rounded = _flat(full).with_columns(pl.col(pl.Float32, pl.Float64).round(CSV_DECIMALS))
        return "\ufeff".encode() + neutral_csv(yes_no(rounded, lang)).write_csv(separator=separator,
                                                                         decimal_comma=comma).encode("utf-8")
    if kind == "xlsx":
        return _xlsx(yes_no(_flat(full), lang), provenance, lang, title)
    if kind == "parquet":
        buffer = io.BytesIO()
        full.write_parquet(buffer, metadata=_about(provenance, lang, title))
        return buffer.getvalue()
    raise ValueError(f"unknown table format {kind!r}; use one of {', '.join(TABLE_FORMATS)}")


def _about(provenance: Provenance, lang: str, title: str | None) -> dict[str, str]:
    """Provenance as (label, value) pairs: the XLSX 'about' sheet and the Parquet metadata."""
    about = {}
    if title:
        about[t("export.about.title", lang)] = title
    about[t("export.sources", lang)] = "; ".join(provenance.cited(lang)) or "–"
    about[t("col.as_of", lang)] = provenance.as_of
    if provenance.basis:
        about[t("col.basis", lang)] = t(f"basis.{provenance.basis}.short", lang)
    about[t("col.synthetic", lang)] = t("prov.synthetic_yes" if provenance.synthetic else "prov.synthetic_no", lang)
    if provenance.kinds_text(lang):
        about[t("col.provenance", lang)] = provenance.kinds_text(lang)
    if provenance.synthetic:
        about[t("export.about.note", lang)] = t("export.synthetic", lang)
    if provenance.boundary_credit:
        about[t("prov.boundary_credit", lang)] = provenance.boundary_credit
    about[t("export.about.made", lang)] = t("export.made_with", lang, date=day(date.today(), lang))
    return about


def _number_formats(frame: pl.DataFrame) -> dict[str, str]:
    """Excel number formats per column: the cells stay numbers and dates, shown with grouping."""
    formats = {}
    for name, dtype in frame.schema.items():
        if dtype.is_integer():
            formats[name] = "#,##0"
        elif dtype.is_float():
            formats[name] = "#,##0.00"
        elif dtype == pl.Date:
            formats[name] = "yyyy-mm-dd"
        elif isinstance(dtype, pl.Datetime):
            formats[name] = "yyyy-mm-dd hh:mm"
    return formats


def _xlsx(frame: pl.DataFrame, provenance: Provenance, lang: str, title: str | None) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    # Text is text: never turned into a formula, a link or a number by xlsxwriter's guessing.
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}
    with xlsxwriter.Workbook(buffer, options) as workbook:
        frame.write_excel(
            workbook=workbook,
            worksheet=t("export.sheet.data", lang),
            column_formats=_number_formats(frame) or None,
            header_format={"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"},
            table_style=None,
            autofilter=True,
            autofit=True,
            freeze_panes=(1, 0),
        )
        sheet = workbook.add_worksheet(t("export.sheet.about", lang))
        bold = workbook.add_format({"bold": True, "valign": "top"})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, 1, 100)
        sheet.write_string(0, 0, t("export.about.field", lang), bold)
        sheet.write_string(0, 1, t("export.about.value", lang), bold)
        for row, (label, value) in enumerate(_about(provenance, lang, title).items(), start=1):
            sheet.write_string(row, 0, label, bold)
            sheet.write_string(row, 1, value, wrap)
    return buffer.getvalue()


def file_name(key: str, kind: str, lang: str) -> str:
    """cakupan_<key>_<lang>.<ext>: stable, so a re-download replaces the earlier file."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in key)
    return f"cakupan_{safe}_{lang}.{kind}"


def chart_data(fig: go.Figure, provenance: Provenance, lang: str, kind: str):
    """A no-argument callable that makes the chart's bytes when the reader clicks download."""
    return lambda: chart_bytes(fig, provenance, lang, kind)


def table_data(frame: pl.DataFrame, provenance: Provenance, lang: str, kind: str, title: str | None = None,
               urls: Callable[[], dict[str, str]] | None = None):
    """A no-argument callable that makes the table's bytes when the reader clicks download; with
    `urls` (the sources' addresses, asked for then: see with_addresses), each source with its
    address, the table's own source columns' too."""
    def make() -> bytes:
        addressed = with_addresses(provenance, urls(), lang, frame) if urls else provenance
        return table_bytes(frame, addressed, lang, kind, title)

    return make


def parquet_metadata(data: bytes) -> dict[str, str]:
    """The key/value metadata of a Parquet file (tests and readers use it to find provenance)."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(io.BytesIO(data)).metadata.metadata or {}
    return {k.decode(): v.decode() for k, v in meta.items() if not k.startswith(b"ARROW")}
