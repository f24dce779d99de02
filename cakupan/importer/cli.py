"""The command-line door: `python -m cakupan import|rollback|batches|import-boundaries ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from cakupan import fmt, settings, snapshot
from cakupan.i18n import t

EXIT_REFUSED = 1
EXIT_LOCKED = 3


def add_commands(sub: argparse._SubParsersAction) -> dict:
    """Register the import subcommands; returns {command: handler}."""
    from cakupan.importer.kinds import KINDS

    p = sub.add_parser("import", help="import a CSV/XLSX/Parquet file, or a member-level extract as a folder of "
                                      "Parquet parts, as one batch (validated, undoable)")
    p.add_argument("file", type=Path, help="the file, or a hive-partitioned folder of a member-level extract "
                                           "(e.g. members/ holding province=52/part-0.parquet)")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--code-system", choices=["kemendagri", "bps"], default="kemendagri")
    p.add_argument("--crosswalk", type=Path, help="CSV with bps_code,kemendagri_code (needed for BPS codes)")
    p.add_argument("--decimal", choices=["comma", "dot"], help="the file's number convention (default: detect)")
    p.add_argument("--sheet", help="XLSX sheet name (default: the first sheet)")
    p.add_argument("--period", help="the month of every row, for files without a period column (e.g. 2024-08)")
    p.add_argument("--basis", choices=["ucj", "bps"], help="workforce files without a basis column")
    p.add_argument("--header-row", type=int, help="the row number holding the column names, for tables with title "
                                                   "rows above them (default: found from the column names)")
    p.add_argument("--province", help="province code (e.g. 92) of a file without a province column: names are "
                                      "matched and suggested within it")
    p.add_argument("--source-title", help="where the figures come from (shown next to them in the app)")
    p.add_argument("--source-url")
    p.add_argument("--source-as-of", help="the date the source gives for its figures")
    p.add_argument("--dry-run", action="store_true", help="validate and show what would change; write nothing")
    p.add_argument("--skip-duplicate-check", action="store_true",
                   help="member-level extracts: skip the one-row-per-participant-and-month check")
    p.add_argument("--max-size-mb", type=float, default=None,
                   help=f"refuse larger files (default {settings.max_import_mb()} MB, env CAKUPAN_MAX_IMPORT_MB)")
    _common(p)
    r = sub.add_parser("rollback", help="undo one import batch exactly")
    r.add_argument("batch_id", type=int)
    _common(r)
    b = sub.add_parser("batches", help="list import batches")
    _common(b)
    g = sub.add_parser("import-boundaries", help="replace the province or regency map layer from an official file")
    g.add_argument("file", type=Path)
    g.add_argument("--level", required=True, choices=["province", "regency"])
    g.add_argument("--code-column", required=True)
    g.add_argument("--code-system", choices=["kemendagri", "bps"], default="kemendagri")
    g.add_argument("--crosswalk", type=Path)
    g.add_argument("--source-title", help="credit line for the map (default: the file name)")
    g.add_argument("--geo-dir", type=Path, default=None, help="layers folder (default: CAKUPAN_GEO_DIR or geo/)")
    g.add_argument("--dry-run", action="store_true")
    g.add_argument("--lang", choices=["id", "en"], default="id")
    return {"import": run_import, "rollback": run_rollback, "batches": run_batches,
            "import-boundaries": run_boundaries}


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, default=None, help="database file (default: CAKUPAN_DB or data/cakupan.duckdb)")
    p.add_argument("--lang", choices=["id", "en"], default="id", help="language of messages")


def open_database(path: Path, lang: str, read_only: bool = False) -> duckdb.DuckDBPyConnection | None:
    """The database for writing, or None (with a message) if it is missing or locked by a dashboard."""
    if not path.exists():
        print(t("empty.no_db", lang), file=sys.stderr)
        return None
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        from cakupan.importer.problems import Problem

        print(Problem("db_locked", str(path), params={}).text(lang), file=sys.stderr)
        print((str(exc).strip().splitlines() or [""])[0], file=sys.stderr)
        return None
    from cakupan import db

    if db.fingerprint_of(con) != db.current_fingerprint():  # built by an earlier version: rebuild first
        con.close()
        print(t("empty.old_db", lang), file=sys.stderr)
        return None
    return con


def run_import(args: argparse.Namespace) -> int:
    from cakupan.importer import ImportOptions

    lang = args.lang
    limit_mb = args.max_size_mb if args.max_size_mb is not None else settings.max_import_mb()
    options = ImportOptions(
        kind=args.kind, code_system=args.code_system, crosswalk=args.crosswalk, decimal=args.decimal,
        sheet=args.sheet, period=args.period, basis=args.basis, province=args.province, header_row=args.header_row,
        source_title=args.source_title,
        source_url=args.source_url, source_as_of=args.source_as_of, max_bytes=int(limit_mb * 1e6),
        check_duplicates=not args.skip_duplicate_check)
    path = args.db or settings.db_path()
    if args.dry_run:
        return _dry_run(path, args.file, options, lang)
    return _import(path, args.file, options, lang)


def _refused(refused, lang: str) -> int:
    for problem in refused.problems:
        print(problem.text(lang))
    print(t("import.cli.refused", lang, n=len(refused.errors)), file=sys.stderr)
    return EXIT_REFUSED


def _dry_run(path: Path, file: Path, options, lang: str) -> int:
    """Read and validate on a read-only connection, print the plan, write nothing."""
    from cakupan.importer import ImportRefused, prepare

    con = open_database(path, lang, read_only=True)
    if con is None:
        return EXIT_LOCKED
    try:
        limit_memory(con)
        print(t("import.cli.reading", lang, file=file), file=sys.stderr, flush=True)
        try:
            plan = prepare(con, file, options)
        except ImportRefused as refused:
            return _refused(refused, lang)
    finally:
        con.close()
    for line in describe_plan(plan, lang):
        print(line)
    if plan.already_batch is not None:
        print(t("import.same_file", lang, batch=plan.already_batch))
    else:
        print(t("import.cli.dry_run", lang))
    return 0


def _import(path: Path, file: Path, options, lang: str) -> int:
    """Read, validate and write on one connection to a new version of the database file
    (importer.import_new_version), printing the plan before the write."""
    from cakupan.db import OldDatabase
    from cakupan.importer import ImportRefused, import_new_version
    from cakupan.importer.problems import Problem

    if not path.exists():
        print(t("empty.no_db", lang), file=sys.stderr)
        return EXIT_LOCKED
    if snapshot.held_for_writing(path):  # a DuckDB shell left open: its own writes would undo ours
        print(Problem("db_locked", str(path), params={}).text(lang), file=sys.stderr)
        return EXIT_LOCKED
    print(t("import.cli.reading", lang, file=file), file=sys.stderr, flush=True)

    def show(plan) -> None:
        for line in describe_plan(plan, lang):
            print(line)

    try:
        plan, result = import_new_version(
            path, file, options, setup=limit_memory, show=show,
            progress=lambda step: print(t("import.cli.writing", lang), file=sys.stderr, flush=True))
    except OldDatabase:
        print(t("empty.old_db", lang), file=sys.stderr)
        return EXIT_LOCKED
    except snapshot.Busy:
        print(t("import.cli.busy", lang), file=sys.stderr)
        return EXIT_LOCKED
    except ImportRefused as refused:
        return _refused(refused, lang)
    if result is None or result.already:
        print(t("import.same_file", lang, batch=plan.already_batch if result is None else result.batch_id))
    else:
        print(t("import.cli.written", lang, batch=result.batch_id, added=fmt.number(result.rows_added, lang),
                replaced=fmt.number(result.rows_replaced, lang), anchors=result.anchors_replaced))
    return 0


def limit_memory(con: duckdb.DuckDBPyConnection) -> None:
    """DuckDB's memory limit for an import (CAKUPAN_IMPORT_MEMORY), bound as a value."""
    con.execute("set memory_limit = $limit", {"limit": settings.import_memory_limit()})


def describe_plan(plan, lang: str, max_lines: int = 30) -> list[str]:
    """The dry-run report: what was read, the warnings, and the change per period and area."""
    lines = [plan.detected_text(lang)]
    if plan.member_level:
        lines.append(t("import.cli.member_level", lang, records=fmt.number(plan.rows_in_file, lang),
                       rows=fmt.number(plan.frame.height, lang)))
    lines += [w.text(lang) for w in plan.warnings]
    lines.append(t("import.cli.summary", lang, added=fmt.number(plan.areas_added, lang),
                   replaced=fmt.number(plan.areas_replaced, lang), rows=fmt.number(plan.rows_added, lang),
                   old=fmt.number(plan.rows_replaced, lang)))
    shown = plan.diff.head(max_lines)
    for row in shown.iter_rows(named=True):
        keys = " ".join(str(row[c]) for c in plan.diff.columns[: plan.diff.columns.index("change")])
        digits = 2 if plan.options.kind == "published" else 0  # printed rates keep their decimals
        before = fmt.number(row["value_before"], lang, digits)
        after = fmt.number(row["value_after"], lang, digits)
        lines.append(f"  {t('import.change.' + row['change'], lang):<10} {keys}  {before} -> {after}")
    if plan.diff.height > max_lines:
        lines.append("  " + t("import.cli.more_lines", lang, n=plan.diff.height - max_lines))
    lines += ["  " + line for line in plan.province_lines(lang)]
    return lines


def run_rollback(args: argparse.Namespace) -> int:
    from cakupan.importer import ImportRefused, rollback_new_version

    path = args.db or settings.db_path()
    if not path.exists():
        print(t("empty.no_db", args.lang), file=sys.stderr)
        return EXIT_LOCKED
    try:
        result = rollback_new_version(path, args.batch_id)
    except snapshot.Busy:
        print(t("import.cli.busy", args.lang), file=sys.stderr)
        return EXIT_LOCKED
    except ImportRefused as refused:
        for problem in refused.problems:
            print(problem.text(args.lang))
        return EXIT_REFUSED
    restored = sum(r for _, r in result["tables"].values())
    removed = sum(r for r, _ in result["tables"].values())
    print(t("import.cli.rolled_back", args.lang, batch=args.batch_id, removed=removed, restored=restored))
    return 0


def run_batches(args: argparse.Namespace) -> int:
    from cakupan.db import run_query

    con = open_database(args.db or settings.db_path(), args.lang, read_only=True)
    if con is None:
        return EXIT_LOCKED
    try:
        frame = run_query(con, "import_batches")
    finally:
        con.close()
    for row in frame.iter_rows(named=True):
        print(f"{row['batch_id']:>4}  {row['status']:<11} {row['kind']:<12} {str(row['imported_at'])[:16]}  "
              f"{row['row_count']:>9,}  {row['file_name']}  [{row['source_title'] or '–'}]")
    return 0


def run_boundaries(args: argparse.Namespace) -> int:
    from cakupan.importer import boundaries, safety
    from cakupan.importer.problems import ImportRefused

    geo_dir = args.geo_dir or settings.geo_dir()
    try:
        with safety.refusals(Path(args.file).name):  # a reader's crash is a refusal here too
            report = boundaries.import_boundaries(
                args.file, args.level, args.code_column, geo_dir, code_system=args.code_system,
                crosswalk=args.crosswalk, source_title=args.source_title, dry_run=args.dry_run)
    except ImportRefused as refused:
        for problem in refused.problems:
            print(problem.text(args.lang))
        print(t("import.boundary.refused", args.lang, n=len(refused.errors)), file=sys.stderr)
        return EXIT_REFUSED
    for line in boundaries.describe(report, args.lang):
        print(line)
    return 0
