"""Reads the built boundary layers (geo/*.geojson) and their metadata; pages never rebuild them."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

import blake3

LAYER_FILES = {"province": "provinces.geojson", "regency": "regencies.geojson"}


@dataclass(frozen=True)
class Layer:
    """One boundary layer: the GeoJSON, a label point per code, and which codes are approximate."""
    level: str
    geojson: dict
    label_points: dict[str, tuple[float, float]]
    bounds: dict[str, tuple[float, float, float, float]]
    approximate: frozenset[str]
    credit: dict[str, str]
    digest: str = ""  # BLAKE3 of the file it was read from ("" for a layer made in memory)


def load_layer(geo_dir: Path, level: str) -> Layer:
    """Load a layer and compute a label point (lon, lat) inside each feature."""
    import shapely
    from shapely.geometry import shape

    path = Path(geo_dir) / LAYER_FILES[level]
    try:
        raw = path.read_bytes()
        geojson = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"boundary layer {path} is missing; run `make geo` to rebuild it") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"boundary layer {path} is not valid JSON (line {exc.lineno}): rebuild it with "
                         "`make geo` or restore it from git") from None
    points = {}
    bounds = {}
    approximate = set()
    for feature in geojson["features"]:
        code = feature["properties"]["code"]
        geometry = shape(feature["geometry"])
        point = shapely.point_on_surface(geometry)
        points[code] = (round(point.x, 4), round(point.y, 4))
        bounds[code] = tuple(round(v, 4) for v in geometry.bounds)
        if feature["properties"].get("approximate"):
            approximate.add(code)
    meta = json.loads((Path(geo_dir) / "boundaries.json").read_text(encoding="utf-8"))
    return Layer(level, geojson, points, bounds, frozenset(approximate), meta["credit"],
                 blake3.blake3(raw).hexdigest())


# For views of many provinces at once: a national or Kanwil map is drawn at roughly 0,03–0,05
# degrees per screen pixel, so borders simplified at 0,02 degrees (a border moves at most about
# a pixel) and points rounded to about 100 m look the same and weigh about 40% less in the page.
COARSE_TOLERANCE = 0.02
COARSE_DIGITS = 3


def _rounded(coordinates, digits: int):
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], digits), round(coordinates[1], digits)]
    return [_rounded(part, digits) for part in coordinates]


def coarse_layer(layer: Layer, tolerance: float = COARSE_TOLERANCE, digits: int = COARSE_DIGITS) -> Layer:
    """The same areas with fewer points: the borders are simplified once for the whole coverage,
    so neighbours still share their border and no gap or overlap opens between them; rings keep
    the clockwise orientation Plotly needs. Label points and bounds stay those of the full layer."""
    import shapely
    from shapely.geometry import mapping, shape

    features = layer.geojson["features"]
    simplified = shapely.coverage_simplify([shape(f["geometry"]) for f in features], tolerance)
    # Snapped to the rounding grid by shapely, which keeps each shape valid (plain rounding of the
    # numbers could fold a narrow ring onto itself); the numbers are then written at that grid.
    simplified = shapely.orient_polygons(shapely.set_precision(simplified, 10.0 ** -digits), exterior_cw=True)
    coarse = []
    for feature, geometry in zip(features, simplified):
        drawn = mapping(geometry)
        coarse.append({**feature, "geometry": {"type": drawn["type"],
                                               "coordinates": _rounded(drawn["coordinates"], digits)}})
    return Layer(layer.level, {**layer.geojson, "features": coarse}, layer.label_points, layer.bounds,
                 layer.approximate, layer.credit)


def stored_coarse_layer(layer: Layer, cache_dir: Path) -> Layer:
    """coarse_layer(layer), kept in `cache_dir` under the layer file's content hash: simplifying
    the coverage takes a fresh server a quarter to half a second per layer, reading it back a few
    milliseconds. A new boundary file has a new hash, so it is simplified anew; a folder that
    cannot be written only means the work is done once per server start."""
    if not layer.digest:
        return coarse_layer(layer)
    stored = Path(cache_dir) / f"{layer.level}-{layer.digest[:32]}-{COARSE_TOLERANCE}-{COARSE_DIGITS}.json"
    try:
        features = json.loads(stored.read_text(encoding="utf-8"))
        return replace(layer, geojson={**layer.geojson, "features": features}, digest="")
    except (OSError, ValueError):
        pass
    coarse = coarse_layer(layer)
    try:
        stored.parent.mkdir(parents=True, exist_ok=True)
        part = stored.with_name(f"{stored.name}.{os.getpid()}.part")  # whole or absent for other servers
        part.write_text(json.dumps(coarse.geojson["features"], separators=(",", ":")), encoding="utf-8")
        part.replace(stored)
    except OSError:
        pass
    return coarse


def extent(layer: Layer, codes: list[str], pad: float = 0.3) -> tuple[list[float], list[float]]:
    """Longitude and latitude ranges that hold the given features, with a margin in degrees."""
    boxes = [layer.bounds[c] for c in codes if c in layer.bounds]
    if not boxes:
        raise ValueError("no boundary for any of the requested codes")
    lon = [min(b[0] for b in boxes) - pad, max(b[2] for b in boxes) + pad]
    lat = [min(b[1] for b in boxes) - pad, max(b[3] for b in boxes) + pad]
    return lon, lat


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
        {"type": "Feature", "id": code, "geometry": f["geometry"]}
        for f in layer.geojson["features"]
        # A layer already cut keeps only the id (a panel of a regional map cuts it again).
        if (code := f["properties"]["code"] if "properties" in f else f["id"]) in wanted
    ]
    keep = [f["id"] for f in features]
    return replace(
        layer,
        geojson=SharedGeoJSON(type="FeatureCollection", features=features),
        label_points={c: layer.label_points[c] for c in keep if c in layer.label_points},
        bounds={c: layer.bounds[c] for c in keep if c in layer.bounds},
        digest="",  # no longer the file's content
    )
