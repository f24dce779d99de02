"""What must fit, fits (Playwright + Debian Chromium): on a phone (412 px) the figure a table ranks
by is on screen without scrolling sideways and the Kanwil trend's title is not cut (review 3, F18
and F19); on a desktop Bandingkan's area names and figures are whole (F22)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from conftest import artifact, wait_until_idle

PHONE = 412


def open_phone(browser, url: str):
    page = browser.new_page(viewport={"width": PHONE, "height": 2400})
    page.goto(url)
    wait_until_idle(page, 90_000)
    page.locator("h1").first.wait_for(timeout=90_000)
    page.wait_for_timeout(1500)
    return page


def headers(table) -> list[str]:
    """The column headings the grid has drawn (it draws only the columns in or near view, and on a
    busy machine a moment after the table appears: wait for the first)."""
    table.scroll_into_view_if_needed()
    table.locator("[role=columnheader]").first.wait_for(state="attached", timeout=30_000)
    return [h.text_content() for h in table.locator("[role=columnheader]").all()]


def column_borders(table) -> list[int]:
    """x of the grid's vertical lines inside the table (the column borders), from a screenshot:
    pixel columns that are light grey over nearly the whole body. The table's own frame is left out."""
    table.scroll_into_view_if_needed()
    pixels = np.asarray(Image.open(io.BytesIO(table.screenshot())).convert("L")).astype(int)
    height, width = pixels.shape
    body = pixels[int(height * 0.2):int(height * 0.9)]
    grey = ((body > 150) & (body < 235)).mean(axis=0)
    return [x for x in range(2, width - 2) if grey[x] > 0.9]


def test_national_kab_kota_table_keeps_coverage_on_a_phone(live_app, browser):
    # F18: a gap measure with no kab/kota target ranks by coverage; long names pushed coverage off-screen.
    page = open_phone(browser, f"{live_app}/peta?level=regency&metric=gap_people")
    assert page.get_by_text("jadi tabel diurutkan menurut cakupan").count() == 1
    table = page.get_by_test_id("stDataFrame").first
    scroller = table.locator(".dvn-scroller").first
    assert scroller.evaluate("s => s.scrollWidth <= s.clientWidth"), "the table scrolls sideways"
    assert headers(table) == ["No.", "Kode", "Wilayah", "Cakupan (%)"]
    page.screenshot(path=artifact("phone_peta_kab_gap_people.png"), full_page=True)
    page.close()


def test_where_to_act_shows_the_people_to_cover_and_the_trend_title_fits_on_a_phone(live_app, browser):
    page = open_phone(browser, f"{live_app}/wilayah?kanwil=BANUSPA")
    # F19: the measure is the third column, and that column's right border is inside the table.
    act = page.get_by_test_id("stDataFrame").nth(1)
    assert headers(act)[:3] == ["No.", "Wilayah", "Orang untuk dilindungi"]
    width = act.bounding_box()["width"]
    borders = column_borders(act)
    assert len(borders) >= 3 and borders[2] < width - 4, borders
    # The trend panel's title: both lines inside the chart, the second one whole.
    box = page.evaluate("""() => {
        for (const el of document.querySelectorAll('.js-plotly-plot')) {
            const t = el.querySelector('.g-gtitle text');
            if (t && t.textContent.startsWith('Tingkat cakupan bulanan per provinsi'))
                return {text: t.textContent, right: t.getBoundingClientRect().right,
                        edge: el.getBoundingClientRect().right};
        }
        return null; }""")
    assert box is not None
    assert box["text"] == "Tingkat cakupan bulanan per provinsiKanwil Banuspa · basis UCJ"
    assert box["right"] <= box["edge"], box
    page.screenshot(path=artifact("phone_wilayah_banuspa.png"), full_page=True)
    page.close()


def test_compare_shows_whole_area_names_and_figures_on_one_line(live_app, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(f"{live_app}/banding?a=52&b=53&period=2025-12-01")
    wait_until_idle(page, 90_000)
    page.wait_for_timeout(1500)
    # Each area picker's text fits its box (it was cut at "Nusa Tenggara Barat · provinsi · 5…").
    pickers = page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid=stSelectbox] input'))
        .filter(i => i.getAttribute('aria-label').startsWith('Wilayah')).map(i => {
            const style = getComputedStyle(i), ctx = document.createElement('canvas').getContext('2d');
            ctx.font = style.font;
            return {value: i.value, text: ctx.measureText(i.value).width,
                    room: i.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)}; })""")
    assert [p["value"] for p in pickers] == ["Nusa Tenggara Barat · provinsi · 52", "Nusa Tenggara Timur · provinsi · 53"]
    assert all(p["text"] <= p["room"] for p in pickers), pickers
    # Each figure on one line: all six as tall as the rate's (NTT's "318,9 ribu" took two lines).
    values = page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid=stMetricValue]'))
        .map(m => [m.innerText, m.getBoundingClientRect().height])""")
    assert len(values) == 6  # rate, active and not covered, for each area
    assert len({h for _, h in values}) == 1, values
    page.screenshot(path=artifact("compare_ntb_ntt.png"), full_page=True)
    page.close()
