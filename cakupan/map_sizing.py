"""A map's height follows its width: a stylesheet sizing a keyed chart from its geographic aspect."""

from __future__ import annotations

import math
import re

import plotly.graph_objects as go

# Below this a map is too small to read or hover; phones get at least this much.
MIN_HEIGHT = 220


def mercator_y(lat: float) -> float:
    """Mercator's y of a latitude, in degrees of longitude (what the maps' projection spaces by);
    clamped at ±85°, where the projection's own edge is."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(max(-85.0, min(85.0, lat))) / 2)))


def mercator_size(lon_range, lat_range) -> tuple[float, float]:
    """Width and height of a lon/lat box in the maps' Mercator projection (degrees of longitude)."""
    return lon_range[1] - lon_range[0], mercator_y(lat_range[1]) - mercator_y(lat_range[0])


def geo_aspect(fig: go.Figure) -> float | None:
    """Height ÷ width of the mapped area (Mercator, from the geo axis ranges), or None for a figure
    that is not a map with explicit ranges. Several maps in one figure (panels) keep their height."""
    if getattr(fig.layout, "geo2", None) is not None and fig.layout.geo2.domain.x:
        return None
    geo = fig.layout.geo
    lon, lat = geo.lonaxis.range, geo.lataxis.range
    if not lon or not lat or (geo.projection.type or "mercator") != "mercator":
        return None
    width, height = mercator_size(lon, lat)
    return height / width if width > 0 and height > 0 else None


def fitted_height(fig: go.Figure, width: float) -> float | None:
    """The figure height at which a map `width` pixels wide fills its frame without blank bands:
    the map's own height, scaled up to its share of the plot area, plus the fixed margins."""
    aspect = geo_aspect(fig)
    if aspect is None:
        return None
    margin = fig.layout.margin
    top, bottom = margin.t if margin.t is not None else 100, margin.b if margin.b is not None else 80
    left, right = margin.l if margin.l is not None else 80, margin.r if margin.r is not None else 80
    y0, y1 = fig.layout.geo.domain.y or (0, 1)
    x0, x1 = fig.layout.geo.domain.x or (0, 1)
    return top + bottom + (width - left - right) * (x1 - x0) * aspect / (y1 - y0)


def fit_css(fig: go.Figure, key: str) -> str | None:
    """CSS that sizes the chart keyed `key` (Streamlit gives it the class st-key-<key>) to the height
    its width needs, never taller than the figure's own height, so a wide screen looks as before and
    a phone loses the blank bands above and below the map. None for a figure that is not a map."""
    aspect = geo_aspect(fig)
    tallest = fig.layout.height
    if aspect is None or not tallest:
        return None
    # fitted_height is linear in the width: height = per_px * width + fixed.
    fixed = fitted_height(fig, 0.0)
    per_px = fitted_height(fig, 1.0) - fixed
    lowest = min(MIN_HEIGHT, tallest)
    # The class name the way Streamlit's frontend makes it from the key.
    key = re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())
    # The element container is the size container; the chart inside it takes the computed height and
    # Streamlit's chart redraws the figure at the height it measures.
    return (f".st-key-{key} {{ container-type: inline-size; flex: 0 0 auto !important; height: auto !important; }}\n"
            f".st-key-{key} [data-testid='stPlotlyChart'] {{ height: clamp({lowest}px, "
            f"calc({per_px:.5f} * 100cqw + {fixed:.1f}px), {tallest}px) !important; overflow: hidden; }}")
