"""Benchmark of the Ringkasan Pimpinan: cold and warm generation per province, its parts, and
chart exports through the warm kaleido. Goal: a briefing in 3 s or less, warm.

Run: .venv/bin/python bench/bench_briefing.py [--all]   (prints figures; asserts nothing)
Uses data/cakupan.duckdb (CAKUPAN_DB), built with `make db` if missing.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cakupan.reports import briefing, export, render  # noqa: E402
from cakupan import db, settings  # noqa: E402
from cakupan.boundaries import load_layer  # noqa: E402
from cakupan.provenance import Provenance  # noqa: E402

PERIOD = date(2025, 12, 1)
REPEATS = 3


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - started


def main(all_provinces: bool) -> None:
    path = settings.db_path()
    if not path.exists():
        from cakupan.build.database import build_database

        build_database(path)
    con = db.connect(path)

    def run(name, **params):
        return db.run_query(con, name, **params)

    layer = load_layer(settings.geo_dir(), "regency")

    print("kaleido start (one warm Chromium for the process): ", end="", flush=True)
    _, seconds = timed(render.renderer)
    print(f"{seconds:.2f} s")

    codes = ["52", "35", "31"]
    if all_provinces:
        codes = run("area_coverage", period=PERIOD, basis="ucj", level="province", province="all",
                    segment="all", kind="all").sort("area_code")["area_code"].to_list()
    print(f"\nbriefing for {PERIOD:%Y-%m}, warm: median of {REPEATS} (load + charts + page + PNG)")
    print(f"{'prov':>4} {'districts':>9} {'load':>6} {'charts':>7} {'compose':>8} {'png':>6} {'total':>6}  pdf KB")
    totals = []
    for code in codes:
        subset = briefing.regency_layer_subset(layer, code)
        rows = []
        for _ in range(REPEATS):
            data, t_load = timed(briefing.load, run, code, PERIOD)
            images, t_charts = timed(lambda: briefing.render_images(briefing.figures(data, subset, "id")))
            (pdf, overflows), t_compose = timed(briefing.compose, data, images, "id", subset.credit["id"])
            png, t_png = timed(briefing.pdf_to_png, pdf)
            rows.append((t_load, t_charts, t_compose, t_png, t_load + t_charts + t_compose + t_png))
        median = [statistics.median(column) for column in zip(*rows)]
        totals.append(median[-1])
        flag = "  TEXT CUT: " + "; ".join(overflows) if overflows else ""
        print(f"{code:>4} {data.regencies.height:>9} " + " ".join(f"{v:>6.2f}" for v in median)
              + f"  {len(pdf) / 1024:>6.0f}{flag}")
    print(f"warm total: median {statistics.median(totals):.2f} s, max {max(totals):.2f} s (goal <= 3 s)")

    print("\nchart exports through the warm kaleido (median of 3):")
    map_frame = run("area_coverage", period=PERIOD, basis="ucj", level="province", province="all",
                    segment="all", kind="all")
    from cakupan.figures.bars import segment_bar
    from cakupan.boundaries import subset_layer
    from cakupan.figures.maps import metric_map

    province_layer = load_layer(settings.geo_dir(), "province")
    figures = {
        "province map": metric_map(map_frame, subset_layer(province_layer, list(province_layer.bounds)), "rate", "ucj",
                                   "Cakupan per provinsi", "id"),
        "segment bars": segment_bar(run("national_segments", period=PERIOD), "Peserta aktif menurut segmen", "id"),
    }
    provenance = Provenance(("Sumber A",), "Desember 2025", "ucj", True, province_layer.credit["id"])
    for name, fig in figures.items():
        cells = []
        for kind in render.CHART_FORMATS:
            times = [timed(export.chart_bytes, fig, provenance, "id", kind)[1] for _ in range(3)]
            cells.append(f"{kind} {statistics.median(times):.2f} s")
        print(f"  {name:<13} " + ", ".join(cells))


if __name__ == "__main__":
    main("--all" in sys.argv[1:])
