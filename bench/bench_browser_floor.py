"""How much of a page's time in Chromium is Streamlit's and plotly's own (issue 14's browser goals).

The browser goals (/peta drawn ≤ 2,0 s on a warm server; the overview drawn ≤ 5 s after
`streamlit run`) are measured against two bare Streamlit pages, served by the same Streamlit, in
the same Chromium, in one run and interleaved:
  text    Streamlit alone: a page of one line of text;
  map     the very map /peta draws (its figure JSON and plotly config, as Cakupan sends them),
          alone on a bare Streamlit page: the least any Streamlit page drawing that map can take;
  peta    Cakupan's /peta.
The browser is launched as the tests launch it (bench/_server.py: without Chromium's own address-bar
popup page, which a new headless window otherwise builds while the page loads); the warm measure
also opens /peta in a browser launched with that popup left on, interleaved, to show its share.
Two measures:
  warm    a warm server, a new browser context per visit (empty cache), navigation → drawn;
          median of --repeats, the three pages taking turns;
  start   `streamlit run` → drawn, Chromium launched after the server answers (as
          bench_overview.py measures the overview); the third page here is Cakupan's overview.
          Median of --starts, taking turns.
"Drawn" is the map's 38 provinces on screen (the text for `text`), and Streamlit's running
indicator gone. Prints figures and the 1-minute load average; asserts nothing.

Run: .venv/bin/python bench/bench_browser_floor.py [--repeats 7] [--starts 3]
Uses data/cakupan.duckdb (CAKUPAN_DB).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _server import CHROMIUM_ARGS, chromium, streamlit_server  # noqa: E402

MAP_DRAWN = ("document.querySelectorAll('.js-plotly-plot .choroplethlayer .trace')[0]"
             "?.querySelectorAll('path.choroplethlocation').length === 38")
# The overview draws more than one chart; its map is the one with 38 provinces (as bench_overview.py waits).
OVERVIEW_DRAWN = "document.querySelectorAll('.js-plotly-plot path.choroplethlocation').length === 38"
TEXT_DRAWN = "document.body.innerText.includes('Satu baris teks')"

POPUP = "peta_with_popup"  # /peta again, in a browser that builds its address-bar popup page

TEXT_APP = 'import streamlit as st\n\nst.write("Satu baris teks")\n'
MAP_APP = '''import json

import streamlit as st

spec = json.loads(open("figure.json", encoding="utf-8").read())
st.plotly_chart(spec["figure"], config=spec["config"], width="stretch")
'''


def peta_figure() -> dict:
    """/peta's map as its first run sends it: the figure JSON and the plotly config."""
    import streamlit.testing.v1  # noqa: F401 - AppTest

    from bench_explorer import app_test

    at = app_test({})
    at.run(timeout=300)
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        if any(trace.get("type") == "choropleth" for trace in spec.get("data", [])):
            return {"figure": spec, "config": json.loads(element.proto.config)}
    raise RuntimeError("/peta drew no choropleth map")


def bare_apps(folder: Path) -> Path:
    """The two bare pages in `folder`, with the same static topojson Cakupan serves its maps."""
    (folder / "text.py").write_text(TEXT_APP, encoding="utf-8")
    (folder / "map.py").write_text(MAP_APP, encoding="utf-8")
    (folder / "figure.json").write_text(json.dumps(peta_figure()), encoding="utf-8")
    shutil.copytree(ROOT / "static" / "topo", folder / "static" / "topo")
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "config.toml").write_text(
        "[server]\nenableStaticServing = true\nheadless = true\n[browser]\ngatherUsageStats = false\n"
        "[client]\ntoolbarMode = \"viewer\"\n", encoding="utf-8")
    return folder


def drawn_after(context, url: str, drawn: str) -> float:
    page = context.new_page()
    opened = time.perf_counter()
    page.goto(url)
    page.wait_for_function(drawn, timeout=120_000)
    seconds = time.perf_counter() - opened
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=120_000)
    page.close()
    return seconds


def warm(pages: dict, repeats: int) -> dict[str, list[float]]:
    """Navigation → drawn on warm servers, a new context per visit, the pages taking turns."""
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "CAKUPAN_DB": str(os.environ.get("CAKUPAN_DB", ROOT / "data" / "cakupan.duckdb"))}
    times: dict[str, list[float]] = {name: [] for name in pages}
    viewport = {"viewport": {"width": 1400, "height": 2000}}
    with (streamlit_server(env, pages["text"][0], "text.py") as text,
          streamlit_server(env, pages["map"][0], "map.py") as bare_map,
          streamlit_server(env) as cakupan, sync_playwright() as p):
        urls = {"text": text.url + "/", "map": bare_map.url + "/", "peta": cakupan.url + "/peta",
                POPUP: cakupan.url + "/peta"}
        lean = chromium(p)
        with_popup = p.chromium.launch(executable_path="/usr/bin/chromium",
                                       args=[a for a in CHROMIUM_ARGS if not a.startswith("--disable-features=")])
        browsers = {name: with_popup if name == POPUP else lean for name in pages}
        for name in pages:  # a first visit each: servers' caches filled, nothing timed
            context = browsers[name].new_context(**viewport)
            drawn_after(context, urls[name], pages[name][2])
            context.close()
        for _ in range(repeats):
            for name in pages:
                context = browsers[name].new_context(**viewport)
                times[name].append(drawn_after(context, urls[name], pages[name][2]))
                context.close()
        lean.close()
        with_popup.close()
    return times


def start(pages: dict, starts: int) -> dict[str, list[float]]:
    """`streamlit run` → drawn, with Chromium launched once the server answers."""
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "CAKUPAN_DB": str(os.environ.get("CAKUPAN_DB", ROOT / "data" / "cakupan.duckdb"))}
    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(starts):
        for name, (root, script, drawn) in pages.items():
            drawn = OVERVIEW_DRAWN if name == "peta" else drawn
            with streamlit_server(env, root, script) as server, sync_playwright() as p:
                browser = chromium(p)
                page = browser.new_page(viewport={"width": 1400, "height": 2400})
                page.goto(server.url + "/")
                page.wait_for_function(drawn, timeout=120_000)
                page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=120_000)
                times[name].append(time.perf_counter() - server.started)
                browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--starts", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cakupan-floor-") as tmp:
        folder = bare_apps(Path(tmp))
        pages = {"text": (folder, "text.py", TEXT_DRAWN), "map": (folder, "map.py", MAP_DRAWN),
                 "peta": (ROOT, "dashboard.py", MAP_DRAWN)}
        load = os.getloadavg()[0]
        warm_times = warm({**pages, POPUP: pages["peta"]}, args.repeats)
        start_times = start(pages, args.starts)
    print(f"machine: {os.cpu_count()} cores; 1-minute load average {load:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end")
    labels = {"text": "Streamlit alone (one line of text)", "map": "/peta's map alone on a bare Streamlit page",
              "peta": "Cakupan /peta", POPUP: "Cakupan /peta, address-bar popup page on"}
    report(f"warm server, new browser context, navigation → drawn (median of {args.repeats}, interleaved):",
           warm_times, labels, "Cakupan /peta", "goal ≤ 2,0 s")
    report(f"`streamlit run` → drawn, Chromium launched once the server answers (median of {args.starts}):",
           start_times, labels | {"peta": "Cakupan overview"}, "Cakupan overview", "goal ≤ 5 s")


def report(heading: str, times: dict[str, list[float]], labels: dict[str, str], page: str, goal: str) -> None:
    """One measure's medians per page, then Cakupan's page against /peta's map alone."""
    print(heading)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"  {labels[name]:<46} {medians[name]:5.2f} s  (fastest {min(values):.2f}, slowest {max(values):.2f})")
    print(f"  {page} against /peta's map alone: {medians['peta'] / medians['map']:.2f}×, "
          f"{medians['peta'] - medians['map']:+.2f} s; {goal}")

if __name__ == "__main__":
    main()
