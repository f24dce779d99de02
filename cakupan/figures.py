"""Figures as pure functions: (frame, boundaries, options) -> go.Figure, with no Streamlit calls."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from cakupan import fmt
from cakupan.boundaries import Layer, extent
from cakupan.i18n import t

# ColorBrewer YlGnBu: colour-blind safe, and light-to-dark so it survives black-and-white print.
SEQUENTIAL = ["#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58"]
FONT = "Source Sans Pro, Arial, sans-serif"


def provenance_kind(row: dict, part: str) -> str:
    """'published', 'synthetic' or 'imported' for the `part` ('active' or 'workers') of a coverage
    row, from its synthetic flag and the import batches behind it (which the queries leave empty
    where a published total stands)."""
    # An unknown flag (no data) counts as synthetic, as the queries' coalesce(..., true) does.
    if row.get(f"{part}_synthetic") is not False:
        return "synthetic"
    return "imported" if row.get(f"{part}_import_batches") else "published"


def provenance_label(kind: str, import_batches: str | None, lang: str) -> str:
    """How a figure came to be: demo data, a published figure, or an analyst's import named by its batch."""
    if kind == "imported":
        return t("hover.imported", lang, batches=import_batches or "–")
    if kind == "published":
        return t("hover.published", lang)
    label = t("hover.synthetic", lang)
    if import_batches:
        label += "; " + t("hover.partly_imported", lang, batches=import_batches)
    return label


def combined_provenance_label(row: dict, lang: str) -> str:
    """One label for a figure made of two parts (members ÷ workers): synthetic if either part is,
    otherwise published, imported, or both named."""
    kinds = {provenance_kind(row, "active"), provenance_kind(row, "workers")}
    found = {b for part in ("active", "workers") for b in (row.get(f"{part}_import_batches") or "").split(", ") if b}
    batches = ", ".join(sorted(found, key=int)) or None
    if "synthetic" in kinds:
        return provenance_label("synthetic", batches, lang)
    labels = [provenance_label(kind, batches, lang) for kind in ("published", "imported") if kind in kinds]
    return "; ".join(labels)


def part_provenance_label(row: dict, part: str, lang: str) -> str:
    """The provenance label of one part ('active' or 'workers') of a coverage row."""
    return provenance_label(provenance_kind(row, part), row.get(f"{part}_import_batches"), lang)


def _provenance_line(row: dict, part: str, lang: str) -> str:
    return f"{t('hover.source', lang)}: {row.get(f'{part}_source') or '–'} ({part_provenance_label(row, part, lang)})"


def rate_hover_text(row: dict, basis: str, level_approximate: bool, lang: str) -> str:
    """The hover text of one area: name, rate, numerator ÷ denominator, sources, flags."""
    lines = [f"<b>{row['name']}</b>"]
    if row["rate_pct"] is None:
        lines.append(t("empty.no_data", lang))
        return "<br>".join(lines)
    rate = fmt.percent(row["rate_pct"], lang, 2)
    flag = f" ▲ {t('hover.over_100', lang)}" if row["rate_pct"] > 100 else ""
    lines.append(f"{t('hover.rate', lang)}: <b>{rate}</b>{flag}")
    lines.append(f"{fmt.number(row['active'], lang)} {t('hover.of', lang)} {fmt.number(row['workers'], lang)} "
                 f"({t('basis.' + basis + '.short', lang)})")
    lines.append(f"{t('metric.active', lang)} — " + _provenance_line(row, "active", lang))
    workers = f"{t('metric.workers', lang)} — " + _provenance_line(row, "workers", lang)
    if row.get("workers_derivation") == "from_rate":
        workers += "; " + t("hover.from_rate", lang, rate=fmt.percent(row["workers_printed_rate_pct"], lang, 2))
    lines.append(workers)
    lines.append(f"{t('col.as_of', lang)}: {fmt.month(row['period'], lang)}")
    if level_approximate:
        lines.append(f"<i>{t('hover.approximate', lang)}</i>")
    return "<br>".join(_wrap(line) for line in lines)


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


def rate_choropleth(frame: pl.DataFrame, layer: Layer, basis: str, title: str, lang: str = "id",
                    height: int = 440) -> go.Figure:
    """Choropleth of coverage rate, fixed to 0–100% so maps compare; areas above 100% get a ▲."""
    rows = frame.to_dicts()
    codes = [r["code"] for r in rows]
    rates = [r["rate_pct"] for r in rows]
    hover = [rate_hover_text(r, basis, r["code"] in layer.approximate, lang) for r in rows]
    fig = go.Figure(go.Choropleth(
        geojson=layer.geojson,
        featureidkey="properties.code",
        locations=codes,
        z=[min(v, 100.0) if v is not None else None for v in rates],
        zmin=0,
        zmax=100,
        colorscale=[[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)],
        marker_line_color="#6b6b6b",
        marker_line_width=0.4,
        hovertext=hover,
        hoverinfo="text",
        colorbar=dict(
            title=dict(text=t("legend.rate", lang), side="top"),
            orientation="h",
            x=0.5,
            xanchor="center",
            y=0.0,
            yanchor="top",
            len=0.6,
            thickness=12,
            tickvals=[0, 20, 40, 60, 80, 100],
            ticktext=[fmt.percent(v, lang, 0) for v in (0, 20, 40, 60, 80)] + ["≥ " + fmt.percent(100, lang, 0)],
        ),
    ))
    over = [r for r in rows if r["rate_pct"] is not None and r["rate_pct"] > 100]
    if over:
        fig.add_trace(go.Scattergeo(
            lon=[layer.label_points[r["code"]][0] for r in over],
            lat=[layer.label_points[r["code"]][1] for r in over],
            mode="markers",
            marker=dict(symbol="triangle-up", size=11, color="#d95f02", line=dict(color="white", width=1)),
            name=t("legend.over_100", lang),
            hovertext=[h for r, h in zip(rows, hover) if r in over],
            hoverinfo="text",
            showlegend=True,
        ))
    # Explicit ranges rather than fitbounds: fitbounds is computed once, at the first (often
    # narrow) draw, and leaves a tiny map after Streamlit resizes the chart.
    lon_range, lat_range = extent(layer, codes)
    fig.update_geos(visible=False, projection_type="mercator", lonaxis_range=lon_range,
                    lataxis_range=lat_range, bgcolor="rgba(0,0,0,0)", domain=dict(x=[0, 1], y=[0.08, 1]))
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left", font=dict(size=15)),
        height=height,
        margin=dict(l=0, r=0, t=40 + 20 * title.count("<br>"), b=70),
        font=dict(family=FONT),
        legend=dict(orientation="h", yanchor="top", y=1.0, xanchor="left", x=0.01,
                    bgcolor="rgba(255,255,255,0.7)"),
        hoverlabel=dict(bgcolor="white", font_size=12, align="left"),
        paper_bgcolor="white",
    )
    return fig


def segment_bar(frame: pl.DataFrame, title: str, lang: str = "id") -> go.Figure:
    """Horizontal bars of active participants by segment, labelled with count and share."""
    rows = frame.to_dicts()
    labels = [t("segment." + r["segment"], lang) for r in rows]
    # Count and share sit under each segment's name rather than beside the bar: on a phone a
    # label beside a long bar has no room and is cut ("20.202 oran"). The percentage is named
    # (a share of participants here; a coverage rate on the split charts).
    values = [t("bar.share_label", lang, count=fmt.compact(r["active"], lang), pct=fmt.percent(r["share_pct"], lang))
              for r in rows]
    fig = go.Figure(go.Bar(
        x=[r["active"] for r in rows],
        y=[f"{lab}<br>{value}" for lab, value in zip(labels, values)],
        orientation="h",
        marker_color="#225ea8",
        hovertext=[f"{lab}: {fmt.number(r['active'], lang)} ({fmt.percent(r['share_pct'], lang)})"
                   for lab, r in zip(labels, rows)],
        hoverinfo="text",
    ))
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left", font=dict(size=15)),
        height=260,
        margin=dict(l=0, r=10, t=40, b=10),
        font=dict(family=FONT),
        yaxis=dict(autorange="reversed", automargin=True),
        xaxis=dict(visible=False),
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    return fig
