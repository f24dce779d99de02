"""The Monday routine, scripted in a real browser on a warm server: open the overview, read what
changed, drill to the worst province, find a kab/kota by search, export its map and table, print
the Kanwil briefing. Prints clicks (and key presses) and seconds per step. Goal: ≤ 8 clicks, ≤ 15 s.

Run: .venv/bin/python bench/bench_monday.py   (prints figures; asserts nothing)
Uses data/cakupan.duckdb (CAKUPAN_DB), or builds the default data into a temporary file.
A step's seconds run from its first click until the page is idle again (or the file has arrived).
The routine runs twice on one server; the second run, on warm caches, is the one reported.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import chromium, streamlit_server  # noqa: E402

REGENCY = "Mataram"  # the kab/kota looked up by search


def idle(page) -> None:
    """Until Streamlit has finished the run and drawn (as tests/conftest.py waits)."""
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    page.wait_for_timeout(200)
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=60_000)
    page.wait_for_timeout(300)


def worst_province(db: Path) -> str:
    """The name of the province with the lowest coverage in the latest month (UCJ base)."""
    import duckdb

    from cakupan import db as cdb

    with duckdb.connect(str(db), read_only=True) as con:
        latest = cdb.run_query(con, "periods")["period"][0]
        frame = cdb.run_query(con, "area_coverage", period=latest, basis="ucj", level="province", province="all",
                              segment="all", kind="all")
    return frame.drop_nulls("rate_pct").sort("rate_pct")["area_name"][0]


def search(page, text: str) -> int:
    """Find an area with the sidebar search; returns the clicks and keys it took (2)."""
    box = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Cari wilayah")
    box.locator("input").click()
    box.locator("input").fill(text)
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.pathname.endsWith('/peta')", timeout=60_000)
    idle(page)
    return 2


def download(page, key: str) -> int:
    button = page.locator(f".st-key-{key} button:visible").first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=90_000) as info:
        button.click()
    info.value.path()
    return 1


def routine(url: str, province: str, page) -> list[tuple[str, int, float]]:
    steps = []

    def step(name, action):
        start = time.perf_counter()
        clicks = action()
        steps.append((name, clicks, time.perf_counter() - start))
        print(f"  {name}: {steps[-1][2]:.1f} s", file=sys.stderr)

    def overview():
        page.goto(url + "/")
        idle(page)
        return 0

    def changes():
        page.get_by_test_id("stSidebarNav").get_by_text("Apa yang berubah").click()
        idle(page)
        return 1

    def lowest():
        # The link under the headline of "Apa yang berubah" names the lowest province and opens it.
        link = page.locator(".st-key-changes_lowest a")
        assert province in link.inner_text(), f"the lowest-coverage link does not name {province}"
        link.click()
        page.wait_for_function("() => location.pathname.endsWith('/peta')", timeout=60_000)
        idle(page)
        return 1

    def export():
        return download(page, "explorer_map_dl_png") + download(page, "explorer_areas_dl_csv")

    def briefing():
        # From the kab/kota's detail: the link to its Kanwil's one-page briefing, then the PDF.
        page.locator(".st-key-explorer_briefings a").nth(1).click()
        page.wait_for_function("() => location.pathname.endsWith('/briefing') && location.search.includes("
                               "'scope=kanwil')", timeout=60_000)
        idle(page)
        return 1 + download(page, "briefing_dl_pdf")

    step("1. buka ringkasan nasional", overview)
    step("2. baca apa yang berubah", changes)
    step(f"3. ke provinsi terendah ({province})", lowest)
    step(f"4. cari kab/kota ({REGENCY})", lambda: search(page, REGENCY))
    step("5. ekspor peta dan tabel", export)
    step("6. cetak ringkasan Kanwil", briefing)
    return steps


def main() -> None:
    from playwright.sync_api import sync_playwright

    db = Path(os.environ.get("CAKUPAN_DB", ROOT / "data" / "cakupan.duckdb"))
    with tempfile.TemporaryDirectory() as tmp:
        if not db.exists():
            from cakupan.build.database import build_database

            db = Path(tmp) / "cakupan.duckdb"
            build_database(db)
        province = worst_province(db)
        with streamlit_server({**os.environ, "CAKUPAN_DB": str(db)}) as server, sync_playwright() as p:
            browser = chromium(p)
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            routine(server.url, province, page)  # warm-up: caches, kaleido, the first sessions
            page.close()
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            steps = routine(server.url, province, page)
            browser.close()
    print(f"{'step':45} {'clicks':>6} {'seconds':>8}")
    for name, clicks, seconds in steps:
        print(f"{name:45} {clicks:>6} {seconds:>8.1f}")
    print(f"{'total':45} {sum(s[1] for s in steps):>6} {sum(s[2] for s in steps):>8.1f}")
    print("clicks include the Enter that picks a search result; goal: ≤ 8 clicks and ≤ 15 s")


if __name__ == "__main__":
    main()
