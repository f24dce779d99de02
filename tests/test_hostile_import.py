"""Hostile import files and values: each refused with its exact message, no traceback, no server path,
and every table checksum unchanged."""

from __future__ import annotations

import pytest

from cakupan.__main__ import main
from import_support import copy_db, file_sha256, table_checksums

GOOD_ROWS = "periode;kode_wilayah;segmen;jenis_usaha;peserta_aktif\n2025-06;52.71;PU;lainnya;1200\n"


@pytest.fixture(scope="module")
def target(default_db_path, tmp_path_factory):
    """A private database copy with its checksums, shared by every refusal in this file."""
    db = copy_db(default_db_path, tmp_path_factory.mktemp("hostile") / "cakupan.duckdb")
    return {"db": db, "tables": table_checksums(db), "sha": file_sha256(db)}


def refused(target, capsys, path, *args: str) -> str:
    """Run the command-line import; it must refuse (exit 1) without a traceback or a server path,
    and leave every table as it was. Returns what it printed."""
    code = main(["import", str(path), *args, "--db", str(target["db"]), "--lang", "en"])
    out = capsys.readouterr()
    output = out.out + out.err
    assert code == 1, output
    assert "Traceback" not in output
    assert str(path.parent) not in output.replace(f"Reading {path}", "")  # the first line echoes the argument
    assert table_checksums(target["db"]) == target["tables"]
    assert file_sha256(target["db"]) == target["sha"]
    return output


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "bps.go.id/tabel", "ftp://x.org/a"])
def test_a_source_address_that_is_not_http_is_refused(target, capsys, tmp_path, url):
    path = tmp_path / "kepesertaan.csv"
    path.write_text(GOOD_ROWS, encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "membership", "--source-url", url)
    assert f"ERROR: kepesertaan.csv, value '{url}': the source address is not an http(s) web address; " \
           "it was not stored. Fix: Give the publication's full address starting with https:// (or http://), " \
           "or leave the address empty." in output


# --- files that expand ----------------------------------------------------------------------

def xlsx_bomb(path, expanded_mb: int, declared_bytes: int | None = None):
    """A real workbook (xlsxwriter) whose first sheet is replaced by `expanded_mb` MB of empty rows,
    which deflate about 1000:1. `declared_bytes` makes the zip lie about the sheet's size."""
    import struct
    import zipfile

    import xlsxwriter

    plain = path.with_suffix(".plain.xlsx")
    wb = xlsxwriter.Workbook(plain)
    wb.add_worksheet("Data").write_row(0, 0, ["periode", "kode_wilayah", "segmen", "jenis_usaha", "peserta_aktif"])
    wb.close()
    block = b"<row/>" * ((1 << 20) // 6)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, src.read(info))
                continue
            with out.open("xl/worksheets/sheet1.xml", "w") as part:
                part.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                           b'spreadsheetml/2006/main"><sheetData>')
                left = expanded_mb * 1_000_000
                while left > 0:
                    part.write(block[:left])
                    left -= len(block)
                part.write(b"</sheetData></worksheet>")
    plain.unlink()
    if declared_bytes is not None:
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/worksheets/sheet1.xml")
        # The uncompressed size sits at byte 22 of the local header and byte 24 of the central entry.
        local = info.header_offset
        data[local + 22: local + 26] = struct.pack("<I", declared_bytes)
        central = data.index(b"PK\x01\x02")
        while data[central + 46: central + 46 + len(info.filename)] != info.filename.encode():
            central = data.index(b"PK\x01\x02", central + 4)
        data[central + 24: central + 28] = struct.pack("<I", declared_bytes)
        path.write_bytes(bytes(data))
    return path


def test_an_xlsx_part_over_its_budget_is_refused_before_parsing(target, capsys, tmp_path):
    bomb = xlsx_bomb(tmp_path / "kepesertaan_bom.xlsx", expanded_mb=150)
    assert bomb.stat().st_size < 400_000
    output = refused(target, capsys, bomb, "--kind", "membership")
    assert ("ERROR: kepesertaan_bom.xlsx, value 'xl/worksheets/sheet1.xml': part 'xl/worksheets/sheet1.xml' "
            "inside the workbook expands to 150 MB, over the budget of 100 MB per part; the file was refused "
            "before being read. Fix: Split the file by province or by month into smaller files and import them "
            "one by one, or save it as CSV or Parquet.") in output


def test_an_xlsx_part_that_expands_a_thousand_times_is_refused(target, capsys, tmp_path):
    bomb = xlsx_bomb(tmp_path / "rasio.xlsx", expanded_mb=20)
    output = refused(target, capsys, bomb, "--kind", "membership")
    assert "ERROR: rasio.xlsx, value 'xl/worksheets/sheet1.xml': part 'xl/worksheets/sheet1.xml' inside the " \
           "workbook expands " in output
    assert "times its compressed size, over the budget of 100 times (ordinary sheets expand 5–30 times)" in output


def test_an_xlsx_that_lies_about_its_sizes_is_measured_and_refused(target, capsys, tmp_path):
    """The zip says 50 KB; inflating (counted, not kept) finds the part is over its 100 MB budget."""
    bomb = xlsx_bomb(tmp_path / "bohong.xlsx", expanded_mb=120, declared_bytes=50_000)
    output = refused(target, capsys, bomb, "--kind", "membership")
    assert "ERROR: bohong.xlsx, value 'xl/worksheets/sheet1.xml': part 'xl/worksheets/sheet1.xml' inside the " \
           "workbook expands to > 100 MB, over the budget of 100 MB per part" in output


def test_a_csv_field_over_the_csv_modules_limit_is_refused_cleanly(target, capsys, tmp_path):
    path = tmp_path / "panjang.csv"
    path.write_text(GOOD_ROWS + '2025-06;52.01;PU;lainnya;"' + "x" * 200_000 + '"\n', encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "membership")
    assert "ERROR: panjang.csv, row 3: one field is longer than 131,072 characters (the CSV reader's own limit), " \
           "far over the budget of 10,000 characters per field. Fix: Check for an unclosed quote" in output
    assert "_csv.Error" not in output


def test_a_field_over_the_budget_is_refused_with_row_and_column(target, capsys, tmp_path):
    path = tmp_path / "catatan.csv"
    path.write_text(GOOD_ROWS + "2025-06;52.01;PU;lainnya;" + "9" * 12_000 + "\n", encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "membership")
    assert "ERROR: catatan.csv, row 3, column 'peserta_aktif', value '" + "9" * 40 + "…': one field holds " \
           "12,000 characters, over the budget of 10,000 characters per field." in output


def test_too_many_columns_are_refused(target, capsys, tmp_path):
    path = tmp_path / "lebar.csv"
    header = GOOD_ROWS.splitlines()[0] + "".join(f";x{i}" for i in range(200))
    path.write_text(header + "\n" + GOOD_ROWS.splitlines()[1] + ";" * 200 + "\n", encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "membership")
    assert "ERROR: lebar.csv: the file has 205 columns, over the budget of 200 columns. Fix: Keep only the " \
           "columns this kind of data needs" in output


def test_too_many_rows_are_refused_from_the_parquet_footer(target, capsys, tmp_path, monkeypatch):
    import polars as pl

    from cakupan.importer import safety

    monkeypatch.setattr(safety, "MAX_ROWS", 1_000)  # the budget's logic, without a million-row file
    path = tmp_path / "panjang.parquet"
    pl.DataFrame({"periode": ["2025-06"] * 1_001, "kode_wilayah": ["52.71"] * 1_001, "segmen": ["PU"] * 1_001,
                  "jenis_usaha": ["lainnya"] * 1_001, "peserta_aktif": list(range(1_001))}).write_parquet(path)
    output = refused(target, capsys, path, "--kind", "membership")
    assert "ERROR: panjang.parquet: the file has 1,001 rows, over the budget of 1,000 rows per table file. " \
           "Fix: Split the file by province or by month" in output


# --- numbers are finite and plausible -------------------------------------------------------

NOT_FINITE = ("the value is not a finite number (NaN or infinity). Fix: Write the number itself; if it is not "
              "known, leave the cell empty (or drop the row) and check the source for a formula or a division by "
              "zero.")


@pytest.mark.parametrize("bad, shown", [(float("nan"), "NaN"), (float("inf"), "inf"), (float("-inf"), "-inf")])
def test_non_finite_counts_in_parquet_are_refused(target, capsys, tmp_path, bad, shown):
    import polars as pl

    path = tmp_path / "aktif.parquet"
    pl.DataFrame({"periode": ["2025-06", "2025-06"], "kode_wilayah": ["52.71", "52.01"], "segmen": ["PU", "PU"],
                  "jenis_usaha": ["lainnya", "lainnya"], "peserta_aktif": [1200.0, bad]}).write_parquet(path)
    output = refused(target, capsys, path, "--kind", "membership")
    assert f"ERROR: aktif.parquet, row 2, column 'peserta_aktif', value '{shown}': {NOT_FINITE}" in output


def test_a_huge_count_in_parquet_is_refused_as_implausible(target, capsys, tmp_path):
    import polars as pl

    path = tmp_path / "besar.parquet"
    pl.DataFrame({"periode": ["2025-06"], "kode_wilayah": ["52.71"], "segmen": ["PU"], "jenis_usaha": ["lainnya"],
                  "peserta_aktif": [1e308]}).write_parquet(path)
    output = refused(target, capsys, path, "--kind", "membership")
    assert "ERROR: besar.parquet, row 1, column 'peserta_aktif', value '1e+308': the value is above 300,000,000, " \
           "the largest this column can plausibly hold. Fix: Check the unit (thousands or units, percent or " \
           "fraction) and the cell; a count of people cannot exceed Indonesia's population." in output


@pytest.mark.parametrize("bad, shown", [(float("nan"), "NaN"), (float("inf"), "inf"), (1e308, "1e+308")])
def test_non_finite_or_huge_targets_in_parquet_are_refused(target, capsys, tmp_path, bad, shown):
    """A NaN target used to be stored silently, inf and 1e308 with only an 'above 100%' warning."""
    import polars as pl

    path = tmp_path / "target.parquet"
    pl.DataFrame({"ditetapkan_oleh": ["Pemprov NTB"], "jenis_penetap": ["Pemprov"], "tingkat": ["province"],
                  "kode_wilayah": ["52"], "metrik": ["coverage_rate"], "dasar": ["ucj"], "target": [bad],
                  "mulai": ["2025-01"], "tenggat": ["2026-12"]}).write_parquet(path)
    output = refused(target, capsys, path, "--kind", "targets")
    expected = NOT_FINITE if shown != "1e+308" else "the value is above 300,000,000"
    assert f"ERROR: target.parquet, row 1, column 'target', value '{shown}': {expected}" in output


def test_an_implausible_count_written_as_text_is_refused_too(target, capsys, tmp_path):
    path = tmp_path / "ribuan.csv"
    path.write_text(GOOD_ROWS + "2025-06;52.01;PU;lainnya;450.000.000\n", encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "membership")
    assert "ERROR: ribuan.csv, row 3, column 'peserta_aktif', value '450.000.000': the value is above 300,000,000" \
        in output


# --- refusals, never tracebacks -------------------------------------------------------------

def test_a_list_typed_code_column_in_parquet_is_refused(target, capsys, tmp_path):
    import polars as pl

    path = tmp_path / "daftar.parquet"
    pl.DataFrame({"periode": ["2025-06"], "kode_wilayah": [["52.71", "52.01"]], "segmen": ["PU"],
                  "jenis_usaha": ["lainnya"], "peserta_aktif": [1200]}).write_parquet(path)
    output = refused(target, capsys, path, "--kind", "membership")
    assert "ERROR: daftar.parquet, column 'kode_wilayah': the column has a nested type (large_list<element: " \
           "large_string>); each cell must hold one value. Fix: Write this column as plain text or numbers, " \
           "one value per row." in output


def test_a_failed_commit_says_nothing_was_written_and_why(target, capsys, tmp_path, monkeypatch):
    """The rows are written inside the transaction, then the commit fails as on a full disk."""
    import duckdb

    from cakupan.importer import store

    real_write = store._write

    def write_then_fail(cur, *args):
        real_write(cur, *args)
        raise duckdb.TransactionException("TransactionContext Error: Failed to commit: could not write "
                                          "/srv/cakupan/data/cakupan.duckdb.wal: No space left on device")

    monkeypatch.setattr(store, "_write", write_then_fail)
    path = tmp_path / "kepesertaan.csv"
    path.write_text(GOOD_ROWS, encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "membership")
    assert "ERROR: kepesertaan.csv: the database refused to save the import (TransactionContext Error: Failed to " \
           "commit: could not write cakupan.duckdb.wal: No space left on device); nothing was written, the " \
           "database is as it was. Fix: Check the free disk space" in output
    assert "/srv/cakupan" not in output


def test_an_unexpected_error_while_reading_is_a_refusal_without_the_server_path(target, capsys, tmp_path,
                                                                                 monkeypatch):
    from cakupan import importer

    def broken(path, *args):
        raise MemoryError(f"could not allocate 4294967296 bytes while reading {path}")

    monkeypatch.setattr(importer, "read_table", broken)
    path = tmp_path / "kepesertaan.csv"
    path.write_text(GOOD_ROWS, encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "membership")
    assert "ERROR: kepesertaan.csv: the file could not be imported because of an unexpected problem (could not " \
           "allocate 4294967296 bytes while reading kepesertaan.csv); nothing was written." in output


def test_a_reader_error_detail_loses_the_server_path(target, capsys, tmp_path):
    """A member-level CSV that DuckDB cannot read: its error names the temporary path; the user sees the name."""
    path = tmp_path / "ekstrak.csv"
    path.write_text("id_peserta,periode,kode_wilayah,segmen,jenis_usaha,status\n"
                    'a1,2025-06,52.71,PU,lainnya,aktif\n"a2,2025-06,52.71,PU,lainnya,aktif\n', encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "membership")
    assert 'ERROR: ekstrak.csv: the extract cannot be read (Invalid Input Error: Error when sniffing file ' \
           '"ekstrak.csv".). Fix: Export the extract again' in output


# --- text normalisation ---------------------------------------------------------------------

def dry_run(target, capsys, path, *args: str) -> str:
    """A dry run that must be accepted; returns what it printed."""
    code = main(["import", str(path), *args, "--db", str(target["db"]), "--lang", "en", "--dry-run"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert table_checksums(target["db"]) == target["tables"]
    return out.out + out.err


@pytest.mark.parametrize("cell, column, char", [
    ("１２００", "peserta_aktif", "U+FF11 FULLWIDTH DIGIT ONE"),
    ("١٢٠٠", "peserta_aktif", "U+0661 ARABIC-INDIC DIGIT ONE"),
])
def test_non_ascii_digits_in_counts_are_refused(target, capsys, tmp_path, cell, column, char):
    path = tmp_path / "angka.csv"
    path.write_text(GOOD_ROWS + f"2025-06;52.01;PU;lainnya;{cell}\n", encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "membership")
    assert f"ERROR: angka.csv, row 3, column '{column}', value '{cell}': the text holds the digit {char}, not an " \
           "ASCII digit 0–9; such digits are never converted by guessing. Fix: Retype the number with the digits " \
           "0–9" in output


def test_fullwidth_digits_in_a_period_are_refused(target, capsys, tmp_path):
    path = tmp_path / "periode.csv"
    path.write_text(GOOD_ROWS + "２０２５-06;52.01;PU;lainnya;15\n", encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "membership")
    assert "ERROR: periode.csv, row 3, column 'periode', value '２０２５-06': the text holds the digit U+FF12 " \
           "FULLWIDTH DIGIT TWO" in output


@pytest.mark.parametrize("char, name", [("\x07", "U+0007"), ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE")])
def test_control_characters_are_refused_and_named(target, capsys, tmp_path, char, name):
    """The value is printed with the character as its code, so a terminal never receives it."""
    path = tmp_path / "kendali.csv"
    path.write_text(f"nama_koperasi;kode_wilayah;anggota;anggota_terdaftar;per\nKopdit{char} Uji;53.71;100;50;2025-06\n",
                    encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "cooperatives")
    assert f"ERROR: kendali.csv, row 2, column 'nama_koperasi', value 'Kopdit\\u{ord(char):04x} Uji': the text holds the " \
           f"control character {name}, which has no place in a cell." in output
    assert char not in output


def test_a_zero_width_space_is_removed_so_the_name_matches_its_cooperative(target, capsys, tmp_path):
    """'Kopdit Obor Mas' plus U+200B used to become a second, identical-looking cooperative."""
    path = tmp_path / "koperasi.csv"
    path.write_text("nama_koperasi;kode_wilayah;anggota;anggota_terdaftar;per\n"
                    "Kopdit Obor Mas\u200b;53.07;60000;200;2025-06\n", encoding="utf-8")
    output = dry_run(target, capsys, path, "--kind", "cooperatives")
    assert "WARNING: koperasi.csv, row 2, column 'nama_koperasi': the invisible characters U+200B ZERO WIDTH " \
           "SPACE were removed from 1 cell(s) of this column (the first in this row); they make two names that " \
           "look the same differ." in output
    assert "Changes: 0 new period×area groups, 1 replaced" in output


def test_decomposed_accents_are_stored_composed_and_the_dry_run_says_so(tmp_path):
    from cakupan.importer import safety
    from cakupan.importer.reading import read_table

    path = tmp_path / "aksen.csv"
    path.write_text("nama_koperasi;kode_wilayah\nKope\u0301rasi;53.07\n", encoding="utf-8")
    raw, warnings = safety.normalised(read_table(path, "csv", "aksen.csv"))
    assert raw.column(0) == ["Kop\u00e9rasi"]
    assert [w.text("en") for w in warnings] == [
        "WARNING: aksen.csv, column 'nama_koperasi': 1 cell(s) of this column used decomposed accented letters "
        "and are stored composed (Unicode NFC). Fix: Nothing to do."]


def test_messages_are_in_indonesian_by_default_with_indonesian_numbers(target, capsys, tmp_path):
    path = tmp_path / "ribuan.csv"
    path.write_text(GOOD_ROWS + "2025-06;52.01;PU;lainnya;450.000.000\n", encoding="utf-8")
    code = main(["import", str(path), "--kind", "membership", "--db", str(target["db"])])
    output = capsys.readouterr().out
    assert code == 1
    assert "GALAT: ribuan.csv, baris 3, kolom 'peserta_aktif', nilai '450.000.000': nilai ini melebihi 300.000.000, " \
           "batas terbesar yang masuk akal untuk kolom ini. Perbaikan: Periksa satuannya" in output
    assert table_checksums(target["db"]) == target["tables"]


def test_fullwidth_digits_in_a_member_extract_or_a_stated_period_are_refused(target, capsys, tmp_path):
    path = tmp_path / "ekstrak.csv"
    path.write_text("id_peserta,periode,kode_wilayah,segmen,jenis_usaha,status\n"
                    "a1,2025-06,52.71,PU,lainnya,aktif\na2,２０２５-06,52.71,PU,lainnya,aktif\n", encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "membership")
    assert "ERROR: ekstrak.csv, row 3, column 'periode', value '２０２５-06': the text holds the digit U+FF12 " \
           "FULLWIDTH DIGIT TWO, not an ASCII digit 0–9" in output
    table = tmp_path / "tanpa_periode.csv"
    table.write_text("kode_wilayah;segmen;jenis_usaha;peserta_aktif\n52.71;PU;lainnya;1200\n", encoding="utf-8")
    output = refused(target, capsys, table, "--kind", "membership", "--period", "２０２５-06")
    assert "ERROR: tanpa_periode.csv, column '--period', value '２０２５-06': the text holds the digit U+FF12" in output


def test_a_typed_source_title_follows_the_same_text_rules(target, capsys, tmp_path):
    from cakupan.importer import safety

    path = tmp_path / "kepesertaan.csv"
    path.write_text(GOOD_ROWS, encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "membership", "--source-title", "BPS\u202e NTB")
    assert "ERROR: kepesertaan.csv, value 'BPS\\u202e NTB': the text holds the control character U+202E " \
           "RIGHT-TO-LEFT OVERRIDE, which has no place in a cell." in output
    assert safety.statement(" Kope\u0301rasi\u200b NTB ") == "Kop\u00e9rasi NTB"


def parquet_bomb(path, rows: int, text_chars: int, dictionary: bool = True):
    """A membership Parquet whose extra text column repeats one long text in every row."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    text = pa.array(["x" * text_chars])
    column = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), text) if dictionary \
        else pa.array(["x" * text_chars] * rows)
    table = pa.table({"periode": ["2025-06"] * rows, "kode_wilayah": ["52.71"] * rows, "segmen": ["PU"] * rows,
                      "jenis_usaha": ["lainnya"] * rows, "peserta_aktif": [1] * rows, "catatan": column})
    pq.write_table(table, path, use_dictionary=dictionary, compression="zstd")
    return path


def test_a_parquet_text_repeated_through_its_dictionary_is_refused_before_polars_reads_it(target, capsys, tmp_path):
    """200.000 rows of one 1 MB text: 6 KB on disk, 200 GB once polars made every cell a string."""
    bomb = parquet_bomb(tmp_path / "kamus.parquet", 200_000, 1_000_000)
    assert bomb.stat().st_size < 20_000
    output = refused(target, capsys, bomb, "--kind", "membership")
    assert "ERROR: kamus.parquet, row 1, column 'catatan': one field holds 1,000,000 characters, over the budget " \
           "of 10,000 characters per field." in output


def test_a_parquet_that_unpacks_past_its_budget_is_refused(target, capsys, tmp_path):
    """Each text is within the field budget, but 200.000 of them make 1,8 GB."""
    bomb = parquet_bomb(tmp_path / "besar.parquet", 200_000, 9_000)
    output = refused(target, capsys, bomb, "--kind", "membership")
    assert "ERROR: besar.parquet: the Parquet file's contents become 1,804 MB once unpacked, over the budget of " \
           "500 MB; the file was refused before being read. Fix: Split the file by province or by month" in output


def test_plain_parquet_pages_past_the_budget_are_refused_from_the_footer(target, capsys, tmp_path, monkeypatch):
    from cakupan.importer import safety

    monkeypatch.setattr(safety, "PARQUET_MAX_BYTES", 1_000_000)  # the footer check, without writing 500 MB
    bomb = parquet_bomb(tmp_path / "halaman.parquet", 300, 5_000, dictionary=False)
    output = refused(target, capsys, bomb, "--kind", "membership")
    assert "ERROR: halaman.parquet: the Parquet file's contents become 2 MB once unpacked, over the budget of 1 MB" \
        in output


def test_a_csv_with_too_many_lines_is_refused_before_its_rows_are_built(target, capsys, tmp_path, monkeypatch):
    from cakupan.importer import safety

    monkeypatch.setattr(safety, "MAX_ROWS", 1_000)
    path = tmp_path / "baris.csv"
    path.write_text(GOOD_ROWS.splitlines()[0] + "\n" + "2025-06;52.71;PU;lainnya;1\n" * 1_001, encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "membership")
    assert "ERROR: baris.csv: the file has 1,001 rows, over the budget of 1,000 rows per table file." in output


def test_a_table_file_over_its_size_budget_is_refused_unread(target, capsys, tmp_path):
    path = tmp_path / "besar.csv"
    with open(path, "wb") as f:
        f.write(GOOD_ROWS.encode())
        f.truncate(250_000_000)  # sparse: nothing past the first rows is on disk
    output = refused(target, capsys, path, "--kind", "membership")
    assert "ERROR: besar.csv: the table file is 250 MB, over the budget of 200 MB for a file read whole; it was " \
           "refused without being read." in output


def test_a_boundary_file_refusal_shows_no_server_path(tmp_path, capsys):
    """Random bytes named .geojson: the reader's error names the file, no longer its server path."""
    import os
    import shutil

    from import_support import ROOT, layer_hashes

    geo = tmp_path / "geo"
    geo.mkdir()
    for name in ("provinces.geojson", "regencies.geojson", "boundaries.json"):
        shutil.copyfile(ROOT / "geo" / name, geo / name)
    before = layer_hashes(geo)
    path = tmp_path / "batas.geojson"
    path.write_bytes(os.urandom(4096))
    code = main(["import-boundaries", str(path), "--level", "province", "--code-column", "kode",
                 "--geo-dir", str(geo), "--lang", "en"])
    out = capsys.readouterr()
    output = out.out + out.err
    assert code == 1
    assert output.startswith("ERROR: batas.geojson: the boundary file cannot be read as GeoJSON, GeoPackage or "
                             "Shapefile ('batas.geojson' not recognized as being in a supported file format.")
    assert "Traceback" not in output and str(tmp_path) not in output
    assert layer_hashes(geo) == before


MEASURE = """
import sys, time
from pathlib import Path
import duckdb
from cakupan.importer import ImportOptions, ImportRefused, prepare


def peak_kb():
    # VmHWM, not getrusage: ru_maxrss survives exec and would count the forking pytest process.
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))


con = duckdb.connect(sys.argv[1], read_only=True)
before = peak_kb()
start = time.perf_counter()
try:
    prepare(con, Path(sys.argv[2]), ImportOptions(kind="membership"))
    outcome = "accepted"
except ImportRefused as refused:
    outcome = refused.problems[0].code
print(outcome, time.perf_counter() - start, before, peak_kb())
"""


@pytest.mark.parametrize("expanded_mb, declared", [(150, None), (120, 50_000)], ids=["honest", "lying"])
def test_a_zip_bomb_is_refused_in_under_two_seconds_and_300_mb(target, tmp_path, expanded_mb, declared):
    """Measured in a fresh process: the refusal's time, and the whole process's peak memory (Python,
    polars and DuckDB included). A lying zip is the slow case: its part is inflated, uncounted bytes
    dropped, up to the 100 MB budget; an honest one is refused from its directory alone."""
    import subprocess
    import sys

    from import_support import ROOT

    bomb = xlsx_bomb(tmp_path / "bom.xlsx", expanded_mb, declared)
    done = subprocess.run([sys.executable, "-c", MEASURE, str(target["db"]), str(bomb)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    outcome, seconds, before_kb, peak_kb = done.stdout.split()
    print(f"{bomb.stat().st_size:,} bytes expanding to {expanded_mb} MB: refused in {float(seconds):.3f} s, "
          f"peak {int(peak_kb) / 1024:.0f} MB ({int(before_kb) / 1024:.0f} MB before the import)")
    assert outcome == "xlsx_part_budget"
    assert float(seconds) < 2.0
    assert int(peak_kb) < 300 * 1024
