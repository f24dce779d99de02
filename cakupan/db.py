"""Opens the database and runs named queries (queries/<name>.sql) with bound parameters."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from cakupan.settings import ROOT

QUERY_DIR = ROOT / "queries"
SCHEMA_FILE = ROOT / "data" / "schema.sql"


def query_names() -> list[str]:
    """Names of every query file."""
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


@lru_cache(maxsize=None)
def query_text(name: str) -> str:
    """The SQL of a named query; the name must be one of the files in queries/."""
    if name not in query_names():
        raise KeyError(f"no query named {name!r}; known: {', '.join(query_names())}")
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run_query(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pl.DataFrame:
    """Run a named query with $named parameters bound, on its own cursor (safe across threads)."""
    cursor = con.cursor()
    try:
        return cursor.sql(query_text(name), params=params or None).pl()
    finally:
        cursor.close()


def connect(path: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database file; the app opens it read-only."""
    if read_only and not Path(path).exists():
        raise FileNotFoundError(f"database {path} does not exist; run `make db` to build the default data")
    return duckdb.connect(str(path), read_only=read_only)


def connect_app(path: Path, writable: bool) -> duckdb.DuckDBPyConnection:
    """The app's one connection to the database.

    DuckDB allows one read-write process or many read-only ones, and one mode per file within
    a process. With imports enabled (an admin secret is configured) the app holds the write
    lock and both reads and the Impor Data page's writes go through this connection, each on
    its own cursor; an import is one transaction, so readers never see half of it. Otherwise,
    or when another process holds the lock, the app opens the file read-only.
    """
    if not Path(path).exists():
        raise FileNotFoundError(f"database {path} does not exist; run `make db` to build the default data")
    if writable:
        try:
            return duckdb.connect(str(path))
        except (duckdb.IOException, duckdb.ConnectionException):
            pass  # locked by another process, or opened read-only in this one: read-only still serves
    return duckdb.connect(str(path), read_only=True)


def is_writable(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a connection may write (the app falls back to read-only when the file is locked)."""
    cur = con.cursor()
    try:
        return not cur.execute("select readonly from duckdb_databases() where database_name = "
                               "current_database()").fetchall()[0][0]
    finally:
        cur.close()


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table from data/schema.sql."""
    con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
