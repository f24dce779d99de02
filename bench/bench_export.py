"""Benchmark of chart exports through the warm kaleido (issue 14: under 0,25 s per PNG).

For each chart (the national province map, the national kab/kota map of 514 areas, a province's
kab/kota map, a bar chart, a trend, a burn-up with its legend under the plot) and format, the
median of several exports, next to the previous way measured in the same run, interleaved: the
export as it was at the start of this session (kaleido's own page, reloaded after every figure;
each map's full boundaries sent inline in its figure). Both ways run in their own warm Chromium.

Beside the wall time it prints the CPU time of the export (this process and its Chromium together),
which moves far less with the load of a shared machine, and for each PNG where the time goes:
building the print figure, the bytes sent to Chromium, drawing in the page, and the page reload.
Prints figures; asserts nothing.

Run: .venv/bin/python bench/bench_export.py [--repeats 5]
Uses data/cakupan.duckdb (CAKUPAN_DB).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import plotly.graph_objects as go  # noqa: E402
import polars as pl  # noqa: E402
from plotly.utils import PlotlyJSONEncoder  # noqa: E402

from cakupan import db, settings  # noqa: E402
from cakupan.boundaries import coarse_layer, load_layer, subset_layer  # noqa: E402
from cakupan.figures import bars, maps, trends  # noqa: E402
from cakupan.provenance import Provenance  # noqa: E402
from cakupan.targets import evaluate  # noqa: E402
from cakupan.reports import export, render  # noqa: E402

PERIOD = date(2025, 12, 1)

# A target's monthly series (the shape the target page draws), made up for timing only.
BURN_UP = pl.DataFrame({"period": [date(2025, m, 1) for m in range(1, 10)],
                        "value": [10.0 + 2 * m for m in range(1, 10)], "numerator": [10 + 2 * m for m in range(1, 10)],
                        "denominator": [100] * 9, "is_synthetic": [True] * 9})

TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds() -> float:
    """CPU seconds used so far by this process and its live descendants (kaleido's Chromium)."""
    parents, cpu = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / TICK
    mine, changed = {os.getpid()}, True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                changed = True
    return sum(cpu.get(pid, 0.0) for pid in mine)


@contextlib.contextmanager
def using(renderer: render._Renderer):
    """Route render.render through `renderer` (the benchmark keeps one per way)."""
    before = render._renderer
    render._renderer = renderer
    try:
        yield
    finally:
        render._renderer = before


def previous_way(fig: go.Figure, provenance: Provenance, lang: str, kind: str) -> bytes:
    """The export as it was at the start of this session (the renderer supplies the old page)."""
    spec = export.print_spec(fig, provenance, lang)
    if export._legend_below(fig):
        spec = export.settle_footer(go.Figure(spec).to_dict())  # it took a validated go.Figure copy
    elif export._is_cartesian(fig):
        spec = export.reserve_label_room(spec, fig)
    scale = export.PRINT_DPI / export.CSS_DPI if kind == "png" else 1.0
    return render.render(spec, kind, spec["layout"]["width"], spec["layout"]["height"], scale)


def figures() -> dict[str, go.Figure]:
    con = db.connect(settings.db_path())
    run = lambda name, **p: db.run_query(con, name, **p)  # noqa: E731
    coverage = lambda level, province: run("area_coverage", period=PERIOD, basis="ucj", level=level,  # noqa: E731
                                           province=province, segment="all", kind="all")
    provinces, regencies, ntb = coverage("province", "all"), coverage("regency", "all"), coverage("regency", "52")
    province_layer, regency_layer = (load_layer(settings.geo_dir(), level) for level in ("province", "regency"))
    # As the explorer draws them: the national kab/kota map from the coarse layer, a province's from the full one.
    national_regencies = subset_layer(coarse_layer(regency_layer), regencies["area_code"].to_list())
    return {
        "province map (38)": maps.metric_map(provinces, subset_layer(province_layer, list(province_layer.bounds)),
                                             "rate", "ucj", "Cakupan per provinsi", "id"),
        "kab/kota map (514)": maps.metric_map(regencies, national_regencies, "rate", "ucj", "Cakupan per kab/kota",
                                              "id", height=560),
        "NTB kab/kota map (10)": maps.metric_map(ntb, subset_layer(regency_layer, ntb["area_code"].to_list()),
                                                 "rate", "ucj", "Cakupan NTB", "id"),
        "segment bars": bars.segment_bar(run("national_segments", period=PERIOD), "Peserta menurut segmen", "id"),
        "trend": trends.trend_figure(run("coverage_trend", area_code="ID", basis="ucj"), run("targets").head(0),
                                     "Tren nasional", "id"),
        # A legend under the plot: the one kind of chart still measured by a first draw.
        "burn-up, legend below": trends.burn_up(BURN_UP, evaluate(BURN_UP, "enrolled_umkm", 60, date(2025, 1, 1),
                                                                  date(2026, 6, 1), date(2025, 9, 1)),
                                                "enrolled_umkm", "Target UKM", "id"),
    }


def timed(export_once, renderer, fig, provenance, kind) -> tuple[float, float]:
    with using(renderer):
        cpu = tree_cpu_seconds()
        started = time.perf_counter()
        export_once(fig, provenance, "id", kind)
        wall = time.perf_counter() - started
        return wall, tree_cpu_seconds() - cpu


def last_render(renderer: render._Renderer) -> dict[str, float]:
    """kaleido's own profile of the last figure: ms from taking the page to each step."""
    logs = list(renderer._kaleido.profiler[-1].renders[-1].profile_log.get_logs().items())
    return {name: (at - logs[0][1]) * 1000 for name, at in logs}


def breakdown(name: str, fig: go.Figure, provenance: Provenance, renderers: dict) -> str:
    """Where one PNG's time goes, each way: the print figure in Python, the JSON piped to Chromium,
    the round trip (encode, pipe, draw, PNG, back) and the page reload after it."""
    started = time.perf_counter()
    spec = export.print_spec(fig, provenance, "id")
    spec_ms = (time.perf_counter() - started) * 1000
    inline = len(json.dumps(spec, cls=PlotlyJSONEncoder))
    parts = []
    for label, (renderer, export_once) in renderers.items():
        shown = export.without_hover(export.print_boundaries(spec)) if export_once is export.chart_bytes else spec
        sent = renderer._boundaries.by_reference(shown) if renderer._boundaries else shown
        draws, reloads = [], []
        for _ in range(3):  # the fastest of three: one export alone says little on a shared machine
            timed(export_once, renderer, fig, provenance, "png")
            steps = last_render(renderer)
            draws.append(steps["javascript sent"] - steps["sending javascript"])
            reloads.append(steps["tab returned"] - steps["returning tab"])
        parts.append(f"{label}: sends {len(json.dumps(sent, cls=PlotlyJSONEncoder)) / 1e3:6.0f} kB, "
                     f"draw {min(draws):4.0f} ms, reload {min(reloads):4.0f} ms")
    return f"{name:24s} spec {spec_ms:3.0f} ms, inline JSON {inline / 1e3:4.0f} kB | " + " | ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    provenance = Provenance(("Sumber A",), "Desember 2025", "ucj", True, "Batas wilayah: uji")
    charts = figures()
    now = render.renderer()
    before = render._Renderer(reload_every=1, shared_boundaries=False, whole_reads=False)
    ways = {"now": (now, export.chart_bytes), "before": (before, previous_way)}
    for renderer, export_once in ways.values():  # start both browsers, and draw once, outside the timings
        timed(export_once, renderer, charts["segment bars"], provenance, "png")
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    # "fastest" is the least disturbed of the repeats: on a shared machine, the nearest to a quiet one.
    print(f"{'chart':24s} {'format':6s} {'now (s)':>8s} {'before (s)':>10s} {'ratio':>6s}"
          f" {'CPU now':>8s} {'CPU before':>10s} {'fastest now':>11s} {'fastest before':>14s}")
    pngs, png_cpu, png_before, png_cpu_before = [], [], [], []
    try:
        for name, fig in charts.items():
            for kind in ("png", "svg", "pdf"):
                walls = {label: [] for label in ways}
                cpus = {label: [] for label in ways}
                for _ in range(args.repeats):
                    for label, (renderer, export_once) in ways.items():  # interleaved
                        wall, cpu = timed(export_once, renderer, fig, provenance, kind)
                        walls[label].append(wall)
                        cpus[label].append(cpu)
                wall = {label: statistics.median(v) for label, v in walls.items()}
                cpu = {label: statistics.median(v) for label, v in cpus.items()}
                if kind == "png":
                    pngs.append(wall["now"])
                    png_cpu.append(cpu["now"])
                    png_before.append(wall["before"])
                    png_cpu_before.append(cpu["before"])
                print(f"{name:24s} {kind:6s} {wall['now']:8.3f} {wall['before']:10.3f} "
                      f"{wall['now'] / wall['before']:6.2f} {cpu['now']:8.3f} {cpu['before']:10.3f} "
                      f"{min(walls['now']):11.3f} {min(walls['before']):14.3f}", flush=True)
        print(f"PNG median over the charts: now {statistics.median(pngs):.3f} s (slowest {max(pngs):.3f} s), "
              f"before {statistics.median(png_before):.3f} s (slowest {max(png_before):.3f} s); goal 0,25 s. "
              f"CPU per PNG, median: now {statistics.median(png_cpu):.3f} s, before "
              f"{statistics.median(png_cpu_before):.3f} s; load average: {os.getloadavg()[0]:.1f}")
        print("\nWhere a PNG's time goes (fastest of three exports each way):")
        for name, fig in charts.items():
            print(breakdown(name, fig, provenance, ways), flush=True)
        print(f"load average at end: {os.getloadavg()[0]:.1f}")
    finally:
        before.close()
        render._reset_renderer()


if __name__ == "__main__":
    main()
