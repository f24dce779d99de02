"""The content hash that recognises a re-imported file: XXH3-128, stored with its name. A match
is only a candidate: the import counts as done only when it would write what that batch wrote."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date

import blake3
import duckdb
import polars as pl
import xxhash

from cakupan.db import SCHEMA_FILE
from cakupan.importer import HASH_CHUNK, ImportOptions, apply, file_hash, prepare, rollback, writes_digest
from import_support import MEMBER_EXTRACT, table_checksums

MEMBERSHIP = ("periode;kode_wilayah;segmen;jenis_usaha;peserta_aktif\n"
              "2025-04;52.71;PU;lainnya;1.234.567\n2025-04;52.01;BPU;umkm;33.100\n")
TODAY = date(2025, 6, 15)


def member_options() -> ImportOptions:
    return ImportOptions(kind="membership", today=TODAY, source_title="uji")


def collide(con, batch_id: int, path) -> None:
    """What a crafted collision would leave: the batch's stored hash is that of another file."""
    con.execute("update import_batch set file_hash = $h where batch_id = $b", {"h": file_hash(path), "b": batch_id})


def test_the_hash_is_xxh3_128_and_named(tmp_path):
    # XXH3-128 of '' and 'abc' as the reference library prints them (checked against Debian's
    # libxxhash 0.8.1 through ctypes, apart from the Python package).
    empty, abc = tmp_path / "empty", tmp_path / "abc"
    empty.write_bytes(b"")
    abc.write_bytes(b"abc")
    assert file_hash(empty) == "xxh3-128:99aa06d3014798d86001c324468d497f"
    assert file_hash(abc) == "xxh3-128:06b05ab6733a618578af5f94892f3950"


def test_a_file_of_several_chunks_hashes_as_one_piece(tmp_path):
    data = os.urandom(2 * HASH_CHUNK + 12345)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    assert file_hash(path) == "xxh3-128:" + xxhash.xxh3_128(data).hexdigest()


def test_the_batch_stores_the_named_hash_and_a_second_import_is_a_no_op(writable_fixture_db, tmp_path):
    con = writable_fixture_db
    path = tmp_path / "ntb.csv"
    path.write_text(MEMBERSHIP, encoding="utf-8")
    options = ImportOptions(kind="membership", source_title="uji")
    first = apply(con, prepare(con, path, options))
    expected = "xxh3-128:" + xxhash.xxh3_128(MEMBERSHIP.encode()).hexdigest()
    assert con.execute("select file_hash from import_batch where batch_id = $b",
                       {"b": first.batch_id}).fetchall() == [(expected,)]
    state = table_checksums(con=con)
    again = prepare(con, path, options)
    assert again.file_hash == expected and again.already_batch == first.batch_id
    assert apply(con, again).already
    assert table_checksums(con=con) == state


def test_a_colliding_file_with_other_rows_is_imported(writable_fixture_db, tmp_path):
    """File B's hash equals batch A's (as a crafted collision would make it), but B's rows differ:
    B is imported as a batch of its own, and its figures are the ones the database then holds."""
    con = writable_fixture_db
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(MEMBERSHIP, encoding="utf-8")
    b.write_text(MEMBERSHIP.replace("33.100", "33.200"), encoding="utf-8")
    options = ImportOptions(kind="membership", source_title="uji")
    first = apply(con, prepare(con, a, options))
    collide(con, first.batch_id, b)
    plan = prepare(con, b, options)
    assert plan.file_hash == file_hash(b) and plan.already_batch is None
    second = apply(con, plan)
    assert not second.already and second.batch_id == first.batch_id + 1
    assert con.execute("select active_participants, batch_id from membership where period = '2025-04-01' and "
                       "regency_code = '52.01'").fetchall() == [(33_200, second.batch_id)]


def test_a_colliding_extract_that_also_empties_an_area_is_imported(writable_fixture_db, tmp_path):
    """The same active participants, so the same rows; but B also holds Kota Kupang (53.71), whose
    one participant is inactive, so B replaces Kupang's April 2025 row (100, synthetic) and A does
    not. A hash match with A must not keep Kupang's row."""
    con = writable_fixture_db
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    MEMBER_EXTRACT.filter(pl.col("kode_wilayah") != "53.71").write_parquet(a)
    MEMBER_EXTRACT.write_parquet(b)
    first = apply(con, prepare(con, a, member_options()))
    kupang = "select active_participants from membership where period = '2025-04-01' and regency_code = '53.71'"
    assert con.execute(kupang).fetchall() == [(100,)]
    collide(con, first.batch_id, b)
    plan = prepare(con, b, member_options())
    assert plan.frame.drop("file_row").sort(plan.frame.columns[:4]).equals(
        con.sql("select period, regency_code, segment, enterprise_kind, active_participants from membership "
                "where batch_id = $b order by all", params={"b": first.batch_id}).pl()
        .with_columns(pl.col("active_participants").cast(pl.Int64)))
    assert plan.already_batch is None
    second = apply(con, plan)
    assert not second.already
    assert con.execute(kupang).fetchall() == []
    assert con.execute("select active_participants, replaced_by_batch from membership_history where "
                       "regency_code = '53.71' and period = '2025-04-01'").fetchall() == [(100, second.batch_id)]


def test_a_colliding_file_that_writes_the_same_is_already_imported(writable_fixture_db, tmp_path):
    """Other bytes (the records in reverse order), the same rows and areas: nothing would change, so
    a hash match with that batch is a re-import and leaves the database as it was."""
    con = writable_fixture_db
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    MEMBER_EXTRACT.write_parquet(a)
    MEMBER_EXTRACT.reverse().write_parquet(b)
    assert a.read_bytes() != b.read_bytes()
    first = apply(con, prepare(con, a, member_options()))
    collide(con, first.batch_id, b)
    state = table_checksums(con=con)
    plan = prepare(con, b, member_options())
    assert plan.already_batch == first.batch_id
    assert apply(con, plan).already
    assert table_checksums(con=con) == state


def test_a_batch_with_an_earlier_blake3_hash_still_reads_and_rolls_back(writable_fixture_db, tmp_path):
    """A batch written before the change holds 'blake3:<hex>' of its file and read_as without the
    digest of its rows. The same file imported now is no match (another algorithm): it becomes a
    new batch with the same rows, and rolling that back restores the earlier batch exactly."""
    con = writable_fixture_db
    path = tmp_path / "ntb.csv"
    path.write_text(MEMBERSHIP, encoding="utf-8")
    options = ImportOptions(kind="membership", source_title="uji")
    first = apply(con, prepare(con, path, options))
    old_read_as = {"kind": "membership", "period": None, "basis": None, "sheet": None, "header_row": None,
                   "province": None, "code_system": "kemendagri", "decimal": None}
    con.execute("update import_batch set file_hash = $h where batch_id = $b",
                {"h": "blake3:" + blake3.blake3(MEMBERSHIP.encode()).hexdigest(), "b": first.batch_id})
    con.execute("update import_batch_detail set read_as = $r where batch_id = $b",
                {"r": json.dumps(old_read_as, sort_keys=True), "b": first.batch_id})
    state = table_checksums(con=con)
    plan = prepare(con, path, options)
    assert plan.already_batch is None
    second = apply(con, plan)
    assert not second.already and second.rows_added == 2 and second.rows_replaced == 2
    rollback(con, second.batch_id)
    # Every table as it was, but the batch list, which keeps the rolled-back batch as such.
    after = table_checksums(con=con)
    batch_tables = {"import_batch", "import_batch_detail", "import_warning"}
    assert {t: c for t, c in after.items() if t not in batch_tables} == \
        {t: c for t, c in state.items() if t not in batch_tables}
    old_hash = "blake3:" + blake3.blake3(MEMBERSHIP.encode()).hexdigest()
    batches = "select batch_id, file_hash, status from import_batch where batch_id > 1 order by 1"
    assert con.execute(batches).fetchall() == [(first.batch_id, old_hash, "active"),
                                               (second.batch_id, file_hash(path), "rolled_back")]


def test_the_digest_of_what_is_written_ignores_order_and_row_numbers_only():
    rows = pl.DataFrame({"period": [date(2025, 4, 1)] * 2, "regency_code": ["52.71", "52.01"],
                         "segment": ["PU", ""], "active_participants": [5, 6], "file_row": [2, 3]})
    scope = pl.DataFrame({"period": [date(2025, 4, 1)], "regency_code": ["53.71"]})
    digest = writes_digest("membership", rows, scope)
    assert digest.startswith("blake3:") and len(digest) == len("blake3:") + 64
    assert writes_digest("membership", rows.reverse().with_columns(pl.Series("file_row", [9, 8])), scope) == digest
    assert writes_digest("membership", rows.with_columns(pl.Series("segment", ["PU", None])), scope) != digest
    assert writes_digest("membership", rows, None) != digest
    assert writes_digest("membership", rows, scope.with_columns(pl.lit("53.72").alias("regency_code"))) != digest
    assert writes_digest("workforce", rows, scope) != digest


def test_a_database_with_the_old_hash_column_is_refused_as_old(tmp_path, capsys):
    """A database built before the hash was renamed holds `file_sha256`: the import refuses it with the
    'old database' message and leaves it as it was."""
    from cakupan.__main__ import main

    # The schema as it was, with the fingerprint an earlier build wrote for it.
    old_schema = SCHEMA_FILE.read_text(encoding="utf-8").replace("file_hash varchar", "file_sha256 varchar")
    assert old_schema != SCHEMA_FILE.read_text(encoding="utf-8")
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(old_schema)
    con.execute("insert into schema_fingerprint values ($f)",
                {"f": hashlib.sha256(old_schema.encode()).hexdigest()[:16]})
    con.close()
    before = path.read_bytes()
    source = tmp_path / "ntb.csv"
    source.write_text(MEMBERSHIP, encoding="utf-8")
    code = main(["import", str(source), "--kind", "membership", "--db", str(path), "--lang", "en"])
    assert code != 0
    assert "built by an earlier version of Cakupan" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_the_command_line_leaves_the_database_untouched_for_a_file_it_has(tmp_path, capsys):
    """The command line reads and writes on one connection to a new version of the file; a file
    imported before throws that version away: the database file keeps its bytes and its version
    (no rename), and no draft is left beside it."""
    from cakupan import snapshot
    from cakupan.__main__ import main
    from cakupan.db import create_schema
    from import_support import ROOT

    path = tmp_path / "cakupan.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con)
    con.execute((ROOT / "tests" / "fixture_rows.sql").read_text())
    con.close()
    source = tmp_path / "ntb.csv"
    source.write_text(MEMBERSHIP, encoding="utf-8")
    argv = ["import", str(source), "--kind", "membership", "--db", str(path), "--lang", "en"]
    assert main(argv) == 0
    assert "already imported" not in capsys.readouterr().out
    version, before = snapshot.version(path), path.read_bytes()
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "already imported as batch 2" in out and "identical XXH3-128 hash" in out
    assert snapshot.version(path) == version and path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cakupan.duckdb", "cakupan.duckdb.lock", "ntb.csv"]
