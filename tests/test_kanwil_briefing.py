"""The Kanwil briefing: one A4 page on a whole regional office, its figures summed from its kab/kota."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from cakupan import db
from cakupan.boundaries import load_layer
from cakupan.reports import kanwil_briefing
from cakupan.reports.briefing import BriefingError, regency_layer_subset
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
    assert kanwil_briefing.story(change, lang) == expected


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_kanwil_fits_one_page(default_db, lang):
    kanwils = db.run_query(default_db, "kanwils")["kanwil_code"].to_list()
    assert len(kanwils) == 11
    problems = {}
    for code in kanwils:
        data = kanwil_briefing.load(runner(default_db), code, DECEMBER)
        pdf, overflows = kanwil_briefing.compose(data, None, lang, "credit", date(2026, 1, 5))
        assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
        if overflows:
            problems[code] = overflows
    assert problems == {}


def test_the_finished_kanwil_page(default_db):
    data = kanwil_briefing.load(runner(default_db), "SULAMA", DECEMBER)
    layer = regency_layer_subset(load_layer(ROOT / "geo", "regency"), frozenset(data.provinces["area_code"]))
    made = kanwil_briefing.build(data, layer, "id")
    assert made.overflows == ()
    reader = PdfReader(io.BytesIO(made.pdf))
    assert len(reader.pages) == 1 and len(reader.pages[0].images) == 1
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
