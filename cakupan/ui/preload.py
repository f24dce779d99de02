"""Streamlit's element scripts, fetched as the page opens instead of when each element arrives.

Streamlit's frontend loads the script of each kind of element (a chart, a metric, a select box)
only when the first such element reaches the browser. Its plotly chunk (4,7 MB) then takes about
half a second to run before anything is drawn: on a warm server that was the longest step
between opening /peta and its map on screen. And when the map's script was ready before the
metrics' above it, the map was drawn first and then pushed down as the metrics appeared, so a
tap aimed at a province landed elsewhere. Streamlit's page (the same small HTML for every
address) therefore names these scripts beside Streamlit's own entry script, so the browser
fetches them while Streamlit's scripts load and the websocket opens: plotly's is also run at once
(its half second), the small ones are only fetched and compiled (a page without a table does
not run the table's). Every element is then drawn as soon as it arrives, in page order. The
browser keeps one copy of a module per address, so the elements later find them loaded.

plotly.js also fetches a world topojson before it draws the first map of a page (even one drawn
from our own boundaries, which needs none of it). The app's stub is written into the page, so
that round trip no longer sits between plotly's start and the map on screen.

`PageMiddleware` does both, as the middleware of dashboard.py's st.App.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit as st

TOPOJSON_DIR = Path(__file__).resolve().parents[2] / "static" / "topo"
# Streamlit's page names its entry script with this tag; what the app adds goes on the next line.
ENTRY_TAG = b'<script type="module" crossorigin src="./static/js/index.'
# Addresses that are never the page: scripts, styles, media, Streamlit's own endpoints.
NOT_PAGES = ("/static/", "/_stcore/", "/media/", "/component")


# The elements every page shows near its top, and plotly's charts: their scripts come with the page.
ELEMENTS = ("PlotlyChart", "Html", "Metric", "Selectbox", "Radio", "ButtonGroup", "DataFrame", "DownloadButton")


@functools.cache
def _bundle_name(element: str = "PlotlyChart") -> str | None:
    """The file name of Streamlit's chunk for an element (hashed per release), or None if not exactly one."""
    found = sorted((Path(st.__file__).parent / "static" / "static" / "js").glob(f"{element}.*.js"))
    return found[0].name if len(found) == 1 else None


@functools.cache
def page_additions() -> bytes:
    """The lines added to Streamlit's page: the topojson stubs plotly would fetch (world_110m,
    world_50m), plotly's chunk as a module script and the other elements' as module preloads
    (relative, like Streamlit's own, so a base URL path or a proxy prefix gives the very address
    each element imports)."""
    stubs = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(TOPOJSON_DIR.glob("*.json"))}
    lines = [f"<script>window.PlotlyGeoAssets = {{topojson: {json.dumps(stubs, separators=(',', ':'))}}};</script>"]
    for element in ELEMENTS:
        name = _bundle_name(element)
        if name and element == "PlotlyChart":
            lines.append(f'<script type="module" crossorigin src="./static/js/{name}"></script>')
        elif name:
            lines.append(f'<link rel="modulepreload" crossorigin href="./static/js/{name}">')
    return "".join(line + "\n" for line in lines).encode()


class PageMiddleware:
    """ASGI middleware for st.App that adds `page_additions` to Streamlit's page. Only a response
    that is Streamlit's page is changed (it names the entry script); everything else passes as is."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "GET" or any(part in path for part in NOT_PAGES):
            return await self.app(scope, receive, send)
        # The page is small: asked for uncompressed, it can be read and amended in one piece.
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]
        start: dict | None = None
        body = bytearray()

        async def amend(message):
            nonlocal start
            if message["type"] == "http.response.start":
                kinds = [v for k, v in message.get("headers", []) if k.lower() == b"content-type"]
                if message.get("status") == 200 and kinds and kinds[0].startswith(b"text/html"):
                    start = message  # held until the whole body is here
                    return
                return await send(message)
            if start is None:
                return await send(message)
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            page = bytes(body)
            if (at := page.find(ENTRY_TAG)) >= 0:
                end = page.index(b"\n", at) + 1
                page = page[:end] + page_additions() + page[end:]
            # The page's tag named Streamlit's file, not this one.
            kept = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"etag")]
            await send({**start, "headers": [*kept, (b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page, "more_body": False})

        return await self.app({**scope, "headers": headers}, receive, amend)
