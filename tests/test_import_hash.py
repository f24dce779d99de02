"""The content hash that recognises a re-imported file: BLAKE3, stored with its name."""

from __future__ import annotations

import hashlib
import os

import blake3
import duckdb

from cakupan.db import SCHEMA_FILE
from cakupan.importer import HASH_CHUNK, ImportOptions, apply, file_hash, prepare
from import_support import table_checksums

MEMBERSHIP = ("periode;kode_wilayah;segmen;jenis_usaha;peserta_aktif\n"
              "2025-04;52.71;PU;lainnya;1.234.567\n2025-04;52.01;BPU;umkm;33.100\n")


def test_the_hash_is_blake3_and_named(tmp_path):
    # Test vectors of BLAKE3 itself (the reference implementation's README and test_vectors.json).
    empty, abc = tmp_path / "empty", tmp_path / "abc"
    empty.write_bytes(b"")
    abc.write_bytes(b"abc")
    assert file_hash(empty) == "blake3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"
    assert file_hash(abc) == "blake3:6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85"


def test_a_file_of_several_chunks_hashes_as_one_piece(tmp_path):
    data = os.urandom(2 * HASH_CHUNK + 12345)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    assert file_hash(path) == "blake3:" + blake3.blake3(data).hexdigest()


def test_the_batch_stores_the_named_hash_and_a_second_import_is_a_no_op(writable_fixture_db, tmp_path):
    con = writable_fixture_db
    path = tmp_path / "ntb.csv"
    path.write_text(MEMBERSHIP, encoding="utf-8")
    options = ImportOptions(kind="membership", source_title="uji")
    first = apply(con, prepare(con, path, options))
    expected = "blake3:" + blake3.blake3(MEMBERSHIP.encode()).hexdigest()
    assert con.execute("select file_hash from import_batch where batch_id = $b",
                       {"b": first.batch_id}).fetchall() == [(expected,)]
    state = table_checksums(con=con)
    again = prepare(con, path, options)
    assert again.file_hash == expected and again.already_batch == first.batch_id
    assert apply(con, again).already
    assert table_checksums(con=con) == state


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
