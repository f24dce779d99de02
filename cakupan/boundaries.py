"""Reads the built boundary layers (geo/*.geojson) and their metadata; pages never rebuild them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

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


def load_layer(geo_dir: Path, level: str) -> Layer:
    """Load a layer and compute a label point (lon, lat) inside each feature."""
    import shapely
    from shapely.geometry import shape

    path = Path(geo_dir) / LAYER_FILES[level]
    try:
        geojson = json.loads(path.read_text(encoding="utf-8"))
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
    return Layer(level, geojson, points, bounds, frozenset(approximate), meta["credit"])


def extent(layer: Layer, codes: list[str], pad: float = 0.3) -> tuple[list[float], list[float]]:
    """Longitude and latitude ranges that hold the given features, with a margin in degrees."""
    boxes = [layer.bounds[c] for c in codes if c in layer.bounds]
    if not boxes:
        raise ValueError("no boundary for any of the requested codes")
    lon = [min(b[0] for b in boxes) - pad, max(b[2] for b in boxes) + pad]
    lat = [min(b[1] for b in boxes) - pad, max(b[3] for b in boxes) + pad]
    return lon, lat
