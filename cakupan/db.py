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


class Snapshot:
    """The app's read-only view of one version of the database file (see cakupan.snapshot).

    DuckDB hands a process the database it already opened for a path, so a plain reconnect after
    an import would still read the replaced file. Attaching the file to a fresh in-memory
    database opens the version that is at the path now; every cursor then starts inside it.
    """

    NAME = "cakupan"

    def __init__(self, path: Path) -> None:
        if not Path(path).exists():
            raise FileNotFoundError(f"database {path} does not exist")
        self._con = duckdb.connect(":memory:")
        self._con.execute("attach $path as cakupan (read_only)", {"path": str(path)})

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = self._con.cursor()
        cursor.execute("use cakupan")
        return cursor

    def close(self) -> None:
        self._con.close()


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table from data/schema.sql."""
    con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
