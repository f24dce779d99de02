"""The SQL models (queries/models/): coverage is divided in one place, the models exist on every
connection the app, the CLI and the tests use, and their rows on the fixture, worked out by hand
from tests/fixture_rows.sql."""

from __future__ import annotations

import re
from datetime import date

import duckdb
import pytest

from cakupan import db
from conftest import ROOT

APR25, APR24 = date(2025, 4, 1), date(2024, 4, 1)
QUERIES = ROOT / "queries"


def _code(path) -> str:
    """A query's SQL without its comments, lower-cased."""
    return re.sub(r"--[^\n]*", "", path.read_text()).lower()


# A coverage rate divides by workers: written as `/ nullif(<...>workers...` or `/ <...>workers`.
DIVIDES_BY_WORKERS = re.compile(r"/\s*(nullif\s*\(\s*)?[\w.]*workers")


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.sql")), ids=lambda p: p.name)
def test_no_query_divides_by_workers_itself(path):
    # Every coverage rate goes through the coverage_pct macro, so the rate is defined once.
    assert not DIVIDES_BY_WORKERS.search(_code(path)), f"{path.name} divides by workers; call coverage_pct"


def test_coverage_is_divided_once_in_the_models():
    dividing = [p.name for p in sorted((QUERIES / "models").glob("*.sql")) if DIVIDES_BY_WORKERS.search(_code(p))]
    assert dividing == ["coverage_pct.sql"]


def test_the_rule_catches_a_division_by_workers():
    # The pattern above would have caught how the queries divided before the models.
    for written in ("100.0 * a.active / nullif(w.workers, 0)", "100.0 * m.active / nullif(workers, 0)",
                    "active / w.workers"):
        assert DIVIDES_BY_WORKERS.search(written)
    assert not DIVIDES_BY_WORKERS.search("100.0 * e.enrolled / nullif(e.enterprises, 0)")


def test_models_come_after_the_models_they_use():
    order = list(db.models())
    assert order.index("area_regency") < order.index("area_month_coverage")
    assert order.index("anchor_published") < order.index("area_month_coverage")
    assert order.index("coverage_pct") < order.index("area_month_coverage")
    # A query gets the models it names and what those use, nothing it does not need.
    needed = db.models_for("select * from area_month_coverage")
    assert all(f"temp view {name} " in needed or f"temp macro {name}(" in needed
               for name in ("area_regency", "anchor_published", "coverage_pct", "area_month_coverage"))
    assert "temp view area " not in needed
    assert db.models_for(db.query_text("periods")) == ""


AREA_REGENCY = [
    ("kanwil", "BANUSPA", "52.01"), ("kanwil", "BANUSPA", "52.71"), ("kanwil", "BANUSPA", "53.71"),
    ("national", "ID", "52.01"), ("national", "ID", "52.71"), ("national", "ID", "53.71"),
    ("province", "52", "52.01"), ("province", "52", "52.71"), ("province", "53", "53.71"),
    ("regency", "52.01", "52.01"), ("regency", "52.71", "52.71"), ("regency", "53.71", "53.71"),
]


def test_models_work_on_a_read_only_connection_and_every_cursor(fixture_db):
    # fixture_db is opened read-only: the models are temporary, so the file is left as it was.
    cursor = fixture_db.cursor()
    db.create_models(cursor)
    assert cursor.execute("select * from area_regency order by all").fetchall() == AREA_REGENCY
    cursor.close()
    # run_query creates what a query needs on its own cursor.
    assert db.run_query(fixture_db, "coverage_trend", area_code="BANUSPA", basis="ucj")["active"].to_list() == [
        750, 800]


def test_models_on_the_apps_snapshot_and_the_cli_connection(fixture_db, tmp_path):
    path = fixture_db.execute("select path from duckdb_databases() where not internal").fetchone()[0]
    snapshot = db.Snapshot(path)
    try:
        for _ in range(2):  # every cursor sees them, created once for the snapshot
            cursor = snapshot.cursor()
            assert cursor.execute("select * from area_regency order by all").fetchall() == AREA_REGENCY
            cursor.close()
        assert db.run_query(snapshot, "coverage_trend", area_code="52", basis="ucj")["active"].to_list() == [600, 700]
    finally:
        snapshot.close()
    con = db.connect(path)
    try:
        assert con.execute("select coverage_pct(1, 4), coverage_pct(1, 0)").fetchone() == (25.0, None)
    finally:
        con.close()
    # Nothing was written to the file.
    with duckdb.connect(path, read_only=True) as plain:
        assert plain.execute("select count(*) from duckdb_views() where not internal").fetchone()[0] == 0


def test_area_names_at_every_level(fixture_db):
    cursor = fixture_db.cursor()
    db.create_models(cursor)
    assert cursor.execute("select * from area order by area_level, area_code").fetchall() == [
        ("kanwil", "BANUSPA", "Kanwil Banuspa", None, "BANUSPA"),
        ("national", "ID", "Indonesia", None, None),
        ("province", "52", "Nusa Tenggara Barat", "52", "BANUSPA"),
        ("province", "53", "Nusa Tenggara Timur", "53", "BANUSPA"),
        ("regency", "52.01", "Kabupaten Lombok Barat", "52", "BANUSPA"),
        ("regency", "52.71", "Kota Mataram", "52", "BANUSPA"),
        ("regency", "53.71", "Kota Kupang", "53", "BANUSPA"),
    ]
    cursor.close()


def test_area_month_coverage_at_every_level(fixture_db):
    cursor = fixture_db.cursor()
    db.create_models(cursor)
    got = cursor.execute("""
        select area_level, area_code, period, active, workers, active_synthetic, active_source,
            active_rows_synthetic, workers_synthetic, rate_pct
        from area_month_coverage
        where basis = 'ucj'
        order by area_level, area_code, period
    """).fetchall()
    cursor.close()
    # Sums by hand from the fixture rows (all of them demo rows). NTB's April 2025 members are
    # anchored to a published total (700, 'Published A'): that side alone is not synthetic. The
    # Kanwil and the nation are the same three kab/kota here.
    assert [row[:7] for row in got] == [
        ("kanwil", "BANUSPA", APR24, 750, 3000, True, None),
        ("kanwil", "BANUSPA", APR25, 800, 3100, True, None),
        ("national", "ID", APR24, 750, 3000, True, None),
        ("national", "ID", APR25, 800, 3100, True, None),
        ("province", "52", APR24, 600, 2000, True, None),
        ("province", "52", APR25, 700, 2100, False, "Published A"),
        ("province", "53", APR24, 150, 1000, True, None),
        ("province", "53", APR25, 100, 1000, True, None),
        ("regency", "52.01", APR24, 200, 1000, True, None),
        ("regency", "52.01", APR25, 250, 1100, True, None),
        ("regency", "52.71", APR24, 400, 1000, True, None),
        ("regency", "52.71", APR25, 450, 1000, True, None),
        ("regency", "53.71", APR24, 150, 1000, True, None),
        ("regency", "53.71", APR25, 100, 1000, True, None),
    ]
    assert all(row[7] is True and row[8] is True for row in got)  # every row below is demo data
    assert [row[9] for row in got] == pytest.approx([25.0, 100 * 800 / 3100, 25.0, 100 * 800 / 3100, 30.0,
                                                     100 * 700 / 2100, 15.0, 10.0, 20.0, 100 * 250 / 1100,
                                                     40.0, 45.0, 15.0, 10.0])
