"""Provenance labels: a figure is synthetic (demo), published (an anchor or a cited source's rows)
or imported (named by its batch), on the fixture database and after an import batch on top of it."""

from datetime import date

import polars as pl
import pytest

from cakupan import provenance
from cakupan.choices import METRICS
from cakupan.db import run_query
from cakupan.figures import maps, trends
from conftest import _fixture_database

APR25 = date(2025, 4, 1)


@pytest.fixture(scope="module")
def imported_db(tmp_path_factory):
    con = _fixture_database(tmp_path_factory.mktemp("imported") / "fixture.duckdb",
                            "fixture_rows.sql", "fixture_import.sql")
    yield con
    con.close()


def coverage(con, basis, level="province", province="all"):
    frame = run_query(con, "area_coverage", period=APR25, basis=basis, level=level, province=province,
                      segment="all", kind="all")
    return {r["area_code"]: r for r in frame.iter_rows(named=True)}


COLUMNS = ("active", "active_kind", "active_import_batches", "active_source",
           "workers_kind", "workers_import_batches", "workers_source")


def with_kinds(row: dict) -> dict:
    """The row with the kind of each part, as the hover and the sources list read it."""
    return row | {f"{part}_kind": provenance.part_kind(row, part) for part in ("active", "workers")}


@pytest.mark.parametrize("db, basis, level, code, expected", [
    # NTB's April total is anchored to "Published A"; its UCJ workers are synthetic fill.
    ("fixture_db", "ucj", "province", "52",
     (700, "published", None, "Published A", "synthetic", None, "Synthetic fill")),
    # The BPS workers are rows from a published source, no anchor: still published.
    ("fixture_db", "bps", "province", "53",
     (100, "synthetic", None, "Synthetic fill", "published", None, "Published A")),
    # Kota Kupang is NTT's only kab/kota, so NTT's members are all batch 2's: 180 + 20.
    ("imported_db", "bps", "province", "53",
     (200, "imported", "2", "Rekap Kanwil Maret", "published", None, "Published A")),
    # NTB mixes Mataram's synthetic 330 + 120 with Lombok Barat's imported 260; the anchor is gone.
    ("imported_db", "ucj", "province", "52",
     (710, "synthetic", "2", "Rekap Kanwil Maret | Synthetic fill", "synthetic", None, "Synthetic fill")),
    ("imported_db", "ucj", "regency", "52.01",
     (260, "imported", "2", "Rekap Kanwil Maret", "synthetic", None, "Synthetic fill")),
    ("imported_db", "ucj", "regency", "52.71",
     (450, "synthetic", None, "Synthetic fill", "synthetic", None, "Synthetic fill")),
])
def test_area_coverage_kinds(request, db, basis, level, code, expected):
    row = with_kinds(coverage(request.getfixturevalue(db), basis, level, "all" if level == "province" else "52")[code])
    assert tuple(row[c] for c in COLUMNS) == expected


def test_imported_figure_hover_names_its_batch(imported_db):
    row = coverage(imported_db, "bps")["53"] | {"code": "53", "name": "Nusa Tenggara Timur"}
    # 200 / (500 + 1500) = 10%.
    assert maps.rate_hover_text(row, "bps", False, "id").split("<br>") == [
        "<b>Nusa Tenggara Timur</b>",
        "Cakupan: <b>10,0%</b> (angka terbit; hasil impor, batch 2)",
        "200 dari 2.000 (penduduk bekerja BPS)",
        "Peserta aktif — Sumber: Rekap Kanwil Maret (hasil impor, batch 2)",
        "Pekerja — Sumber: Published A (angka terbit)",
        "Per: April 2025",
    ]
    assert "Active participants — Source: Rekap Kanwil Maret (imported, batch 2)" in \
        maps.rate_hover_text(row, "bps", False, "en")


@pytest.mark.parametrize("kinds, batches, lang, expected", [
    (("published", "published"), (None, None), "id", "angka terbit"),
    (("synthetic", "published"), (None, None), "en", "synthetic data"),
    (("imported", "published"), ("2", None), "id", "angka terbit; hasil impor, batch 2"),
    (("imported", "imported"), ("2, 10", "3"), "en", "imported, batch 2, 3, 10"),
    (("synthetic", "synthetic"), ("2", None), "id", "data sintetis; sebagian hasil impor, batch 2"),
])
def test_combined_label(kinds, batches, lang, expected):
    row = {"active_synthetic": kinds[0] == "synthetic", "workers_synthetic": kinds[1] == "synthetic",
           "active_import_batches": batches[0], "workers_import_batches": batches[1]}
    assert [provenance.part_kind(row, part) for part in ("active", "workers")] == list(kinds)
    assert provenance.rate_label(row, lang) == expected


@pytest.mark.parametrize("flag, expected", [(True, "synthetic"), (False, "published"), (None, "synthetic")])
def test_kind_falls_back_on_the_synthetic_flag(flag, expected):
    assert provenance.part_kind({"active_synthetic": flag}, "active") == expected


def test_explorer_map_hover_column(imported_db):
    frame = run_query(imported_db, "area_coverage", period=APR25, basis="bps", level="province", province="all",
                      segment="all", kind="all")
    out = maps.hover_frame(frame, METRICS["rate"], _NoLayer(), "id", {})
    # Long lines are wrapped for the tooltip; compare the words. Each part of the rate names its
    # own source and kind (the one hover of every map); the rate's own label stands beside it.
    assert dict(zip(out["area_code"], out["_sources"].str.replace_all("<br>", " "))) == {
        "52": "Peserta aktif — Sumber: Rekap Kanwil Maret | Synthetic fill (data sintetis; sebagian hasil impor, "
              "batch 2) Pekerja — Sumber: Published A (angka terbit)",
        "53": "Peserta aktif — Sumber: Rekap Kanwil Maret (hasil impor, batch 2) "
              "Pekerja — Sumber: Published A (angka terbit)",
    }
    # A total of imported and synthetic rows reads "campuran", in the hover as in the tables.
    assert dict(zip(out["area_code"], out["_rate_label"])) == {
        "52": "campuran: hasil impor (batch 2) bersama data sintetis", "53": "angka terbit; hasil impor, batch 2"}


class _NoLayer:
    approximate: frozenset = frozenset()


def test_trend_marks_the_imported_month(imported_db):
    trend = run_query(imported_db, "coverage_trend", area_code="53", basis="ucj")
    assert [(r["period"], r["active"], r["active_kind"], r["active_import_batches"], r["workers_kind"])
            for r in map(with_kinds, trend.iter_rows(named=True))] == [
        (date(2024, 4, 1), 150, "synthetic", None, "synthetic"),
        (APR25, 200, "imported", "2", "synthetic"),
    ]
    no_targets = pl.DataFrame(schema={"metric": pl.String, "target_value": pl.Float64, "set_by": pl.String,
                                      "due_period": pl.Date})
    fig = trends.trend_figure(trend, no_targets, "t", "en")
    # Each count labelled on its own (review 3 F2; the hover once ended in the rate's one label,
    # "(synthetic data; partly imported, batch 2)").
    assert fig.data[0].hovertext[1].endswith("<br>Active participants 200 (imported, batch 2)<br>"
                                             "Workers 1,000 (synthetic data)")
