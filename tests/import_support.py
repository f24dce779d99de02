"""Helpers shared by the import tests: a private database copy and checksums of every table."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
BAD_FILES = ROOT / "tests" / "bad_files"

# A member-level extract of eight participants in April 2025. Worked out by hand: 52.01 has two
# active BPU/umkm participants (UKM is umkm), 52.71 one BPU/umkm and two PU/lainnya ('Aktif' is
# active; '5271' is 52.71 written without its dot), and 53.71 only an inactive one.
MEMBER_EXTRACT = pl.DataFrame({
    "id_peserta": [f"h{i}" for i in range(8)],
    "kode_wilayah": ["5271", "52.71", "52.71", "52.71", "52.01", "52.01", "52.01", "53.71"],
    "segmen": ["PU", "PU", "BPU", "PU", "BPU", "BPU", "JAKON", "PU"],
    "jenis_usaha": ["lainnya", "lainnya", "umkm", "lainnya", "umkm", "UKM", "lainnya", "lainnya"],
    "program": ["JKK+JKM+JHT+JP"] * 4 + ["JKK+JKM", "JKK,JKM,JHT", "JKK+JKM", "JKK+JKM"],
    "status": ["aktif", "Aktif", "aktif", "nonaktif", "aktif", "aktif", "nonaktif", "tidak aktif"],
    "periode": ["2025-04"] * 8,
})


def copy_db(source: Path, target: Path) -> Path:
    """A private copy of a database file (its WAL too, if one is left)."""
    shutil.copyfile(source, target)
    wal = Path(str(source) + ".wal")
    if wal.exists():
        shutil.copyfile(wal, Path(str(target) + ".wal"))
    return target


def table_checksums(path: Path | None = None, con: duckdb.DuckDBPyConnection | None = None) -> dict:
    """{table: (row count, order-independent sum of row hashes)} for every table."""
    own = con is None
    con = con or duckdb.connect(str(path), read_only=True)
    cur = con.cursor()
    try:
        tables = [r[0] for r in cur.execute("select table_name from information_schema.tables "
                                            "where table_schema = 'main' order by 1").fetchall()]
        return {t: tuple(cur.execute("select count(*), sum(hash(x)::hugeint) from " + t + " as x").fetchall()[0])
                for t in tables}
    finally:
        cur.close()
        if own:
            con.close()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def layer_hashes(geo_dir: Path) -> dict:
    return {p.name: file_sha256(p) for p in sorted(Path(geo_dir).glob("*.json*"))}
