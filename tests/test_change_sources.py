"""A 12-month change computed across figures from different publications says so beside it (review 3
F9: Papua Barat's "-28,35 poin" ran from Merdeka's count of December 2024 to ANTARA's of June 2025)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from cakupan import db, fmt
from cakupan.provenance import change_note, change_sources, change_story
from cakupan.reports import briefing, kanwil_briefing
from conftest import run_page

DECEMBER = date(2025, 12, 1)
# Papua Barat's own published totals from December 2024 to December 2025, straight from the tables.
PUBLISHED = """
    select distinct s.title from anchor as a join source as s using (source_id)
    where a.area_code = $code and a.measure in ('active', 'workers_ucj')
      and a.period between date '2024-12-01' and date '2025-12-01' and s.kind <> 'import'
    order by 1
"""


def runner(con):
    return lambda name, **params: db.run_query(con, name, **params)


def text_of(pdf: bytes, page: int = 0) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[page].extract_text().split())


@pytest.mark.parametrize("row, part, expected", [
    # two publications behind the members: both the rate's and the people's change
    ({"active_sources_12m": ["A (Merdeka)", "B (ANTARA)"], "workers_sources_12m": None}, None,
     ("A (Merdeka)", "B (ANTARA)")),
    ({"active_sources_12m": ["A (Merdeka)", "B (ANTARA)"], "workers_sources_12m": None}, "active",
     ("A (Merdeka)", "B (ANTARA)")),
    # two behind the workers only: the rate's change, not the people's
    ({"active_sources_12m": ["A"], "workers_sources_12m": ["C", "D"]}, None, ("C", "D")),
    ({"active_sources_12m": ["A"], "workers_sources_12m": ["C", "D"]}, "active", ()),
    # one publication per part (even a different one per part), or none: nothing to say
    ({"active_sources_12m": ["A"], "workers_sources_12m": ["C"]}, None, ()),
    ({}, None, ()),
])
def test_the_rule_asks_for_two_publications_behind_one_part(row, part, expected):
    assert change_sources(row, part) == expected
    assert (change_note(row, "id", part) is not None) == bool(expected)


def test_the_sentence_names_the_publications_by_their_short_names():
    row = {"active_sources_12m": ["151.371 Pekerja di Papua Barat (Merdeka)", "Realisasi klaim (ANTARA)"]}
    assert change_story(row, "id") == ("† Angka 12 bulan ini berasal dari 2 publikasi berbeda (Merdeka; ANTARA): "
                                       "perubahannya bisa mencerminkan pergantian sumber, bukan tren.")
    assert change_story(row, "en").startswith("† The figures over these 12 months come from 2 different "
                                              "publications (Merdeka; ANTARA)")
    assert change_story({"active_sources_12m": ["only (Merdeka)"]}, "id") is None


def test_papua_barat_december_2025_rests_on_two_publications(default_db):
    published = [r[0] for r in default_db.execute(PUBLISHED, {"code": "92"}).fetchall()]
    assert len(published) == 2 and any("(Merdeka)" in p for p in published) and any("(ANTARA)" in p for p in published)
    rows = db.run_query(default_db, "change_sources", level="province", period=DECEMBER, basis="ucj",
                        province="all", segment="all", kind="all")
    by_code = {r["area_code"]: r for r in rows.iter_rows(named=True)}
    assert sorted(change_sources(by_code["92"])) == published
    # Papua Pegunungan (95) has no published figure in the 12 months: its change is the demo fill's.
    assert default_db.execute(PUBLISHED, {"code": "95"}).fetchall() == []
    assert change_sources(by_code["95"]) == ()


def december_rates(con, code: str) -> dict:
    """A province's December 2025 row (rate, 12-month change) as the coverage query returns it."""
    rows = db.run_query(con, "area_coverage", level="province", period=DECEMBER, basis="ucj", province="all",
                        segment="all", kind="all")
    return rows.filter(rows["area_code"] == code).row(0, named=True)


@pytest.mark.parametrize("lang, sentence", [
    ("id", "† Di Nusa Tenggara Timur, Nusa Tenggara Barat dan Papua Barat angka 12 bulan berasal "
     "dari publikasi berbeda: perubahannya bisa mencerminkan pergantian sumber, bukan tren."),
    ("en", "† For Nusa Tenggara Timur, Nusa Tenggara Barat and Papua Barat the figures over 12 "
     "months come from different publications: the change may reflect the change of source, not a trend."),
])
def test_the_kanwil_briefing_marks_the_change_and_says_why(default_db, lang, sentence):
    data = kanwil_briefing.load(runner(default_db), "BANUSPA", DECEMBER)
    pdf, overflows = kanwil_briefing.compose(data, None, lang, "credit", date(2026, 1, 5))
    assert overflows == []
    text = text_of(pdf)
    papua_barat = december_rates(default_db, "92")
    # the rate and its change as printed elsewhere, then the mark
    assert (f"Papua Barat {fmt.percent(papua_barat['rate_pct'], lang, 2)} "
            f"{fmt.points(papua_barat['rate_change_pts'], lang, 2)}†") in text
    assert sentence in text
    # Papua Pegunungan's change rests on no publication: printed without the mark
    pegunungan = fmt.points(december_rates(default_db, "95")["rate_change_pts"], lang, 2)
    assert pegunungan in text and f"{pegunungan}†" not in text


def test_the_province_briefing_marks_both_changes_and_names_the_publications(default_db):
    data = briefing.load(runner(default_db), "92", DECEMBER)
    pdf, overflows = briefing.compose(data, None, "id", "credit", date(2026, 1, 5))
    assert overflows == []
    text = text_of(pdf)
    assert fmt.points(december_rates(default_db, "92")["rate_change_pts"], "id", 2) in text
    assert "bulan · beda sumber†" in text and "55,02% · beda sumber†" in text
    assert ("† Angka 12 bulan ini berasal dari 2 publikasi berbeda (Merdeka; ANTARA): perubahannya bisa "
            "mencerminkan pergantian sumber, bukan tren.") in text


def test_tinjauan_wilayah_says_it_beside_the_change(app_env):
    at = run_page("wilayah", kanwil="BANUSPA", period="2025-12-01", rank_level="province")
    assert not at.exception
    tables = [d.value for d in at.dataframe if "Catatan perubahan 12 bln" in d.value.columns]
    assert tables, "the ranking table has no change note column"
    notes = dict(zip(tables[0]["Wilayah"],
                     tables[0]["Catatan perubahan 12 bln"]))
    assert notes["Papua Barat"] == "beda sumber; belum tentu tren"  # the column's help says the rest
    assert notes["Papua Pegunungan"] == "–"  # no publication behind its change: nothing to say


def test_peta_marks_a_12_month_change_across_publications_in_the_hover_and_names_it(app_env):
    import json

    at = run_page("peta", level="province", metric="change_12m", period="2025-12-01")
    assert not at.exception
    notes = " ".join(c.value for c in at.caption)
    assert "angka 12 bulan berasal dari publikasi berbeda" in notes and "Papua Barat" in notes
    assert "Papua Pegunungan" not in notes  # its change is the demo fill's: no publication behind it
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    hovers = {cells[0]: " ".join(str(c) for c in cells) for trace in spec["data"] if trace.get("customdata")
              for cells in trace["customdata"]}
    assert "† angka 12 bulan dari publikasi berbeda" in hovers["Papua Barat"].replace("<br>", " ")
    assert "†" not in hovers["Papua Pegunungan"]
    # Another measure asks nothing of it: no mark, no note.
    rate = run_page("peta", level="province", metric="rate", period="2025-12-01")
    assert "publikasi berbeda" not in " ".join(c.value for c in rate.caption)
