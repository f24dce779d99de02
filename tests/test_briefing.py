"""The Ringkasan Pimpinan: its queries on hand-made rows, a clean one-page layout for every
province, and the finished PDF/PNG for NTB, Jawa Timur and DKI Jakarta."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import duckdb
import polars as pl
import pytest
from pypdf import PdfReader

from cakupan import db, fmt
from cakupan.__main__ import main
from cakupan.boundaries import load_layer
from cakupan.db import create_schema
from cakupan.reports import briefing, kanwil_briefing, render
from conftest import PROVINCE_SUMS, ROOT, artifact

APRIL = date(2025, 4, 1)
DECEMBER = date(2025, 12, 1)
A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def briefing_db(tmp_path_factory):
    """The shared fixture rows plus tests/fixture_briefing.sql, in a database of its own."""
    path = tmp_path_factory.mktemp("briefing") / "briefing.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con)
    con.execute((ROOT / "tests" / "fixture_rows.sql").read_text())
    con.execute((ROOT / "tests" / "fixture_briefing.sql").read_text())
    con.close()
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def runner(con):
    return lambda name, **params: db.run_query(con, name, **params)


@pytest.fixture(scope="module")
def regency_layer():
    return load_layer(ROOT / "geo", "regency")


# --- queries on the fixture rows -----------------------------------------------------------

def test_province_targets_own_then_kanwil_then_national_with_the_actual_value(briefing_db):
    frame = db.run_query(briefing_db, "province_targets", province="52", period=APRIL)
    # Expired (3), other province (6) and a national non-rate target (5) are left out.
    assert frame["target_id"].to_list() == [1, 2, 7, 4]
    rate = 100.0 * 700 / (600 + 600 + 400 + 500)  # active 330+120+250 over the ucj workforce
    assert frame["actual"].to_list() == pytest.approx([rate, 90 + 30, rate, rate])
    assert frame["achieved_pct"].to_list() == pytest.approx(
        [100 * rate / 62.22, 100 * 120 / 500, 100 * rate / 40.0, 100 * rate / 32.15])
    assert frame["gap"].to_list() == pytest.approx([rate - 62.22, -380, rate - 40.0, rate - 32.15])
    # Active is anchored (published) but the ucj workforce is synthetic; enrolment rows are synthetic.
    assert frame["actual_synthetic"].to_list() == [True, True, True, True]
    assert frame["target_synthetic"].to_list() == [False, False, True, False]
    assert frame["source"].to_list()[0] == "Target source T"


def test_province_with_no_target_of_its_own_still_sees_the_national_one(briefing_db):
    frame = db.run_query(briefing_db, "province_targets", province="53", period=APRIL)
    assert frame["target_id"].to_list() == [6, 7, 4]
    assert frame["actual"][2] == pytest.approx(100.0 * 100 / 1000)


@pytest.mark.parametrize("basis, formal, informal", [("ucj", 1200, 900), ("bps", 2500, 2500)])
def test_province_segments_divide_by_their_own_sector(briefing_db, basis, formal, informal):
    frame = db.run_query(briefing_db, "province_segments", province="52", period=APRIL, basis=basis)
    assert frame.select("segment", "active", "sector", "sector_workers").rows() == [
        ("PU", 580, "formal", formal), ("BPU", 120, "informal", informal)]
    assert frame["share_pct"].to_list() == pytest.approx([100 * 580 / 700, 100 * 120 / 700])
    assert frame["sector_rate_pct"].to_list() == pytest.approx([100 * 580 / formal, 100 * 120 / informal])


def test_province_enterprise_members_by_kind_and_enrolment_against_the_base(briefing_db):
    frame = db.run_query(briefing_db, "province_enterprise", province="52", period=APRIL)
    assert frame.select("enterprise_kind", "active", "enterprises", "enrolled").rows() == [
        ("umkm", 120, 500, 120), ("koperasi", 0, 40, 10), ("lainnya", 580, None, None)]
    assert frame["share_pct"].to_list() == pytest.approx([100 * 120 / 700, 0.0, 100 * 580 / 700])
    assert frame["enrolled_pct"].to_list()[:2] == pytest.approx([24.0, 25.0])
    assert frame["base_published"].to_list() == [False, False, None]


def test_province_sources_published_first(briefing_db):
    frame = db.run_query(briefing_db, "province_sources", province="52", period=APRIL, basis="ucj")
    assert frame.select("source_id", "title", "kind", "as_of").rows() == [
        (1, "Published A", "published", "2025-04"), (2, "Synthetic fill", "synthetic", None)]


# --- loading and layout --------------------------------------------------------------------

def test_load_gathers_the_page_and_flags_synthetic_data(briefing_db):
    data = briefing.load(runner(briefing_db), "52", APRIL)
    assert data.province_name == "Nusa Tenggara Barat"
    assert data.headline["rate_pct"] == pytest.approx(100.0 * 700 / 2100)
    assert data.headline["active_change"] == 700 - 600
    assert data.regencies["area_code"].to_list() == ["52.71", "52.01"]
    assert data.trend["period"].to_list() == [date(2024, 4, 1), APRIL]
    assert data.sources["title"].to_list() == ["Published A", "Synthetic fill", "Target source T"]
    assert data.synthetic


@pytest.mark.parametrize("province, period, message", [
    ("99", APRIL, "province code '99' is unknown"),
    ("52", date(2023, 1, 1), "no coverage data for province 52"),
])
def test_load_explains_what_is_missing(briefing_db, province, period, message):
    with pytest.raises(briefing.BriefingError, match=message):
        briefing.load(runner(briefing_db), province, period)


@pytest.mark.parametrize("name, short", [
    ("Kabupaten Lombok Barat", "Kab. Lombok Barat"),
    ("Kabupaten Administrasi Kepulauan Seribu", "Kab. Adm. Kepulauan Seribu"),
    ("Kota Administrasi Jakarta Pusat", "Kota Adm. Jakarta Pusat"),
    ("Kota Mataram", "Kota Mataram"),
])
def test_short_names(name, short):
    assert briefing.short_name(name) == short


@pytest.mark.parametrize("n, labelled", [(6, {1, 2, 3, 4, 5, 6}), (38, {1, 2, 3, 4, 5, 34, 35, 36, 37, 38})])
def test_map_labels_only_the_ranks_listed_beside_it(n, labelled):
    assert briefing.labelled_ranks(n) == labelled


@pytest.mark.parametrize("low, high, ticks", [(15, 70, [20, 40, 60]), (55, 100, [60, 70, 80, 90, 100]),
                                              (30, 35, [30, 35])])
def test_colour_bar_ticks_are_round(low, high, ticks):
    assert briefing.nice_ticks(low, high) == ticks


def test_fixture_page_is_one_clean_a4_page(briefing_db):
    data = briefing.load(runner(briefing_db), "52", APRIL)
    pdf, overflows = briefing.compose(data, None, "id", "Batas wilayah: perkiraan.", date(2025, 5, 1))
    assert overflows == []
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert [round(float(v), 2) for v in reader.pages[0].mediabox[2:]] == list(A4_POINTS)
    text = reader.pages[0].extract_text()
    for expected in ("Nusa Tenggara Barat", "33,33%", "Pemprov NTB", "62,22%", "UMKM terdaftar: 120 dari 500",
                     "Published A", "DATA SINTETIS", "Batas wilayah: perkiraan."):
        assert expected in text


def test_every_province_fits_its_page_in_both_languages(default_db):
    """Text layout only (no charts): names, rankings, targets and sources never overflow."""
    run = runner(default_db)
    codes = db.run_query(default_db, "area_coverage", period=DECEMBER, basis="ucj", level="province",
                         province="all", segment="all", kind="all")["area_code"].to_list()
    assert len(codes) == 38
    pages = [briefing.load(run, code, DECEMBER) for code in codes]
    credit = {lang: load_layer(ROOT / "geo", "regency").credit[lang] for lang in ("id", "en")}
    problems = {}
    for lang in ("id", "en"):
        for code, overflows in briefing.check_layout(pages, lang, credit[lang]).items():
            problems[(code, lang)] = overflows
    assert problems == {}


def test_a_very_long_province_name_still_fits(default_db):
    data = briefing.load(runner(default_db), "35", DECEMBER)
    long = replace(data, province_name="Provinsi Kepulauan Bangka Belitung Dan Sekitarnya Yang Panjang Sekali")
    _, overflows = briefing.compose(long, None, "id", "credit", date(2026, 1, 5))
    assert overflows == []


# --- the finished briefing -----------------------------------------------------------------

@pytest.mark.parametrize("code, name, districts", [("52", "Nusa Tenggara Barat", 10), ("35", "Jawa Timur", 38),
                                                   ("31", "DKI Jakarta", 6)])
def test_finished_briefing_is_one_page_pdf_and_a_png(default_db, regency_layer, code, name, districts):
    data = briefing.load(runner(default_db), code, DECEMBER)
    assert data.regencies.height == districts
    made = briefing.build(data, briefing.regency_layer_subset(regency_layer, code), "id")
    assert made.overflows == ()
    reader = PdfReader(io.BytesIO(made.pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert name in text and "Desember 2025" in text
    assert made.png[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    width, height = Image.open(io.BytesIO(made.png)).size
    assert (round(width / 150 * 25.4), round(height / 150 * 25.4)) == (210, 297)  # A4 at 150 dpi
    pdf_path = artifact(f"briefing_{code}_id.pdf")
    pdf_path.write_bytes(made.pdf)
    if shutil.which("pdftoppm"):  # the page as a printer sees it, kept for a person to look at
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(pdf_path),
                        str(artifact(f"briefing_{code}_id_pdftoppm"))], check=True)


def test_ntb_briefing_shows_the_48000_ukm_base_and_its_target(default_db, regency_layer):
    data = briefing.load(runner(default_db), "52", DECEMBER)
    umkm = data.enterprise.filter(pl.col("enterprise_kind") == "umkm").row(0, named=True)
    assert umkm["enterprises"] == 48_000 and umkm["base_published"]
    own = data.targets.filter(pl.col("area_level") == "province")
    assert own.select("metric", "target_value").rows() == [("coverage_rate", 62.22), ("enrolled_umkm", 48_000.0)]
    pdf, overflows = briefing.compose(data, None, "en", "credit", date(2026, 1, 5))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "of 48,000" in text and "62.22%" in text and "SYNTHETIC DATA" in text
    assert overflows == []


def test_command_line_writes_pdf_and_png(default_db_path, tmp_path, capsys):
    code = main(["briefing", "--province", "52", "--period", "2025-12", "--lang", "en", "--db", str(default_db_path),
                 "--out", str(tmp_path)])
    assert code == 0
    assert (tmp_path / "ringkasan_52_2025-12_en.pdf").read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "ringkasan_52_2025-12_en.png").read_bytes()[:4] == b"\x89PNG"
    assert "52 Nusa Tenggara Barat" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["--province", "52", "--period", "2025-13"], "--period must be a month as YYYY-MM"),
    (["--period", "2025-12"], "name a province with --province CODE"),
    (["--province", "52", "--period", "2019-01"], "there is no data for 2019-01"),
    (["--province", "99", "--period", "2025-12"], "province code '99' is unknown"),
])
def test_command_line_explains_bad_input(default_db_path, tmp_path, capsys, args, message):
    assert main(["briefing", *args, "--db", str(default_db_path), "--out", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err


def test_briefing_charts_do_not_inherit_streamlits_template(briefing_db, regency_layer):
    import plotly.io as pio
    from streamlit.elements.lib.streamlit_plotly_theme import configure_streamlit_plotly_theme

    before = pio.templates.default
    configure_streamlit_plotly_theme()
    try:
        data = briefing.load(runner(briefing_db), "52", APRIL)
        figs = briefing.figures(data, briefing.regency_layer_subset(regency_layer, "52"), "id")
    finally:
        pio.templates.default = before
    assert set(figs) == {"map", "trend", "segments", "kinds"}
    for fig in figs.values():
        assert fig.layout.template.layout.colorway[0] != "#000001"
        assert fig.layout.separators == ",."


@pytest.mark.parametrize("lang, words", [("id", "dari peserta"), ("en", "of participants")])
def test_the_segment_bars_say_their_percentage_is_a_share_of_participants(briefing_db, regency_layer, lang, words):
    # The app's own segment bars print a coverage rate ("cakupan 43,2%"); the page's print a share,
    # and say so, as the overview's bars do.
    data = briefing.load(runner(briefing_db), "52", APRIL)
    bars = briefing.figures(data, briefing.regency_layer_subset(regency_layer, "52"), lang)["segments"]
    texts = [text for trace in bars.data for text in (trace.text or ()) if text]
    shares = data.segments["share_pct"].to_list()
    assert texts and all(words in text for text in texts)
    assert [text.split(" · ")[1].split(" ")[0] for text in texts] == [fmt.percent(v, lang) for v in shares]


MONTH_WORDS = {"id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                      "Oktober", "November", "Desember"],
               "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_printed_sources_give_their_date_in_words(default_db, lang):
    # NTB's sources run from 2021 to 2025; each is dated as the reader says a month ("Juni 2025"),
    # never as the stored code "2025-06" (review 2, finding 16). Years alone ("2023") stay.
    data = briefing.load(runner(default_db), "52", DECEMBER)
    dated = [a for a in data.sources["as_of"].to_list() if a and len(a) == 7]
    assert dated, "NTB's sources carry months"
    pdf, _ = briefing.compose(data, None, lang, "credit", date(2026, 1, 5))
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    small = text[text.index("Sumber:" if lang == "id" else "Sources:"):]
    import re

    assert not re.search(r"\b20\d\d-\d\d\b", small)
    # Listed as the Kanwil page lists them: the kind, then the month its figures refer to (review 3, F11).
    assert "(terbit; angka per " in small if lang == "id" else "(published; figures as of " in small
    # The first source listed (always printed) with its month spelled out: "2025-06" -> "Juni 2025".
    first = data.sources.row(0, named=True)
    if first["as_of"] and len(first["as_of"]) == 7:
        year, number = first["as_of"].split("-")
        assert f"{MONTH_WORDS[lang][int(number) - 1]} {year})" in small


@pytest.mark.parametrize("lang, enrol, footnote", [
    ("id", "target 48.000, tenggat diasumsikan Des 2025*", "* Sumber tidak menyebut tenggatnya; Cakupan mengasumsikan"),
    ("en", "target 48,000, due date assumed Dec 2025*", "* The source gives no due date; Cakupan assumes"),
])
def test_an_assumed_due_date_is_printed_as_an_assumption(default_db, lang, enrol, footnote):
    # The PKS of 12 Jan 2021 names 48.000 UKM but no deadline; December 2025 is Cakupan's
    # assumption (review 2, finding 10). Pemprov NTB's 62,22% has a due date of its own.
    data = briefing.load(runner(default_db), "52", DECEMBER)
    pdf, overflows = briefing.compose(data, None, lang, "credit", date(2026, 1, 5))
    assert overflows == []
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert enrol in text and footnote in text
    assert text.count("2025*") == 2  # the target table's UMKM row and the enrolment note, no other


# --- review 3: every source on the page (F11), participants and coverage moving apart (F10) ---------

# The addresses of NTB's two targets, as the targets' sources publish them (data/seeds/targets.csv):
# review 3 found them missing behind "dan 2 sumber lain (lihat aplikasi)".
NTB_TARGET_ADDRESSES = (
    "https://mataram.antaranews.com/berita/469281/pemprov-ntb-genjot-kepesertaan-bpjs-ketenagakerjaan-sektor-informal",
    "https://www.kabaran.id/2025/05/kemendagri-dorong-percepatan-jaminan-sosial-ketenagakerjaan.html",
    # The PKS's article, stored twice (once without its address): printed with it.
    "https://radarlombok.co.id/pekerja-koperasi-dan-ukm-dapat-perlindungan-sosial-ketenagakerjaan.html",
)


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("code", ["52", "53", "31", "92", "36"])  # 36 Banten: the most sources (8)
def test_the_one_page_lists_every_source_with_its_address(default_db, code, lang):
    data = briefing.load(runner(default_db), code, DECEMBER)
    pdf, overflows = briefing.compose(data, None, lang, "credit", date(2026, 1, 5))
    assert overflows == []
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "lihat aplikasi" not in text and "see the app" not in text and "sumber lain" not in text
    joined = text.replace(" ", "")
    for number, row in enumerate(data.sources.iter_rows(named=True), 1):
        assert f"{number}." in text
        if row["url"]:  # a long address is broken over lines: compared without the breaks
            assert row["url"] in joined, row["title"]
    if code == "52":
        # Seven, and since review 3 F5 the eighth: Kemendagri's 52,15% for 2025, printed beside RPJMN's.
        assert data.sources.height == 8
        assert any(title.startswith("Target UCJ nasional 2025 (Kemendagri)") for title in data.sources["title"])
        # The nation's targets of the briefing's own year only: RPJMN's 43,92% for 2029 is on Target.
        national = data.targets.filter(pl.col("area_level") == "national")
        assert sorted(national["target_value"]) == [32.15, 52.15]
        for url in NTB_TARGET_ADDRESSES:
            assert url in joined
        assert ("alamat tidak tercatat" if lang == "id" else "no address recorded") not in text


def test_the_small_print_grows_into_the_chart_rows_and_keeps_the_page(default_db):
    # Banten's eight sources need more than the small print's 31 mm: the map row gives way first,
    # the small print still ends at the bottom margin (297 - 8 mm), and no box overlaps the next.
    data = briefing.load(runner(default_db), "36", DECEMBER)
    box = briefing.layout(data, "id", "credit", date(2026, 1, 5))
    assert box["small"][1] < briefing.BOX["small"][1]
    assert box["small"][1] + box["small"][3] == pytest.approx(289.0)
    # The map row gives way first, down to what its eight kab/kota need (a heading, 9 rows of 4,5 mm
    # and the note's 12 mm); only then the trend row, and not below its floor. (Since review 3 F9
    # Banten's card also carries a line on its 12-month change across publications, so the map row
    # alone no longer makes the room.)
    assert box["map"][3] == pytest.approx(10.5 + 9 * 4.5 + 12.0)
    assert briefing.TREND_MIN_H <= box["trend"][3] < briefing.BOX["trend"][3]
    order = ["targets", "map", "trend", "enrol", "small"]
    for upper, lower in zip(order, order[1:]):
        assert box[upper][1] + box[upper][3] <= box[lower][1]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_card_says_its_rise_comes_from_fewer_workers(default_db, lang):
    # Review 3, F10: NTB read "+2,75 poin" while its active participants fell by 8.603. A card whose
    # rate rose as its participants fell says why, with the changes summed from the fact tables.
    # The province is found by that rule (December 2025 has one: Nusa Tenggara Timur).
    def changes(code: str) -> tuple[int, int, float]:
        now = default_db.execute(PROVINCE_SUMS, {"p": code, "month": DECEMBER}).fetchone()
        before = default_db.execute(PROVINCE_SUMS, {"p": code, "month": date(2024, 12, 1)}).fetchone()
        return now[0] - before[0], now[1] - before[1], 100.0 * now[0] / now[1] - 100.0 * before[0] / before[1]

    codes = [row[0] for row in default_db.execute("select province_code from province order by 1").fetchall()]
    moved_apart = [code for code in codes if changes(code)[0] < 0 < changes(code)[2]]
    assert moved_apart
    active, workers, points = changes(moved_apart[0])
    assert workers < 0  # a rate that rose over fewer participants: fewer workers still
    data = briefing.load(runner(default_db), moved_apart[0], DECEMBER)
    pdf, overflows = briefing.compose(data, None, lang, "credit", date(2026, 1, 5))
    assert overflows == []
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    if lang == "id":
        expected = (f"Dalam 12 bulan peserta aktif berkurang ({fmt.signed(active, 'id')} orang), tetapi cakupan naik "
                    f"({fmt.points(points, 'id', 2)}): jumlah pekerja yang menjadi pembagi turun lebih tajam "
                    f"({fmt.signed(workers, 'id')} orang).")
    else:
        expected = (f"Over 12 months active participants fell ({fmt.signed(active, 'en')} people), yet coverage rose "
                    f"({fmt.points(points, 'en', 2)}): the number of workers it divides by fell faster "
                    f"({fmt.signed(workers, 'en')} people).")
    assert expected in text


def test_no_sentence_when_participants_and_coverage_move_together(default_db):
    # Banten: participants and coverage both fell over 12 months; nothing to explain. (Its card still
    # has a story box since review 3 F9, for its change across publications; Jawa Tengah, whose
    # 12 months rest on one publication, has none.)
    data = briefing.load(runner(default_db), "36", DECEMBER)
    assert data.headline["active_change"] < 0 and data.headline["rate_change_pts"] < 0
    assert briefing.story(data.headline, "id") is None
    central = briefing.load(runner(default_db), "33", DECEMBER)
    assert central.headline["active_change"] < 0 and central.headline["rate_change_pts"] < 0
    assert "story" not in briefing.layout(central, "id", "credit", date(2026, 1, 5))


@pytest.mark.parametrize("lang, actual, progress, short, unit", [
    ("id", "Realisasi", "Capaian", "kurang", "poin"),
    ("en", "Actual", "Progress", "short by", "pts"),
])
def test_the_target_table_names_and_rounds_as_the_target_page_and_the_kanwil_briefing(default_db, lang, actual,
                                                                                       progress, short, unit):
    """NTB, December 2025, against Pemprov NTB's 62,22%. The Target page calls the rate 'Realisasi'
    and actual ÷ target 'Capaian (%)' to one decimal; this table called the rate 'Capaian', the
    share 'Tercapai' to no decimal (53%), and wrote the gap '-29,39 poin' where the Target page,
    Bandingkan and the Kanwil briefing write 'kurang 29,39 poin'."""
    active, workers = default_db.execute(PROVINCE_SUMS, {"p": "52", "month": DECEMBER}).fetchone()
    rate = 100.0 * active / workers
    comma = (lambda s: s.replace(".", ",")) if lang == "id" else (lambda s: s)
    gap_words = f"{short} {comma(f'{62.22 - rate:.2f}')} {unit}"
    share = comma(f"{100.0 * rate / 62.22:.1f}") + "%"
    data = briefing.load(runner(default_db), "52", DECEMBER)
    pdf, overflows = briefing.compose(data, None, lang, "credit", date(2026, 1, 5))
    assert overflows == []
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert f"Target {actual} {progress} " in text
    assert f"{comma(f'{rate:.2f}')}% {share} {gap_words}" in text
    assert "Tercapai" not in text and "Achieved" not in text
    kanwil = kanwil_briefing.load(runner(default_db), "BANUSPA", DECEMBER)
    kpdf, _ = kanwil_briefing.compose(kanwil, None, lang, "credit", date(2026, 1, 5))
    assert gap_words in " ".join(PdfReader(io.BytesIO(kpdf)).pages[0].extract_text().split())


@pytest.mark.parametrize("lang, names", [
    ("id", ["PU (penerima upah)", "BPU (bukan penerima upah)", "Jakon (jasa konstruksi)", "PMI (pekerja migran)"]),
    ("en", ["PU (wage earners)", "BPU (non-wage)", "Jakon (construction)", "PMI (migrant workers)"]),
])
def test_the_segment_bars_name_each_segment_as_the_app_does(briefing_db, regency_layer, lang, names):
    """BPU is 'bukan penerima upah' (non-wage) on the overview, Peta and Bandingkan; the page called
    it 'BPU (informal)', and Jakon 'Jakon (konstruksi)'."""
    data = briefing.load(runner(briefing_db), "52", APRIL)
    bars = briefing.figures(data, briefing.regency_layer_subset(regency_layer, "52"), lang)["segments"]
    shown = [name for trace in bars.data for name in (trace.y or ())]
    order = {"PU": 0, "BPU": 1, "JAKON": 2, "PMI": 3}
    assert sorted(shown) == sorted(names[order[s]] for s in data.segments["segment"])


def test_the_split_bars_print_their_labels_at_full_size(default_db, regency_layer):
    # plotly shrank a label taller than its bar: NTB's four segment bars printed "421.016 · 70,3% dari
    # peserta" at three quarters of the kinds' size. Every bar label is drawn at the 9 px set, unscaled.

    data = briefing.load(runner(default_db), "52", DECEMBER)
    figures = briefing.figures(data, regency_layer, "id")
    for name in ("segments", "kinds"):
        fig = figures[name]
        svg = render.render(fig, "svg", fig.layout.width, fig.layout.height).decode()
        labels = re.findall(r'<text class="bartext[^>]*>', svg)
        assert len(labels) == len(fig.data[0].x)
        assert all("font-size: 9px" in label and "scale(" not in label for label in labels), name


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_change_box_gives_a_published_month_as_its_source_printed_it(default_db, lang):
    # NTT's December 2024 is pinned to the 33% its source printed (no decimals): the change box of
    # December 2025 read "Cakupan Des 2024: 33,00%" above the trend's diamond labelled "33%". NTB's
    # December 2024 is a synthetic month: its rate, summed from the fact tables, to two decimals.
    year_ago = date(2024, 12, 1)
    for code, expected in (("53", "33%"), ("52", None)):
        if expected is None:
            active, workers = default_db.execute(PROVINCE_SUMS, {"p": code, "month": year_ago}).fetchone()
            expected = fmt.percent(100.0 * active / workers, lang, 2)
        data = briefing.load(runner(default_db), code, DECEMBER)
        pdf, overflows = briefing.compose(data, None, lang, "credit", date(2026, 1, 5))
        assert overflows == []
        text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
        words = "Cakupan Des 2024:" if lang == "id" else "Coverage in Dec 2024:"
        assert f"{words} {expected} " in text


def test_a_published_last_month_is_labelled_once_on_the_trend(default_db):
    # NTT's briefing of December 2024, the month pinned to its source's "33%": the last point had
    # that diamond's "33%" and a bold "33,00%" on it. A synthetic last month (December 2025) keeps
    # its bold label, its rate summed from the fact tables, to two decimals.
    def labels(period: date) -> list[str]:
        data = briefing.load(runner(default_db), "53", period)
        fig = briefing.trend_chart(data.trend, None, "ucj", "id", 400, 200)
        texts = [a.text for a in fig.layout.annotations]
        texts += [text for trace in fig.data if trace.text is not None for text in trace.text]
        return texts

    december_2024 = labels(date(2024, 12, 1))
    assert "33%" in december_2024
    assert not any("33,00%" in text for text in december_2024)
    active, workers = default_db.execute(PROVINCE_SUMS, {"p": "53", "month": DECEMBER}).fetchone()
    assert f"<b>{fmt.percent(100.0 * active / workers, 'id', 2)}</b>" in labels(DECEMBER)


@pytest.mark.parametrize("lang, umkm, koperasi", [
    ("id", "Basis: terbit. Jumlah terdaftar: sintetis · target 48.000", "Basis: sintetis. Jumlah terdaftar: sintetis"),
    ("en", "Base: published. Enrolled count: synthetic · target 48,000", "Base: synthetic. Enrolled count: synthetic"),
])
def test_the_enrolment_lines_say_the_enrolled_count_is_synthetic(default_db, lang, umkm, koperasi):
    # NTB's 48.000 UKM base is published (the PKS article); how many have enrolled is not published
    # anywhere, and the default data makes it up. The line said only "basis: angka terbit" under
    # "UMKM terdaftar: 22.663 dari 48.000". The words are the Koperasi & UMKM page's.
    flags = default_db.execute("""
        select e.enterprise_kind, bool_or(e.is_synthetic) from enterprise as e
        join regency as r using (regency_code)
        where r.province_code = '52' and e.period = $month group by 1""", {"month": DECEMBER}).fetchall()
    assert dict(flags) == {"umkm": True, "koperasi": True}
    data = briefing.load(runner(default_db), "52", DECEMBER)
    pdf, overflows = briefing.compose(data, None, lang, "credit", date(2026, 1, 5))
    assert overflows == []
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert umkm in text and koperasi in text
