"""One import path for both doors (command line and Impor Data page): read, validate, diff, write, undo.

    plan = prepare(con, path, ImportOptions(kind="workforce", basis="bps", period="2024-08"))
    plan.diff            # what would be added or replaced, per period and area (the dry run)
    result = apply(con, plan)   # one transaction; a batch row, history of what it replaced
    rollback(con, result.batch_id)

`prepare` raises ImportRefused listing every problem (file, row, column, value, fix) and
writes nothing; `apply` writes all rows or none.
"""

from __future__ import annotations

import concurrent.futures
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import blake3
import duckdb
import polars as pl
import xxhash

from cakupan import snapshot
from cakupan.i18n import t
from cakupan.importer import members, safety, store
from cakupan.importer.areas import load_crosswalk, load_reference
from cakupan.importer.folder import Folder, read_folder
from cakupan.importer.kinds import KINDS, SPECS, header_key, is_member_extract
from cakupan.importer.layout import Shape
from cakupan.importer.options import ImportOptions
from cakupan.importer.problems import ImportRefused, Problem, capped
from cakupan.importer.reading import check_size, read_header, read_table, sniff_format
from cakupan.importer.store import BatchResult
from cakupan.importer.validate import AreaResolver, validate

__all__ = ["KINDS", "ImportOptions", "ImportRefused", "Plan", "Problem", "BatchResult", "prepare", "apply",
           "apply_new_version", "import_new_version", "rollback", "rollback_new_version", "file_hash",
           "HASH_ALGORITHM", "writes_digest"]


@dataclass
class Plan:
    """A validated file, ready to write: its rows, warnings, and the diff against the database."""
    options: ImportOptions
    file: str
    fmt: str
    file_hash: str  # '<algorithm>:<hex digest>' of the file's bytes
    rows_in_file: int
    member_level: bool
    frame: pl.DataFrame
    warnings: list[Problem]
    diff: pl.DataFrame
    already_batch: int | None
    detected: dict
    scope: pl.DataFrame | None = None  # replaced scopes without rows (see validate.Staged)
    province_changes: list | None = None  # published province totals the file keeps or supersedes
    writes: str | None = None  # '<algorithm>:<hex digest>' of the rows and scopes it would write (writes_digest)

    @property
    def rows_added(self) -> int:
        return self.frame.height

    @property
    def rows_replaced(self) -> int:
        return int(self.diff["rows_before"].fill_null(0).sum())

    def detected_text(self, lang: str) -> str:
        """What was read and how: format, rows, encoding, delimiter, number convention, sheet."""
        d = self.detected
        return t("import.cli.detected", lang, file=self.file, fmt=d.get("format"), rows=self.rows_in_file,
                 encoding=d.get("encoding") or "–", delimiter=repr(d["delimiter"]) if d.get("delimiter") else "–",
                 decimal=t("import.decimal_short." + d["decimal"], lang) if d.get("decimal") else "–",
                 sheet=d.get("sheet") or "–")

    def province_lines(self, lang: str) -> list[str]:
        """Published province totals the import keeps (demo kab/kota rescaled), replaces or supersedes,
        with the province total before and after."""
        from cakupan import fmt

        out = []
        for c in self.province_changes or []:
            params = {"province": f"{c['name']} ({c['province']})", "period": c["period"].strftime("%Y-%m"),
                      "measure": t("import.measure." + c["measure"].split("_")[0], lang),
                      "published": fmt.number(c["published"], lang), "source": c["source"] or "–",
                      "before": fmt.number(c["before"], lang), "after": fmt.number(c["after"], lang)}
            published_file = c["kind"] == "published"
            if not c["holds"]:
                key = "import.cli.province_unheld" if published_file else "import.cli.province_superseded"
            else:
                key = "import.cli.province_replaced" if published_file else "import.cli.province_kept"
            out.append(t(key, lang, **params))
        return out

    @property
    def areas_added(self) -> int:
        return self.diff.filter(pl.col("change") == "added").height

    @property
    def areas_replaced(self) -> int:
        return self.diff.filter(pl.col("change") == "replaced").height


# The content hash that recognises a file imported before, stored with its name ('xxh3-128:<hex>').
# XXH3's 128-bit form hashes several times as fast as BLAKE3, so reading the file (a copy out of
# the page cache) becomes most of its cost: 0,12 s of CPU for the 906 MB extract of 45 M rows
# against BLAKE3's 0,25 s, a tenth of the bare query's CPU instead of a quarter. It is not made to
# resist a crafted collision, so a match only names a candidate: the import counts as already done
# only when the rows and scopes it would write are those the batch wrote, by a BLAKE3 digest of them
# (writes_digest, in read_as) stored with the batch. Batches from before hold 'blake3:<hex>' of the
# file: another algorithm's digest never matches, and such a file is imported again as a new batch
# (the same rows replace the same rows).
HASH_ALGORITHM = "xxh3-128"
# One buffer that the reads fill in turn: small enough to stay in the CPU's cache between the read
# and the hash (a larger one is written to memory and read back), large enough for few calls.
HASH_CHUNK = 1 << 20


def file_hash(path: Path | Folder) -> str:
    """'xxh3-128:<hex>' of a file's bytes. Read into one buffer: the memory stays at the chunk (a
    memory map would count the whole file as resident, and a file cut short while it is read would
    end the process), and xxhash releases the GIL while it hashes a chunk, so the DuckDB pass runs
    beside it. A folder's hash covers each part's path inside it (a partition key is data) and
    length, then its bytes, in the parts' order."""
    h = xxhash.xxh3_128()
    buffer = bytearray(HASH_CHUNK)
    view = memoryview(buffer)
    for part in path.parts if isinstance(path, Folder) else (path,):
        if isinstance(path, Folder):
            name = path.relative(part).encode("utf-8")
            h.update(len(name).to_bytes(8, "little") + name + part.stat().st_size.to_bytes(8, "little"))
        with open(part, "rb", buffering=0) as f:
            while n := f.readinto(buffer):
                h.update(view[:n])
    return HASH_ALGORITHM + ":" + h.hexdigest()


def writes_digest(kind: str, frame: pl.DataFrame, scope: pl.DataFrame | None) -> str:
    """'blake3:<hex>' of what an import would write: its kind, its rows (without their row numbers
    in the file, which are not written; in a fixed order, as the order of the file is not written
    either) and the scopes it replaces besides theirs (a member-level extract lists every month and
    area it holds, those whose participants are all inactive too). Each as JSON lines, which tell
    an empty cell from an empty text and keep every column's name beside its value. A few thousand
    rows take a few milliseconds."""
    rows = frame.drop("file_row", strict=False)
    h = blake3.blake3(kind.encode("utf-8") + b"\n")
    for part in (rows, scope):
        if part is None:
            h.update(b"-\n")
            continue
        text = part.sort(part.columns, nulls_last=True).write_ndjson().encode("utf-8")
        h.update(len(text).to_bytes(8, "little") + text)
    return "blake3:" + h.hexdigest()


def read_as(options: ImportOptions, writes: str | None = None) -> str:
    """The statements that change which rows a file gives (not its source title or limits), and
    the digest of the rows and scopes it gave (writes_digest): a batch matches a file only where
    both are the same, so a file whose hash merely collides with a batch's is imported."""
    import json

    return json.dumps({"kind": options.kind, "period": options.period, "basis": options.basis,
                       "sheet": options.sheet, "header_row": options.header_row, "province": options.province,
                       "code_system": options.code_system, "decimal": options.decimal, "writes": writes},
                      sort_keys=True)


MAIN_COLUMN = {"membership": "active_participants", "workforce": "workers", "published": "value"}


def _shape(spec, options: ImportOptions) -> Shape:
    """What a publisher's table is searched for: this kind's column names, and the user's statements."""
    from cakupan.importer.values import parse_period

    known = frozenset(k for c in spec.columns for k in c.keys)
    period = parse_period(options.period) if options.period else None
    return Shape(known, MAIN_COLUMN.get(spec.name), options.header_row, period)


def _period_from_title(raw, spec, options: ImportOptions) -> tuple[ImportOptions, list[Problem]]:
    """A table with no period column and no --period whose title states one month ("Posisi 31
    Desember 2024") is that month's, said in a warning; otherwise the options are as given."""
    if raw.title_period is None or options.period or not any(c.name == "period" for c in spec.columns):
        return options, []
    if any(header_key(h) in spec.column("period").keys for h in raw.header if h):
        return options, []
    month, row, line = raw.title_period
    stated = month.strftime("%Y-%m")
    return replace(options, period=stated), [Problem("period_from_title", raw.file, row, None, None,
                                                     {"row": row, "line": line[:80], "period": month}, "warning")]


def prepare(con: duckdb.DuckDBPyConnection, path: Path, options: ImportOptions) -> Plan:
    """Read and validate a file and work out what it would change; writes nothing. Whatever goes
    wrong is an ImportRefused naming the file, never another exception."""
    with safety.refusals(options.file_name or Path(path).name):
        return _prepare(con, path, options)


def _prepare(con: duckdb.DuckDBPyConnection, path: Path, options: ImportOptions) -> Plan:
    path = Path(path)
    file = options.file_name or path.name
    if options.kind not in SPECS:
        raise ImportRefused([Problem("bad_kind", file, value=options.kind, params={"kinds": ", ".join(KINDS)})])
    safety.check_source(options.source_url, file)
    safety.check_statements(options.source_title, options.source_as_of, file)
    # A folder is a hive-partitioned member-level extract (province=52/part-0.parquet ...).
    folder = read_folder(path, file) if path.is_dir() else None
    try:
        size = folder.size if folder else path.stat().st_size
    except FileNotFoundError:
        raise ImportRefused([Problem("no_file", file)]) from None
    check_size(size, options.max_bytes, file)
    if size == 0:
        raise ImportRefused([Problem("empty", file)])
    spec = SPECS[options.kind]
    reference = load_reference(con)
    if options.province:
        province = reference.province_of(options.province)
        if province is None:
            raise ImportRefused([Problem("unknown_province", file, None, "--province", options.province)])
        options = replace(options, province=province)
    crosswalk = None
    if options.code_system == "bps":
        if options.crosswalk is None:
            raise ImportRefused([Problem("bps_needs_crosswalk", file)])
        crosswalk = load_crosswalk(options.crosswalk, reference)
    today = options.today or date.today()
    fmt = "parquet" if folder else sniff_format(path)
    if fmt == "xls":
        raise ImportRefused([Problem("old_xls", file)])
    header = folder.header if folder else read_header(path, fmt, file, options.sheet)
    resolver = AreaResolver(reference, options, crosswalk)
    member_level = is_member_extract(header)
    if folder and not member_level:
        raise ImportRefused([Problem("folder_not_member", file)])
    # The file's hash is read beside the work on its contents (xxhash releases the GIL).
    hashing = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    hash_future = hashing.submit(file_hash, folder or path)
    hashing.shutdown(wait=False)
    detected: dict = {"format": fmt}
    if member_level:
        if spec.name != "membership":
            raise ImportRefused([Problem("member_extract_kind", file, value=options.kind)])
        staged, rows_in_file = members.aggregate(con, folder or path, fmt, header, options, resolver, today, file)
    else:
        raw, text_warnings = safety.normalised(read_table(path, fmt, file, options.sheet, _shape(spec, options)))
        detected |= {"encoding": raw.encoding, "delimiter": raw.delimiter, "sheet": raw.sheet}
        options, from_title = _period_from_title(raw, spec, options)
        staged = validate(raw, spec, options, reference, crosswalk, today)
        staged.warnings = text_warnings + from_title + staged.warnings
        rows_in_file = raw.height
        detected["decimal"] = staged.convention
    warnings = capped(staged.warnings + store.coverage_warnings(con, spec, staged.frame, file))
    content_hash = hash_future.result()
    writes = writes_digest(options.kind, staged.frame, staged.scope)
    return Plan(options, file, fmt, content_hash, rows_in_file, member_level, staged.frame, warnings,
                store.diff(con, spec, staged.frame, staged.scope),
                store.active_batch_for(con, content_hash, read_as(options, writes)), detected,
                staged.scope, store.province_changes(con, spec, staged.frame), writes)


def apply(con: duckdb.DuckDBPyConnection, plan: Plan, progress=None) -> BatchResult:
    """Write a prepared file as one batch (a no-op if the same file is already loaded)."""
    o = plan.options
    title = (o.source_title or "").strip()
    if not title and o.kind == "published":
        # The rows cite their own publications; the batch is named after them, not after the file.
        cited = sorted({t for t in plan.frame["source_title"].to_list() if t})
        title = " | ".join(cited[:3]) + (" | …" if len(cited) > 3 else "")
    meta = store.BatchMeta(
        kind=o.kind, file_name=plan.file, file_hash=plan.file_hash, file_format=plan.fmt,
        rows_in_file=plan.rows_in_file, code_system=o.code_system, source_title=safety.statement(title) or plan.file,
        source_url=(o.source_url or "").strip() or None, source_as_of=safety.statement(o.source_as_of) or None,
        note="member-level extract, aggregated" if plan.member_level else None, warnings=plan.warnings,
        read_as=read_as(o, plan.writes or writes_digest(o.kind, plan.frame, plan.scope)))
    with safety.refusals(plan.file, writing=True):
        return store.write(con, SPECS[o.kind], plan.frame, meta, progress, plan.scope)


def apply_new_version(path: Path, plan: Plan, progress=None, setup=None) -> BatchResult:
    """`apply` on a new version of the database file at `path` (cakupan.snapshot): readers keep the
    version they have until this one is complete. A failure anywhere, copying and renaming
    included, is a refusal and leaves the file as it was; snapshot.Busy means another writer is busy."""
    with safety.refusals(plan.file, writing=True), snapshot.writer(path) as con:
        if setup is not None:
            setup(con)
        return apply(con, plan, progress)


def import_new_version(path: Path, file: Path, options: ImportOptions, setup=None, show=None,
                       progress=None) -> tuple[Plan, BatchResult | None]:
    """`prepare` and `apply` on one connection to a new version of the database file at `path`, as
    the command line imports (the Impor Data page shows the plan first and writes on a later click,
    so it uses the two apart). One DuckDB instance reads the file and writes the batch, not one to
    read and another to write (each costs about 20 ms of CPU to start and 10 to close), and the plan
    is worked out against the very version it is written to. `show(plan)` is called before the
    write. Returns the plan and the batch written, or None for the batch when the file was imported
    before (nothing written). The writer's lock is held from the start, so a second import waits
    for the first's whole pass, not only for its write (snapshot.Busy). A database built by an
    earlier version raises cakupan.db.OldDatabase; a refused file ImportRefused. Either way, and on
    any failure, the file is as it was."""
    from cakupan import db

    name = options.file_name or Path(file).name
    plan = None
    try:
        with safety.refusals(name, writing=True), snapshot.writer(path) as con:
            if db.fingerprint_of(con) != db.current_fingerprint():
                raise db.OldDatabase(Path(path).name)
            if setup is not None:
                setup(con)
            plan = prepare(con, file, options)
            if show is not None:
                show(plan)
            if plan.already_batch is not None:
                raise snapshot.Discard
            return plan, apply(con, plan, progress)
    except snapshot.Discard:
        return plan, None


def rollback_new_version(path: Path, batch_id: int) -> dict:
    """`rollback` on a new version of the database file at `path`, like apply_new_version."""
    with safety.refusals(f"batch {batch_id}", writing=True), snapshot.writer(path) as con:
        return rollback(con, batch_id)


def rollback(con: duckdb.DuckDBPyConnection, batch_id: int) -> dict:
    """Undo a batch exactly (refused for the seed batch and for a batch a later one replaced)."""
    with safety.refusals(f"batch {batch_id}", writing=True):
        return store.rollback(con, batch_id)
