"""Publishers' tables: title rows, two-row headers, period columns, footnotes, a province total row."""

from __future__ import annotations

from datetime import date

import pytest

from cakupan.importer import ImportOptions, ImportRefused, prepare

TODAY = date(2025, 6, 15)
TABLE = ("Tabel 5.2 Jumlah Peserta Aktif BPJS Ketenagakerjaan menurut Kabupaten/Kota di Provinsi NTB\n"
         "\n"
         "Kabupaten/Kota;Peserta Aktif (orang);\n"
         ";2024;2025\n"
         "(1);(2);(3)\n"
         "Lombok Barat;1.100;1.250\n"
         "Kota Mataram;2.200;2.350\n"
         "{total}\n"
         "Sumber: BPS Provinsi Nusa Tenggara Barat\n"
         "Catatan: angka sementara\n")


@pytest.fixture
def con(writable_fixture_db):
    """A writable fixture database (see conftest)."""
    return writable_fixture_db


def plan(con, tmp_path, text: str, **kw):
    path = tmp_path / "bps.csv"
    path.write_text(text, encoding="utf-8")
    return prepare(con, path, ImportOptions(kind="membership", today=TODAY, **kw))


def test_a_bps_table_reads_with_the_period_column_chosen(con, tmp_path):
    p = plan(con, tmp_path, TABLE.format(total="Nusa Tenggara Barat;3.300;3.600"), period="2025-04")
    assert p.frame.select("regency_code", "segment", "active_participants", "file_row").rows() == [
        ("52.01", "ALL", 1250, 6), ("52.71", "ALL", 2350, 7)]
    codes = {w.code: w for w in p.warnings}
    assert codes["title_rows_skipped"].params["rows"] == "1"
    assert codes["footnote_skipped"].params["rows"] == "9–10"
    assert codes["period_column_chosen"].value == "2025"
    # The province's own row is not an area: skipped, and it agrees with its kab/kota (1.250 + 2.350).
    total = codes["total_row_skipped"]
    assert (total.row, total.value, total.params["total"], total.params["sum"]) == (8, "Nusa Tenggara Barat", 3600, 3600)


def test_a_total_row_that_disagrees_is_reported(con, tmp_path):
    p = plan(con, tmp_path, TABLE.format(total="Jumlah;3.300;3.700"), period="2025-04")
    [mismatch] = [w for w in p.warnings if w.code == "total_row_mismatch"]
    assert (mismatch.params["total"], mismatch.params["sum"], mismatch.params["difference"]) == (3700, 3600, 100)
    assert "3.700" in mismatch.text("id") and "selisih 100" in mismatch.text("id")


def test_header_row_can_be_stated(con, tmp_path):
    text = "Laporan bulanan\nKanwil Banuspa\nkode wilayah;jumlah tk;\n52.71;2.350;\n"
    with pytest.raises(ImportRefused):
        plan(con, tmp_path, text, period="2025-04")  # 'jumlah tk' is not a known name
    text = "Laporan bulanan\nKanwil Banuspa\nkode wilayah;peserta aktif\n52.71;2.350\n"
    p = plan(con, tmp_path, text, period="2025-04", header_row=3)
    assert p.frame.select("regency_code", "active_participants").rows() == [("52.71", 2350)]


def test_a_period_that_has_no_column_is_refused(con, tmp_path):
    with pytest.raises(ImportRefused) as refused:
        plan(con, tmp_path, TABLE.format(total=""), period="2023-12")
    [problem] = refused.value.errors
    assert problem.code == "period_column_missing" and problem.params["labels"] == "2024, 2025"


def test_merged_cells_among_the_data_are_still_refused(con, tmp_path):
    import xlsxwriter

    path = tmp_path / "merged.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    ws.merge_range(0, 0, 0, 2, "Tabel 1. Peserta aktif")
    ws.write_row(2, 0, ["periode", "kode_wilayah", "peserta_aktif"])
    ws.merge_range(3, 0, 4, 0, "2025-04")
    ws.write_row(3, 1, ["52.71", 2350])
    ws.write_row(4, 1, ["52.01", 1250])
    wb.close()
    with pytest.raises(ImportRefused) as refused:
        prepare(con, path, ImportOptions(kind="membership", today=TODAY))
    assert [(p.code, p.row, p.value) for p in refused.value.errors] == [("merged_cells", 4, "A4:A5")]


def test_the_same_table_read_for_another_year_is_another_batch(con, tmp_path):
    from cakupan.importer import apply

    text = TABLE.format(total="")
    first = apply(con, plan(con, tmp_path, text, period="2025-04"))
    again = plan(con, tmp_path, text, period="2025-04")
    assert again.already_batch == first.batch_id  # same file, same reading: nothing to do
    other = plan(con, tmp_path, text, period="2024-04")
    assert other.already_batch is None  # the 2024 column is different rows
    second = apply(con, other)
    assert not second.already and second.batch_id == first.batch_id + 1
    assert con.execute("select period, active_participants from membership where regency_code = '52.71' "
                       "and segment = 'ALL' order by period").fetchall() == [
        (date(2024, 4, 1), 2200), (date(2025, 4, 1), 2350)]


@pytest.mark.parametrize("heading, warned", [("Peserta Terdaftar", True), ("Pekerja Terdaftar", True),
                                             ("Peserta Aktif", False)])
def test_a_registered_heading_is_read_as_active_with_a_warning(con, tmp_path, heading, warned):
    # Nationally 61,08 juta were registered against 41,56 juta active (December 2023): a registered
    # count read as active would overstate coverage by about half. Articles also write "terdaftar"
    # for the covered count, so the column is read, and said.
    p = plan(con, tmp_path, f"kode wilayah;{heading}\n52.71;2.350\n", period="2025-04")
    assert p.frame.select("regency_code", "active_participants").rows() == [("52.71", 2350)]
    said = [w for w in p.warnings if w.code == "registered_as_active"]
    assert [(w.row, w.column) for w in said] == ([(1, heading)] if warned else [])
    if warned:
        assert "dibaca sebagai peserta aktif" in said[0].text("id") and "terlalu tinggi" in said[0].text("id")
