"""The 'published' kind: rates as printed, their counts as area totals, a derived count labelled."""

from __future__ import annotations

from datetime import date

import pytest

from cakupan.importer import ImportOptions, ImportRefused, apply, prepare, rollback
from cakupan.importer.cli import describe_plan
from cakupan.readout import coverage_rows
from import_support import table_checksums

TODAY = date(2025, 6, 15)
APRIL = date(2025, 4, 1)
HEADER = "bulan;kabupaten/kota;peserta aktif;potensi pekerja;cakupan (%);sumber;alamat\n"


@pytest.fixture
def con(writable_fixture_db):
    """A writable fixture database (see conftest)."""
    return writable_fixture_db


def prepared(con, tmp_path, text: str, **kw):
    path = tmp_path / "published.csv"
    path.write_text(text, encoding="utf-8")
    return prepare(con, path, ImportOptions(kind="published", today=TODAY, **kw))


def regency(con, code: str) -> dict:
    return next(r for r in coverage_rows(con, "regency", APRIL, "ucj") if r["area_code"] == code)


def test_printed_counts_become_the_area_total(con, tmp_path):
    before = table_checksums(con=con)
    plan = prepared(con, tmp_path, HEADER + "Apr 2025;Kota Mataram;1.234;3.000;41,13;Berita A;https://example.org/a\n")
    result = apply(con, plan)
    figure = con.execute("select area_code, area_level, area_name, value, numerator, denominator, source_title, "
                         "source_url, derivation, batch_id from published_figure where batch_id = $b",
                         {"b": result.batch_id}).fetchall()
    assert figure == [("52.71", "regency", "Kota Mataram", 41.13, 1234, 3000, "Berita A", "https://example.org/a",
                       None, result.batch_id)]
    row = regency(con, "52.71")
    assert (row["active"], row["workers"]) == (1234, 3000)
    assert row["rate_pct"] == pytest.approx(100 * 1234 / 3000)
    assert abs(row["rate_pct"] - 41.13) <= 0.005  # 41,13 printed with two decimals
    # An import is never "published": it is labelled with its batch.
    assert row["provenance"] == "imported" and row["import_batches"] == str(result.batch_id)
    assert row["derived"] is None
    rollback(con, result.batch_id)
    # Everything but the batch's own record (kept, marked rolled back) is as it was.
    after = table_checksums(con=con)
    ledger = ("import_batch", "import_batch_detail")
    assert {k: v for k, v in after.items() if k not in ledger} == {k: v for k, v in before.items() if k not in ledger}


def test_each_area_names_the_publication_its_own_row_cites(con, tmp_path):
    # A compilation of two articles: each kab/kota's counts are credited to its own article, not
    # to "Berita A | Berita B" (the batch, named after both, lists them in the batches table).
    before = table_checksums(con=con)
    plan = prepared(con, tmp_path, HEADER + "Apr 2025;Kota Mataram;1.234;3.000;41,13;Berita A;https://example.org/a\n"
                    "Apr 2025;Kabupaten Lombok Barat;2.000;8.000;25,00;Berita B;https://example.org/b\n")
    result = apply(con, plan)
    mataram, lombok_barat = regency(con, "52.71"), regency(con, "52.01")
    assert (mataram["active_source"], mataram["workers_source"]) == ("Berita A", "Berita A")
    assert (lombok_barat["active_source"], lombok_barat["workers_source"]) == ("Berita B", "Berita B")
    assert con.execute("select title, url, kind from source where title in ('Berita A', 'Berita B') order by title"
                       ).fetchall() == [("Berita A", "https://example.org/a", "import"),
                                        ("Berita B", "https://example.org/b", "import")]
    assert mataram["import_batches"] == lombok_barat["import_batches"] == str(result.batch_id)
    rollback(con, result.batch_id)
    # The two publications' rows go with the batch: every table but the ledger is as it was.
    after = table_checksums(con=con)
    ledger = ("import_batch", "import_batch_detail")
    assert {k: v for k, v in after.items() if k not in ledger} == {k: v for k, v in before.items() if k not in ledger}


def test_a_count_derived_from_the_rate_is_labelled(con, tmp_path):
    apply(con, prepared(con, tmp_path, HEADER + "Apr 2025;Kota Mataram;;3.000;30,5;Berita B;https://example.org/b\n"))
    row = regency(con, "52.71")
    # 30,5% of 3.000 workers = 915 participants, derived, not printed.
    assert (row["active"], row["workers"], row["derived"]) == (915, 3000, "active")
    assert "diturunkan dari angka terbit" in row["provenance_label"]
    assert con.execute("select derivation from published_figure where area_code = '52.71'").fetchall() == [
        ("active_from_rate",)]


def test_rate_only_figures_are_kept_without_touching_the_counts(con, tmp_path):
    before = con.execute("select * from membership order by all").fetchall()
    text = ("bulan;wilayah;cakupan;sumber;per_tanggal\n"
            "Apr 2025;Nusa Tenggara Barat;33,00;Berita C;2025-05-02\n"
            "Apr 2025;Provinsi NTB;35;Berita D;2025-05-10\n")
    apply(con, prepared(con, tmp_path, text))
    assert con.execute("select area_code, area_level, value, as_of, source_title from published_figure "
                       "order by value").fetchall() == [("52", "province", 33.0, "2025-05-02", "Berita C"),
                                                        ("52", "province", 35.0, "2025-05-10", "Berita D")]
    assert con.execute("select * from membership order by all").fetchall() == before


def test_printed_counts_that_contradict_the_rate_are_kept_with_a_warning(con, tmp_path):
    plan = prepared(con, tmp_path, HEADER + "Apr 2025;Kota Mataram;1.234;3.000;45;Berita A;https://example.org/a\n")
    [warning] = [w for w in plan.warnings if w.code == "published_rate_mismatch"]
    assert "41,13" in warning.text("id")  # 1.234 ÷ 3.000 = 41,13%


def test_a_printed_rate_in_a_warning_is_written_the_readers_way(con, tmp_path):
    # The printed 45,5 was said as "nilai '45.5'" in an Indonesian line (the rate as Python writes it).
    plan = prepared(con, tmp_path, HEADER + "Apr 2025;Kota Mataram;1.234;3.000;45,5;Berita A;https://example.org/a\n")
    [warning] = [w for w in plan.warnings if w.code == "published_rate_mismatch"]
    assert "nilai '45,5': angka cakupan tercetak tidak sama dengan 1.234 ÷ 3.000 = 41,13%" in warning.text("id")
    assert "value '45.5': the printed rate differs from 1,234 ÷ 3,000 = 41.13%" in warning.text("en")


@pytest.mark.parametrize("text, code", [
    ("bulan;kabupaten/kota;cakupan\nApr 2025;Kota Mataram;41\n", "published_needs_source"),
    (HEADER + "Apr 2025;Kota Mataram;1.234;3.000;41,13;;https://example.org/a\n", "published_row_source"),
    (HEADER + "Apr 2025;Gorontalo;;;41;Berita;\n", "unknown_name"),
    (HEADER + "Apr 2025;Kota Mataram;1.234;3.000;41,13;Berita A;\nApr 2025;Mataram;1.300;3.000;43;Berita B;\n",
     "duplicate_key"),
])
def test_bad_published_files_change_nothing(con, tmp_path, text, code):
    before = table_checksums(con=con)
    with pytest.raises(ImportRefused) as refused:
        prepared(con, tmp_path, text)
    assert code in [p.code for p in refused.value.errors]
    assert table_checksums(con=con) == before


# --- mixed months ---------------------------------------------------------------------------------
# Fixture, April 2025: province 52 has a published total of 700 active (anchor); Kota Mataram
# holds 330 + 120 synthetic, Lombok Barat 250 synthetic.

def membership_file(tmp_path, active: int):
    path = tmp_path / "mataram.csv"
    path.write_text(f"periode;kode_wilayah;peserta_aktif\n2025-04;52.71;{active}\n", encoding="utf-8")
    return path


def province(con) -> dict:
    return next(r for r in coverage_rows(con, "province", APRIL, "ucj") if r["area_code"] == "52")


def test_a_published_province_total_holds_when_one_kab_kota_is_imported(con, tmp_path):
    plan = prepare(con, membership_file(tmp_path, 600), ImportOptions(kind="membership", today=TODAY))
    [change] = plan.province_changes
    assert (change["published"], change["before"], change["after"], change["holds"]) == (700, 700, 700, True)
    assert any("tetap berlaku" in line and "700" in line for line in describe_plan(plan, "id"))
    apply(con, plan)
    # 600 imported leave 100 for Lombok Barat's synthetic row (250 -> 100); the total stays 700.
    assert con.execute("select active_participants from membership where regency_code = '52.01' "
                       "and period = $p", {"p": APRIL}).fetchall() == [(100,)]
    row = province(con)
    assert row["active"] == 700 and not row["is_mixed"]


def test_imported_rows_beyond_the_published_total_make_the_province_mixed(con, tmp_path):
    before = table_checksums(con=con)
    plan = prepare(con, membership_file(tmp_path, 900), ImportOptions(kind="membership", today=TODAY))
    [change] = plan.province_changes
    # 900 imported exceed the published 700: the total cannot hold; 900 + 250 synthetic = 1.150.
    assert (change["holds"], change["after"]) == (False, 1150)
    assert any("DIGANTIKAN" in line and "1.150" in line for line in describe_plan(plan, "id"))
    result = apply(con, plan)
    row = province(con)
    assert (row["active"], row["is_mixed"], row["provenance"]) == (1150, True, "mixed")
    assert "campuran" in row["provenance_label"]
    rollback(con, result.batch_id)
    after = table_checksums(con=con)
    assert {t for t in before if before[t] != after[t]} == {"import_batch", "import_batch_detail"}


def test_a_published_province_total_rescales_the_synthetic_kab_kota_and_rolls_back(con, tmp_path):
    before = table_checksums(con=con)
    plan = prepared(con, tmp_path, "bulan;provinsi;peserta aktif;pekerja;cakupan;sumber\n"
                                   "Apr 2025;NTB;800;2.000;40;Berita E\n")
    result = apply(con, plan)
    row = province(con)
    # The file's 800 of 2.000 replace the published 700; the synthetic rows now add up to them.
    assert (row["active"], row["workers"], row["rate_pct"]) == (800, 2000, 40.0)
    assert row["provenance"] == "imported" and row["import_batches"] == str(result.batch_id)
    assert con.execute("select sum(active_participants) from membership where period = $p and "
                       "regency_code like '52.%'", {"p": APRIL}).fetchone() == (800,)
    rollback(con, result.batch_id)
    after = table_checksums(con=con)
    assert {t for t in before if before[t] != after[t]} == {"import_batch", "import_batch_detail"}


def test_a_month_with_one_province_is_not_presented_as_indonesia(con, tmp_path):
    from cakupan.db import run_query

    may = date(2025, 5, 1)
    result = apply(con, prepared(con, tmp_path, HEADER + "Mei 2025;Kota Mataram;1.234;3.000;41,13;Berita A;\n"))
    [row] = run_query(con, "national_summary", period=may, basis="ucj").iter_rows(named=True)
    assert (row["provinces_covered"], row["provinces_total"]) == (1, 2)
    assert (row["active"], row["workers"]) == (1234, 3000)
    # imported, so never labelled "terbit"
    assert row["active_synthetic"] is False and row["import_batches"] == str(result.batch_id)


def test_a_publishers_list_with_a_total_row_and_a_dated_period(con, tmp_path):
    text = ("No;Kab/Kota;Peserta Aktif;Potensi Pekerja;Capaian UCJ (%)\n"
            "1;Kota Mataram;1.234;3.000;41,13\n"
            "2;Lombok Barat;600;2.000;30\n"
            ";Jumlah;1.834;5.000;36,68\n")
    plan = prepared(con, tmp_path, text, period="30 April 2025", source_title="Berita F")
    assert plan.frame.select("area_code", "period", "value").rows() == [
        ("52.71", APRIL, 41.13), ("52.01", APRIL, 30.0)]
    [total] = [w for w in plan.warnings if w.code == "total_row_skipped"]
    assert (total.row, total.params["total"], total.params["sum"]) == (4, 1834, 1834)  # 1.234 + 600


def test_an_excel_percentage_cell_reads_as_shown(con, tmp_path):
    import xlsxwriter

    path = tmp_path / "percent.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["Kabupaten/Kota", "Bulan", "Peserta Aktif", "Cakupan", "Sumber"])
    ws.write_row(1, 0, ["Kota Mataram", "April 2025", 1234])
    ws.write(1, 3, 0.4113, wb.add_format({"num_format": "0.00%"}))  # shown as 41,13%
    ws.write(1, 4, "Berita G")
    wb.close()
    plan = prepare(con, path, ImportOptions(kind="published", today=TODAY))
    # 1.234 participants at 41,13% give 3.000 workers (derived), not 300.000.
    assert plan.frame.select("value", "numerator", "denominator", "derivation").rows() == [
        (41.13, 1234, 3000, "workers_from_rate")]


def test_a_segment_with_its_own_published_base_uses_it(con, tmp_path):
    # Kota Mataram, April 2025: PU 588 of its own base 600 (98,0%), BPU 120 of 400; total 708.
    text = ("bulan;kabupaten/kota;segmen;peserta aktif;potensi pekerja;cakupan (%);sumber\n"
            "Apr 2025;Kota Mataram;PU;588;600;98,0;Berita H\n"
            "Apr 2025;Kota Mataram;BPU;120;400;30,0;Berita H\n"
            "Apr 2025;Kota Mataram;Semua;708;1.000;70,8;Berita H\n")
    apply(con, prepared(con, tmp_path, text))
    pu = next(r for r in coverage_rows(con, "regency", APRIL, "ucj", segment="PU") if r["area_code"] == "52.71")
    assert (pu["active"], pu["workers"], pu["rate_pct"]) == (588, 600, 98.0)
    from cakupan.db import run_query
    rows = run_query(con, "area_coverage", period=APRIL, basis="ucj", level="province", province="52",
                     segment="PU", kind="all").row(0, named=True)
    # Province 52, PU: Mataram over its own base (588 of 600), Lombok Barat over its formal workers
    # (its synthetic PU row, rescaled to hold the published total 700: 700 - 708 < 0 cannot hold,
    # so it keeps 250, over 600 formal workers).
    assert rows["denominator_rule"] == "segment_base+sector"
    assert (rows["active"], rows["workers"]) == (588 + 250, 600 + 600)
    overall = regency(con, "52.71")
    assert (overall["active"], overall["workers"]) == (708, 1000)


def test_segments_that_do_not_add_up_to_the_total_are_refused(con, tmp_path):
    text = ("bulan;kabupaten/kota;segmen;peserta aktif;potensi pekerja;cakupan (%);sumber\n"
            "Apr 2025;Kota Mataram;PU;588;600;98,0;Berita H\n"
            "Apr 2025;Kota Mataram;Semua;800;1.000;80;Berita H\n")
    with pytest.raises(ImportRefused) as refused:
        prepared(con, tmp_path, text)
    assert [(p.code, p.row) for p in refused.value.errors] == [("segments_do_not_add_up", 3)]
