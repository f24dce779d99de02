"""Map explorer and regional review logic: metrics, drill state, targets, UCJ bands, ranking, where to act."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import polars as pl

from cakupan.boundaries import Layer

LEVELS = ("province", "regency")
SEGMENTS = ("all", "PU", "BPU", "JAKON", "PMI")
KINDS = ("all", "koperasi", "umkm", "lainnya")
BASES = ("ucj", "bps")
# "nearest": each area's target due soonest; otherwise only targets of that setter kind count.
TARGET_CHOICES = ("nearest", "Pemprov", "Cabang", "Kanwil", "BPJS", "RPJMN", "Pemkab", "Pemkot")
REFERENCES = ("median", "target")
NATIONAL = "ID"
ALL = "all"


@dataclass(frozen=True)
class Metric:
    """A map metric: the column it reads, its colour scale and unit, and which direction is good."""
    key: str
    column: str
    scale: str  # "rate" (fixed 0–100%), "count" (0–max), "diverging" (around 0) or "band"
    unit: str  # "pct", "people", "pts" or "band"
    better: str  # "higher" or "lower": decides which end of a diverging scale is the warm colour


METRICS: dict[str, Metric] = {m.key: m for m in (
    Metric("rate", "rate_pct", "rate", "pct", "higher"),
    Metric("active", "active", "count", "people", "higher"),
    Metric("uncovered", "uncovered", "count", "people", "lower"),
    Metric("gap_pts", "gap_pts", "diverging", "pts", "lower"),
    Metric("gap_people", "gap_people", "diverging", "people", "lower"),
    Metric("change_3m", "rate_change_3m_pts", "diverging", "pts", "higher"),
    Metric("change_12m", "rate_change_pts", "diverging", "pts", "higher"),
    Metric("band", "band", "band", "band", "higher"),
    # Not offered in the explorer's picker: the regional review's change between two chosen months.
    Metric("change_between", "change_pts", "diverging", "pts", "higher"),
)}
EXPLORER_METRICS = ("rate", "active", "uncovered", "gap_pts", "gap_people", "change_3m", "change_12m", "band")


@dataclass(frozen=True)
class View:
    """Where the explorer stands: the map level, the drilled province, the selected area, the Kanwil.

    `province` and `area` are "all" when nothing is chosen; `area` is a province or regency code.
    """
    level: str = "province"
    province: str = ALL
    area: str = ALL
    kanwil: str = ALL

    def params(self) -> dict[str, str]:
        return {"level": self.level, "province": self.province, "area": self.area, "kanwil": self.kanwil}


@dataclass(frozen=True)
class Crumb:
    """One step of the breadcrumb: its label and the view it leads back to (None: where we are)."""
    label: str
    view: View | None


def province_of(code: str) -> str:
    """The province code of a province or regency code ("52.71" -> "52")."""
    return code[:2]


def normalise(view: View, kanwil_of: dict[str, str]) -> View:
    """A consistent view from URL values that may disagree.

    A drilled province always draws its kabupaten/kota; an area outside the drilled province
    moves the drill there; a province outside the chosen Kanwil switches the Kanwil to its own.
    `kanwil_of` maps every province code to its Kanwil code; unknown codes are dropped.
    """
    level = view.level if view.level in LEVELS else "province"
    province = view.province if view.province in kanwil_of else ALL
    area = view.area
    if area != ALL and province_of(area) not in kanwil_of:
        area = ALL
    if area != ALL and province_of(area) != province:
        province = province_of(area)
    kanwil = view.kanwil if view.kanwil == ALL or view.kanwil in kanwil_of.values() else ALL
    if province != ALL:
        level = "regency"
        if kanwil != ALL and kanwil_of[province] != kanwil:
            kanwil = kanwil_of[province]
    return View(level, province, area, kanwil)


def drill(view: View, code: str) -> View:
    """The view after a click on the map area `code`: a province opens its kabupaten/kota, and a
    kabupaten/kota is selected (inside its province, so the breadcrumb reads nation › province › it)."""
    if "." not in code:
        return View("regency", code, code, view.kanwil)
    return View("regency", province_of(code), code, view.kanwil)


def with_level(view: View, level: str) -> View:
    """The view after the level switch: back to the national (or Kanwil) map at that level."""
    if level == view.level:
        return view
    return View(level, ALL, ALL, view.kanwil)


def with_kanwil(view: View, kanwil: str) -> View:
    """The view after choosing a Kanwil: its map at the current level, nothing drilled."""
    if kanwil == view.kanwil:
        return view
    return View(view.level if view.province == ALL else "province", ALL, ALL, kanwil)


def clicked_code(selection: dict | None) -> str | None:
    """The area code of the first clicked shape in a Plotly selection state, or None.

    Streamlit returns Choropleth points as {"curve_number", "point_index", "location", "z", ...}.
    """
    points = (selection or {}).get("points") or []
    for point in points:
        code = point.get("location")
        if isinstance(code, str) and code:
            return code
    return None


def breadcrumb(view: View, names: dict[str, str], kanwil_names: dict[str, str], national: str) -> list[Crumb]:
    """Indonesia › [Kanwil] › province › kabupaten/kota; every step but the last leads back up."""
    steps = [(national, View("province", ALL, ALL, ALL))]
    if view.kanwil != ALL:
        steps.append((kanwil_names.get(view.kanwil, view.kanwil), View("province", ALL, ALL, view.kanwil)))
    if view.province != ALL:
        steps.append((names.get(view.province, view.province), View("regency", view.province, view.province,
                                                                     view.kanwil)))
    if view.area != ALL and view.area != view.province:
        steps.append((names.get(view.area, view.area), View("regency", view.province, view.area, view.kanwil)))
    crumbs = [Crumb(label, target) for label, target in steps]
    crumbs[-1] = Crumb(crumbs[-1].label, None)
    return crumbs


def scope(frame: pl.DataFrame, view: View) -> pl.DataFrame:
    """The rows of an area_coverage result that the map of `view` draws."""
    if view.province != ALL:
        return frame.filter(pl.col("province_code") == view.province)
    if view.kanwil != ALL:
        return frame.filter(pl.col("kanwil_code") == view.kanwil)
    return frame


# Targets -----------------------------------------------------------------------------------

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
    gap_people: for a rate target, target × workers − active (rounded); else target − active.
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
    people = pl.when(is_rate).then(
        (pl.col("target_value") / 100.0 * pl.col("workers") - pl.col("active")).round(0)
    ).otherwise(pl.col("target_value") - pl.col("active"))
    if filtered:
        return out.with_columns(pl.lit(None, pl.Float64).alias("gap_pts"), pl.lit(None, pl.Float64).alias("gap_people"))
    return out.with_columns(
        (implied_rate - pl.col("rate_pct")).alias("gap_pts"),
        people.cast(pl.Float64).alias("gap_people"),
    )


def map_rows(coverage: pl.DataFrame, targets: pl.DataFrame, bands: tuple[Band, ...], view: View, period: date,
             basis: str, segment: str, kind: str, target_choice: str) -> pl.DataFrame:
    """The area_coverage rows that the map of `view` draws, with target gaps and UCJ bands added."""
    shown = scope(coverage, view)
    chosen = applicable_targets(targets, period, basis, target_choice)
    level = "province" if view.level == "province" else "regency"
    gaps = with_gaps(shown, chosen, level, filtered=(segment != ALL or kind != ALL))
    return with_bands(gaps, bands)


# UCJ bands ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Band:
    """One UCJ band: a half-open range of coverage rates [min_pct, max_pct); max None = no limit."""
    key: str
    min_pct: float
    max_pct: float | None
    label_id: str
    label_en: str
    source: str
    note: str

    def label(self, lang: str) -> str:
        return self.label_id if lang == "id" else self.label_en


def read_bands(path: Path) -> tuple[Band, ...]:
    """The UCJ bands from their CSV, checked: ascending, contiguous, starting at 0, last one open."""
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise FileNotFoundError(f"UCJ band file {path} is missing; restore data/seeds/ucj_bands.csv from git "
                                "or point CAKUPAN_UCJ_BANDS at a copy") from None
    bands = []
    for number, row in enumerate(rows, start=2):
        try:
            bands.append(Band(row["band"], float(row["min_pct"]),
                              float(row["max_pct"]) if row["max_pct"].strip() else None,
                              row["label_id"], row["label_en"], row["source"], row["note"]))
        except (KeyError, ValueError, AttributeError) as exc:
            raise ValueError(f"{path}, line {number}: expected band,min_pct,max_pct,label_id,label_en,source,note "
                             f"with numeric thresholds ({exc})") from None
    problems = []
    if not bands:
        problems.append("no bands")
    elif bands[0].min_pct != 0:
        problems.append("the first band must start at 0")
    for low, high in zip(bands, bands[1:]):
        if low.max_pct is None or low.max_pct != high.min_pct:
            problems.append(f"band {low.key!r} must end where {high.key!r} starts")
    for band in bands:
        if band.max_pct is not None and band.max_pct <= band.min_pct:
            problems.append(f"band {band.key!r} is empty")
    if bands and bands[-1].max_pct is not None:
        problems.append("the last band must have no upper limit (rates above 100% happen)")
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))
    return tuple(bands)


def band_of(rate_pct: float | None, bands: tuple[Band, ...]) -> str | None:
    """The key of the band holding `rate_pct`, or None when there is no rate."""
    if rate_pct is None or math.isnan(rate_pct):
        return None
    for band in bands:
        if rate_pct >= band.min_pct and (band.max_pct is None or rate_pct < band.max_pct):
            return band.key
    return None


def with_bands(frame: pl.DataFrame, bands: tuple[Band, ...]) -> pl.DataFrame:
    """Add `band` (key) and `band_index` (0 = lowest) from `rate_pct`."""
    keys = [band_of(r, bands) for r in frame["rate_pct"].to_list()]
    order = {b.key: i for i, b in enumerate(bands)}
    return frame.with_columns(
        pl.Series("band", keys, dtype=pl.String),
        pl.Series("band_index", [order.get(k) for k in keys], dtype=pl.Int64),
    )


# Ranking and where to act ------------------------------------------------------------------

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
    """The n best and the n worst rows by `by` (rows without a value are left out); worst listed worst first."""
    column, descending = RANKINGS[by]
    ranked = ranking(frame.filter(pl.col(column).is_not_null()), by)
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

    people_to_cover = max(0, round(reference_pct / 100 × workers − active)). Areas without a
    reference or without data are left out; ties are ordered by code.
    """
    measured = reference_rates(regencies, reference, chosen, kanwil).filter(
        pl.col("reference_pct").is_not_null(), pl.col("workers").is_not_null(), pl.col("active").is_not_null())
    people = (pl.col("reference_pct") / 100.0 * pl.col("workers") - pl.col("active")).round(0).cast(pl.Int64)
    return (
        measured.with_columns(pl.max_horizontal(people, pl.lit(0, pl.Int64)).alias("people_to_cover"))
        .sort(["people_to_cover", "area_code"], descending=[True, False])
        .with_row_index("position", offset=1)
        .with_columns(pl.col("position").cast(pl.Int64))
    )


def totals(frame: pl.DataFrame) -> dict:
    """Summed active participants and workers of some areas, and the rate recomputed from the sums."""
    active = frame["active"].sum()
    workers = frame["workers"].sum()
    return {"active": active, "workers": workers, "uncovered": max(workers - active, 0) if workers else None,
            "rate_pct": 100.0 * active / workers if workers else None}


def compare_periods(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """The `after` rows with the rate and participants of `before` beside them, and the changes."""
    earlier = before.select("area_code", pl.col("period").alias("period_before"),
                            pl.col("rate_pct").alias("rate_before_pct"), pl.col("active").alias("active_before"))
    return after.join(earlier, on="area_code", how="left").with_columns(
        (pl.col("rate_pct") - pl.col("rate_before_pct")).alias("change_pts"),
        (pl.col("active") - pl.col("active_before")).alias("active_change_between"),
    )


def kanwil_series(trend: pl.DataFrame) -> pl.DataFrame:
    """The Kanwil's monthly coverage from its provinces' rows: sums first, then the rate."""
    return (
        trend.group_by("period").agg(pl.col("active").sum(), pl.col("workers").sum(),
                                     (pl.col("active_synthetic") | pl.col("workers_synthetic")).any()
                                     .alias("synthetic"))
        .with_columns((100.0 * pl.col("active") / pl.col("workers")).alias("rate_pct"))
        .sort("period")
    )


# Boundaries --------------------------------------------------------------------------------

class SharedGeoJSON(dict):
    """A GeoJSON dict that figures share read-only.

    Plotly deep-copies every property when a figure is built and again when Streamlit renders it;
    for a 700 KB boundary layer that is most of a rerun. Nothing mutates boundaries, so a copy
    may be the object itself.
    """

    def __deepcopy__(self, memo: dict) -> SharedGeoJSON:
        return self

    def __copy__(self) -> SharedGeoJSON:
        return self


def subset_layer(layer: Layer, codes: list[str] | tuple[str, ...]) -> Layer:
    """The layer with only the features of `codes`, stripped to their id and geometry.

    Maps draw from the feature `id` (featureidkey="id"), so names and flags, which the hover
    text already carries, need not travel to the browser once per feature.
    """
    wanted = set(codes)
    features = [
        {"type": "Feature", "id": f["properties"]["code"], "geometry": f["geometry"]}
        for f in layer.geojson["features"] if f["properties"]["code"] in wanted
    ]
    keep = [f["id"] for f in features]
    return replace(
        layer,
        geojson=SharedGeoJSON(type="FeatureCollection", features=features),
        label_points={c: layer.label_points[c] for c in keep if c in layer.label_points},
        bounds={c: layer.bounds[c] for c in keep if c in layer.bounds},
    )


def search_labels(regencies: pl.DataFrame, province_word: str) -> dict[str, str]:
    """Every province and kabupaten/kota as a search entry, code → label, provinces first. The label
    holds the name and the code, so typing either finds it: 'Nusa Tenggara Barat · provinsi · 52',
    'Kota Mataram · Nusa Tenggara Barat · 52.71' (rows of the regencies query)."""
    provinces = regencies.select("province_code", "province_name").unique().sort("province_code")
    labels = {code: f"{name} · {province_word} · {code}" for code, name in provinces.iter_rows()}
    labels.update({r["regency_code"]: f"{r['name']} · {r['province_name']} · {r['regency_code']}"
                   for r in regencies.iter_rows(named=True)})
    return labels


def search_view(code: str, kanwil_of: dict[str, str]) -> View:
    """The explorer view a search result opens: a province drilled to its kabupaten/kota with the
    province selected, or a kabupaten/kota selected inside its province."""
    return normalise(drill(View(), code), kanwil_of)
