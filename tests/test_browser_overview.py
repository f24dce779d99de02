"""The overview in a real browser (Debian Chromium): the map draws its 38 province shapes."""

from conftest import artifact, wait_until_idle


def test_overview_map_draws_every_province(live_app, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(live_app + "/")
    wait_until_idle(page)
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot path.choroplethlocation').length >= 38", timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    shapes = page.locator(".js-plotly-plot path.choroplethlocation")
    assert shapes.count() == 38
    # A drawn shape has a real outline, not an empty path.
    assert all(len(shapes.nth(i).get_attribute("d") or "") > 20 for i in range(shapes.count()))
    # Nothing was fetched from outside this machine (plotly's world topojson comes from static/).
    assert [u for u in failed if not u.startswith(live_app)] == []
    page.screenshot(path=artifact("overview_desktop.png"), full_page=True)

    page.set_viewport_size({"width": 420, "height": 2400})
    page.wait_for_timeout(1500)
    page.screenshot(path=artifact("overview_phone.png"), full_page=True)
    page.close()


def test_overview_hover_names_source_and_synthetic_flag(live_app, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    page.goto(live_app + "/?period=2024-04-01")
    wait_until_idle(page)
    shapes = page.locator(".js-plotly-plot path.choroplethlocation")
    shapes.first.wait_for(timeout=30_000)
    # Find NTB (52) among the drawn locations, then move the mouse over it until plotly shows a tooltip.
    index = page.evaluate("document.querySelector('.js-plotly-plot').data[0].locations.indexOf('52')")
    box = shapes.nth(index).bounding_box()
    tooltip = ""
    for fx in (0.5, 0.3, 0.7, 0.2, 0.8):
        for fy in (0.5, 0.3, 0.7):
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            page.wait_for_timeout(250)
            tooltip = page.locator(".js-plotly-plot .hoverlayer").first.text_content()
            if tooltip:
                break
        if tooltip:
            break
    assert "Nusa Tenggara Barat" in tooltip
    assert "29,26%" in tooltip
    assert "545.546" in tooltip and "1.864.450" in tooltip
    assert "Inside Lombok" in tooltip
    page.close()
