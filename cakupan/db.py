"""Opens the database and runs named queries (queries/<name>.sql) with bound parameters.

The queries start from the models in queries/models/ (one temporary view or macro per file: the
area mapping, the published totals, coverage per area and month). A model is created on the
cursor that runs a query using it, so it needs no change to the database file and works on the
app's read-only connection as on a test's fixture.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from cakupan.settings import ROOT

# DuckDB says an executed result's Arrow table costs one more copy than a relation's; measured on
# this app's queries the single bind of execute still wins, so the advice is not repeated per query.
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)

QUERY_DIR = ROOT / "queries"
MODEL_DIR = QUERY_DIR / "models"
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


def _uses(sql: str, name: str) -> bool:
    """Whether `sql` (comments aside) names the model `name`."""
    code = re.sub(r"--[^\n]*", "", sql)
    return re.search(rf"\b{name}\b", code) is not None


@lru_cache(maxsize=None)
def models() -> dict[str, str]:
    """Every model's statement, by name, each after the models it uses."""
    pending = {p.stem: p.read_text(encoding="utf-8") for p in sorted(MODEL_DIR.glob("*.sql"))}
    ordered: dict[str, str] = {}
    while pending:
        ready = [name for name, sql in pending.items()
                 if not any(_uses(sql, other) for other in pending if other != name)]
        if not ready:
            raise ValueError(f"models use each other in a circle: {', '.join(sorted(pending))}")
        for name in ready:
            ordered[name] = pending.pop(name)
    return ordered


@lru_cache(maxsize=None)
def models_for(sql: str) -> str:
    """The statements creating the models `sql` uses, directly or through another model, in order."""
    wanted = {name for name in models() if _uses(sql, name)}
    for name in reversed(list(models())):  # users come after what they use
        if name in wanted:
            wanted |= {other for other in models() if other != name and _uses(models()[name], other)}
    return ";\n".join(text for name, text in models().items() if name in wanted)


def create_models(con: duckdb.DuckDBPyConnection, sql: str | None = None) -> None:
    """Create on `con` (a connection or cursor of its own) the models `sql` uses, or all of them.
    They are temporary: visible to this cursor only, and the database file is left as it is."""
    statements = ";\n".join(models().values()) if sql is None else models_for(sql)
    if statements:
        con.execute(statements)


def run_query(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pl.DataFrame:
    """Run a named query with $named parameters bound, on its own cursor (safe across threads)."""
    cursor = con.cursor()
    try:
        if not getattr(con, "shares_models", False):
            create_models(cursor, query_text(name))
        # execute binds the query once; sql(...).pl() binds it twice (a relation, then its result),
        # which on the model views is a few milliseconds a call (bench/bench_queries.py).
        return pl.from_arrow(cursor.execute(query_text(name), params or None).to_arrow_table())
    finally:
        cursor.close()


class OldDatabase(FileNotFoundError):
    """A database file built by an earlier version of Cakupan (its tables are not this schema's)."""


@lru_cache(maxsize=1)
def current_fingerprint() -> str:
    """A short fingerprint of data/schema.sql, stored in every database built from it."""
    return hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest()[:16]


def fingerprint_of(con) -> str | None:
    """The schema fingerprint a database holds (None: built before fingerprints, or not Cakupan's)."""
    cursor = con.cursor()
    try:
        # Asked of the catalog first: a missing table is not an error to catch (DuckDB would also
        # look for a Python object of that name).
        if not cursor.execute("select count(*) from duckdb_tables() where table_name = 'schema_fingerprint'"
                              ).fetchone()[0]:
            return None
        rows = cursor.execute("select fingerprint from schema_fingerprint").fetchall()
    finally:
        cursor.close()
    return rows[0][0] if rows else None


def connect(path: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database file; the app opens it read-only. A database built by an earlier version
    of Cakupan is refused (OldDatabase) rather than failing later on a missing table."""
    if read_only and not Path(path).exists():
        raise FileNotFoundError(f"database {path} does not exist; run `make db` to build the default data")
    con = duckdb.connect(str(path), read_only=read_only)
    if fingerprint_of(con) != current_fingerprint():
        con.close()
        raise OldDatabase(f"database {path} was built by an earlier version of Cakupan; rebuild it with "
                          "`make rebuild-db` (this discards imports), then import your files again")
    create_models(con)
    return con


class Snapshot:
    """The app's read-only view of one version of the database file (see cakupan.snapshot).

    DuckDB hands a process the database it already opened for a path, so a plain reconnect after
    an import would still read the replaced file. Attaching the file to a fresh in-memory
    database opens the version that is at the path now; every cursor then starts inside it.
    """

    NAME = "cakupan"
    # The models live in the in-memory database, which every cursor shares: they are created
    # once here as plain views and macros, not on each cursor as temporary ones (run_query).
    shares_models = True

    def __init__(self, path: Path) -> None:
        if not Path(path).exists():
            raise FileNotFoundError(f"database {path} does not exist")
        self._con = duckdb.connect(":memory:")
        self._con.execute("attach $path as cakupan (read_only)", {"path": str(path)})
        self._con.execute("use memory; set search_path = 'memory.main,cakupan.main'")
        self._con.execute(re.sub(r"\bcreate or replace temp ", "create or replace ", ";\n".join(models().values())))
        self._con.execute("use cakupan; reset search_path")

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = self._con.cursor()
        cursor.execute("use cakupan; set search_path = 'cakupan.main,memory.main'")
        return cursor

    def close(self) -> None:
        self._con.close()


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table from data/schema.sql, and record which schema that was."""
    con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
    con.execute("insert into schema_fingerprint values ($fingerprint)", {"fingerprint": current_fingerprint()})
