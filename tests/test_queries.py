"""Each named query against the fixture database, with results worked out by hand from tests/fixture_rows.sql."""

from datetime import date

import pytest

from cakupan.db import query_text, run_query

APR25, APR24 = date(2025, 4, 1), date(2024, 4, 1)


def rows(frame, *columns):
    return [tuple(r[c] for c in columns) for r in frame.iter_rows(named=True)]


def test_periods_newest_first(fixture_db):
    assert run_query(fixture_db, "periods")["period"].to_list() == [APR25, APR24]


def test_area_coverage_provinces(fixture_db):
    frame = run_query(fixture_db, "area_coverage", period=APR25, basis="ucj", level="province",
                      province="all", segment="all", kind="all")
    # NTB: (330 + 120 + 250) / (600 + 400 + 600 + 500); a year earlier (300 + 100 + 200) / 2000.
    # NTT: 100 / 1000; a year earlier 150 / 1000.
    assert rows(frame, "rank", "area_code", "active", "workers", "uncovered", "active_change") == [
        (1, "52", 700, 2100, 1400, 100),
        (2, "53", 100, 1000, 900, -50),
    ]
    ntb, ntt = frame.to_dicts()
    assert ntb["rate_pct"] == pytest.approx(100 * 700 / 2100)
    assert ntb["rate_12m_pct"] == pytest.approx(30.0)
    assert ntb["rate_change_pts"] == pytest.approx(100 * 700 / 2100 - 30.0)
    assert ntb["rate_3m_pct"] is None  # no data for January 2025
    assert ntt["rate_change_pts"] == pytest.approx(-5.0)
    # NTB's numerator is anchored to a published total; its denominator is not.
    assert (ntb["active_synthetic"], ntb["active_source"], ntb["active_source_url"]) == (
        False, "Published A", "https://example.org/a")
    assert (ntb["workers_synthetic"], ntb["workers_source"]) == (True, "Synthetic fill")
    assert (ntt["active_synthetic"], ntt["active_source"]) == (True, "Synthetic fill")
    assert ntb["active_batches"] == "1"


def test_area_coverage_regencies_of_one_province(fixture_db):
    frame = run_query(fixture_db, "area_coverage", period=APR25, basis="ucj", level="regency",
                      province="52", segment="all", kind="all")
    assert rows(frame, "rank", "area_code", "area_name", "active", "workers") == [
        (1, "52.71", "Kota Mataram", 450, 1000),
        (2, "52.01", "Kabupaten Lombok Barat", 250, 1100),
    ]
    mataram, lombok_barat = frame.to_dicts()
    assert mataram["rate_change_pts"] == pytest.approx(45.0 - 40.0)
    assert lombok_barat["rate_pct"] == pytest.approx(100 * 250 / 1100)
    # A province anchor says nothing about a kabupaten/kota split.
    assert mataram["active_synthetic"] is True


@pytest.mark.parametrize("segment, kind, expected", [
    # BPU divides by informal workers: 120 / (400 + 500); NTT has no BPU rows.
    ("BPU", "all", {"52": (120, 900), "53": (None, 600)}),
    # PU divides by formal workers: (330 + 250) / (600 + 600); 100 / 400.
    ("PU", "all", {"52": (580, 1200), "53": (100, 400)}),
    # An enterprise kind divides by all workers.
    ("all", "umkm", {"52": (120, 2100), "53": (None, 1000)}),
])
def test_area_coverage_filters(fixture_db, segment, kind, expected):
    frame = run_query(fixture_db, "area_coverage", period=APR25, basis="ucj", level="province",
                      province="all", segment=segment, kind=kind)
    got = {r["area_code"]: (r["active"], r["workers"]) for r in frame.iter_rows(named=True)}
    assert got == expected
    assert frame["active_synthetic"].to_list() == [True, True]
    # No members in the segment means no figure, not "everyone uncovered" and not zero.
    assert [r["uncovered"] for r in frame.iter_rows(named=True) if r["active"] is None] == [
        None for v in expected.values() if v[0] is None]


def test_area_coverage_bps_basis(fixture_db):
    frame = run_query(fixture_db, "area_coverage", period=APR25, basis="bps", level="province",
                      province="all", segment="all", kind="all")
    # BPS employed: NTB 1500 + 1500 + 1000 + 1000; NTT 500 + 1500; published rows, not synthetic.
    assert rows(frame, "area_code", "workers", "workers_synthetic", "workers_source") == [
        ("52", 5000, False, "Published A"),
        ("53", 2000, False, "Published A"),
    ]
    assert frame["rate_12m_pct"].to_list() == [None, None]


def test_national_summary(fixture_db):
    (row,) = run_query(fixture_db, "national_summary", period=APR25, basis="ucj").to_dicts()
    assert (row["active"], row["workers"], row["uncovered"], row["active_before"], row["active_change"]) == (
        800, 3100, 2300, 750, 50)
    assert row["rate_pct"] == pytest.approx(100 * 800 / 3100)
    assert row["rate_before_pct"] == pytest.approx(25.0)
    assert row["rate_change_pts"] == pytest.approx(100 * 800 / 3100 - 25.0)


def test_national_summary_bps_has_no_earlier_year(fixture_db):
    (row,) = run_query(fixture_db, "national_summary", period=APR25, basis="bps").to_dicts()
    assert (row["workers"], row["workers_synthetic"], row["rate_before_pct"]) == (7000, False, None)
    assert row["rate_pct"] == pytest.approx(100 * 800 / 7000)


def test_national_segments(fixture_db):
    frame = run_query(fixture_db, "national_segments", period=APR25)
    assert rows(frame, "segment", "active") == [("PU", 680), ("BPU", 120)]
    assert frame["share_pct"].to_list() == pytest.approx([85.0, 15.0])


def test_national_segments_carry_the_printed_split(default_db):
    """Review 3 F1: each segment with the count its source printed, the month's printed total and
    whether that source printed PMI (SPN News, December 2023: PU 25 juta, BPU 9,19, Jakon 7,36 of
    41,56 juta; Kontan, April 2025: PMI 0,64 juta; December 2024: only the total, 45,22 juta)."""
    dec23 = run_query(default_db, "national_segments", period=date(2023, 12, 1))
    assert rows(dec23, "segment", "published_active") == [
        ("PU", 25_000_000), ("BPU", 9_190_000), ("JAKON", 7_360_000), ("PMI", None)]
    assert set(dec23["published_total"]) == {41_560_000} and set(dec23["pmi_printed"]) == {False}
    assert dec23["published_source"][0].startswith("Jumlah Peserta BPJS Ketenagakerjaan Capai 61,08 Juta")
    # PU + PMI in the bars is the printed PU (the builder keeps that where no PMI is printed).
    assert abs(dec23["active"][0] + dec23["active"][3] - 25_000_000) <= 500_000
    apr25 = run_query(default_db, "national_segments", period=date(2025, 4, 1))
    assert apr25["published_active"].to_list() == [25_430_000, 8_990_000, 4_640_000, 640_000]
    assert set(apr25["pmi_printed"]) == {True}
    dec24 = run_query(default_db, "national_segments", period=date(2024, 12, 1))
    assert dec24["published_active"].to_list() == [None] * 4 and set(dec24["published_total"]) == {45_220_000}
    assert dec24["published_total_source"][0].startswith("BPJS Ketenagakerjaan Catat Jumlah Peserta Aktif 39,7")


@pytest.mark.parametrize("area, basis, expected", [
    ("52", "ucj", [(APR24, 600, 2000, True), (APR25, 700, 2100, False)]),
    ("52.71", "ucj", [(APR24, 400, 1000, True), (APR25, 450, 1000, True)]),
    ("ID", "bps", [(APR25, 800, 7000, True)]),
])
def test_coverage_trend(fixture_db, area, basis, expected):
    frame = run_query(fixture_db, "coverage_trend", area_code=area, basis=basis)
    assert rows(frame, "period", "active", "workers", "active_synthetic") == expected


def test_batches(fixture_db):
    assert rows(run_query(fixture_db, "import_batches"), "batch_id", "kind", "status") == [(1, "seed", "active")]


def test_unknown_query_name_is_refused():
    with pytest.raises(KeyError, match="no query named 'nope'"):
        query_text("nope")
