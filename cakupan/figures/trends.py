"""Lines over months: coverage trends, small multiples and target burn-ups."""

from __future__ import annotations

import math
from datetime import date

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from cakupan import fmt, provenance, user_text
from cakupan.figures.theme import ACTUAL, AFTER, LINE, TARGET, TITLE_ONE_LINE, house, month_ticks, nice_ceiling
from cakupan.i18n import t
from cakupan.targets import RATE_METRICS, Progress, add_months


# A month's dot: filled where both counts are published or imported, half-toned where the count of
# participants is but its base is synthetic, hollow where the count is synthetic too.
MARK_COLOUR = {"filled": LINE, "count_only": "#9ecae1", "hollow": "white"}
# Published months nearer than this (in months) have their diamonds' labels above and below in turn.
CLOSE_LABEL_MONTHS = 3


def mark_kind(row: dict) -> str:
    """Which dot a coverage_trend row gets (see MARK_COLOUR)."""
    if not (row["active_synthetic"] or row["workers_synthetic"]):
        return "filled"
    return "hollow" if row["active_synthetic"] else "count_only"


def trend_note(trend: pl.DataFrame, targets: pl.DataFrame, lang: str = "id") -> str:
    """The key to trend_figure's marks, naming only the marks that figure draws for these rows:
    diamonds where a source published a rate, filled and hollow dots as the months are, dashed
    lines where the area has coverage targets."""
    rows = trend.to_dicts()
    marks = {mark_kind(r) for r in rows}
    parts = []
    if provenance.published_points(rows, lang):
        parts.append(t("exp.trend_note.published", lang))
    if "filled" in marks:
        parts.append(t("exp.trend_note.filled", lang))
    if "count_only" in marks:
        parts.append(t("exp.trend_note.count_only", lang))
    if "hollow" in marks:
        parts.append(t("exp.trend_note.hollow", lang))
    if targets.filter(pl.col("metric") == "coverage_rate").height:
        parts.append(t("exp.trend_note.targets", lang))
    return " ".join(parts)


def label_positions(periods: list, close_months: int = CLOSE_LABEL_MONTHS) -> list[str]:
    """Where each published diamond's label goes: above it, or below where the label before it
    is above and fewer than `close_months` away. NTB's June and August 2025 ("30,7%", "33,25%")
    ran into one another ("30,7%33,25%") in Bandingkan's half-width chart."""
    out: list[str] = []
    for i, period in enumerate(periods):
        before = periods[i - 1] if i else None
        close = before is not None and (period.year - before.year) * 12 + period.month - before.month < close_months
        out.append("bottom center" if close and out[-1] == "top center" else "top center")
    return out


def trend_figure(trend: pl.DataFrame, targets: pl.DataFrame, title: str, lang: str = "id") -> go.Figure:
    """Monthly coverage rate of one area, synthetic months hollow, with its coverage-rate targets as
    dashed lines labelled with who set them."""
    rows = trend.to_dicts()
    published = provenance.published_points(rows, lang)
    # A published month reads as its diamond's label (as printed: 29,26%), the others to fmt's one
    # decimal, as the cards above the chart.
    shown = {p[0]: p[2] for p in published}
    fig = go.Figure(go.Scatter(
        x=[r["period"] for r in rows], y=[r["rate_pct"] for r in rows], mode="lines+markers",
        line=dict(color=LINE, width=2),
        marker=dict(size=6, color=[MARK_COLOUR[mark_kind(r)] for r in rows], line=dict(color=LINE, width=1.5)),
        name=t("metric.rate", lang),
        # Each count labelled on its own: a published count over a synthetic base is neither
        # "published" nor "synthetic" as a whole (review 3 F2).
        hovertext=[f"{fmt.month(r['period'], lang)}: "
                   f"{shown.get(r['period']) or fmt.percent(r['rate_pct'], lang)}<br>"
                   f"{t('metric.active', lang)} {fmt.number(r['active'], lang)}"
                   f" ({user_text.plotly(provenance.part_hover(r, 'active', lang))})<br>"
                   f"{t('metric.workers', lang)} {fmt.number(r['workers'], lang)}"
                   f" ({user_text.plotly(provenance.part_hover(r, 'workers', lang))})" for r in rows],
        hoverinfo="text",
    ))
    if published:  # published months: a filled diamond, labelled as the source printed the rate
        fig.add_trace(go.Scatter(
            x=[p[0] for p in published], y=[p[1] for p in published], mode="markers+text",
            marker=dict(symbol="diamond", size=10, color="#b35806", line=dict(color="white", width=1)),
            text=[p[2] for p in published], textposition=label_positions([p[0] for p in published]),
            textfont=dict(size=11, color="#b35806"),
            name=t("prov.badge.published", lang), hoverinfo="skip"))
    lines = targets.filter(pl.col("metric") == "coverage_rate").to_dicts()
    top = max([r["rate_pct"] or 0 for r in rows] + [line["target_value"] for line in lines] + [10])
    places = label_places([line["target_value"] for line in lines], [r["rate_pct"] for r in rows],
                          nice_ceiling(top * 1.1))
    for target, place in zip(lines, places):
        fig.add_hline(y=target["target_value"], line=dict(color="#b35806", width=1.5, dash="dash"),
                      annotation_text=t("exp.trend_target", lang, value=fmt.percent(target["target_value"], lang, 2),
                                        set_by=user_text.plotly(target["set_by"]),
                                        due=fmt.month(target["due_period"], lang, True)),
                      annotation_position=place, annotation_font=dict(size=11, color="#b35806"))
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left", font=dict(size=15)), height=320,
        margin=dict(l=10, r=10, t=44, b=10), showlegend=False,
        yaxis=dict(title=t("legend.rate", lang), range=[0, nice_ceiling(top * 1.1)], ticksuffix="%",
                   gridcolor="#eeeeee"),
        xaxis=dict(gridcolor="#f4f4f4", **month_ticks([r["period"] for r in rows], lang)),
    )
    return house(fig, lang)


# A target label's height as a share of the trend's y axis (11 px type in a plot about 230 px tall).
LABEL_SHARE = 0.065


def label_places(values: list[float], series: list[float | None], axis_top: float) -> list[str]:
    """Where each target line's label goes, so that labels cross neither the series nor each other:
    on the side of its line away from the months under it (the left third of the series, where the
    label is written), and where a label on that side would reach the next line, at the other end
    of the line instead."""
    under = sorted(v for v in series[:max(1, len(series) // 3)] if v is not None)
    level = under[len(under) // 2] if under else 0.0
    height = LABEL_SHARE * axis_top
    order = sorted(range(len(values)), key=lambda i: values[i])
    places = [""] * len(values)
    for rank, i in enumerate(order):
        side = "bottom" if level > values[i] else "top"
        neighbour = (values[order[rank + 1]] if side == "top" and rank + 1 < len(order)
                     else values[order[rank - 1]] if side == "bottom" and rank > 0 else None)
        crowded = neighbour is not None and abs(neighbour - values[i]) < height
        places[i] = f"{side} {'right' if crowded else 'left'}"
    return places


def small_multiples(trend: pl.DataFrame, title: str, lang: str = "id", columns: int = 3) -> go.Figure:
    """One small coverage-rate line per province, on a shared 0-based y axis so slopes compare.
    Each month's hover says how its rate came to be, and a published month reads as its source
    printed it, as in trend_figure (NTT, December 2024: 33%, not 33,0%)."""
    names = trend.select("province_code", "province_name").unique().sort("province_code")
    n = names.height
    rows_n = max(1, math.ceil(n / columns))
    fig = make_subplots(rows=rows_n, cols=columns, shared_xaxes=True, shared_yaxes=True,
                        subplot_titles=names["province_name"].to_list(), vertical_spacing=0.14 / max(rows_n - 2, 1),
                        horizontal_spacing=0.04)
    top = trend["rate_pct"].max() or 10
    for i, (code, name) in enumerate(names.iter_rows()):
        part = trend.filter(pl.col("province_code") == code).sort("period").to_dicts()
        printed = {p[0]: p[2] for p in provenance.published_points(part, lang)}
        shown = [printed.get(r["period"]) or fmt.percent(r["rate_pct"], lang) for r in part]
        last = part[-1] if part else None
        fig.add_trace(go.Scatter(
            x=[r["period"] for r in part], y=[r["rate_pct"] for r in part], mode="lines",
            line=dict(color=LINE, width=2), showlegend=False, name=name,
            # the kind on a line of its own: "… sebagian hasil impor, batch 12" is wider than a phone's panel
            hovertext=[f"{name}, {fmt.month(r['period'], lang)}: {text}<br>"
                       f"{user_text.plotly(provenance.rate_label(r, lang))}" for r, text in zip(part, shown)],
            hoverinfo="text"), row=i // columns + 1, col=i % columns + 1)
        if last:
            fig.add_trace(go.Scatter(
                x=[last["period"]], y=[last["rate_pct"]], mode="markers+text", marker=dict(color=LINE, size=6),
                text=[shown[-1]], textposition="top left", showlegend=False,
                hoverinfo="skip", textfont=dict(size=11)), row=i // columns + 1, col=i % columns + 1)
    fig.update_yaxes(range=[0, nice_ceiling(top * 1.15)], ticksuffix="%", gridcolor="#eeeeee", nticks=4)
    fig.update_xaxes(gridcolor="#f4f4f4", **month_ticks(trend["period"].to_list(), lang, every=12))
    fig.update_annotations(font_size=12)
    # A title on two lines (what and where, so that neither is cut on a phone) gets the room of a
    # second line above the first row's panel titles.
    extra = 22 * title.count("<br>")
    fig.update_layout(title=dict(text=title, x=0.01, xanchor="left", font=dict(size=15)),
                      height=150 + 170 * rows_n + extra, margin=dict(l=10, r=10, t=70 + extra, b=10))
    return house(fig, lang)


# Dark2 colours, and a different dash per window, so the lines also part in black-and-white print.
PROJECTION_STYLE = {3: ("#d95f02", "dash"), 6: ("#7570b3", "dashdot"), 12: ("#1b9e77", "longdash")}


def _style(fig: go.Figure, title: str, lang: str, height: int, margin: dict, title_size: int = 15,
           **layout) -> go.Figure:
    """The layout every figure here shares: title at the left, the house font, the reader's number
    separators, a white ground; `layout` adds each figure's own axes, legend and hover settings."""
    fig.update_layout(
        title=dict(text=title, x=0.01, xanchor="left", font=dict(size=title_size)),
        height=height,
        margin=margin,
        **layout,
    )
    return house(fig, lang)


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
        # The legend names the pace's window only, so that it fits a phone's width; the hover gives
        # the method and its months, the caption under the chart the method again.
        fig.add_trace(go.Scatter(
            x=[d for d, _ in p.path], y=[v for _, v in p.path], mode="lines",
            name=t("tgt.legend.projection", lang, n=p.window),
            line=dict(color=colour, width=2, dash=dash),
            hovertext=[f"{t('tgt.projection_word', lang)} ({method}) · {fmt.month(d, lang)}: "
                       f"{metric_value(v, metric, lang)}" for d, v in p.path],
            hoverinfo="text"))

    if judged is not None and x_end > judged:
        # Shade everything after the evaluation month: what lies there is projection, not data.
        fig.add_vrect(x0=judged, x1=add_months(x_end, 1), fillcolor="#f0f0f0", opacity=0.6, line_width=0, layer="below")
        fig.add_vline(x=judged, line=dict(color="#666666", width=1))
        # Centred on the line it explains ("data to … | projection →"), so that on a narrow chart it
        # does not run past the right edge when the evaluation month is the last one drawn.
        fig.add_annotation(x=judged, y=1.0, yref="paper", xanchor="center", yanchor="bottom", showarrow=False,
                           text=t("tgt.beyond_data", lang, month=fmt.month(judged, lang, short=True)),
                           font=dict(size=11, color="#555555"))
    yaxis = dict(rangemode="tozero", gridcolor="#e6e6e6")
    if metric in RATE_METRICS:
        yaxis.update(ticksuffix="%", title=t("tgt.axis.rate", lang))
    else:
        yaxis.update(title=t(f"tgt.axis.{metric}", lang), tickformat=",d")
    # "Tingkat cakupan (basis UCJ) — Nusa Tenggara Barat (52)" is wider than a phone: two lines.
    title = title.replace(" — ", "<br>", 1) if len(title) > TITLE_ONE_LINE else title
    top = 60 + 20 * title.count("<br>")
    return _style(fig, title, lang, height + top - 60, dict(l=10, r=10, t=top, b=10),
                  yaxis=yaxis,
                  xaxis=dict(gridcolor="#f3f3f3"),
                  legend=dict(orientation="h", yanchor="top", y=-0.16, xanchor="left", x=0, font=dict(size=11),
                              entrywidth=1, entrywidthmode="fraction"),
                  hoverlabel=dict(bgcolor="white", font_size=12, align="left"))
