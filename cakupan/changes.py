"""What changed from one month to the next: biggest movers, band and target crossings (pure, no Streamlit)."""

from __future__ import annotations

from datetime import date

import polars as pl

from cakupan.bands import Band, band_of

def movers(frame: pl.DataFrame, n: int = 10) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The `n` areas whose coverage rose most and the `n` that fell most, in points (rows of the
    monthly_change query). An area without both months is left out; a rise must be above zero
    and a fall below it, so a quiet month lists fewer than `n`."""
    known = frame.filter(pl.col("rate_change_pts").is_not_null())
    up = known.filter(pl.col("rate_change_pts") > 0).sort(["rate_change_pts", "area_code"], descending=[True, False])
    down = known.filter(pl.col("rate_change_pts") < 0).sort(["rate_change_pts", "area_code"])
    return up.head(n), down.head(n)


def band_crossings(frame: pl.DataFrame, bands: tuple[Band, ...]) -> pl.DataFrame:
    """Areas whose coverage rate moved into another UCJ band: `band_before`, `band` and
    `direction` ('up' or 'down'), rising first, then by the size of the change."""
    order = {b.key: i for i, b in enumerate(bands)}
    before = [band_of(v, bands) for v in frame["rate_before_pct"].to_list()]
    after = [band_of(v, bands) for v in frame["rate_pct"].to_list()]
    marked = frame.with_columns(pl.Series("band_before", before, dtype=pl.String),
                                pl.Series("band", after, dtype=pl.String))
    moved = marked.filter(pl.col("band_before").is_not_null(), pl.col("band").is_not_null(),
                          pl.col("band_before") != pl.col("band"))
    direction = [("up" if order[a] > order[b] else "down") for b, a in zip(moved["band_before"], moved["band"])]
    return (moved.with_columns(pl.Series("direction", direction, dtype=pl.String))
            .sort(["direction", "rate_change_pts"], descending=[True, True]))


def target_crossings(frames: dict[str, pl.DataFrame], targets: pl.DataFrame, period: date, basis: str) -> pl.DataFrame:
    """Coverage-rate targets on this basis, not yet past due, that an area reached or fell back
    below this month: the rate was under the target the month before and is at or above it now
    ('reached'), or the other way round ('lost'). `frames` maps a target level ('national',
    'kanwil', 'province', 'regency') to that level's monthly_change rows."""
    rows = targets.filter(pl.col("metric") == "coverage_rate", pl.col("basis") == basis,
                          pl.col("due_period") >= period)
    found = []
    for target in rows.to_dicts():
        frame = frames.get(target["area_level"])
        if frame is None:
            continue
        match = frame.filter(pl.col("area_code") == target["area_code"])
        if match.is_empty():
            continue
        area = match.row(0, named=True)
        now, before, goal = area["rate_pct"], area["rate_before_pct"], target["target_value"]
        if now is None or before is None:
            continue
        if before < goal <= now:
            direction = "reached"
        elif now < goal <= before:
            direction = "lost"
        else:
            continue
        found.append({"area_code": area["area_code"], "area_name": area["area_name"], "set_by": target["set_by"],
                      "target_value": goal, "due_period": target["due_period"], "rate_before_pct": before,
                      "rate_pct": now, "direction": direction})
    schema = {"area_code": pl.String, "area_name": pl.String, "set_by": pl.String, "target_value": pl.Float64,
              "due_period": pl.Date, "rate_before_pct": pl.Float64, "rate_pct": pl.Float64, "direction": pl.String}
    return pl.DataFrame(found, schema=schema)


def fell_while_rose(row: dict) -> bool:
    """Participants fell while the coverage rate rose: only possible when the workers counted
    (the denominator) fell faster. A reader needs a sentence for it, or the two look contradictory."""
    return (row.get("active_change") is not None and row.get("rate_change_pts") is not None
            and row["active_change"] < 0 < row["rate_change_pts"])


def rose_while_fell(row: dict) -> bool:
    """Participants rose while the coverage rate fell: the workers counted rose faster."""
    return (row.get("active_change") is not None and row.get("rate_change_pts") is not None
            and row["rate_change_pts"] < 0 < row["active_change"])
