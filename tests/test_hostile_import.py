"""Hostile import files and values: each refused with its exact message, no traceback, no server path,
and every table checksum unchanged."""

from __future__ import annotations

import pytest

from cakupan.__main__ import main
from import_support import copy_db, file_sha256, table_checksums

GOOD_ROWS = "periode;kode_wilayah;segmen;jenis_usaha;peserta_aktif\n2025-06;52.71;PU;lainnya;1200\n"


@pytest.fixture(scope="module")
def target(default_db_path, tmp_path_factory):
    """A private database copy with its checksums, shared by every refusal in this file."""
    db = copy_db(default_db_path, tmp_path_factory.mktemp("hostile") / "cakupan.duckdb")
    return {"db": db, "tables": table_checksums(db), "sha": file_sha256(db)}


def refused(target, capsys, path, *args: str) -> str:
    """Run the command-line import; it must refuse (exit 1) without a traceback or a server path,
    and leave every table as it was. Returns what it printed."""
    code = main(["import", str(path), *args, "--db", str(target["db"]), "--lang", "en"])
    out = capsys.readouterr()
    output = out.out + out.err
    assert code == 1, output
    assert "Traceback" not in output
    assert str(path.parent) not in output.replace(f"Reading {path}", "")  # the first line echoes the argument
    assert table_checksums(target["db"]) == target["tables"]
    assert file_sha256(target["db"]) == target["sha"]
    return output


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "bps.go.id/tabel", "ftp://x.org/a"])
def test_a_source_address_that_is_not_http_is_refused(target, capsys, tmp_path, url):
    path = tmp_path / "kepesertaan.csv"
    path.write_text(GOOD_ROWS, encoding="utf-8")
    output = refused(target, capsys, path, "--kind", "membership", "--source-url", url)
    assert f"ERROR: kepesertaan.csv, value '{url}': the source address is not an http(s) web address; " \
           "it was not stored. Fix: Give the publication's full address starting with https:// (or http://), " \
           "or leave the address empty." in output
