"""Benchmark of Peta Cakupan (the map explorer), each figure next to a naive baseline measured in the same run.

  - map figure JSON sent to the browser: national kabupaten/kota map (514) and a province drill (NTB)
  - warm rerun server time after a filter change (AppTest run, median of several changes), and the
    page script's own run within it (what a server's script thread spends; see time_script_runs)
  - cold first render (a fresh Python process: first AppTest run of the page), plus, for the real
    page, page loads in Chromium until the map is drawn: on a freshly started server, then on the
    warm server in a new browser and in a returning one (its cache and compiled scripts kept)
  - boundary-file loads while switching level and Kanwil (counted)

The naive baseline is the straightforward page: unsimplified (full-resolution) boundaries, the
whole layer sent with every map, the layer read from disk and the query run on every rerun
(no caching); it draws through the same metric_map (the app has one choropleth). It is written out below as
`naive_explorer` and run the same way as the real page.

Run: .venv/bin/python bench/bench_explorer.py [--only warm,browser] [--compile-every-run]   (prints figures; asserts nothing)
The full-resolution layers are built once (about a minute) into geo/.cache/full_resolution/.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from _server import chromium, streamlit_server  # noqa: E402

FULL_GEO = ROOT / "geo" / ".cache" / "full_resolution"
NAN = float("nan")
PERIODS = ["2025-11-01", "2025-10-01", "2025-09-01", "2025-08-01", "2025-07-01", "2025-06-01", "2025-05-01",
           "2025-04-01"]


def naive_explorer() -> None:
    """The explorer written the naive way (the baseline): no caching, unsimplified boundaries."""
    import os
    from datetime import date
    from pathlib import Path

    import streamlit as st

    from cakupan import boundaries, db
    from cakupan.figures import maps

    con = db.connect(Path(os.environ["CAKUPAN_DB"]))
    periods = db.run_query(con, "periods")["period"].to_list()
    period = st.selectbox("period", periods, index=periods.index(date.fromisoformat(
        st.query_params.get("period", str(periods[0])))))
    basis = st.radio("basis", ["ucj", "bps"])
    segment = st.selectbox("segment", ["all", "PU", "BPU", "JAKON", "PMI"])
    level = st.query_params.get("level", "province")
    province = st.query_params.get("province", "all")
    layer = boundaries.load_layer(Path(os.environ["NAIVE_GEO_DIR"]), level)  # from disk, every rerun
    frame = db.run_query(con, "area_coverage", period=period, basis=basis, level=level, province=province,
                         segment=segment, kind="all")
    fig = maps.metric_map(frame, boundaries.subset_layer(layer, list(layer.bounds)), "rate", basis, "naive", "id")
    st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="naive_map")
    st.dataframe(frame.to_pandas())


# Setup ---------------------------------------------------------------------------------------

def database() -> Path:
    path = ROOT / "data" / "cakupan.duckdb"
    if path.exists():
        return path
    from cakupan.build.database import build_database

    path = Path(tempfile.mkdtemp()) / "cakupan.duckdb"
    build_database(path)
    return path


def full_resolution_layers() -> Path:
    """Province and regency layers without simplification (the same cells, snapped to 4 decimals)."""
    if (FULL_GEO / "regencies.geojson").exists():
        return FULL_GEO
    from geo import build, sources

    started = time.perf_counter()
    sources.ensure_sources()
    data_dir, natural_earth = sources.nusantara_data_dir(), sources.natural_earth_path()
    provinces, regencies = build.read_provinces(data_dir), build.read_regencies(data_dir)
    units = build.read_units(natural_earth)
    shapes, _ = build.regency_shapes(build.read_villages(data_dir), regencies, units)
    grid = 10.0 ** -build.DECIMALS
    regency_layer = [build.finish(shapes[code], grid) for code in regencies["code"]]
    province_layer = build.province_shapes(regency_layer, regencies, provinces)
    FULL_GEO.mkdir(parents=True, exist_ok=True)
    rows = [{"code": r.code, "name": r.name, "province_code": r.province_code, "approximate": True}
            for r in regencies.itertuples()]
    (FULL_GEO / "regencies.geojson").write_bytes(build.feature_collection(rows, regency_layer))
    rows = [{"code": p.code, "name": p.name, "province_code": p.code,
             "approximate": p.code in build.APPROXIMATE_PROVINCES} for p in provinces.itertuples()]
    (FULL_GEO / "provinces.geojson").write_bytes(build.feature_collection(rows, province_layer))
    shutil.copy(ROOT / "geo" / "boundaries.json", FULL_GEO / "boundaries.json")
    print(f"(built the full-resolution layers in {time.perf_counter() - started:.0f} s)")
    return FULL_GEO


_SCRIPT_CACHE = []  # the one ScriptCache of this process's runs (see keep_compiled_scripts)


def keep_compiled_scripts() -> None:
    """Keep the page scripts' bytecode between runs, as a server does: its Runtime holds one
    ScriptCache for every session, so dashboard.py and a page are read, rewritten for Streamlit's
    magic and compiled once. AppTest makes a new ScriptCache for every run, which added that
    compiling (about 3 ms of CPU for dashboard.py and pages/peta.py) to every figure measured here,
    the naive page's too."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test as app_test_module, local_script_runner

    if not _SCRIPT_CACHE:
        _SCRIPT_CACHE.append(ScriptCache())
    app_test_module.ScriptCache = local_script_runner.ScriptCache = lambda: _SCRIPT_CACHE[0]


def app_test(query: dict, naive: bool = False):
    from streamlit.testing.v1 import AppTest

    if naive:
        at = AppTest.from_function(naive_explorer, default_timeout=300)
    else:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        at.switch_page("pages/peta.py")
    for key, value in query.items():
        at.query_params[key] = value
    return at


def clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


CPU_SECONDS: list[float] = []  # process CPU time of each timed run, in order (robust to other load)
SCRIPT_SECONDS: list[float] = []  # the page script's own run in the script thread, per timed run


def time_script_runs() -> None:
    """Time each run of the page script in the thread that runs it, as a server's script thread
    does: an AppTest run also builds a mock Runtime (unittest.mock checking Runtime's whole
    interface, about 15 ms) and parses the elements back into a tree, which a server never does;
    a server serialises the messages and sends them instead, which AppTest does not. Both figures
    are printed."""
    from streamlit.runtime.scriptrunner import script_runner

    run_script = script_runner.ScriptRunner._run_script

    def timed(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return run_script(self, *args, **kwargs)
        finally:
            SCRIPT_SECONDS.append(time.perf_counter() - started)

    script_runner.ScriptRunner._run_script = timed


def timed_run(at, naive: bool) -> float:
    if naive:
        clear_caches()  # the baseline caches nothing (it has no cache calls; this also empties app.query's)
    started, cpu, scripts = time.perf_counter(), time.process_time(), len(SCRIPT_SECONDS)
    at.run()
    elapsed = time.perf_counter() - started
    CPU_SECONDS.append(time.process_time() - cpu)
    del SCRIPT_SECONDS[scripts:-1]  # one entry per timed run: its last script run (a rerun may follow a callback)
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return elapsed


# Measurements --------------------------------------------------------------------------------

def payload_bytes(naive: bool) -> dict[str, int]:
    """Bytes of the map figure's JSON as Streamlit sends it, for the national regency map and NTB."""
    out = {}
    for name, query in (("national_regency", {"level": "regency"}),
                        ("province_drill_ntb", {"level": "regency", "province": "52", "area": "52"})):
        at = app_test(query, naive)
        timed_run(at, naive)
        out[name] = len(at.get("plotly_chart")[0].proto.spec.encode("utf-8"))
    return out


def warm_reruns(naive: bool) -> dict[str, float]:
    """Server time of reruns after a filter change on the national regency map (514 areas). Ours
    first gets the warm-up a server gives itself when it starts (cakupan.ui.startup)."""
    if not naive:
        from cakupan.ui import startup

        startup.warm()
    at = app_test({"level": "regency"}, naive)
    timed_run(at, naive)
    timed_run(at, naive)  # warm: imports done, boundaries and first query cached (ours)
    period_changes, other_changes = [], []
    for period in PERIODS:  # a month not seen before: the query itself must run
        at.selectbox[0].set_value(date.fromisoformat(period))
        period_changes.append(timed_run(at, naive))
    period_cpu, period_script = CPU_SECONDS[-len(PERIODS):], SCRIPT_SECONDS[-len(PERIODS):]
    for value in ("BPU", "all", "PU", "all"):
        segment = next(s for s in at.selectbox if s.label in ("Segmen", "segment"))
        segment.set_value(value)
        other_changes.append(timed_run(at, naive))
    return {"period_median": statistics.median(period_changes), "period_max": max(period_changes),
            "segment_median": statistics.median(other_changes), "period_cpu": statistics.median(period_cpu),
            "segment_cpu": statistics.median(CPU_SECONDS[-4:]), "period_script": statistics.median(period_script),
            "period_script_max": max(period_script), "segment_script": statistics.median(SCRIPT_SECONDS[-4:])}


def cold_first_render(naive: bool, db: Path, bytecode: Path | None) -> float:
    """The first run of the page in a fresh Python process (nothing imported beyond Streamlit itself).

    This machine sets PYTHONDONTWRITEBYTECODE, so every process compiles pandas, polars and the
    rest from source; a deployed app has its bytecode. With `bytecode`, compiled files go to that
    folder (PYTHONPYCACHEPREFIX, never into the venv) and a first, untimed process fills it.
    """
    code = f"""
import sys, time, json
sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(Path(__file__).parent)!r})
import streamlit, streamlit.testing.v1  # a running server has these loaded already
from bench_explorer import app_test, timed_run
at = app_test({{}}, {naive})
print(json.dumps(timed_run(at, False)))
"""
    env = {**os.environ, "CAKUPAN_DB": str(db), "NAIVE_GEO_DIR": str(FULL_GEO)}
    if bytecode is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def browser_first_load(db: Path, bytecode: Path, repeats: int = 3) -> dict[str, float]:
    """Seconds from `streamlit run` to healthy, and from opening /peta to the 38 provinces drawn:
    on the fresh server; then on the now warm server in a new browser (empty cache, median of
    `repeats`); and for a returning reader (the same browser profile on its third visit, when the
    browser holds Streamlit's and plotly's scripts and their compiled code, median of `repeats`)."""
    from playwright.sync_api import sync_playwright

    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "CAKUPAN_DB": str(db),
           "PYTHONPYCACHEPREFIX": str(bytecode)}

    def drawn_after(context) -> float:
        page = context.new_page()
        opened = time.perf_counter()
        page.goto(f"{server.url}/peta")
        page.wait_for_function(
            "document.querySelectorAll('.js-plotly-plot .choroplethlayer .trace')[0]"
            "?.querySelectorAll('path.choroplethlocation').length === 38", timeout=120_000)
        seconds = time.perf_counter() - opened
        page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=120_000)
        page.close()
        return seconds

    viewport = {"viewport": {"width": 1400, "height": 2000}}
    new, returning = [], []
    with streamlit_server(env) as server, sync_playwright() as p:
        browser = chromium(p)
        fresh_context = browser.new_context(**viewport)
        fresh = drawn_after(fresh_context)
        fresh_context.close()
        reader = browser.new_context(**viewport)
        drawn_after(reader), drawn_after(reader)  # the first two visits fill its cache and code cache
        for _ in range(repeats):
            context = browser.new_context(**viewport)
            new.append(drawn_after(context))
            context.close()
            returning.append(drawn_after(reader))
        browser.close()
    return {"healthy": server.healthy, "fresh": fresh, "new": statistics.median(new),
            "returning": statistics.median(returning)}


def boundary_loads(naive: bool) -> tuple[int, int]:
    """(boundary files read, reruns) over: province map → regency map → Kanwil Banuspa → all → province map."""
    import cakupan.ui.cache
    import cakupan.boundaries

    calls = []
    original = cakupan.boundaries.load_layer

    def counting(geo_dir, level):
        calls.append(level)
        return original(geo_dir, level)

    # The real page switches with its pickers; the naive page reads the level from the URL.
    steps = [("level", "province"), ("level", "regency"), ("kanwil", "BANUSPA"), ("kanwil", "all"),
             ("level", "province")]
    cakupan.ui.cache.load_layer = cakupan.boundaries.load_layer = counting
    try:
        clear_caches()
        at = app_test({"level": "province"}, naive)
        for n, (param, value) in enumerate(steps):
            if n and naive:
                at.query_params[param] = value
            elif n:
                at.radio(key="exp_level").set_value(value) if param == "level" else \
                    at.selectbox(key="exp_kanwil").set_value(value)
            at.run()
            if at.exception:
                raise RuntimeError(at.exception[0].value)
            if naive:
                clear_caches()
        return len(calls), len(steps)
    finally:
        cakupan.ui.cache.load_layer = cakupan.boundaries.load_layer = original


SECTIONS = ("payload", "warm", "cold", "boundary", "browser")


# The warm rerun rows printed: label, warm_reruns' key, goal.
WARM_ROWS = (
    ("warm rerun, new month (ms, median of 8)", "period_median", "≤ 120"),
    ("warm rerun, new month (ms, slowest of 8)", "period_max", "≤ 200"),
    ("warm rerun, segment change (ms, median of 4)", "segment_median", "≤ 120"),
    ("  the page script's run alone, new month (ms, median)", "period_script", "≤ 120"),
    ("  the page script's run alone, new month (ms, slowest)", "period_script_max", "≤ 200"),
    ("  the page script's run alone, segment (ms, median)", "segment_script", "≤ 120"),
    ("  CPU time of a new-month rerun (ms, median)", "period_cpu", ""),
    ("  CPU time of a segment rerun (ms, median)", "segment_cpu", ""),
)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"comma-separated sections to run, of {', '.join(SECTIONS)} (default: all)")
    parser.add_argument("--ours-only", action="store_true",
                        help="skip the naive page (it needs the full-resolution layers, built once in about a minute)")
    parser.add_argument("--compile-every-run", action="store_true",
                        help="compile the page scripts on every AppTest run, as this benchmark did until stop 21 "
                             "(a server compiles them once)")
    args = parser.parse_args()
    if not args.compile_every_run:
        keep_compiled_scripts()
    time_script_runs()
    only = set(args.only.split(","))
    db = database()
    os.environ["CAKUPAN_DB"] = str(db)
    if args.ours_only:
        def naive_or_none(measure, *a):  # the naive column shows nan
            return None
    else:
        geo = full_resolution_layers()
        os.environ["NAIVE_GEO_DIR"] = str(geo)
        full = {p.name: p.stat().st_size for p in geo.glob("*.geojson")}
        simplified = {p.name: (ROOT / "geo" / p.name).stat().st_size for p in geo.glob("*.geojson")}
        print(f"boundary files: simplified {simplified} bytes; full resolution {full} bytes")

        def naive_or_none(measure, *a):
            return measure(*a)

    results = []
    if "payload" in only:
        ours, naive = payload_bytes(False), naive_or_none(payload_bytes, True)
        for name in ours:
            results.append((f"map JSON, {name} (MB)", ours[name] / 1e6, naive[name] / 1e6 if naive else NAN, "≤ 0.6"))
    if "warm" in only:
        ours, naive = warm_reruns(False), naive_or_none(warm_reruns, True) or {}
        for label, key, goal in WARM_ROWS:
            results.append((label, 1000 * ours[key], 1000 * naive.get(key, NAN), goal))
    bytecode = Path(tempfile.mkdtemp(prefix="cakupan-pyc-"))
    if "cold" in only and not args.ours_only:
        cold_first_render(False, db, bytecode)  # fills the bytecode folder; not timed
        cold_first_render(True, db, bytecode)
        cold = [cold_first_render(False, db, bytecode) for _ in range(3)]
        cold_naive = [cold_first_render(True, db, bytecode) for _ in range(3)]
        results.append(("cold first render, fresh process (s, median of 3)", statistics.median(cold),
                        statistics.median(cold_naive), "≤ 2.5"))
        cold = cold_first_render(False, db, None)
        cold_naive = cold_first_render(True, db, None)
        results.append(("  same, compiling every module from source (s)", cold, cold_naive, ""))
    if "boundary" in only and not args.ours_only:
        loads, runs = boundary_loads(False)
        loads_naive, _ = boundary_loads(True)
        results.append((f"boundary files read over {runs} level/Kanwil switches", loads, loads_naive, "no reload"))

    print(f"\n{'measure':52s} {'Cakupan':>10s} {'naive':>10s} {'naive/ours':>11s}  target")
    for name, mine, base, target in results:
        ratio = f"{base / mine:.1f}×" if mine else "–"
        print(f"{name:52s} {mine:10.3f} {base:10.3f} {ratio:>11s}  {target}")
    if "browser" in only:
        seen = browser_first_load(db, bytecode)
        print(f"\nreal browser, /peta opened → 38 provinces drawn (goal ≤ 2.0 s on a warm server):\n"
              f"  server healthy after {seen['healthy']:.2f} s\n"
              f"  fresh server, new browser:                {seen['fresh']:.2f} s\n"
              f"  warm server, new browser (empty cache):   {seen['new']:.2f} s (median of 3)\n"
              f"  warm server, returning browser (3rd visit): {seen['returning']:.2f} s (median of 3)")
    print("AppTest runs: page scripts compiled " + ("on every run (--compile-every-run)" if args.compile_every_run
                                                    else "once, as a server does"))
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the end of the run")
    shutil.rmtree(bytecode, ignore_errors=True)


if __name__ == "__main__":
    main()
