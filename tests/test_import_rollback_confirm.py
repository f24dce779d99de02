"""Rolling a batch back from the Impor page asks first (review 3, F22): the question names the
batch and how many rows go and come back; "no" leaves the database as it was, "yes" rolls back."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from import_support import ROOT, copy_db, table_checksums

SECRET = "s3cret-for-tests"
FILE_NAME = "mataram_2025_12.csv"


@pytest.fixture
def imported(default_db_path, tmp_path, monkeypatch):
    """A private copy with one import (batch 2): two membership rows for Kota Mataram, December 2025.
    Returns (database, rows of Mataram's December 2025 membership the import replaced)."""
    from cakupan.importer import ImportOptions, apply_new_version, prepare

    db = copy_db(default_db_path, tmp_path / "cakupan.duckdb")
    file = tmp_path / FILE_NAME
    file.write_text("periode,kode_wilayah,segmen,jenis_usaha,peserta_aktif\n"
                    "2025-12,52.71,PU,lainnya,90000\n2025-12,52.71,BPU,umkm,20000\n", encoding="utf-8")
    con = duckdb.connect(str(db), read_only=True)
    # Every membership row of Kota Mataram for that month is in the file's scope, so all are replaced.
    replaced = con.execute("select count(*) from membership where regency_code = '52.71' "
                           "and period = date '2025-12-01'").fetchall()[0][0]
    plan = prepare(con, file, ImportOptions(kind="membership", source_title="Uji coba: kepesertaan Mataram",
                                            source_as_of="2026-01-05", file_name=FILE_NAME))
    con.close()
    assert apply_new_version(db, plan).batch_id == 2
    monkeypatch.setenv("CAKUPAN_DB", str(db))
    monkeypatch.setenv("CAKUPAN_ADMIN_SECRET", SECRET)
    return db, replaced


def logged_in(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.switch_page("pages/impor.py")
    at.run()
    at.text_input[0].set_value(SECRET)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_no_keeps_the_batch_and_yes_rolls_it_back(imported):
    db, replaced = imported
    assert replaced > 0
    at = logged_in("id")
    before = table_checksums(db)

    button(at, "Batalkan batch").click().run()
    # One click only asks: nothing is written yet.
    assert table_checksums(db) == before
    question = [w.value for w in at.warning]
    assert question == [f"Batalkan batch 2 (Kepesertaan (peserta aktif) · {FILE_NAME})? 2 baris dari batch ini "
                        f"akan dihapus dan {replaced} baris lama yang digantikannya dipulihkan; angka di semua "
                        "halaman kembali seperti sebelum impor ini."]

    button(at, "Jangan batalkan").click().run()
    assert not at.exception, at.exception
    assert "Batch 2 tidak dibatalkan; data tetap seperti semula." in [i.value for i in at.info]
    assert not at.warning and "Ya, batalkan batch 2" not in [b.label for b in at.button]
    assert table_checksums(db) == before

    button(at, "Batalkan batch").click().run()
    button(at, "Ya, batalkan batch 2").click().run()
    assert not at.exception, at.exception
    # The rollback reports the same counts the question gave.
    assert [s.value for s in at.success] == [f"Batch 2 dibatalkan: 2 baris dihapus, {replaced} baris lama dipulihkan."]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select status from import_batch where batch_id = 2").fetchall() == [("rolled_back",)]
    assert con.execute("select count(*) from membership where regency_code = '52.71' "
                       "and period = date '2025-12-01' and batch_id = 2").fetchall()[0][0] == 0
    con.close()
    assert "Belum ada batch impor yang bisa dibatalkan." in [c.value for c in at.caption]


def test_the_question_is_in_english_on_the_english_page(imported):
    db, replaced = imported
    at = logged_in("en")
    button(at, "Roll back batch").click().run()
    assert [w.value for w in at.warning] == [
        f"Roll back batch 2 (Membership (active participants) · {FILE_NAME})? Its 2 rows will be removed and the "
        f"{replaced} older rows it replaced restored; figures on every page return to what they were before this import."]
    assert {"Yes, roll back batch 2", "Keep the batch"} <= {b.label for b in at.button}


def test_the_preview_counts_every_table_a_rollback_touches():
    """queries/rollback_preview.sql lists the tables by hand; it must name each one the rollback undoes."""
    import re

    from cakupan.importer.store import HISTORY_TABLES

    sql = (ROOT / "queries" / "rollback_preview.sql").read_text()
    assert sorted(re.findall(r"from (\w+) where batch_id = \$batch", sql)) == sorted(HISTORY_TABLES)
    assert sorted(re.findall(r"from (\w+)_history where replaced_by_batch = \$batch", sql)) == sorted(HISTORY_TABLES)
