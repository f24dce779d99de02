"""The Kanwil briefing: one A4 page on a whole regional office, its figures summed from its kab/kota."""

from __future__ import annotations

import io
import re
import itertools
import math
from datetime import date

import pytest
from pypdf import PdfReader

from cakupan import db
from cakupan.boundaries import load_layer
from cakupan.reports import kanwil_briefing
from cakupan.reports.briefing import BriefingError, regency_layer_subset, story
from conftest import ROOT, artifact, embedded_fonts, run_page

DECEMBER = date(2025, 12, 1)
SUMS = """
    -- Straight from the fact tables: the Kanwil's members and UCJ workers in a month.
    select
        (select sum(m.active_participants) from membership as m join regency as r using (regency_code)
         join province as p using (province_code) where p.kanwil_code = $k and m.period = $month),
        (select sum(w.workers) from workforce as w join regency as r using (regency_code)
         join province as p using (province_code) where p.kanwil_code = $k and w.period = $month and w.basis = 'ucj')
"""


def runner(con):
    return lambda name, **params: db.run_query(con, name, **params)


def test_the_headline_is_summed_from_the_fact_tables(default_db):
    data = kanwil_briefing.load(runner(default_db), "BANUSPA", DECEMBER)
    active, workers = default_db.execute(SUMS, {"k": "BANUSPA", "month": DECEMBER}).fetchone()
    before = default_db.execute(SUMS, {"k": "BANUSPA", "month": date(2024, 12, 1)}).fetchone()
    assert (data.headline["active"], data.headline["workers"]) == (active, workers)
    assert data.headline["rate_pct"] == pytest.approx(100.0 * active / workers)
    assert data.headline["rate_change_pts"] == pytest.approx(100.0 * active / workers - 100.0 * before[0] / before[1])
    assert data.headline["active_change"] == active - before[0]
    assert set(data.provinces["area_code"]) == {"51", "52", "53", "91", "92", "93", "94", "95", "96"}
    assert data.provinces["rate_pct"].to_list() == sorted(data.provinces["rate_pct"].to_list(), reverse=True)
    assert data.regencies.height == len(default_db.execute(
        "select regency_code from regency join province using (province_code) where kanwil_code = 'BANUSPA'"
    ).fetchall())


@pytest.mark.parametrize("change, lang, expected", [
    # Participants fell while coverage rose: the denominator fell faster.
    ({"active_change": -1200, "rate_change_pts": 0.5, "workers_change": -90000}, "id",
     "Dalam 12 bulan peserta aktif berkurang (-1.200 orang), tetapi cakupan naik (+0,50 poin): jumlah pekerja "
     "yang menjadi pembagi turun lebih tajam (-90.000 orang)."),
    ({"active_change": 3000, "rate_change_pts": -0.25, "workers_change": 150000}, "en",
     "Over 12 months active participants grew (+3,000 people), yet coverage fell (-0.25 pts): the number of "
     "workers it divides by grew faster (+150,000 people)."),
    ({"active_change": 3000, "rate_change_pts": 0.25, "workers_change": 100}, "id", None),
    ({"active_change": None, "rate_change_pts": 0.25, "workers_change": 100}, "id", None),
])
def test_a_sentence_explains_participants_and_coverage_moving_apart(change, lang, expected):
    assert story(change, lang) == expected


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_kanwil_fits_its_page_and_lists_every_source(default_db, lang):
    # The briefing is one page, plus a page of sources where they do not all fit its small print
    # (review: the page ended "dan 7 sumber lain (lihat aplikasi)"; a printed page cannot see the app).
    kanwils = db.run_query(default_db, "kanwils")["kanwil_code"].to_list()
    assert len(kanwils) == 11
    problems, pages = {}, {}
    for code in kanwils:
        data = kanwil_briefing.load(runner(default_db), code, DECEMBER)
        pdf, overflows = kanwil_briefing.compose(data, None, lang, "credit", date(2026, 1, 5))
        reader = PdfReader(io.BytesIO(pdf))
        pages[code] = len(reader.pages)
        text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
        assert "lihat aplikasi" not in text and "see the app" not in text
        for url in data.sources["url"].drop_nulls():
            if url.startswith(("https://", "http://")):  # every address, whole (a long one is broken over lines)
                assert url in text.replace(" ", "")
        if overflows:
            problems[code] = overflows
    assert problems == {}
    # Banuspa (9 provinces) and Sulama (8) cite more sources than the small print holds.
    assert pages["BANUSPA"] == pages["SULAMA"] == 2 and pages["JABAR"] == 1
    assert set(pages.values()) == {1, 2}


def test_the_finished_kanwil_page(default_db):
    data = kanwil_briefing.load(runner(default_db), "SULAMA", DECEMBER)
    layer = regency_layer_subset(load_layer(ROOT / "geo", "regency"), frozenset(data.provinces["area_code"]))
    made = kanwil_briefing.build(data, layer, "id")
    assert made.overflows == ()
    reader = PdfReader(io.BytesIO(made.pdf))
    # Its 13 sources go on a second page of their own (the briefing itself is the first).
    assert len(reader.pages) == 2 and len(reader.pages[0].images) == 1 and not reader.pages[1].images
    text = reader.pages[0].extract_text()
    for name in data.provinces["area_name"]:
        assert name in text
    assert "Kanwil Sulama" in text and "Desember 2025" in text and "5 kab/kota terendah (dari 102)" in text
    assert embedded_fonts(reader) == {"SourceSans3", "SourceSans3Bold"}
    artifact("kanwil_sulama_2025-12_id.png").write_bytes(made.png)


def test_an_unknown_kanwil_is_refused(default_db):
    with pytest.raises(BriefingError, match="'NOWHERE' is unknown"):
        kanwil_briefing.load(runner(default_db), "NOWHERE", DECEMBER)


def test_the_briefing_page_makes_a_kanwil_page(app_env):
    at = run_page("briefing", scope="kanwil", kanwil="BANUSPA", period="2025-12-01")
    assert not at.exception
    assert at.radio(key="briefing_scope").value == "kanwil"
    assert at.selectbox(key="briefing_kanwil").value == "BANUSPA"
    assert [b.proto.label for b in at.get("download_button")] == ["Unduh PDF (A4)", "Unduh PNG"]


# --- the map: one map of the whole Kanwil, or one panel per province ------------------------------

def test_panels_fill_the_width_row_by_row_and_the_layout_with_the_largest_smallest_panel_wins():
    Panel = kanwil_briefing.Panel
    # Aspects 2 and 1, 310 px wide, gaps of 10 px, names 14 px. Side by side: height (310 - 10) / 3 = 100,
    # so 200 × 100 and 100 × 100 (smallest 10.000 px²). Stacked, 155 + 310 px tall plus two names and a
    # gap: 503 px, more than 150, so shrunk to (150 - 38) / 465 of that: 74,7 × 37,3 px. Side by side wins.
    assert kanwil_briefing.panel_layout({"a": 2.0, "b": 1.0}, 310, 150) == [
        Panel("a", 0.0, 14.0, 200.0, 100.0), Panel("b", 210.0, 14.0, 100.0, 100.0)]
    # At 300 px tall the stacked rows shrink by 262 / 465 only: 174,7 × 87,3 and 147,6 × 147,6 px, whose
    # smaller (15.254 px²) beats side by side; each row is centred.
    stacked = kanwil_briefing.panel_layout({"a": 2.0, "b": 1.0}, 310, 300)
    shrink = 262 / 465
    expected = [Panel("a", (310 - 310 * shrink) / 2, 14.0, 310 * shrink, 155 * shrink),
                Panel("b", (310 - 310 * shrink) / 2, 14.0 + 155 * shrink + 10 + 14, 310 * shrink, 310 * shrink)]
    for got, want in zip(stacked, expected, strict=True):
        assert got.province == want.province
        assert (got.x, got.y, got.w, got.h) == pytest.approx((want.x, want.y, want.w, want.h))


def test_row_splits_keep_the_order():
    assert list(kanwil_briefing.row_splits(1)) == [[[0]]]
    assert sorted(kanwil_briefing.row_splits(3)) == sorted([[[0, 1, 2]], [[0, 1], [2]], [[0], [1, 2]], [[0], [1], [2]]])


@pytest.fixture(scope="module")
def regency_layer():
    return load_layer(ROOT / "geo", "regency")


def test_far_flung_kanwils_get_a_map_per_province_and_one_island_keeps_one_map(default_db, regency_layer):
    plans = {}
    for code in db.run_query(default_db, "kanwils")["kanwil_code"].to_list():
        data = kanwil_briefing.load(runner(default_db), code, DECEMBER)
        plans[code] = kanwil_briefing.map_plan(data, regency_layer)[2]
    # Bali to Papua, Sulawesi to Maluku, and Yogyakarta beside the far larger Jawa Tengah.
    assert {code for code, panels in plans.items() if panels} >= {"BANUSPA", "SULAMA", "JATENG_DIY"}
    # One island (or one province): the whole map.
    for code in ("KALIMANTAN", "SUMBAGSEL", "DKI", "JABAR", "JATIM", "BANTEN"):
        assert plans[code] is None, code
    assert [p.province for p in plans["BANUSPA"]] == ["51", "52", "53", "91", "92", "93", "94", "95", "96"]


def test_bali_is_readable_on_the_banuspa_map(default_db, regency_layer):
    data = kanwil_briefing.load(runner(default_db), "BANUSPA", DECEMBER)
    width, height, panels = kanwil_briefing.map_plan(data, regency_layer)
    bali = next(p for p in panels if p.province == "51")
    # On one map of Banuspa, Bali takes its share of the Kanwil's east-west span (about 2° of 27°).
    bounds = [b for c, b in regency_layer.bounds.items() if c.split(".")[0] in set(data.provinces["area_code"])]
    span = max(b[2] for b in bounds) - min(b[0] for b in bounds)
    bali_span = (max(b[2] for c, b in regency_layer.bounds.items() if c.startswith("51."))
                 - min(b[0] for c, b in regency_layer.bounds.items() if c.startswith("51.")))
    assert bali.w >= 3 * width * bali_span / span
    # The panels stay inside the map and never overlap.
    for p in panels:
        assert 0 <= p.x and p.x + p.w <= width + 1e-6 and 0 <= p.y and p.y + p.h <= height
    for a, b in itertools.combinations(panels, 2):
        assert a.x + a.w <= b.x + 1e-6 or b.x + b.w <= a.x + 1e-6 or a.y + a.h <= b.y + 1e-6 or b.y + b.h <= a.y + 1e-6


def test_the_panels_share_one_colour_scale_and_name_their_province(default_db, regency_layer):
    data = kanwil_briefing.load(runner(default_db), "BANUSPA", DECEMBER)
    fig = kanwil_briefing.figures(data, regency_layer, "id")["map"]
    areas = [tr for tr in fig.data if tr.type == "choropleth" and tr.customdata is not None]
    # Each province's kab/kota on its own map (geo, geo2, ... geo9), every one of them once.
    by_geo = {}
    for trace in areas:
        by_geo.setdefault(trace.geo, set()).update(trace.locations)
    assert len(by_geo) == 9
    assert sorted(c for codes in by_geo.values() for c in codes) == sorted(data.regencies["area_code"])
    for codes in by_geo.values():
        assert len({c.split(".")[0] for c in codes}) == 1
    # One colour range for all: the Kanwil's lowest and highest rate, out to whole 5 points.
    rates = data.regencies["rate_pct"].drop_nulls()
    low, high = 5 * math.floor(min(rates) / 5), 5 * math.ceil(min(max(rates), 100) / 5)
    assert {(tr.zmin, tr.zmax) for tr in areas} == {(low, high)}
    assert [tr.showscale is not False for tr in areas].count(True) == 1  # plotly shows a scale unless told not to
    names = [a.text.removeprefix("<b>").removesuffix("</b>") for a in fig.layout.annotations]
    assert sorted(names) == sorted(data.provinces["area_name"])


@pytest.mark.parametrize("lang, note", [
    ("id", "satu peta per provinsi, masing-masing dengan skala jaraknya sendiri; satu skala warna"),
    ("en", "one map per province, each at its own distance scale; one colour scale"),
])
def test_the_finished_banuspa_page_says_its_maps_are_per_province(default_db, regency_layer, lang, note):
    data = kanwil_briefing.load(runner(default_db), "BANUSPA", DECEMBER)
    layer = regency_layer_subset(regency_layer, frozenset(data.provinces["area_code"]))
    made = kanwil_briefing.build(data, layer, lang)
    assert made.overflows == ()
    reader = PdfReader(io.BytesIO(made.pdf))
    assert len(reader.pages) == 2 and len(reader.pages[0].images) == 1  # the second page: its sources
    # The PNG shows both A4 pages at 150 dpi (8,27 × 11,69 in: 1241 × 1754 px), a 15 px band between.
    from PIL import Image

    assert Image.open(io.BytesIO(made.png)).size == (1241, 2 * 1754 + 15)
    text = " ".join(reader.pages[0].extract_text().split())
    assert note in text
    artifact(f"kanwil_banuspa_2025-12_{lang}.png").write_bytes(made.png)


def test_a_shorter_province_table_leaves_its_room_to_the_map():
    nine, one = kanwil_briefing.boxes(9), kanwil_briefing.boxes(1)
    assert nine == kanwil_briefing.BOX  # Banuspa and Sulama: the table fills its box as before
    # One province: 8 rows of 4,6 mm fewer, and the map starts that much higher and ends where it did.
    assert one["provinces"][3] == pytest.approx(62.0 - 8 * 4.6)
    # (the map starts at 134 mm: the story above the table has room for a third line, review 3 F9)
    assert one["map"][1] == pytest.approx(134.0 - 8 * 4.6)
    assert one["map"][1] + one["map"][3] == pytest.approx(217.0)


def test_the_sources_page_numbers_every_source_with_its_address(default_db):
    data = kanwil_briefing.load(runner(default_db), "BANUSPA", DECEMBER)
    pdf, overflows = kanwil_briefing.compose(data, None, "id", "credit", date(2026, 1, 5))
    assert overflows == []
    first, second = (" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    # Page 1 names the sources it has room for and says where the rest are, never "see the app".
    assert "semua sumber dengan alamatnya ada di halaman 2" in first
    assert "Halaman 1 ringkasan, halaman 2 sumber" in first
    # Page 2: every source numbered 1..n, n as its introduction states.
    n = data.sources.height
    assert f"Setiap sumber angka, target dan data pada halaman 1 ({n})" in second
    numbers = [int(word[:-1]) for word in second.split() if word[:-1].isdigit() and word.endswith(".")]
    assert [k for k in numbers if k <= n] == list(range(1, n + 1))
    flat = second.replace(" ", "")
    for title in data.sources["title"]:
        assert title.replace(" ", "") in flat
    # The province table compares NTB with Pemprov NTB's target: that target's own source is cited.
    ntb_target = default_db.execute("""
        select s.title, s.url from target join source as s using (source_id)
        where area_level = 'province' and area_code = '52' and metric = 'coverage_rate' and basis = 'ucj'
        order by due_period limit 1""").fetchone()
    assert ntb_target[0].replace(" ", "") in flat and ntb_target[1] in flat
    # Every source of Banuspa has its address: the Jarrakpos article (June 2024) with its own, and
    # no "alamat tidak tercatat" (which this check once found only through the Radar Lombok article's
    # second record without its address, review 3 F17).
    jarrakpos = default_db.execute("select url from source where title like '%Jarrakpos%'").fetchone()[0]
    assert "Jarrakpos" in second and jarrakpos in flat
    assert "alamat tidak tercatat" not in second
    # Its kind and the month its figures refer to, in words: Suara NTB's 33,25% is August 2025's.
    as_of = default_db.execute("select as_of from source where url = 'https://suarantb.com/?p=82090'").fetchone()
    assert as_of == ("2025-08",) and "(terbit; angka per Agustus 2025)" in second


SETTERS = """
    -- The provinces' own UCJ coverage targets still due in the month, straight from the target table.
    select distinct t.set_by
    from target as t join province as p on p.province_code = t.area_code
    where t.area_level = 'province' and t.metric = 'coverage_rate' and t.basis = 'ucj'
        and p.kanwil_code = $k and t.due_period >= $month
    order by 1
"""


@pytest.mark.parametrize("lang, word", [("id", "Penetap:"), ("en", "Set by:")])
def test_the_targets_note_names_setters_only_when_there_are_some(default_db, lang, word):
    # Review 3, F12: Jawa Barat's page read "Penetap: –." with no province target; the sentence goes.
    seen = set()
    for code in db.run_query(default_db, "kanwils")["kanwil_code"].to_list():
        setters = [r[0] for r in default_db.execute(SETTERS, {"k": code, "month": DECEMBER}).fetchall()]
        data = kanwil_briefing.load(runner(default_db), code, DECEMBER)
        pdf, _ = kanwil_briefing.compose(data, None, lang, "credit", date(2026, 1, 5))
        text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
        if setters:
            assert f"{word} {'; '.join(setters)}." in text
        else:
            assert word not in text
        seen.add(bool(setters))
    assert seen == {True, False}  # both cases occur in the default data


PROVINCE_SUMS = """
    select p.province_code, p.name,
        (select sum(m.active_participants) from membership as m join regency as r using (regency_code)
         where r.province_code = p.province_code and m.period = $month),
        (select sum(w.workers) from workforce as w join regency as r using (regency_code)
         where r.province_code = p.province_code and w.period = $month and w.basis = 'ucj')
    from province as p where p.kanwil_code = $k order by p.province_code
"""


def test_the_page_names_provinces_whose_participants_and_coverage_moved_apart(default_db):
    # Review 3, F10: a province's rate rose while its participants fell; the Kanwil page's table shows
    # only the rate's change, so the sentence under the figures names such provinces.
    now = default_db.execute(PROVINCE_SUMS, {"k": "BANUSPA", "month": DECEMBER}).fetchall()
    before = {r[0]: r for r in default_db.execute(PROVINCE_SUMS, {"k": "BANUSPA", "month": date(2024, 12, 1)}).fetchall()}
    fell_rose, rose_fell = [], []
    for code, name, active, workers in now:
        _, _, active0, workers0 = before[code]
        change, points = active - active0, 100.0 * active / workers - 100.0 * active0 / workers0
        if change < 0 < points:
            fell_rose.append(name)
        elif points < 0 < change:
            rose_fell.append(name)
    assert fell_rose or rose_fell  # December 2025 has some (Nusa Tenggara Timur's rose as it lost members)
    data = kanwil_briefing.load(runner(default_db), "BANUSPA", DECEMBER)
    pdf, overflows = kanwil_briefing.compose(data, None, "id", "credit", date(2026, 1, 5))
    assert overflows == []
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    for names, words in ((fell_rose, "peserta aktif berkurang dalam 12 bulan tetapi cakupan naik"),
                         (rose_fell, "peserta aktif bertambah dalam 12 bulan tetapi cakupan turun")):
        if names:
            # "Di A, B dan C …", in whatever order the page lists them.
            match = re.search(r"Di ([^.:]*?) " + re.escape(words), text)
            assert match, words
            assert set(re.split(r", | dan ", match.group(1))) == set(names)
        else:
            assert words not in text


@pytest.mark.parametrize("lang, rate, active", [("id", "Tingkat cakupan · sintetis", "Sintetis · "),
                                                ("en", "Coverage rate · synthetic", "Synthetic · ")])
def test_the_boxes_name_their_kind_as_the_province_briefing_does(default_db, lang, rate, active):
    """Banuspa in December 2025 is the default data's synthetic fill (no province of it published
    that month): the province briefing says so in its boxes, the Kanwil's did not."""
    data = kanwil_briefing.load(runner(default_db), "BANUSPA", DECEMBER)
    pdf, overflows = kanwil_briefing.compose(data, None, lang, "credit", date(2026, 1, 5))
    assert overflows == []
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert rate in text and active in text
