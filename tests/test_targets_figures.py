"""The burn-up and enrolment figures: projections dashed and named, actuals solid, nothing past the data unlabelled."""

from datetime import date

import polars as pl

from cakupan.figures.bars import enrolment_bars, scenario_bars
from cakupan.figures.trends import burn_up
from cakupan.targets import evaluate

RISING = pl.DataFrame({
    "period": [date(2025, m, 1) for m in range(1, 13)],
    "value": [10.0 + 2 * m for m in range(1, 13)],
    "numerator": [10 + 2 * m for m in range(1, 13)],
    "denominator": [100] * 12,
    "is_synthetic": [True] * 12,
})


def figure(as_of=date(2025, 9, 1), lang="id"):
    progress = evaluate(RISING, "enrolled_umkm", 60, date(2025, 1, 1), date(2026, 6, 1), as_of)
    return progress, burn_up(RISING, progress, "enrolled_umkm", "NTB", lang,
                             milestones=((date(2026, 12, 1), 80, "Tahap lain"),))


def test_actuals_are_solid_and_projections_dashed_with_their_method_named():
    _, fig = figure()
    by_name = {tr.name: tr for tr in fig.data if tr.name}
    actual = by_name["Realisasi (data sintetis)"]
    assert actual.line.dash is None and list(actual.x)[-1] == date(2025, 9, 1)
    projections = [tr for tr in fig.data if tr.name and tr.name.startswith("Proyeksi")]
    # Only the 3- and 6-month paces exist by Sep 2025 (12 months back is before the data).
    assert [tr.name for tr in projections] == [
        "Proyeksi laju 3 bulan",
        "Proyeksi laju 6 bulan",
    ]
    # The legend is brief (a phone's width); the hover names the method in full.
    assert projections[0].hovertext[0].startswith("Proyeksi (linear, rata-rata perubahan 3 bulan (Jun 2025–Sep 2025))")
    assert [tr.line.dash for tr in projections] == ["dash", "dashdot"]
    # Each projection starts at the last actual month and never before it.
    assert all(min(tr.x) == date(2025, 9, 1) for tr in projections)
    assert [tr.y[0] for tr in projections] == [28.0, 28.0]


def test_the_area_beyond_the_data_is_shaded_and_labelled():
    _, fig = figure()
    assert fig.layout.shapes[0].type == "rect" and fig.layout.shapes[0].x0 == date(2025, 9, 1)
    assert fig.layout.annotations[0].text == "Data s.d. Sep 2025 | proyeksi →"


def test_data_after_the_evaluation_month_is_grey_and_named():
    _, fig = figure()
    after = next(tr for tr in fig.data if tr.name == "Realisasi sesudah bulan evaluasi")
    assert list(after.x)[0] == date(2025, 9, 1) and list(after.x)[-1] == date(2025, 12, 1)
    assert after.line.color == "#9e9e9e"


def test_target_needed_path_and_milestone():
    progress, fig = figure()
    names = [tr.name for tr in fig.data if tr.name]
    assert "Target 60 (Jun 2026)" in names
    assert "Laju yang dibutuhkan" in names
    assert "Tahap lain" in names
    needed = next(tr for tr in fig.data if tr.name == "Laju yang dibutuhkan")
    assert list(needed.x) == [date(2025, 9, 1), date(2026, 6, 1)] and list(needed.y) == [28.0, 60]
    assert needed.line.dash == "dot"


def test_a_title_wider_than_a_phone_takes_two_lines():
    progress, _ = figure()
    series = pl.DataFrame({"period": [date(2025, 9, 1)], "value": [28.0], "is_synthetic": [True]})
    long = burn_up(series, progress, "coverage_rate", "Tingkat cakupan (basis UCJ) — Nusa Tenggara Barat (52)")
    short = burn_up(series, progress, "coverage_rate", "Tingkat cakupan — NTB")
    assert long.layout.title.text == "Tingkat cakupan (basis UCJ)<br>Nusa Tenggara Barat (52)"
    assert short.layout.title.text == "Tingkat cakupan — NTB"
    # The second line takes room from neither the plot nor the label over it.
    assert long.layout.margin.t - short.layout.margin.t == long.layout.height - short.layout.height > 0


def test_english_labels():
    _, fig = figure(lang="en")
    names = [tr.name for tr in fig.data if tr.name]
    assert "Projection at the 3-month pace" in names
    assert fig.layout.separators == ".,"


def test_enrolment_bars_sorted_by_share_with_labels():
    frame = pl.DataFrame({
        "area_name": ["A", "B"], "enterprise_kind": ["umkm", "umkm"], "enterprises": [100, 40],
        "enrolled": [24, 20], "rate_pct": [24.0, 50.0], "base_published": [True, True],
        "enrolled_synthetic": [True, True], "period": [date(2025, 4, 1)] * 2,
    })
    fig = enrolment_bars(frame, "UMKM", "id")
    assert list(fig.data[0].y) == ["B", "A"]
    # The values print as a text trace past the base bar's end (issue 13: they began inside the bar).
    assert list(fig.data[2].text) == ["  20 / 40 · 50,0%", "  24 / 100 · 24,0%"] and list(fig.data[2].x) == [40, 100]
    assert "data sintetis" in fig.data[1].hovertext[0]


def test_scenario_bars():
    fig = scenario_bars([{"scenario": "S1", "newly_covered": 496, "per_member_month_idr": 16800, "months": 12,
                          "share_pct": 10.0}], "t", "id")
    assert list(fig.data[0].y) == [496] and list(fig.data[0].text) == ["496"]
