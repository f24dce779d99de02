"""Published tables as an analyst at a Kanwil or a Pemprov has them in hand: province names as the
publisher wrote them, a table copied out of a PDF, a branch office's figures, a spreadsheet saved in
another program's format.

Expected values are read off the files in tests/real_figures by hand (the article's own figures), or
off the Kemendagri 2025 province list (Aceh 11, Sumatera Utara 12, Sumatera Selatan 16, Kepulauan
Bangka Belitung 19, DI Yogyakarta 34, NTB 52, Papua Selatan 93, Papua Tengah 94, Papua Barat Daya 96).
"""

from __future__ import annotations

import duckdb
import pytest

from cakupan.__main__ import main
from import_support import ROOT, copy_db, table_checksums

CORPUS = ROOT / "tests" / "real_figures"
TRIBUN_TIMUR = "BPJS Ketenagakerjaan Target 7,2 Juta Pekerja Jadi Peserta Jaminan Sosial (Tribun Timur, 13 Dec 2021)"


@pytest.fixture()
def db(default_db_path, tmp_path):
    return copy_db(default_db_path, tmp_path / "cakupan.duckdb")


@pytest.mark.parametrize("name, code", [
    ("DIY", "34"), ("Daerah Istimewa Yogyakarta (DIY)", "34"), ("D.I. Yogyakarta", "34"),
    ("Nanggroe Aceh Darussalam", "11"), ("NAD", "11"), ("Prov. Nanggroe Aceh Darussalam (NAD)", "11"),
    ("PBD", "96"), ("Papteng", "94"), ("Papsel", "93"), ("Kep. Babel", "19"),
    ("SUMATRA UTARA", "12"), ("Sumatra Selatan", "16"), ("Prov NTB", "52"), ("Nusa Tenggara Barat (NTB)", "52"),
    # a name and an abbreviation in brackets that are two provinces name neither
    ("Nusa Tenggara Barat (NTT)", None), ("Aceh (DIY)", None),
])
def test_province_names_as_publishers_write_them(default_db, name, code):
    from cakupan.importer.areas import load_reference
    assert load_reference(default_db).province_of(name) == code


def published(db, period):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select area_code, numerator, denominator, value from published_figure "
                           "where batch_id = (select max(batch_id) from import_batch) and period = $p "
                           "order by area_code", {"p": period}).fetchall()


def test_a_ranking_with_the_names_its_sources_print(db, capsys):
    path = CORPUS / "ucj_provinsi_nama_terbitan.csv"
    assert main(["import", str(path), "--kind", "published", "--db", str(db)]) == 0
    capsys.readouterr()
    # Serambinews: Aceh August 2025, 407.773 of 1.601.559, 25,46 persen.
    assert published(db, "2025-08-01") == [("11", 407773, 1601559, 25.46)]
    # Harian Jogja: DIY 2022, 31,95 % (the counts it printed do not give that rate; only the rate is here).
    assert published(db, "2022-12-01") == [("34", None, None, 31.95)]
    # Topikseru: Aceh 32,73 % and Sumatera Utara 49,35 %, December 2024, rates only.
    assert published(db, "2024-12-01") == [("11", None, None, 32.73), ("12", None, None, 49.35)]
    # ANTARA Babel: 189.742 active, 33,10 % (the workers are derived from the rate, not printed).
    assert [r[:2] + r[3:] for r in published(db, "2025-12-01")] == [("19", 189742, 33.1)]


def test_a_table_copied_out_of_a_pdf(db, capsys):
    """Tribun Timur's seven provinces of Kanwil Sulawesi Maluku, December 2021: the date in the title
    only, the header again at the top of the second page, blank lines, the source at the foot."""
    path = CORPUS / "sulama_2021_12_salinan_pdf.csv"
    assert main(["import", str(path), "--kind", "published", "--source-title", TRIBUN_TIMUR, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "baris 2: kolom periode tidak ada; periode semua baris dibaca dari judul tabel di baris 2 " \
           "('Keadaan s.d. Desember 2021'): Desember 2021" in out
    assert "baris 10 mengulang judul kolom (baris 4)" in out
    assert "baris 15–16 di bawah data dilewati sebagai catatan kaki" in out
    assert published(db, "2021-12-01") == [
        ("71", 623409, 780666, 80.0),  # Sulawesi Utara
        ("72", 327272, 978084, 33.0),  # Sulawesi Tengah
        ("73", 1043751, 2865109, 36.0),  # Sulawesi Selatan
        ("74", 264624, 865080, 31.0),  # Sulawesi Tenggara
        ("75", 193218, 397894, 49.0),  # Gorontalo
        ("81", 179194, 554515, 32.0),  # Maluku
        ("82", 114042, 365027, 31.0),  # Maluku Utara
    ]


def test_the_title_month_is_not_used_where_the_title_names_two(db, tmp_path, capsys):
    path = tmp_path / "dua_bulan.csv"
    path.write_text("Capaian Posisi Desember 2024 dan Target s.d. Desember 2025\n\n"
                    "Kabupaten/Kota;Cakupan (%);Sumber\nKota Mataram;50,1;Uji\n", encoding="utf-8")
    before = table_checksums(db)
    assert main(["import", str(path), "--kind", "published", "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "baris 3, kolom 'periode': kolom wajib 'periode' tidak ada" in out
    assert table_checksums(db) == before


def test_a_title_month_beside_a_period_column_changes_nothing(db, tmp_path, capsys):
    # The rows' own months decide; the title's is not said.
    path = tmp_path / "judul.csv"
    path.write_text("Capaian UCJ Posisi Desember 2024\nKabupaten/Kota;Bulan;Cakupan (%);Sumber\n"
                    "Kota Mataram;Juni 2024;50,1;Uji\n", encoding="utf-8")
    assert main(["import", str(path), "--kind", "published", "--db", str(db)]) == 0
    assert "dibaca dari judul tabel" not in capsys.readouterr().out
    assert published(db, "2024-06-01") == [("52.71", None, None, 50.1)]


def test_a_column_number_row_again_after_a_page_break(db, tmp_path, capsys):
    # A BPS-style table: "(1) (2) (3)" under the header on each page. The figures are two rows of
    # the same file; a row of bare numbers ("11;25") is data, never a column-number row.
    path = tmp_path / "halaman.csv"
    path.write_text("Provinsi;Bulan;Cakupan (%);Sumber\n(1);(2);(3);(4)\nAceh;Desember 2024;32,73;Uji\n"
                    "Provinsi;Bulan;Cakupan (%);Sumber\n(1);(2);(3);(4)\n12;Desember 2024;49,35;Uji\n",
                    encoding="utf-8")
    assert main(["import", str(path), "--kind", "published", "--db", str(db)]) == 0
    assert "baris 4–5 mengulang judul kolom (baris 1)" in capsys.readouterr().out
    assert published(db, "2024-12-01") == [("11", None, None, 32.73), ("12", None, None, 49.35)]
