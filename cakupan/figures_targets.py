"""Figures for targets, enrolment and the SHU simulator, as pure functions returning go.Figure."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl

from cakupan import fmt, user_text
from cakupan.boundaries import Layer, extent
from cakupan.figures import FONT, SEQUENTIAL
from cakupan.i18n import t
from cakupan.targets import RATE_METRICS, Progress, add_months

ACTUAL = "#225ea8"
AFTER = "#9e9e9e"
TARGET = "#b2182b"
# Dark2 colours, and a different dash per window, so the lines also part in black-and-white print.
PROJECTION_STYLE = {3: ("#d95f02", "dash"), 6: ("#7570b3", "dashdot"), 12: ("#1b9e77", "longdash")}
SEPARATORS = {"id": ",.", "en": ".,"}


def _style(fig: go.Figure, title: str, lang: str, height: int, margin: dict, title_size: int = 15,
           **layout) -> go.Figure:
    """The layout every figure here shares: title at the left, the house font, the reader's number
    separators, a white ground; `layout` adds each figure's own axes, legend and hover settings."""
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left", font=dict(size=title_size)),
        height=height,
        margin=margin,
        font=dict(family=FONT),
        separators=SEPARATORS[lang],
        paper_bgcolor="white",
        plot_bgcolor="white",
        **layout,
    )
    return fig


def metric_value(value: float | None, metric: str, lang: str) -> str:
    """A metric's value the reader's way: 33,25% for a rate, 48.000 for a count."""
    if value is None:
        return "–"
    return fmt.percent(value, lang, fmt.TARGET_DIGITS) if metric in RATE_METRICS else fmt.number(round(value), lang)


def burn_up(series: pl.DataFrame, progress: Progress, metric: str, title: str, lang: str = "id",
            milestones: tuple[tuple[date, float, str], ...] = (), height: int = 380) -> go.Figure:
    """Burn-up chart: actuals solid up to the evaluation month, the target line, the pace needed
    (dotted), and one dashed projection per pace window, each named with its method; the area
    beyond the data is shaded and labelled so a projection never passes for data."""
    fig = go.Figure()
    rows = series.sort("period").to_dicts()
    judged = progress.period
    before = [r for r in rows if judged is None or r["period"] <= judged]
    after = [r for r in rows if judged is not None and r["period"] >= judged]
    synthetic = any(r["is_synthetic"] for r in before)

    def hover(r: dict) -> str:
        label = t("hover.synthetic", lang) if r["is_synthetic"] else t("hover.published", lang)
        return f"{fmt.month(r['period'], lang)}: <b>{metric_value(r['value'], metric, lang)}</b> ({label})"

    name = t("tgt.legend.actual", lang) + (f" ({t('hover.synthetic', lang)})" if synthetic else "")
    fig.add_trace(go.Scatter(
        x=[r["period"] for r in before], y=[r["value"] for r in before], mode="lines+markers", name=name,
        line=dict(color=ACTUAL, width=3), marker=dict(size=4), hovertext=[hover(r) for r in before],
        hoverinfo="text"))
    if len(after) > 1:
        fig.add_trace(go.Scatter(
            x=[r["period"] for r in after], y=[r["value"] for r in after], mode="lines",
            name=t("tgt.legend.after", lang), line=dict(color=AFTER, width=1.5),
            hovertext=[hover(r) for r in after], hoverinfo="text"))

    x_start = before[0]["period"] if before else progress.due_period
    x_end = max([progress.due_period] + [p.path[-1][0] for p in progress.projections if p.path]
                + [r["period"] for r in rows[-1:]])
    target_text = metric_value(progress.target_value, metric, lang)
    fig.add_trace(go.Scatter(
        x=[x_start, progress.due_period], y=[progress.target_value, progress.target_value], mode="lines",
        name=t("tgt.legend.target", lang, value=target_text, due=fmt.month(progress.due_period, lang, short=True)),
        line=dict(color=TARGET, width=1.5), hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=[progress.due_period], y=[progress.target_value], mode="markers", showlegend=False,
        marker=dict(symbol="star", size=13, color=TARGET),
        hovertext=t("tgt.hover.target", lang, value=target_text, due=fmt.month(progress.due_period, lang)),
        hoverinfo="text"))
    for due, value, label in milestones:
        fig.add_trace(go.Scatter(
            x=[due], y=[value], mode="markers", name=label, marker=dict(symbol="diamond-open", size=11, color=TARGET),
            hovertext=f"{label}: {metric_value(value, metric, lang)} ({fmt.month(due, lang)})", hoverinfo="text"))

    if judged is not None and progress.months_left and progress.value is not None and progress.value < progress.target_value:
        fig.add_trace(go.Scatter(
            x=[judged, progress.due_period], y=[progress.value, progress.target_value], mode="lines",
            name=t("tgt.legend.needed", lang), line=dict(color="#444444", width=1.5, dash="dot"), hoverinfo="skip"))

    for p in progress.projections:
        if not p.path or p.pace_per_month is None:
            continue
        colour, dash = PROJECTION_STYLE.get(p.window, ("#666666", "dash"))
        method = t("tgt.method", lang, n=p.window, start=fmt.month(p.from_period, lang, short=True),
                   end=fmt.month(judged, lang, short=True))
        fig.add_trace(go.Scatter(
            x=[d for d, _ in p.path], y=[v for _, v in p.path], mode="lines",
            name=t("tgt.legend.projection", lang, method=method), line=dict(color=colour, width=2, dash=dash),
            hovertext=[f"{t('tgt.projection_word', lang)} ({method}) · {fmt.month(d, lang)}: "
                       f"{metric_value(v, metric, lang)}" for d, v in p.path],
            hoverinfo="text"))

    if judged is not None and x_end > judged:
        # Shade everything after the evaluation month: what lies there is projection, not data.
        fig.add_vrect(x0=judged, x1=add_months(x_end, 1), fillcolor="#f0f0f0", opacity=0.6, line_width=0, layer="below")
        fig.add_vline(x=judged, line=dict(color="#666666", width=1))
        fig.add_annotation(x=judged, y=1.0, yref="paper", xanchor="left", yanchor="bottom", showarrow=False,
                           text=t("tgt.beyond_data", lang, month=fmt.month(judged, lang, short=True)),
                           font=dict(size=11, color="#555555"))
    yaxis = dict(rangemode="tozero", gridcolor="#e6e6e6")
    if metric in RATE_METRICS:
        yaxis.update(ticksuffix="%", title=t("tgt.axis.rate", lang))
    else:
        yaxis.update(title=t(f"tgt.axis.{metric}", lang), tickformat=",d")
    return _style(fig, title, lang, height, dict(l=10, r=10, t=60, b=10),
                  yaxis=yaxis,
                  xaxis=dict(gridcolor="#f3f3f3"),
                  legend=dict(orientation="h", yanchor="top", y=-0.16, xanchor="left", x=0, font=dict(size=11)),
                  hoverlabel=dict(bgcolor="white", font_size=12, align="left"))


def enrolment_bars(frame: pl.DataFrame, title: str, lang: str = "id", height: int | None = None) -> go.Figure:
    """Enrolled enterprises against their base per area (the enterprise_enrolment query), most
    enrolled share first; the pale bar is the base, the dark bar the enrolled."""
    rows = frame.filter(pl.col("enterprises").is_not_null()).sort("rate_pct", descending=True).to_dicts()
    names = [r["area_name"] for r in rows]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=names, x=[r["enterprises"] for r in rows], orientation="h", name=t("coop.legend.base", lang),
        marker_color="#c7e9b4",
        text=[f"{fmt.number(r['enrolled'], lang)} / {fmt.number(r['enterprises'], lang)} · "
              f"{fmt.percent(r['rate_pct'], lang)}" for r in rows],
        textposition="outside", cliponaxis=False, textfont=dict(color="#333333"),
        hovertext=[_enrolment_hover(r, lang) for r in rows], hoverinfo="text"))
    fig.add_trace(go.Bar(
        y=names, x=[r["enrolled"] for r in rows], orientation="h", name=t("coop.legend.enrolled", lang),
        marker_color=ACTUAL,
        hovertext=[_enrolment_hover(r, lang) for r in rows], hoverinfo="text"))
    return _style(fig, title, lang, height or max(260, 60 + 24 * len(rows)), dict(l=10, r=150, t=50, b=10),
                  barmode="overlay",
                  yaxis=dict(autorange="reversed"),
                  xaxis=dict(tickformat=",d", gridcolor="#e6e6e6"),
                  legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1))


def _enrolment_hover(r: dict, lang: str) -> str:
    kind = t(f"coop.kind.{r['enterprise_kind']}", lang)
    base = t("hover.published", lang) if r["base_published"] else t("hover.synthetic", lang)
    enrolled = t("hover.synthetic", lang) if r["enrolled_synthetic"] else t("hover.published", lang)
    return "<br>".join([
        f"<b>{r['area_name']}</b> — {kind}",
        t("coop.hover.enrolled", lang, enrolled=fmt.number(r["enrolled"], lang), base=fmt.number(r["enterprises"], lang),
          rate=fmt.percent(r["rate_pct"], lang)),
        t("coop.hover.provenance", lang, base=base, enrolled=enrolled),
        f"{t('col.as_of', lang)}: {fmt.month(r['period'], lang)}",
    ])


def enrolment_map(frame: pl.DataFrame, layer: Layer, title: str, lang: str = "id", height: int = 440) -> go.Figure:
    """Choropleth of the enrolled share of enterprises (0–100%) for one enterprise kind."""
    rows = frame.to_dicts()
    codes = [r["area_code"] for r in rows]
    fig = go.Figure(go.Choropleth(
        geojson=layer.geojson,
        featureidkey="properties.code",
        locations=codes,
        z=[r["rate_pct"] for r in rows],
        zmin=0,
        zmax=100,
        colorscale=[[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)],
        marker_line_color="#6b6b6b",
        marker_line_width=0.4,
        hovertext=[_enrolment_hover(r, lang) if r["rate_pct"] is not None else f"<b>{r['area_name']}</b><br>"
                   + t("empty.no_data", lang) for r in rows],
        hoverinfo="text",
        colorbar=dict(title=dict(text=t("coop.legend.rate", lang), side="right"), ticksuffix="%", thickness=14,
                      len=0.8),
    ))
    lon_range, lat_range = extent(layer, codes)
    fig.update_geos(visible=False, projection_type="mercator", lonaxis_range=lon_range, lataxis_range=lat_range,
                    bgcolor="rgba(0,0,0,0)", domain=dict(x=[0, 0.9], y=[0, 1]))
    return _style(fig, title, lang, height, dict(l=0, r=0, t=40, b=0), title_size=16,
                  hoverlabel=dict(bgcolor="white", font_size=12, align="left"))


def scenario_bars(rows: list[dict], title: str, lang: str = "id", height: int = 300) -> go.Figure:
    """Members newly covered in each saved scenario, labelled with the contribution per member."""
    names = [user_text.plotly(r["scenario"]) for r in rows]  # typed by the reader: shown, never drawn
    fig = go.Figure(go.Bar(
        x=names, y=[r["newly_covered"] for r in rows], marker_color=ACTUAL,
        text=[fmt.number(r["newly_covered"], lang) for r in rows], textposition="outside", cliponaxis=False,
        hovertext=[t("sim.hover.scenario", lang, members=fmt.number(r["newly_covered"], lang),
                     per_month=fmt.money(r["per_member_month_idr"], lang), months=r["months"],
                     share=fmt.percent(r["share_pct"], lang)) for r in rows],
        hoverinfo="text"))
    return _style(fig, title, lang, height, dict(l=10, r=10, t=50, b=10),
                  yaxis=dict(title=t("sim.axis.members", lang), tickformat=",d", gridcolor="#e6e6e6",
                             rangemode="tozero"))
