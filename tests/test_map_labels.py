"""Map value labels stay readable on dark fills: white on a dark area, dark on a light one (review 3
F22: the province 3-month change map printed "+8,93" and "+4,77" black on dark purple)."""

from __future__ import annotations

from datetime import date

import pytest

from cakupan import db, settings
from cakupan.boundaries import load_layer
from cakupan.figures import maps
from cakupan.figures.theme import DIVERGING, SEQUENTIAL


@pytest.mark.parametrize("fill, ink", [
    # #542788 (the diverging scale's dark purple end): luminance about 0,05, so white contrasts
    # about 10:1 and black about 2:1
    (DIVERGING[-1], "#ffffff"),
    (SEQUENTIAL[-1], "#ffffff"),  # #081d58, the darkest blue of the rate maps
    (DIVERGING[4], "#111111"),    # #f7f7f7, the pale middle
    (SEQUENTIAL[0], "#111111"),   # #ffffd9
])
def test_the_ink_contrasts_with_the_fill(fill, ink):
    assert maps.label_ink(maps._rgb(fill)) == ink


def test_a_value_gets_the_fill_plotly_gives_it():
    colour = {"colorscale": [[0, "#000000"], [0.5, "#808080"], [1, "#ffffff"]], "zmin": -2, "zmax": 2}
    assert maps.fill_at(-5, colour) == (0.0, 0.0, 0.0)        # clipped at the low end
    assert maps.fill_at(9, colour) == (1.0, 1.0, 1.0)         # and at the high end
    assert maps.fill_at(1, colour) == pytest.approx((0xc0 / 255,) * 3, abs=1 / 255)  # halfway from grey to white


def test_the_province_change_map_prints_its_dark_areas_in_white(default_db):
    frame = db.run_query(default_db, "area_coverage", level="province", period=date(2025, 12, 1), basis="ucj",
                         province="all", segment="all", kind="all")
    fig = maps.metric_map(frame, load_layer(settings.geo_dir(), "province"), "change_3m", "ucj", "t", "id")
    labels = next(d for d in fig.data if d.type == "scattergeo" and d.mode == "text")
    ink = dict(zip(labels.text, labels.textfont.color))
    # the rises past the scale's +2 poin end are drawn in its darkest purple (December 2025 has some)
    beyond = [text for text in labels.text if float(text.replace(",", ".")) > 2]
    assert beyond and all(ink[text] == "#ffffff" for text in beyond)
    # changes within half a point sit on the pale middle of the scale
    small = [text for text in labels.text if abs(float(text.replace(",", "."))) < 0.5]
    assert small and all(ink[text] == "#111111" for text in small)
