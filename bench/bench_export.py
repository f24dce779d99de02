"""Benchmark of chart exports through the warm kaleido (issue 14: under 0,25 s per PNG).

For each chart (the national province map, a province's kab/kota map, a bar chart, a trend) and
format, the median of several exports, next to the previous way measured in the same run:
a validated go.Figure copy of the whole figure and, for every chart with axes or more than one
trace, a measuring SVG draw before the real one. Prints figures; asserts nothing.

Run: .venv/bin/python bench/bench_export.py [--repeats 5]
Uses data/cakupan.duckdb (CAKUPAN_DB).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import plotly.graph_objects as go  # noqa: E402

from cakupan import db, settings  # noqa: E402
from cakupan.boundaries import load_layer, subset_layer  # noqa: E402
from cakupan.figures import bars, maps, trends  # noqa: E402
from cakupan.provenance import Provenance  # noqa: E402
from cakupan.reports import export, render  # noqa: E402

PERIOD = date(2025, 12, 1)


def previous_way(fig: go.Figure, provenance: Provenance, lang: str, kind: str) -> bytes:
    """The export as it was: a validated copy, and a measuring draw for charts with axes or several traces."""
    out = go.Figure(go.Figure(export.print_spec(fig, provenance, lang)))
    if export._is_cartesian(fig) or len(fig.data) > 1 or fig.layout.showlegend:
        out = export.settle_footer(out)
    scale = export.PRINT_DPI / export.CSS_DPI if kind == "png" else 1.0
    return render.render(out, kind, out.layout.width, out.layout.height, scale)


def figures() -> dict[str, go.Figure]:
    con = db.connect(settings.db_path())
    run = lambda name, **p: db.run_query(con, name, **p)  # noqa: E731
    provinces = run("area_coverage", period=PERIOD, basis="ucj", level="province", province="all", segment="all",
                    kind="all")
    ntb = run("area_coverage", period=PERIOD, basis="ucj", level="regency", province="52", segment="all", kind="all")
    province_layer, regency_layer = (load_layer(settings.geo_dir(), level) for level in ("province", "regency"))
    return {
        "province map (38)": maps.metric_map(provinces, subset_layer(province_layer, list(province_layer.bounds)),
                                             "rate", "ucj", "Cakupan per provinsi", "id"),
        "NTB kab/kota map (10)": maps.metric_map(ntb, subset_layer(regency_layer, ntb["area_code"].to_list()),
                                                 "rate", "ucj", "Cakupan NTB", "id"),
        "segment bars": bars.segment_bar(run("national_segments", period=PERIOD), "Peserta menurut segmen", "id"),
        "trend": trends.trend_figure(run("coverage_trend", area_code="ID", basis="ucj"), run("targets").head(0),
                                     "Tren nasional", "id"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    provenance = Provenance(("Sumber A",), "Desember 2025", "ucj", True, "Batas wilayah: uji")
    charts = figures()
    render.render(charts["segment bars"], "png", 600, 300)  # start the browser outside the timings
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    print(f"{'chart':24s} {'format':6s} {'now (s)':>8s} {'before (s)':>10s} {'ratio':>6s}")
    pngs = []
    for name, fig in charts.items():
        for kind in ("png", "svg", "pdf"):
            times = {}
            for label, export_once in (("now", export.chart_bytes), ("before", previous_way)):
                runs = []
                for _ in range(args.repeats):
                    started = time.perf_counter()
                    export_once(fig, provenance, "id", kind)
                    runs.append(time.perf_counter() - started)
                times[label] = statistics.median(runs)
            if kind == "png":
                pngs.append(times["now"])
            ratio = times["now"] / times["before"]
            print(f"{name:24s} {kind:6s} {times['now']:8.3f} {times['before']:10.3f} {ratio:6.2f}")
    print(f"PNG median over the charts: {statistics.median(pngs):.3f} s (goal 0,25 s); "
          f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
