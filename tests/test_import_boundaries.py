"""Official boundary files replace a map layer only after every check passes, and atomically."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from cakupan.boundaries import load_layer
from cakupan.importer import ImportRefused
from cakupan.importer.boundaries import import_boundaries
from import_support import ROOT, layer_hashes


@pytest.fixture
def geo(tmp_path) -> Path:
    """A private copy of the committed layers; the committed geo/ files are never touched."""
    folder = tmp_path / "geo"
    folder.mkdir()
    for name in ("provinces.geojson", "regencies.geojson", "boundaries.json"):
        shutil.copyfile(ROOT / "geo" / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def provinces():
    import geopandas as gpd

    return gpd.read_file(ROOT / "geo" / "provinces.geojson").rename(columns={"code": "KODE_PROV"})


def test_geopackage_in_web_mercator_replaces_the_province_layer(geo, provinces, tmp_path):
    committed = layer_hashes(ROOT / "geo")
    source = tmp_path / "batas_provinsi.gpkg"
    provinces[["KODE_PROV", "geometry"]].to_crs(3857).to_file(source, driver="GPKG")
    report = import_boundaries(source, "province", "KODE_PROV", geo, source_title="Batas uji (BIG)")
    assert report["written"] and report["features"] == 38 and report["source_crs"] == "EPSG:3857"
    layer = load_layer(geo, "province")
    assert len(layer.geojson["features"]) == 38 and not layer.approximate
    for feature in layer.geojson["features"]:
        geometry = shape(feature["geometry"])
        assert geometry.is_valid
        # Plotly needs clockwise outer rings (the same finish as geo/build.py).
        assert shapely.equals_exact(geometry, shapely.orient_polygons(geometry, exterior_cw=True), 0)
        assert feature["properties"]["approximate"] is False
    # Reprojected back to degrees: NTB sits where it was (within the simplification tolerance).
    ntb = next(f for f in layer.geojson["features"] if f["properties"]["code"] == "52")
    assert shape(ntb["geometry"]).centroid.distance(shape(next(
        f for f in json.loads((ROOT / "geo" / "provinces.geojson").read_text())["features"]
        if f["properties"]["code"] == "52")["geometry"]).centroid) < 0.05
    meta = json.loads((geo / "boundaries.json").read_text())
    assert meta["imports"]["province"]["source_title"] == "Batas uji (BIG)"
    assert meta["credit"]["en"].startswith("Province boundaries: Batas uji (BIG).")
    assert layer.credit["id"].startswith("Batas provinsi: Batas uji (BIG).")
    assert (geo / "provinces.geojson").stat().st_mode & 0o777 == 0o644
    assert layer_hashes(ROOT / "geo") == committed


def test_shapefile_dry_run_changes_nothing(geo, provinces, tmp_path):
    before = layer_hashes(geo)
    provinces[["KODE_PROV", "geometry"]].to_file(tmp_path / "prov.shp")
    report = import_boundaries(tmp_path / "prov.shp", "province", "KODE_PROV", geo, dry_run=True)
    assert not report["written"] and report["features"] == 38
    assert layer_hashes(geo) == before


def test_invalid_geometry_is_repaired_and_reported(geo, provinces, tmp_path):
    frame = provinces[["KODE_PROV", "geometry"]].copy()
    ntb = frame.index[frame["KODE_PROV"] == "52"][0]
    # A self-touching bow-tie added to NTB's shape: invalid, but make_valid gives polygons.
    x0, y0 = 116.0, -8.7
    bowtie = shapely.Polygon([(x0, y0), (x0 + 0.1, y0 + 0.1), (x0 + 0.1, y0), (x0, y0 + 0.1), (x0, y0)])
    assert not bowtie.is_valid
    frame.loc[ntb, "geometry"] = shapely.MultiPolygon([*shapely.get_parts(frame.loc[ntb, "geometry"]), bowtie])
    frame.to_file(tmp_path / "prov.geojson", driver="GeoJSON")
    report = import_boundaries(tmp_path / "prov.geojson", "province", "KODE_PROV", geo, dry_run=True)
    assert [(w.code, w.value) for w in report["warnings"]] == [("boundary_repaired", "52")]


def test_bps_codes_through_the_crosswalk_and_unknown_ones_refused(geo, provinces, tmp_path):
    frame = provinces[["KODE_PROV", "geometry"]].copy()
    frame["KODE_BPS"] = frame["KODE_PROV"]
    frame.to_file(tmp_path / "prov.geojson", driver="GeoJSON")
    cross = tmp_path / "cw.csv"
    cross.write_text("bps_code,kemendagri_code\n" + "".join(f"{c},{c}\n" for c in frame["KODE_PROV"] if c != "11"))
    before = layer_hashes(geo)
    with pytest.raises(ImportRefused) as refused:
        import_boundaries(tmp_path / "prov.geojson", "province", "KODE_BPS", geo, code_system="bps", crosswalk=cross)
    assert [(p.code, p.row, p.value) for p in refused.value.errors] == [
        ("unknown_bps_code", 1, "11"), ("boundary_missing_codes", None, None)]
    with pytest.raises(ImportRefused) as refused:
        import_boundaries(tmp_path / "prov.geojson", "province", "KODE_BPS", geo, code_system="bps")
    assert refused.value.errors[0].code == "bps_needs_crosswalk"
    assert layer_hashes(geo) == before


def test_a_failure_while_replacing_leaves_the_current_layer(geo, provinces, tmp_path, monkeypatch):
    """The new layer is written beside the old one and renamed over it; if that fails, the old
    file is intact and no temporary file is left behind."""
    import os

    from cakupan.importer import boundaries

    before = layer_hashes(geo)
    provinces[["KODE_PROV", "geometry"]].to_file(tmp_path / "prov.geojson", driver="GeoJSON")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(boundaries.os, "replace", broken_replace)
    with pytest.raises(OSError):
        import_boundaries(tmp_path / "prov.geojson", "province", "KODE_PROV", geo)
    monkeypatch.setattr(boundaries.os, "replace", os.replace)
    assert layer_hashes(geo) == before
    assert sorted(p.name for p in geo.iterdir()) == ["boundaries.json", "provinces.geojson", "regencies.geojson"]


def test_regency_layer_from_an_official_file(geo, tmp_path):
    """514 kabupaten/kota with 4-digit codes (no dots), as many official files write them."""
    import geopandas as gpd

    frame = gpd.read_file(ROOT / "geo" / "regencies.geojson")
    frame["KDPKAB"] = frame["code"].str.replace(".", "", regex=False)
    frame[["KDPKAB", "geometry"]].to_file(tmp_path / "kabkota.gpkg", driver="GPKG")
    report = import_boundaries(tmp_path / "kabkota.gpkg", "regency", "KDPKAB", geo, source_title="Uji kab/kota")
    assert report["written"] and report["features"] == 514
    layer = load_layer(geo, "regency")
    assert len(layer.geojson["features"]) == 514 and "52.71" in layer.bounds


def test_the_app_sees_an_imported_layer_at_once(geo, provinces, monkeypatch):
    # The cached layers and their subsets are keyed by the layer file's version, so a boundary
    # import replaces the shapes the maps (and the briefing, through the same key) draw.
    from cakupan.ui import cache

    monkeypatch.setenv("CAKUPAN_GEO_DIR", str(geo))
    before = cache.shown_layer("province", ["52"]).bounds["52"]
    shifted = provinces.copy()
    ntb = shifted["KODE_PROV"] == "52"
    shifted.loc[ntb, "geometry"] = shifted.loc[ntb, "geometry"].translate(xoff=1.0)
    source = geo.parent / "batas_geser.gpkg"
    shifted[["KODE_PROV", "geometry"]].to_file(source, driver="GPKG")
    assert import_boundaries(source, "province", "KODE_PROV", geo, source_title="Batas uji (BIG)")["written"]
    after = cache.shown_layer("province", ["52"]).bounds["52"]
    assert after[0] == pytest.approx(before[0] + 1.0, abs=0.05)
    assert cache.layer("province").bounds["52"] == after
    assert not cache.layer("province").approximate
