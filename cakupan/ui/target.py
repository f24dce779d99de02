"""Target: one row per target with progress, gap and pace, and a card of details on demand."""

from __future__ import annotations

import html
import re
from datetime import date

import polars as pl
import streamlit as st

from cakupan import fmt, user_text
from cakupan.figures.trends import burn_up, metric_value
from cakupan.i18n import t
from cakupan.provenance import ASSUMED_DUE, Provenance, due_assumed, note_text, source_name
from cakupan.targets import RATE_METRICS, Progress, Projection, metric_label as target_metric_label
from cakupan.ui import widgets
from cakupan.ui.touch import NARROW_PX


def area_label(row: dict, lang: str) -> str:
    """'Nusa Tenggara Barat (52)' or 'Indonesia (nasional)'."""
    if row["area_level"] == "national":
        return t("tgt.area.national", lang)
    return f"{row['area_name']} ({row['area_code']})"


def metric_label(row: dict, lang: str) -> str:
    """'Tingkat cakupan (basis UCJ)' or 'UMKM terdaftar' (targets.metric_label)."""
    return target_metric_label(row["metric"], row["basis"], lang)


def pace_text(value: float | None, metric: str, lang: str) -> str:
    """A monthly pace: '+0,27 poin/bulan' or '+1.234/bulan'."""
    if value is None:
        return "–"
    if metric in RATE_METRICS:
        return t("tgt.pace.points", lang, value=fmt.points(value, lang, unit=False))
    return t("tgt.pace.units", lang, value=fmt.signed(round(value), lang))


HORIZON_YEARS = 10


def beyond_horizon(p: Projection) -> bool:
    """A reach month more than HORIZON_YEARS after the month projected from: a straight line that
    far out says only "not in any useful time", so no month is printed."""
    start = p.path[0][0] if p.path else p.from_period  # the path starts at the evaluated month
    return p.reach_period is not None and start is not None and (
        (p.reach_period.year - start.year) * 12 + p.reach_period.month - start.month > HORIZON_YEARS * 12)


def projection_verdict(p: Projection, due: date, lang: str) -> str:
    """The reach month of one projection, or why there is none."""
    if p.status in ("reaches", "not_by_due") and p.reach_period and beyond_horizon(p):
        return t("tgt.verdict.beyond", lang, years=HORIZON_YEARS)
    if p.status == "reaches":
        return t("tgt.verdict.reaches", lang, month=fmt.month(p.reach_period, lang))
    if p.status == "not_by_due":
        return t("tgt.verdict.not_by_due", lang, month=fmt.month(p.reach_period, lang))
    if p.status == "met":
        return t("tgt.verdict.met", lang)
    if p.status == "never":
        return t("tgt.verdict.never", lang)
    return t("tgt.verdict.no_history", lang, month=fmt.month(p.from_period, lang) if p.from_period else "–")


def projection_summary(progress: Progress, lang: str) -> str | None:
    """One sentence on the projections: the earliest reach month, or 'not by the due date at this pace'."""
    if progress.gap_value is None or progress.gap_value <= 0:
        return None
    known = [p for p in progress.projections if p.status != "no_history"]
    reaching = sorted((p for p in known if p.status == "reaches"), key=lambda p: (p.reach_period, p.window))
    if reaching:
        return t("tgt.summary.some", lang, n=reaching[0].window, month=fmt.month(reaching[0].reach_period, lang))
    if known and all(p.status == "never" or beyond_horizon(p) for p in known):
        return t("tgt.summary.beyond", lang, years=HORIZON_YEARS)
    if known:
        return t("tgt.summary.none", lang, due=fmt.month(progress.due_period, lang))
    return None


def status_text(progress: Progress, lang: str) -> str:
    return t(f"tgt.status.{progress.status}", lang,
             due=fmt.month(progress.due_period, lang),
             first=fmt.month(progress.first_period, lang) if progress.first_period else "–")


def gap_text(progress: Progress, metric: str, lang: str) -> str:
    """The gap as actual minus target (fmt.gap): "kurang 3,20 poin · 12.345 orang" or
    "terlampaui +11,51 poin"; the same convention as the briefing PDF."""
    if progress.gap_value is None:
        return "–"
    if metric not in RATE_METRICS:
        return fmt.gap(-progress.gap_value, lang, unit="count")
    text = fmt.gap(-progress.gap_value, lang)
    if progress.gap_value > 0 and progress.gap_units:
        unit = t("tgt.unit.people" if metric in ("coverage_rate", "active_participants") else "tgt.unit.units", lang)
        text += f" · {fmt.number(progress.gap_units, lang)} {unit}"
    return text


def active_batches(batches: pl.DataFrame) -> str:
    """The ids of the active import batches, for a provenance line."""
    return ", ".join(str(b) for b in batches.filter(pl.col("status") == "active")["batch_id"].sort().to_list())


def summary_frame(rows: list[tuple[dict, Progress]], lang: str) -> pl.DataFrame:
    """One row per target, every column named in the reader's language."""
    records = []
    for target, p in rows:
        proj = {pr.window: pr for pr in p.projections}
        record = {
            t("tgt.col.set_by", lang): target["set_by"],
            t("tgt.col.area", lang): area_label(target, lang),
            t("tgt.col.metric", lang): metric_label(target, lang),
            t("tgt.col.target", lang): metric_value(target["target_value"], target["metric"], lang),
            t("tgt.col.due", lang): target["due_period"],
            t("tgt.col.evaluated", lang): p.period,
            t("tgt.col.value", lang): metric_value(p.value, target["metric"], lang),
            t("tgt.col.progress", lang): p.progress_pct,
            t("tgt.col.gap", lang): gap_text(p, target["metric"], lang),
            t("tgt.col.pace_needed", lang): pace_text(p.pace_needed, target["metric"], lang),
            t("tgt.col.status", lang): status_text(p, lang),
        }
        for window in (3, 6, 12):
            record[t("tgt.col.projection", lang, n=window)] = (
                projection_verdict(proj[window], p.due_period, lang) if window in proj else "–")
        record[t("col.synthetic", lang)] = p.synthetic
        record[t("tgt.col.source", lang)] = source_name(target["source_title"], lang)
        record[t("col.batch", lang)] = str(target["batch_id"])
        records.append(record)
    return pl.DataFrame(records, infer_schema_length=None)


# On screen the summary keeps what a reader scans first; the download keeps every column.
SUMMARY_COLUMNS = ("tgt.col.set_by", "tgt.col.area", "tgt.col.metric", "tgt.col.target", "tgt.col.value",
                   "tgt.col.progress", "tgt.col.gap", "tgt.col.pace_needed", "tgt.col.status")


def summary_table(summary: pl.DataFrame, rows: list[tuple[dict, Progress]], provenance: Provenance,
                  lang: str) -> None:
    """One row per target: who set it, the value against the target, progress, gap and pace. On a
    phone the table's first columns (who set it, area, metric) filled the screen and the figures
    were off to the right: there a compact view (phone_view) takes its place, and the wide table's
    downloads stay."""
    shown = summary.select(t(key, lang) for key in SUMMARY_COLUMNS)
    st.html(f"<style>{PHONE_CSS}</style>")
    with st.container(key="targets_narrow"):  # above the wide table's downloads, which a phone keeps
        st.html(phone_view(rows, lang))
    with st.container(key="targets_wide"):
        widgets.table(summary, "targets_summary", provenance, lang, height=38 + 35 * summary.height,
                      # display(), not a bare styler: a target with no value yet read "None" in its progress cell.
                      display=widgets.display(shown, lang, {t("tgt.col.progress", lang): fmt.PERCENT_DIGITS}))


# One view per width: the wide table's grid is hidden on a narrow screen (its downloads are not),
# the compact view everywhere else. The width is touch.NARROW_PX's, where the tap targets grow.
PHONE_CSS = f"""
@media (max-width: {NARROW_PX}px) {{
  .st-key-targets_wide [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]) {{ display: none !important; }}
}}
@media (min-width: {NARROW_PX + 1}px) {{ .st-key-targets_narrow {{ display: none !important; }} }}
.targets-phone {{ width: 100%; border-collapse: collapse; font-size: 0.875rem; line-height: 1.3; }}
.targets-phone th {{ text-align: left; font-weight: 600; color: rgba(49, 51, 63, 0.7); padding: 4px 6px 4px 0;
  border-bottom: 1px solid rgba(49, 51, 63, 0.2); }}
.targets-phone td {{ vertical-align: top; padding: 6px 6px 6px 0; border-bottom: 1px solid rgba(49, 51, 63, 0.1); }}
.targets-phone .num {{ text-align: right; white-space: nowrap; }}
.targets-phone small {{ display: block; color: rgba(49, 51, 63, 0.65); font-size: 0.75rem; white-space: normal; }}
.targets-phone .num small {{ white-space: nowrap; }}
"""


def phone_gap(progress: Progress, metric: str, lang: str) -> tuple[str, str | None]:
    """The gap in a narrow cell: "kurang 29,36 poin" (fmt.gap, as the wide table and the cards
    write it) and, under it, the people still needed."""
    if progress.gap_value is None:
        return "–", None
    unit = "points" if metric in RATE_METRICS else "count"
    people = None
    if metric in RATE_METRICS and progress.gap_value > 0 and progress.gap_units:
        unit_key = "tgt.unit.people" if metric in ("coverage_rate", "active_participants") else "tgt.unit.units"
        people = f"{fmt.number(progress.gap_units, lang)} {t(unit_key, lang)}"
    return fmt.gap(-progress.gap_value, lang, unit), people


NUM = ' class="num"'


def phone_view(rows: list[tuple[dict, Progress]], lang: str) -> str:
    """The summary for a phone: area, actual, target and gap side by side, each row naming its
    metric and who set it under the area. Every imported text is escaped (shown as text)."""
    def cell(text: str, sub: str | None = None, num: bool = False, tag: str = "td") -> str:
        small = f"<small>{html.escape(sub)}</small>" if sub else ""
        return f"<{tag}{NUM if num else ''}>{html.escape(text)}{small}</{tag}>"

    def gap_cell(text: str, sub: str | None) -> str:
        # "kurang" over "29,36 poin": the word and the figure each on a line of their own.
        parts = re.match(r"^(\D*?)\s+([+\-−]?\d.*)$", text)
        lines = [html.escape(part) for part in (parts.groups() if parts else (text,))]
        small = f"<small>{html.escape(sub)}</small>" if sub else ""
        return f"<td{NUM}>{'<br>'.join(lines)}{small}</td>"

    head = "".join(cell(t(key, lang), num=key != "tgt.col.area", tag="th")
                   for key in ("tgt.col.area", "tgt.col.value", "tgt.col.target", "tgt.col.gap_short"))
    body = []
    for target, progress in rows:
        name = t("tgt.area.national_short", lang) if target["area_level"] == "national" else target["area_name"]
        gap, people = phone_gap(progress, target["metric"], lang)
        body.append("<tr>" + cell(name, f"{metric_label(target, lang)} · {target['set_by']}")
                    + cell(metric_value(progress.value, target["metric"], lang), num=True)
                    + cell(metric_value(target["target_value"], target["metric"], lang),
                           fmt.month(target["due_period"], lang, short=True) + ("*" if due_assumed(target) else ""),
                           num=True)
                    + gap_cell(gap, people) + "</tr>")
    # An assumed due date is said to be one, as the card's note and the briefing say it.
    note = (f"<p><small>* {html.escape(t(ASSUMED_DUE[1:], lang))}</small></p>"
            if any(due_assumed(target) for target, _ in rows) else "")
    return f'<table class="targets-phone"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{note}'


def target_card(target: dict, series: pl.DataFrame, progress: Progress, related: dict[str, list[int]],
                by_id: dict[int, dict], batches: str, lang: str) -> None:
    """One target: who set it, progress, gap, pace needed, projections and the burn-up chart."""
    metric = target["metric"]
    with st.container(border=True):
        st.markdown(f"**{user_text.md(target['set_by'])}** · {metric_label(target, lang)} · {area_label(target, lang)}")
        source = user_text.source_md(source_name(target["source_title"], lang), target["source_url"])
        st.caption(t("tgt.source_line", lang, source=source,
                     start=fmt.month(target["start_period"], lang), due=fmt.month(target["due_period"], lang))
                   + (f"  \n{t('tgt.note', lang)}: {user_text.md(note_text(target['note'], lang))}" if target["note"] else ""))
        for other in related["conflicts"]:
            o = by_id[other]
            st.warning(t("tgt.conflict", lang, value=metric_value(o["target_value"], metric, lang), set_by=user_text.md(o["set_by"])),
                       icon=":material/balance:")
        if progress.status == "untracked":
            # The target itself, but no actual, progress or gap: the app has no series of its metric.
            st.metric(t("tgt.metric_target", lang, month=fmt.month(progress.due_period, lang, short=True)),
                      metric_value(progress.target_value, metric, lang))
            st.info(status_text(progress, lang))
            return
        if progress.status == "no_data":
            st.info(status_text(progress, lang))
            return
        cols = [c for _ in range(2) for c in st.columns(2)]
        cols[0].metric(t("tgt.metric_value", lang, month=fmt.month(progress.period, lang, short=True)),
                       metric_value(progress.value, metric, lang),
                       help=t("tgt.help.value", lang, numerator=fmt.number(progress.numerator, lang),
                              denominator=fmt.number(progress.denominator, lang)))
        cols[1].metric(t("tgt.metric_target", lang, month=fmt.month(progress.due_period, lang, short=True)),
                       metric_value(progress.target_value, metric, lang))
        cols[2].metric(t("tgt.metric_progress", lang), fmt.percent(progress.progress_pct, lang))
        cols[3].metric(t("tgt.metric_gap", lang),
                       fmt.gap(-progress.gap_value, lang, "points" if metric in RATE_METRICS else "count"),
                       help=gap_text(progress, metric, lang))
        lines = [status_text(progress, lang)]
        if progress.months_left:
            lines.append(t("tgt.pace_needed", lang, pace=pace_text(progress.pace_needed, metric, lang),
                           months=progress.months_left, due=fmt.month(progress.due_period, lang)))
        elif progress.gap_value is not None and progress.gap_value > 0:
            lines.append(t("tgt.pace_planned", lang, pace=pace_text(progress.planned_pace, metric, lang),
                           start=fmt.month(progress.baseline_period, lang), due=fmt.month(progress.due_period, lang)))
        lines.append(t("tgt.gap_line", lang, gap=gap_text(progress, metric, lang)))
        summary = projection_summary(progress, lang)
        if summary:
            lines.append(summary)
        if progress.synthetic:
            lines.append(t("tgt.synthetic_series", lang))
        st.markdown("  \n".join(lines))
        milestones = tuple((by_id[i]["due_period"], by_id[i]["target_value"],
                            t("tgt.legend.milestone", lang, set_by=user_text.plotly(by_id[i]["set_by"]),
                              due=fmt.month(by_id[i]["due_period"], lang, short=True)))
                           for i in related["path"])
        title = t("tgt.chart_title", lang, metric=metric_label(target, lang), area=area_label(target, lang))
        provenance = Provenance((target["source_title"], t("tgt.series_source", lang, batches=batches)),
                                      fmt.month(progress.period, lang), target["basis"], progress.synthetic)
        widgets.chart(burn_up(series, progress, metric, title, lang, milestones), f"burnup_{target['target_id']}",
                    provenance, lang)
        projections = pl.DataFrame([{
            t("tgt.col.window", lang): t("tgt.window", lang, n=p.window),
            t("tgt.col.pace", lang): pace_text(p.pace_per_month, metric, lang),
            t("tgt.col.reach", lang): projection_verdict(p, progress.due_period, lang),
        } for p in progress.projections])
        widgets.table(projections, f"projections_{target['target_id']}", provenance, lang)
        st.caption(t("tgt.projection_method", lang, month=fmt.month(progress.period, lang)) + " "
                   + t("tgt.projection_caveat", lang))
