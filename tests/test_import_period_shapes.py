"""Cells as Indonesian offices write them: periods in a Bulan column (day-first dates, half-years
and quarters, 'per'/'s.d.' before the month) and figures copied from an article with their word
('39.695 orang', '24,62 persen'). Each expected value is read off the text by hand."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from cakupan.__main__ import main
from cakupan.importer.values import ambiguous_date, parse_period
from import_support import copy_db, table_checksums


@pytest.mark.parametrize("text, expected", [
    # A spreadsheet's date, day first (Indonesian) or month first (US): the number over 12 is the day.
    ("31/08/2025", date(2025, 8, 1)), ("31-08-2025", date(2025, 8, 1)), ("31.08.2025", date(2025, 8, 1)),
    ("08/31/2025", date(2025, 8, 1)), ("30/09/2024", date(2024, 9, 1)), ("Per 31/07/2024", date(2024, 7, 1)),
    ("30/02/2025", None), ("01/08/2025", None), ("12/11/2025", None),
    # A half-year or a quarter is its last month: a stock figure is counted at the period's end.
    ("Semester I 2025", date(2025, 6, 1)), ("Sem I 2025", date(2025, 6, 1)), ("Sem. II 2024", date(2024, 12, 1)),
    ("Semester II Tahun 2024", date(2024, 12, 1)), ("Triwulan III 2025", date(2025, 9, 1)),
    ("TW III 2025", date(2025, 9, 1)), ("TW.I-2025", date(2025, 3, 1)), ("Triwulan 2 2025", date(2025, 6, 1)),
    ("Q3 2025", date(2025, 9, 1)), ("Triwulan V 2025", None), ("Semester III 2025", None), ("semi 2025", None),
    # Words before a month, a comma after it.
    ("s.d. Agustus 2025", date(2025, 8, 1)), ("s/d Agustus 2025", date(2025, 8, 1)),
    ("posisi Juni 2025", date(2025, 6, 1)), ("Agustus, 2025", date(2025, 8, 1)),
])
def test_period_shapes(text, expected):
    assert parse_period(text) == expected


def test_which_dates_are_ambiguous():
    assert ambiguous_date("01/08/2025") and ambiguous_date("Per 12/11/2025")
    assert not ambiguous_date("31/08/2025") and not ambiguous_date("30/02/2025")


@pytest.fixture()
def db(default_db_path, tmp_path):
    return copy_db(default_db_path, tmp_path / "cakupan.duckdb")


HEADER = "Kabupaten/Kota;Bulan;Peserta Aktif;Potensi Pekerja;Cakupan (%);Sumber\n"


def test_a_day_first_date_column_imports_as_its_month(db, tmp_path, capsys):
    path = tmp_path / "ntb.csv"
    path.write_text(HEADER + "Kota Mataram;31/08/2025;90.000;200.000;45,00;Uji\n"
                    "Kab. Lombok Barat;30/09/2025;120.500;400.000;30,13;Uji\n", encoding="utf-8")
    assert main(["import", str(path), "--kind", "published", "--db", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select area_code, period, numerator from published_figure where source_title = 'Uji' "
                           "order by 1").fetchall() == [("52.01", date(2025, 9, 1), 120500),
                                                        ("52.71", date(2025, 8, 1), 90000)]


def refused_month(db, tmp_path, capsys, month: str) -> str:
    """What the import of Kota Mataram's row with `month` in its Bulan cell prints, after checking
    that it was refused and left the database as it was."""
    path = tmp_path / "ntb.csv"
    path.write_text(HEADER + f"Kota Mataram;{month};90.000;200.000;45,00;Uji\n", encoding="utf-8")
    before = table_checksums(db)
    assert main(["import", str(path), "--kind", "published", "--db", str(db)]) == 1
    assert table_checksums(db) == before
    return capsys.readouterr().out


def test_an_ambiguous_date_is_refused_and_says_why(db, tmp_path, capsys):
    out = refused_month(db, tmp_path, capsys, "01/08/2025")
    assert "ntb.csv, baris 2, kolom 'Bulan', nilai '01/08/2025': tanggal ini bisa dibaca dua cara" in out


def test_an_excel_date_number_in_a_csv_is_refused_with_the_month_it_would_be(db, tmp_path, capsys):
    # A sheet whose Bulan column was formatted as a number, saved as CSV: 45870 days after Excel's
    # 30 December 1899 is 1 August 2025 (45658 is 1 January 2025, and January to July make 212 days).
    out = refused_month(db, tmp_path, capsys, "45870")
    assert "ntb.csv, baris 2, kolom 'Bulan', nilai '45870': periode berupa angka; sebagai nomor tanggal Excel " \
           "ia menjadi Agustus 2025" in out
    assert "format kolom periode sebagai tanggal" in out


@pytest.mark.parametrize("text", ["2025", "12345", "99999", "202508"])
def test_other_numbers_are_not_taken_for_excel_dates(text):
    from cakupan.importer.values import excel_serial_date
    assert excel_serial_date(text) is None


def test_figures_copied_with_their_words(db, tmp_path, capsys):
    # Alkhairaat's Parigi Moutong figures as an article prints them: 39.695 of 161.206, 24,62 persen.
    # Read as a header row of months before (the words made the row look like headings).
    path = tmp_path / "parimo.csv"
    path.write_text(HEADER + "Kab. Parigi Moutong;September 2024;39.695 orang;161.206 jiwa;24,62 persen;Uji\n",
                    encoding="utf-8")
    assert main(["import", str(path), "--kind", "published", "--db", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select area_code, numerator, denominator, value from published_figure "
                           "where source_title = 'Uji'").fetchall() == [("72.08", 39695, 161206, 24.62)]


@pytest.mark.parametrize("text, percent, body", [
    ("39.695 orang", False, "39.695"), ("161.206 Jiwa", False, "161.206"), ("1.200 pekerja", False, "1.200"),
    ("24,62 persen", True, "24,62"), ("24,62%", True, "24,62"), ("24,62 persen", False, "24,62 persen"),
    ("39.695 orang", True, "39.695 orang"),
])
def test_words_after_figures(text, percent, body):
    from cakupan.importer.values import clean_number
    assert clean_number(text, percent)[0] == body


def test_a_rate_with_an_english_dot_in_an_indonesian_file(db, tmp_path, capsys):
    # '30.13%' cannot be thousands (two decimals): 30,13 %, said once for the file; the counts stay
    # Indonesian (120.500 is a hundred and twenty thousand five hundred).
    path = tmp_path / "ntb.csv"
    path.write_text(HEADER + "Kab. Lombok Barat;Agustus 2025;120.500;400.000;30.13%;Uji\n"
                    "Kota Mataram;Agustus 2025;90.000;200.000;45,00 %;Uji\n", encoding="utf-8")
    assert main(["import", str(path), "--kind", "published", "--db", str(db)]) == 0
    assert "baris 2, kolom 'Cakupan (%)', nilai '30.13%': 1 angka persen ditulis dengan titik desimal" \
        in capsys.readouterr().out
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select area_code, numerator, denominator, value from published_figure "
                           "where source_title = 'Uji' order by 1").fetchall() == \
            [("52.01", 120500, 400000, 30.13), ("52.71", 90000, 200000, 45.0)]


def test_a_stated_convention_still_flags_the_dotted_rate(db, tmp_path, capsys):
    path = tmp_path / "ntb.csv"
    path.write_text(HEADER + "Kab. Lombok Barat;Agustus 2025;120.500;400.000;30.13%;Uji\n", encoding="utf-8")
    before = table_checksums(db)
    assert main(["import", str(path), "--kind", "published", "--decimal", "comma", "--db", str(db)]) == 1
    assert "nilai '30.13%': bukan angka yang sah" in capsys.readouterr().out
    assert table_checksums(db) == before


@pytest.mark.parametrize("text, read", [
    ("33.2%", 33.2), ("24.62", 24.62), ("5.5 persen", 5.5), ("1.234", None), ("33,2", None), ("-3.2", None),
])
def test_which_rates_carry_an_english_dot(text, read):
    from cakupan.importer.values import dot_decimal_rate
    assert dot_decimal_rate(text) == read
