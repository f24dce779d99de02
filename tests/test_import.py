"""The import path on the fixture database: formats, values, areas, writing, history, rollback."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from cakupan.db import create_schema
from cakupan.importer import ImportOptions, ImportRefused, apply, prepare, rollback
from cakupan.importer.areas import kemendagri_code, regency_key
from cakupan.importer.values import parse_period, readings
from import_support import MEMBER_EXTRACT, ROOT, table_checksums

TODAY = date(2025, 6, 15)
EXPECTED = [(date(2025, 4, 1), "52.01", "BPU", "umkm", 33100), (date(2025, 4, 1), "52.71", "PU", "lainnya", 1234567)]


@pytest.fixture
def con(writable_fixture_db):
    """A writable fixture database (see conftest)."""
    return writable_fixture_db


def write(tmp_path: Path, name: str, content: bytes | str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def options(kind: str = "membership", **kw) -> ImportOptions:
    return ImportOptions(kind=kind, today=TODAY, **kw)


def rows(con, sql: str, params: dict | None = None) -> list[tuple]:
    return con.execute(sql, params or {}).fetchall()


# --- values -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2024-12", date(2024, 12, 1)), ("2024-1", date(2024, 1, 1)), ("Des 2024", date(2024, 12, 1)),
    ("Desember 2024", date(2024, 12, 1)), ("desember 2024", date(2024, 12, 1)), ("Dec 2024", date(2024, 12, 1)),
    ("Agt 2024", date(2024, 8, 1)), ("Mei-2025", date(2025, 5, 1)), ("2024-12-31", date(2024, 12, 1)),
    ("2024-12-01 00:00:00", date(2024, 12, 1)), ("12/2024", date(2024, 12, 1)),
    ("2024-13", None), ("Q4 2024", date(2024, 12, 1)), ("31/12/2024", date(2024, 12, 1)), ("01/12/2024", None),
    ("2024-02-30", None), ("Desember", None),
])
def test_periods(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text, integer, percent, expected", [
    ("1.234.567", True, False, {"comma": 1234567}),
    ("1,234,567", True, False, {"dot": 1234567}),
    ("1234567", True, False, {"comma": 1234567, "dot": 1234567}),
    ("33,2", False, False, {"comma": 33.2}),
    ("33.2", False, False, {"dot": 33.2}),  # not a valid Indonesian number: a dot groups three digits
    ("1.234", True, False, {"comma": 1234}),  # 1.234 people is not a whole number the English way
    ("1.234", False, False, {"comma": 1234, "dot": 1.234}),  # ambiguous for a decimal column
    ("Rp 1.234", True, False, {"comma": 1234}),
    ("Rp. 6.800", True, False, {"comma": 6800}),
    ("IDR 6,800", True, False, {"dot": 6800}),
    ("0,24%", False, True, {"comma": 0.24}),
    ("-35", True, False, {"comma": -35, "dot": -35}),
    ("seribu", True, False, {}),
    ("1.23.4", True, False, {}),
])
def test_number_readings(text, integer, percent, expected):
    assert readings(text, integer, percent) == expected


@pytest.mark.parametrize("text, typed, expected", [
    ("52.71", False, ("52.71", None)), ("5271", False, ("52.71", None)), (" 52 71 ", False, ("52.71", None)),
    ("52", False, ("52", None)), ("5271", True, ("52.71", None)), ("5271.0", True, ("52.71", None)),
    ("52.1", True, (None, "code_as_number")), ("527", False, (None, "bad_code")),
    ("5271010001", False, (None, "bad_code")), ("52.71.01", False, (None, "bad_code")),
])
def test_kemendagri_codes(text, typed, expected):
    assert kemendagri_code(text, typed) == expected


@pytest.mark.parametrize("name, key", [
    ("Kabupaten Lombok Barat", "lombok barat"), ("Kab. Lombok Barat", "lombok barat"),
    ("KAB  LOMBOK   BARAT", "lombok barat"), ("Lombok Barat", "lombok barat"),
    ("Kota Mataram", "kota mataram"), ("KOTA. Mataram", "kota mataram"), ("Mataram", "mataram"),
])
def test_name_keys(name, key):
    assert regency_key(name) == key


# --- formats: the same two rows, written the ways analysts' files are --------------------------

def _xlsx() -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    wb.add_worksheet("Catatan").write(0, 0, "a notes sheet comes first")
    ws = wb.add_worksheet("Kepesertaan")
    ws.write_row(0, 0, ["Periode", "Kode Wilayah", "Segmen", "Jenis Usaha", "Peserta Aktif"])
    fmt = wb.add_format({"num_format": "mmm yyyy"})
    from datetime import datetime
    ws.write_datetime(1, 0, datetime(2025, 4, 1), fmt)
    ws.write_row(1, 1, ["52.71", "PU", "lainnya", 1234567])
    ws.write_row(2, 0, ["2025-04", "5201", "BPU", "umkm", "33.100"])  # a number typed as text, Indonesian
    wb.close()
    return buffer.getvalue()


def _parquet() -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame({"period": [date(2025, 4, 1), date(2025, 4, 1)], "regency_code": ["52.71", "52.01"],
                  "segment": ["PU", "BPU"], "enterprise_kind": ["lainnya", "umkm"],
                  "active_participants": [1234567, 33100]}).write_parquet(buffer)
    return buffer.getvalue()


FORMATS = [
    ("comma_utf8.csv", "period,regency_code,segment,enterprise_kind,active_participants\n"
                       "2025-04,52.71,PU,lainnya,\"1,234,567\"\n2025-04,52.01,BPU,umkm,33100\n".encode(), {},
     {"encoding": "utf-8", "delimiter": ",", "decimal": "dot"}),
    ("semicolon_cp1252.csv", "periode;nama_wilayah;segmen;jenis_usaha;peserta_aktif;catatan\n"
                             "Apr 2025;Kota Mataram;pu;Lainnya;1.234.567;Café – kantor cabang\n"
                             "April 2025;Kab. Lombok Barat;Bukan Penerima Upah;UKM;33.100;\n".encode("cp1252"), {},
     {"encoding": "windows-1252", "delimiter": ";", "decimal": "comma"}),
    ("bom_tab.csv", "\ufeffperiode\tkode\tsegmen\tjenis_usaha\tpeserta_aktif\n"
                    "2025-04-30\t5271\tPU\tlainnya\t1234567\r\n2025-04\t52.01\tBPU\tumkm\t33100\r\n".encode(), {},
     {"encoding": "utf-8-sig", "delimiter": "\t"}),
    ("named_sheet.xlsx", _xlsx(), {"sheet": "Kepesertaan"}, {"sheet": "Kepesertaan", "decimal": "comma"}),
    ("typed.parquet", _parquet(), {}, {"format": "parquet"}),
    ("stated_decimal.csv", "periode;kode_wilayah;segmen;jenis_usaha;peserta_aktif\n"
                           "2025-04;52.71;PU;lainnya;1234567\n2025-04;52.01;BPU;umkm;33.100\n".encode(),
     {"decimal": "comma"}, {"decimal": "comma"}),
]


@pytest.mark.parametrize("name, content, extra, detected", FORMATS, ids=[f[0] for f in FORMATS])
def test_formats_read_the_same_rows(con, tmp_path, name, content, extra, detected):
    plan = prepare(con, write(tmp_path, name, content), options(**extra))
    got = sorted(plan.frame.drop("file_row").iter_rows())
    assert got == EXPECTED
    for key, value in detected.items():
        assert plan.detected[key] == value


def test_first_sheet_is_the_default(con, tmp_path):
    with pytest.raises(ImportRefused) as refused:
        prepare(con, write(tmp_path, "two_sheets.xlsx", _xlsx()), options())
    assert refused.value.errors[0].code == "missing_column"  # the notes sheet has no such columns


def test_mixed_numbers_with_a_stated_convention_lists_each_cell(con, tmp_path):
    path = write(tmp_path, "m.csv", "periode;kode_wilayah;segmen;jenis_usaha;peserta_aktif\n"
                                    "2025-04;52.71;PU;lainnya;1.234.567\n2025-04;52.01;PU;lainnya;1,234,567\n"
                                    "2025-04;53.71;PU;lainnya;2,000,000\n")
    with pytest.raises(ImportRefused) as refused:
        prepare(con, path, options(decimal="comma"))
    assert [(p.code, p.row, p.value) for p in refused.value.errors] == [
        ("not_number", 3, "1,234,567"), ("not_number", 4, "2,000,000")]


def test_all_problems_are_collected(con, tmp_path):
    path = write(tmp_path, "many.csv", "periode;kode_wilayah;segmen;jenis_usaha;peserta_aktif\n"
                                       "2025-04;52.71;PU;lainnya;-5\n2025-04;99.99;XX;umkm;10\n"
                                       "2099-01;52.01;BPU;umkm;1.5\n2025-04;52.71;PU;lainnya;7\n")
    with pytest.raises(ImportRefused) as refused:
        prepare(con, path, options())
    got = sorted((p.row, p.column, p.code) for p in refused.value.errors)
    assert got == [
        (2, "peserta_aktif", "negative"), (3, "kode_wilayah", "unknown_code"), (3, "segmen", "bad_value"),
        (4, "periode", "future_period"), (4, "peserta_aktif", "not_integer"), (5, None, "duplicate_key"),
    ]


def test_bps_codes_through_an_explicit_crosswalk(con, tmp_path):
    cross = write(tmp_path, "cw.csv", "bps_code,kemendagri_code\n5271,52.71\n5202,52.01\n")
    path = write(tmp_path, "bps.csv", "periode;kode_bps;segmen;jenis_usaha;peserta_aktif\n"
                                      "2025-04;5271;PU;lainnya;1234567\n2025-04;52.02;BPU;umkm;33100\n")
    plan = prepare(con, path, options(code_system="bps", crosswalk=cross))
    assert sorted(plan.frame.drop("file_row").iter_rows()) == EXPECTED


def test_crosswalk_to_an_unknown_code_is_refused(con, tmp_path):
    cross = write(tmp_path, "cw.csv", "bps_code,kemendagri_code\n5271,52.99\n")
    path = write(tmp_path, "bps.csv", "periode;kode_bps;segmen;jenis_usaha;peserta_aktif\n2025-04;5271;PU;lainnya;1\n")
    with pytest.raises(ImportRefused) as refused:
        prepare(con, path, options(code_system="bps", crosswalk=cross))
    assert [(p.code, p.file, p.row) for p in refused.value.errors] == [("crosswalk_unknown", "cw.csv", 2)]


def test_shipped_crosswalk_example():
    """NTB and NTT from BPS's bridging table: NTB's codes agree, NTT's mostly differ."""
    from cakupan.importer.areas import load_crosswalk
    from cakupan.importer.boundaries import seed_reference

    reference = seed_reference()
    mapping = load_crosswalk(ROOT / "data" / "seeds" / "bps_kemendagri_crosswalk.csv", reference)
    assert len(mapping) == 32
    assert set(mapping.values()) == {c for c in reference.regencies if c[:2] in ("52", "53")}
    assert mapping["5271"] == "52.71"
    assert (mapping["5301"], mapping["5313"], mapping["5320"]) == ("53.12", "53.10", "53.20")
    differ = sorted(b for b, k in mapping.items() if b != k.replace(".", ""))
    assert len(differ) == 16 and all(b.startswith("53") for b in differ)


# --- writing, history and rollback ---------------------------------------------------------------

MEMBERSHIP_2025_04 = ("periode;kode_wilayah;segmen;jenis_usaha;peserta_aktif\n"
                      "2025-04;52.71;PU;lainnya;500\n2025-04;52.71;PMI;lainnya;20\n")


def test_import_replaces_the_period_and_area_and_keeps_history(con, tmp_path):
    before = table_checksums(con=con)
    path = write(tmp_path, "ntb.csv", MEMBERSHIP_2025_04)
    plan = prepare(con, path, options(source_title="Ekstrak Kanwil Banuspa", source_url="https://example.org/x",
                                      source_as_of="2025-05-02"))
    assert plan.diff.select("period", "regency_code", "change", "rows_before", "rows_after", "value_before",
                            "value_after", "batches_before").rows() == [
        (date(2025, 4, 1), "52.71", "replaced", 2, 2, 450.0, 520.0, "1")]
    result = apply(con, plan)
    # 2 rows of Kota Mataram replaced, and Lombok Barat's synthetic row rescaled (see below).
    assert (result.batch_id, result.rows_added, result.rows_replaced, result.anchors_replaced) == (2, 2, 3, 0)
    assert rows(con, "select period, regency_code, segment, enterprise_kind, active_participants, is_synthetic, "
                     "source_id, batch_id from membership where regency_code = '52.71' and period = '2025-04-01' "
                     "order by segment") == [
        (date(2025, 4, 1), "52.71", "PMI", "lainnya", 20, False, 3, 2),
        (date(2025, 4, 1), "52.71", "PU", "lainnya", 500, False, 3, 2)]
    assert rows(con, "select regency_code, segment, active_participants, batch_id, replaced_by_batch "
                     "from membership_history order by all") == [
        ("52.01", "PU", 250, 1, 2), ("52.71", "BPU", 120, 1, 2), ("52.71", "PU", 330, 1, 2)]
    # The published province total 52 (700) still holds: Kota Mataram's 520 imported leave 180 for
    # Lombok Barat, whose synthetic row is rescaled from 250 to 180 (issue 11: no longer dropped).
    assert rows(con, "select count(*) from anchor_history") == [(0,)]
    assert rows(con, "select area_code, measure, value from anchor") == [("52", "active", 700)]
    assert rows(con, "select active_participants, is_synthetic, batch_id from membership "
                     "where regency_code = '52.01' and period = '2025-04-01'") == [(180, True, 2)]
    assert rows(con, "select source_id, title, url, kind, as_of from source where source_id = 3") == [
        (3, "Ekstrak Kanwil Banuspa", "https://example.org/x", "import", "2025-05-02")]
    assert rows(con, "select batch_id, kind, file_name, row_count, status from import_batch where batch_id = 2") == [
        (2, "membership", "ntb.csv", 2, "active")]
    assert rows(con, "select rows_in_file, rows_added, rows_replaced, anchors_replaced, source_title "
                     "from import_batch_detail") == [(2, 2, 3, 0, "Ekstrak Kanwil Banuspa")]
    # Untouched areas and periods keep their rows.
    assert rows(con, "select count(*) from membership where batch_id = 1") == [(5,)]

    rollback(con, 2)
    after = table_checksums(con=con)
    changed = {t for t in before if before[t] != after[t]}
    assert changed == {"import_batch", "import_batch_detail"}
    assert rows(con, "select batch_id, status from import_batch order by batch_id") == [(1, "active"),
                                                                                       (2, "rolled_back")]
    assert rows(con, "select count(*) from import_batch_detail where rolled_back_at is not null") == [(1,)]


def test_same_file_twice_is_a_no_op(con, tmp_path):
    path = write(tmp_path, "ntb.csv", MEMBERSHIP_2025_04)
    first = apply(con, prepare(con, path, options()))
    state = table_checksums(con=con)
    plan = prepare(con, path, options())
    assert plan.already_batch == first.batch_id
    second = apply(con, plan)
    assert second.already and second.batch_id == first.batch_id
    assert table_checksums(con=con) == state
    # After a rollback the same file may be loaded again.
    rollback(con, first.batch_id)
    assert not apply(con, prepare(con, path, options())).already


def test_corrected_file_replaces_and_rollbacks_unwind_in_order(con, tmp_path):
    start = table_checksums(con=con)
    first = apply(con, prepare(con, write(tmp_path, "v1.csv", MEMBERSHIP_2025_04), options()))
    middle = table_checksums(con=con)
    corrected = MEMBERSHIP_2025_04.replace(";500", ";510")
    second = apply(con, prepare(con, write(tmp_path, "v2.csv", corrected), options()))
    assert rows(con, "select active_participants from membership where segment = 'PU' and period = '2025-04-01' "
                     "and regency_code = '52.71'") == [(510,)]
    assert rows(con, "select batch_id, replaced_by_batch, count(*) from membership_history group by all "
                     "order by all") == [(1, first.batch_id, 3), (first.batch_id, second.batch_id, 3)]
    # (3 each: Kota Mataram's 2 rows and Lombok Barat's synthetic row, rescaled to hold the total 700)
    with pytest.raises(ImportRefused) as refused:
        rollback(con, first.batch_id)
    assert refused.value.problems[0].code == "replaced_later"
    assert refused.value.problems[0].params == {"later": second.batch_id}
    rollback(con, second.batch_id)
    restored = table_checksums(con=con)
    assert {t for t in middle if middle[t] != restored[t]} == {"import_batch", "import_batch_detail"}
    rollback(con, first.batch_id)
    end = table_checksums(con=con)
    assert {t for t in start if start[t] != end[t]} == {"import_batch", "import_batch_detail"}


@pytest.mark.parametrize("batch, code", [(1, "seed_batch"), (99, "no_batch")])
def test_rollback_refusals(con, batch, code):
    with pytest.raises(ImportRefused) as refused:
        rollback(con, batch)
    assert refused.value.problems[0].code == code


def test_coverage_above_100_is_a_warning_and_the_rows_are_kept(con, tmp_path):
    # Kota Kupang 2025-04 has 1,000 UCJ workers and 2,000 BPS workers; 1,260 active is 126% of UCJ.
    path = write(tmp_path, "kupang.csv", "periode;kode_wilayah;segmen;jenis_usaha;peserta_aktif\n"
                                         "2025-04;53.71;PU;lainnya;1260\n")
    plan = prepare(con, path, options())
    assert [(w.code, w.row, w.params["rate"], w.params["basis"]) for w in plan.warnings] == [
        ("coverage_over_100", 2, 126.0, "ucj")]
    # the rate in the message, written the reader's way
    assert "menjadi 126,00%, di atas 100% (1.260 peserta aktif dari 1.000 pekerja)" in plan.warnings[0].message("id")
    assert "would be 126.00%, above 100% (1,260 active of 1,000 workers)" in plan.warnings[0].message("en")
    result = apply(con, plan)
    assert rows(con, "select file_row, problem from import_warning where batch_id = $b",
                {"b": result.batch_id}) == [(2, "coverage_over_100")]
    assert rows(con, "select active_participants from membership where batch_id = $b", {"b": result.batch_id}) == [
        (1260,)]


def test_workforce_bps_table_without_period_column(con, tmp_path):
    """A BPS table: names as BPS prints them, formal/informal columns, the month stated once."""
    path = write(tmp_path, "sakernas.csv", "Kabupaten/Kota;Formal;Informal\nLombok Barat;1.100;950\n"
                                           "Kota Mataram;1.600;1.400\n")
    plan = prepare(con, path, options("workforce", basis="bps", period="Agustus 2024"))
    assert sorted(plan.frame.drop("file_row").iter_rows()) == [
        (date(2024, 8, 1), "52.01", "bps", "formal", 1100), (date(2024, 8, 1), "52.01", "bps", "informal", 950),
        (date(2024, 8, 1), "52.71", "bps", "formal", 1600), (date(2024, 8, 1), "52.71", "bps", "informal", 1400)]
    assert plan.diff["change"].to_list() == ["added", "added"]
    apply(con, plan)
    # The UCJ rows of the same areas are a different denominator and stay.
    assert rows(con, "select basis, count(*) from workforce where regency_code in ('52.01', '52.71') "
                     "group by basis order by basis") == [("bps", 8), ("ucj", 8)]


def test_member_level_extract_is_aggregated(con, tmp_path):
    frame = MEMBER_EXTRACT
    expected = [(date(2025, 4, 1), "52.01", "BPU", "umkm", 2), (date(2025, 4, 1), "52.71", "BPU", "umkm", 1),
                (date(2025, 4, 1), "52.71", "PU", "lainnya", 2)]
    # The programme column is optional, and the month may be stated once for the whole file
    # (--period) instead of in a column; the same rows come out.
    for name in ("extract.parquet", "extract.csv", "no_programmes.parquet", "no_programmes.csv",
                 "no_period.parquet", "no_period.csv"):
        path = tmp_path / name
        written = frame.drop({"no_programmes": "program", "no_period": "periode"}.get(name.split(".")[0], []))
        written.write_parquet(path) if name.endswith("parquet") else written.write_csv(path)
        plan = prepare(con, path, options(period="2025-04") if name.startswith("no_period") else options())
        assert plan.member_level and plan.rows_in_file == 8
        assert sorted(plan.frame.drop("file_row").iter_rows()) == expected
        # Kota Kupang has only an inactive participant: no row, but its older rows are replaced (by 0).
        assert plan.diff.select("regency_code", "rows_before", "rows_after", "value_before", "value_after").rows() \
            == [("52.01", 1, 1, 250, 2), ("52.71", 2, 2, 450, 3), ("53.71", 1, 0, 100, 0)]
    result = apply(con, plan)
    assert rows(con, "select regency_code, sum(active_participants) from membership where period = '2025-04-01' "
                     "group by all order by all") == [("52.01", 2), ("52.71", 3)]
    assert result.rows_replaced == 4


@pytest.mark.parametrize("kind, content, table, expected", [
    ("targets", "ditetapkan_oleh;jenis_penetap;tingkat;kode_wilayah;metrik;basis;target;mulai;tenggat\n"
                "Pemprov NTB;pemprov;Provinsi;52;cakupan;UCJ;62,5%;Jan 2026;Des 2026\n",
     "select target_id, set_by, setter_kind, area_level, area_code, metric, basis, target_value, start_period, "
     "due_period from target where batch_id = 2",
     [(1, "Pemprov NTB", "Pemprov", "province", "52", "coverage_rate", "ucj", 62.5, date(2026, 1, 1),
       date(2026, 12, 1))]),
    ("cooperatives", "nama_koperasi;kode_wilayah;anggota;anggota_terdaftar;per\nKopdit Uji;53.71;1.500;250;Mei 2025\n",
     "select cooperative_id, name, regency_code, members, enrolled_members, as_of from cooperative",
     [(1, "Kopdit Uji", "53.71", 1500, 250, date(2025, 5, 1))]),
    ("rates", "segmen;program;tarif;iuran_tetap;minimum;maksimum;berlaku_mulai\n"
              "BPU;JKK;1%;;Rp 10.000;Rp 207.000;2025-01\nBPU;JKM;;Rp 6.800;;;2025-01\n",
     "select segment, program, rate_pct, fixed_amount_idr, min_amount_idr, max_amount_idr, effective_from "
     "from contribution_rate order by program",
     [("BPU", "JKK", 1.0, None, 10000, 207000, date(2025, 1, 1)),
      ("BPU", "JKM", None, 6800, None, None, date(2025, 1, 1))]),
    ("enterprises", "periode;kode_wilayah;jenis_usaha;jumlah_usaha;terdaftar\n2025-04;52.71;UMKM;4.800;1.250\n",
     "select period, regency_code, enterprise_kind, enterprises, enrolled from enterprise",
     [(date(2025, 4, 1), "52.71", "umkm", 4800, 1250)]),
])
def test_other_kinds(con, tmp_path, kind, content, table, expected):
    start = table_checksums(con=con)
    result = apply(con, prepare(con, write(tmp_path, f"{kind}.csv", content), options(kind)))
    assert rows(con, table) == expected
    rollback(con, result.batch_id)
    end = table_checksums(con=con)
    assert {t for t in start if start[t] != end[t]} == {"import_batch", "import_batch_detail"}


def test_a_replaced_cooperative_keeps_its_id(con, tmp_path):
    first = "nama_koperasi;kode_wilayah;anggota;anggota_terdaftar;per\nKopdit Uji;53.71;1000;250;2025-04\n"
    apply(con, prepare(con, write(tmp_path, "k1.csv", first), options("cooperatives")))
    second = first.replace("Kopdit Uji", "KOPDIT UJI").replace(";250;", ";300;")
    plan = prepare(con, write(tmp_path, "k2.csv", second), options("cooperatives"))
    assert plan.diff["change"].to_list() == ["replaced"]
    apply(con, plan)
    assert rows(con, "select cooperative_id, name, enrolled_members from cooperative") == [(1, "KOPDIT UJI", 300)]
    assert rows(con, "select cooperative_id, enrolled_members from cooperative_history") == [(1, 250)]


def test_locked_database_is_refused_with_a_clear_message(tmp_path, capsys):
    """A second process holding the write lock (a dashboard no longer does: it reads snapshots),
    e.g. a DuckDB shell left open: the CLI says what to do."""
    import subprocess
    import sys

    from cakupan.__main__ import main

    path = tmp_path / "locked.duckdb"
    duckdb.connect(str(path)).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"c = duckdb.connect({str(path)!r})\nprint('ready', flush=True)\ntime.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        code = main(["import", str(ROOT / "tests" / "bad_files" / "empty.csv"), "--kind", "membership",
                     "--db", str(path), "--lang", "en"])
    finally:
        holder.kill()
        holder.wait()
    assert code == 3
    err = capsys.readouterr().err
    assert "another process has the database open for writing." in err
    assert "Wait for that other process to finish, then try again." in err


def test_the_cli_imports_while_a_dashboard_reads(tmp_path, capsys):
    """Dashboards hold read-only views; the CLI writes a new version beside the file and renames it
    into place, so it neither waits for them nor disturbs what they are reading."""
    import subprocess
    import sys

    from cakupan import db, snapshot
    from cakupan.__main__ import main

    path = tmp_path / "cakupan.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con)
    con.execute((ROOT / "tests" / "fixture_rows.sql").read_text())
    con.close()
    reader = subprocess.Popen([sys.executable, "-c", "import duckdb, time\n"
                               f"c = duckdb.connect({str(path)!r}, read_only=True)\nprint('ready', flush=True)\n"
                               "time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    view = db.Snapshot(path)
    before = view.cursor().execute("select count(*) from import_batch").fetchone()[0]
    version = snapshot.version(path)
    source = tmp_path / "mataram.csv"
    source.write_text("periode,kode_wilayah,segmen,jenis_usaha,peserta_aktif\n2025-04,52.71,PU,umkm,1234\n")
    try:
        assert reader.stdout.readline().strip() == "ready"
        code = main(["import", str(source), "--kind", "membership", "--db", str(path), "--lang", "en"])
    finally:
        reader.kill()
        reader.wait()
    assert code == 0, capsys.readouterr()
    assert snapshot.version(path) != version
    # The view opened before keeps its version whole; a new view sees the batch.
    assert view.cursor().execute("select count(*) from import_batch").fetchone()[0] == before
    assert db.Snapshot(path).cursor().execute("select count(*) from import_batch").fetchone()[0] == before + 1
