"""Writes a validated import in one transaction, keeps the rows it replaces, and rolls batches back.

A file replaces the rows of its scope (for facts: the same period and area) and those rows
move to `<table>_history` with the batch that replaced them, together with any published
total (anchor) they no longer add up to. Rolling a batch back deletes its rows and moves
its history rows back, so the tables return exactly to their state before the batch.
All SQL here names tables and columns from the fixed specs in kinds.py; values are bound.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone

import duckdb
import polars as pl

from cakupan.importer.kinds import Kind
from cakupan.importer.problems import ImportRefused, Problem

HISTORY_TABLES = ("membership", "workforce", "enterprise", "anchor", "target", "cooperative", "contribution_rate",
                  "published_figure", "segment_workforce")
# One import or rollback at a time in this process; DuckDB would refuse the second at commit.
WRITE_LOCK = threading.Lock()


@dataclass
class BatchMeta:
    """What the batch row records about the file and the user's statement of its source."""
    kind: str
    file_name: str
    file_hash: str  # '<algorithm>:<hex digest>'
    file_format: str
    rows_in_file: int
    code_system: str
    source_title: str
    source_url: str | None
    source_as_of: str | None
    note: str | None
    warnings: list[Problem] = field(default_factory=list)
    read_as: str | None = None


@dataclass
class BatchResult:
    batch_id: int
    rows_added: int
    rows_replaced: int
    anchors_replaced: int
    already: bool = False


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def _match(spec: Kind, left: str, right: str) -> str:
    """`left` and `right` rows share a scope (null-safe; cooperatives match names in any case)."""
    parts = []
    for column in spec.scope:
        if spec.name == "cooperatives" and column == "name":
            parts.append(f"lower({left}.name) = lower({right}.name)")
        else:
            parts.append(f"{left}.{column} is not distinct from {right}.{column}")
    return " and ".join(parts)


def _measure(spec: Kind, alias: str, zero: bool = False) -> str:
    if spec.measure is None:
        return "null::bigint"
    total = f"sum({alias}.{spec.measure})"
    # Counts stay whole numbers; only a target's value may have decimals.
    return (f"coalesce({total}, 0)" if zero else total) + "::" + (
        "double" if spec.measure in ("target_value", "value") else "bigint")


# The same file read the same way (batches from before `read_as` match any reading).
SAME_FILE = ("select b.batch_id from import_batch as b left join import_batch_detail as d using (batch_id) "
             "where b.file_hash = $hash and b.status = 'active' and (d.read_as is null or d.read_as = $read_as) "
             "order by b.batch_id")


def active_batch_for(con: duckdb.DuckDBPyConnection, file_hash: str, read_as: str | None = None) -> int | None:
    """The active batch that already holds a file with this hash ('<algorithm>:<hex>'), read the
    same way, if any."""
    rows = con.cursor().execute(SAME_FILE, {"hash": file_hash, "read_as": read_as}).fetchall()
    return rows[0][0] if rows else None


def _register(cur: duckdb.DuckDBPyConnection, spec: Kind, frame: pl.DataFrame,
              extra_scope: pl.DataFrame | None) -> None:
    """`staged` (the rows) and `scope_all` (every scope they replace, rows or not) on a cursor."""
    cur.register("staged", frame.drop("file_row").to_arrow())
    extra = extra_scope if extra_scope is not None else frame.select(spec.scope).clear()
    cur.register("extra_scope", extra.select(spec.scope).to_arrow())
    cur.execute("create or replace temp table scope_all as select distinct " + ", ".join(spec.scope) +
                " from staged union select " + ", ".join(spec.scope) + " from extra_scope")


def _unregister(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute("drop table if exists scope_all")
    cur.unregister("staged")
    cur.unregister("extra_scope")


def diff(con: duckdb.DuckDBPyConnection, spec: Kind, frame: pl.DataFrame,
         extra_scope: pl.DataFrame | None = None) -> pl.DataFrame:
    """Per scope (period and area, or key): rows and total before and after, and the change."""
    sql = (
        "with incoming as (select " + ", ".join("sc." + c for c in spec.scope) + ", count(s." + spec.scope[0] +
        ") as rows_after, " + _measure(spec, "s", zero=True) + " as value_after from scope_all as sc "
        "left join staged as s on " + _match(spec, "s", "sc") + " group by all), "
        "existing as (select " + ", ".join("i." + c for c in spec.scope) + ", count(*) as rows_before, " +
        _measure(spec, "t") + " as value_before, string_agg(distinct t.batch_id::varchar, ', ' "
        "order by t.batch_id::varchar) as batches_before from " + spec.table + " as t inner join incoming as i on " +
        _match(spec, "t", "i") + " group by all) "
        "select i.*, e.rows_before, e.value_before, e.batches_before, "
        "case when e.rows_before is null then 'added' else 'replaced' end as change "
        "from incoming as i left join existing as e on " + _match(spec, "i", "e") +
        " order by all"
    )
    cur = con.cursor()
    try:
        _register(cur, spec, frame, extra_scope)
        out = cur.sql(sql).pl()
        if "regency_code" in out.columns:
            names = cur.sql("select regency_code, name as area_name from regency").pl()
            out = out.join(names, on="regency_code", how="left")
        _unregister(cur)
    finally:
        cur.close()
    order = [c for c in spec.scope] + [c for c in ("area_name",) if c in out.columns] + [
        "change", "rows_before", "rows_after", "value_before", "value_after", "batches_before"]
    return out.select(order)


def coverage_warnings(con: duckdb.DuckDBPyConnection, spec: Kind, frame: pl.DataFrame, file: str) -> list[Problem]:
    """Areas whose coverage would exceed 100% after this import: warnings, the rows are kept."""
    if spec.name == "membership":
        sql = """
            with incoming as (
                select period, regency_code, sum(active_participants) as active, min(file_row) as file_row
                from staged group by all
            ),
            workers as (
                select w.period, w.regency_code, w.basis, sum(w.workers) as workers
                from workforce as w
                inner join incoming as i using (period, regency_code)
                group by all
            )
            select i.period, i.regency_code, w.basis, i.active::bigint, w.workers::bigint, i.file_row
            from incoming as i inner join workers as w using (period, regency_code)
            where i.active > w.workers
            order by all
        """
    elif spec.name == "workforce":
        sql = """
            with incoming as (
                select period, regency_code, basis, sum(workers) as workers, min(file_row) as file_row
                from staged group by all
            ),
            members as (
                select m.period, m.regency_code, sum(m.active_participants) as active
                from membership as m
                where exists (select 1 from incoming as i
                              where i.period = m.period and i.regency_code = m.regency_code)
                group by all
            )
            select i.period, i.regency_code, i.basis, m.active::bigint, i.workers::bigint, i.file_row
            from incoming as i inner join members as m using (period, regency_code)
            where m.active > i.workers
            order by all
        """
    else:
        return []
    cur = con.cursor()
    try:
        cur.register("staged", frame.to_arrow())
        rows = cur.execute(sql).fetchall()
    finally:
        cur.close()
    return [
        # The rate goes in the message, written in its language (126,00% / 126.00%), not as a value.
        Problem("coverage_over_100", file, file_row, None, None,
                {"code": code, "period": period.strftime("%Y-%m"), "basis": basis, "active": active,
                 "workers": workers, "rate": round(100.0 * active / workers, 1) if workers else "∞"}, "warning")
        for period, code, basis, active, workers, file_row in rows
    ]


def write(con: duckdb.DuckDBPyConnection, spec: Kind, frame: pl.DataFrame, meta: BatchMeta,
          progress=None, extra_scope: pl.DataFrame | None = None) -> BatchResult:
    """All rows land, with their batch and source, or none do."""
    with WRITE_LOCK:
        cur = con.cursor()
        try:
            _drop_unused_sources(cur)
            cur.execute("begin transaction")
            already = cur.execute(SAME_FILE, {"hash": meta.file_hash, "read_as": meta.read_as}).fetchall()
            if already:
                cur.execute("rollback")
                return BatchResult(already[0][0], 0, 0, 0, already=True)
            if progress:
                progress("writing")
            result = _write(cur, spec, frame, meta, extra_scope)
            cur.execute("commit")
            return result
        except BaseException:
            _rollback_quietly(cur)
            raise
        finally:
            cur.close()


def _write(cur: duckdb.DuckDBPyConnection, spec: Kind, frame: pl.DataFrame, meta: BatchMeta,
           extra_scope: pl.DataFrame | None) -> BatchResult:
    batch_id = cur.execute("select coalesce(max(batch_id), 0) + 1 from import_batch").fetchall()[0][0]
    # Never reuse the source id of a rolled-back batch: its leftover row may still be awaiting deletion.
    source_id = cur.execute("select greatest((select coalesce(max(source_id), 0) from source), "
                            "(select coalesce(max(source_id), 0) from import_batch_detail)) + 1").fetchall()[0][0]
    _register(cur, spec, frame, extra_scope)
    in_scope = " from " + spec.table + " as t where exists (select 1 from scope_all as s where " + \
        _match(spec, "t", "s") + ")"
    next_id = None
    if spec.id_column:
        next_id = cur.execute("select greatest((select coalesce(max(" + spec.id_column + "), 0) from " + spec.table +
                              "), (select coalesce(max(" + spec.id_column + "), 0) from " + spec.table +
                              "_history)) + 1").fetchall()[0][0]
    short_hash = meta.file_hash[:meta.file_hash.index(":") + 13]  # the algorithm's name and 12 hex digits
    cur.execute("insert into source (source_id, title, url, kind, as_of, note) values "
                "($id, $title, $url, 'import', $as_of, $note)",
                {"id": source_id, "title": meta.source_title, "url": meta.source_url, "as_of": meta.source_as_of,
                 "note": f"Import batch {batch_id}: {meta.file_name} ({short_hash}…)"})
    cur.execute("insert into import_batch (batch_id, kind, file_name, file_hash, row_count, imported_at, status, "
                "note) values ($id, $kind, $file, $hash, $rows, $at, 'active', $note)",
                {"id": batch_id, "kind": meta.kind, "file": meta.file_name, "hash": meta.file_hash,
                 "rows": frame.height, "at": now_utc(), "note": meta.note})
    # An insert answers with the rows it inserted: the rows replaced, without counting them first.
    replaced = cur.execute("insert into " + spec.table + "_history select t.*, $batch" + in_scope,
                           {"batch": batch_id}).fetchall()[0][0]
    cur.execute("delete" + in_scope)
    anchors = _move_anchors(cur, spec, batch_id)
    _insert(cur, spec, batch_id, source_id, next_id)
    if spec.name in ("membership", "workforce"):
        kept, rescaled = _hold_province_totals(cur, batch_id)
        anchors, replaced = anchors - kept, replaced + rescaled
    if spec.name == "published":
        _unregister(cur)
        cited = _cited_sources(cur, frame, meta, batch_id, source_id, short_hash)
        more_replaced, more_anchors = _published_counts(cur, cited, batch_id, source_id)
        replaced, anchors = replaced + more_replaced, anchors + more_anchors
        _register(cur, spec, frame, extra_scope)
    cur.execute("insert into import_batch_detail values ($batch, $source, $title, $url, $as_of, $system, $fmt, "
                "$rows_in_file, $added, $replaced, $anchors, $warnings, null, $read_as)",
                {"batch": batch_id, "source": source_id, "title": meta.source_title, "url": meta.source_url,
                 "as_of": meta.source_as_of, "system": meta.code_system, "fmt": meta.file_format,
                 "rows_in_file": meta.rows_in_file, "added": frame.height, "replaced": replaced,
                 "anchors": anchors, "warnings": len(meta.warnings), "read_as": meta.read_as})
    for w in meta.warnings:
        cur.execute("insert into import_warning values ($batch, $row, $column, $value, $problem, $detail)",
                    {"batch": batch_id, "row": w.row, "column": w.column,
                     "value": None if w.value is None else str(w.value), "problem": w.code,
                     "detail": w.detail_json()})
    _unregister(cur)
    return BatchResult(batch_id, frame.height, replaced, anchors)


def _cited_sources(cur: duckdb.DuckDBPyConnection, frame: pl.DataFrame, meta: BatchMeta, batch_id: int,
                   source_id: int, short_hash: str) -> pl.DataFrame:
    """The published rows with the source each cites (`cited_source_id`). A file whose rows cite
    several publications gets one source row per publication (title and address), so that the
    counts and totals written from a row name that row's publication: a compilation of four
    articles credited every province's total to all four. A row citing the batch's own title (one
    publication for the whole file, or --source-title) keeps the batch's source. The rows are
    imported all the same (kind 'import', their batch in the note); a rollback removes them with
    the batch's own (see _drop_unused_sources)."""
    pairs = (frame.filter(pl.col("source_title").is_not_null() & (pl.col("source_title") != meta.source_title))
             .group_by("source_title", "source_url", maintain_order=True)
             .agg(pl.col("as_of").drop_nulls().max()))
    ids = {}
    for offset, row in enumerate(pairs.iter_rows(named=True), start=1):
        ids[(row["source_title"], row["source_url"])] = source_id + offset
        cur.execute("insert into source (source_id, title, url, kind, as_of, note) values "
                    "($id, $title, $url, 'import', $as_of, $note)",
                    {"id": source_id + offset, "title": row["source_title"], "url": row["source_url"],
                     "as_of": row["as_of"] or meta.source_as_of,
                     "note": f"Import batch {batch_id}: {meta.file_name} ({short_hash}…), cited in the file"})
    cited = pl.DataFrame([(title, url, sid) for (title, url), sid in ids.items()],
                         schema={"source_title": pl.String, "source_url": pl.String, "cited_source_id": pl.Int64},
                         orient="row")
    # nulls_equal: a row without an address matches its publication's row without one
    return (frame.join(cited, on=["source_title", "source_url"], how="left", nulls_equal=True,
                       maintain_order="left")
            .with_columns(pl.col("cited_source_id").fill_null(source_id)))


def published_counts(frame: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The totals a published-rate file gives its kabupaten/kota: the counts it printed (or
    derived from the printed rate), as membership and workforce rows of kind 'total'."""
    counted = frame.filter((pl.col("area_level") == "regency") & pl.col("numerator").is_not_null()
                           & pl.col("denominator").is_not_null())
    rows = counted.filter(pl.col("segment") == "ALL")
    segments = counted.filter(pl.col("segment") != "ALL")
    # Where a kab/kota's segments are printed, they are its members (validation checked that they
    # add up to a printed total); the total then gives only the workers.
    split = segments.select("area_code", "period").unique()
    members = pl.concat([
        rows.join(split, on=["area_code", "period"], how="anti").select(
            "period", pl.col("area_code").alias("regency_code"), pl.lit("ALL").alias("segment"),
            pl.lit("all").alias("enterprise_kind"), pl.col("numerator").alias("active_participants"), "file_row"),
        segments.unique(["area_code", "period", "segment"], keep="first").select(
            "period", pl.col("area_code").alias("regency_code"), "segment", pl.lit("all").alias("enterprise_kind"),
            pl.col("numerator").alias("active_participants"), "file_row"),
    ])
    return {
        "membership": members,
        "workforce": rows.select("period", pl.col("area_code").alias("regency_code"),
                                 pl.col("denominator_basis").alias("basis"), pl.lit("all").alias("sector"),
                                 pl.col("denominator").alias("workers"), "file_row"),
        "segment_workforce": segments.select("period", pl.col("area_code").alias("regency_code"),
                                             pl.col("denominator_basis").alias("basis"), "segment",
                                             pl.col("denominator").alias("workers"), "file_row"),
    }


def _published_counts(cur: duckdb.DuckDBPyConnection, frame: pl.DataFrame, batch_id: int,
                      source_id: int) -> tuple[int, int]:
    """Write a published file's counts as totals of their areas, in the same batch (so a rollback
    undoes them too); returns (rows replaced, anchors moved)."""
    from cakupan.importer.kinds import SEGMENT_WORKFORCE, SPECS

    specs = SPECS | {"segment_workforce": SEGMENT_WORKFORCE}
    replaced = anchors = 0
    replaced_p, anchors_p = _province_anchors(cur, frame, batch_id, source_id)
    replaced, anchors = replaced + replaced_p, anchors + anchors_p
    for name, rows in published_counts(frame).items():
        if rows.is_empty():
            continue
        spec = specs[name]
        rows = rows.join(frame.select("file_row", "cited_source_id"), on="file_row", how="left")
        _register(cur, spec, rows, None)
        in_scope = " from " + spec.table + " as t where exists (select 1 from scope_all as s where " + \
            _match(spec, "t", "s") + ")"
        replaced += cur.execute("select count(*)" + in_scope).fetchall()[0][0]
        cur.execute("insert into " + spec.table + "_history select t.*, $batch" + in_scope, {"batch": batch_id})
        cur.execute("delete" + in_scope)
        anchors += _move_anchors(cur, spec, batch_id)
        _insert(cur, spec, batch_id, source_id, None, cited=True)
        _unregister(cur)
    return replaced, anchors


def province_totals(frame: pl.DataFrame) -> pl.DataFrame:
    """A published-rate file's province rows with both counts (one may be derived from the rate):
    each becomes the province's published total for its month, if the figures allow."""
    return frame.filter((pl.col("area_level") == "province") & pl.col("numerator").is_not_null()
                        & pl.col("denominator").is_not_null() & (pl.col("segment") == "ALL"))


def rescale(values: list[int], target: int) -> list[int]:
    """Whole numbers in the same proportions as `values`, adding up to `target` exactly (largest
    remainders get the leftover units). Used only on synthetic rows, so a published total holds."""
    total = sum(values)
    if total == 0:
        return [0] * len(values)
    raw = [v * target / total for v in values]
    out = [int(x) for x in raw]
    order = sorted(range(len(values)), key=lambda i: (raw[i] - out[i], -i), reverse=True)
    for i in order[: target - sum(out)]:
        out[i] += 1
    return out


PROVINCE_PARTS = (
    # (anchor measure, table, value column, extra filter on the table's rows)
    ("active", "membership", "active_participants", None),
    ("workers", "workforce", "workers", "basis"),
)


def province_effects(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> list[dict]:
    """For each province total in the file: what it replaces and whether its demo kab/kota can be
    rescaled to hold it (they cannot if the imported kab/kota alone exceed it: 'campuran')."""
    cur = con.cursor()
    try:
        return _effects(cur, frame)
    finally:
        cur.close()


def _effects(cur: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> list[dict]:
    out = []
    for row in province_totals(frame).iter_rows(named=True):
        for measure, table, column, by_basis in PROVINCE_PARTS:
            anchor = measure if measure == "active" else "workers_" + row["denominator_basis"]
            target = row["numerator"] if measure == "active" else row["denominator"]
            basis = " and basis = $basis" if by_basis else ""
            params = {"p": row["period"], "prov": row["area_code"], "basis": row["denominator_basis"]}
            if not by_basis:
                params.pop("basis")
            synthetic, imported = cur.execute(
                "select coalesce(sum(" + column + ") filter (where is_synthetic), 0)::bigint, "
                "coalesce(sum(" + column + ") filter (where not is_synthetic), 0)::bigint from " + table +
                " where period = $p and starts_with(regency_code, $prov || '.')" + basis, params).fetchall()[0]
            before = cur.execute("select a.value, s.title from anchor as a inner join source as s using "
                                 "(source_id) where a.period = $p and a.area_code = $prov and a.measure = $m",
                                 {"p": row["period"], "prov": row["area_code"], "m": anchor}).fetchall()
            out.append({"period": row["period"], "province": row["area_code"], "measure": anchor,
                        "target": target, "synthetic": synthetic, "imported": imported,
                        "before": before[0][0] if before else None, "before_source": before[0][1] if before else None,
                        "sum_before": synthetic + imported, "holds": imported <= target and
                        (synthetic > 0 or imported == target), "file_row": row["file_row"]})
    return out


def _province_anchors(cur: duckdb.DuckDBPyConnection, frame: pl.DataFrame, batch_id: int,
                      source_id: int) -> tuple[int, int]:
    """Province totals from a published-rate file: the anchor is written (the one it replaces moves
    to history) and the province's synthetic kab/kota rows are rescaled so that they, with any
    imported ones, add up to it. Where that cannot hold, no anchor is written: the province reads
    as the sum of its rows and is flagged 'campuran' by the queries."""
    replaced = anchors = 0
    for effect in _effects(cur, frame):
        row = province_totals(frame).filter(pl.col("file_row") == effect["file_row"]).row(0, named=True)
        measure = effect["measure"]
        where = " from anchor where period = $p and area_code = $prov and measure = $m"
        params = {"p": effect["period"], "prov": effect["province"], "m": measure}
        anchors += cur.execute("select count(*)" + where, params).fetchall()[0][0]
        cur.execute("insert into anchor_history select *, $batch" + where, params | {"batch": batch_id})
        cur.execute("delete" + where, params)
        if not effect["holds"]:
            continue
        derived = (measure == "active" and row["derivation"] == "active_from_rate") or \
            (measure != "active" and row["derivation"] == "workers_from_rate")
        cur.execute("insert into anchor values ($p, $prov, $m, $value, $derivation, $rate, $source, $batch)",
                    params | {"value": effect["target"], "derivation": "from_rate" if derived else "count",
                              "rate": row["value"], "source": row["cited_source_id"], "batch": batch_id})
        replaced += _rescale_synthetic(cur, effect["period"], effect["province"], measure,
                                       effect["target"] - effect["imported"], batch_id)
    return replaced, anchors


def _rescale_synthetic(cur: duckdb.DuckDBPyConnection, period, province: str, measure: str, target: int,
                       batch_id: int) -> int:
    """Rescale a province's synthetic rows of one month to add up to `target`; the old rows go to
    history with this batch (so a rollback restores them). Returns the rows rescaled."""
    table, column = ("membership", "active_participants") if measure == "active" else ("workforce", "workers")
    basis = "" if measure == "active" else " and basis = $basis"
    params = {"p": period, "prov": province} | ({} if measure == "active" else {"basis": measure.split("_")[1]})
    in_scope = " from " + table + " as t where period = $p and is_synthetic and " \
        "starts_with(regency_code, $prov || '.')" + basis
    old = cur.sql("select *" + in_scope, params=params).pl()
    if old.is_empty():
        return 0
    new = old.with_columns(pl.Series(column, rescale(old[column].to_list(), target), dtype=pl.Int64),
                           pl.lit(batch_id).alias("batch_id").cast(pl.Int32))
    cur.execute("insert into " + table + "_history select t.*, $batch" + in_scope, params | {"batch": batch_id})
    cur.execute("delete" + in_scope, params)
    cur.register("rescaled", new.to_arrow())
    cur.execute("insert into " + table + " select * from rescaled")
    cur.unregister("rescaled")
    return old.height


def province_changes(con: duckdb.DuckDBPyConnection, spec: Kind, frame: pl.DataFrame) -> list[dict]:
    """For the dry run: each published province total in a month the file touches, the province's
    total before and after, and whether the total still holds (the synthetic kab/kota are rescaled)
    or is superseded (the imported kab/kota exceed it; the province then reads 'campuran')."""
    names = dict(con.cursor().execute("select province_code, short_name from province").fetchall())
    return [c | {"name": names.get(c["province"], c["province"])} for c in _province_changes(con, spec, frame)]


def _province_changes(con: duckdb.DuckDBPyConnection, spec: Kind, frame: pl.DataFrame) -> list[dict]:
    if spec.name == "published":
        return [{"period": e["period"], "province": e["province"], "measure": e["measure"],
                 "published": e["before"], "source": e["before_source"], "before": e["sum_before"],
                 "after": e["target"] if e["holds"] else e["sum_before"], "holds": e["holds"], "kind": "published"}
                for e in province_effects(con, frame) if e["before"] is not None or not e["holds"]]
    if spec.name not in ("membership", "workforce") or frame.is_empty():
        return []
    table, column = ("membership", "active_participants") if spec.name == "membership" else ("workforce", "workers")
    measure = "'active'" if spec.name == "membership" else "'workers_' || i.basis"
    basis_join = "" if spec.name == "membership" else " and t.basis = i.basis"
    sql = (
        "with incoming as (select period, left(regency_code, 2) as province, " +
        ("null::varchar as basis" if spec.name == "membership" else "basis") + ", sum(" + column +
        ") as imported_new from staged group by all), "
        "published as (select i.*, a.measure, a.value, s.title from incoming as i inner join anchor as a on "
        "a.period = i.period and a.area_code = i.province and a.measure = " + measure +
        " inner join source as s using (source_id)), "
        "rows as (select p.period, p.province, p.measure, "
        "sum(t." + column + ") as before, "
        "sum(t." + column + ") filter (where t.is_synthetic and t.regency_code not in "
        "(select regency_code from staged as x where x.period = p.period)) as synthetic_kept, "
        "sum(t." + column + ") filter (where not t.is_synthetic and t.regency_code not in "
        "(select regency_code from staged as x where x.period = p.period)) as imported_kept "
        "from published as p inner join " + table + " as t on t.period = p.period and "
        "starts_with(t.regency_code, p.province || '.')" + basis_join.replace("i.basis", "p.basis") +
        " group by all) "
        "select p.period, p.province, p.measure, p.value, p.title, r.before, "
        "coalesce(r.imported_kept, 0) + p.imported_new as imported, coalesce(r.synthetic_kept, 0) as synthetic "
        "from published as p left join rows as r using (period, province, measure) order by all"
    )
    cur = con.cursor()
    try:
        cur.register("staged", frame.drop("file_row").to_arrow())
        found = cur.execute(sql).fetchall()
        cur.unregister("staged")
    finally:
        cur.close()
    out = []
    for period, province, measure, value, title, before, imported, synthetic in found:
        holds = imported <= value and synthetic > 0
        out.append({"period": period, "province": province, "measure": measure, "published": value,
                    "source": title, "before": before, "after": value if holds else imported + synthetic,
                    "holds": holds, "kind": spec.name})
    return out


def _hold_province_totals(cur: duckdb.DuckDBPyConnection, batch_id: int) -> tuple[int, int]:
    """After kab/kota rows are imported next to synthetic siblings: a published province total
    (active, or workers on a basis) this batch moved aside is put back where the siblings can be
    rescaled to hold it, i.e. the imported kab/kota do not exceed it. Returns (anchors kept, rows
    rescaled); an anchor that cannot hold stays in history and the province reads 'campuran'."""
    kept = rows = 0
    moved = cur.execute("select h.period, h.area_code, h.measure, h.value from anchor_history as h "
                        "where h.replaced_by_batch = $b and h.measure in ('active', 'workers_ucj', 'workers_bps') "
                        "and length(h.area_code) = 2 order by all", {"b": batch_id}).fetchall()
    for period, province, measure, value in moved:
        table, column = ("membership", "active_participants") if measure == "active" else ("workforce", "workers")
        basis = "" if measure == "active" else " and basis = $basis"
        params = {"p": period, "prov": province} | ({} if measure == "active" else {"basis": measure.split("_")[1]})
        synthetic, imported = cur.execute(
            "select coalesce(sum(" + column + ") filter (where is_synthetic), 0)::bigint, coalesce(sum(" + column +
            ") filter (where not is_synthetic), 0)::bigint from " + table + " where period = $p and "
            "starts_with(regency_code, $prov || '.')" + basis, params).fetchall()[0]
        if imported > value or synthetic == 0:
            continue
        where = " from anchor_history where replaced_by_batch = $b and period = $p and area_code = $prov " \
                "and measure = $m"
        keys = {"b": batch_id, "p": period, "prov": province, "m": measure}
        cur.execute("insert into anchor select * exclude (replaced_by_batch)" + where, keys)
        cur.execute("delete" + where, keys)
        kept += 1
        rows += _rescale_synthetic(cur, period, province, measure, value - imported, batch_id)
    return kept, rows


def _move_anchors(cur: duckdb.DuckDBPyConnection, spec: Kind, batch_id: int) -> int:
    """Published totals of the replaced areas (and their provinces) no longer add up: keep them in history."""
    if spec.name == "membership":
        measure = "a.measure in ('active', 'active_formal', 'active_informal')"
        scope = "select distinct period, regency_code, null as basis from scope_all"
    elif spec.name == "workforce":
        measure = "starts_with(a.measure, 'workers_' || x.basis)"
        scope = "select distinct period, regency_code, basis from scope_all"
    else:
        return 0
    # The areas, their provinces and the nation, as a subquery each statement repeats: a temp table
    # of them cost a catalog entry and its commit, more than the two small joins.
    anchor_scope = ("(select s.period, s.regency_code as area_code, s.basis from (" + scope + ") as s "
                    "union select s.period, r.province_code, s.basis from (" + scope + ") as s "
                    "inner join regency as r using (regency_code) "
                    "union select s.period, 'ID', s.basis from (" + scope + ") as s)")  # national totals too
    where = " from anchor as a where exists (select 1 from " + anchor_scope + " as x where x.period = a.period " \
            "and x.area_code = a.area_code and " + measure + ")"
    n = cur.execute("insert into anchor_history select a.*, $batch" + where, {"batch": batch_id}).fetchall()[0][0]
    cur.execute("delete" + where)
    return n


def _insert(cur: duckdb.DuckDBPyConnection, spec: Kind, batch_id: int, source_id: int, next_id: int | None,
            cited: bool = False) -> None:
    """Insert `staged` into the kind's table, with the batch and its source (`cited`: each row's
    own cited_source_id, see _cited_sources)."""
    columns = list(spec.values)
    select = ["s." + c for c in columns]
    if spec.has_synthetic:
        columns.append("is_synthetic")
        select.append("false")
    columns += ["source_id", "batch_id"]
    select += ["s.cited_source_id" if cited else "$source", "$batch"]
    joins = ""
    if spec.id_column:
        # A replaced row's id is kept, so links to it stay valid; new rows get fresh ids.
        columns.insert(0, spec.id_column)
        order = ", ".join("s." + c for c in spec.key)
        select.insert(0, "coalesce(h." + spec.id_column + ", $next_id + row_number() over (order by " + order +
                      ") - 1)")
        joins = " left join " + spec.table + "_history as h on h.replaced_by_batch = $batch and " + \
            _match(spec, "h", "s")
    params = ({"batch": batch_id} | ({} if cited else {"source": source_id})
              | ({"next_id": next_id} if spec.id_column else {}))
    cur.execute("insert into " + spec.table + " (" + ", ".join(columns) + ") select " + ", ".join(select) +
                " from staged as s" + joins, params)


def rollback(con: duckdb.DuckDBPyConnection, batch_id: int) -> dict:
    """Undo one batch exactly: its rows go, the rows it replaced come back, its source goes."""
    with WRITE_LOCK:
        cur = con.cursor()
        try:
            cur.execute("begin transaction")
            found = cur.execute("select b.kind, b.status, d.source_id from import_batch as b left join "
                                "import_batch_detail as d using (batch_id) where batch_id = $b",
                                {"b": batch_id}).fetchall()
            if not found:
                raise ImportRefused([Problem("no_batch", "import_batch", value=str(batch_id))])
            kind, status, source_id = found[0]
            if source_id is None:
                raise ImportRefused([Problem("seed_batch", "import_batch", value=str(batch_id))])
            if status != "active":
                raise ImportRefused([Problem("already_rolled_back", "import_batch", value=str(batch_id))])
            for table in HISTORY_TABLES:
                later = cur.execute("select min(replaced_by_batch) from " + table + "_history where batch_id = $b",
                                    {"b": batch_id}).fetchall()[0][0]
                if later is not None:
                    raise ImportRefused([Problem("replaced_later", "import_batch", value=str(batch_id),
                                                 params={"later": later})])
            counts = {}
            for table in HISTORY_TABLES:
                removed = cur.execute("select count(*) from " + table + " where batch_id = $b",
                                      {"b": batch_id}).fetchall()[0][0]
                cur.execute("delete from " + table + " where batch_id = $b", {"b": batch_id})
                restored = cur.execute("select count(*) from " + table + "_history where replaced_by_batch = $b",
                                       {"b": batch_id}).fetchall()[0][0]
                cur.execute("insert into " + table + " select * exclude (replaced_by_batch) from " + table +
                            "_history where replaced_by_batch = $b", {"b": batch_id})
                cur.execute("delete from " + table + "_history where replaced_by_batch = $b", {"b": batch_id})
                if removed or restored:
                    counts[table] = (removed, restored)
            cur.execute("update import_batch set status = 'rolled_back' where batch_id = $b", {"b": batch_id})
            cur.execute("update import_batch_detail set rolled_back_at = $at where batch_id = $b",
                        {"b": batch_id, "at": now_utc()})
            cur.execute("commit")
            _drop_unused_sources(cur)
            return {"kind": kind, "tables": counts}
        except BaseException:
            _rollback_quietly(cur)
            raise
        finally:
            cur.close()


def _drop_unused_sources(cur: duckdb.DuckDBPyConnection) -> None:
    """Delete the imported source rows that nothing refers to any more: a rolled-back batch's own
    and the publications its rows cited (_cited_sources). A source of an active batch stays, and
    so does one that rows replaced by a later batch still cite (a rollback brings them back).

    DuckDB checks a foreign key against the state before the transaction, so a source cannot be
    deleted in the transaction that deletes the rows citing it. This runs in its own transaction
    right after; if the process dies in between, the next write or rollback finishes the job.
    """
    cited = " union all ".join(f"select source_id from {table}{suffix}" for table in HISTORY_TABLES
                               for suffix in ("", "_history"))
    stale = ("from source where kind = 'import' and source_id not in (select d.source_id from import_batch_detail "
             "as d inner join import_batch as b using (batch_id) where b.status = 'active') and source_id not in (" +
             cited + ")")
    # Asked first: a write transaction that deletes nothing still commits to the log and syncs it
    # (half a second of an import's wall time on a busy disk).
    if not cur.execute("select count(*) " + stale).fetchall()[0][0]:
        return
    cur.execute("begin transaction")
    cur.execute("delete " + stale)
    cur.execute("commit")


def _rollback_quietly(cur: duckdb.DuckDBPyConnection) -> None:
    try:
        cur.execute("rollback")
    except duckdb.Error:
        pass  # no transaction was open, or the connection is gone; either way nothing was committed
