"""Kab/kota tables laid out the way Kanwil press releases and Pemprov/BPS staff lay them out: each
either imports with exactly the printed figures or is refused with the database left as it was.

The rows are a constructed NTB table (no single publication prints these kab/kota counts); every
expected value below is read off the printed text by hand, not taken from the importer."""

from __future__ import annotations

import duckdb
import pytest

from cakupan.__main__ import main
from import_support import copy_db, file_sha256

SOURCE = "Capaian UCJ Kabupaten/Kota NTB (tabel uji)"


@pytest.fixture
def db(default_db_path, tmp_path):
    return copy_db(default_db_path, tmp_path / "cakupan.duckdb")


def published(db, period: str) -> dict[str, tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("select area_code, value, numerator, denominator from published_figure "
                           "where period = cast($p as date) and source_title = $s",
                           {"p": period + "-01", "s": SOURCE}).fetchall()
    finally:
        con.close()
    return {code: (value, num, den) for code, value, num, den in rows}


def run(db, path, *args) -> tuple[int, str]:
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        code = main(["import", str(path), "--kind", "published", "--source-title", SOURCE, *args, "--db", str(db)])
    return code, out.getvalue()


def test_a_press_release_table_imports_as_printed(db, tmp_path):
    # Windows Excel's CSV: Windows-1252 (the en dash), CRLF, semicolons; a title row; "No.";
    # names with "Kab."/"Kab"/upper case and footnote marks; thousands grouped with spaces and
    # no-break spaces; "%" after the rate; "n/a" for a count not printed; the province's
    # "Total Provinsi" row; a "Sumber:" line and the footnote it marks.
    lines = ["Tabel 2. Capaian UCJ Kabupaten/Kota di Provinsi NTB, September 2025;;;;", ";;;;",
             "No.;Kabupaten/Kota;Jumlah Peserta Aktif;Jumlah Pekerja;Persentase (%)",
             "1.;Kab. Lombok Barat;98 412;312 540;31,49 %",
             "2.;Kab Sumbawa Barat;52\u00a0790;81\u00a0210;65,00 %",
             "3.;Lombok Utara*;30 115;n/a;27,41 %",
             "4.;KOTA MATARAM;120 550;231 400;52,10 %",
             "5.;Kota Bima 1);34 870;76 920;45,33 %",
             ";Total Provinsi;336 737;-;-",
             "Sumber: BPJS Ketenagakerjaan Kanwil Banuspa \u2013 diolah;;;;",
             "1) angka sementara;;;;"]
    path = tmp_path / "ucj_ntb.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    code, out = run(db, path, "--period", "2025-09", "--province", "52")
    assert code == 0, out
    assert "Total Provinsi" in out  # skipped with a note, checked against the kab/kota sum
    # A note on a column names the row its heading is on (the third, under the title), not row 1.
    assert "ucj_ntb.csv, baris 3, kolom 'No.'" in out
    assert published(db, "2025-09") == {
        "52.01": (31.49, 98412, 312540),
        "52.07": (65.0, 52790, 81210),
        # "n/a": no worker count printed, so it is derived from the rate (30.115 / 27,41 %)
        "52.08": (27.41, 30115, round(30115 * 100 / 27.41)),
        "52.71": (52.10, 120550, 231400),
        "52.72": (45.33, 34870, 76920),
    }


def test_a_rate_written_as_a_fraction_is_refused(db, tmp_path):
    # 0,3149 beside 98.412 of 312.540 (31,49 %): read as printed it would be 0,31 %.
    path = tmp_path / "pecahan.csv"
    path.write_text("Kabupaten/Kota;Jumlah Peserta Aktif;Jumlah Pekerja;Persentase (%)\n"
                    "Kab. Lombok Barat;98.412;312.540;0,3149\n"
                    "Kota Mataram;120.550;231.400;0,5210\n", encoding="utf-8")
    before = file_sha256(db)
    code, out = run(db, path, "--period", "2025-09", "--province", "52")
    assert code != 0
    assert file_sha256(db) == before
    assert "pecahan.csv, baris 2" in out and "pecahan.csv, baris 3" in out
    assert "31,49%" in out and "52,10%" in out  # what the counts give, so the user sees the slip


def test_a_rate_not_printed_is_named_not_read_as_zero(db, tmp_path):
    path = tmp_path / "strip.csv"
    path.write_text("Kabupaten/Kota;Jumlah Peserta Aktif;Jumlah Pekerja;Persentase (%)\n"
                    "Kota Mataram;120.550;231.400;-\n", encoding="utf-8")
    before = file_sha256(db)
    code, out = run(db, path, "--period", "2025-09", "--province", "52")
    assert code != 0 and file_sha256(db) == before
    assert "strip.csv, baris 2, kolom 'Persentase (%)', nilai '-'" in out


def test_month_columns_written_as_excel_shows_dates(db, tmp_path):
    # One column per month, headed as Excel shows a date formatted mmm-yy.
    path = tmp_path / "bulanan.csv"
    path.write_text("Kabupaten/Kota;Jan-25;Feb-25;Mar-25\n"
                    "Kota Mataram;48,12;49,30;50,05\n"
                    "Sumbawa Barat;61,50;62,35;63,00\n"
                    "Sumber: BPJS Ketenagakerjaan;;;\n", encoding="utf-8")
    code, out = run(db, path, "--period", "2025-02", "--province", "52")
    assert code == 0, out
    assert published(db, "2025-02") == {"52.71": (49.30, None, None), "52.07": (62.35, None, None)}


def test_the_first_sheet_a_reader_sees_is_read(db, tmp_path):
    # A hidden lookup sheet first and an empty "Sheet1" before the table.
    import xlsxwriter

    path = tmp_path / "ucj.xlsx"
    wb = xlsxwriter.Workbook(path)
    lookup = wb.add_worksheet("Kode")
    lookup.write_row(0, 0, ["kode", "nama"])
    lookup.write_row(1, 0, ["52.71", "Kota Mataram"])
    lookup.hide()
    wb.add_worksheet("Sheet1")
    data = wb.add_worksheet("Data")
    data.activate()
    data.write_row(0, 0, ["Kabupaten/Kota", "Jumlah Peserta Aktif", "Jumlah Pekerja", "Persentase (%)"])
    data.write_row(1, 0, ["Kota Mataram", 120550, 231400, 52.10])
    wb.close()
    code, out = run(db, path, "--period", "2025-09", "--province", "52")
    assert code == 0, out
    assert published(db, "2025-09") == {"52.71": (52.10, 120550, 231400)}


def test_a_fraction_cannot_derive_a_count(db, tmp_path):
    # 0,5210 with only the participants printed would make Kota Mataram's workers
    # 120.550 / 0,00521 = about 23 million: refused, nothing written.
    path = tmp_path / "satu_jumlah.csv"
    path.write_text("Kabupaten/Kota;Bulan;Jumlah Peserta Aktif;Persentase (%)\n"
                    "Kota Mataram;September 2025;120.550;0,5210\n", encoding="utf-8")
    before = file_sha256(db)
    code, out = run(db, path)
    assert code != 0 and file_sha256(db) == before
    assert "satu_jumlah.csv, baris 2" in out and "52,10%" in out


def test_a_rate_under_one_percent_alone_is_kept_with_a_warning(db, tmp_path):
    # Nothing to check it against: kept as printed (0,3325 %), the warning says what 33,25 % would be.
    path = tmp_path / "provinsi.csv"
    path.write_text("Provinsi;Bulan;Persentase (%)\nNusa Tenggara Barat;September 2025;0,3325\n", encoding="utf-8")
    code, out = run(db, path)
    assert code == 0, out
    assert "provinsi.csv, baris 2" in out and "33,25%" in out
    assert published(db, "2025-09") == {"52": (0.3325, None, None)}


def group_table(path, parts: list[str], rows: list[list]) -> None:
    """A merged title, and "Peserta Aktif" merged over its parts on a second header row."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Tabel")
    last = 3 + len(parts)
    ws.merge_range(0, 0, 0, last, "Capaian UCJ Kabupaten/Kota NTB, September 2025")
    ws.merge_range(2, 0, 3, 0, "No.")
    ws.merge_range(2, 1, 3, 1, "Kabupaten/Kota")
    ws.merge_range(2, 2, 2, 1 + len(parts), "Peserta Aktif")
    ws.write_row(3, 2, parts)
    ws.merge_range(2, last - 1, 3, last - 1, "Potensi Pekerja")
    ws.merge_range(2, last, 3, last, "Cakupan (%)")
    for i, row in enumerate(rows):
        ws.write_row(4 + i, 0, [i + 1, *row])
    wb.close()


def test_a_group_heading_over_segments_and_their_total(db, tmp_path):
    path = tmp_path / "kelompok.xlsx"
    group_table(path, ["PU", "BPU", "Jumlah"], [["Kab. Lombok Barat", 70000, 28412, 98412, 312540, 31.49],
                                                ["Kota Mataram", 90550, 30000, 120550, 231400, 52.10]])
    code, out = run(db, path, "--period", "2025-09", "--province", "52")
    assert code == 0, out
    assert published(db, "2025-09") == {"52.01": (31.49, 98412, 312540), "52.71": (52.10, 120550, 231400)}


def test_segment_parts_without_a_total_are_passed_over_by_name(db, tmp_path):
    # Not two columns both read as "Peserta Aktif": each part is named and passed over, and the
    # participants are derived from the printed rate (312.540 x 31,49 %), labelled as derived.
    path = tmp_path / "kelompok.xlsx"
    group_table(path, ["PU", "BPU"], [["Kab. Lombok Barat", 70000, 28412, 312540, 31.49]])
    code, out = run(db, path, "--period", "2025-09", "--province", "52")
    assert code == 0, out
    assert "'Peserta Aktif PU'" in out and "'Peserta Aktif BPU'" in out
    assert published(db, "2025-09") == {"52.01": (31.49, round(312540 * 31.49 / 100), 312540)}


def test_a_bps_employment_table_with_its_own_column_heading(db, tmp_path):
    path = tmp_path / "bekerja.csv"
    path.write_text("Tabel 3.2 Penduduk Berumur 15 Tahun Ke Atas yang Bekerja menurut Kabupaten/Kota;;\n"
                    "Kabupaten/Kota;Penduduk Berumur 15 Tahun Ke Atas yang Bekerja;\n"
                    ";Agustus 2023;Agustus 2024\n"
                    "Lombok Barat;372 114;381 902\n"
                    "Kota Mataram;232 015;236 410\n"
                    "Nusa Tenggara Barat;604 129;618 312\n"
                    "Sumber: BPS, Sakernas Agustus;;\n", encoding="utf-8")
    code = main(["import", str(path), "--kind", "workforce", "--basis", "bps", "--period", "2024-08",
                 "--province", "52", "--source-title", "BPS Sakernas Agustus 2024", "--db", str(db)])
    assert code == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = dict(con.execute("select regency_code, workers from workforce where period = date '2024-08-01' "
                                "and basis = 'bps' and regency_code in ('52.01', '52.71')").fetchall())
    finally:
        con.close()
    assert rows == {"52.01": 381902, "52.71": 236410}


def test_a_year_column_with_a_footnote_mark(db, tmp_path):
    # "2025*)": the latest year marked preliminary, as BPS and Dinas tables do.
    path = tmp_path / "tahunan.csv"
    path.write_text("Kabupaten/Kota;Persentase (%);;\n;2023;2024;2025*)\n"
                    "Kota Mataram;48,12;49,30;50,05\nLombok Barat;28,40;29,02;30,11\n"
                    "*) angka sementara;;;\n", encoding="utf-8")
    code, out = run(db, path, "--period", "2025-12", "--province", "52")
    assert code == 0, out
    assert published(db, "2025-12") == {"52.71": (50.05, None, None), "52.01": (30.11, None, None)}


def test_months_heading_groups_of_measures(db, tmp_path):
    # A monthly Kanwil report: each month heads its own "Peserta Aktif" and "Persentase (%)".
    path = tmp_path / "per_bulan.csv"
    path.write_text("Kabupaten/Kota;Juli 2025;;Agustus 2025;\n"
                    ";Peserta Aktif;Persentase (%);Peserta Aktif;Persentase (%)\n"
                    "Kota Mataram;118.200;51,08;120.550;52,10\n"
                    "Lombok Barat;97.100;31,07;98.412;31,49\n"
                    "Sumber: BPJS Ketenagakerjaan;;;;\n", encoding="utf-8")
    code, out = run(db, path, "--period", "2025-08", "--province", "52")
    assert code == 0, out
    # The workers are not printed: derived from the August rate (120.550 / 52,10 %, 98.412 / 31,49 %).
    assert published(db, "2025-08") == {"52.71": (52.10, 120550, round(120550 * 100 / 52.10)),
                                        "52.01": (31.49, 98412, round(98412 * 100 / 31.49))}


def test_formulas_a_program_never_calculated_are_refused(db, tmp_path):
    # xlsxwriter (like openpyxl and most report generators) writes a formula with a placeholder
    # result of 0 and asks the spreadsheet to calculate on opening: read as it stands, Kota
    # Mataram's printed 52,10 % would come in as 0 %.
    import xlsxwriter

    path = tmp_path / "rumus.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, ["Kabupaten/Kota", "Jumlah Peserta Aktif", "Jumlah Pekerja", "Persentase (%)"])
    ws.write_row(1, 0, ["Kota Mataram", 120550, 231400])
    ws.write_formula(1, 3, "=B2/C2*100")
    wb.close()
    before = file_sha256(db)
    code, out = run(db, path, "--period", "2025-09", "--province", "52")
    assert code != 0 and file_sha256(db) == before
    assert "rumus.xlsx, baris 2, nilai 'D2'" in out


def test_a_column_in_thousands_is_refused_not_read_as_people(db, tmp_path):
    # BPS prints employment in thousands: read as it stands, Lombok Barat's 381,9 thousand
    # workers would be 382 people and its coverage some 12.000 %.
    path = tmp_path / "ribu.csv"
    path.write_text("Tabel 3.3 Penduduk Bekerja menurut Kabupaten/Kota;\n"
                    "Kabupaten/Kota;Penduduk Bekerja (Ribu Jiwa)\nLombok Barat;382\nKota Mataram;236\n",
                    encoding="utf-8")
    before = file_sha256(db)
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["import", str(path), "--kind", "workforce", "--basis", "bps", "--period", "2024-08",
                     "--province", "52", "--source-title", "BPS", "--db", str(db)])
    assert code != 0 and file_sha256(db) == before
    assert "ribu.csv, baris 2, kolom 'Penduduk Bekerja (Ribu Jiwa)'" in out.getvalue()
    assert "382.000" in out.getvalue()  # the fix says what to write


def test_segments_and_their_printed_total_are_not_counted_twice(db, tmp_path):
    # Kota Tangerang, August 2025 (Tangerang Ekspres, 4 Aug 2025): PU 514.541 + BPU 238.238 +
    # Jakon 15.408 = 768.187 participants, listed with their "Jumlah" as publishers do.
    path = tmp_path / "segmen.csv"
    path.write_text("Kabupaten/Kota;Segmen;Peserta Aktif\nKota Tangerang;PU;514.541\nKota Tangerang;BPU;238.238\n"
                    "Kota Tangerang;Jakon;15.408\nKota Tangerang;Jumlah;768.187\n", encoding="utf-8")
    code = main(["import", str(path), "--kind", "membership", "--period", "2025-08", "--source-title",
                 "BPJS Ketenagakerjaan Tangerang Cikokol Bayarkan Klaim Rp345 Miliar (Tangerang Ekspres)",
                 "--db", str(db)])
    assert code == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = dict(con.execute("select segment, active_participants from membership where regency_code = '36.71' "
                                  "and period = date '2025-08-01'").fetchall())
    finally:
        con.close()
    assert stored == {"PU": 514541, "BPU": 238238, "JAKON": 15408}
    assert sum(stored.values()) == 768187


def test_a_total_that_its_segments_do_not_make_is_refused(db, tmp_path):
    path = tmp_path / "segmen.csv"
    path.write_text("Kabupaten/Kota;Segmen;Peserta Aktif\nKota Tangerang;PU;514.541\nKota Tangerang;BPU;238.238\n"
                    "Kota Tangerang;Jumlah;768.187\n", encoding="utf-8")
    before = file_sha256(db)
    code = main(["import", str(path), "--kind", "membership", "--period", "2025-08", "--source-title", "x",
                 "--db", str(db)])
    assert code != 0 and file_sha256(db) == before


def test_sectors_and_their_printed_total_are_not_counted_twice(db, tmp_path):
    path = tmp_path / "sektor.csv"
    path.write_text("Kabupaten/Kota;Sektor;Pekerja\nKota Mataram;Formal;150.000\nKota Mataram;Informal;81.400\n"
                    "Kota Mataram;Jumlah;231.400\n", encoding="utf-8")
    code = main(["import", str(path), "--kind", "workforce", "--basis", "ucj", "--period", "2025-09",
                 "--source-title", "x", "--db", str(db)])
    assert code == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        total = con.execute("select sum(workers) from workforce where regency_code = '52.71' and basis = 'ucj' "
                            "and period = date '2025-09-01'").fetchall()[0][0]
    finally:
        con.close()
    assert total == 150000 + 81400 == 231400


def test_kota_group_rows_of_a_bps_table(db, tmp_path):
    # BPS's bilingual layout: the kabupaten, then the kota, each under a group row. "Bima" is the
    # kabupaten under the first and the kota under the second.
    path = tmp_path / "kelompok.csv"
    path.write_text("Kabupaten/Kota;Penduduk Bekerja\n"
                    "Kabupaten/Regency;\nLombok Barat;381 902\nBima;263 518\n"
                    "Kota/Municipality;\nMataram;236 410\nBima;84 207\n"
                    "Nusa Tenggara Barat;966 037\nSumber: BPS;\n", encoding="utf-8")
    code = main(["import", str(path), "--kind", "workforce", "--basis", "bps", "--period", "2024-08",
                 "--province", "52", "--source-title", "BPS", "--db", str(db)])
    assert code == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = dict(con.execute("select regency_code, workers from workforce where period = date '2024-08-01' "
                                "and basis = 'bps' and regency_code in ('52.01', '52.06', '52.71', '52.72')"
                                ).fetchall())
    finally:
        con.close()
    assert rows == {"52.01": 381902, "52.06": 263518, "52.71": 236410, "52.72": 84207}
