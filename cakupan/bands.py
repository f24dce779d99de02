"""The UCJ coverage bands: reading them, and which band a rate falls in."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import polars as pl


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
