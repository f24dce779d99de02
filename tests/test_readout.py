"""`python -m cakupan coverage`: the app's own rates for scripts, as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest

from cakupan.__main__ import main
from cakupan.db import create_schema
from import_support import ROOT


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "fixture.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con)
    con.execute((ROOT / "tests" / "fixture_rows.sql").read_text())
    con.close()
    return path


@pytest.mark.parametrize("province", ["52", "Nusa Tenggara Barat"])
def test_csv_rows_match_the_fixture(db, capsys, province):
    assert main(["coverage", "--level", "regency", "--period", "2025-04", "--province", province, "--format", "csv",
                 "--db", str(db)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    # Fixture, April 2025, UCJ: Mataram 330 + 120 of 600 + 400; Lombok Barat 250 of 600 + 500.
    assert [(r["area_code"], r["active"], r["workers"], r["rate_pct"], r["provenance"]) for r in rows] == [
        ("52.01", "250", "1100", "22.7273", "synthetic"), ("52.71", "450", "1000", "45.0", "synthetic")]
    assert rows[0]["denominator_rule"] == "all_workers" and rows[0]["import_batches"] == ""


def test_json_province_with_a_published_total(db, capsys):
    assert main(["coverage", "--level", "province", "--period", "2025-04", "--format", "json", "--db", str(db)]) == 0
    rows = {r["area_code"]: r for r in json.loads(capsys.readouterr().out)}
    # Province 52's members are its published total (700); its workers are synthetic (1000 + 1100).
    assert (rows["52"]["active"], rows["52"]["workers"], rows["52"]["active_provenance"]) == (700, 2100, "published")
    assert rows["52"]["active_source"] == "Published A" and rows["52"]["provenance"] == "synthetic"


@pytest.mark.parametrize("args, message", [
    (["--period", "Q5 2025"], "tidak terbaca"),
    (["--period", "2025-04", "--province", "99"], "provinsi '99' tidak ada"),
])
def test_bad_arguments_are_explained(db, capsys, args, message):
    assert main(["coverage", "--level", "province", *args, "--db", str(db)]) == 2
    assert message in capsys.readouterr().err


def test_a_printed_rate_is_shown_beside_the_computed_one(db, tmp_path, capsys):
    path = tmp_path / "rates.csv"
    path.write_text("bulan;provinsi;cakupan (%);sumber\nApr 2025;NTB;33,00;Berita C\nApr 2025;NTB;35;Berita D\n",
                    encoding="utf-8")
    assert main(["import", str(path), "--kind", "published", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["coverage", "--level", "province", "--period", "2025-04", "--format", "json", "--db", str(db)]) == 0
    row = next(r for r in json.loads(capsys.readouterr().out) if r["area_code"] == "52")
    # Two printed figures for one month: both counted; the computed rate (700 of 2.100) is unchanged.
    assert (row["published_count"], row["published_rate_pct"]) == (2, 33.0)
    assert row["rate_pct"] == pytest.approx(100 * 700 / 2100, abs=1e-4)
