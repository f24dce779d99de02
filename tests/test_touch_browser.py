"""On a phone (420 px wide, Playwright + Debian Chromium): tap targets of at least 44 px, wording
for touch, and /peta's filters folded away so the map comes first (issue 13, part 6)."""

from __future__ import annotations

import pytest
from conftest import artifact, wait_until_idle
from test_browser_pages import settle

from cakupan.i18n import t
from cakupan.ui.touch import MIN_TAP_PX

PHONE = {"width": 420, "height": 900}

# Every control a reader taps, with the box that takes the tap: a radio's or checkbox's label; a
# select's whole field (its text input and chevron sit inside it, two levels below the field's box). Plotly's own controls, the
# tables' cells and links inside running text (WCAG 2.5.5's "inline" exception) are left out,
# and so is Streamlit's invisible skip link.
SMALL_TARGETS = """(least) => {
  const selector = 'button, a[href], [role=radio], [role=checkbox], [role=switch], summary, input[type=text]';
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.getAttribute('data-testid') === 'stSkipToContent') continue;
    if (el.closest('.js-plotly-plot, [data-testid=stDataFrame], [data-testid=stSidebar], p, li')) continue;
    const select = el.closest('[data-testid=stSelectbox], [data-testid=stMultiSelect]');
    const target = el.closest('label') || (select ? select.querySelector('input').parentElement.parentElement : el);
    const box = target.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (box.height < least) small.push(`${Math.round(box.height)} px: ${el.tagName} `
      + `${(el.closest('[data-testid]') || el).getAttribute('data-testid')} "${(el.innerText || el.getAttribute('aria-label') || '').slice(0, 40)}"`);
  }
  return small;
}"""


@pytest.fixture
def phone(browser):
    page = browser.new_page(viewport=PHONE)
    yield page
    page.close()


@pytest.mark.parametrize("path", ["", "berubah", "peta?level=regency&province=52&area=all", "wilayah?kanwil=BANUSPA",
                                  "target", "simulator", "banding"])
def test_every_tap_target_is_at_least_44_px_on_a_phone(live_app, phone, path):
    phone.goto(f"{live_app}/{path}")
    settle(phone)
    small = phone.evaluate(SMALL_TARGETS, MIN_TAP_PX)
    assert small == [], "\n".join(small)


def test_the_sidebar_on_a_phone_has_44_px_targets(live_app, phone):
    phone.goto(live_app)
    wait_until_idle(phone)
    opener = phone.get_by_test_id("stExpandSidebarButton")
    # The touch rules arrive with the page's first run; on a busy machine that can follow the idle
    # status by a moment, so wait for them (a page that never gets them still fails here).
    phone.wait_for_function("min => { const b = document.querySelector('[data-testid=stExpandSidebarButton]');"
                            " return b !== null && b.getBoundingClientRect().height >= min; }",
                            arg=MIN_TAP_PX, timeout=20_000)
    assert opener.bounding_box()["height"] >= MIN_TAP_PX
    opener.click()
    phone.get_by_test_id("stSidebarNavLink").first.wait_for(state="visible")
    phone.wait_for_timeout(600)  # the sidebar slides in
    links = phone.get_by_test_id("stSidebarNavLink")
    assert links.count() >= 9
    assert min(links.nth(i).bounding_box()["height"] for i in range(links.count())) >= MIN_TAP_PX
    for name in ("Bahasa Indonesia", "English"):
        button = phone.locator("[data-testid='stSidebar'] button", has_text=name).first
        assert button.bounding_box()["height"] >= MIN_TAP_PX
    phone.screenshot(path=artifact("touch_sidebar_420_id.png"))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_peta_on_a_phone_shows_the_map_before_the_filters_and_speaks_of_tapping(live_app, phone, lang):
    phone.goto(f"{live_app}/peta?level=regency&province=52&area=all&lang={lang}")
    wait_until_idle(phone)
    expander = phone.get_by_test_id("stExpander").filter(has_text=t("exp.filters", lang))
    assert expander.count() == 1
    # Closed: none of the eight pickers is on screen, and the map starts within the first screen.
    assert phone.get_by_test_id("stSelectbox").filter(has_text=t("exp.filter.metric", lang)).is_visible() is False
    top = phone.locator(".js-plotly-plot").first.bounding_box()["y"]
    assert top < PHONE["height"] - 200
    text = phone.get_by_test_id("stMain").inner_text().lower()
    for mouse_only in (("arahkan kursor", "kursor", "hover") if lang == "id" else ("hover", "mouse")):
        assert mouse_only not in text
    assert ("ketuk" if lang == "id" else "tap") in text
    # Opened, the pickers are there and 44 px tall.
    expander.locator("summary").click()
    metric = phone.get_by_test_id("stSelectbox").filter(has_text=t("exp.filter.metric", lang))
    metric.wait_for(state="visible")
    assert metric.locator("input").locator("xpath=../..").bounding_box()["height"] >= MIN_TAP_PX
    phone.screenshot(path=artifact(f"touch_peta_filters_420_{lang}.png"), full_page=True)
