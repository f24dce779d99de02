"""Member-level extracts (one row per participant per month), aggregated by DuckDB straight from the file.

The happy path reads the file in one `group by`: the records counted by status, period, area,
segment and enterprise kind (inactive participants included), the bare aggregation's work plus
the status key, and a narrow pass over the one low-cardinality programme column (in a Parquet
file, whose dictionaries list its values, only when they hold a bad one). The distinct
raw values, a few thousand, are then checked in Python exactly as a table file's cells are
(segments and kinds: those of the active participants, the values that are written), and the
active groups are summed into membership rows.
Only when something is wrong is the file read again, for the first row holding each bad
value. The optional duplicate check (one row per participant and month) is another scan: 64-bit
hashes sorted and compared with their neighbour first, then exactly for the few hashes seen twice.
For a Parquet extract that scan reads only the ids and runs beside the DuckDB pass; a repeat it
finds counts only once the file has passed every other check.
"""

from __future__ import annotations

import concurrent.futures
import re
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from cakupan.importer import folder as folders
from cakupan.importer.folder import Folder
from cakupan.importer.kinds import MEMBER_COLUMNS, PROGRAMS, value_key
from cakupan.importer.options import ImportOptions
from cakupan.importer.problems import ImportRefused, Problem, capped
from cakupan.importer.reading import csv_layout, read_xlsx
from cakupan.importer.validate import AreaResolver, Staged, map_columns, missing_column, read_cell
from cakupan.importer.values import month_start

MAX_BAD_VALUES = 25
_PROGRAMME_SPLIT = re.compile(r"[+,;/ ]+")


def quote(identifier: str) -> str:
    """A column name from the file's header as a quoted SQL identifier (names, never values)."""
    return '"' + identifier.replace('"', '""') + '"'


class Extract:
    """The file (or a folder of Parquet parts) as a DuckDB table function, or a registered frame for
    XLSX, with its bound parameters."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, path: Path | Folder, fmt: str, file: str, sheet: str | None):
        self.cur, self.fmt, self.file = cur, fmt, file
        self.months: dict[str, str | None] = {}  # _only_month's answer per column, asked twice
        self.folder = path if isinstance(path, Folder) else None
        if self.folder is not None:
            # The parts as listed and checked (folder.read_folder), not a glob that could find others.
            self.source, self.header_rows = folders.SOURCE, 0
            self.params = {"path": [str(p) for p in self.folder.parts]}
            self.parquet_files = self.params["path"]
        elif fmt == "parquet":
            self.source, self.params, self.header_rows = "read_parquet($path)", {"path": str(path)}, 0
            self.parquet_files = [str(path)]
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
            raise self._unreadable(exc) from None

    def frame(self, sql: str, schema: dict, params: dict | None = None) -> pl.DataFrame:
        """`run`'s rows as a polars frame with `schema`'s names and types, handed over column by
        column: a Python tuple per row cost about 20 ms of CPU for the pass's 12.000 groups."""
        try:
            table = self.cur.sql(sql.replace("from extract", "from " + self.source),
                                 params=self.params | (params or {})).to_arrow_table()
        except duckdb.Error as exc:
            raise self._unreadable(exc) from None
        return pl.from_arrow(table.rename_columns(list(schema))).cast(schema)

    def _unreadable(self, exc: duckdb.Error) -> ImportRefused:
        detail = (str(exc).strip().splitlines() or [""])[0][:200]
        return ImportRefused([Problem("extract_unreadable", self.file, params={"detail": detail})])

    def parquet_nulls(self, column: str) -> int:
        """Empty cells in a Parquet column, from the row-group statistics (a scan if they are missing)."""
        nulls, unknown = self.run("select coalesce(sum(stats_null_count), 0), count(*) filter (where "
                                  "stats_null_count is null) from parquet_metadata($path) where "
                                  "path_in_schema = $column", {"column": column})[0]
        if unknown or (self.folder is not None and column in self.folder.keys):
            nulls = self.run("select count(*) - count(" + quote(column) + ") from extract")[0][0]
        return int(nulls)

    def rows_of(self, column: str, value: str | None, limit: int = 1,
                month: tuple[str, str] | None = None) -> list[tuple[str, int]]:
        """The first rows (as the user counts) where `column` holds `value` (None: is empty), each
        with the file it is in: the extract, or for a folder the part (rows counted within it).
        `month` (period column, value) narrows them to one month's rows."""
        where = " where " + ("v is null" if value is None else "v = $value")
        params = {} if value is None else {"value": value}
        also = ""
        if month is not None:
            also, where, params = ", " + quote(month[0]) + "::varchar as m", where + " and m = $month", \
                params | {"month": month[1]}
        if self.folder is not None:
            sql = ("select filename, file_row_number + 1 from (select filename, file_row_number, " + quote(column) +
                   "::varchar as v" + also + " from " + folders.ROW_SOURCE + ")" + where +
                   " order by filename, file_row_number limit " + str(int(limit)))
            return [(self.folder.label(name), row) for name, row in self.run(sql, params)]
        sql = ("select rn from (select row_number() over () as rn, " + quote(column) +
               "::varchar as v" + also + " from extract)" + where + " order by rn limit " + str(int(limit)))
        return [(self.file, rn + self.header_rows) for (rn,) in self.run(sql, params)]


def aggregate(con: duckdb.DuckDBPyConnection, path: Path | Folder, fmt: str, header: list[str], opts: ImportOptions,
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
    search = None
    try:
        extract = Extract(cur, path, fmt, file, opts.sheet)
        if opts.check_duplicates:
            # The duplicate check's hash pass over the ids runs beside the DuckDB pass over the other
            # columns (each leaves the GIL), so the two share the cores instead of taking turns.
            search = _start_repeat_search(extract, header, found)
        bad: list[tuple[str, str | None, str, dict]] = []
        cells = _scan(extract, header, found, opts)
        survey = _survey(cells)
        records = int(survey.filter(pl.col("set") == "status")["n"].sum())
        if records == 0:
            raise ImportRefused([Problem("header_only", file, 1)])
        active = _check_survey(survey, found, resolver, today, bad)
        groups = cells.filter((pl.col("set") == "cells") & pl.col("status_raw").is_in(active["status"]))
        kinds = _check_groups(groups, bad)
        pid = header[found["participant_id"]]
        missing_ids = (extract.parquet_nulls(pid) if fmt == "parquet"
                       else int((groups["n"] - groups["n_id"]).sum()))
        if missing_ids:
            bad.append(("participant_id", None, "empty_cell", {}))
        _report(extract, bad, header, found, problems)
        if opts.check_duplicates and not problems:
            one_month = survey.filter(pl.col("set") == "area")["period_raw"].n_unique() == 1
            _check_duplicates(extract, header, found, opts, problems, one_month, search)
    finally:
        cur.close()
        if search is not None:
            search.cancel()  # a refused file: the hashes are not needed (a search under way runs out)
    if problems:
        raise ImportRefused(capped(problems) + warnings)

    areas = survey.filter(pl.col("set") == "area").select(
        pl.col("period_raw").replace_strict(active["period"], default=None).cast(pl.Date).alias("period"),
        pl.col("area_code_raw").replace_strict(active["area_code"], default=None).alias("regency_code"),
    ).unique()
    frame = (
        groups.with_columns(
            pl.col("period_raw").replace_strict(active["period"], default=None).alias("period"),
            pl.col("area_code_raw").replace_strict(active["area_code"], default=None).alias("regency_code"),
            pl.col("segment_raw").replace_strict(kinds["segment"], default=None).alias("segment"),
            pl.col("enterprise_kind_raw").replace_strict(kinds["enterprise_kind"], default=None)
            .alias("enterprise_kind"))
        .group_by("period", "regency_code", "segment", "enterprise_kind")
        .agg(pl.col("n").sum().alias("active_participants"))
        .with_columns(pl.col("period").cast(pl.Date), pl.col("active_participants").cast(pl.Int64),
                      pl.lit(None, pl.Int64).alias("file_row"))
        .select("period", "regency_code", "segment", "enterprise_kind", "active_participants", "file_row")
        .sort("period", "regency_code", "segment", "enterprise_kind")
    )
    # An area whose participants are all inactive has no row, yet its older rows are replaced too.
    return Staged(frame, warnings, None, scope=areas.sort("period", "regency_code")), records


ROLES = ("status", "programmes", "period", "area_code", "segment", "enterprise_kind")
CELL_SCHEMA = {"set": pl.String} | {f"{r}_raw": pl.String for r in ROLES} | {"n": pl.Int64, "n_id": pl.Int64}


def _scan(extract: Extract, header: list[str], found: dict[str, int], opts: ImportOptions) -> pl.DataFrame:
    """The pass over the file: records by status, period, area, segment and kind (set 'cells'),
    with how many of them carry an id, and by programme list (set 'programmes')."""
    names = {role: quote(header[found[role]]) for role in ROLES if role in found}
    params = {"period": opts.period} if "period" not in found else {}
    if "period" in found and (month := _only_month(extract, header[found["period"]])) is not None:
        # One month in every row, by the file's statistics: it stands in as --period would, and
        # the pass groups on one key less (a fifth of the bare query's CPU at 10 M rows).
        del names["period"]
        params["period"] = month
    # Grouping on the columns as stored (not on casts of them) lets DuckDB use their dictionaries.
    cell_keys = [names[r] for r in ROLES if r in names and r != "programmes"]
    # Counting ids would read the widest column of a Parquet file; its null count is in the footer.
    ids = "count(*)" if extract.fmt == "parquet" else "count(" + quote(header[found["participant_id"]]) + ")"

    def select(which: str, roles: tuple[str, ...], group_by: str) -> pl.DataFrame:
        # A month stated once for the whole file (--period) stands in for the missing column.
        columns = [names[r] + "::varchar" if r in roles and r in names else
                   "$period::varchar" if r == "period" and r not in names else "null::varchar" for r in ROLES]
        sql = ("select " + which + ", " + ", ".join(columns) + ", count(*), " + ids + " from extract group by " +
               group_by)
        return extract.frame(sql, CELL_SCHEMA, params)

    if "programmes" not in names:
        return select("'cells'", ROLES, ", ".join(cell_keys))
    if extract.fmt == "parquet":
        # The programme lists are only checked, never counted: where the file's dictionaries hold
        # nothing but good lists, no row can hold another, and the column needs no pass of its own.
        # pyarrow reads the dictionaries on a thread of its own while DuckDB makes the pass (it
        # decodes the column's every row group: 15 ms at 10 M rows, all of it added to the wall
        # time while it went first).
        with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="programmes") as pool:
            dictionaries = pool.submit(_good_programmes, extract, header[found["programmes"]])
            cells = select("'cells'", ROLES[:1] + ROLES[2:], ", ".join(cell_keys))
            listed = dictionaries.result()
        if listed is not None:
            return pl.concat([cells, pl.DataFrame({"set": "programmes", "programmes_raw": listed}, schema_overrides={
                "programmes_raw": pl.String})], how="diagonal_relaxed")
        # Two statements over the columns as stored: a single grouping key takes DuckDB's cheaper
        # path (at 45 M rows 0,15 s of CPU, against 0,27 s as a second grouping set).
        return pl.concat([cells, select("'programmes'", ("programmes",), names["programmes"])])
    # A text file is parsed once: both groupings in one statement.
    return select("case when grouping(" + names["programmes"] + ") = 0 then 'programmes' else 'cells' end", ROLES,
                  "grouping sets ((" + ", ".join(cell_keys) + "), (" + names["programmes"] + "))")


def _programme_problem(raw: str | None) -> tuple[str, dict] | None:
    """What is wrong with a programme list (empty, or a programme that is none of the five), or None."""
    if raw is None or not raw.strip():
        return "empty_cell", {}
    if any(value_key(t) not in PROGRAMS for t in _PROGRAMME_SPLIT.split(raw.strip()) if t):
        return "bad_programme", {"allowed": "JKK, JKM, JHT, JP, JKP"}
    return None


def _good_programmes(extract: Extract, column: str) -> list[str] | None:
    """The programme lists of a Parquet file read from its column dictionaries (a few bytes per row
    group, not a pass over the rows), when all of them are good lists and no cell is empty; None
    otherwise, and DuckDB's pass finds the values actually in the rows and where they are.

    A dictionary may hold a value no row uses (a writer keeps a category it dropped), so a bad one
    there proves nothing and goes to the pass; a good dictionary covers every row it encodes."""
    if extract.folder is not None:
        return None
    import pyarrow as pa
    import pyarrow.parquet as pq

    values: set[str] = set()
    try:
        with pq.ParquetFile(extract.parquet_files[0], read_dictionary=[column]) as parquet:
            for group in range(parquet.num_row_groups):
                for chunk in parquet.read_row_group(group, columns=[column]).column(0).chunks:
                    if not pa.types.is_dictionary(chunk.type) or chunk.null_count:
                        return None
                    if not pa.types.is_string(chunk.type.value_type) and \
                            not pa.types.is_large_string(chunk.type.value_type):
                        return None
                    values.update(chunk.dictionary.to_pylist())
    except (pa.ArrowException, OSError, KeyError):
        return None  # DuckDB's pass reads it, or says why it cannot
    if None in values or any(_programme_problem(v) for v in values):
        return None
    return sorted(values)


def _survey(cells: pl.DataFrame) -> pl.DataFrame:
    """Every status, programme list, and period and area in the file, with their record counts."""
    counted = cells.filter(pl.col("set") == "cells")
    return pl.concat([
        counted.group_by("status_raw").agg(pl.col("n").sum()).with_columns(pl.lit("status").alias("set")),
        cells.filter(pl.col("set") == "programmes").select("set", "programmes_raw", "n"),
        counted.group_by("period_raw", "area_code_raw").agg(pl.col("n").sum())
        .with_columns(pl.lit("area").alias("set")),
    ], how="diagonal_relaxed")


def _check_survey(survey: pl.DataFrame, found: dict[str, int], resolver: AreaResolver, today: date,
                  bad: list) -> dict:
    """Statuses, programmes, periods and areas, each distinct value checked once. Returns the raw
    statuses that mean 'active' and the period and area of each raw value."""
    columns = {c.name: c for c in MEMBER_COLUMNS}
    this_month = month_start(today)
    out: dict = {"status": [], "period": {}, "area_code": {}}
    for role in ("status", "programmes", "period", "area_code"):
        if role == "programmes" and "programmes" not in found:
            continue
        values = survey.filter(pl.col("set") == ("area" if role in ("period", "area_code") else role))
        for raw in values[f"{role}_raw"].unique().sort(nulls_last=True).to_list():
            if role == "programmes":
                if problem := _programme_problem(raw):
                    bad.append((role, raw) + problem)
                continue
            if raw is None or not raw.strip():
                bad.append((role, raw, "empty_cell", {}))
                continue
            if role == "area_code":
                value, problem, params = resolver.regency(raw, None, False)
            else:
                value, problem, params = read_cell(columns[role], raw, False, None, this_month)
            if problem:
                bad.append((role, raw, problem, params))
            elif role == "status":
                if value == "active":
                    out["status"].append(raw)
            else:
                out[role][raw] = value
    return out


def _check_groups(groups: pl.DataFrame, bad: list) -> dict:
    """Segments and enterprise kinds of the active participants (the values that are written)."""
    columns = {c.name: c for c in MEMBER_COLUMNS}
    out: dict = {"segment": {}, "enterprise_kind": {}}
    for role in out:
        for raw in groups[f"{role}_raw"].unique().sort(nulls_last=True).to_list():
            if raw is None or not raw.strip():
                bad.append((role, raw, "empty_cell", {}))
                continue
            value, problem, params = read_cell(columns[role], raw, False, None, date.min)
            if problem:
                bad.append((role, raw, problem, params))
            else:
                out[role][raw] = value
    return out


def _report(extract: Extract, bad: list, header: list[str], found: dict[str, int], problems: list[Problem]) -> None:
    """A problem for each bad value, at the first row holding it (found only now, by a second look)."""
    for role, raw, problem, params in bad[:MAX_BAD_VALUES]:
        column = header[found[role]] if role in found else "--period"
        where, row = extract.rows_of(column, raw)[0] if role in found else (extract.file, None)
        problems.append(Problem(problem, where, row, column, raw, params))
    if len(bad) > MAX_BAD_VALUES:
        problems.append(Problem("more", extract.file, params={"n": len(bad) - MAX_BAD_VALUES}))


def _check_duplicates(extract: Extract, header: list[str], found: dict[str, int], opts: ImportOptions,
                      problems: list[Problem], one_month: bool = False,
                      search: concurrent.futures.Future | None = None) -> None:
    """One row per participant and month: 64-bit hashes first, then the exact ids behind repeats.
    In a file of one month (the usual extract) a repeated id is a repeated (id, month), so the
    month column is not read for the hashes (0,3-0,8 s of the Parquet pass's 3-4 s of CPU at 45 M rows).
    `search` is the hash pass already under way (_start_repeat_search); without it the pass runs here."""
    pid = quote(header[found["participant_id"]])
    period = quote(header[found["period"]]) if "period" in found else "$period"
    params = {"period": opts.period} if "period" not in found else {}
    if search is not None:
        candidates = search.result()
    else:
        candidates = _parquet_repeats(extract, header[found["participant_id"]],
                                      header[found["period"]] if "period" in found and not one_month else None)
    if candidates is not None:
        if not candidates:
            return
        exact = extract.run(
            "select " + pid + "::varchar, " + period + "::varchar, count(*) from extract where " + pid +
            " in (select unnest($ids)) group by all having count(*) > 1 order by all limit 25",
            params | {"ids": candidates})
    else:
        # Sorted hashes compared with their neighbour, not grouped: nearly every key is unique, and at
        # 45 M rows the sort takes half the time and half the memory of a hash table that size.
        repeated = extract.run("select distinct h from (select h, lag(h) over (order by h) as previous from (select "
                               "hash(" + pid + ", " + period + "::varchar) as h from extract)) where h = previous "
                               "limit 100", params)
        if not repeated:
            return
        exact = extract.run(
            "select " + pid + "::varchar, " + period + "::varchar, count(*) from extract where hash(" + pid + ", " +
            period + "::varchar) in (select unnest($hashes)) group by all having count(*) > 1 order by all limit 25",
            params | {"hashes": [h for (h,) in repeated]})
    for participant, month, n in exact:
        # The two rows of that month (the same id in another month is another record).
        first, second = extract.rows_of(header[found["participant_id"]], participant, 2,
                                        (header[found["period"]], month) if "period" in found else None)
        # In a folder the first row may be in another part: then it is named too.
        first_row = first[1] if first[0] == second[0] else f"{first[1]} ({first[0]})"
        problems.append(Problem("duplicate_participant", second[0], second[1], header[found["participant_id"]],
                                participant, {"period": month, "n": n, "first_row": first_row}))


def _parquet_repeats(extract: Extract, pid: str, period: str | None) -> list[str] | None:
    """The participant ids whose (id, month) hash repeats, from a Parquet extract whose ids and
    months are text columns in the files; None for any other extract (DuckDB's window does those).

    At 45 M rows this pass is most of the import with the check: DuckDB's sort under a window took
    7,5 s of CPU and 1,5 GB, polars' streaming scan into 64-bit hashes and a parallel sort 4,9 s
    and 0,8 GB. Reading the id column alone costs about 1,6-1,9 times the bare group by's CPU (the
    ids are nine tenths of the file's bytes); hashing and sorting them about as much again."""
    if extract.fmt != "parquet" or (extract.folder is not None and {pid, period} & set(extract.folder.keys)):
        return None
    try:
        schema = pl.read_parquet_schema(extract.parquet_files[0])
        if schema.get(pid) != pl.String or (period is not None and schema.get(period) != pl.String):
            return None
        scan = pl.scan_parquet(extract.parquet_files, hive_partitioning=False)
        key = pl.col(pid).hash(7)
        if period is not None:
            key = key.xor(pl.col(period).hash(11))
        hashes = scan.select(key.alias("h")).collect(engine="streaming")["h"]
        # Equal hashes fall in the same half of the range, so each half is sorted apart, each on one
        # thread: polars' parallel sort spent 1,6 times the CPU of a one-thread sort here, and by
        # the time the ids are read the DuckDB pass is done and the second core is free.
        halves = [hashes.filter(hashes < 1 << 63), hashes.filter(hashes >= 1 << 63)]
        del hashes  # the halves hold every hash: at most two copies live at once, as with one sort
        with concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="repeats") as pool:
            repeated = pl.concat(list(pool.map(_repeated_in, [halves, halves], [0, 1]))).head(100)
        if repeated.is_empty():
            return []
        ids = scan.filter(key.is_in(repeated.implode())).select(pl.col(pid).unique()).collect(engine="streaming")
    except pl.exceptions.PolarsError:
        return None  # parts that polars cannot read as one table: DuckDB's pass decides
    return [i for i in ids[pid].to_list() if i is not None][:1000]


def _repeated_in(halves: list, which: int) -> pl.Series:
    """The hashes that occur more than once in halves[which], which is let go once sorted."""
    half = halves[which].sort(multithreaded=False)
    halves[which] = None
    later = half.slice(1)
    return later.filter(later == half.slice(0, max(half.len() - 1, 0))).unique()


def _start_repeat_search(extract: Extract, header: list[str],
                         found: dict[str, int]) -> concurrent.futures.Future | None:
    """The Parquet hash pass of the duplicate check (_parquet_repeats), started on its own thread;
    None where DuckDB's pass will do the check after the validation. Whether the file holds one
    month is read from the Parquet statistics (the survey that also tells comes later)."""
    if extract.fmt != "parquet":
        return None
    pid = header[found["participant_id"]]
    period = header[found["period"]] if "period" in found else None
    if period is not None and _one_month(extract, period):
        period = None
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="repeats")
    future = pool.submit(_parquet_repeats, extract, pid, period)
    pool.shutdown(wait=False)
    return future


def _one_month(extract: Extract, period: str) -> bool:
    """True when every row's month is the same value: a partition key with one value in every part's
    path, or a column whose Parquet statistics say so (_only_month). Otherwise False, and the
    hashes take the month (still exact, only more to read)."""
    if extract.folder is not None and period in extract.folder.keys:
        values = {next(p.split("=", 1)[1] for p in extract.folder.relative(part).split("/")
                       if p.split("=", 1)[0] == period) for part in extract.folder.parts}
        return len(values) == 1
    return _only_month(extract, period) is not None


def _only_month(extract: Extract, period: str) -> str | None:
    """The month every row of a Parquet extract holds, as text, when its statistics prove there is
    one and no row lacks it: each row group's smallest and largest value are equal, and equal across
    the groups, and no group counts an empty cell. A writer that shortens long values rounds the
    smallest down and the largest up, so equal bounds are exact. None when a group has no
    statistics, marks a bound inexact or counts empty cells (or the month is a partition key)."""
    if extract.fmt != "parquet" or (extract.folder is not None and period in extract.folder.keys):
        return None
    if period not in extract.months:
        extract.months[period] = _month_of_statistics(extract, period)
    return extract.months[period]


def _month_of_statistics(extract: Extract, period: str) -> str | None:
    (groups, unsure, lows, highs, low, high), = extract.run(
        "select count(*), count(*) filter (where stats_min_value is null or stats_max_value is null or "
        "min_is_exact = false or max_is_exact = false or stats_null_count is null or stats_null_count > 0), "
        "count(distinct stats_min_value), count(distinct stats_max_value), min(stats_min_value), "
        "max(stats_max_value) from parquet_metadata($path) where path_in_schema = $column", {"column": period})
    if not groups or unsure or lows != 1 or highs != 1 or low != high:
        return None
    # The value as the pass would read it (the statistics print it their own way for other types).
    return extract.run("select " + quote(period) + "::varchar from extract limit 1")[0][0]
