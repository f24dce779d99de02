"""The Monday review in a real browser (Playwright + Debian Chromium): what changed, a mover opened on
the map, the sidebar search by name and by code, and the pages at desktop and phone widths."""

from __future__ import annotations

import re

import pytest
from conftest import artifact, wait_until_idle

from cakupan.i18n import t


@pytest.fixture
def desktop(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    yield page
    page.close()


def search(page, text: str) -> None:
    """Type into the sidebar search and take the first match, as a reader does with the keyboard."""
    box = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text=t("search.label", "id"))
    box.locator("input").click()
    box.locator("input").fill(text)
    page.wait_for_timeout(400)
    page.keyboard.press("Enter")


def test_what_changed_then_open_a_mover_on_the_map(live_app, desktop):
    page = desktop
    page.goto(live_app + "/berubah")
    wait_until_idle(page)
    assert page.locator("h1").first.inner_text().strip() == "Apa yang berubah"
    assert page.get_by_text(re.compile(r"^Data per Desember 2025 · impor terakhir ")).count() == 1
    # The movers' links ("… · +3,74 poin → 72,3%"), not the lowest-province link above them.
    rose = page.get_by_test_id("stPageLink").filter(has_text="poin →")
    rose.first.wait_for(timeout=30_000)
    assert rose.count() >= 2
    page.screenshot(path=artifact("monday_changes_desktop.png"), full_page=True)
    label = rose.first.inner_text()  # "trending_up" (the icon's ligature), then "Kabupaten X (Province) · …"
    name = label.replace("trending_up", "").split(" (")[0].strip()
    rose.first.click()
    page.wait_for_function("() => location.pathname.endsWith('/peta')", timeout=30_000)
    wait_until_idle(page)
    assert re.search(r"area=\d\d\.\d\d", page.url) and "level=regency" in page.url
    page.get_by_role("heading", name=f"Rincian: {name}").wait_for(timeout=30_000)  # the detail follows the map
    assert page.get_by_role("heading", name=f"Rincian: {name}").count() == 1


@pytest.mark.parametrize("typed, code, heading", [
    ("Mataram", "52.71", "Rincian: Kota Mataram"),
    ("53.71", "53.71", "Rincian: Kota Kupang"),
    ("Nusa Tenggara Barat · provinsi", "52", "Rincian: Nusa Tenggara Barat"),
])
def test_search_jumps_to_an_area_by_name_or_code(live_app, desktop, typed, code, heading):
    page = desktop
    page.goto(live_app + "/berubah")
    wait_until_idle(page)
    search(page, typed)
    page.wait_for_function(f"() => location.pathname.endsWith('/peta') && location.search.includes('area={code}&')"
                           f" || location.search.endsWith('area={code}')", timeout=30_000)
    wait_until_idle(page)
    assert page.get_by_role("heading", name=heading).count() == 1
    assert f"province={code[:2]}" in page.url


def test_impor_data_is_not_offered_without_an_admin_secret(live_app, desktop):
    page = desktop
    page.goto(live_app)
    wait_until_idle(page)
    links = page.get_by_test_id("stSidebarNav").inner_text()
    assert "Apa yang berubah" in links and "Impor Data" not in links


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("width", [1400, 420])
def test_changes_page_screenshots(live_app, browser, lang, width):
    page = browser.new_page(viewport={"width": width, "height": 1200})
    page.goto(f"{live_app}/berubah?lang={lang}")
    wait_until_idle(page)
    assert page.locator("h1").first.inner_text().strip() == t("page.changes", lang)
    # Nothing sticks out sideways on a phone: the page is no wider than the screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1
    page.screenshot(path=artifact(f"monday_changes_{width}_{lang}.png"), full_page=True)
    page.close()


def test_a_province_clicked_on_the_overview_opens_on_the_map_with_its_ranked_table(live_app, desktop):
    from test_explorer_browser import click_area

    page = desktop
    page.goto(live_app)
    wait_until_idle(page)
    # The national trend is drawn on the overview (a plot may finish drawing after the run ends).
    page.locator(".gtitle", has_text="Tren nasional: tingkat cakupan per bulan").first.wait_for(timeout=30_000)
    click_area(page, "52")
    page.wait_for_function("() => location.pathname.endsWith('/peta')", timeout=30_000)
    wait_until_idle(page)
    assert "province=52" in page.url and "level=regency" in page.url
    assert page.get_by_role("heading", name="Rincian: Nusa Tenggara Barat").count() == 1
    assert page.get_by_text("Kab/kota di Nusa Tenggara Barat, menurut cakupan").count() == 1
    title = page.locator(".js-plotly-plot .gtitle").first.text_content()
    assert "Nusa Tenggara Barat" in title and "Desember 2025" in title and "basis UCJ" in title
    page.screenshot(path=artifact("monday_peta_ntb_1400_id.png"), full_page=True)


@pytest.mark.parametrize("path", ["/", "/target?lang=en"])
def test_the_glossary_opens_from_any_page(live_app, desktop, path):
    page = desktop
    page.goto(live_app + path)
    wait_until_idle(page)
    lang = "en" if "lang=en" in path else "id"
    page.get_by_test_id("stSidebar").get_by_role("button", name=t("glossary.button", lang)).click()
    popover = page.get_by_test_id("stPopoverBody")
    popover.wait_for(timeout=10_000)
    text = popover.inner_text()
    for term in ("PU", "BPU", "Jakon", "PMI", "UCJ", t("basis.ucj", lang), t("basis.bps", lang),
                 # the words the simulator, the briefings and the targets use (review: they were missing)
                 "JKK", "JKM", "JHT", "JP", "Kanwil", "SHU", "RAT"):
        assert term in text
    assert ("Peserta terdaftar" if lang == "id" else "Registered participants") in text


def test_compare_two_kab_kota_side_by_side(live_app, desktop):
    """Bandingkan: pick the second area by typing, as a reader does; both columns, trends and
    splits follow, and the URL keeps the pair."""
    page = desktop
    page.goto(f"{live_app}/banding?a=52.71&b=53.71")
    wait_until_idle(page)
    page.get_by_role("heading", name="Kota Mataram").first.wait_for(timeout=60_000)
    assert page.get_by_role("heading", name="Kota Mataram").count() == 1
    assert page.get_by_role("heading", name="Kota Kupang").count() == 1
    second = page.get_by_test_id("stSelectbox").filter(has_text=t("cmp.second", "id"))
    second.locator("input").click()
    second.locator("input").fill("Kota Bima")
    page.wait_for_timeout(400)
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('b=52.72')", timeout=30_000)
    wait_until_idle(page)
    assert page.get_by_role("heading", name="Kota Bima").count() == 1
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
    assert any("Kota Mataram" in x for x in titles) and any("Kota Bima" in x for x in titles)
    assert not any("Kota Kupang" in x for x in titles)
    # Metric values are whole, never cut to "499,7 r…".
    assert not any(v.endswith("…") for v in page.get_by_test_id("stMetricValue").all_inner_texts())
    page.screenshot(path=artifact("monday_compare_1400_id.png"), full_page=True)


def test_lowest_province_then_the_kanwil_briefing_as_a_pdf(live_app, browser):
    """The Monday routine's path in eight clicks: what changed → the lowest province (one link) →
    a kab/kota by search → its Kanwil's one-page briefing (one link) → the PDF."""
    import io

    from pypdf import PdfReader

    page = browser.new_page(viewport={"width": 1400, "height": 1600}, accept_downloads=True)
    page.goto(live_app + "/berubah")
    wait_until_idle(page)
    link = page.locator(".st-key-changes_lowest a")
    name = link.inner_text().split(":", 1)[1].split(",")[0].strip()
    assert name  # "Cakupan terendah bulan ini: <province>, 18,3% (...)"
    link.click()
    page.wait_for_function("() => location.pathname.endsWith('/peta')", timeout=30_000)
    wait_until_idle(page)
    assert page.get_by_role("heading", name=f"Rincian: {name}").count() == 1
    assert page.get_by_text(f"Kab/kota di {name}, menurut cakupan").count() == 1
    search(page, "Mataram")
    page.wait_for_function("() => location.search.includes('area=52.71')", timeout=30_000)
    wait_until_idle(page)
    links = page.locator(".st-key-explorer_briefings a")
    assert links.nth(0).inner_text().strip().endswith("Nusa Tenggara Barat")
    assert "Kanwil Banuspa" in links.nth(1).inner_text()
    links.nth(1).click()
    page.wait_for_function("() => location.pathname.endsWith('/briefing') && location.search.includes('kanwil=BANUSPA')",
                           timeout=30_000)
    wait_until_idle(page)
    button = page.locator(".st-key-briefing_dl_pdf button:visible").first
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=90_000) as info:
        button.click()
    reader = PdfReader(io.BytesIO(info.value.path().read_bytes()))
    assert len(reader.pages) == 2  # the briefing, then every source with its address
    text = reader.pages[0].extract_text()
    assert "Banuspa" in text and "Nusa Tenggara Barat" in text and "Bali" in text
    assert "Sumber" in reader.pages[1].extract_text() and "https://suarantb.com/?p=82090" in reader.pages[1].extract_text()
    page.close()


def test_a_kind_map_fits_its_scale_and_a_drilled_map_prints_its_values(live_app, desktop):
    """Jenis usaha = Koperasi: a scale fitted to the few percent, kept when drilling into NTB; the
    drilled map (10 kab/kota) prints each value on it."""
    page = desktop
    page.goto(f"{live_app}/peta?kind=koperasi")
    wait_until_idle(page)
    page.locator(".js-plotly-plot .colorbar").first.wait_for(timeout=30_000)
    national = page.locator(".js-plotly-plot .colorbar .cbaxis text").all_text_contents()
    assert national[-1].startswith("≥") and national[-1] != "≥ 100%"
    title = page.locator(".js-plotly-plot .gtitle").first.text_content()
    assert "Koperasi" in title
    page.goto(f"{live_app}/peta?kind=koperasi&level=regency&province=52&area=all")
    wait_until_idle(page)
    page.locator(".js-plotly-plot .colorbar").first.wait_for(timeout=30_000)
    assert page.locator(".js-plotly-plot .colorbar .cbaxis text").all_text_contents() == national
    labels = page.locator(".js-plotly-plot").first.locator("text").filter(has_text="%")
    labels.first.wait_for(timeout=30_000)
    assert labels.count() >= 8 + 6  # the legend's six ticks, and a value on most of the ten areas  # ten areas, a label each where it fits
