"""Target arithmetic: progress, gap, pace needed, and linear projections at recent paces."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import polars as pl

from cakupan.i18n import t

PACE_WINDOWS = (3, 6, 12)
RATE_METRICS = {"coverage_rate"}
# The metrics the database holds a monthly series for. A target on any other metric (registered
# participants: active and inactive together) is shown as a target only; measuring it against
# another series (active participants) would invent a gap the source never stated.
TRACKED_METRICS = {"coverage_rate", "active_participants", "enrolled_umkm", "enrolled_koperasi"}


def add_months(d: date, n: int) -> date:
    """The first of the month n months after (or before) d."""
    index = d.year * 12 + d.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    """Whole months from start to end (negative when end is earlier)."""
    return (end.year - start.year) * 12 + end.month - start.month


@dataclass(frozen=True)
class Projection:
    """Where the last `window` months' average monthly change would take the metric.

    status: 'met' (already at or above the target), 'reaches' (by the due date),
    'not_by_due' (later than the due date), 'never' (the pace is flat or falling),
    'no_history' (the series does not go back `window` months).
    """
    window: int
    status: str
    pace_per_month: float | None = None
    from_period: date | None = None
    reach_period: date | None = None
    path: tuple[tuple[date, float], ...] = ()


@dataclass(frozen=True)
class Progress:
    """A target evaluated at one month, from its metric's monthly series.

    status: 'open' (due date ahead), 'met' (reached at or before the evaluation month while the
    due date is ahead), 'met_at_due' / 'missed_at_due' (the due month is in the data and has
    passed or is the evaluation month), 'no_data' (no data in or before the evaluation month,
    or the due date is before the first month of data), 'untracked' (the target's metric has no
    series in the database, e.g. registered participants).
    """
    status: str
    target_value: float
    due_period: date
    period: date | None = None          # the month evaluated (the as-of month, or the due month)
    value: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    synthetic: bool = False
    first_period: date | None = None    # first month of data (the baseline when the start is earlier)
    baseline_period: date | None = None
    baseline_value: float | None = None
    progress_pct: float | None = None   # value ÷ target
    gap_value: float | None = None      # points for a rate, units for a count
    gap_units: int | None = None        # people or enterprises still needed
    months_left: int | None = None
    pace_needed: float | None = None    # per month, from the evaluation month to the due date
    planned_pace: float | None = None   # per month, from the baseline to the due date
    projections: tuple[Projection, ...] = ()


def people_needed(target_value: pl.Expr, active: pl.Expr, workers: pl.Expr, is_rate: pl.Expr) -> pl.Expr:
    """People (or enterprises) a target still asks for, negative once it is exceeded: for a rate
    target, target × workers − active, rounded up to whole people (at the current workers); for a
    count target, target − active. The one rule behind Target's "orang lagi", the gap maps and
    Tinjauan Wilayah's "di mana bertindak"."""
    # round(6) before ceil, so that floating-point noise in target × workers does not add a person.
    return pl.when(is_rate).then((target_value / 100.0 * workers - active).round(6).ceil()).otherwise(
        (target_value - active).round(6).ceil())


def people_needed_for(metric: str, target_value: float, numerator: int, denominator: int | None) -> int | None:
    """people_needed for one target and one area's figures, negative once exceeded; None for a rate
    target with no denominator (it asks for no count of people)."""
    if metric in RATE_METRICS and not denominator:
        return None
    return int(pl.select(people_needed(pl.lit(float(target_value)), pl.lit(numerator, pl.Float64),
                                       pl.lit(denominator, pl.Float64), pl.lit(metric in RATE_METRICS))).item())


def gap_units(metric: str, target_value: float, numerator: int, denominator: int | None) -> int:
    """People (or enterprises) still needed, none once the target is met (people_needed); a rate
    target with no denominator asks for none that can be counted."""
    return max(people_needed_for(metric, target_value, numerator, denominator) or 0, 0)


def metric_label(metric: str, basis: str | None, lang: str) -> str:
    """What a target measures, named one way on every page and in every PDF: 'Tingkat cakupan
    (basis UCJ)', 'Peserta aktif', 'UMKM terdaftar'."""
    label = t(f"tgt.metric.{metric}", lang)
    return f"{label} ({t(f'basis.{basis}.short', lang)})" if basis else label


def project(series: list[tuple[date, float]], as_of: date, target_value: float, due: date, window: int,
            horizon: date) -> Projection:
    """A straight line at the average monthly change of the last `window` months up to `as_of`,
    drawn from `as_of` to `horizon`; the reach month is the first month at or above the target."""
    values = dict(series)
    if as_of not in values:
        return Projection(window, "no_history")
    start = add_months(as_of, -window)
    if start not in values:
        return Projection(window, "no_history", from_period=start)
    current = values[as_of]
    pace = (current - values[start]) / window
    steps = max(months_between(as_of, horizon), 0)
    path = tuple((add_months(as_of, k), current + pace * k) for k in range(steps + 1))
    if current >= target_value:
        return Projection(window, "met", pace, start, as_of, path)
    if pace <= 0:
        return Projection(window, "never", pace, start, None, path)
    # round() absorbs floating-point noise so that an exact hit is not pushed a month later.
    reach = add_months(as_of, math.ceil(round((target_value - current) / pace, 9)))
    return Projection(window, "reaches" if reach <= due else "not_by_due", pace, start, reach, path)


def evaluate(series: pl.DataFrame, metric: str, target_value: float, start: date, due: date,
             as_of: date, windows: tuple[int, ...] = PACE_WINDOWS) -> Progress:
    """Evaluate a target at `as_of` from its monthly series (period, value, numerator, denominator,
    is_synthetic). Only data up to `as_of` is used; a due date already passed is judged at the
    due month. Projections run from `as_of` to the due date, or 12 months on when it is not ahead."""
    if metric not in TRACKED_METRICS:
        return Progress("untracked", target_value, due)
    rows = series.filter(pl.col("period") <= as_of).sort("period").to_dicts()
    if not rows or due < rows[0]["period"]:
        return Progress("no_data", target_value, due, first_period=rows[0]["period"] if rows else None)
    by_period = {r["period"]: r for r in rows}
    first = rows[0]["period"]
    baseline_period = start if start in by_period else first
    baseline = by_period[baseline_period]["value"]
    judged = due if due <= as_of else rows[-1]["period"]
    if judged not in by_period:
        return Progress("no_data", target_value, due, first_period=first)
    row = by_period[judged]
    value = row["value"]
    months_left = max(months_between(judged, due), 0)
    gap = target_value - value
    if due <= as_of:
        status = "met_at_due" if value >= target_value else "missed_at_due"
    else:
        status = "met" if value >= target_value else "open"
    planned_span = months_between(baseline_period, due)
    planned = (target_value - baseline) / planned_span if planned_span > 0 else None
    pace_needed = max(gap, 0) / months_left if months_left > 0 else None
    horizon = due if due > judged else add_months(judged, 12)
    points = [(r["period"], r["value"]) for r in rows]
    projections = tuple(project(points, judged, target_value, due, w, horizon) for w in windows)
    return Progress(
        status=status, target_value=target_value, due_period=due, period=judged, value=value,
        numerator=row["numerator"], denominator=row["denominator"], synthetic=bool(row["is_synthetic"]),
        first_period=first, baseline_period=baseline_period, baseline_value=baseline,
        progress_pct=100.0 * value / target_value if target_value else None,
        gap_value=gap, gap_units=gap_units(metric, target_value, row["numerator"], row["denominator"]),
        months_left=months_left, pace_needed=pace_needed, planned_pace=planned, projections=projections)


def relations(targets: pl.DataFrame) -> dict[int, dict[str, list[int]]]:
    """For each target, the other targets on the same area, metric and basis: 'conflicts' share
    its due date with a different value; 'path' are the same setter's other milestones."""
    rows = targets.to_dicts()
    out: dict[int, dict[str, list[int]]] = {}
    for r in rows:
        same = [o for o in rows if o["target_id"] != r["target_id"] and o["area_level"] == r["area_level"]
                and o["area_code"] == r["area_code"] and o["metric"] == r["metric"] and o["basis"] == r["basis"]]
        out[r["target_id"]] = {
            "conflicts": [o["target_id"] for o in same
                          if o["due_period"] == r["due_period"] and o["target_value"] != r["target_value"]],
            "path": [o["target_id"] for o in same
                     if o["set_by"] == r["set_by"] and o["due_period"] != r["due_period"]],
        }
    return out
