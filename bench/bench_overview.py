"""Benchmark of the Ringkasan Nasional page: cold start to first full render, map payload, warm rerun.

Run: .venv/bin/python bench/bench_overview.py [--db data/cakupan.duckdb] [--only cold,app]   (prints figures; asserts nothing)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _server import chromium, streamlit_server  # noqa: E402

from cakupan.build.database import build_database  # noqa: E402


def cold_render_seconds(db: Path) -> tuple[float, float]:
    """Seconds from `streamlit run` to (server healthy, overview fully drawn in Chromium)."""
    from playwright.sync_api import sync_playwright

    with streamlit_server({**os.environ, "CAKUPAN_DB": str(db)}) as server, sync_playwright() as p:
        browser = chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 2400})
        page.goto(f"{server.url}/")
        page.wait_for_function(
            "document.querySelectorAll('.js-plotly-plot path.choroplethlocation').length === 38", timeout=60_000)
        page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=60_000)
        rendered = time.perf_counter() - server.started
        browser.close()
    return server.healthy, rendered


def app_test_figures(db: Path) -> tuple[int, float, float, float, float]:
    """Map JSON bytes sent to the browser, the first, warm (median) and slowest warm server run times,
    and the median CPU time of a warm run."""
    from streamlit.testing.v1 import AppTest

    os.environ["CAKUPAN_DB"] = str(db)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    map_bytes = len(at.get("plotly_chart")[0].proto.spec.encode())
    warm, cpu = [], []
    for n in range(10):
        at.radio[0].set_value("bps" if n % 2 == 0 else "ucj")
        started, cpu_started = time.perf_counter(), time.process_time()
        at.run()
        warm.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return map_bytes, first, statistics.median(warm), max(warm), statistics.median(cpu)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing database (default: build a fresh one, timed)")
    parser.add_argument("--only", default="cold,app", help="cold (Chromium after streamlit run), app (AppTest)")
    args = parser.parse_args()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "cakupan.duckdb"
            started = time.perf_counter()
            build_database(db)
            print(f"default database build:                 {time.perf_counter() - started:.2f} s")
        if "cold" in only:
            healthy, rendered = cold_render_seconds(db)
            print(f"streamlit run -> server healthy:        {healthy:.2f} s")
            print(f"streamlit run -> overview fully drawn:  {rendered:.2f} s  (Chromium, 38 shapes; goal ≤ 5 s)")
        if "app" in only:
            map_bytes, first, warm, slowest, cpu = app_test_figures(db)
            layer = (ROOT / "geo" / "provinces.geojson").stat().st_size
            print(f"map figure sent to the browser:         {map_bytes:,} bytes (province layer on disk {layer:,} bytes)")
            print(f"first server run (AppTest, cold cache): {first * 1000:.0f} ms")
            print(f"warm rerun, basis changed (median 10):  {warm * 1000:.0f} ms (slowest {slowest * 1000:.0f} ms; "
                  f"goal ≤ 120 ms median, ≤ 200 ms p95)")
            print(f"  CPU time of that rerun (median 10):   {cpu * 1000:.0f} ms (this process; unaffected by other load)")
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the end of the run")


if __name__ == "__main__":
    main()
