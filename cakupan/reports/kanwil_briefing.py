"""The Kanwil briefing: one A4 page on a whole regional office (Kanwil) for a Deputi Direktur Wilayah.

Its provinces ranked with their own targets, the Kanwil's headline summed from its kab/kota
(numerators and denominators first, then the rate), a map of every kab/kota (one small map per
province when its provinces lie far apart), the top and bottom five kab/kota, and where the
figures came from: every source with its address, in the small print when they fit there, else on
a second page of sources. It shares the province briefing's page, map and small print, so the two
read alike.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import polars as pl

from cakupan import fmt
from cakupan.boundaries import Layer
from cakupan.figures import theme
from cakupan.i18n import names_listed, t
from cakupan.map_sizing import mercator_size
from cakupan.reports import export
from cakupan.reports.briefing import (
    COLORBAR_PX,
    CONTENT_W,
    FONT,
    GREY,
    INK,
    LIST_ENTRY_GAP,
    LIST_LEADING,
    LIST_SIZE,
    MARGIN,
    PAGE_H,
    PRINT_TEMPLATE,
    SMALL_LEADING,
    SMALL_SIZE,
    SOURCES_GAP,
    SOURCES_LEADING,
    SOURCES_SIZE,
    Briefing,
    BriefingError,
    Runner,
    briefing_map,
    change_mark,
    draw_column,
    draw_header,
    draw_kpi_boxes,
    draw_small_print,
    draw_sources_small_print,
    entry_lines,
    flow,
    map_height,
    map_ranges,
    mm_to_px,
    months_back,
    one_per_title,
    parse_period,
    pdf_to_png,
    rate_range,
    regency_layer_subset,
    render_images,
    short_name,
    source_entries,
    headline_story,
    moved_apart,
)
from cakupan.provenance import RATE_INPUTS, change_sources, part_kind, rate_kind, short_label
from cakupan.reports.pdf import A4Page

# The boxes of the page (x, y, width, height), in millimetres. A Kanwil spans several provinces,
# so its map takes the full width; the top and bottom kab/kota sit side by side under it. The
# province table is as tall as its rows (boxes()); the map takes the room down to the ranking.
BOX = {
    "header": (MARGIN, 9.0, CONTENT_W, 23.0),
    "kpis": (MARGIN, 34.0, CONTENT_W, 22.0),
    # three lines: participants and coverage apart, and provinces whose change runs across publications
    "story": (MARGIN, 58.0, CONTENT_W, 11.0),
    "provinces": (MARGIN, 70.0, CONTENT_W, 62.0),
    "map": (MARGIN, 134.0, CONTENT_W, 83.0),
    "ranks": (MARGIN, 219.0, CONTENT_W, 37.0),
    "small": (MARGIN, 259.0, CONTENT_W, 30.0),
}
PROVINCE_LINE = 4.6  # mm per province row
# The province table's heading and column header above its rows, and its note under them.
PROVINCE_TABLE_REST = 20.6


def boxes(provinces: int) -> dict[str, tuple[float, float, float, float]]:
    """The page's boxes for a Kanwil of this many provinces: the province table holds exactly its
    rows (nine for Banuspa fill the whole box), and the map grows into what a shorter table leaves."""
    x, y, w, most = BOX["provinces"]
    table_h = min(most, PROVINCE_TABLE_REST + max(provinces, 1) * PROVINCE_LINE)
    map_y = y + table_h + 2.0
    map_bottom = BOX["map"][1] + BOX["map"][3]
    return {**BOX, "provinces": (x, y, w, table_h), "map": (x, map_y, w, map_bottom - map_y)}


@dataclass(frozen=True)
class KanwilData:
    """Everything the Kanwil page shows, as query results and the sums made from them."""
    kanwil_code: str
    name: str
    name_long: str
    period: date
    basis: str
    headline: dict
    provinces: pl.DataFrame
    regencies: pl.DataFrame
    sources: pl.DataFrame

    @property
    def synthetic(self) -> bool:
        frames = (self.provinces, self.regencies)
        return any(bool((f["active_synthetic"] | f["workers_synthetic"]).any()) for f in frames if f.height)


def headline(now: dict, year_before: dict) -> dict:
    """The Kanwil's own figures now and 12 months earlier: its rows of area_coverage at Kanwil level
    (its kab/kota summed, then the rate, in the query)."""
    def change(later, earlier):
        return later - earlier if later is not None and earlier is not None else None

    return {"active": now["active"], "workers": now["workers"], "rate_pct": now["rate_pct"],
            "uncovered": now["uncovered"], "rate_12m_pct": now["rate_12m_pct"],
            "rate_change_pts": now["rate_change_pts"], "active_change": now["active_change"],
            "workers_change": change(now["workers"], year_before["workers"]),
            # the publications behind its own figures over the 12 months (provenance.change_sources)
            "active_sources_12m": now.get("active_sources_12m"), "workers_sources_12m": now.get("workers_sources_12m"),
            # how its figures came to be, for the boxes' kind labels (provenance.rate_kind, part_kind)
            **{column: now.get(column) for column in RATE_INPUTS}}


def own_targets(run: Runner, codes: list[str], period: date, basis: str) -> pl.DataFrame:
    """Each province's own coverage-rate target on this basis, the nearest one still due."""
    rows = []
    for code in codes:
        targets = run("province_targets", province=code, period=period)
        own = targets.filter((pl.col("area_level") == "province") & (pl.col("metric") == "coverage_rate")
                             & (pl.col("basis") == basis))
        if own.height:
            first = own.sort("due_period").row(0, named=True)
            rows.append({"area_code": code, "target_value": first["target_value"], "set_by": first["set_by"],
                         "due_period": first["due_period"], "source": first["source"],
                         "source_url": first["source_url"], "source_as_of": first["source_as_of"],
                         "target_synthetic": first["target_synthetic"]})
    schema = {"area_code": pl.String, "target_value": pl.Float64, "set_by": pl.String, "due_period": pl.Date,
              "source": pl.String, "source_url": pl.String, "source_as_of": pl.String, "target_synthetic": pl.Boolean}
    return pl.DataFrame(rows, schema=schema)


def load(run: Runner, kanwil: str, period: date, basis: str = "ucj") -> KanwilData:
    """Run the Kanwil page's queries for one Kanwil and month."""
    offices = run("kanwils").filter(pl.col("kanwil_code") == kanwil)
    if offices.is_empty():
        raise BriefingError(f"Kanwil code {kanwil!r} is unknown")
    office = offices.row(0, named=True)
    common = dict(period=period, basis=basis, province="all", segment="all", kind="all")
    # Beside each row, the publications behind its 12-month change (provenance.change_sources).
    provinces = (run("area_coverage", level="province", **common).filter(pl.col("kanwil_code") == kanwil)
                 .join(run("change_sources", level="province", **common), on="area_code", how="left"))
    own, year_before = (run("area_coverage", level="kanwil", **(common | {"period": month}))
                        .join(run("change_sources", level="kanwil", **(common | {"period": month})),
                              on="area_code", how="left")
                        .filter(pl.col("area_code") == kanwil).row(0, named=True)
                        for month in (period, months_back(period, 12)))
    if provinces["active"].is_null().all():
        raise BriefingError(f"there is no coverage data for Kanwil {office['name']} in {period:%Y-%m}")
    targets = own_targets(run, provinces["area_code"].to_list(), period, basis)
    provinces = (provinces.join(targets.drop("source", "source_url", "source_as_of", "target_synthetic"),
                                on="area_code", how="left")
                 .with_columns((pl.col("rate_pct") - pl.col("target_value")).alias("gap_pts"))
                 .sort("rate_pct", descending=True, nulls_last=True)
                 .with_columns(pl.int_range(1, pl.len() + 1).alias("kanwil_rank")))
    regencies = (run("area_coverage", level="regency", **common).filter(pl.col("kanwil_code") == kanwil)
                 .sort("rate_pct", descending=True, nulls_last=True)
                 .with_columns(pl.int_range(1, pl.len() + 1).alias("rank")))
    # Every source the page uses: each province's rows and published totals, and the targets the
    # province table compares with (as the province briefing lists its targets' sources).
    target_sources = targets.select(
        pl.lit(None, dtype=pl.Int32).alias("source_id"), pl.col("source").alias("title"),
        pl.col("source_url").alias("url"),
        pl.when(pl.col("target_synthetic")).then(pl.lit("synthetic")).otherwise(pl.lit("published")).alias("kind"),
        pl.col("source_as_of").alias("as_of"))
    sources = one_per_title(pl.concat([*(run("province_sources", province=code, period=period, basis=basis)
                                         .cast(target_sources.schema) for code in provinces["area_code"].to_list()),
                                       target_sources]))
    return KanwilData(kanwil, office["name"], office["name_long"], period, basis, headline(own, year_before),
                      provinces, regencies, sources)


# --- the map: the whole Kanwil, or one panel per province ----------------------------------------

# A Kanwil whose provinces lie far apart (Bali to Papua, Sulawesi to Maluku) drawn whole leaves its
# smaller provinces a few millimetres wide. One map per province, all on one colour scale, is drawn
# instead when it shows the smallest province at least this many times larger (in area) than the
# whole map does; a Kanwil on one island (Kalimantan, Sumbagsel) keeps its single map.
PANELS_GAIN = 2.0
PANEL_GAP_PX = 10  # between two panels, and between two rows of them
PANEL_NAME_PX = 14  # the province's name above its panel


@dataclass(frozen=True)
class Panel:
    """One province's map on the Kanwil map, in pixels from the top left of its plot area."""
    province: str
    x: float
    y: float
    w: float
    h: float


def row_splits(n: int) -> Iterator[list[list[int]]]:
    """Every way to cut the items 0..n-1, kept in order, into consecutive rows."""
    for cuts in itertools.product((False, True), repeat=max(n - 1, 0)):
        rows, current = [], [0]
        for i, cut in enumerate(cuts, start=1):
            if cut:
                rows.append(current)
                current = [i]
            else:
                current.append(i)
        rows.append(current)
        yield rows


def panel_layout(aspects: dict[str, float], width: float, height: float, gap: float = PANEL_GAP_PX,
                 name_px: float = PANEL_NAME_PX) -> list[Panel]:
    """One panel per province (width ÷ height = its map's aspect), in rows in the order given: the
    panels of a row share its height and together fill the width, and the rows are shrunk alike
    when they would not fit the height. Of every split into rows, the one whose smallest panel is
    largest; a shrunk row is centred."""
    codes = list(aspects)
    best, best_key = [], None
    for rows in row_splits(len(codes)):
        natural = [(width - gap * (len(row) - 1)) / sum(aspects[codes[i]] for i in row) for row in rows]
        room = height - len(rows) * name_px - gap * (len(rows) - 1)
        if room <= 0:
            continue
        shrink = min(1.0, room / sum(natural))
        panels, top = [], 0.0
        for row, row_h in zip(rows, natural):
            row_h *= shrink
            left = (width - sum(aspects[codes[i]] * row_h for i in row) - gap * (len(row) - 1)) / 2
            for i in row:
                w = aspects[codes[i]] * row_h
                panels.append(Panel(codes[i], left, top + name_px, w, row_h))
                left += w + gap
            top += name_px + row_h + gap
        key = (min(p.w * p.h for p in panels), -len(rows))
        if best_key is None or key > best_key:
            best, best_key = panels, key
    return best


def map_panels(layer: Layer, provinces: list[str], width: float, height: float) -> list[Panel] | None:
    """The panels of the Kanwil map (`width` × `height` pixels for the maps), or None when one map
    of the whole Kanwil shows every province well enough (see PANELS_GAIN)."""
    by_province = {code: [c for c in layer.bounds if c.split(".")[0] == code] for code in provinces}
    by_province = {code: codes for code, codes in by_province.items() if codes}
    if len(by_province) < 2:
        return None
    sizes = {code: mercator_size(*map_ranges(layer, codes)) for code, codes in by_province.items()}
    whole_w, whole_h = mercator_size(*map_ranges(layer, [c for codes in by_province.values() for c in codes]))
    px = min(width / whole_w, height / whole_h)  # pixels per degree on the whole map
    smallest_whole = min(w * h for w, h in sizes.values()) * px * px
    panels = panel_layout({code: w / h for code, (w, h) in sizes.items()}, width, height)
    return panels if min(p.w * p.h for p in panels) >= PANELS_GAIN * smallest_whole else None


def panels_map(regencies: pl.DataFrame, layer: Layer, panels: list[Panel], names: dict[str, str], lang: str,
               width_px: int, basis: str) -> go.Figure:
    """One print map per province (briefing_map, the app's one choropleth) placed on its panel,
    all on the Kanwil's colour range with one colour bar, labelled with the Kanwil-wide ranks."""
    rows = regencies.filter(pl.col("area_code").is_in(list(layer.bounds)))
    scale = rate_range(rows["rate_pct"].to_list())
    ranked = rows.filter(pl.col("rate_pct").is_not_null()).height
    plot_h = max(p.y + p.h for p in panels)
    fig = go.Figure()
    annotations = []
    for i, panel in enumerate(panels):
        geo = "geo" if i == 0 else f"geo{i + 1}"
        part = briefing_map(rows.filter(pl.col("province_code") == panel.province),
                            regency_layer_subset(layer, panel.province), lang, round(panel.w),
                            round(panel.h) + COLORBAR_PX, basis, scale=scale, out_of=ranked)
        for trace in part.data:
            trace.update(geo=geo)
            if trace.type == "choropleth" and i:
                trace.update(showscale=False)  # the first panel's colour bar serves them all
            fig.add_trace(trace)
        domain = dict(x=[panel.x / width_px, (panel.x + panel.w) / width_px],
                      y=[1 - (panel.y + panel.h) / plot_h, 1 - panel.y / plot_h])
        fig.update_layout({geo: {**part.layout.geo.to_plotly_json(), "domain": domain}})
        annotations.append(dict(text=f"<b>{names.get(panel.province, panel.province)}</b>",
                                x=(panel.x + panel.w / 2) / width_px, y=1 - (panel.y - 2) / plot_h,
                                xref="paper", yref="paper", xanchor="center", yanchor="bottom",
                                showarrow=False, font=dict(size=9.5, color="#141414", family=FONT)))
    fig.update_layout(width=width_px, height=round(plot_h) + COLORBAR_PX,
                      margin=dict(l=0, r=0, t=0, b=COLORBAR_PX), title=None, annotations=annotations,
                      font=dict(family=FONT, size=9, color="#141414"), paper_bgcolor="white",
                      template=PRINT_TEMPLATE, separators=theme.separators(lang), showlegend=False)
    return fig


# --- the page ------------------------------------------------------------------------------------

def _header(page: A4Page, data: KanwilData, lang: str) -> None:
    subtitle = t("kbriefing.subtitle", lang, long=data.name_long, n=data.provinces.height,
                 month=fmt.month(data.period, lang), basis=t(f"basis.{data.basis}", lang))
    draw_header(page, BOX["header"], t("kbriefing.kicker", lang), data.name, subtitle, data.synthetic, lang)


def _kpis(page: A4Page, data: KanwilData, lang: str) -> None:
    row = data.headline
    basis = t(f"basis.{data.basis}.short", lang)
    share = 100.0 * row["uncovered"] / row["workers"] if row["workers"] else None
    # Each box names its figure's kind as the province briefing's boxes do ("Tingkat cakupan ·
    # sintetis"); the Kanwil's stood unlabelled beside them.
    boxes = [
        (f"{t('briefing.kpi.rate', lang)} · {short_label(rate_kind(row), lang)}", fmt.percent(row["rate_pct"], lang, 2),
         t("briefing.kpi.rate_sub", lang, active=fmt.number(row["active"], lang),
           workers=fmt.number(row["workers"], lang), basis=basis)),
        (t("briefing.kpi.active", lang), fmt.number(row["active"], lang),
         short_label(part_kind(row, "active"), lang).capitalize() + " · "
         + t("briefing.kpi.active_sub", lang, change=fmt.signed(row["active_change"], lang))
         + change_mark(row, lang, "active")),
        (t("briefing.kpi.uncovered", lang), fmt.number(row["uncovered"], lang),
         t("briefing.kpi.uncovered_sub", lang, share=fmt.percent(share, lang), basis=basis)),
        (t("briefing.kpi.change", lang), fmt.points(row["rate_change_pts"], lang, 2),
         t("briefing.kpi.change_sub", lang, month=fmt.month(months_back(data.period, 12), lang, short=True),
           rate=fmt.percent(row["rate_12m_pct"], lang, 2)) + change_mark(row, lang)),
    ]
    draw_kpi_boxes(page, BOX["kpis"], boxes)
    x, y, w, _ = BOX["story"]
    sentence = " ".join(s for s in (headline_story(row, lang), *province_stories(data.provinces, lang),
                                    across_sources(data.provinces, lang)) if s)
    if sentence:
        page.paragraph(x, y, w, sentence, 7.8, 3.3, 3, where="story")


def province_stories(provinces: pl.DataFrame, lang: str) -> list[str]:
    """The provinces whose participants and coverage moved in opposite directions over 12 months
    (the province briefing says it on each card; the table shows only the rate's change). Where
    participants fell and the rate rose, the workers divided by fell faster, and the other way round."""
    kinds = {r["area_name"]: moved_apart(r["active_change"], r["rate_change_pts"]) for r in provinces.iter_rows(named=True)}
    out = []
    for key in ("fell_rose", "rose_fell"):
        names = [name for name, kind in kinds.items() if kind == key]
        if names:
            out.append(t(f"kbriefing.story.provinces_{key}", lang, names=names_listed(names, lang)))
    return out


def across_sources(provinces: pl.DataFrame, lang: str) -> str | None:
    """The provinces whose 12-month change runs across figures from different publications
    (provenance.change_sources), which the table marks with "†": the change may reflect the
    source, not the trend (review 3 F9)."""
    names = [r["area_name"] for r in provinces.iter_rows(named=True) if change_sources(r)]
    if not names:
        return None
    return t("prov.change_sources_areas", lang, names=names_listed(names, lang))


def _provinces(page: A4Page, data: KanwilData, lang: str) -> None:
    x, y, w, h = boxes(data.provinces.height)["provinces"]
    page.box_heading(x, y, w, t("kbriefing.provinces", lang, month=fmt.month(data.period, lang)), "provinces heading")
    columns = [(t("briefing.col.rank", lang), 8.0, "R"), (t("kbriefing.col.province", lang), 44.0, "L"),
               (t("briefing.col.rate", lang), 18.0, "R"), (t("kbriefing.col.change", lang), 20.0, "R"),
               (t("briefing.col.active", lang), 24.0, "R"), (t("briefing.kpi.uncovered", lang), 24.0, "R"),
               (t("kbriefing.col.target", lang), 25.0, "R"), (t("briefing.col.gap", lang), w - 163.0, "R")]
    top = y + 5.5
    line_h = PROVINCE_LINE
    page.row(x, top + 2.8, columns, [c[0] for c in columns], 7.2, bold=True, color=GREY, where="provinces header")
    page.rule(x, top + 3.7, w)
    room = int((y + h - top - 9) // line_h)
    for i, row in enumerate(data.provinces.head(room).iter_rows(named=True)):
        base = top + 2.8 + (i + 1) * line_h
        target = (f"{fmt.percent(row['target_value'], lang, 2)}" if row["target_value"] is not None
                  else t("kbriefing.no_target", lang))
        cells = [str(row["kanwil_rank"]), row["area_name"], fmt.percent(row["rate_pct"], lang, 2),
                 fmt.points(row["rate_change_pts"], lang, 2) + ("†" if change_sources(row) else ""),
                 fmt.number(row["active"], lang),
                 fmt.number(row["uncovered"], lang), target,
                 fmt.gap(row["gap_pts"], lang) if row["gap_pts"] is not None else "–"]
        page.row(x, base, columns, cells, 8, min_size=6.4, where=f"province {row['area_code']}")
    setters = sorted({r["set_by"] for r in data.provinces.iter_rows(named=True) if r["set_by"]})
    note = t("kbriefing.targets_note", lang)
    if setters:  # no province with a target of its own: no "Penetap: –."
        note += " " + t("kbriefing.targets_setters", lang, setters="; ".join(setters))
    page.paragraph(x, y + h - 7.5, w, note, 6.8, 2.9, 2, color=GREY, where="targets note")


def _ranks(page: A4Page, data: KanwilData, lang: str) -> None:
    x, y, w, _ = BOX["ranks"]
    ranked = data.regencies.filter(pl.col("rate_pct").is_not_null())
    names = dict(zip(data.provinces["area_code"], data.provinces["area_name"]))
    half = (w - 6.0) / 2
    columns = [(t("briefing.col.rank", lang), 7.0, "R"), (t("briefing.col.area", lang), half - 7.0 - 13.0 - 29.0, "L"),
               (t("kbriefing.col.province", lang), 29.0, "L"), (t("briefing.col.rate", lang), 13.0, "R")]
    blocks = ((t("briefing.top", lang), ranked.head(5)), (t("briefing.bottom", lang, n=ranked.height), ranked.tail(5)))
    for b, (title, frame) in enumerate(blocks):
        bx = x + b * (half + 6.0)
        page.box_heading(bx, y, half, title, "ranking heading")
        page.row(bx, y + 8.3, columns, [c[0] for c in columns], 7.2, bold=True, color=GREY, where="ranking header")
        page.rule(bx, y + 9.2, half)
        for i, row in enumerate(frame.iter_rows(named=True)):
            cells = [str(row["rank"]), short_name(row["area_name"]), names.get(row["province_code"], ""),
                     fmt.percent(row["rate_pct"], lang, 1)]
            page.row(bx, y + 13.4 + i * 4.4, columns, cells, 8, min_size=5.6, where=f"ranking {row['area_code']}")
    page.paragraph(x, y + 13.4 + 5 * 4.4 - 1.0, w, t("kbriefing.map_note", lang), 7, 3.0, 1, color=GREY,
                   where="ranking note")


def _map(page: A4Page, images: dict[str, bytes] | None, data: KanwilData, lang: str, panels: bool) -> None:
    x, y, w, h = boxes(data.provinces.height)["map"]
    heading = t("briefing.map_title", lang, month=fmt.month(data.period, lang))
    page.box_heading(x, y, w, heading, "map heading")
    if panels:  # each province has its own distance scale: say so beside the heading
        page.style(9.5, bold=True)
        left = page.width(heading) + 4.0
        page.fit(x + left, y + 3.2, w - left, t("kbriefing.map_panels", lang), 7.4, color=GREY, align="R",
                 min_size=6.4, where="map panels note")
    page.chart((images or {}).get("map"), x, y + 6, w, h - 6, keep_aspect=True)


# --- the sources: every one listed with its address, on the page if they fit, else on a page of their own

def tail_lines(data: KanwilData, credit: str, today: date, lang: str, generated: str) -> list[str]:
    tail = [t("export.synthetic", lang)] if data.synthetic else []
    return tail + [credit, t(generated, lang, date=export.day(today, lang))]


def small_print_fits(page: A4Page, data: KanwilData, entries: list, credit: str, today: date, lang: str) -> bool:
    """Whether every source, with its address, fits the small print in two columns of small type."""
    x, y, w, h = BOX["small"]
    page.style(7)
    top = y + len(page.wrap(t("briefing.method", lang, basis=t(f"basis.{data.basis}", lang)), w)) * 2.9
    page.style(SMALL_SIZE)
    tail = sum(len(page.wrap(text, w)) for text in tail_lines(data, credit, today, lang, "briefing.generated"))
    room = y + h - top - 0.4 - tail * SMALL_LEADING
    return room > 0 and len(flow(page, entries, (w - SOURCES_GAP) / 2, SOURCES_SIZE, SOURCES_LEADING, room)) <= 2


def _small_print_all(page: A4Page, data: KanwilData, entries: list, lang: str, credit: str, today: date) -> None:
    """The small print with every source and its address, in two columns of small type."""
    draw_sources_small_print(page, BOX["small"], data.basis, entries,
                             tail_lines(data, credit, today, lang, "briefing.generated"), data.synthetic, lang)


def _sources_page(page: A4Page, data: KanwilData, entries: list, lang: str, today: date) -> None:
    """A page of its own for the sources: every one with its title, publisher, date and address,
    in two columns, so a printed briefing carries them into a meeting. More than a page's worth
    continues on another page."""
    x, w = MARGIN, CONTENT_W
    half = (w - 8.0) / 2
    while entries:
        page.add_page()
        page.fit(x, 15.0, w, t("kbriefing.sources_kicker", lang, name=data.name, month=fmt.month(data.period, lang)),
                 8, bold=True, color=GREY, where="sources kicker")
        page.fit(x, 24.0, w, t("export.sources", lang), 18, bold=True, where="sources title")
        top = page.paragraph(x, 28.0, w, t("kbriefing.sources_intro", lang, n=len(data.sources)), 8.5, 3.8, 3,
                             color=GREY, where="sources intro")
        page.rule(x, top + 1.0, w)
        top += 3.0
        room = PAGE_H - MARGIN - 8.0 - top
        # Two columns of about equal length when the list is shorter than two full columns.
        heights = [len(entry_lines(page, e, half, LIST_SIZE)) * LIST_LEADING + LIST_ENTRY_GAP for e in entries]
        room = min(room, sum(heights) / 2 + max(heights))
        columns = flow(page, entries, half, LIST_SIZE, LIST_LEADING, room, LIST_ENTRY_GAP)
        for i, column in enumerate(columns[:2]):
            draw_column(page, x + i * (half + 8.0), top, column, LIST_SIZE, LIST_LEADING, LIST_ENTRY_GAP)
        shown = sum(len(c) for c in columns[:2])
        entries = entries[shown:]
        page.fit(x, PAGE_H - MARGIN, w, t("kbriefing.sources_footer", lang, date=export.day(today, lang),
                                          page=page.page_no()), 6.4, color=GREY, where="sources footer")


def compose(data: KanwilData, images: dict[str, bytes] | None, lang: str, boundary_credit: str,
            today: date | None = None, panels: bool = False) -> tuple[bytes, list[str]]:
    """The PDF and the texts that did not fit (empty when the page is clean); `panels` when the map
    is one panel per province (map_plan). Every source is listed with its address: in the small
    print when they fit there, else on a second page, "Sumber" (the first page then names as many
    as fit and says where the rest are)."""
    today = today or date.today()
    page = A4Page(f"{t('kbriefing.kicker', lang)} — {data.name}, {fmt.month(data.period, lang)}", lang,
                  (MARGIN, MARGIN, MARGIN), INK)
    _header(page, data, lang)
    _kpis(page, data, lang)
    _provinces(page, data, lang)
    _map(page, images, data, lang, panels)
    _ranks(page, data, lang)
    entries = source_entries(data.sources, lang)
    if small_print_fits(page, data, entries, boundary_credit, today, lang):
        _small_print_all(page, data, entries, lang, boundary_credit, today)
    else:
        draw_small_print(page, BOX["small"], data.basis, data.sources, data.synthetic, boundary_credit, today, lang,
                         more="kbriefing.more_sources", generated="kbriefing.generated")
        _sources_page(page, data, entries, lang, today)
    return page.to_bytes(), page.overflows


def map_plan(data: KanwilData, layer: Layer) -> tuple[int, int, list[Panel] | None]:
    """The map's width and greatest height in pixels, from its box on the page, and its panels
    (None: one map of the whole Kanwil)."""
    _, _, w, h = boxes(data.provinces.height)["map"]
    width, height = mm_to_px(w), mm_to_px(h - 6)
    return width, height, map_panels(layer, data.provinces["area_code"].sort().to_list(), width,
                                     height - COLORBAR_PX)


def figures(data: KanwilData, layer: Layer, lang: str) -> dict:
    """The map of every kab/kota of the Kanwil, labelled with the ranks listed beside it: the whole
    Kanwil in one map, or one panel per province when its provinces lie far apart (map_panels)."""
    width, height, panels = map_plan(data, layer)
    if panels:
        names = dict(zip(data.provinces["area_code"], data.provinces["area_name"]))
        return {"map": panels_map(data.regencies, layer, panels, names, lang, width, data.basis)}
    codes = [c for c in data.regencies["area_code"].to_list() if c in layer.bounds]
    return {"map": briefing_map(data.regencies, layer, lang, width, map_height(layer, codes, width, height),
                                data.basis)}


def build(data: KanwilData, layer: Layer, lang: str, today: date | None = None) -> Briefing:
    """The finished Kanwil page: map drawn, page composed, and the PNG rendered from the PDF."""
    panels = map_plan(data, layer)[2] is not None
    pdf, overflows = compose(data, render_images(figures(data, layer, lang)), lang, layer.credit[lang], today,
                             panels)
    return Briefing(pdf, pdf_to_png(pdf), tuple(overflows))


def file_stem(data: KanwilData, lang: str) -> str:
    """ringkasan_kanwil_banuspa_2025-12_id."""
    return f"ringkasan_kanwil_{data.kanwil_code.lower()}_{data.period:%Y-%m}_{lang}"


def run_cli(kanwil: str, period: str | None, lang: str, out: Path, basis: str, db_path: Path, geo_dir: Path) -> int:
    """`python -m cakupan briefing --kanwil CODE`: write ringkasan_kanwil_<code>_<YYYY-MM>_<lang>.pdf/.png."""
    import sys

    from cakupan import db
    from cakupan.boundaries import load_layer

    try:
        con = db.connect(db_path)
        months = db.run_query(con, "periods")["period"].to_list()
        month = parse_period(period) if period else months[0]
        if month not in months:
            raise BriefingError(f"there is no data for {month:%Y-%m}; months with data run from "
                                f"{min(months):%Y-%m} to {max(months):%Y-%m}")
        data = load(lambda name, **params: db.run_query(con, name, **params), kanwil.upper(), month, basis)
    except (BriefingError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    made = build(data, regency_layer_subset(load_layer(geo_dir, "regency"),
                                            frozenset(data.provinces["area_code"].to_list())), lang)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / file_stem(data, lang)
    stem.with_suffix(".pdf").write_bytes(made.pdf)
    stem.with_suffix(".png").write_bytes(made.png)
    note = f"  (text cut: {'; '.join(made.overflows)})" if made.overflows else ""
    print(f"{data.name}: {stem}.pdf + .png{note}")
    return 0
