"""The import path's guards against hostile files: budgets, finite numbers, stated text rules, refusals.

Everything here refuses with a Problem (file, row, column, what to do) rather than letting a
reader run out of memory, a value overflow, or a traceback reach the user.
"""

from __future__ import annotations

import csv
import dataclasses
import logging
import math
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cakupan import user_text
from cakupan.importer.problems import Figure, ImportRefused, Problem, capped
from cakupan.db import OldDatabase
from cakupan.snapshot import Busy, Discard

if TYPE_CHECKING:
    from cakupan.importer.reading import RawTable


def check_source(source_url: str | None, file: str) -> None:
    """A source address is stored only if it is an absolute http(s) URL (it is shown as a link)."""
    if source_url and source_url.strip() and user_text.safe_url(source_url) is None:
        raise ImportRefused([Problem("bad_source_url", file, None, None, source_url.strip()[:200])])


# --- budgets -------------------------------------------------------------------------------
# A table file (not a member-level extract, which DuckDB streams) is read whole into memory, so
# it has budgets besides its size on disk. An XLSX is a zip: its parts are checked before any
# parser sees them, because a few hundred kilobytes can expand to gigabytes of XML.
MAX_ROWS = 1_000_000
MAX_COLUMNS = 200
MAX_FIELD_CHARS = 10_000
XLSX_MAX_PARTS = 1_000
XLSX_MAX_PART_BYTES = 100_000_000
XLSX_MAX_TOTAL_BYTES = 200_000_000
# Real sheets compress 5–30 times; a part that expands more than this is built to exhaust memory.
XLSX_MAX_RATIO = 100
XLSX_RATIO_FLOOR = 1_000_000  # the ratio of a part smaller than this does not matter
_CHUNK = 1 << 16
_CHUNK_OUT = 1 << 20


def _mb(n: float) -> Figure:
    return Figure(round(n / 1e6))


def check_xlsx(path: Path, file: str) -> None:
    """Refuse a workbook whose parts are too many, too large or expand too much, before parsing.
    The sizes the zip declares are checked first (nothing is inflated), then each part is
    inflated once without keeping its bytes, stopping at its budget, since a declared size can lie."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = [i for i in z.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused([Problem("xlsx_broken", file, params={"detail": scrub(exc)})]) from None
    if len(infos) > XLSX_MAX_PARTS:
        raise ImportRefused([Problem("xlsx_parts", file, params={"n": Figure(len(infos)),
                                                                  "limit": Figure(XLSX_MAX_PARTS)})])
    total = 0
    for info in infos:
        _check_part(info.filename, info.file_size, info.compress_size, file)
        total += info.file_size
    if total > XLSX_MAX_TOTAL_BYTES:
        raise ImportRefused([Problem("xlsx_total_budget", file, params={
            "size_mb": _mb(total), "limit_mb": _mb(XLSX_MAX_TOTAL_BYTES)})])
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        # A zip that is no Excel workbook: LibreOffice's .ods (its first part says so), or a .docx/.zip.
        with zipfile.ZipFile(path) as z:
            kind = z.read("mimetype")[:100].decode("ascii", "replace") if "mimetype" in names else ""
        code = "ods_file" if kind.startswith("application/vnd.oasis.opendocument.spreadsheet") else "zip_not_xlsx"
        raise ImportRefused([Problem(code, file)])
    with open(path, "rb") as f:
        for info in infos:
            actual = _inflated_size(f, info, file)
            if actual == info.file_size:
                continue
            if actual > XLSX_MAX_PART_BYTES:  # counting stopped at the budget
                raise ImportRefused([Problem("xlsx_part_budget", file, None, None, info.filename, {
                    "size_mb": f"> {_mb(XLSX_MAX_PART_BYTES)}", "limit_mb": _mb(XLSX_MAX_PART_BYTES)})])
            _check_part(info.filename, actual, info.compress_size, file)
            raise ImportRefused([Problem("xlsx_broken", file, params={
                "detail": f"{info.filename}: {actual:,} bytes, {info.file_size:,} declared"})])


def _check_part(name: str, size: int, compressed: int, file: str) -> None:
    if size > XLSX_MAX_PART_BYTES:
        raise ImportRefused([Problem("xlsx_part_budget", file, None, None, name, {
            "size_mb": _mb(size), "limit_mb": _mb(XLSX_MAX_PART_BYTES)})])
    if size > XLSX_RATIO_FLOOR and size > XLSX_MAX_RATIO * max(compressed, 1):
        raise ImportRefused([Problem("xlsx_ratio_budget", file, None, None, name, {
            "ratio": Figure(round(size / max(compressed, 1))), "limit": Figure(XLSX_MAX_RATIO)})])


def _inflated_size(f, info: zipfile.ZipInfo, file: str) -> int:
    """How many bytes a part really inflates to, counted (never kept), stopping just past its budget."""
    f.seek(info.header_offset)
    header = f.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise ImportRefused([Problem("xlsx_broken", file, params={"detail": f"{info.filename}: no local header"})])
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    f.seek(name_len + extra_len, 1)
    left = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        return left
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ImportRefused([Problem("xlsx_broken", file, params={
            "detail": f"{info.filename}: compression method {info.compress_type}"})])
    inflater, size, budget = zlib.decompressobj(-15), 0, XLSX_MAX_PART_BYTES
    try:
        while left > 0 and size <= budget:
            chunk = f.read(min(_CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            # At most a megabyte out per call: a 64 KB chunk of a bomb would otherwise be 64 MB at once.
            size += len(inflater.decompress(chunk, min(_CHUNK_OUT, budget + 1 - size)))
            while inflater.unconsumed_tail and size <= budget:
                size += len(inflater.decompress(inflater.unconsumed_tail, min(_CHUNK_OUT, budget + 1 - size)))
    except zlib.error as exc:
        raise ImportRefused([Problem("xlsx_broken", file, params={"detail": f"{info.filename}: {exc}"})]) from None
    return size


# Parquet compresses too: one long text repeated through a dictionary (or zstd) is a few kilobytes
# on disk and hundreds of gigabytes once every cell is a string. The footer gives the decoded
# page sizes; text columns are then read still dictionary-encoded to count what they would become.
PARQUET_MAX_BYTES = 500_000_000


def check_parquet(path: Path, file: str) -> None:
    """Rows, columns, no nested columns and the decoded size of a Parquet file, before polars reads it."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
        schema = meta.schema.to_arrow_schema()
    except Exception as exc:  # noqa: BLE001 - any reader failure means the same thing to the user
        raise ImportRefused([Problem("parquet_broken", file, params={"detail": scrub(exc)})]) from None
    check_shape(file, meta.num_rows, meta.num_columns)
    nested = [Problem("parquet_nested", file, None, field.name, None, {"type": str(field.type)})
              for field in schema if field.type.num_fields > 0]
    if nested:
        raise ImportRefused(nested)
    pages = sum(meta.row_group(g).column(c).total_uncompressed_size
                for g in range(meta.num_row_groups) for c in range(meta.num_columns))
    _parquet_budget(file, pages)
    texts = [f.name for f in schema if _is_text(f.type)]
    if not texts:
        return
    # Batch by batch, each text column still a dictionary: memory stays at the distinct values.
    reader = pq.ParquetFile(path, read_dictionary=texts)
    decoded, offset = 0, 0
    for batch in reader.iter_batches(batch_size=65_536, columns=texts):
        for name, column in zip(texts, batch.columns):
            values = column.dictionary
            measure = pc.utf8_length if pa.types.is_string(values.type) or pa.types.is_large_string(values.type) \
                else pc.binary_length
            lengths = pc.take(measure(values), column.indices)
            decoded += pc.sum(lengths).as_py() or 0
            if (pc.max(lengths).as_py() or 0) > MAX_FIELD_CHARS:
                at = pc.index(pc.greater(lengths, MAX_FIELD_CHARS), True).as_py()
                raise ImportRefused([Problem("field_too_long", file, offset + at + 1, name, None, {
                    "n": Figure(lengths[at].as_py()), "limit": Figure(MAX_FIELD_CHARS)})])
        offset += batch.num_rows
    _parquet_budget(file, decoded)


def _is_text(arrow_type) -> bool:
    """A string or binary column, dictionary-encoded or not (polars makes every cell a string)."""
    import pyarrow as pa

    t = arrow_type.value_type if pa.types.is_dictionary(arrow_type) else arrow_type
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_binary(t) or pa.types.is_large_binary(t)


def _parquet_budget(file: str, size: int) -> None:
    if size > PARQUET_MAX_BYTES:
        raise ImportRefused([Problem("parquet_budget", file, params={
            "size_mb": _mb(size), "limit_mb": _mb(PARQUET_MAX_BYTES)})])


# A table file is read whole; past this size on disk it is refused before a byte is read (the
# command line accepts gigabyte member-level extracts, which DuckDB streams instead).
TABLE_MAX_BYTES = 200_000_000


def check_table_file(path: Path, file: str) -> None:
    """The size budget of a table file, before it is read."""
    size = Path(path).stat().st_size
    if size > TABLE_MAX_BYTES:
        raise ImportRefused([Problem("table_file_budget", file, params={
            "size_mb": _mb(size), "limit_mb": _mb(TABLE_MAX_BYTES)})])


def check_lines(data: bytes, file: str) -> None:
    """The row budget of a CSV counted in line breaks, before Python builds a list per row."""
    rows = data.count(b"\n") - 1  # the header's line is not a row (blank lines may still count)
    if rows > MAX_ROWS:
        raise ImportRefused([Problem("too_many_rows", file, params={"n": Figure(rows), "limit": Figure(MAX_ROWS)})])


def check_shape(file: str, rows: int, columns: int) -> None:
    """The row and column budgets of a table file."""
    problems = []
    if rows > MAX_ROWS:
        problems.append(Problem("too_many_rows", file, params={"n": Figure(rows), "limit": Figure(MAX_ROWS)}))
    if columns > MAX_COLUMNS:
        problems.append(Problem("too_many_columns", file, params={"n": Figure(columns), "limit": Figure(MAX_COLUMNS)}))
    if problems:
        raise ImportRefused(problems)


def check_cells(raw: RawTable) -> RawTable:
    """Rows, columns and the longest field of a table file read into memory; the table if within."""
    check_shape(raw.file, raw.height, len(raw.header))
    problems = [Problem("field_too_long", raw.file, 1, None, name[:40] + "…", {
        "n": Figure(len(name)), "limit": Figure(MAX_FIELD_CHARS)})
        for name in raw.header if len(name) > MAX_FIELD_CHARS]
    for i, name in enumerate(raw.header):
        lengths = raw.data[f"c{i}"].str.len_chars()
        if (lengths.max() or 0) > MAX_FIELD_CHARS:
            at = int((lengths > MAX_FIELD_CHARS).arg_true()[0])
            problems.append(Problem("field_too_long", raw.file, raw.rows[at], name, raw.data[f"c{i}"][at][:40] + "…",
                                    {"n": Figure(lengths[at]), "limit": Figure(MAX_FIELD_CHARS)}))
    if problems:
        raise ImportRefused(problems)
    return raw


def field_limit_error(exc: Exception, file: str, row: int) -> ImportRefused:
    """Python's csv module stops at a field over its own limit (131.072 characters): say so plainly."""
    if "field larger than field limit" in str(exc):
        return ImportRefused([Problem("field_over_reader", file, row, None, None, {
            "n": Figure(csv.field_size_limit()), "limit": Figure(MAX_FIELD_CHARS)})])
    return ImportRefused([Problem("csv_broken", file, row, None, None, {"detail": scrub(exc)})])


# --- refusals, never tracebacks ------------------------------------------------------------

_ABSOLUTE_PATH = re.compile(r"""(?:[A-Za-z]:)?[\\/](?:[^\s'"\\/:]+[\\/])+[^\s'"\\/:,;)]*""")


log = logging.getLogger("cakupan.import")


@contextmanager
def refusals(file: str, writing: bool = False) -> Iterator[None]:
    """Turn anything that goes wrong inside an import into a refusal naming the file and the problem.
    A refusal's details lose any server path; any other exception becomes 'unexpected' (reading) or
    'commit_failed' (writing: the transaction was rolled back, so nothing was written). The
    traceback goes to the server log at INFO, never to the user."""
    try:
        yield
    except (Busy, Discard, OldDatabase):
        raise  # another writer, nothing to write, or a database to rebuild: the caller says so
    except ImportRefused as refused:
        refused.problems = [dataclasses.replace(p, params={**p.params, "detail": scrub(p.params["detail"])})
                            if "detail" in p.params else p for p in refused.problems]
        raise
    except Exception as exc:  # noqa: BLE001 - the point is that nothing escapes as a traceback
        log.info("import of %s refused after %s", file, type(exc).__name__, exc_info=True)
        code = "commit_failed" if writing else "unexpected"
        raise ImportRefused([Problem(code, file, params={"detail": scrub(exc)})]) from None


def scrub(exc: BaseException | str) -> str:
    """The first line of an error, with no server path in it (a path becomes its last part)."""
    text = exc if isinstance(exc, str) else (str(exc).strip() or type(exc).__name__)
    line = (text.strip().splitlines() or [""])[0]
    line = _ABSOLUTE_PATH.sub(lambda m: re.split(r"[\\/]", m.group(0))[-1] or "…", line)
    return line[:200]


# --- numbers are finite and plausible ------------------------------------------------------
# The largest value a column can hold and still be a real figure: counts of people are below
# Indonesia's population (about 280 million), enterprises below its ~65 million businesses,
# percentages at most 100 and a monthly contribution well below a billion rupiah. A value past
# its bound is a unit slip (thousands for units, a fraction for a percent) or a hostile file.
BOUNDS = {
    "active_participants": 300_000_000, "workers": 300_000_000, "formal": 300_000_000,
    "informal": 300_000_000, "enterprises": 100_000_000, "enrolled": 100_000_000,
    "members": 100_000_000, "enrolled_members": 100_000_000, "target_value": 300_000_000,
    "rate_pct": 100, "fixed_amount_idr": 1_000_000_000, "min_amount_idr": 1_000_000_000,
    "max_amount_idr": 1_000_000_000,
}
DEFAULT_BOUND = 1e12  # a numeric column without its own bound (a new kind) still has one


def number_problem(column: str, value: float) -> tuple[str, dict] | None:
    """(problem code, placeholders) when a read number is NaN, infinite or beyond its column's bound."""
    if not math.isfinite(value):
        return "not_finite", {}
    bound = BOUNDS.get(column, DEFAULT_BOUND)
    if abs(value) > bound:
        return "implausible", {"limit": Figure(bound)}
    return None


# --- text normalisation, stated ------------------------------------------------------------
# Every text cell is stored in Unicode NFC. Invisible characters that only make equal-looking
# names differ are removed, and the dry run says so; control and direction-override characters
# and non-ASCII digits are refused, since reading '１２' or '١٢' as 12 would be a guess.
INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
_NOT_PLAIN = r"[^\x20-\x7E]"  # any cell without it is printable ASCII and needs no look


def _char(c: str) -> str:
    return f"U+{ord(c):04X} {unicodedata.name(c, '')}".strip()


def _cell_problem(text: str) -> tuple[str, str] | None:
    """(problem code, the offending character) for a refused character, or None."""
    for c in text:
        if c in "\t\r\n":
            continue
        if unicodedata.category(c) == "Cc" or c in _BIDI:
            return "control_char", c
        if unicodedata.category(c) == "Nd" and not "0" <= c <= "9":
            return "unicode_digit", c
    return None


def refused_char(text: str) -> tuple[str, dict] | None:
    """(problem code, placeholders) when a cell holds a control character or a non-ASCII digit."""
    if text.isascii() and text.isprintable():
        return None
    found = _cell_problem(text)
    return (found[0], {"char": _char(found[1])}) if found else None


MAX_STATEMENT_CHARS = 500


def check_statements(title: str | None, as_of: str | None, file: str) -> None:
    """What the user typed about the file (source title, as-of date) follows the cells' rules."""
    problems = []
    for text in (title, as_of):
        if not text:
            continue
        found = refused_char(text)
        if found:
            problems.append(Problem(found[0], file, None, None, text[:80], found[1]))
        if len(text) > MAX_STATEMENT_CHARS:
            problems.append(Problem("field_too_long", file, None, None, text[:40] + "…", {
                "n": Figure(len(text)), "limit": Figure(MAX_STATEMENT_CHARS)}))
    if problems:
        raise ImportRefused(problems)


def statement(text: str | None) -> str:
    """A typed statement as stored: NFC, without invisible characters, trimmed."""
    return unicodedata.normalize("NFC", "".join(c for c in (text or "") if c not in INVISIBLE)).strip()


def normalised(raw: RawTable) -> tuple[RawTable, list[Problem]]:
    """The table with every text cell (and header) in NFC and without invisible characters, and the
    warnings saying what was changed; refuses control characters and non-ASCII digits."""
    problems, warnings = [], []
    header = []
    for name in raw.header:
        fixed = unicodedata.normalize("NFC", "".join(c for c in name if c not in INVISIBLE))
        found = _cell_problem(fixed)
        if found:
            problems.append(Problem(found[0], raw.file, 1, None, fixed, {"char": _char(found[1])}))
        header.append(fixed)
    columns = []
    for i, name in enumerate(header):
        series = raw.data[f"c{i}"]
        flagged = series.str.contains(_NOT_PLAIN).fill_null(False).arg_true().to_list()
        if not flagged:
            continue
        values, removed, composed = [], {}, 0
        for at in flagged:
            text = series[at]
            stripped = "".join(c for c in text if c not in INVISIBLE)
            for c in set(text) - set(stripped):
                removed.setdefault(c, []).append(at)
            fixed = unicodedata.normalize("NFC", stripped)
            composed += fixed != stripped
            found = _cell_problem(fixed)
            if found:
                problems.append(Problem(found[0], raw.file, raw.rows[at], name, fixed, {"char": _char(found[1])}))
            values.append(fixed)
        columns.append(series.scatter(flagged, values))
        if removed:
            first = min(at for ats in removed.values() for at in ats)
            warnings.append(Problem("invisible_removed", raw.file, raw.rows[first], name, None, {
                "chars": ", ".join(_char(c) for c in sorted(removed)),
                "n": Figure(len({at for ats in removed.values() for at in ats}))}, "warning"))
        if composed:
            warnings.append(Problem("nfc_composed", raw.file, None, name, None, {"n": Figure(composed)}, "warning"))
    if problems:
        raise ImportRefused(capped(problems))
    data = raw.data.with_columns(columns) if columns else raw.data
    return dataclasses.replace(raw, header=header, data=data), warnings
