"""cakupan.ui.preload.PageMiddleware: Streamlit's page gets plotly's chunk and the topojson stub;
nothing else the server sends is changed."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import json
import re

from cakupan.ui import preload

PAGE = (b'<!DOCTYPE html>\n<html lang="en">\n  <head>\n    <title>Streamlit</title>\n'
        b'    <script type="module" crossorigin src="./static/js/index.AbC123.js"></script>\n'
        b'    <link rel="modulepreload" crossorigin href="./static/js/react-dom.X1.js">\n'
        b'  </head>\n  <body><div id="root"></div></body>\n</html>\n')


def serve(path: str, status: int, content_type: bytes, body: bytes, chunks: int = 1,
          accept_gzip: bool = True) -> tuple[dict, bytes, list]:
    """One GET through the middleware in front of a stand-in server; returns the response start,
    the body the browser gets, and the request headers the server saw."""
    seen = []

    async def server(scope, receive, send):
        seen.extend(scope["headers"])
        compress = any(k == b"accept-encoding" and b"gzip" in v for k, v in scope["headers"])
        sent = gzip.compress(body) if compress else body
        headers = [(b"content-type", content_type), (b"content-length", str(len(sent)).encode()),
                   (b"etag", b'"streamlit-file"')] + ([(b"content-encoding", b"gzip")] if compress else [])
        await send({"type": "http.response.start", "status": status, "headers": headers})
        step = max(1, len(sent) // chunks)
        pieces = [sent[i:i + step] for i in range(0, len(sent), step)] or [b""]
        for i, piece in enumerate(pieces):
            await send({"type": "http.response.body", "body": piece, "more_body": i < len(pieces) - 1})

    out = []

    async def send(message):
        out.append(message)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    headers = [(b"host", b"example")] + ([(b"accept-encoding", b"gzip, br")] if accept_gzip else [])
    scope = {"type": "http", "method": "GET", "path": path, "headers": headers}
    # In a thread of its own: a browser test earlier in the session may leave this thread's loop running.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, preload.PageMiddleware(server)(scope, receive, send)).result()
    start = next(m for m in out if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in out if m["type"] == "http.response.body")
    return start, body, seen


def test_the_page_names_the_element_scripts_right_after_streamlits_entry_script_and_carries_the_stub():
    start, body, seen = serve("/peta", 200, b"text/html; charset=utf-8", PAGE, chunks=3)
    lines = body.decode().splitlines()
    entry = next(i for i, line in enumerate(lines) if "index.AbC123.js" in line)
    added = lines[entry + 1:entry + 2 + len(preload.ELEMENTS)]
    stub, scripts = added[0], added[1:]
    names = [preload._bundle_name(element) for element in preload.ELEMENTS]
    assert all(names) and names[0].startswith("PlotlyChart.")
    # plotly's is run at once; the others are fetched and compiled, and run when their element comes.
    assert scripts[0] == f'<script type="module" crossorigin src="./static/js/{names[0]}"></script>'
    assert scripts[1:] == [f'<link rel="modulepreload" crossorigin href="./static/js/{name}">' for name in names[1:]]
    found = json.loads(re.fullmatch(r"<script>window\.PlotlyGeoAssets = \{topojson: (.*)\};</script>", stub).group(1))
    assert set(found) == {"world_110m", "world_50m"}
    assert all(topology["type"] == "Topology" for topology in found.values())
    # Everything else of Streamlit's page is there, in its order.
    assert lines[:entry + 1] + lines[entry + 2 + len(preload.ELEMENTS):] == PAGE.decode().splitlines()
    headers = dict(start["headers"])
    assert int(headers[b"content-length"]) == len(body)
    assert b"content-encoding" not in headers and b"etag" not in headers
    assert not any(k == b"accept-encoding" for k, _ in seen)  # asked for uncompressed


def test_other_answers_pass_unchanged():
    script = b"export const x = 1;\n" * 100
    start, body, seen = serve("/static/js/index.AbC123.js", 200, b"application/javascript", script)
    assert gzip.decompress(body) == script  # not even its compression was touched
    assert any(k == b"accept-encoding" for k, _ in seen)
    assert (b"etag", b'"streamlit-file"') in start["headers"]
    # HTML that is not Streamlit's page (no entry script), and a page that is not a 200, stay as sent.
    other = b"<html><body>component</body></html>"
    assert serve("/some/page", 200, b"text/html", other)[1] == other
    assert serve("/peta", 404, b"text/html", PAGE)[1] == PAGE
