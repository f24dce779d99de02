"""The one warm kaleido renderer that turns figures into PNG, SVG and PDF."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import struct
import tempfile
import threading
import weakref
import zlib
from pathlib import Path
from typing import Any

import orjson
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

# kaleido reloads its page after every figure, so that plotly.js is parsed again (about 0,15 s,
# more than drawing a bar chart) and fetched boundaries are forgotten. Each export draws into a
# fresh element that plotly removes afterwards, so the page is kept and only reloaded now and then:
# that bounds what it gathers (at most this many boundary files, a few MB each once parsed) for
# about 3 ms an export.
RELOAD_EVERY = 50


# choreographer (kaleido's link to Chromium) reads an answer 10 kB at a time and appends each
# piece to the bytes it has, copying a 1,3 MB PNG answer about 130 times over (measured here: 45 ms
# on a loaded machine). This pipe reads larger pieces and joins them once.
READ_BYTES = 1 << 20


def _whole_message_pipe():
    """choreographer's Pipe, reading each message in large pieces joined once (it is handed to
    the browser through choreographer's own `channel_cls` parameter)."""
    import os
    import time

    from choreographer.channels import ChannelClosedError, Pipe
    from choreographer.channels import _wire as wire
    from choreographer.channels._errors import JSONError

    class WholeMessagePipe(Pipe):
        def read_jsons(self, *, blocking: bool = True) -> tuple[list, float]:
            if not self.is_ready():
                raise ChannelClosedError("the pipe to the browser is closed")
            source = self._read_from_browser
            try:
                os.set_blocking(source, blocking)
                parts = [os.read(source, READ_BYTES)]
                if not parts[0] or parts[0] == b"{bye}\n":  # the browser has gone
                    self.close()
                    raise ChannelClosedError
                while parts[-1][-1] != 0:  # a message ends with a NUL byte; wait for the rest
                    os.set_blocking(source, True)
                    parts.append(os.read(source, READ_BYTES))
                    if not parts[-1]:
                        self.close()
                        raise ChannelClosedError
            except BlockingIOError:
                return [], time.perf_counter()
            except OSError as error:
                self.close()
                raise ChannelClosedError from error
            messages = []
            for raw in b"".join(parts).decode("utf-8").split("\0"):
                if raw:
                    try:
                        messages.append(wire.deserialize(raw))
                    except JSONError:
                        continue  # as choreographer does: a message it cannot read is skipped
            return messages, time.perf_counter()

    return WholeMessagePipe


def _warm_kaleido(reload_every: int):
    """A kaleido.Kaleido whose page is reloaded after every `reload_every` figures, not after each."""
    import kaleido

    class WarmKaleido(kaleido.Kaleido):
        drawn = 0

        async def _return_kaleido_tab(self, tab) -> None:
            # kaleido's own hook (1.x): it reloads the page, then queues the tab again.
            self.drawn += 1
            if self.drawn % reload_every == 0:
                await super()._return_kaleido_tab(tab)
                return
            tab.js_logger.reset()  # the console log of the figure just drawn, not of all of them
            await self.tabs_ready.put(tab)

    return WarmKaleido


class _Renderer:
    """One headless Chromium (kaleido) kept open on its own event-loop thread.

    Each export then costs well under half a second instead of ~2 s for a fresh browser; the
    page too is kept (see RELOAD_EVERY), and so are the boundary files it has read. Calls come from
    several Streamlit threads (deferred downloads run off the script thread), so they are
    serialised with a lock, and every wait has a timeout so a dead browser cannot hang a page.
    """

    def __init__(self, reload_every: int = RELOAD_EVERY, shared_boundaries: bool = True,
                 whole_reads: bool = True) -> None:
        fonts.use_shipped_fonts_for_browsers()
        self._boundaries = _BoundaryFiles() if shared_boundaries else None
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="cakupan-kaleido", daemon=True)
        self._thread.start()
        # mathjax=False: its default is a CDN script, which cannot load offline.
        pipe = {"channel_cls": _whole_message_pipe()} if whole_reads else {}
        self._kaleido = _warm_kaleido(reload_every)(n=1, mathjax=False, timeout=RENDER_TIMEOUT_S, **pipe)
        self._run(self._kaleido.open())

    def _run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(RENDER_TIMEOUT_S)

    def render(self, figure: dict, opts: dict) -> bytes:
        with self._lock:
            if self._boundaries is not None:
                figure = self._boundaries.by_reference(figure)
            return self._run(self._kaleido.calc_fig(figure, opts=opts, topojson=topojson_url()))

    def close(self) -> None:
        try:
            self._run(self._kaleido.close())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._boundaries is not None:
                self._boundaries.remove()


class _BoundaryFiles:
    """Boundary GeoJSON handed to the page once, as a file, and named in each figure by its address.

    A map's figure carries its boundaries (up to 0,7 MB, once per trace), which would otherwise be
    encoded, piped to Chromium and parsed again for every export. plotly.js fetches a GeoJSON given
    as an address once and keeps it for the life of the page (window.PlotlyGeoAssets), which the
    warm page is. Files are named by a hash of their content, so changed boundaries (a boundary
    import) get a new name and are never confused with the old ones.
    """

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="cakupan-geo-"))
        self._finalizer = weakref.finalize(self, shutil.rmtree, self.folder, True)

    def address(self, geojson: dict) -> str:
        data = orjson.dumps(geojson)
        path = self.folder / f"{hashlib.blake2b(data, digest_size=16).hexdigest()}.geojson"
        if not path.exists():
            partial = path.with_suffix(".part")
            partial.write_bytes(data)
            partial.replace(path)  # the page never reads half a file
        return path.as_uri()

    def by_reference(self, figure: dict) -> dict:
        """The figure with each trace's GeoJSON replaced by its file's address (a shallow copy:
        the caller's figure, often a cached one, is left as it was)."""
        addresses: dict[int, str] = {}
        data = []
        for trace in figure.get("data", []):
            geojson = trace.get("geojson") if isinstance(trace, dict) else None
            if isinstance(geojson, dict):
                if id(geojson) not in addresses:
                    addresses[id(geojson)] = self.address(geojson)
                trace = {**trace, "geojson": addresses[id(geojson)]}
            data.append(trace)
        return {**figure, "data": data} if addresses else figure

    def remove(self) -> None:
        self._finalizer()


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
