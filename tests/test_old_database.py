"""A database built by an earlier version of Cakupan is refused with a clear message, never a crash."""

from __future__ import annotations

import duckdb
import pytest

from conftest import run_page
from cakupan import db
from cakupan.__main__ import main
from import_support import copy_db


@pytest.fixture
def old_db(default_db_path, tmp_path):
    path = copy_db(default_db_path, tmp_path / "lama.duckdb")
    con = duckdb.connect(str(path))
    con.execute("drop table schema_fingerprint")  # as built before this version recorded its schema
    con.close()
    return path


def test_a_new_database_carries_the_fingerprint_of_this_schema(default_db):
    assert db.fingerprint_of(default_db) == db.current_fingerprint()


def test_the_command_line_refuses_an_old_database(old_db, capsys):
    with pytest.raises(db.OldDatabase, match="earlier version of Cakupan"):
        db.connect(old_db)
    assert main(["coverage", "--level", "province", "--period", "2025-07", "--db", str(old_db)]) == 3
    assert "dibuat oleh versi Cakupan yang lebih lama" in capsys.readouterr().err


def test_a_page_says_so_instead_of_failing(old_db, monkeypatch):
    monkeypatch.setenv("CAKUPAN_DB", str(old_db))
    at = run_page("ringkasan")
    assert not at.exception
    assert [w.value for w in at.warning][-1].startswith("Basis data di server ini dibuat oleh versi Cakupan")
