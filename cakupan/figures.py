"""Figures as pure functions: (frame, boundaries, options) -> go.Figure, with no Streamlit calls."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from cakupan import fmt, fonts, provenance, user_text
from cakupan.boundaries import Layer, extent
from cakupan.i18n import t

# ColorBrewer YlGnBu: colour-blind safe, and light-to-dark so it survives black-and-white print.
SEQUENTIAL = ["#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58"]
FONT = fonts.STACK


def _provenance_line(row: dict, part: str, lang: str) -> str:
    source = user_text.plotly(provenance.source_name(row.get(f"{part}_source"), lang)) or "–"
    return f"{t('hover.source', lang)}: {source} ({provenance.part_label(row, part, lang)})"


def rate_hover_text(row: dict, basis: str, level_approximate: bool, lang: str,
                    published: list[dict] | None = None) -> str:
    """The hover text of one area: name, rate and its kind, numerator ÷ denominator, sources, the
    published rates of the month beside the computed one, flags."""
    lines = [f"<b>{row['name']}</b>"]
    if row["rate_pct"] is None:
        lines.append(t("empty.no_data", lang))
        return "<br>".join(lines)
    rate = fmt.percent(row["rate_pct"], lang, 2)
    flag = f" ▲ {t('hover.over_100', lang)}" if row["rate_pct"] > 100 else ""
    lines.append(f"{t('hover.rate', lang)}: <b>{rate}</b> ({provenance.rate_label(row, lang)}){flag}")
    lines.append(f"{fmt.number(row['active'], lang)} {t('hover.of', lang)} {fmt.number(row['workers'], lang)} "
                 f"({t('basis.' + basis + '.short', lang)})")
    lines.append(f"{t('metric.active', lang)} — " + _provenance_line(row, "active", lang))
    lines.append(f"{t('metric.workers', lang)} — " + _provenance_line(row, "workers", lang))
    lines += provenance.published_beside(row["rate_pct"], published or [], lang)
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
                    height: int = 440, published: dict[str, list[dict]] | None = None) -> go.Figure:
    """Choropleth of coverage rate, fixed to 0–100% so maps compare; areas above 100% get a ▲.
    `published` (area code -> published_rates rows) puts each area's published rates beside its own."""
    rows = frame.to_dicts()
    codes = [r["code"] for r in rows]
    rates = [r["rate_pct"] for r in rows]
    hover = [rate_hover_text(r, basis, r["code"] in layer.approximate, lang, (published or {}).get(r["code"]))
             for r in rows]
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
