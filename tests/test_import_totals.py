"""Totals are first-class: a file without a split imports as a total and no view invents one."""

from __future__ import annotations

from datetime import date

import pytest

from cakupan.db import run_query
from cakupan.importer import ImportOptions, ImportRefused, apply, prepare
from import_support import table_checksums

TODAY = date(2025, 6, 15)
APRIL = date(2025, 4, 1)


@pytest.fixture
def con(writable_fixture_db):
    """A writable fixture database (see conftest)."""
    return writable_fixture_db


def load(con, tmp_path, name: str, text: str, kind: str = "membership", **kw):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    plan = prepare(con, path, ImportOptions(kind=kind, today=TODAY, **kw))
    return plan, apply(con, plan)


def coverage(con, level="regency", segment="all", kind="all", basis="ucj"):
    frame = run_query(con, "area_coverage", period=APRIL, basis=basis, level=level, province="all",
                      segment=segment, kind=kind)
    return {r["area_code"]: r for r in frame.iter_rows(named=True)}


def test_membership_without_split_is_stored_as_a_total(con, tmp_path):
    load(con, tmp_path, "total.csv", "periode;kode_wilayah;peserta_aktif\n2025-04;52.71;500\n")
    stored = con.execute("select segment, enterprise_kind, active_participants from membership "
                         "where period = $p and regency_code = '52.71'", {"p": APRIL}).fetchall()
    assert stored == [("ALL", "all", 500)]
    # 500 active over 600 + 400 UCJ workers.
    assert coverage(con)["52.71"]["rate_pct"] == pytest.approx(50.0)


@pytest.mark.parametrize("word", ["Semua", "Total", "JUMLAH"])
def test_explicit_total_words(con, tmp_path, word):
    load(con, tmp_path, "explicit.csv",
         f"periode;kode_wilayah;segmen;jenis_usaha;peserta_aktif\n2025-04;52.71;{word};{word};480\n")
    assert con.execute("select segment, enterprise_kind from membership where period = $p and "
                       "regency_code = '52.71'", {"p": APRIL}).fetchall() == [("ALL", "all")]


def test_segment_view_of_a_total_says_no_split(con, tmp_path):
    load(con, tmp_path, "total.csv", "periode;kode_wilayah;peserta_aktif\n2025-04;52.71;500\n")
    pu = coverage(con, segment="PU")
    assert pu["52.71"]["rate_pct"] is None and pu["52.71"]["active"] is None
    assert pu["52.71"]["unsplit_regencies"] == 1
    assert pu["52.01"]["unsplit_regencies"] == 0
    province = coverage(con, level="province", segment="PU")["52"]
    # Only Lombok Barat can be split: its synthetic PU row is rescaled from 250 to 200 so that the
    # published province total 700 still holds (500 imported + 200), over its 600 formal workers.
    assert province["active"] == 200 and province["workers"] == 600
    assert province["unsplit_regencies"] == 1
    kind = coverage(con, level="province", kind="umkm")["52"]
    assert kind["active"] is None and kind["unsplit_regencies"] == 1  # Lombok Barat has no UMKM rows
    # The overall view adds the total: 500 + 200 = the published 700, over 1000 + 1100 workers.
    overall = coverage(con, level="province")["52"]
    assert (overall["active"], overall["workers"], overall["unsplit_regencies"]) == (700, 2100, 0)
    assert not overall["is_mixed"]


def test_split_queries_leave_totals_out(con, tmp_path):
    load(con, tmp_path, "total.csv", "periode;kode_wilayah;peserta_aktif\n2025-04;52.71;500\n")
    split = run_query(con, "area_split", area_code="52", period=APRIL, basis="ucj")
    segments = {r["member"]: r for r in split.filter(split["dimension"] == "segment").iter_rows(named=True)}
    assert segments["PU"]["active"] == 200 and segments["PU"]["workers"] == 600
    assert segments["PU"]["unsplit_regencies"] == 1
    assert "ALL" not in segments
    national = run_query(con, "national_segments", period=APRIL)
    assert set(national["segment"]) == {"PU"}  # 52.01 and 53.71 hold PU only; 52.71 is a total
    assert national["unsplit_regencies"].to_list() == [1]
    province = run_query(con, "province_segments", province="52", period=APRIL, basis="ucj")
    assert province.select("segment", "active", "sector_workers", "unsplit_regencies").rows() == [("PU", 200, 600, 1)]


def test_workforce_with_only_workers_is_a_total(con, tmp_path):
    load(con, tmp_path, "workers.csv", "periode;kode_wilayah;pekerja\n2025-04;52.71;2.500\n",
         kind="workforce", basis="ucj")
    assert con.execute("select sector, workers from workforce where period = $p and regency_code = '52.71' "
                       "and basis = 'ucj'", {"p": APRIL}).fetchall() == [("all", 2500)]
    rows = coverage(con)
    assert rows["52.71"]["rate_pct"] == pytest.approx(450 / 2500 * 100)  # 330 + 120 members
    bpu = coverage(con, segment="BPU")["52.71"]
    assert bpu["rate_pct"] is None and bpu["unsplit_regencies"] == 1


def test_empty_worker_cell_is_refused_in_the_dry_run(con, tmp_path):
    path = tmp_path / "gap.csv"
    path.write_text("periode;kode_wilayah;pekerja\n2025-04;52.71;2.500\n2025-04;52.01;\n", encoding="utf-8")
    before = table_checksums(con=con)
    with pytest.raises(ImportRefused) as refused:
        prepare(con, path, ImportOptions(kind="workforce", basis="ucj", today=TODAY))
    [problem] = refused.value.errors
    assert (problem.code, problem.row, problem.column) == ("empty_cell", 3, "pekerja")
    assert table_checksums(con=con) == before


def test_misspelt_optional_column_is_not_read_as_a_total(con, tmp_path):
    path = tmp_path / "typo.csv"
    path.write_text("periode;kode_wilayah;segmn;peserta_aktif\n2025-04;52.71;PU;500\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        prepare(con, path, ImportOptions(kind="membership", today=TODAY))
    assert [(p.code, p.value) for p in refused.value.errors] == [("missing_column_typo", "segmn")]


def test_numbers_in_messages_follow_the_language(con, tmp_path):
    # 51495 active against 600 + 400 UCJ workers: the over-100% warning cites both counts.
    plan, _ = load(con, tmp_path, "big.csv", "periode;kode_wilayah;peserta_aktif\n2025-04;52.71;51.495\n")
    [warning] = [w for w in plan.warnings if w.code == "coverage_over_100" and w.params["basis"] == "ucj"]
    assert "51.495" in warning.text("id") and "51,495" not in warning.text("id")
    assert "51,495" in warning.text("en")


def test_a_printed_rate_in_a_count_file_is_not_silently_dropped(con, tmp_path):
    plan, _ = load(con, tmp_path, "rate.csv", "periode;kode_wilayah;peserta_aktif;cakupan (%)\n2025-04;52.71;500;50\n")
    [hint] = [w for w in plan.warnings if w.column == "cakupan (%)"]
    assert hint.code == "rate_column_ignored" and "jenis 'Angka cakupan terbit'" in hint.text("id")
