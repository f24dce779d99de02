"""Peta Cakupan and Tinjauan Wilayah in a real browser (Playwright + Debian Chromium), clicked as a new user would:
nation → NTB → Kota Mataram → back, a copied link, and Kanwil Banuspa's ranking and where to act."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from conftest import artifact, wait_until_idle

# A point inside one area's shape, in page pixels. Plotly's geo hit-testing runs on a drag layer
# above the shapes, so the click goes to a point that lies in the shape's fill, near its middle.
POINT_IN_AREA = """(code) => {
  const paths = [...document.querySelectorAll('.js-plotly-plot .choroplethlocation')];
  const shape = paths.find(el => el.__data__ && el.__data__.loc === code);
  if (!shape) return null;
  const box = shape.getBoundingClientRect(), toShape = shape.getScreenCTM().inverse();
  const inside = [];
  for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
    const x = box.left + box.width * i / 40, y = box.top + box.height * j / 40;
    if (shape.isPointInFill(new DOMPoint(x, y).matrixTransform(toShape))) inside.push([x, y]);
  }
  if (!inside.length) return null;
  const mx = inside.reduce((a, p) => a + p[0], 0) / inside.length;
  const my = inside.reduce((a, p) => a + p[1], 0) / inside.length;
  inside.sort((a, b) => Math.hypot(a[0] - mx, a[1] - my) - Math.hypot(b[0] - mx, b[1] - my));
  return inside[0];
}"""
# Shapes drawn by the first trace of the first map: the areas coloured by the measure.
SHAPES = """() => {
  const trace = document.querySelector('.js-plotly-plot .choroplethlayer .trace');
  return trace ? trace.querySelectorAll('path.choroplethlocation').length : 0;
}"""
AREA_CODES = """() => [...document.querySelector('.js-plotly-plot .choroplethlayer .trace')
  .querySelectorAll('path.choroplethlocation')].map(p => p.__data__.loc).sort()"""
# The first plot's geo panels and the kab/kota shapes drawn in them.
PANELS = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  return {panels: plot.querySelectorAll('.geolayer > g.geo').length,
          shapes: plot.querySelectorAll('path.choroplethlocation').length};
}"""
# The larger side, in pixels, of an area as drawn: its shape, or the dot drawn over a small one.
SIZE_OF = """(code) => {
  const plot = document.querySelector('.js-plotly-plot');
  const shape = [...plot.querySelectorAll('.choroplethlocation')].find(el => el.__data__ && el.__data__.loc === code);
  if (!shape) return 0;
  const own = shape.getBoundingClientRect();
  const over = [...plot.querySelectorAll('path.point')].map(el => el.getBoundingClientRect()).filter(box => {
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    return x >= own.left - 4 && x <= own.right + 4 && y >= own.top - 4 && y <= own.bottom + 4; });
  return Math.max(own.width, own.height, ...over.map(box => Math.max(box.width, box.height)));
}"""
NTB_REGENCIES = ["52.01", "52.02", "52.03", "52.04", "52.05", "52.06", "52.07", "52.08", "52.71", "52.72"]


def click_area(page, code: str) -> None:
    page.locator(".js-plotly-plot .choroplethlocation").first.wait_for(state="attached")
    point = page.evaluate(POINT_IN_AREA, code)
    assert point, f"area {code} is not drawn on the map"
    page.mouse.move(point[0] - 3, point[1])
    page.mouse.move(point[0], point[1])
    page.wait_for_timeout(300)
    page.mouse.click(point[0], point[1])
    wait_until_idle(page)


def close_dialog(page) -> None:
    """Streamlit sometimes greets a deep link with a 'Page not found' notice while it loads the
    navigation; the page itself renders. Close it so it does not cover the screenshot."""
    close = page.get_by_role("dialog").get_by_role("button", name="Close")
    if close.count():
        close.first.click()
        page.wait_for_timeout(300)


def shapes(page) -> int:
    page.wait_for_function(SHAPES, timeout=30_000)  # the map may still be drawing after the run ends
    return page.evaluate(SHAPES)


@pytest.fixture
def desktop(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 2200})
    yield page
    page.close()


def test_drill_from_the_nation_to_kota_mataram_and_back(live_app, desktop, browser):
    page = desktop
    page.goto(live_app)
    wait_until_idle(page)
    page.get_by_test_id("stSidebarNav").get_by_text("Peta Cakupan").click()
    wait_until_idle(page)
    assert page.get_by_role("heading", name="Peta Cakupan").count() == 1
    assert shapes(page) == 38
    page.screenshot(path=artifact("explorer_national_desktop.png"), full_page=True)

    click_area(page, "52")
    assert shapes(page) == 10
    assert page.evaluate(AREA_CODES) == NTB_REGENCIES
    assert "province=52" in page.url and "level=regency" in page.url
    assert page.get_by_role("heading", name="Rincian: Nusa Tenggara Barat").count() == 1

    click_area(page, "52.71")
    assert page.get_by_role("heading", name="Rincian: Kota Mataram").count() == 1
    assert shapes(page) == 10
    assert "area=52.71" in page.url
    page.screenshot(path=artifact("explorer_mataram_desktop.png"), full_page=True)

    # A colleague opens the copied link: the same view.
    copied = page.url
    other = browser.new_page(viewport={"width": 1400, "height": 2200})
    other.goto(copied)
    wait_until_idle(other)
    close_dialog(other)
    assert other.get_by_role("heading", name="Rincian: Kota Mataram").count() == 1
    assert shapes(other) == 10 and other.evaluate(AREA_CODES) == NTB_REGENCIES
    other.close()

    breadcrumb = page.get_by_test_id("stHorizontalBlock").filter(has=page.get_by_role("button", name="Indonesia"))
    assert "Nusa Tenggara Barat" in breadcrumb.first.inner_text() and "Kota Mataram" in breadcrumb.first.inner_text()
    page.get_by_role("button", name="Indonesia").click()
    wait_until_idle(page)
    assert shapes(page) == 38
    assert "area=all" in page.url and "level=province" in page.url

    # The map's earlier selection must not drill again on an unrelated change. (The filters sit
    # in a closed expander since issue 13.)
    page.get_by_test_id("stExpander").filter(has_text="Filter peta").locator("summary").click()
    page.wait_for_timeout(500)
    page.get_by_test_id("stSelectbox").filter(has_text="Ukuran").click()
    page.get_by_role("option", name="Perubahan 12 bulan").click()
    wait_until_idle(page)
    assert shapes(page) == 38 and "metric=change_12m" in page.url and "area=all" in page.url
    # A second change in a row is kept too (a picker whose identity followed the URL lost it).
    page.get_by_test_id("stSelectbox").filter(has_text="Ukuran").click()
    page.get_by_role("option", name="Pita UCJ").click()
    wait_until_idle(page)
    assert "metric=band" in page.url


def test_kanwil_banuspa_review(live_app, desktop):
    page = desktop
    page.goto(live_app)
    wait_until_idle(page)
    page.get_by_test_id("stSidebarNav").get_by_text("Tinjauan Wilayah").click()
    wait_until_idle(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Kanwil").first.click()
    page.get_by_role("option", name="Kanwil Banuspa").click()
    wait_until_idle(page)
    assert "kanwil=BANUSPA" in page.url
    # One panel per province (issue 13): nine maps, 83 kab/kota between them, each panel named.
    page.wait_for_function(SHAPES, timeout=30_000)
    assert page.evaluate(PANELS) == {"panels": 9, "shapes": 83}
    for name in ("Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Papua Barat Daya"):
        assert page.locator(".js-plotly-plot").first.locator(".annotation-text", has_text=name).count() == 1
    # Kota Mataram, a few pixels on a map of the whole Kanwil, is drawn at least 16 px wide.
    assert page.evaluate(SIZE_OF, "52.71") >= 16
    for heading in ("Peringkat Kabupaten/kota", "Di mana bertindak", "Tren provinsi", "Bandingkan dua bulan"):
        assert page.get_by_role("heading", name=heading).count() == 1
    act = page.get_by_text("Tiap kabupaten/kota diurutkan menurut jumlah orang")
    assert act.count() == 1
    page.screenshot(path=artifact("regional_banuspa_desktop.png"), full_page=True)

    # The ranking changes with the level.
    page.get_by_test_id("stRadio").filter(has_text="Peringkat per").get_by_text("Provinsi").click()
    wait_until_idle(page)
    assert "rank_level=province" in page.url

    # A click on a kabupaten/kota opens it in the explorer.
    click_area(page, "52.03")
    assert "/peta" in page.url and "area=52.03" in page.url
    assert page.get_by_role("heading", name="Rincian: Kabupaten Lombok Timur").count() == 1


@pytest.mark.parametrize("path, name", [
    ("peta?level=regency&province=52&area=52.71", "explorer_mataram_phone.png"),
    ("peta?level=regency", "explorer_regencies_phone.png"),
    ("wilayah?kanwil=BANUSPA", "regional_banuspa_phone.png"),
])
def test_phone_width(live_app, browser, path, name):
    page = browser.new_page(viewport={"width": 420, "height": 2400})
    page.goto(f"{live_app}/{path}")
    wait_until_idle(page)
    close_dialog(page)
    assert shapes(page) > 0
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=artifact(name), full_page=True)
    page.close()


def test_kota_mataram_tapped_on_the_kanwil_panels_opens_on_the_map(live_app, desktop):
    """The dot drawn over Kota Mataram in the NTB panel takes the tap and opens the city on /peta."""
    page = desktop
    page.goto(f"{live_app}/wilayah?kanwil=BANUSPA")
    wait_until_idle(page)
    page.wait_for_function(SHAPES, timeout=30_000)
    shape = page.evaluate(POINT_IN_AREA, "52.71")
    assert shape, "Kota Mataram is not drawn"
    dot = page.evaluate("""([x, y]) => {
      const boxes = [...document.querySelector('.js-plotly-plot').querySelectorAll('path.point')]
        .map(el => el.getBoundingClientRect())
        .filter(b => Math.abs(b.left + b.width / 2 - x) < 12 && Math.abs(b.top + b.height / 2 - y) < 12);
      return boxes.length ? [boxes[0].left + boxes[0].width / 2, boxes[0].top + boxes[0].height / 2] : null;
    }""", shape)
    assert dot, "no dot over Kota Mataram"
    # On a busy machine (the suite runs in two workers) plotly may not have taken the hover before
    # the click: the tap is tried again, only while the page is still the Kanwil's and idle.
    for _ in range(3):
        page.mouse.move(dot[0] - 3, dot[1])
        page.mouse.move(dot[0], dot[1])
        page.wait_for_timeout(300)
        page.mouse.click(dot[0], dot[1])
        try:
            page.wait_for_function("() => location.pathname.endsWith('/peta')", timeout=15_000)
            break
        except PlaywrightTimeout:
            wait_until_idle(page)
            if page.url.split("?")[0].endswith("/peta"):
                break
    assert page.url.split("?")[0].endswith("/peta"), "the tap on Kota Mataram did not open /peta"
    wait_until_idle(page)
    assert "area=52.71" in page.url
    assert page.get_by_role("heading", name="Rincian: Kota Mataram").count() == 1


def test_plotly_is_fetched_when_the_page_opens_and_only_once(live_app, browser):
    """Streamlit loads its plotly script only when a chart arrives; the app's page names it
    (ui.preload), so it is fetched before the websocket even opens, and is there when the first map
    comes. The world topojson plotly wants before its first map is in the page: never fetched."""
    page = browser.new_context(viewport={"width": 1400, "height": 2200}).new_page()
    fetched, topojson, order = [], [], []
    page.on("request", lambda request: fetched.append(request.url) if "/PlotlyChart." in request.url else None)
    page.on("request", lambda request: topojson.append(request.url) if "/topo/" in request.url else None)
    page.on("request", lambda request: order.append("plotly") if "/PlotlyChart." in request.url else None)
    page.on("websocket", lambda socket: order.append("websocket"))
    page.goto(f"{live_app}/simulator")  # a page that opens without any chart
    page.wait_for_selector("h1", timeout=45_000)  # the run has begun (the first of a session takes a while)
    wait_until_idle(page)
    assert page.locator(".js-plotly-plot").count() == 0
    assert len(fetched) == 1, fetched
    assert order == ["plotly", "websocket"]
    page.get_by_test_id("stSidebarNav").get_by_text("Peta Cakupan").click()
    wait_until_idle(page)
    assert shapes(page) == 38
    # Chart text is drawn in the house font, not plotly's default (an invalid font list fell back to it).
    drawn_in = page.evaluate("getComputedStyle(document.querySelector('.js-plotly-plot text')).fontFamily")
    assert drawn_in.startswith('"Source Sans 3"'), drawn_in
    # No plotly toolbar (its camera was a second, unlabelled PNG export, its tooltips English).
    page.locator(".js-plotly-plot").first.hover()
    assert page.locator(".modebar-btn").count() == 0
    assert len(fetched) == 1, fetched  # the map used the module already loaded
    assert topojson == []
    page.context.close()
