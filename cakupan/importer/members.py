"""Member-level extracts (one row per participant per month), aggregated by DuckDB straight from the file.

The happy path is one `group by` over the file: the distinct raw values of period, code,
segment, kind, status and programmes, with their row counts. Those few thousand groups are
checked in Python (exactly as a table file's cells are) and summed into membership rows.
Only when something is wrong does a second pass look for the first row holding each bad
value. The optional duplicate check (one row per participant and month) is a second scan:
by 64-bit hash first, then exactly for the few hashes seen twice.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from cakupan.importer.kinds import MEMBER_COLUMNS, PROGRAMS, value_key
from cakupan.importer.options import ImportOptions
from cakupan.importer.problems import ImportRefused, Problem, capped
from cakupan.importer.reading import csv_layout, read_xlsx
from cakupan.importer.validate import AreaResolver, Staged, map_columns, missing_column, read_cell
from cakupan.importer.values import month_start

ROLES = ("period", "area_code", "segment", "enterprise_kind", "status", "programmes")
MAX_BAD_VALUES = 25
_PROGRAMME_SPLIT = re.compile(r"[+,;/ ]+")


def quote(identifier: str) -> str:
    """A column name from the file's header as a quoted SQL identifier (names, never values)."""
    return '"' + identifier.replace('"', '""') + '"'


class Extract:
    """The file as a DuckDB table function (or a registered frame for XLSX) with its bound parameters."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, path: Path, fmt: str, file: str, sheet: str | None):
        self.cur, self.fmt, self.file = cur, fmt, file
        if fmt == "parquet":
            self.source, self.params, self.header_rows = "read_parquet($path)", {"path": str(path)}, 0
        elif fmt == "csv":
            delimiter, encoding = csv_layout(path, file)
            self.source = ("read_csv($path, header = true, all_varchar = true, delim = $delim, "
                           "encoding = $encoding, quote = '\"')")
            self.params = {"path": str(path), "delim": delimiter, "encoding": encoding}
            self.header_rows = 1
        else:
            raw = read_xlsx(path, file, sheet)
            frame = raw.data.rename({f"c{i}": name for i, name in enumerate(raw.header)})
            cur.register("extract_frame", frame.to_arrow())
            self.source, self.params, self.header_rows = "extract_frame", {}, 1

    def run(self, sql: str, params: dict | None = None) -> list[tuple]:
        """Run `sql`, where the word `extract` stands for the file."""
        try:
            return self.cur.execute(sql.replace("from extract", "from " + self.source),
                                    self.params | (params or {})).fetchall()
        except duckdb.Error as exc:
            detail = (str(exc).strip().splitlines() or [""])[0][:200]
            raise ImportRefused([Problem("extract_unreadable", self.file, params={"detail": detail})]) from None

    def rows_of(self, column: str, value: str | None, limit: int = 1) -> list[int]:
        """The first rows (as the user counts) where `column` holds `value` (None: is empty)."""
        sql = ("select rn from (select row_number() over () as rn, " + quote(column) +
               "::varchar as v from extract) where " + ("v is null" if value is None else "v = $value") +
               " order by rn limit " + str(int(limit)))
        return [rn + self.header_rows for (rn,) in self.run(sql, {} if value is None else {"value": value})]


def aggregate(con: duckdb.DuckDBPyConnection, path: Path, fmt: str, header: list[str], opts: ImportOptions,
              resolver: AreaResolver, today: date, file: str) -> tuple[Staged, int]:
    """Membership rows from a member-level extract, and how many records the file held."""
    found, header_problems = map_columns(header, MEMBER_COLUMNS, file)
    problems = [p for p in header_problems if p.severity == "error"]
    warnings = [p for p in header_problems if p.severity == "warning"]
    problems += [missing_column(file, c, header, found) for c in MEMBER_COLUMNS
                 if c.required and c.name not in found and not (c.name == "period" and opts.period)]
    if "period" in found and opts.period:
        problems.append(Problem("period_twice", file, 1, header[found["period"]], opts.period))
    if opts.code_system != "bps" and "area_code" in found and "bps" in value_key(header[found["area_code"]]):
        problems.append(Problem("bps_without_flag", file, 1, header[found["area_code"]]))
    if problems:
        raise ImportRefused(problems + warnings)

    cur = con.cursor()
    try:
        extract = Extract(cur, path, fmt, file, opts.sheet)
        groups = _groups(extract, header, found, opts)
        records = int(groups["n"].sum()) if groups.height else 0
        if records == 0:
            raise ImportRefused([Problem("header_only", file, 1)])
        mapped = _check_values(extract, groups, header, found, opts, resolver, today, problems)
        if opts.check_duplicates and not problems:
            _check_duplicates(extract, header, found, opts, problems)
    finally:
        cur.close()
    if problems:
        raise ImportRefused(capped(problems) + warnings)

    frame = (
        groups.with_columns([pl.col(f"{role}_raw").replace_strict(mapped[role], default=None).alias(role)
                             for role in ("period", "area_code", "segment", "enterprise_kind", "status")])
        .group_by(pl.col("period"), pl.col("area_code").alias("regency_code"), "segment", "enterprise_kind")
        .agg(pl.col("n").filter(pl.col("status") == "active").sum().alias("active_participants"))
        .with_columns(pl.col("period").cast(pl.Date), pl.col("active_participants").cast(pl.Int64),
                      pl.lit(None, pl.Int64).alias("file_row"))
        .select("period", "regency_code", "segment", "enterprise_kind", "active_participants", "file_row")
        .sort("period", "regency_code", "segment", "enterprise_kind")
    )
    return Staged(frame, warnings, None), records


def _groups(extract: Extract, header: list[str], found: dict[str, int], opts: ImportOptions) -> pl.DataFrame:
    """The single pass over the file: every distinct combination of raw values, with its count."""
    parts = []
    for role in ROLES:
        if role in found:
            parts.append(quote(header[found[role]]) + "::varchar as " + role + "_raw")
        elif role == "period":
            parts.append("$period::varchar as period_raw")
        else:
            parts.append("null::varchar as " + role + "_raw")
    pid = quote(header[found["participant_id"]])
    sql = ("select " + ", ".join(parts) + ", count(*) as n, count(" + pid + ") as n_id "
           "from extract group by all")
    rows = extract.run(sql, {"period": opts.period} if "period" not in found else None)
    schema = {f"{r}_raw": pl.String for r in ROLES} | {"n": pl.Int64, "n_id": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row")


def _check_values(extract: Extract, groups: pl.DataFrame, header: list[str], found: dict[str, int],
                  opts: ImportOptions, resolver: AreaResolver, today: date, problems: list[Problem]) -> dict:
    """Each distinct raw value checked once; a bad one is reported at the first row holding it."""
    columns = {c.name: c for c in MEMBER_COLUMNS}
    this_month = month_start(today)
    mapped: dict[str, dict] = {}
    bad: list[tuple[str, str | None, str, dict]] = []
    for role in ("period", "area_code", "segment", "enterprise_kind", "status"):
        mapped[role] = {}
        for raw in groups[f"{role}_raw"].unique().to_list():
            if raw is None or not raw.strip():
                if role in found:
                    bad.append((role, raw, "empty_cell", {}))
                continue
            if role == "area_code":
                value, problem, params = resolver.regency(raw, None, False)
            else:
                value, problem, params = read_cell(columns[role], raw, False, None, this_month)
            if problem:
                bad.append((role, raw, problem, params))
            else:
                mapped[role][raw] = value
    if "programmes" in found:
        for raw in groups["programmes_raw"].unique().to_list():
            tokens = [t for t in _PROGRAMME_SPLIT.split((raw or "").strip()) if t]
            unknown = [t for t in tokens if value_key(t) not in PROGRAMS]
            if unknown or not tokens:
                bad.append(("programmes", raw, "bad_programme", {"allowed": "JKK, JKM, JHT, JP, JKP"}))
    missing_ids = int((groups["n"] - groups["n_id"]).sum())
    if missing_ids:
        bad.append(("participant_id", None, "empty_cell", {}))
    for role, raw, problem, params in bad[:MAX_BAD_VALUES]:
        column = header[found[role]] if role in found else "--period"
        row = extract.rows_of(column, raw)[0] if role in found else None
        problems.append(Problem(problem, extract.file, row, column, raw, params))
    if len(bad) > MAX_BAD_VALUES:
        problems.append(Problem("more", extract.file, params={"n": len(bad) - MAX_BAD_VALUES}))
    return mapped


def _check_duplicates(extract: Extract, header: list[str], found: dict[str, int], opts: ImportOptions,
                      problems: list[Problem]) -> None:
    """One row per participant and month: 64-bit hashes first, then the exact ids behind repeats."""
    pid = quote(header[found["participant_id"]])
    period = quote(header[found["period"]]) if "period" in found else "$period"
    params = {"period": opts.period} if "period" not in found else {}
    repeated = extract.run("select h from (select hash(" + pid + ", " + period + "::varchar) as h from extract) "
                           "group by h having count(*) > 1 limit 100", params)
    if not repeated:
        return
    exact = extract.run(
        "select " + pid + "::varchar, " + period + "::varchar, count(*) from extract where hash(" + pid + ", " +
        period + "::varchar) in (select unnest($hashes)) group by all having count(*) > 1 order by all limit 25",
        params | {"hashes": [h for (h,) in repeated]})
    for participant, month, n in exact:
        first, second = extract.rows_of(header[found["participant_id"]], participant, 2)
        problems.append(Problem("duplicate_participant", extract.file, second, header[found["participant_id"]],
                                participant, {"period": month, "n": n, "first_row": first}))
