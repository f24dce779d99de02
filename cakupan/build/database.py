"""Builds the default database from the committed seeds, atomically."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

from cakupan.build.default_data import SEEDS, DefaultData, build_default_data, read_seed
from cakupan.db import create_schema
from cakupan.provenance import SEED_BATCH_FILE, SEED_BATCH_NOTE  # shown on screen, so no path in them

SEED_BATCH_ID = 1


def seeds_sha256() -> str:
    """One hash over every seed file (names and bytes), so a batch names exactly what it loaded."""
    h = hashlib.sha256()
    for path in sorted(SEEDS.rglob("*.csv")):
        h.update(str(path.relative_to(SEEDS)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], **extra: object) -> None:
    """Append rows to a schema table; columns the rows lack are inserted as NULL (or fail the
    table's constraints). The table name is an identifier, so it goes through DuckDB's relation
    API rather than into SQL text."""
    frame = pl.DataFrame([{**r, **extra} for r in rows], infer_schema_length=None)
    columns = [c for (c,) in con.execute(
        "select column_name from duckdb_columns() where table_name = $t order by column_index",
        {"t": table}).fetchall()]
    if not columns:
        raise KeyError(f"no table {table!r} in the schema")
    frame = frame.select([pl.col(c) if c in frame.columns else pl.lit(None).alias(c) for c in columns])
    con.from_arrow(frame.to_arrow()).insert_into(table)


def load_default_data(con: duckdb.DuckDBPyConnection, data: DefaultData) -> int:
    """Insert reference and default fact rows into an empty schema; returns the fact row count."""
    _insert(con, "kanwil", read_seed("kanwil.csv"))
    kanwil_of = {r["province_code"]: r["kanwil_code"] for r in read_seed("kanwil_province.csv")}
    provinces = [{**p, "kanwil_code": kanwil_of[p["province_code"]]} for p in read_seed("province.csv")]
    _insert(con, "province", provinces)
    _insert(con, "regency", read_seed("regency.csv"))
    _insert(con, "source", data.sources)
    facts = {"membership": data.membership, "workforce": data.workforce, "enterprise": data.enterprise,
             "anchor": data.anchors, "target": data.targets, "cooperative": data.cooperatives,
             "contribution_rate": data.rates}
    count = sum(len(rows) for rows in facts.values())
    con.execute(
        "insert into import_batch values ($id, 'seed', $file, $sha, $n, $at, 'active', $note)",
        {"id": SEED_BATCH_ID, "file": SEED_BATCH_FILE, "sha": "sha256:" + seeds_sha256(), "n": count,
         "at": datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0),
         "note": SEED_BATCH_NOTE})
    for table, rows in facts.items():
        _insert(con, table, rows, batch_id=SEED_BATCH_ID)
    _insert(con, "published_figure", data.published)
    return count


def build_database(path: Path, replace: bool = False) -> Path:
    """Write the default database to `path` via a temporary file, so a failure leaves nothing behind."""
    path = Path(path)
    if path.exists() and not replace:
        raise FileExistsError(f"{path} exists; pass --replace to rebuild it (imported data would be lost)")
    tmp = path.with_suffix(".duckdb.tmp")
    tmp.unlink(missing_ok=True)
    data = build_default_data()
    con = duckdb.connect(str(tmp))
    try:
        create_schema(con)
        con.execute("begin")
        load_default_data(con, data)
        con.execute("commit")
        con.execute("checkpoint")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, path)
    return path
