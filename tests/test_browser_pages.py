"""Every page of the navigation in a real browser (Playwright + Debian Chromium): no exception,
maps drawn, the language switch, the downloads, and screenshots at desktop and phone width."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import APP_IDLE, artifact, streamlit_server, wait_quiet, wait_until_idle
from cakupan.i18n import t
from cakupan.ui import nav



def navigation() -> list[tuple[str, str, str]]:
    """(file, title key, url path) of each page in the navigation; the default page lives at '/'."""
    return [(spec.path, spec.title_key, "" if spec.default else spec.url_path) for spec in nav.PAGES]


NAVIGATION = navigation()
IDS = [n[2] or "default" for n in NAVIGATION]
# Pages listed only when an admin secret is configured (issue 13: Impor Data); the live app has none.
ADMIN_ONLY = {spec.path for spec in nav.PAGES if spec.admin_only}
LISTED = [n for n in NAVIGATION if n[0] not in ADMIN_ONLY]
WIDTHS = {"desktop": 1400, "phone": 420}

# Per plot: its trace types and what it drew. A geo plot must have drawn shapes or points.
PLOTS_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => ({
    types: (el.data || []).map(t => t.type),
    shapes: el.querySelectorAll('path.choroplethlocation').length,
    points: el.querySelectorAll('.scattergeolayer path.point, .scattergeolayer text').length,
}))"""
GEO_TYPES = {"choropleth", "scattergeo", "choroplethmap", "scattermap"}


def test_the_navigation_was_read_from_the_page_list():
    assert len(NAVIGATION) >= 2
    assert ("pages/ringkasan.py", "page.overview", "") in NAVIGATION
    assert ("pages/briefing.py", "page.briefing") in [(f, k) for f, k, _ in NAVIGATION]


def settle(page, timeout_ms: int = 90_000) -> None:
    """Wait until the page has a heading and Streamlit has been idle for a second. (On a busy
    machine the status widget may not have appeared yet when a single check runs.)"""
    wait_until_idle(page, timeout_ms)
    page.locator("h1").first.wait_for(timeout=timeout_ms)
    wait_quiet(page, lambda p: p.get_by_test_id("stStatusWidget").count() or p.locator(APP_IDLE).count() != 1,
               250, timeout_ms)


def open_page(browser, url: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 2400}, accept_downloads=True)
    page.goto(url)
    settle(page)
    return page


def wait_for_maps(page, timeout_ms: int = 30_000) -> list[dict]:
    """The page's plots once every geo plot has drawn something (or the time is up)."""
    deadline = timeout_ms
    plots = page.evaluate(PLOTS_JS)
    while deadline > 0 and any(GEO_TYPES & set(p["types"]) and not (p["shapes"] or p["points"]) for p in plots):
        page.wait_for_timeout(500)
        deadline -= 500
        plots = page.evaluate(PLOTS_JS)
    return plots


def nav_labels(page) -> list[str]:
    return [text.strip().splitlines()[-1].strip()
            for text in page.locator("[data-testid='stSidebarNavLink']").all_inner_texts()]


def check_page(page, url_path: str) -> None:
    """No exception, a real page of the navigation, a heading, and every map drawn."""
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.all_inner_texts()
    assert page.get_by_text("Page not found").count() == 0, f"/{url_path} is not a page of the navigation"
    assert page.locator("h1").first.inner_text().strip()
    for plot in wait_for_maps(page):
        if "choropleth" in plot["types"]:
            assert plot["shapes"] > 0, f"/{url_path}: a choropleth drew no shapes"
        elif GEO_TYPES & set(plot["types"]):
            assert plot["points"] > 0, f"/{url_path}: a geo plot drew nothing"


@pytest.mark.parametrize("page_file, title_key, url_path", NAVIGATION, ids=IDS)
def test_page_on_desktop_then_switched_to_english(live_app, browser, page_file, title_key, url_path):
    page = open_page(browser, f"{live_app}/{url_path}", WIDTHS["desktop"])
    name = url_path or "default"
    check_page(page, url_path)
    keys = [key for _, key, _ in LISTED]
    assert nav_labels(page) == [t(key, "id") for key in keys]
    heading_id = page.locator("h1").first.inner_text().strip()
    page.screenshot(path=artifact(f"page_{name}_desktop.png"), full_page=True)

    page.locator("[data-testid='stSidebar'] button", has_text="English").first.click()
    page.wait_for_function("() => location.search.includes('lang=en')", timeout=30_000)
    settle(page)
    check_page(page, url_path)
    assert nav_labels(page) == [t(key, "en") for key in keys]
    if t(title_key, "id") != t(title_key, "en"):
        assert page.locator("h1").first.inner_text().strip() != heading_id
    page.screenshot(path=artifact(f"page_{name}_desktop_en.png"), full_page=True)
    page.close()


def test_english_stays_on_when_moving_to_another_page(live_app, browser):
    page = open_page(browser, f"{live_app}/?lang=en", WIDTHS["desktop"])
    file, key, path = LISTED[-1]
    page.locator("[data-testid='stSidebarNavLink']", has_text=t(key, "en")).first.click()
    page.wait_for_function(f"() => location.pathname.endsWith('/{path}')", timeout=30_000)
    settle(page)
    assert "lang=en" in page.url
    assert nav_labels(page) == [t(k, "en") for _, k, _ in LISTED]
    page.close()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_overview_by_its_own_name_opens_the_overview(live_app, browser, lang):
    """/ringkasan (the overview's page name) is the overview at '/', not Streamlit's English
    'Page not found' box, in the language of the link; the other query parameters stay."""
    query = "?period=2025-05-01" if lang == "id" else "?lang=en&period=2025-05-01"
    page = open_page(browser, f"{live_app}/ringkasan{query}", WIDTHS["desktop"])
    check_page(page, "ringkasan")
    assert page.locator("h1").first.inner_text().strip() == {"id": "Ringkasan Nasional", "en": "National Overview"}[lang]
    assert page.evaluate("() => location.pathname") == "/"
    assert "period=2025-05-01" in page.url
    assert ("lang=en" in page.url) == (lang == "en")
    # The overview's own entry in the navigation is the one marked as open.
    current = page.locator("[data-testid='stSidebarNavLink'][aria-current='page']")
    assert current.count() == 1 and current.first.inner_text().strip().endswith(
        {"id": "Ringkasan Nasional", "en": "National Overview"}[lang])
    page.close()


def test_each_page_file_is_named_as_its_url_path():
    """Until dashboard.py's first run, Streamlit serves a `pages/` folder by file name; a file
    named as its URL path is the same page under both, so a deep link never finds nothing."""
    assert len(nav.PAGES) == len(NAVIGATION)
    assert [Path(spec.path).stem for spec in nav.PAGES] == [spec.url_path for spec in nav.PAGES]


def test_deep_links_on_a_fresh_server_open_their_pages_in_the_app(default_db_path, browser, tmp_path):
    """The first visitors after the server starts, arriving together on deep links, each get their
    page inside the app (its navigation and language switch), with no 'Page not found'."""
    links = ["/peta?lang=en", "/wilayah?lang=en", "/target?lang=en"]
    with streamlit_server(default_db_path, tmp_path / "streamlit.log") as (url, _):
        tabs = [browser.new_page(viewport={"width": WIDTHS["desktop"], "height": 1200}) for _ in links]
        for tab, link in zip(tabs, links):
            tab.goto(url + link, wait_until="commit")
        seen = False
        for _ in range(20):  # the dialog, when it came, showed within the first seconds
            seen = seen or any(tab.get_by_text("Page not found").count() > 0 for tab in tabs)
            tabs[0].wait_for_timeout(200)
        assert not seen
        for tab, link in zip(tabs, links):
            settle(tab)
            path = link.split("?")[0]
            assert tab.url.startswith(url + link)
            title_key = next(key for _, key, p in NAVIGATION if "/" + p == path)
            assert tab.locator("h1").first.inner_text().strip() == t(title_key, "en")
            assert nav_labels(tab) == [t(key, "en") for _, key, _ in LISTED]
            assert tab.locator("[data-testid='stSidebar'] button", has_text="Bahasa Indonesia").count() == 1
            tab.close()


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("page_file, title_key, url_path", NAVIGATION, ids=IDS)
def test_page_on_a_phone(live_app, browser, page_file, title_key, url_path, lang):
    page = open_page(browser, f"{live_app}/{url_path}?lang={lang}", WIDTHS["phone"])
    check_page(page, url_path)
    assert page.locator("h1").first.inner_text().strip() == t(title_key, lang)
    # Nothing sticks out sideways: the page is no wider than the phone (issue 13: "20.202 oran").
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTHS["phone"] + 1
    suffix = "" if lang == "id" else "_en"
    page.screenshot(path=artifact(f"page_{url_path or 'default'}_phone{suffix}.png"), full_page=True)
    page.close()


# --- downloads ---------------------------------------------------------------------------------

def download(page, key: str) -> bytes:
    """Click the download button with this Streamlit key and return the file's bytes."""
    button = page.locator(f".st-key-{key} button:visible").first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=90_000) as info:
        button.click()
    path = info.value.path()
    artifact(f"download_{info.value.suggested_filename}").write_bytes(path.read_bytes())
    return path.read_bytes()


@pytest.fixture(scope="module")
def overview(live_app, browser):
    page = open_page(browser, f"{live_app}/?lang=id", WIDTHS["desktop"])
    wait_for_maps(page)
    yield page
    page.close()


def test_chart_png_download_is_a_print_resolution_image(overview):
    data = download(overview, "overview_map_dl_png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(data))
    assert image.size[0] >= 3000 and image.size[1] >= 1500
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert len(data) > 100_000


def test_chart_svg_download_is_a_drawn_map(overview):
    data = download(overview, "overview_map_dl_svg").decode()
    assert data.lstrip().startswith("<svg")
    assert data.count('class="choroplethlocation"') == 38
    assert "Sumber" in data and "Data per Desember 2025" in data


def test_chart_pdf_download_is_one_page(overview):
    data = download(overview, "overview_segments_dl_pdf")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert "Peserta aktif menurut segmen" in reader.pages[0].extract_text()


TABLE_HEADER = ["col.rank", "col.code", "col.province", "col.kanwil", "col.rate", "col.provenance", "col.reported",
                "col.reported_diff", "col.reported_source", "col.active", "col.workers",
                "col.uncovered", "col.change_pts", "col.synthetic", "col.active_source", "col.workers_source",
                "col.as_of", "col.batch", "col.source_url", "col.basis"]  # addresses beside the titles (review 3 F13)


def test_table_xlsx_download_has_the_header_and_38_rows(overview):
    frame = pl.read_excel(io.BytesIO(download(overview, "province_table_dl_xlsx")), sheet_name="Data")
    assert frame.columns == [t(key, "id") for key in TABLE_HEADER]
    assert frame.height == 38
    assert frame.schema[t("col.active", "id")] == pl.Int64
    addresses = frame[t("col.source_url", "id")].drop_nulls().to_list()
    assert addresses and all(a.startswith("https://") for cell in addresses for a in cell.split(" | "))


def test_table_parquet_and_csv_downloads_read_back_the_same_rows(overview):
    parquet = pl.read_parquet(io.BytesIO(download(overview, "province_table_dl_parquet")))
    # The Indonesian CSV is what Excel set to Indonesian reads: ";" between fields, decimal commas.
    csv = pl.read_csv(io.BytesIO(download(overview, "province_table_dl_csv")), separator=";", decimal_comma=True,
                      schema_overrides={t("col.code", "id"): pl.String})
    assert parquet.height == csv.height == 38
    assert parquet.columns == csv.columns == [t(key, "id") for key in TABLE_HEADER]
    code = t("col.code", "id")
    assert sorted(parquet[code].to_list()) == sorted(csv[code].to_list())
    assert len(set(parquet[code])) == 38
    rate = t("col.rate", "id")
    # Decimals read back as numbers: the CSV's six decimals (export.CSV_DECIMALS), the Parquet's all.
    assert csv.sort(code)[rate].to_list() == [None if v is None else round(v, 6)
                                              for v in parquet.sort(code)[rate].to_list()]


def test_briefing_downloads_are_one_page_pdf_and_png(live_app, browser):
    page = open_page(browser, f"{live_app}/briefing?province=35&period=2025-12-01", WIDTHS["desktop"])
    page.locator(".st-key-briefing_dl_pdf button:visible").first.wait_for(timeout=60_000)
    pdf = download(page, "briefing_dl_pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert "Jawa Timur" in reader.pages[0].extract_text()
    png = download(page, "briefing_dl_png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(png)).size[1] > 1700
    page.close()
