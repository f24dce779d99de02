"""Plotly's script, asked for as soon as a page opens instead of when its first chart arrives.

Streamlit's frontend loads its plotly bundle (4,7 MB) only when a chart element reaches the
browser, and then spends about half a second running it before anything is drawn. Starting
that import with the page's first element lets it run while the server is still computing the
page. The browser keeps one copy of a module per address, so the chart later finds it loaded.

plotly.js also fetches a world topojson before it draws the first map of a page (even one drawn
from our own boundaries, which needs none of it). The app's stub is handed over here, so that
round trip to the server no longer sits between plotly's start and the map on screen.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit as st


@functools.cache
def _bundle_name() -> str | None:
    """The file name of Streamlit's plotly chunk (hashed per release), or None if not exactly one."""
    found = sorted((Path(st.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    return found[0].name if len(found) == 1 else None


TOPOJSON_DIR = Path(__file__).resolve().parents[2] / "static" / "topo"


@functools.cache
def _topojson_stubs() -> str:
    """{name: topojson} of the stubs plotly would fetch (world_110m, world_50m), as compact JSON."""
    stubs = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(TOPOJSON_DIR.glob("*.json"))}
    return json.dumps(stubs, separators=(",", ":"))


def apply() -> None:
    name = _bundle_name()
    # Resolved against the address of Streamlit's own entry script, so a base URL path or a proxy
    # prefix gives the very address the chart element imports.
    load = "" if name is None else f"""
  const entry = document.querySelector('script[type="module"][src*="static/js/index."]');
  if (entry) import(new URL({name!r}, entry.src).href).catch(() => {{}});"""
    st.html(f"""<script>
(() => {{
  const assets = window.PlotlyGeoAssets = window.PlotlyGeoAssets || {{topojson: {{}}}};
  for (const [name, topology] of Object.entries({_topojson_stubs()})) assets.topojson[name] ??= topology;{load}
}})();
</script>""", unsafe_allow_javascript=True)
