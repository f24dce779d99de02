"""Kab/kota tables written against older lists: Papua's codes and provinces before the 2022 splits,
a code and a name that name two different areas, names written the catalogue way round.

Expected areas are worked out from the laws and lists, not from the importer: Permendagri 72/2019
numbered Papua 94 and Papua Barat 91, so 94.01 was Kabupaten Merauke; in the 2025 list 94.01 is
Kabupaten Nabire and Merauke is 93.01 (Papua Selatan, UU 14/2022 of 25 July 2022); Mimika is 94.04
(Papua Tengah, UU 15/2022); Papua Barat Daya was formed by UU 29/2022 of 8 December 2022.
"""

from __future__ import annotations

import duckdb
import pytest

from cakupan.__main__ import main
from import_support import ROOT, copy_db, table_checksums

HEADER = "Kabupaten/Kota;Bulan;Peserta Aktif;Potensi Pekerja;Cakupan (%);Sumber\n"


@pytest.fixture()
def db(default_db_path, tmp_path):
    return copy_db(default_db_path, tmp_path / "cakupan.duckdb")


def run_import(db, path, *args):
    return main(["import", str(path), "--kind", "published", "--source-title", "Uji", *args, "--db", str(db)])


def refused(db, tmp_path, capsys, text):
    """The file is refused, names its row, and leaves every table as it was."""
    path = tmp_path / "tabel.csv"
    path.write_text(text, encoding="utf-8")
    before = table_checksums(db)
    assert run_import(db, path) == 1
    out = capsys.readouterr()
    assert table_checksums(db) == before
    return out.out + out.err


def published(db, period):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select area_code, numerator, denominator, value from published_figure "
                           "where period = $p and source_title = 'Uji' order by 1", {"p": period}).fetchall()


def test_an_old_papua_code_beside_its_name_is_refused(db, tmp_path, capsys):
    # 94.01 was Merauke before 2022 and is Nabire now: stored by the code, Merauke's figures went to
    # Nabire without a word.
    text = "Kode;" + HEADER + "94.01;Merauke;Desember 2024;40.000;100.000;40,00;Uji\n"
    out = refused(db, tmp_path, capsys, text)
    assert "baris 2, kolom 'Kode', nilai '94.01'" in out
    assert "Kabupaten Nabire" in out and "Kabupaten Merauke (93.01)" in out


def test_an_old_province_code_beside_its_name_is_refused(db, tmp_path, capsys):
    # 91 was Papua Barat before 2022; it is Papua now.
    text = "Kode;Provinsi;Bulan;Peserta Aktif;Potensi Pekerja;Cakupan (%);Sumber\n" \
           "91;Papua Barat;Desember 2024;40.000;100.000;40,00;Uji\n"
    out = refused(db, tmp_path, capsys, text)
    assert "kode 91 adalah Papua" in out and "Papua Barat (92)" in out


def test_a_bare_kota_name_beside_its_code_is_not_a_conflict(db, tmp_path, capsys):
    # BPS prints 'Bima' under its kota rows with code 5272: Kota Bima, though a bare 'Bima' alone is
    # the kabupaten.
    path = tmp_path / "bima.csv"
    path.write_text("Kode;" + HEADER + "5272;Bima;Agustus 2025;12.000;60.000;20,00;Uji\n", encoding="utf-8")
    assert run_import(db, path) == 0
    assert published(db, "2025-08-01") == [("52.72", 12000, 60000, 20.0)]


def test_a_kabupaten_under_the_province_it_left_is_found_with_a_note(db, tmp_path, capsys):
    # A 2021 table lists Merauke and Mimika under Papua; they are the same kabupaten today, in
    # Papua Selatan and Papua Tengah.
    path = tmp_path / "papua_2021.csv"
    path.write_text("Provinsi;" + HEADER + "Papua;Merauke;Desember 2021;40.000;100.000;40,00;Uji\n"
                    "Papua;Mimika;Desember 2021;60.000;120.000;50,00;Uji\n", encoding="utf-8")
    assert run_import(db, path) == 0
    out = capsys.readouterr().out
    assert "Kabupaten Merauke termasuk Provinsi Papua Selatan sejak UU 14/2022" in out
    assert "Kabupaten Mimika termasuk Provinsi Papua Tengah sejak UU 15/2022" in out
    assert published(db, "2021-12-01") == [("93.01", 40000, 100000, 40.0), ("94.04", 60000, 120000, 50.0)]


@pytest.mark.parametrize("province, month", [
    ("Papua", "Juni 2022"),  # before UU 14-16/2022 (July 2022)
    ("Papua Barat", "November 2022"),  # before UU 29/2022 (December 2022)
])
def test_a_province_figure_from_before_its_split_is_refused(db, tmp_path, capsys, province, month):
    text = "Provinsi;Bulan;Peserta Aktif;Potensi Pekerja;Cakupan (%);Sumber\n" \
           f"{province};{month};40.000;100.000;40,00;Uji\n"
    out = refused(db, tmp_path, capsys, text)
    assert "baris 2, kolom 'Provinsi'" in out
    assert f"Provinsi {province} juga mencakup wilayah yang kini" in out


def test_a_papua_province_code_alone_in_2021_is_refused(db, tmp_path, capsys):
    # In 2021 a bare '94' was all of Papua (Permendagri 72/2019); today it is Papua Tengah.
    out = refused(db, tmp_path, capsys, "Kode Provinsi;Bulan;Peserta Aktif;Potensi Pekerja;Cakupan (%);Sumber\n"
                  "94;Desember 2021;141.000;500.000;28,20;Uji\n")
    assert "baris 2, kolom 'Kode Provinsi', nilai '94': kode wilayah Papua diubah setelah pemekaran 2022" in out


def test_a_province_figure_after_its_split_is_kept(db, tmp_path, capsys):
    path = tmp_path / "papua.csv"
    path.write_text("Provinsi;Bulan;Peserta Aktif;Potensi Pekerja;Cakupan (%);Sumber\n"
                    "Papua;Juli 2022;40.000;100.000;40,00;Uji\n", encoding="utf-8")
    assert run_import(db, path) == 0
    assert published(db, "2022-07-01") == [("91", 40000, 100000, 40.0)]


def test_a_papua_code_alone_in_2022_or_earlier_is_refused_and_with_its_name_kept(db, tmp_path, capsys):
    out = refused(db, tmp_path, capsys, "Kode;Bulan;Peserta Aktif;Potensi Pekerja;Cakupan (%);Sumber\n"
                  "94.01;Desember 2021;40.000;100.000;40,00;Uji\n")
    assert "baris 2, kolom 'Kode', nilai '94.01'" in out and "Desember 2021" in out
    # The same code with the name it has today beside it: the file uses today's codes.
    path = tmp_path / "nabire.csv"
    path.write_text("Kode;" + HEADER + "94.01;Nabire;Desember 2021;40.000;100.000;40,00;Uji\n", encoding="utf-8")
    assert run_import(db, path) == 0
    assert published(db, "2021-12-01") == [("94.01", 40000, 100000, 40.0)]


def test_names_with_the_kind_after_them(db, tmp_path, capsys):
    path = tmp_path / "ntb.csv"
    path.write_text(HEADER + "Lombok Barat, Kab.;Agustus 2025;120.500;400.000;30,13;Uji\n"
                    "Mataram, Kota;Agustus 2025;90.000;200.000;45,00;Uji\n"
                    "Bima, Kota;Agustus 2025;9.000;60.000;15,00;Uji\n", encoding="utf-8")
    assert run_import(db, path) == 0
    assert published(db, "2025-08-01") == [("52.01", 120500, 400000, 30.13), ("52.71", 90000, 200000, 45.0),
                                           ("52.72", 9000, 60000, 15.0)]


CORPUS = ROOT / "tests" / "real_figures"


def test_a_branchs_pasted_segment_counts_for_mimika(db, capsys):
    # Antarpapua.com (30 Mar 2024): 49.505 PU and 38.210 BPU participants in Kabupaten Mimika (94.04),
    # 87.715 in all, 'per 30/03/2024'; pasted with tabs, the name written 'Mimika, Kab.'.
    title = "BPJS Ketenagakerjaan Lindungi 87.715 Pekerja Mimika Hingga Maret 2024 (Antarpapua.com, 30 Mar 2024)"
    assert main(["import", str(CORPUS / "mimika_2024_03.csv"), "--kind", "membership", "--source-title", title,
                 "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "baris jumlah ini sama dengan jumlah rinciannya (PU, BPU)" in out
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select segment, sum(active_participants) from membership where regency_code = '94.04' "
                           "and period = date '2024-03-01' group by 1 order by 1").fetchall() == \
            [("BPU", 38210), ("PU", 49505)]


def test_a_new_provinces_area_before_it_was_formed_is_kept_with_a_note(db, tmp_path, capsys):
    # Sorong News prints Papua Barat Daya's 2022 coverage "when Sorong Raya was still part of Papua
    # Barat"; a mid-2022 figure for that area is before UU 29/2022 (December 2022).
    path = tmp_path / "pbd.csv"
    path.write_text("Provinsi;Bulan;Cakupan (%);Sumber\nPapua Barat Daya;Juni 2022;65,8;Uji\n", encoding="utf-8")
    assert run_import(db, path) == 0
    out = capsys.readouterr().out
    assert "Provinsi Papua Barat Daya baru dibentuk pada Desember 2022 (UU 29/2022)" in out
    assert "saat itu bagian dari Papua Barat" in out
    assert published(db, "2022-06-01") == [("96", None, None, 65.8)]


@pytest.mark.parametrize("name, code", [
    # Spellings and abbreviations regional releases print, each listed in area_alias.csv with its
    # source; the codes are read off the Kemendagri 2025 list by hand.
    ("Kota Padang Sidempuan", "12.77"), ("Padangsidempuan", "12.77"), ("Kab. Pasir", "64.01"),
    ("Kab. OKU Timur", "16.08"), ("OKU", "16.01"), ("Kab. PALI", "16.12"), ("Tanjab Barat", "15.06"),
    ("Kota Tangsel", "36.74"), ("Solo", "33.72"), ("Kab. TTS", "53.02"), ("Kab. Yapen", "91.05"),
    ("Sidrap", "73.14"), ("HSU", "63.08"), ("Kukar", "64.02"), ("Muara Jambi", "15.05"),
    # the kind after the name
    ("Lombok Barat, Kab.", "52.01"), ("Lombok Barat, Kabupaten", "52.01"), ("Bandung, Kota", "32.73"),
    ("Bandung, Kab", "32.04"), ("Bima (Kota)", "52.72"), ("Bima (Kab.)", "52.06"),
    # Jakarta's administrative units, the kind after the name as DKI's own lists print it
    ("Jakarta Selatan, Kota Adm.", "31.74"), ("Jakarta Pusat, Kota Administrasi", "31.71"),
    ("Jakarta Timur (Kota Adm.)", "31.75"), ("Kepulauan Seribu, Kab. Adm.", "31.01"),
])
def test_names_regional_releases_print(default_db, name, code):
    from cakupan.importer.areas import load_reference
    assert load_reference(default_db).regencies_named(name) == {code}


def test_a_code_written_before_the_name_in_one_cell(db, tmp_path, capsys):
    # The name decides; a code that is the kota of a bare name picks the kota ('[5272] Bima' is Kota
    # Bima, 52.72), and a code that is not the name's own (5203 is Lombok Timur, not Sumbawa 52.04) is
    # said in a warning, the row going to the name.
    path = tmp_path / "ntb.csv"
    path.write_text("Kab/Kota;Peserta Aktif\n[5272] Bima;1.234\n[5206] Bima;2.345\n5271 - Kota Mataram;3.456\n"
                    "[5203] Sumbawa;500\n", encoding="utf-8")
    assert main(["import", str(path), "--kind", "membership", "--period", "2025-08", "--source-title", "Uji",
                 "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "baris 5, kolom 'Kab/Kota', nilai '[5203] Sumbawa': kode 5203 di depan nama bukan kode Kemendagri " \
           "Kabupaten Sumbawa (52.04)" in out
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select regency_code, active_participants from membership where batch_id = "
                           "(select max(batch_id) from import_batch) and not is_synthetic order by 1").fetchall() == \
            [("52.04", 500), ("52.06", 2345), ("52.71", 3456), ("52.72", 1234)]


def test_a_printed_rate_over_100_is_kept_and_said(db, tmp_path, capsys):
    # 500.000 of 400.000 is 125 %: as printed, with a warning (head-office registrations, or a count
    # typed into the rate column).
    path = tmp_path / "lotim.csv"
    path.write_text(HEADER + "Kab. Lombok Timur;Agustus 2025;500.000;400.000;125,00;Uji\n", encoding="utf-8")
    assert run_import(db, path) == 0
    assert "baris 2: cakupan tercetak di atas 100% (125,00%)" in capsys.readouterr().out
    assert published(db, "2025-08-01") == [("52.03", 500000, 400000, 125.0)]
