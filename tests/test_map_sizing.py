"""A map's height follows its width: the fitted height worked out by hand, and the overview map
in a real browser at phone and desktop widths."""

import plotly.graph_objects as go
import pytest
from conftest import artifact, wait_until_idle

from cakupan import map_sizing


def square_map(lon=(0, 90), lat=(0, 45), height=440, projection="mercator"):
    fig = go.Figure(go.Scattergeo(lon=[10], lat=[10]))
    fig.update_geos(projection_type=projection, lonaxis_range=list(lon), lataxis_range=list(lat),
                    domain=dict(x=[0, 1], y=[0.08, 1]))
    fig.update_layout(height=height, margin=dict(l=0, r=0, t=40, b=70))
    return fig


def test_fitted_height_by_hand():
    # Mercator: 90° of longitude is π/2 = 1.5708 wide; 0–45° north is ln(tan(67.5°)) = 0.88137 tall.
    assert map_sizing.geo_aspect(square_map()) == pytest.approx(0.88137 / 1.5708, rel=1e-4)
    # 400 px wide: 400 × 0.56110 = 224.4 px of map, which is 92% of the plot area (domain 0.08–1),
    # so 243.96 px, plus the 40 + 70 px margins.
    assert map_sizing.fitted_height(square_map(), 400) == pytest.approx(353.96, abs=0.05)


def test_fit_css_caps_at_the_figure_height():
    css = map_sizing.fit_css(square_map(height=300), "overview map")
    # The key becomes Streamlit's class name (space → dash); height = 0.60989 × width + 110 px.
    assert ".st-key-overview-map [data-testid='stPlotlyChart']" in css
    assert "clamp(220px, calc(0.60989 * 100cqw + 110.0px), 300px)" in css


@pytest.mark.parametrize("fig", [
    go.Figure(go.Bar(x=[1], y=[2])),  # not a map
    square_map(projection="orthographic"),
    go.Figure(go.Scattergeo(lon=[1], lat=[1])),  # a map without explicit ranges
])
def test_no_css_for_other_figures(fig):
    assert map_sizing.fit_css(fig.update_layout(height=400), "k") is None


HEIGHTS = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(g => g._fullLayout.geo)
    .map(g => [g.getBoundingClientRect().width, g.getBoundingClientRect().height, g._fullLayout.height])"""


def test_overview_map_height_follows_width(live_app, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    page.goto(live_app + "/")
    wait_until_idle(page)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot path.choroplethlocation').length >= 38",
                           timeout=60_000)
    # Desktop: as wide as the main column, and the figure's own 440 px (the fitted height is larger).
    ((width, height, layout),) = page.evaluate(HEIGHTS)
    assert width > 900 and height == layout == 440
    page.set_viewport_size({"width": 420, "height": 2000})
    page.wait_for_function("(() => { const g = [...document.querySelectorAll('.js-plotly-plot')]"
                           ".find(g => g._fullLayout.geo); return g && g._fullLayout.height < 400; })()",
                           timeout=20_000)
    ((width, height, layout),) = page.evaluate(HEIGHTS)
    # Phone: the provinces' extent is 0.376 as tall as wide (Mercator): 388 × 0.376 / 0.92 + 110 ≈ 269 px.
    assert width < 400 and 240 < height < 300 and abs(layout - height) < 1
    page.screenshot(path=artifact("overview_map_phone.png"))
    page.close()
