"""Exact-value tests of the explorer and regional-review logic, queries and figures on the fixture rows.

Numbers are worked out by hand from tests/fixture_rows.sql (April 2024 and April 2025):
  2025-04 ucj  52.71: 330 + 120 = 450 of 600 + 400 = 1000 -> 45%
               52.01: 250 of 600 + 500 = 1100 -> 22.7272...%
               53.71: 100 of 400 + 600 = 1000 -> 10%
               province 52: 700 of 2100 -> 33.33...%; province 53: 100 of 1000 -> 10%
  2024-04 ucj  52.71: 400/1000 = 40%; 52.01: 200/1000 = 20%; 53.71: 150/1000 = 15%
  2025-04 bps  52: 700 of 5000 -> 14%; 53: 100 of 2000 -> 5%
Targets are added to a copy of the fixture database below (the shared fixture has none).
"""

from __future__ import annotations

import copy
import csv
import json
from datetime import date
from pathlib import Path

import duckdb
import plotly.io
import polars as pl
import pytest

from cakupan import bands, boundaries, choices, db, drill, gaps, map_sizing, provenance
from cakupan.boundaries import Layer
from cakupan.drill import View
from cakupan.figures import bars, maps, theme, trends
from cakupan.reports import export

ROOT = Path(__file__).resolve().parent.parent
APR25, APR24 = date(2025, 4, 1), date(2024, 4, 1)

EXTRA_TARGETS = """
insert into target values
    (1, 'Pemprov NTB', 'Pemprov', 'province', '52', 'coverage_rate', 'ucj', 50.0, '2025-01-01', '2025-12-01', false, 1, 1, null),
    (2, 'Cabang Kupang', 'Cabang', 'regency', '53.71', 'coverage_rate', 'ucj', 30.0, '2025-01-01', '2025-12-01', false, 1, 1, null),
    (3, 'Cabang NTT', 'Cabang', 'province', '53', 'active_participants', null, 300, '2025-01-01', '2025-12-01', false, 1, 1, null),
    (4, 'Pemprov NTB', 'Pemprov', 'province', '52', 'coverage_rate', 'ucj', 60.0, '2025-01-01', '2026-12-01', false, 1, 1, null),
    (5, 'Pemprov NTB', 'Pemprov', 'province', '52', 'coverage_rate', 'ucj', 40.0, '2024-01-01', '2024-12-01', false, 1, 1, null),
    (6, 'Pemprov NTB', 'Pemprov', 'province', '52', 'coverage_rate', 'bps', 20.0, '2025-01-01', '2025-12-01', false, 1, 1, null);
"""


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    """The fixture database plus six targets (its own copy: the shared fixture stays untouched)."""
    path = tmp_path_factory.mktemp("explorer") / "explorer.duckdb"
    connection = duckdb.connect(str(path))
    db.create_schema(connection)
    connection.execute((ROOT / "tests" / "fixture_rows.sql").read_text())
    connection.execute(EXTRA_TARGETS)
    connection.close()
    connection = duckdb.connect(str(path), read_only=True)
    yield connection
    connection.close()


def coverage(con, level: str, period: date = APR25, basis: str = "ucj", **kw) -> pl.DataFrame:
    params = {"province": "all", "segment": "all", "kind": "all", **kw}
    return db.run_query(con, "area_coverage", period=period, basis=basis, level=level, **params)


def by_code(frame: pl.DataFrame, column: str) -> dict:
    return dict(zip(frame["area_code"], frame[column]))


# Queries ---------------------------------------------------------------------------------

def test_kanwils_query(con):
    assert db.run_query(con, "kanwils").rows() == [("BANUSPA", "Kanwil Banuspa", "Bali, Nusa Tenggara & Papua", 2,
                                                    "52,53", "52")]


def test_area_split_of_ntb(con):
    split = db.run_query(con, "area_split", area_code="52", period=APR25, basis="ucj")
    rows = [(r["dimension"], r["member"], r["active"], r["workers"]) for r in split.iter_rows(named=True)]
    assert rows == [
        ("segment", "PU", 580, 1200), ("segment", "BPU", 120, 900), ("segment", "JAKON", 0, 1200),
        ("segment", "PMI", 0, 1200),
        ("kind", "koperasi", 0, 2100), ("kind", "umkm", 120, 2100), ("kind", "lainnya", 580, 2100),
    ]
    rate = dict(zip(split["member"], split["rate_pct"]))
    share = dict(zip(split["member"], split["share_pct"]))
    assert rate["PU"] == pytest.approx(100 * 580 / 1200)
    assert rate["BPU"] == pytest.approx(100 * 120 / 900)
    assert rate["umkm"] == pytest.approx(100 * 120 / 2100)
    assert share["PU"] == pytest.approx(100 * 580 / 700) and share["lainnya"] == pytest.approx(100 * 580 / 700)
    assert split["active_synthetic"].all() and split["workers_synthetic"].all()


@pytest.mark.parametrize("area, active, workers", [("ID", 800, 3100), ("53", 100, 1000), ("52.01", 250, 1100)])
def test_area_split_totals(con, area, active, workers):
    split = db.run_query(con, "area_split", area_code=area, period=APR25, basis="ucj")
    for dimension in ("segment", "kind"):
        assert split.filter(pl.col("dimension") == dimension)["active"].sum() == active
    assert split.filter(pl.col("dimension") == "kind")["workers"].max() == workers


@pytest.mark.parametrize("basis, expected", [
    ("ucj", [("52", APR24, 600, 2000, True), ("52", APR25, 700, 2100, False),
             ("53", APR24, 150, 1000, True), ("53", APR25, 100, 1000, True)]),
    ("bps", [("52", APR25, 700, 5000, False), ("53", APR25, 100, 2000, True)]),
])
def test_province_trend(con, basis, expected):
    trend = db.run_query(con, "province_trend", kanwil="BANUSPA", basis=basis)
    assert [(r["province_code"], r["period"], r["active"], r["workers"], r["active_synthetic"])
            for r in trend.iter_rows(named=True)] == expected
    assert db.run_query(con, "province_trend", kanwil="all", basis=basis).height == len(expected)
    assert db.run_query(con, "province_trend", kanwil="SUMBAGUT", basis=basis).is_empty()


# Targets and gaps ------------------------------------------------------------------------

@pytest.mark.parametrize("basis, choice, expected", [
    # area: (target_id, alternatives)
    ("ucj", "nearest", {"52": (1, 1), "53": (3, 0), "53.71": (2, 0)}),
    ("ucj", "Cabang", {"53": (3, 0), "53.71": (2, 0)}),
    ("ucj", "Pemprov", {"52": (1, 1)}),
    ("ucj", "RPJMN", {}),
    ("bps", "nearest", {"52": (6, 0), "53": (3, 0)}),
])
def test_applicable_targets(con, basis, choice, expected):
    chosen = gaps.applicable_targets(db.run_query(con, "targets"), APR25, basis, choice)
    assert {r["area_code"]: (r["target_id"], r["alternatives"]) for r in chosen.iter_rows(named=True)} == expected


def test_past_due_targets_do_not_count(con):
    # In 2026-06 only target 4 (due 2026-12) is still ahead.
    chosen = gaps.applicable_targets(db.run_query(con, "targets"), date(2026, 6, 1), "ucj")
    assert chosen["target_id"].to_list() == [4]


@pytest.mark.parametrize("level, basis, expected", [
    # area: (gap_pts, gap_people)
    ("province", "ucj", {"52": (50 - 100 * 700 / 2100, 350), "53": (100 * 300 / 1000 - 10, 200)}),
    ("province", "bps", {"52": (20 - 14, 300), "53": (100 * 300 / 2000 - 5, 200)}),
    ("regency", "ucj", {"52.71": (None, None), "52.01": (None, None), "53.71": (30 - 10, 200)}),
])
def test_gaps(con, level, basis, expected):
    chosen = gaps.applicable_targets(db.run_query(con, "targets"), APR25, basis)
    gapped = gaps.with_gaps(coverage(con, level, basis=basis), chosen, level, filtered=False)
    for code, (points, people) in expected.items():
        row = gapped.filter(pl.col("area_code") == code).row(0, named=True)
        assert row["gap_pts"] == (pytest.approx(points) if points is not None else None)
        assert row["gap_people"] == people


def test_the_map_counts_people_still_needed_as_the_target_page_does():
    # 62,22% of 1.000.004 workers is 622.202,4888 people; with 22.202 active, 600.000,4888 are
    # still needed: 600.001 whole people (the Target page's count), where rounding gave 600.000.
    frame = pl.DataFrame({"area_code": ["52"], "rate_pct": [100 * 22_202 / 1_000_004], "active": [22_202],
                          "workers": [1_000_004]})
    chosen = pl.DataFrame({"area_code": ["52"], "area_level": ["province"], "target_id": [1], "set_by": ["Pemprov"],
                           "metric": ["coverage_rate"], "target_value": [62.22], "due_period": [date(2025, 12, 1)],
                           "source_title": ["s"], "alternatives": [0]})
    row = gaps.with_gaps(frame, chosen, "province", False).row(0, named=True)
    assert row["gap_people"] == 600_001
    from cakupan.targets import gap_units
    assert gap_units("coverage_rate", 62.22, 22_202, 1_000_004) == 600_001


def test_gaps_are_empty_under_a_segment_filter(con):
    chosen = gaps.applicable_targets(db.run_query(con, "targets"), APR25, "ucj")
    gapped = gaps.with_gaps(coverage(con, "province", segment="BPU"), chosen, "province", filtered=True)
    assert gapped["gap_pts"].null_count() == gapped.height and gapped["gap_people"].null_count() == gapped.height
    assert gapped["target_value"].to_list() == [50.0, 300.0]  # the target is still named, only the gap is not


# UCJ bands -------------------------------------------------------------------------------

BANDS = bands.read_bands(ROOT / "data" / "seeds" / "ucj_bands.csv")


def test_band_seed_is_labelled_as_working_thresholds():
    assert [b.key for b in BANDS] == ["sangat_rendah", "rendah", "sedang", "tinggi"]
    assert [(b.min_pct, b.max_pct) for b in BANDS] == [(0, 20), (20, 40), (40, 60), (60, None)]
    assert all("not published" in b.source for b in BANDS)


@pytest.mark.parametrize("rate, band", [
    (0.0, "sangat_rendah"), (19.99, "sangat_rendah"), (20.0, "rendah"), (22.7, "rendah"), (45.0, "sedang"),
    (60.0, "tinggi"), (151.9, "tinggi"), (None, None), (float("nan"), None),
])
def test_band_of(rate, band):
    assert bands.band_of(rate, BANDS) == band


@pytest.mark.parametrize("rows, message", [
    ("sangat_rendah,0,20,a,a,s,n\nrendah,25,,b,b,s,n\n", "must end where"),
    ("sangat_rendah,5,20,a,a,s,n\nrendah,20,,b,b,s,n\n", "start at 0"),
    ("sangat_rendah,0,20,a,a,s,n\nrendah,20,90,b,b,s,n\n", "no upper limit"),
    ("sangat_rendah,0,abc,a,a,s,n\n", "line 2"),
    ("", "no bands"),
])
def test_bad_band_files_are_refused_with_a_clear_message(tmp_path, rows, message):
    path = tmp_path / "bands.csv"
    path.write_text("band,min_pct,max_pct,label_id,label_en,source,note\n" + rows, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        bands.read_bands(path)
    with pytest.raises(FileNotFoundError, match="CAKUPAN_UCJ_BANDS"):
        bands.read_bands(tmp_path / "missing.csv")


def test_map_rows_add_bands_and_gaps(con):
    rows = gaps.rows_on_map(coverage(con, "regency"), db.run_query(con, "targets"), BANDS, View("regency"), APR25,
                             "ucj", "all", "all", "nearest")
    assert by_code(rows, "band") == {"52.71": "sedang", "52.01": "rendah", "53.71": "sangat_rendah"}
    assert by_code(rows, "band_index") == {"52.71": 2, "52.01": 1, "53.71": 0}
    assert by_code(rows, "gap_people") == {"52.71": None, "52.01": None, "53.71": 200.0}
    drilled = gaps.rows_on_map(coverage(con, "regency", province="52"), db.run_query(con, "targets"), BANDS,
                                View("regency", "52", "52"), APR25, "ucj", "all", "all", "nearest")
    assert drilled["area_code"].to_list() == ["52.71", "52.01"]


# Ranking and where to act ----------------------------------------------------------------

def test_ranking_and_top_bottom(con):
    regencies = coverage(con, "regency")
    ranked = gaps.ranking(regencies, "rate")
    assert list(zip(ranked["area_code"], ranked["position"])) == [("52.71", 1), ("52.01", 2), ("53.71", 3)]
    by_people = gaps.ranking(regencies, "uncovered")
    assert list(zip(by_people["area_code"], by_people["uncovered"])) == [("53.71", 900), ("52.01", 850),
                                                                         ("52.71", 550)]
    top, bottom = gaps.top_bottom(regencies, 1)
    assert top["area_code"].to_list() == ["52.71"]
    assert bottom["area_code"].to_list() == ["53.71"]
    # Three areas cannot give a best two and a worst two without one area in both: one each.
    top, bottom = gaps.top_bottom(regencies, 2)
    assert top["area_code"].to_list() == ["52.71"]
    assert bottom["area_code"].to_list() == ["53.71"]


def test_kanwil_median(con):
    assert gaps.kanwil_median(coverage(con, "regency")) == pytest.approx(100 * 250 / 1100)


@pytest.mark.parametrize("reference, expected", [
    # (area, people_to_cover, reference_pct, set by). 53.71 has 100 active of 1.000 workers; the
    # median 22,727...% of them is 227,27 people, so 127,27 more: 128 whole people reach it.
    ("median", [("53.71", 128, 100 * 250 / 1100, None), ("52.01", 0, 100 * 250 / 1100, None),
                ("52.71", 0, 100 * 250 / 1100, None)]),
    ("target", [("52.01", 300, 50.0, "Pemprov NTB"), ("53.71", 200, 30.0, "Cabang Kupang"),
                ("52.71", 50, 50.0, "Pemprov NTB")]),
])
def test_where_to_act(con, reference, expected):
    chosen = gaps.applicable_targets(db.run_query(con, "targets"), APR25, "ucj")
    act = gaps.where_to_act(coverage(con, "regency"), reference, chosen, "BANUSPA")
    assert act["position"].to_list() == [1, 2, 3]
    got = [(r["area_code"], r["people_to_cover"], r["reference_pct"], r["reference_set_by"])
           for r in act.iter_rows(named=True)]
    assert [(a, p, s) for a, p, _, s in got] == [(a, p, s) for a, p, _, s in expected]
    assert [r for _, _, r, _ in got] == pytest.approx([r for _, _, r, _ in expected])


def test_where_to_act_leaves_out_areas_without_a_target(con):
    chosen = gaps.applicable_targets(db.run_query(con, "targets"), APR25, "ucj", "Cabang")
    act = gaps.where_to_act(coverage(con, "regency"), "target", chosen, "BANUSPA")
    assert act["area_code"].to_list() == ["53.71"]


def test_compare_periods_and_kanwil_series(con):
    both = gaps.compare_periods(coverage(con, "regency", APR24), coverage(con, "regency"))
    assert by_code(both, "change_pts") == pytest.approx({"52.71": 5.0, "52.01": 100 * 250 / 1100 - 20,
                                                         "53.71": -5.0})
    assert by_code(both, "active_change_between") == {"52.71": 50, "52.01": 50, "53.71": -50}
    # The Kanwil's figures are plain queries at Kanwil level: its kab/kota summed, then the rate.
    series = db.run_query(con, "coverage_trend", area_code="BANUSPA", basis="ucj")
    assert series.select("period", "active", "workers").rows() == [(APR24, 750, 3000), (APR25, 800, 3100)]
    assert series["rate_pct"].to_list() == pytest.approx([25.0, 100 * 800 / 3100])
    totals = coverage(con, "kanwil").select("active", "workers", "uncovered", "rate_pct").row(0, named=True)
    assert totals == {"active": 800, "workers": 3100, "uncovered": 2300,
                      "rate_pct": pytest.approx(100 * 800 / 3100)}


# Drill state -----------------------------------------------------------------------------

KANWIL_OF = {"52": "BANUSPA", "53": "BANUSPA", "11": "SUMBAGUT"}


@pytest.mark.parametrize("given, expected", [
    (View(), View()),
    (View("province", "52"), View("regency", "52")),
    (View("province", "all", "52.71"), View("regency", "52", "52.71")),
    (View("regency", "53", "52.71"), View("regency", "52", "52.71")),
    (View("regency", "52", "52", "SUMBAGUT"), View("regency", "52", "52", "BANUSPA")),
    (View("bogus", "99", "99.01", "NOPE"), View("province", "all", "all", "all")),
    (View("regency", "all", "all", "BANUSPA"), View("regency", "all", "all", "BANUSPA")),
])
def test_normalise(given, expected):
    assert drill.normalise(given, KANWIL_OF) == expected


@pytest.mark.parametrize("view, code, expected", [
    (View(), "52", View("regency", "52", "52")),
    (View("province", kanwil="BANUSPA"), "53", View("regency", "53", "53", "BANUSPA")),
    (View("regency"), "52.71", View("regency", "52", "52.71")),
    (View("regency", "52", "52"), "52.01", View("regency", "52", "52.01")),
])
def test_drill(view, code, expected):
    assert drill.drill(view, code) == expected


@pytest.mark.parametrize("view, level, kanwil, expected", [
    (View("regency", "52", "52.71"), "province", "all", View()),
    (View(), "regency", "all", View("regency")),
    (View(), "province", "BANUSPA", View(kanwil="BANUSPA")),
    (View("regency", "52", "52"), "regency", "SUMBAGUT", View("province", kanwil="SUMBAGUT")),
])
def test_level_and_kanwil_switches(view, level, kanwil, expected):
    assert drill.with_kanwil(drill.with_level(view, level), kanwil) == expected


def test_breadcrumb_leads_back_up():
    names = {"52": "Nusa Tenggara Barat", "52.71": "Kota Mataram"}
    crumbs = drill.breadcrumb(View("regency", "52", "52.71", "BANUSPA"), names, {"BANUSPA": "Kanwil Banuspa"},
                                 "Indonesia")
    assert [(c.label, c.view) for c in crumbs] == [
        ("Indonesia", View()),
        ("Kanwil Banuspa", View(kanwil="BANUSPA")),
        ("Nusa Tenggara Barat", View("regency", "52", "52", "BANUSPA")),
        ("Kota Mataram", None),
    ]
    assert [c.label for c in drill.breadcrumb(View(), names, {}, "Indonesia")] == ["Indonesia"]


@pytest.mark.parametrize("selection, code", [
    ({"points": [{"curve_number": 0, "point_index": 17, "location": "52", "z": 33.2}], "point_indices": [17]}, "52"),
    ({"points": [{"curve_number": 1}, {"location": "52.71"}]}, "52.71"),
    ({"points": [], "point_indices": [], "box": [], "lasso": []}, None),
    (None, None),
])
def test_clicked_code(selection, code):
    assert drill.clicked_code(selection) == code


# Boundaries and figures ------------------------------------------------------------------

def square(x: float, y: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x, y + 1], [x + 1, y + 1], [x + 1, y], [x, y]]]}


FAKE = Layer(
    "regency",
    {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": c, "properties": {"code": c, "name": c, "province_code": c[:2],
                                                    "approximate": True}, "geometry": square(i, 0)}
        for i, c in enumerate(["52.71", "52.01", "53.71"])]},
    {"52.71": (0.5, 0.5), "52.01": (1.5, 0.5), "53.71": (2.5, 0.5)},
    {"52.71": (0, 0, 1, 1), "52.01": (1, 0, 2, 1), "53.71": (2, 0, 3, 1)},
    frozenset({"52.71", "52.01", "53.71"}),
    {"id": "batas", "en": "bounds"},
)


def test_subset_layer_keeps_only_ids_and_geometry():
    part = boundaries.subset_layer(FAKE, ["52.71", "52.01"])
    assert [f["id"] for f in part.geojson["features"]] == ["52.71", "52.01"]
    assert all(set(f) == {"type", "id", "geometry"} for f in part.geojson["features"])
    assert set(part.bounds) == set(part.label_points) == {"52.71", "52.01"}
    assert copy.deepcopy(part.geojson) is part.geojson  # shared read-only, never copied


def map_rows(con, level: str = "regency") -> pl.DataFrame:
    return gaps.rows_on_map(coverage(con, level), db.run_query(con, "targets"), BANDS, View(level), APR25, "ucj",
                             "all", "all", "nearest")


def test_rate_map(con):
    rows = map_rows(con).with_columns(pl.when(pl.col("area_code") == "52.71").then(120.0)
                                      .otherwise(pl.col("rate_pct")).alias("rate_pct"))
    fig = maps.metric_map(rows, boundaries.subset_layer(FAKE, rows["area_code"].to_list()), "rate", "ucj", "t", "id")
    main = fig.data[0]
    assert list(main.locations) == ["52.71", "52.01", "53.71"]
    assert list(main.z) == pytest.approx([100.0, 100 * 250 / 1100, 10.0])  # clipped at 100 so maps compare
    assert (main.zmin, main.zmax) == (0, 100)
    assert main.colorbar.ticktext[-1] == "≥ 100%"
    assert fig.data[1].type == "scattergeo" and list(fig.data[1].lon) == [0.5]  # the ▲ of 52.71
    assert fig.layout.separators == ",."
    assert "basis UCJ" in main.hovertemplate and "%{customdata[2]:,.0f}" in main.hovertemplate
    assert list(main.customdata[0][:4]) == ["Kota Mataram", 120.0, 450, 1000]
    hover = shown_hover(main, 0)
    assert "batas wilayah perkiraan" in hover and "data sintetis" in hover
    # The sources line is the same for all three areas: written once, in the template, not per area.
    sources = "Peserta aktif — Sumber: "
    assert main.hovertemplate.count(sources) == 1 and not any(sources in str(c) for c in main.customdata)
    assert all(sources in shown_hover(main, i) for i in range(3))


def shown_hover(trace, i: int) -> str:
    """What the browser shows over the trace's i-th area: its template filled from its customdata."""
    row = list(trace.customdata[i])
    columns = [f"c{n}" for n in range(len(row))]
    return maps.hover_text(trace.hovertemplate, columns, dict(zip(columns, row)), "id")


def test_gap_map_greys_areas_without_a_target(con):
    rows = map_rows(con)
    fig = maps.metric_map(rows, boundaries.subset_layer(FAKE, rows["area_code"].to_list()), "gap_pts", "ucj", "t", "en")
    main, grey = fig.data[0], fig.data[1]
    assert list(main.locations) == ["53.71"] and list(main.z) == pytest.approx([20.0])
    assert main.zmid == 0 and main.zmin == -main.zmax
    assert "Target 30.00% (Cabang Kupang, due Dec 2025)" in shown_hover(main, 0)
    assert list(grey.locations) == ["52.71", "52.01"] and "no target" in grey.hovertemplate
    assert fig.layout.separators == ".,"


def test_band_map_is_categorical(con):
    rows = map_rows(con)
    fig = maps.metric_map(rows, boundaries.subset_layer(FAKE, rows["area_code"].to_list()), "band", "ucj", "t", "id",
                          bands=BANDS)
    main = fig.data[0]
    assert list(main.z) == [2.5, 1.5, 0.5]
    # Issue 13: the legend prints each band's thresholds (from data/seeds/ucj_bands.csv: 0, 20, 40, 60).
    assert list(main.colorbar.ticktext) == ["Sangat rendah 0–<20%", "Rendah 20–<40%", "Sedang 40–<60%", "Tinggi ≥60%"]
    assert "ambang kerja Cakupan" in main.colorbar.title.text


def test_highlight_and_outline_do_not_take_clicks(con):
    rows = map_rows(con)
    layer = boundaries.subset_layer(FAKE, rows["area_code"].to_list())
    fig = maps.metric_map(rows, layer, "rate", "ucj", "t", "id", highlight="52.71", outline=layer)
    extra = [trace for trace in fig.data[1:] if trace.type == "choropleth"]
    assert [list(trace.locations) for trace in extra] == [["52.71", "52.01", "53.71"], ["52.71"]]
    assert all(trace.hoverinfo == "skip" for trace in extra)


@pytest.mark.parametrize("value, ceiling", [(0.3, 0.5), (7, 10), (12.1, 20), (21, 25), (250_000, 250_000),
                                            (260_000, 500_000), (0, 1.0)])
def test_nice_ceiling(value, ceiling):
    assert theme.nice_ceiling(value) == ceiling


@pytest.mark.parametrize("values, series, axis_top, places", [
    # The national trend (review 3): the series runs at 38-41% under the labels, so RPJMN's 32,15%
    # is labelled below its line and the two lines above it, above theirs; none is within a label's
    # height (6,5 of 100) of the next.
    ([32.15, 43.92, 52.15], [38, 39, 40, 41, 38, 36, 35, 35, 35], 100,
     ["bottom left", "top left", "top left"]),
    # 40% and 43% with the series far below: 40%'s label would reach the 43% line, so it goes to the
    # right end of its line; 43%'s stays at the left.
    ([43.0, 40.0], [20, 21, 22], 100, ["top left", "top right"]),
])
def test_target_labels_keep_off_the_series_and_each_other(values, series, axis_top, places):
    assert trends.label_places(values, series, axis_top) == places


def test_other_figures_build(con):
    trend = db.run_query(con, "coverage_trend", area_code="52", basis="ucj")
    targets = db.run_query(con, "targets").filter(pl.col("area_code") == "52", pl.col("basis") == "ucj")
    fig = trends.trend_figure(trend, targets, "t", "id")
    assert [a.text for a in fig.layout.annotations] == ["Target 40,00% (Pemprov NTB, Des 2024)",
                                                        "Target 50,00% (Pemprov NTB, Des 2025)",
                                                        "Target 60,00% (Pemprov NTB, Des 2026)"]
    assert list(fig.layout.xaxis.ticktext) == ["Apr 2024", "Apr 2025"]  # month names the reader's way
    assert theme.month_ticks([date(2024, 1, 1), date(2024, 8, 1), date(2025, 7, 1)], "id")["ticktext"] == [
        "Jan 2024", "Jul 2025"]
    split = bars.split_figure(db.run_query(con, "area_split", area_code="52", period=APR25, basis="ucj"), "t", "en")
    # Each panel: its bars, then their values printed past the bars' ends (a text trace).
    assert [list(bar.y) for bar in split.data if bar.type == "bar"] == [
        ["PU (wage earners)", "BPU (non-wage)", "Jakon (construction)", "PMI (migrant workers)"],
        ["Cooperative", "UMKM (micro, small & medium)", "Other"]]
    assert [trace.mode for trace in split.data if trace.type == "scatter"] == ["text", "text"]
    multiples = trends.small_multiples(db.run_query(con, "province_trend", kanwil="BANUSPA", basis="ucj"), "t", "id")
    assert [a.text for a in multiples.layout.annotations[:2]] == ["Nusa Tenggara Barat", "Nusa Tenggara Timur"]
    ranked = bars.ranking_bars(gaps.ranking(coverage(con, "regency")), "rate_pct", "pct", "t", "id")
    # The values are a text trace that starts at each bar's end (issue 13 screenshots: no overlap).
    assert list(ranked.data[1].text) == ["  45,0%", "  22,7%", "  10,0%"]
    assert ranked.data[1].textposition == "middle right" and list(ranked.data[1].x) == list(ranked.data[0].x)
    plotly.io.to_json(fig)  # every figure serialises


def test_locale_catalogue_has_every_explorer_key():
    from cakupan.i18n import messages

    keys = set(messages())
    for metric in choices.METRICS:
        assert {f"exp.metric.{metric}", f"exp.legend.{metric}"} <= keys
    for choice in choices.TARGET_CHOICES:
        assert f"exp.target.{choice}" in keys
    with (ROOT / "data" / "seeds" / "ucj_bands.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 4


def test_rate_map_of_one_enterprise_kind_fits_its_scale(con):
    # Issue 13: a kind's coverage is a few percent; the caller passes the top fitted to the
    # provinces (views_explorer.rate_reach), and the legend reads up to it, not to 100%.
    rows = map_rows(con)
    fig = maps.metric_map(rows, boundaries.subset_layer(FAKE, rows["area_code"].to_list()), "rate", "ucj", "t", "id",
                          rate_reach=5.0)
    main = fig.data[0]
    assert (main.zmin, main.zmax) == (0, 5.0)
    assert list(main.colorbar.ticktext) == ["0%", "1%", "2%", "3%", "4%", "≥ 5%"]
    assert max(main.z) == 5.0  # rates above the top are drawn at the top colour


def test_a_map_title_of_two_lines_keeps_its_line_break_in_the_export():
    import plotly.graph_objects as go

    from cakupan.provenance import Provenance

    fig = go.Figure(go.Bar(x=[1], y=[1]))
    fig.update_layout(title="Tingkat cakupan · NTB · Desember 2025<br>Semua segmen · UMKM · basis UCJ & <x>")
    out = export.print_figure(fig, Provenance(("S",), "Desember 2025"), "id")
    assert out.layout.title.text == "Tingkat cakupan · NTB · Desember 2025<br>Semua segmen · UMKM · basis UCJ &amp; &lt;x&gt;"


# --- the Kanwil view: one panel per province (issue 13) --------------------------------------------

def tiny(x: float, y: float, side: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x, y + side], [x + side, y + side], [x + side, y], [x, y]]]}


# Kota Mataram 0,05° wide beside two 1° squares: too small for its panel, as it is on a Kanwil map.
SMALL = Layer(
    "regency",
    {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": c, "properties": {"code": c}, "geometry": g}
        for c, g in (("52.71", tiny(0, 0, 0.05)), ("52.01", square(1, 0)), ("53.71", square(2, 0)))]},
    {"52.71": (0.025, 0.025), "52.01": (1.5, 0.5), "53.71": (2.5, 0.5)},
    {"52.71": (0, 0, 0.05, 0.05), "52.01": (1, 0, 2, 1), "53.71": (2, 0, 3, 1)},
    frozenset(),
    {"id": "batas", "en": "bounds"},
)


def test_province_panels_draw_each_province_in_its_own_map_on_one_scale(con):
    rows = map_rows(con)
    fig = maps.province_panels(rows, boundaries.subset_layer(SMALL, rows["area_code"].to_list()), "rate", "ucj",
                               "t", {"52": "Nusa Tenggara Barat", "53": "Nusa Tenggara Timur"}, "id")
    shapes = [d for d in fig.data if d.type == "choropleth"]
    assert [(d.geo, sorted(d.locations)) for d in shapes] == [("geo", ["52.01", "52.71"]), ("geo2", ["53.71"])]
    assert all(d.coloraxis == "coloraxis" for d in shapes)
    assert (fig.layout.coloraxis.cmin, fig.layout.coloraxis.cmax) == (0, 100)  # one fixed scale for every panel
    # Each panel is fitted to its own province (bounds ± 0,15°), side by side in one row.
    assert list(fig.layout.geo.lonaxis.range) == pytest.approx([-0.15, 2.15])
    assert list(fig.layout.geo2.lonaxis.range) == pytest.approx([1.85, 3.15])
    assert fig.layout.geo.domain.x[1] <= fig.layout.geo2.domain.x[0]
    assert [a.text for a in fig.layout.annotations] == ["<b>Nusa Tenggara Barat</b>", "<b>Nusa Tenggara Timur</b>"]
    # Kota Mataram (0,05° in a 2,3° panel) also gets a dot, placed and clicked by its code.
    dots = [d for d in fig.data if d.type == "scattergeo" and d.mode == "markers"]
    assert len(dots) == 1 and list(dots[0].locations) == ["52.71"] and dots[0].geo == "geo"
    assert dots[0].marker.size == maps.DOT_PX and dots[0].customdata[0][-1] == "52.71"
    assert map_sizing.fit_css(fig, "regional_map") is None  # panels keep their own height


def test_a_click_on_a_dot_reports_the_code_it_carries():
    assert drill.clicked_code({"points": [{"curve_number": 3, "customdata": ["Kota Mataram", 47.1, "52.71"]}]}) == "52.71"
    assert drill.clicked_code({"points": [{"customdata": ["Kota Mataram", 47.1, "<br>"]}]}) is None
    assert drill.clicked_code({"points": [{"location": "52.01", "customdata": ["x", "52.71"]}]}) == "52.01"


def test_panel_labels_never_overlap():
    # Two labels 0,01° apart at 0,01° per pixel overlap; the larger area's label is kept.
    kept = maps._spaced([(0.0, 0.0, "47,1%"), (0.01, 0.0, "17,4%"), (5.0, 5.0, "16,6%")], [1.0, 9.0, 2.0], 0.01)
    assert [k[2] for k in kept] == ["17,4%", "16,6%"]


def test_on_a_map_of_gaps_the_largest_gap_keeps_its_label():
    """NTB's gap of about 700 ribu people lost its label to neighbouring NTT's 300 ribu, NTT being
    the larger area; on a map of counts or gaps the larger value wins, on rates the larger area."""
    from types import SimpleNamespace

    from cakupan.choices import METRICS

    layer = SimpleNamespace(bounds={"52": (116.0, -9.0, 119.0, -8.0), "53": (119.0, -11.0, 125.0, -8.0)})
    shown = pl.DataFrame({"area_code": ["52", "53"], "gap_people": [697_000.0, -303_000.0],
                          "rate_pct": [26.0, 35.5]})
    codes = shown["area_code"]
    crowded = [(118.5, -8.5, "697 ribu"), (118.6, -8.5, "-303 ribu")]  # too close to print both
    by_gap = maps._label_priority(shown, codes, "gap_people", METRICS["gap_people"], layer)
    assert [k[2] for k in maps._spaced(crowded, by_gap, 0.01)] == ["697 ribu"]
    by_rate = maps._label_priority(shown, codes, "rate_pct", METRICS["rate"], layer)
    assert [k[2] for k in maps._spaced(crowded, by_rate, 0.01)] == ["-303 ribu"]  # NTT: 18 square degrees


def test_a_change_map_takes_its_scale_from_the_reference_not_from_the_areas_shown(con):
    rows = map_rows(con)
    layer = boundaries.subset_layer(FAKE, rows["area_code"].to_list())
    own = maps.metric_map(rows, layer, "change_12m", "ucj", "t", "id")
    # The country's areas change by up to 8 points: the end is nice_ceiling(8) = 10, whatever is drawn.
    shared = maps.metric_map(rows, layer, "change_12m", "ucj", "t", "id", reference=[-8.0, 8.0] * 10)
    assert (shared.data[0].zmin, shared.data[0].zmax) == (-10, 10)
    assert (own.data[0].zmin, own.data[0].zmax) != (-10, 10)


@pytest.mark.parametrize("metric", list(choices.EXPLORER_METRICS))
def test_a_map_built_without_validation_is_what_plotly_validation_makes_of_it(con, metric):
    """metric_map writes its traces and layout in plotly's JSON form and skips plotly's validation
    (maps._assembled): a fully validated copy of the figure must send the very same JSON, for every
    metric, with grey areas (no target, no data), a highlight, an outline, labels and the ▲."""
    import plotly.graph_objects as go

    rows = map_rows(con).with_columns(
        pl.when(pl.col("area_code") == "52.71").then(120.0).when(pl.col("area_code") == "52.01").then(None)
        .otherwise(pl.col("rate_pct")).alias("rate_pct"))
    layer = boundaries.subset_layer(FAKE, rows["area_code"].to_list())
    for lang in ("id", "en"):
        fig = maps.metric_map(rows, layer, metric, "ucj", "judul<br>baris dua", lang, bands=BANDS,
                              highlight="53.71", outline=layer)
        validated = go.Figure(fig.to_dict())
        assert json.loads(plotly.io.to_json(fig)) == json.loads(plotly.io.to_json(validated))
        assert [trace.type for trace in fig.data].count("choropleth") >= 3  # areas, highlight, outline
    # Validation is on again for later changes: a template named, a property that does not exist.
    fig.update_layout(template="plotly_white")
    assert fig.layout.template.layout.paper_bgcolor == "white"
    with pytest.raises(ValueError):
        fig.update_layout(no_such_property=1)
    with pytest.raises(ValueError):
        fig.data[0].update(no_such_property=1)


def test_a_mixed_rate_reads_campuran_in_the_hover_as_in_the_tables():
    """An area whose total mixes imported kab/kota with demo ones is 'campuran' (provenance.rate_kind
    reads is_mixed): the hover, whose labels are worked out once per provenance combination, says
    what the tables say, and an unmixed area with the same other inputs keeps its own label."""
    base = dict(area_name="Kota Mataram", rate_pct=30.0, active=1, workers=3, period=APR25, active_synthetic=True,
                workers_synthetic=True, active_import_batches="7", workers_import_batches=None,
                active_derivation=None, workers_derivation=None, active_printed_rate_pct=None,
                workers_printed_rate_pct=None, active_source="a", workers_source="b")
    rows = [base | {"area_code": "52.71", "is_mixed": True}, base | {"area_code": "52.01", "is_mixed": False}]
    labels = maps.hover_frame(pl.DataFrame(rows), choices.METRICS["rate"], FAKE, "id")["_rate_label"].to_list()
    assert labels[0] == "campuran: hasil impor (batch 7) bersama data sintetis"
    assert labels == [provenance.rate_label(r, "id") for r in rows]
    assert labels[0] != labels[1]


def test_the_split_panels_stand_one_above_the_other_and_a_long_title_breaks(con):
    # Side by side, on a 412 px phone the kinds' names ran into the segments' labels and both were
    # cut. The segments' panel is now above the kinds' across the whole width, and a title wider
    # than a phone breaks after its comma (or colon).
    split = db.run_query(con, "area_split", area_code="52", period=APR25, basis="ucj")
    fig = bars.split_figure(split, "Peserta aktif menurut segmen dan jenis usaha, April 2025", "id")
    segments, kinds = fig.layout.yaxis.domain, fig.layout.yaxis2.domain
    assert kinds[1] < segments[0]  # the kinds' panel lies wholly below the segments'
    assert tuple(fig.layout.xaxis.domain) == tuple(fig.layout.xaxis2.domain) == (0.0, 1.0)
    assert fig.layout.title.text == "Peserta aktif menurut segmen dan jenis usaha,<br>April 2025"
    assert bars.split_figure(split, "t", "id").layout.title.text == "t"
