"""Benchmark of the Ringkasan Nasional page: cold start to first full render, map payload, warm rerun.

Run: .venv/bin/python bench/bench_overview.py   (prints figures; asserts nothing)
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cakupan.build import build_database  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cold_render_seconds(db: Path) -> tuple[float, float]:
    """Seconds from `streamlit run` to (server healthy, overview fully drawn in Chromium)."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless=true",
         "--server.address=127.0.0.1", f"--server.port={port}", "--server.fileWatcherType=none"],
        cwd=ROOT, env={**os.environ, "CAKUPAN_DB": str(db)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.05)
        healthy = time.perf_counter() - started
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 2400})
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_function(
                "document.querySelectorAll('.js-plotly-plot path.choroplethlocation').length === 38", timeout=60_000)
            page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=60_000)
            rendered = time.perf_counter() - started
            browser.close()
    finally:
        proc.terminate()
        proc.wait()
    return healthy, rendered


def app_test_figures(db: Path) -> tuple[int, float, float]:
    """Map JSON bytes sent to the browser, and the first and warm (median) server run times."""
    from streamlit.testing.v1 import AppTest

    os.environ["CAKUPAN_DB"] = str(db)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    map_bytes = len(at.get("plotly_chart")[0].proto.spec.encode())
    warm = []
    for n in range(10):
        at.radio[0].set_value("bps" if n % 2 == 0 else "ucj")
        started = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - started)
    return map_bytes, first, statistics.median(warm)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cakupan.duckdb"
        started = time.perf_counter()
        build_database(db)
        build = time.perf_counter() - started
        healthy, rendered = cold_render_seconds(db)
        map_bytes, first, warm = app_test_figures(db)
        layer = (ROOT / "geo" / "provinces.geojson").stat().st_size
    print(f"default database build:                 {build:.2f} s")
    print(f"streamlit run -> server healthy:        {healthy:.2f} s")
    print(f"streamlit run -> overview fully drawn:  {rendered:.2f} s  (Chromium, 38 shapes)")
    print(f"map figure sent to the browser:         {map_bytes:,} bytes (province layer on disk {layer:,} bytes)")
    print(f"first server run (AppTest, cold cache): {first * 1000:.0f} ms")
    print(f"warm rerun, basis changed (median 10):  {warm * 1000:.0f} ms")


if __name__ == "__main__":
    main()
