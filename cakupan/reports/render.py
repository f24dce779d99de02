"""The one warm kaleido renderer that turns figures into PNG, SVG and PDF."""

from __future__ import annotations

import asyncio
import struct
import threading
import zlib
from typing import Any

import plotly.graph_objects as go

from cakupan import fonts
from cakupan.settings import ROOT

CHART_FORMATS = ("png", "svg", "pdf")
CSS_DPI = 96


def with_dpi(png: bytes, dpi: int) -> bytes:
    """Add a pHYs chunk so word processors place the PNG at its print size, not at 96 dpi."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or b"pHYs" in png[:200]:
        return png
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    ihdr_end = 8 + 4 + 4 + 13 + 4
    return png[:ihdr_end] + chunk + png[ihdr_end:]


TOPOJSON_DIR = ROOT / "static" / "topo"

RENDER_TIMEOUT_S = 60.0


class _Renderer:
    """One headless Chromium (kaleido) kept open on its own event-loop thread.

    Each export then costs ~0.1–0.5 s instead of ~2 s for a fresh browser. Calls come from
    several Streamlit threads (deferred downloads run off the script thread), so they are
    serialised with a lock, and every wait has a timeout so a dead browser cannot hang a page.
    """

    def __init__(self) -> None:
        import kaleido

        fonts.use_shipped_fonts_for_browsers()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="cakupan-kaleido", daemon=True)
        self._thread.start()
        # mathjax=False: its default is a CDN script, which cannot load offline.
        self._kaleido = kaleido.Kaleido(n=1, mathjax=False, timeout=RENDER_TIMEOUT_S)
        self._run(self._kaleido.open())

    def _run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(RENDER_TIMEOUT_S)

    def render(self, figure: dict, opts: dict) -> bytes:
        with self._lock:
            return self._run(self._kaleido.calc_fig(figure, opts=opts, topojson=topojson_url()))

    def close(self) -> None:
        try:
            self._run(self._kaleido.close())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)


_renderer: _Renderer | None = None


_renderer_lock = threading.Lock()


def renderer() -> _Renderer:
    """The process-wide renderer, started on first use (not at import: pages that never
    export never pay for a browser)."""
    global _renderer
    with _renderer_lock:
        if _renderer is None or not _renderer._thread.is_alive():
            _renderer = _Renderer()
        return _renderer


def _reset_renderer() -> None:
    """Drop a renderer that failed, so the next export starts a fresh browser."""
    global _renderer
    with _renderer_lock:
        if _renderer is not None:
            try:
                _renderer.close()
            except Exception:  # noqa: BLE001 - it is already broken; only make room for a new one
                pass
        _renderer = None


def topojson_url() -> str:
    """plotly.js fetches a world topojson for every geo trace; point it at the offline stub."""
    return TOPOJSON_DIR.resolve().as_uri() + "/"


def render(fig: go.Figure | dict, kind: str, width: int, height: int, scale: float = 1.0) -> bytes:
    """Bytes of a figure (or its plotly JSON) as png, svg or pdf, drawn by the warm kaleido."""
    if kind not in CHART_FORMATS:
        raise ValueError(f"unknown chart format {kind!r}; use one of {', '.join(CHART_FORMATS)}")
    opts = {"format": kind, "width": width, "height": height, "scale": scale}
    figure = fig if isinstance(fig, dict) else fig.to_dict()
    try:
        data = renderer().render(figure, opts)
    except Exception:
        _reset_renderer()
        data = renderer().render(figure, opts)
    return with_dpi(data, round(CSS_DPI * scale)) if kind == "png" else data
