"""Gaps against targets, rankings, and where to act first."""

from __future__ import annotations

from datetime import date

import polars as pl

from cakupan.bands import Band, with_bands
from cakupan.choices import ALL
from cakupan.drill import View, scope
from cakupan.targets import people_needed


def applicable_targets(targets: pl.DataFrame, period: date, basis: str, choice: str = "nearest") -> pl.DataFrame:
    """One target per area for the gap metrics, from the rows of the `targets` query.

    A target counts when it measures coverage on this basis or active participants, and is not
    yet past due at `period`; `choice` other than "nearest" keeps only that setter kind. Of the
    rest, each area takes the one due soonest (a coverage-rate target before a participant
    target, then the lowest id). `alternatives` counts the other targets that also qualified.
    Areas with no row here have no target: none is ever made up.
    """
    rows = targets.filter(
        ((pl.col("metric") == "coverage_rate") & (pl.col("basis") == basis))
        | (pl.col("metric") == "active_participants"),
        pl.col("due_period") >= period,
    )
    if choice != "nearest":
        rows = rows.filter(pl.col("setter_kind") == choice)
    ordered = rows.with_columns((pl.col("metric") != "coverage_rate").alias("_participants")).sort(
        ["area_level", "area_code", "due_period", "_participants", "target_id"])
    return (
        ordered.group_by(["area_level", "area_code"], maintain_order=True)
        .agg(pl.all().first(), pl.len().alias("alternatives"))
        .with_columns(pl.col("alternatives") - 1)
        .drop("_participants")
    )


def with_gaps(frame: pl.DataFrame, chosen: pl.DataFrame, level: str, filtered: bool) -> pl.DataFrame:
    """Add the target columns and the gaps (target minus actual: positive means behind target).

    gap_pts: a rate target minus the rate; for a participant target, the rate it implies.
    gap_people: the people the target still asks for (targets.people_needed, as the Target page
    counts them), negative where it is exceeded.
    A segment or enterprise-kind filter leaves every gap empty: targets are set on all workers.
    """
    mine = chosen.filter(pl.col("area_level") == level).select(
        pl.col("area_code"),
        pl.col("target_id"),
        pl.col("set_by").alias("target_set_by"),
        pl.col("metric").alias("target_metric"),
        pl.col("target_value"),
        pl.col("due_period").alias("target_due"),
        pl.col("source_title").alias("target_source"),
        pl.col("alternatives").alias("target_alternatives"),
    )
    out = frame.join(mine, on="area_code", how="left")
    is_rate = pl.col("target_metric") == "coverage_rate"
    implied_rate = pl.when(is_rate).then(pl.col("target_value")).otherwise(
        100.0 * pl.col("target_value") / pl.col("workers"))
    # The Target page's rule: Kalimantan Barat read +603.494 here and 603.495 people there.
    people = people_needed(pl.col("target_value"), pl.col("active"), pl.col("workers"), is_rate)
    if filtered:
        return out.with_columns(pl.lit(None, pl.Float64).alias("gap_pts"), pl.lit(None, pl.Float64).alias("gap_people"))
    return out.with_columns(
        (implied_rate - pl.col("rate_pct")).alias("gap_pts"),
        people.cast(pl.Float64).alias("gap_people"),
    )


def rows_on_map(coverage: pl.DataFrame, targets: pl.DataFrame, bands: tuple[Band, ...], view: View, period: date,
             basis: str, segment: str, kind: str, target_choice: str) -> pl.DataFrame:
    """The area_coverage rows that the map of `view` draws, with target gaps and UCJ bands added."""
    shown = scope(coverage, view)
    chosen = applicable_targets(targets, period, basis, target_choice)
    level = "province" if view.level == "province" else "regency"
    gaps = with_gaps(shown, chosen, level, filtered=(segment != ALL or kind != ALL))
    return with_bands(gaps, bands)


RANKINGS = {
    # key: (column, descending) — the order that puts the best (or most urgent) first
    "rate": ("rate_pct", True),
    "active": ("active", True),
    "uncovered": ("uncovered", True),
    "change_12m": ("rate_change_pts", True),
    "gap_pts": ("gap_pts", False),
}


def ranking(frame: pl.DataFrame, by: str = "rate") -> pl.DataFrame:
    """Rows ordered by a ranking key, with `position` 1..n (ties share a position; missing values last)."""
    column, descending = RANKINGS[by]
    ordered = frame.sort([column, "area_code"], descending=[descending, False], nulls_last=True)
    return ordered.with_columns(
        pl.col(column).rank("min", descending=descending).cast(pl.Int64).alias("position"))


def top_bottom(frame: pl.DataFrame, n: int = 5, by: str = "rate") -> tuple[pl.DataFrame, pl.DataFrame]:
    """The n best and the n worst rows by `by` (rows without a value are left out); worst listed worst first.
    With fewer than 2n rows each list takes half (rounded down), so no area is both among the best
    and among the worst (a Kanwil of nine provinces: four and four)."""
    column, descending = RANKINGS[by]
    ranked = ranking(frame.filter(pl.col(column).is_not_null()), by)
    n = min(n, ranked.height // 2)
    return ranked.head(n), ranked.tail(n).reverse()


def kanwil_median(regencies: pl.DataFrame) -> float | None:
    """The median coverage rate of the kabupaten/kota given (each area counts once)."""
    rates = regencies["rate_pct"].drop_nulls()
    return float(rates.median()) if rates.len() else None


def reference_rates(regencies: pl.DataFrame, reference: str, chosen: pl.DataFrame, kanwil: str) -> pl.DataFrame:
    """The rate each kabupaten/kota is measured against, with who set it.

    "median": the Kanwil median for all. "target": the area's own coverage-rate target, else its
    province's, else its Kanwil's; areas with none get no reference (they are not ranked).
    """
    if reference == "median":
        median = kanwil_median(regencies)
        return regencies.with_columns(pl.lit(median, pl.Float64).alias("reference_pct"),
                                      pl.lit(None, pl.String).alias("reference_set_by"),
                                      pl.lit(None, pl.String).alias("reference_area"))
    rates = chosen.filter(pl.col("metric") == "coverage_rate").select(
        "area_level", "area_code", pl.col("target_value").alias("value"), pl.col("set_by"))
    own = rates.filter(pl.col("area_level") == "regency").drop("area_level")
    parent = rates.filter(pl.col("area_level") == "province").rename({"area_code": "province_code"}).drop("area_level")
    office = rates.filter(pl.col("area_level") == "kanwil", pl.col("area_code") == kanwil)
    office_value = office["value"][0] if office.height else None
    office_by = office["set_by"][0] if office.height else None
    out = (
        regencies
        .join(own.rename({"value": "own_value", "set_by": "own_by"}), on="area_code", how="left")
        .join(parent.rename({"value": "parent_value", "set_by": "parent_by"}), on="province_code", how="left")
    )
    return out.with_columns(
        pl.coalesce("own_value", "parent_value", pl.lit(office_value, pl.Float64)).alias("reference_pct"),
        pl.coalesce("own_by", "parent_by", pl.lit(office_by, pl.String)).alias("reference_set_by"),
        pl.when(pl.col("own_value").is_not_null()).then(pl.lit("regency"))
        .when(pl.col("parent_value").is_not_null()).then(pl.lit("province"))
        .when(pl.lit(office_value is not None)).then(pl.lit("kanwil"))
        .otherwise(pl.lit(None, pl.String)).alias("reference_area"),
    ).drop("own_value", "own_by", "parent_value", "parent_by")


def where_to_act(regencies: pl.DataFrame, reference: str, chosen: pl.DataFrame, kanwil: str) -> pl.DataFrame:
    """The kabupaten/kota ranked by the people who would be covered if each reached its reference rate.

    people_to_cover: the people the reference rate still asks for (targets.people_needed, whole
    people, as the Target page and the gap maps count them), none where it is reached. Areas
    without a reference or without data are left out; ties are ordered by code.
    """
    measured = reference_rates(regencies, reference, chosen, kanwil).filter(
        pl.col("reference_pct").is_not_null(), pl.col("workers").is_not_null(), pl.col("active").is_not_null())
    people = people_needed(pl.col("reference_pct"), pl.col("active"), pl.col("workers"), pl.lit(True)).cast(pl.Int64)
    return (
        measured.with_columns(pl.max_horizontal(people, pl.lit(0, pl.Int64)).alias("people_to_cover"))
        .sort(["people_to_cover", "area_code"], descending=[True, False])
        .with_row_index("position", offset=1)
        .with_columns(pl.col("position").cast(pl.Int64))
    )


def compare_periods(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """The `after` rows with the rate and participants of `before` beside them, and the changes."""
    earlier = before.select("area_code", pl.col("period").alias("period_before"),
                            pl.col("rate_pct").alias("rate_before_pct"), pl.col("active").alias("active_before"))
    return after.join(earlier, on="area_code", how="left").with_columns(
        (pl.col("rate_pct") - pl.col("rate_before_pct")).alias("change_pts"),
        (pl.col("active") - pl.col("active_before")).alias("active_change_between"),
    )

