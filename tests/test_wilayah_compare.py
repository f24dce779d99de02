"""Tinjauan Wilayah's "Bandingkan dua bulan" maps are as tall as the region's shape needs (review:
Kanwil Banuspa's two maps, side by side at 380 px, left Bali and NTB a few pixels high)."""

from __future__ import annotations

import json
import math

import pytest

from conftest import run_page


def compare_maps(at) -> list[dict]:
    """The two months' map specs (their titles are the bare month names)."""
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return [s for s in specs if s["layout"].get("title", {}).get("text") in ("Desember 2024", "Desember 2025")]


def height_for(spec: dict, width: float) -> float:
    """The figure height at which a map `width` px wide fills its frame: the Mercator height of its
    lon/lat ranges over their width, scaled to the map's share of the plot, plus the margins."""
    geo, margin = spec["layout"]["geo"], spec["layout"]["margin"]
    (lon0, lon1), (lat0, lat1) = geo["lonaxis"]["range"], geo["lataxis"]["range"]

    def y(lat: float) -> float:
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    y0, y1 = geo["domain"]["y"]
    return margin["t"] + margin["b"] + width * (y(lat1) - y(lat0)) / (lon1 - lon0) / (y1 - y0)


def in_columns(at) -> list[str]:
    """Titles of the comparison maps drawn inside page columns (side by side)."""
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for col in at.columns
            for c in col.get("plotly_chart") if json.loads(c.proto.spec)["layout"]["title"]["text"].startswith("Des")]


def test_banuspa_from_bali_to_papua_gets_one_month_per_row_across_the_page(app_env):
    at = run_page("wilayah", kanwil="BANUSPA", period="2025-12-01", compare="2024-12-01")
    assert not at.exception
    maps = compare_maps(at)
    assert len(maps) == 2 and in_columns(at) == []  # one per row, not two columns
    for spec in maps:
        # Banuspa is far wider than tall: across the ~980 px content column its map needs ~600 px,
        # where the two columns gave each month 380 px.
        assert spec["layout"]["height"] == pytest.approx(height_for(spec, 980), abs=1)
        assert 560 < spec["layout"]["height"] <= 640
    assert any(c.value.startswith("Atas: bulan pembanding; bawah: bulan terpilih") for c in at.caption)


@pytest.mark.parametrize("kanwil", ["JABAR", "SULAMA"])
def test_a_compact_kanwil_keeps_the_months_side_by_side_at_its_own_height(app_env, kanwil):
    at = run_page("wilayah", kanwil=kanwil, period="2025-12-01", compare="2024-12-01")
    assert not at.exception
    maps = compare_maps(at)
    assert in_columns(at) == ["Desember 2024", "Desember 2025"]
    for spec in maps:
        # Half the content column each (~480 px), as tall as that width needs, never over 640 px.
        assert spec["layout"]["height"] == pytest.approx(min(640, height_for(spec, 480)), abs=1)
        assert spec["layout"]["height"] > 380
    assert any(c.value.startswith("Kiri: bulan pembanding") for c in at.caption)
