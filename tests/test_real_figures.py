"""Real published figures in, exactly: each file of tests/real_figures imports through the command
line, and `cakupan coverage` then returns the printed rate within the source's rounding."""

from __future__ import annotations

import csv
import json
import shlex

import pytest

from cakupan.__main__ import main
from import_support import ROOT, copy_db, table_checksums

CORPUS = ROOT / "tests" / "real_figures"
CASES = list(csv.DictReader((CORPUS / "cases.csv").open(encoding="utf-8")))


def tolerance(printed: str) -> float:
    """Half a unit of the last printed decimal: '24,62' -> 0,005; '39' -> 0,5."""
    decimals = len(printed.split(",")[1]) if "," in printed else 0
    return 0.5 * 10 ** -decimals + 1e-9


@pytest.fixture(scope="module")
def db(default_db_path, tmp_path_factory):
    return copy_db(default_db_path, tmp_path_factory.mktemp("real") / "cakupan.duckdb")


def test_the_corpus_is_real_shaped():
    files = {c["file"] for c in CASES}
    assert len(files) >= 12 and all((CORPUS / f).exists() for f in files)
    assert {f.rsplit(".", 1)[1] for f in files} == {"csv", "xlsx"}


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_printed_rate_comes_back(case, db, capsys):
    if case["expect"].startswith("refused:"):
        # A real table that must not go in (a branch office's figures): refused with the message
        # the case names, every table left as it was.
        before = table_checksums(db)
        verb, *args = shlex.split(case["commands"])
        assert main([verb, str(CORPUS / case["file"]), *args, "--db", str(db)]) == 1
        out = capsys.readouterr()
        assert case["expect"].removeprefix("refused:") in out.out + out.err
        assert table_checksums(db) == before
        return
    for command in case["commands"].split(" || "):
        verb, *args = shlex.split(command)
        code = main([verb, str(CORPUS / case["file"]), *args, "--db", str(db)])
        out = capsys.readouterr()
        assert code == 0, out.out + out.err
        assert "Traceback" not in out.out + out.err
    code = main(["coverage", "--level", case["level"], "--period", case["period"], "--basis", "ucj",
                 "--format", "json", "--db", str(db)])
    assert code == 0
    rows = {r["area_code"]: r for r in json.loads(capsys.readouterr().out)}
    for expect in case["expect"].split("|"):
        area, printed, derived = expect.split(":")
        row = rows[area]
        if derived == "rate_only":
            # Only the rate was printed: it is kept beside the area's figures, which it cannot make.
            assert abs(row["published_rate_pct"] - float(printed.replace(",", "."))) <= tolerance(printed), row
            continue
        assert abs(row["rate_pct"] - float(printed.replace(",", "."))) <= tolerance(printed), row
        # An import is labelled as one, never "terbit"; a count derived from the rate says so.
        assert row["provenance"] == "imported", row
        assert row["derived"] == (derived or None), row
        if derived:
            assert "diturunkan dari angka terbit" in row["provenance_label"]


def test_a_compilation_credits_each_province_to_its_own_article(default_db_path, tmp_path, capsys):
    # Four provinces' figures from four articles in one file (ucj_provinsi_himpunan.csv): Gorontalo's
    # September 2024 total is GOPOS's alone, as the file's row says.
    db = copy_db(default_db_path, tmp_path / "cakupan.duckdb")
    assert main(["import", str(CORPUS / "ucj_provinsi_himpunan.csv"), "--kind", "published", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["coverage", "--level", "province", "--period", "2024-09", "--basis", "ucj", "--format", "json",
                 "--db", str(db)]) == 0
    gorontalo = next(r for r in json.loads(capsys.readouterr().out) if r["area_code"] == "75")
    gopos = ("Duduki Peringkat Enam Nasional, Ini Pemda Gorontalo Peraih Paritrana Award 2023 "
             "(GOPOS, 3 Sep 2024)")
    assert (gorontalo["active_source"], gorontalo["workers_source"]) == (gopos, gopos)
    assert gorontalo["published_source"] == gopos


def test_pages_say_what_a_partial_month_is(default_db_path, tmp_path, monkeypatch, capsys):
    """One kab/kota imported into a month with no other data: Ringkasan Nasional does not present
    it as Indonesia, and a segment view says the kab/kota has no split."""
    from conftest import run_page

    db = copy_db(default_db_path, tmp_path / "cakupan.duckdb")
    path = tmp_path / "fakfak.csv"
    path.write_text("Bulan;Kabupaten/Kota;Provinsi;Peserta Aktif;Potensi Pekerja;Cakupan (%);Sumber\n"
                    "Januari 2026;Fakfak;Papua Barat;15.210;38.102;39,92;Berita contoh\n", encoding="utf-8")
    assert main(["import", str(path), "--kind", "published", "--db", str(db)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("CAKUPAN_DB", str(db))
    at = run_page("ringkasan", period="2026-01-01")
    assert not at.exception
    assert any("1 dari 38 provinsi" in w.value for w in at.warning)
    # The changes against a year with every province would compare different sets: none shown.
    assert [m.delta for m in at.metric][:3] == ["", "", ""]
    at = run_page("peta", period="2026-01-01", segment="PU", province="92", level="regency")
    assert not at.exception
    assert any("1 kabupaten/kota hanya punya angka total" in c.value for c in at.caption)
