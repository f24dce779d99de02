"""Imports are all-or-nothing: a killed import leaves the previous state, readers never see half a batch,
and exported tables come back in unchanged."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from cakupan import db, snapshot
from cakupan.importer import ImportOptions, apply, prepare, rollback
from import_support import ROOT, copy_db, table_checksums

SEGMENTS = [("PU", "lainnya"), ("PU", "umkm"), ("BPU", "umkm"), ("BPU", "koperasi"), ("JAKON", "lainnya"),
            ("PMI", "lainnya")]


@pytest.fixture
def db_copy(default_db_path, tmp_path) -> Path:
    return copy_db(default_db_path, tmp_path / "cakupan.duckdb")


def regencies(path: Path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [r[0] for r in con.execute("select regency_code from regency order by 1").fetchall()]
    finally:
        con.close()


def membership_csv(path: Path, codes: list[str], periods: list[str], base: int) -> Path:
    """An aggregated membership file: every regency and segment for each period."""
    frame = pl.DataFrame(
        [(p, c, s, k) for p in periods for c in codes for s, k in SEGMENTS],
        schema=["periode", "kode_wilayah", "segmen", "jenis_usaha"], orient="row",
    ).with_columns((pl.int_range(pl.len()) % 9973 + base).alias("peserta_aktif"))
    frame.write_csv(path)
    return path


def months(first_year: int, n: int) -> list[str]:
    return [f"{first_year + i // 12}-{i % 12 + 1:02d}" for i in range(n)]


# --- a killed import ----------------------------------------------------------------------------

@pytest.mark.parametrize("delay", [0.0, 0.5])
def test_sigkill_during_a_large_import_leaves_the_state_before(db_copy, tmp_path, delay):
    """SIGKILL the CLI after it began its transaction: the database opens and holds exactly the
    state before the import (DuckDB discards the uncommitted transaction).

    The file replaces every month of the default data (80,184 rows in, 154,200 to history, about
    3 s of writing here), so both kill points fall inside the transaction."""
    big = membership_csv(tmp_path / "big.csv", regencies(db_copy), months(2023, 25 + 11)[11:], 100)
    before = table_checksums(db_copy)
    out = open(tmp_path / "stdout.txt", "w+")  # a file, not a pipe: a full pipe would stall the child
    proc = subprocess.Popen(
        [sys.executable, "-m", "cakupan", "import", str(big), "--kind", "membership", "--db", str(db_copy),
         "--lang", "en"],
        cwd=ROOT, stdout=out, stderr=subprocess.PIPE, text=True)
    # A child that never reaches its transaction must fail this test, not hang the suite.
    watchdog = threading.Timer(180, proc.kill)
    watchdog.start()
    try:
        for line in proc.stderr:
            if line.startswith("Writing in one transaction"):
                break
        else:
            pytest.fail("the import never started writing: " + (tmp_path / "stdout.txt").read_text())
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    out.close()
    assert "written" not in (tmp_path / "stdout.txt").read_text()
    assert table_checksums(db_copy) == before
    # The database is healthy: an import now completes.
    small = membership_csv(tmp_path / "small.csv", ["52.71"], ["2025-06"], 100)
    con = duckdb.connect(str(db_copy))
    try:
        assert apply(con, prepare(con, small, ImportOptions(kind="membership"))).rows_added == len(SEGMENTS)
    finally:
        con.close()


# --- readers during imports ----------------------------------------------------------------------

CONSISTENT = """
    -- One snapshot: every active import batch holds exactly its row count (in membership, or in
    -- history where a later batch replaced them); a rolled-back batch holds none.
    with rows_of as (
        select batch_id, count(*) as n
        from (select batch_id from membership union all select batch_id from membership_history)
        group by batch_id
    )
    select count(*)
    from import_batch as b
    left join rows_of as r using (batch_id)
    where b.kind = 'membership'
        and coalesce(r.n, 0) <> case when b.status = 'active' then b.row_count else 0 end
"""


def test_readers_never_see_half_a_batch(db_copy, tmp_path):
    """The app's design: readers hold a read-only view of one file version and reopen when the
    version changes; each import or rollback writes a new version and renames it into place."""
    codes = regencies(db_copy)
    views: dict[tuple[int, int], db.Snapshot] = {}

    def current() -> db.Snapshot:
        version = snapshot.version(db_copy)
        if version not in views:
            views[version] = db.Snapshot(db_copy)
        return views[version]

    start = db.run_query(current(), "national_summary", period=date(2025, 6, 1), basis="ucj")["active"][0]
    files = [membership_csv(tmp_path / f"m{i}.csv", codes, ["2025-06"], 1000 * (i + 1)) for i in range(4)]
    totals = {start}
    for path in files:
        totals.add(int(pl.read_csv(path)["peserta_aktif"].sum()))
    stop = threading.Event()
    seen: list[str] = []
    checks = [0]

    def reader() -> None:
        while not stop.is_set():
            con = current()
            cur = con.cursor()
            try:
                bad = cur.execute(CONSISTENT).fetchall()[0][0]
            finally:
                cur.close()
            active = db.run_query(con, "national_summary", period=date(2025, 6, 1), basis="ucj")["active"][0]
            if bad:
                seen.append(f"{bad} batches half-visible")
            if active not in totals:
                seen.append(f"national active {active} is neither before nor after an import")
            checks[0] += 1

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for th in threads:
        th.start()
    versions = [snapshot.version(db_copy)]
    try:
        batches = []
        for path in files:
            plan = prepare(current(), path, ImportOptions(kind="membership"))
            with snapshot.writer(db_copy) as con:
                batches.append(apply(con, plan).batch_id)
            versions.append(snapshot.version(db_copy))
        for batch in reversed(batches):
            with snapshot.writer(db_copy) as con:
                rollback(con, batch)
            versions.append(snapshot.version(db_copy))
    finally:
        stop.set()
        for th in threads:
            th.join(timeout=60)
    assert checks[0] > 10
    assert seen == []
    assert len(set(versions)) == 1 + 2 * len(files)  # every import and rollback is a new version
    assert len(views) > 1  # and the readers moved on to new versions while they read
    assert db.run_query(current(), "national_summary", period=date(2025, 6, 1), basis="ucj")["active"][0] == start


def test_a_second_writer_is_told_to_wait_and_the_file_is_untouched(db_copy):
    before = table_checksums(db_copy)
    with snapshot.writer(db_copy):
        with pytest.raises(snapshot.Busy):
            with snapshot.writer(db_copy):
                pass
        assert table_checksums(db_copy) == before


def test_a_failed_write_leaves_the_file_as_it_was(db_copy):
    before, version = table_checksums(db_copy), snapshot.version(db_copy)
    with pytest.raises(RuntimeError, match="half way"):
        with snapshot.writer(db_copy) as con:
            con.execute("delete from membership")
            raise RuntimeError("half way")
    assert snapshot.version(db_copy) == version and table_checksums(db_copy) == before
    assert sorted(p.name for p in db_copy.parent.iterdir() if p.name.startswith(db_copy.name)) == [
        db_copy.name, db_copy.name + ".lock"]


# --- round trip through the export code ------------------------------------------------------------

def _exported(frame: pl.DataFrame, kind: str) -> bytes:
    """The bytes the app's download buttons give for a table (cakupan.reports.export)."""
    from cakupan.provenance import Provenance
    from cakupan.reports.export import table_bytes

    return table_bytes(frame, Provenance(("Cakupan",), "2025-06", "ucj", True), "id", kind)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
@pytest.mark.parametrize("table, kind, key", [
    ("membership", "membership", "period, regency_code, segment, enterprise_kind"),
    ("workforce", "workforce", "period, regency_code, basis, sector"),
])
def test_round_trip(db_copy, tmp_path, fmt, table, kind, key):
    """Export NTB's rows for one month, import them back: every value is identical."""
    con = duckdb.connect(str(db_copy))
    try:
        sql = ("select * exclude (is_synthetic, source_id, batch_id) from " + table +
               " where period = '2025-06-01' and starts_with(regency_code, '52.') order by " + key)
        before = con.sql(sql).pl()
        path = tmp_path / f"{table}.{fmt}"
        path.write_bytes(_exported(before, fmt))
        plan = prepare(con, path, ImportOptions(kind=kind))
        assert plan.diff["change"].unique().to_list() == ["replaced"]
        assert (plan.diff["value_before"] == plan.diff["value_after"]).all()
        result = apply(con, plan)
        after = con.sql(sql).pl()
        assert after.equals(before)
        assert con.execute("select count(*) from " + table + " where batch_id = $b",
                           {"b": result.batch_id}).fetchall() == [(before.height,)]
    finally:
        con.close()
