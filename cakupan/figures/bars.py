"""Bar charts: segments, splits, rankings, changes, enrolment and scenarios."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from cakupan import fmt, provenance, user_text
from cakupan.choices import Metric
from cakupan.figures.maps import _wrap
from cakupan.figures.theme import (ACTUAL, DIVERGING, LINE, NO_DATA, TITLE_ONE_LINE, format_value, house,
                                   nice_ceiling)
from cakupan.figures.trends import _style
from cakupan.i18n import t


# Plotly sizes an automatic margin with the font it finds when it first draws; the page's web font,
# loaded a moment later, is wider, and long names were cut at the left ("pulauan Bangka Belitung").
# A margin sized from the text itself, at a generous width per character, leaves room for either.
CHAR_PX = 7.0


def value_labels(values: list, labels: list[str], text: list[str]) -> go.Scatter:
    """Each bar's value printed just past its end, starting there: a bar's own "outside" text is
    centred on a width Plotly measured with the font it had first, and the wider web font then
    pushed its start into the bar ("341,8 ribu" over the bar's end)."""
    return go.Scatter(x=[v or 0 for v in values], y=labels, mode="text", text=[f"  {x}" for x in text],
                      textposition="middle right", textfont=dict(size=12, color="#444444"), hoverinfo="skip",
                      showlegend=False, cliponaxis=False)


def label_margin(labels: list[str], size: float = 12.0) -> int:
    """Left margin in pixels that holds the longest line of these axis labels, plus the tick gap."""
    longest = max((len(line) for label in labels for line in str(label).split("<br>")), default=0)
    return int(longest * CHAR_PX * size / 12.0) + 16


def segment_bar(frame: pl.DataFrame, title: str, lang: str = "id") -> go.Figure:
    """Horizontal bars of active participants by segment, labelled with count and share; the hover
    says whether each bar is a printed figure (national_segments' published columns) or synthetic."""
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
        # Each bar says what it is: a printed figure only where it equals one (the split over
        # kab/kota is synthetic; PU beside a source without a PMI line is not that source's PU).
        hovertext=[f"{lab}: {fmt.number(r['active'], lang)} ({fmt.percent(r['share_pct'], lang)})<br>"
                   f"{user_text.plotly(provenance.segment_hover(r, lang))}" for lab, r in zip(labels, rows)],
        hoverinfo="text",
    ))
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left", font=dict(size=15)),
        height=260,
        margin=dict(l=label_margin([f"{lab}<br>{value}" for lab, value in zip(labels, values)]), r=10, t=40, b=10),
        yaxis=dict(autorange="reversed", automargin=True),
        xaxis=dict(visible=False),
    )
    return house(fig, lang)


def split_figure(split: pl.DataFrame, title: str, lang: str = "id") -> go.Figure:
    """Active participants of one area by segment and by enterprise kind, two bar panels one above
    the other, each bar labelled with its count and its rate over its own denominator. Side by
    side, on a phone the kinds' names and the segments' labels ran into each other and were cut
    ("421 ribu · cakupan 56,2%" over "Koperasi")."""
    fig = make_subplots(rows=2, cols=1, vertical_spacing=0.16,
                        subplot_titles=[t("exp.split.segment", lang), t("exp.split.kind", lang)])
    for row, dimension in ((1, "segment"), (2, "kind")):
        rows = split.filter(pl.col("dimension") == dimension).to_dicts()
        labels = [t(("segment." if dimension == "segment" else "exp.kind.") + r["member"], lang) for r in rows]
        fig.add_trace(go.Bar(
            x=[r["active"] for r in rows], y=labels, orientation="h", marker_color=LINE if row == 1 else "#41b6c4",
            hovertext=[f"{lab}: {fmt.number(r['active'], lang)} {t('hover.of', lang)} {fmt.number(r['workers'], lang)}"
                       f" = {fmt.percent(r['rate_pct'], lang, 2)}; {t('exp.split.share', lang)} "
                       f"{fmt.percent(r['share_pct'], lang)}" for lab, r in zip(labels, rows)],
            hoverinfo="text", showlegend=False), row=row, col=1)
        fig.add_trace(value_labels([r["active"] for r in rows], labels, [
            t("bar.rate_label", lang, count=fmt.compact(r["active"], lang), pct=fmt.percent(r["rate_pct"], lang))
            for r in rows]), row=row, col=1)
        fig.update_yaxes(autorange="reversed", row=row, col=1)
        # Room beside the longest bar for its label ("341,8 ribu · cakupan 43,2%"), outside the bar:
        # two thirds of the width, which on a phone (about 230 px of plot) still holds it whole.
        top = max([r["active"] or 0 for r in rows] + [1])
        fig.update_xaxes(visible=False, range=[0, top * 3], row=row, col=1)
    left = label_margin([t("segment." + m, lang) for m in split.filter(pl.col("dimension") == "segment")["member"]]
                        + [t("exp.kind." + m, lang) for m in split.filter(pl.col("dimension") == "kind")["member"]])
    # A title wider than a phone breaks after its colon or comma: "…jenis usaha,<br>Desember 2025".
    if len(title) > TITLE_ONE_LINE:
        for mark in (": ", ", "):
            if mark in title:
                title = title.replace(mark, mark.rstrip() + "<br>", 1)
                break
    top_margin = 64 + 20 * title.count("<br>")
    # Half the widest value label to the right of the plot, where it may run on: with the bars in
    # the first third, a phone's 412 px cut "445,4 ribu · cakupan 24,5%" at its last characters.
    widest = max((len(text) for trace in fig.data if trace.type == "scatter" for text in trace.text), default=0)
    fig.update_layout(title=dict(text=title, x=0.01, xanchor="left", font=dict(size=15)), height=400 + top_margin - 64,
                      margin=dict(l=left, r=int(widest * CHAR_PX / 2), t=top_margin, b=10), showlegend=False)
    return house(fig, lang)


def ranking_bars(frame: pl.DataFrame, column: str, unit: str, title: str, lang: str = "id",
                 colour: str = LINE) -> go.Figure:
    """Horizontal bars of `column` for the rows in `frame` (already ordered), best or most urgent on top."""
    rows = frame.to_dicts()
    metric = Metric(column, column, "count", unit, "higher")
    labels = [r["area_name"] for r in rows]
    values = [r[column] for r in rows]
    text = [format_value(v, metric, lang) for v in values]
    # Values beside the bar, never half inside it: a label straddling the bar's end is unreadable.
    fig = go.Figure(go.Bar(
        x=values, y=labels, orientation="h", marker_color=colour,
        hovertext=[f"{lab}: {txt}" for lab, txt in zip(labels, text)], hoverinfo="text", cliponaxis=False))
    fig.add_trace(value_labels(values, labels, text))
    widest = max((len(x) for x in text), default=0) * CHAR_PX + 10
    fig.update_layout(title=dict(text=title, x=0.01, xanchor="left", font=dict(size=14)),
                      height=70 + 34 * max(len(rows), 1), margin=dict(l=label_margin(labels), r=int(widest), t=44, b=10),
                      yaxis=dict(autorange="reversed", automargin=True),
                      xaxis=dict(visible=False, range=[0, max([v for v in values if v is not None] + [1])]),
                      showlegend=False)
    return house(fig, lang)


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
        # A no-break space between bar and label: the label is placed with the font Plotly measured
        # first, and the wider web font would otherwise push it into the bar's end.
        text=[f"\u00a0{fmt.points(v, lang)}" if v >= 0 else f"{fmt.points(v, lang)}\u00a0\u00a0" for v in values],
        textposition="outside", cliponaxis=False,
        hovertext=[f"{r['area_name']}: {fmt.points(r['rate_change_pts'], lang)} → {fmt.percent(r['rate_pct'], lang)}"
                   for r in rows], hoverinfo="text"))
    fig.update_layout(title=dict(text=_wrap(title, 80), x=0.01, xanchor="left", font=dict(size=14)),
                      height=90 + 22 * max(len(rows), 1),
                      margin=dict(l=label_margin([r["area_name"] for r in rows]), r=30, t=60, b=10),
                      yaxis=dict(autorange="reversed", automargin=True),
                      xaxis=dict(range=[-reach, reach], zeroline=True, zerolinecolor="#666", showgrid=False,
                                 ticksuffix=""), showlegend=False)
    return house(fig, lang)


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


def enrolment_bars(frame: pl.DataFrame, title: str, lang: str = "id", height: int | None = None) -> go.Figure:
    """Enrolled enterprises against their base per area (the enterprise_enrolment query), most
    enrolled share first; the pale bar is the base, the dark bar the enrolled."""
    rows = frame.filter(pl.col("enterprises").is_not_null()).sort("rate_pct", descending=True).to_dicts()
    names = [r["area_name"] for r in rows]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=names, x=[r["enterprises"] for r in rows], orientation="h", name=t("coop.legend.base", lang),
        marker_color="#c7e9b4",
        hovertext=[_enrolment_hover(r, lang) for r in rows], hoverinfo="text"))
    fig.add_trace(go.Bar(
        y=names, x=[r["enrolled"] for r in rows], orientation="h", name=t("coop.legend.enrolled", lang),
        marker_color=ACTUAL,
        hovertext=[_enrolment_hover(r, lang) for r in rows], hoverinfo="text"))
    fig.add_trace(value_labels([r["enterprises"] for r in rows], names, [
        f"{fmt.number(r['enrolled'], lang)} / {fmt.number(r['enterprises'], lang)} · {fmt.percent(r['rate_pct'], lang)}"
        for r in rows]))
    return _style(fig, title, lang, height or max(260, 60 + 24 * len(rows)), dict(l=label_margin(names), r=150, t=50, b=10),
                  barmode="overlay",
                  yaxis=dict(autorange="reversed"),
                  xaxis=dict(tickformat=",d", gridcolor="#e6e6e6"),
                  legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1))


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
