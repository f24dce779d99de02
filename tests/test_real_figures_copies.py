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
    ("Daerah Khusus Jakarta (DKJ)", "31"), ("Kepulauan Bangka Belitung (Babel)", "19"),
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


def refused(db, path, capsys, *args):
    """The file is refused and every table is left as it was; the messages."""
    before = table_checksums(db)
    assert main(["import", str(path), "--kind", "published", *args, "--db", str(db)]) == 1
    out = capsys.readouterr()
    assert table_checksums(db) == before
    return out.out + out.err


def test_a_branch_office_is_no_kab_kota(db, tmp_path, capsys):
    # "KC Sumbawa" holds a kabupaten's name, but the Sumbawa branch is not Kabupaten Sumbawa.
    path = tmp_path / "cabang.csv"
    path.write_text("Wilayah;Bulan;Peserta Aktif;Cakupan (%);Sumber\n"
                    "Kantor Cabang Mataram;Desember 2024;100.000;50,0;Uji\nKCP Praya;Desember 2024;80.000;20,0;Uji\n"
                    "KC Sumbawa;Desember 2024;80.000;20,0;Uji\nBPJS Ketenagakerjaan Cabang Bima;Desember 2024;1.000;2,0;"
                    "Uji\n", encoding="utf-8")
    out = refused(db, path, capsys)
    for row, name in ((2, "Kantor Cabang Mataram"), (3, "KCP Praya"), (4, "KC Sumbawa"),
                      (5, "BPJS Ketenagakerjaan Cabang Bima")):
        assert f"baris {row}, kolom 'Wilayah', nilai '{name}': ini kantor cabang BPJS Ketenagakerjaan, bukan " \
               "kabupaten/kota" in out
    assert "Kabupaten Sumbawa" not in out  # no hint pointing at the kabupaten


def test_a_branch_column_beside_kab_kota_is_only_a_note(db, tmp_path, capsys):
    # A kab/kota table that says which branch serves each kab/kota: the figures are the kab/kota's.
    path = tmp_path / "kabkota.csv"
    path.write_text("Kabupaten/Kota;Kantor Cabang;Bulan;Cakupan (%);Sumber\n"
                    "Lombok Tengah;KCP Praya;Desember 2024;20,5;Uji\n", encoding="utf-8")
    assert main(["import", str(path), "--kind", "published", "--db", str(db)]) == 0
    capsys.readouterr()
    assert published(db, "2024-12-01") == [("52.02", None, None, 20.5)]


@pytest.mark.parametrize("kind", ["published", "membership"])
def test_kecamatan_rows_are_not_their_kab_kota(db, tmp_path, capsys, kind):
    # Ampenan is one kecamatan of Kota Mataram: its 10.000 would have replaced the city's count.
    path = tmp_path / "kecamatan.csv"
    path.write_text("Kabupaten/Kota;Kecamatan;Bulan;Peserta Aktif;Cakupan (%);Sumber\n"
                    "Kota Mataram;Ampenan;Desember 2024;10.000;20,0;Uji\n", encoding="utf-8")
    before = table_checksums(db)
    assert main(["import", str(path), "--kind", kind, "--source-title", "Uji", "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert table_checksums(db) == before
    assert "baris 1, kolom 'Kecamatan': kolom ini membagi kabupaten/kota menjadi bagian-bagiannya" in out


def test_an_ods_workbook_is_refused_saying_how_to_save_it(db, tmp_path, capsys):
    import zipfile

    path = tmp_path / "ucj.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    out = refused(db, path, capsys)
    assert "ucj.ods: berkas ini lembar kerja OpenDocument (.ods, LibreOffice/OpenOffice), bukan Excel (.xlsx)" in out
    assert "Simpan Sebagai 'Excel 2007-365 (.xlsx)'" in out
    assert "Traceback" not in out and "tidak terduga" not in out


def test_counts_printed_in_thousands_and_millions(db, capsys):
    # Narasi21: "sekitar 314 ribu dari total potensi 582 ribu" is 314.000 of 582.000.
    assert main(["import", str(CORPUS / "gorontalo_2025_12_ribu.csv"), "--kind", "published", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "baris 2, kolom 'Peserta Aktif', nilai '314 ribu': jumlah ini ditulis dengan kata ribu/juta dan " \
           "dibaca 314.000" in out
    assert published(db, "2025-12-01") == [("75", 314000, 582000, 54.0)]


@pytest.mark.parametrize("printed, count", [
    ("1,86 juta", 1_860_000), ("0,6 jt", 600_000), ("1,2 juta pekerja", 1_200_000), ("12 rb", 12_000),
    ("1,2345 juta", 1_234_500),
])
def test_a_count_in_words_in_an_indonesian_file(printed, count):
    from cakupan.importer.values import readings
    assert readings(printed, integer=True)["comma"] == count


def test_what_a_word_cannot_make_a_count_or_a_rate():
    from cakupan.importer.values import readings
    # 1,2345678 million is 1.234.567,8 people: no count. A rate is never "in millions".
    assert readings("1,2345678 juta", integer=True) == {}
    assert readings("33,2 juta", integer=False, percent=True) == {}


def test_a_second_table_under_the_first_is_refused(db, tmp_path, capsys):
    # A Dinas sheet: this year's coverage, then "Tabel 2" with next year's targets under it. Read as
    # one table, 150.000 target participants would have been taken as Kota Mataram's active ones.
    path = tmp_path / "dua_tabel.csv"
    path.write_text("Kabupaten/Kota;Bulan;Peserta Aktif;Cakupan (%);Sumber\n"
                    "Kota Mataram;Desember 2024;100.000;50,0;Uji\nLombok Barat;Desember 2024;60.000;20,0;Uji\n\n"
                    "Tabel 2. Target 2025;;;;\nKabupaten/Kota;Tahun;Target Peserta;Target (%);Sumber\n"
                    "Kota Mataram;2025;150.000;70,0;Uji\n", encoding="utf-8")
    out = refused(db, path, capsys)
    assert "baris 6: baris 6 adalah judul kolom tabel lain (Kabupaten/Kota, Tahun, Target Peserta, Target (%), " \
           "Sumber)" in out
    assert "Hapus baris 5–7" in out


def test_a_bps_table_with_its_headings_in_two_languages(db, capsys):
    # ANTARA: Papua Barat (92), August 2023, 128.358 of 155.222, 82,69 persen.
    path = CORPUS / "papua_barat_2023_08_dwibahasa.csv"
    assert main(["import", str(path), "--kind", "published", "--source-title", "ANTARA", "--db", str(db)]) == 0
    capsys.readouterr()
    assert published(db, "2023-08-01") == [("92", 128358, 155222, 82.69)]


def test_two_languages_must_name_the_same_column(db, tmp_path, capsys):
    # "Peserta Aktif/Terdaftar" is active or registered: not read as either; the rate alone goes in.
    path = tmp_path / "aktif_terdaftar.csv"
    path.write_text("Provinsi/Province;Bulan/Month;Peserta Aktif/Terdaftar;Persentase/Percentage;Sumber\n"
                    "Papua Barat;Agustus 2023;128.358;82,69;Uji\n", encoding="utf-8")
    assert main(["import", str(path), "--kind", "published", "--db", str(db)]) == 0
    assert "kolom 'Peserta Aktif/Terdaftar': kolom ini tidak dikenal dan diabaikan" in capsys.readouterr().out
    assert published(db, "2023-08-01") == [("92", None, None, 82.69)]


def membership_by_segment(db, regency, period):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select segment, active_participants from membership where batch_id = "
                           "(select max(batch_id) from import_batch) and regency_code = $r and period = $p "
                           "order by segment", {"r": regency, "p": period}).fetchall()


def test_segments_as_columns_under_a_merged_heading(db, capsys):
    # Antarpapua.com: Kabupaten Mimika (94.04), per 30 March 2024, 49.505 PU and 38.210 BPU, 87.715 in all;
    # laid out with "Peserta Aktif" merged over PU, BPU and Jumlah.
    path = CORPUS / "mimika_2024_03_per_segmen.xlsx"
    assert main(["import", str(path), "--kind", "membership", "--source-title", "Antarpapua.com", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "kolom Peserta Aktif PU, Peserta Aktif BPU dibaca sebagai segmen peserta aktif" in out
    assert "baris 5, nilai '87715': baris jumlah ini sama dengan jumlah rinciannya (PU, BPU)" in out
    assert membership_by_segment(db, "94.04", "2024-03-01") == [("BPU", 38210), ("PU", 49505)]


def test_segment_columns_that_do_not_make_their_total_are_refused(db, tmp_path, capsys):
    path = tmp_path / "lebar.csv"
    path.write_text("Kabupaten/Kota;PU;BPU;Jakon;Jumlah\nKota Mataram;60.000;30.000;10.000;100.000\n"
                    "Lombok Barat;40.000;20.000;5.000;70.000\n", encoding="utf-8")
    before = table_checksums(db)
    assert main(["import", str(path), "--kind", "membership", "--period", "2024-12", "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert table_checksums(db) == before
    # 40.000 + 20.000 + 5.000 = 65.000, not the 70.000 printed
    assert "baris 3, nilai '70000'" in out and "65.000" in out


def test_segment_columns_without_a_total(db, tmp_path, capsys):
    path = tmp_path / "lebar.csv"
    path.write_text("Kabupaten/Kota;PU;BPU;Jakon;PMI\nKota Mataram;60.000;30.000;10.000;-\n", encoding="utf-8")
    assert main(["import", str(path), "--kind", "membership", "--period", "2024-12", "--db", str(db)]) == 0
    capsys.readouterr()
    # "-" is not printed: no PMI row, not a zero
    assert membership_by_segment(db, "52.71", "2024-12-01") == [("BPU", 30000), ("JAKON", 10000), ("PU", 60000)]


def test_segment_columns_with_the_provinces_total_row(db, tmp_path, capsys):
    # The "Jumlah" row's 150.000 is Mataram's 90.000 and Lombok Barat's 60.000: checked, not stored.
    path = tmp_path / "lebar.csv"
    path.write_text("Kabupaten/Kota;PU;BPU;Jumlah\nKota Mataram;60.000;30.000;90.000\n"
                    "Lombok Barat;40.000;20.000;60.000\nJumlah;100.000;50.000;150.000\n", encoding="utf-8")
    assert main(["import", str(path), "--kind", "membership", "--period", "2024-12", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "baris jumlah provinsi 'Jumlah' dilewati (bukan kabupaten/kota); jumlahnya 150.000, jumlah " \
           "kabupaten/kota di berkas 150.000" in out
    assert "tidak sama dengan jumlah kabupaten/kota" not in out
    assert membership_by_segment(db, "52.71", "2024-12-01") == [("BPU", 30000), ("PU", 60000)]
    assert membership_by_segment(db, "52.01", "2024-12-01") == [("BPU", 20000), ("PU", 40000)]


def test_a_kab_kota_with_no_segment_printed_is_refused_not_dropped(db, tmp_path, capsys):
    path = tmp_path / "lebar.csv"
    path.write_text("Kabupaten/Kota;PU;BPU;Jumlah\nKota Mataram;;;\nLombok Barat;40.000;20.000;60.000\n",
                    encoding="utf-8")
    before = table_checksums(db)
    assert main(["import", str(path), "--kind", "membership", "--period", "2024-12", "--db", str(db)]) == 1
    assert "baris 2, kolom 'peserta_aktif': sel ini kosong" in capsys.readouterr().out
    assert table_checksums(db) == before


def test_a_cooperative_list_may_give_each_cooperatives_kecamatan(db, tmp_path, capsys):
    # A cooperative is one body in one kab/kota: its kecamatan is its address, not part of a total.
    path = tmp_path / "koperasi.csv"
    path.write_text("Nama Koperasi;Kabupaten/Kota;Kecamatan;Anggota;Anggota Terdaftar;Per\n"
                    "Koperasi Uji;Kota Mataram;Ampenan;120;30;Desember 2024\n", encoding="utf-8")
    assert main(["import", str(path), "--kind", "cooperatives", "--source-title", "Uji", "--db", str(db)]) == 0
    assert "membagi kabupaten/kota" not in capsys.readouterr().out


@pytest.mark.parametrize("name", ["Indonesia", "Nasional", "Rata-rata", "Rata-rata Provinsi"])
def test_a_rankings_national_or_average_row_is_named_as_such(db, tmp_path, capsys, name):
    path = tmp_path / "peringkat.csv"
    path.write_text("No;Provinsi;Bulan;Cakupan (%);Sumber\n1;Bali;Desember 2024;50,1;Uji\n"
                    f"2;NTB;Desember 2024;30,2;Uji\n;{name};Desember 2024;40,0;Uji\n", encoding="utf-8")
    out = refused(db, path, capsys)
    assert f"baris 4, kolom 'Provinsi', nilai '{name}': baris ini angka nasional atau rata-rata, bukan sebuah " \
           "provinsi atau kabupaten/kota" in out
    assert "Hapus baris ini" in out


@pytest.mark.parametrize("month", ["Jan–Sep 2024", "Januari - September 2024", "Januari s.d. September 2024",
                                   "September 2024*)"])
def test_a_year_to_date_range_is_its_last_month(db, tmp_path, capsys, month):
    # Alkhairaat: Parigi Moutong (72.08), "Januari hingga September 2024", 39.695 of 161.206, UCJ 24,62 %.
    path = tmp_path / "parigi.csv"
    path.write_text("Kabupaten/Kota;Periode;Peserta Aktif;Potensi Pekerja;UCJ (%);Sumber\n"
                    f"Parigi Moutong;{month};39.695;161.206;24,62;Alkhairaat\n", encoding="utf-8")
    assert main(["import", str(path), "--kind", "published", "--db", str(db)]) == 0
    capsys.readouterr()
    assert published(db, "2024-09-01") == [("72.08", 39695, 161206, 24.62)]


def test_a_range_running_backwards_is_not_read(db, tmp_path, capsys):
    path = tmp_path / "terbalik.csv"
    path.write_text("Kabupaten/Kota;Periode;UCJ (%);Sumber\nParigi Moutong;September - Januari 2024;24,62;Uji\n",
                    encoding="utf-8")
    out = refused(db, path, capsys)
    assert "baris 2, kolom 'Periode', nilai 'September - Januari 2024': periode tidak terbaca" in out
