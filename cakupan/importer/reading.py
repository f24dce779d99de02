"""Reads an import file (CSV, XLSX or Parquet) into text cells, detecting format, encoding and delimiter.

Nothing here interprets values: numbers, periods and codes stay text until validation, which
decides each file's conventions once for the whole file. Row numbers are the ones the user
sees: in CSV and XLSX the header is row 1 (row numbers of the sheet), in Parquet row 1 is
the first record.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import polars as pl

from cakupan.importer import safety
from cakupan.importer.problems import ImportRefused, Problem

if TYPE_CHECKING:
    from cakupan.importer.layout import Shape

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma (,)", ";": "semicolon (;)", "\t": "tab", "|": "pipe (|)"}
# Bytes that Windows-1252 leaves undefined; a file holding them is neither UTF-8 nor Windows-1252.
CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
HEADER_SAMPLE_BYTES = 1 << 20


@dataclass
class RawTable:
    """An imported file as text cells under its own header."""
    file: str
    fmt: str
    header: list[str]
    data: pl.DataFrame  # one String column per header position, named c0, c1, ...
    rows: list[int]  # the row number the user sees for each data row
    typed: dict[int, list[bool]] = field(default_factory=dict)  # cells the file stored as numbers
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: list[Problem] = field(default_factory=list)  # what a publisher's layout made us skip
    header_row: int = 1  # the row the column names are on, for messages about a column
    title_period: tuple | None = None  # (month, row, line) a title line above the table states

    @property
    def height(self) -> int:
        return self.data.height

    def column(self, index: int) -> list[str | None]:
        return self.data[f"c{index}"].to_list()

    def keeping(self, keep: list[int], data: pl.DataFrame | None = None) -> RawTable:
        """The table with only the rows at positions `keep` (of `data`, where its cells were
        rewritten), everything else about the file as it was."""
        return replace(self, data=(self.data if data is None else data)[keep], rows=[self.rows[i] for i in keep],
                       typed={k: [v[i] for i in keep] for k, v in self.typed.items()})


def sniff_format(path: Path) -> str:
    """'xlsx', 'parquet', 'xls' or 'csv', from the file's first bytes rather than its name."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    return "csv"


def check_size(size: int, limit: int | None, file: str) -> None:
    """Refuse a file over the size limit before a byte of it is read."""
    if limit is not None and size > limit:
        raise ImportRefused([Problem("too_large", file, params={
            "size_mb": f"{size / 1e6:,.0f}", "limit_mb": f"{limit / 1e6:,.0f}"})])


def decode(data: bytes, file: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with: UTF-8 (BOM or not) or Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], True
    else:
        bom = False
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:HEADER_SAMPLE_BYTES]:
        raise ImportRefused([Problem("binary", file)])
    try:
        return data.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    row = data.count(b"\n", 0, bad_at) + 1
    value = data[max(0, bad_at - 12): bad_at + 12].decode("cp1252", errors="replace").strip()
    if bom or UTF8_MULTIBYTE.search(data):
        # Part of the file is UTF-8 and part is not: decoding it either way would corrupt names.
        raise ImportRefused([Problem("mixed_encoding", file, row, None, value)])
    undefined = CP1252_UNDEFINED.search(data)
    if undefined:
        row = data.count(b"\n", 0, undefined.start()) + 1
        raise ImportRefused([Problem("unknown_encoding", file, row, None, value)])
    return data.decode("cp1252"), "windows-1252"


def detect_delimiter(header_line: str, file: str, more_lines: list[str] | None = None) -> str:
    """The delimiter that splits the header line into the most fields; the header must split.
    A publisher's file may open with a title line that does not split: then the delimiter is
    the one that splits the following lines into the most fields."""
    try:
        counts = {d: len(next(csv.reader([header_line], delimiter=d))) for d in DELIMITERS}
        best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
        if counts[best] < 2 and more_lines:
            counts = {d: max(len(next(csv.reader([line], delimiter=d))) for line in more_lines) for d in DELIMITERS}
    except csv.Error as exc:
        raise safety.field_limit_error(exc, file, 1) from None
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    if counts[best] < 2:
        raise ImportRefused([Problem("no_delimiter", file, 1, None, header_line.strip()[:80])])
    return best


def csv_records(text: str, file: str, delimiter: str) -> list[list[str]]:
    """Every record of a CSV text; a field over the csv module's limit is a refusal naming its row."""
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            records.append(record)
    except csv.Error as exc:
        raise safety.field_limit_error(exc, file, len(records) + 1) from None
    return records


def csv_records_and_delimiter(text: str, file: str) -> tuple[list[list[str]], str]:
    """Every record of a CSV text and its delimiter, found on the first non-blank lines; an empty
    text is refused."""
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise ImportRefused([Problem("empty", file)])
    delimiter = detect_delimiter(lines[first], file, [ln for ln in lines[first:first + 30] if ln.strip()])
    return csv_records(text, file, delimiter), delimiter


def read_csv_text(text: str, file: str) -> tuple[list[str], list[list[str]], list[int], str]:
    """Header, data rows and their row numbers, and the delimiter; every row must fit the header."""
    records, delimiter = csv_records_and_delimiter(text, file)
    header_index = next(i for i, r in enumerate(records) if any(c.strip() for c in r))
    header = [c.strip() for c in records[header_index]]
    while header and not header[-1]:
        header.pop()
    problems, rows, numbers = [], [], []
    for index in range(header_index + 1, len(records)):
        record = records[index]
        if not any(c.strip() for c in record):
            continue
        # Spreadsheet exports pad rows with empty trailing fields; those carry nothing.
        while len(record) > len(header) and not record[-1].strip():
            record = record[:-1]
        if len(record) != len(header):
            problems.append(Problem("row_fields", file, index + 1, None, delimiter.join(record)[:80], {
                "found": len(record), "expected": len(header), "delimiter": DELIMITER_NAMES[delimiter]}))
            continue
        rows.append(record)
        numbers.append(index + 1)
    if problems:
        raise ImportRefused(problems)
    return header, rows, numbers, delimiter


def read_header(path: Path, fmt: str, file: str, sheet: str | None = None) -> list[str]:
    """Only the column names, without reading the whole file (decides member-level vs table)."""
    if fmt == "parquet":
        return list(_parquet_schema(path, file))
    if fmt == "xlsx":
        try:
            return read_xlsx(path, file, sheet).header
        except ImportRefused as refused:
            if any(p.code == "merged_cells" for p in refused.problems):
                return []  # a publisher's merged title: the full read decides, with the kind's columns
            raise
    with open(path, "rb") as f:
        sample = f.read(HEADER_SAMPLE_BYTES)
    text, _ = decode(_cut_at_line(sample), file)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise ImportRefused([Problem("empty", file)])
    delimiter = detect_delimiter(lines[0], file, lines[:30])
    return [c.strip() for c in next(csv.reader([lines[0]], delimiter=delimiter))]


def csv_layout(path: Path, file: str) -> tuple[str, str]:
    """(delimiter, encoding for DuckDB) of a large CSV, from its first megabyte."""
    with open(path, "rb") as f:
        sample = f.read(HEADER_SAMPLE_BYTES)
    text, encoding = decode(_cut_at_line(sample), file)
    first = next(line for line in text.splitlines() if line.strip())
    return detect_delimiter(first, file), "latin-1" if encoding == "windows-1252" else "utf-8"


def read_table(path: Path, fmt: str, file: str, sheet: str | None = None, shape: Shape | None = None) -> RawTable:
    """The whole file as text cells. With `shape` (what the kind's columns are called), a
    publisher's layout is looked for: titles above the header, a two-row header, footnotes."""
    if fmt == "xls":
        raise ImportRefused([Problem("old_xls", file)])
    safety.check_table_file(path, file)
    if fmt == "xlsx":
        return safety.check_cells(read_xlsx(path, file, sheet, shape))
    if fmt == "parquet":
        return safety.check_cells(read_parquet(path, file))
    data = Path(path).read_bytes()
    safety.check_lines(data, file)
    if not data.strip():
        raise ImportRefused([Problem("empty", file)])
    text, encoding = decode(data, file)
    if shape is not None:
        laid = _shaped_csv(text, file, shape)
        if laid is not None:
            return safety.check_cells(_with(laid, encoding=encoding))
    header, rows, numbers, delimiter = read_csv_text(text, file)
    frame = pl.DataFrame({f"c{i}": [r[i] for r in rows] for i in range(len(header))},
                         schema={f"c{i}": pl.String for i in range(len(header))})
    return safety.check_cells(RawTable(file, "csv", header, frame, numbers, {}, encoding, delimiter))


def _with(raw: RawTable, **changes) -> RawTable:
    for key, value in changes.items():
        setattr(raw, key, value)
    return raw


def _shaped_csv(text: str, file: str, shape: Shape) -> RawTable | None:
    """A CSV laid out as a publisher's table, or None when it is a plain table (header on the
    first line, nothing skipped), which the strict reader handles with its field-count check."""
    from cakupan.importer.layout import locate

    records, delimiter = csv_records_and_delimiter(text, file)
    numbers = list(range(1, len(records) + 1))
    layout = locate(records, numbers, file, shape.known, shape.main, shape.header_row, shape.period)
    plain = not layout.notes and layout.first_data_row == _first_filled(records) + 2 and \
        layout.columns == list(range(len(layout.columns)))
    if plain:
        return None
    frame = pl.DataFrame({f"c{k}": [r[k] or None for r in layout.rows] for k in range(len(layout.header))},
                         schema={f"c{k}": pl.String for k in range(len(layout.header))})
    return RawTable(file, "csv", layout.header, frame, layout.numbers, {}, None, delimiter, notes=layout.notes,
                    header_row=layout.header_row, title_period=layout.title_period)


def _first_filled(records: list[list[str]]) -> int:
    return next(i for i, r in enumerate(records) if any((c or "").strip() for c in r))


def read_parquet(path: Path, file: str) -> RawTable:
    safety.check_parquet(path, file)
    schema = _parquet_schema(path, file)
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure means the same thing to the user
        raise ImportRefused([Problem("parquet_broken", file, params={"detail": _first_line(exc)})]) from None
    header = list(schema)
    typed = {i: [True] * frame.height for i, dtype in enumerate(schema.values()) if dtype.is_numeric()}
    text = frame.select([pl.col(name).cast(pl.String).alias(f"c{i}") for i, name in enumerate(header)])
    return RawTable(file, "parquet", header, text, list(range(1, frame.height + 1)), typed)


def _parquet_schema(path: Path, file: str) -> dict:
    try:
        return dict(pl.read_parquet_schema(path))
    except Exception as exc:  # noqa: BLE001
        raise ImportRefused([Problem("parquet_broken", file, params={"detail": _first_line(exc)})]) from None


def read_xlsx(path: Path, file: str, sheet: str | None = None, shape: Shape | None = None) -> RawTable:
    """One sheet (the first visible one holding anything, or the named one) of a workbook; merged cells are refused (in a
    publisher's table, only those among the data rows)."""
    safety.check_xlsx(path, file)
    stat = Path(path).stat()
    name, layout, grid = _workbook_sheet(str(path), stat.st_mtime_ns, stat.st_size, file, sheet)
    if shape is not None:
        laid = _shaped_xlsx(grid, layout, file, shape, name)
        if laid is not None:
            return laid
    header_cells = grid.row(0)
    keep = [j for j, h in enumerate(header_cells) if h or grid[grid.columns[j]][1:].drop_nulls().len()]
    header = [header_cells[j] or "" for j in keep]
    row0, col0 = layout["first_row"], layout["first_col"]
    problems = [
        Problem("merged_cells", file, r1, _header_at(header_cells, c1 - col0), ref)
        for ref, r1, c1 in layout["merged"]
    ]
    if problems:
        raise ImportRefused(problems)
    body = grid.slice(1)
    present = [i for i in range(body.height) if any(v not in (None, "") for v in body.row(i))]
    columns = {j: body[body.columns[j]].to_list() for j in keep}
    data = pl.DataFrame({f"c{k}": [columns[j][i] for i in present] for k, j in enumerate(keep)},
                        schema={f"c{k}": pl.String for k in range(len(keep))})
    rows = [row0 + 1 + i for i in present]
    typed = {k: [(r, col0 + j) in layout["numeric"] for r in rows] for k, j in enumerate(keep)}
    data = _as_shown(data, rows, keep, col0, layout["percent"])
    return RawTable(file, "xlsx", header, data, rows, typed, sheet=name, header_row=row0)


# An import reads a workbook twice, its column names first (member-level or table?) and then the
# whole table: the sheet's XML and its cells are read once. Keyed by the file's path, modification
# time and size; only the newest workbook is kept.
@lru_cache(maxsize=1)
def _workbook_sheet(path: str, mtime_ns: int, size: int, file: str, sheet: str | None
                    ) -> tuple[str, dict, pl.DataFrame]:
    """(sheet name, its layout (_sheet_layout), its cells as stripped text) of the named sheet or
    the first one a person opening the workbook sees."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(path)
        names = reader.sheet_names
    except Exception as exc:  # noqa: BLE001
        raise ImportRefused([Problem("xlsx_broken", file, params={"detail": _first_line(exc)})]) from None
    if sheet is not None and sheet not in names:
        raise ImportRefused([Problem("no_sheet", file, None, None, sheet, {"sheets": ", ".join(names)})])
    if sheet is not None:
        name, layout = sheet, _sheet_layout(Path(path), names.index(sheet), file)
    else:
        name, layout = _default_sheet(Path(path), names, file)
    try:
        grid = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
    except Exception as exc:  # noqa: BLE001
        raise ImportRefused([Problem("xlsx_broken", file, params={"detail": _first_line(exc)})]) from None
    if grid.height == 0:
        raise ImportRefused([Problem("empty", file, params={})])
    return name, layout, grid.select([pl.col(c).str.strip_chars() for c in grid.columns])


def _shaped_xlsx(grid: pl.DataFrame, sheet_layout: dict, file: str, shape: Shape, name: str) -> RawTable | None:
    """A sheet laid out as a publisher's table, or None for a plain one (see _shaped_csv)."""
    from cakupan.importer.layout import locate

    row0, col0 = sheet_layout["first_row"], sheet_layout["first_col"]
    records = [["" if v is None else v for v in grid.row(i)] for i in range(grid.height)]
    numbers = [row0 + i for i in range(grid.height)]
    layout = locate(records, numbers, file, shape.known, shape.main, shape.header_row, shape.period)
    if not layout.notes and layout.first_data_row == numbers[_first_filled(records)] + 1 \
            and layout.columns == list(range(len(layout.columns))):
        return None
    # Merged titles and group headings are how such tables are printed; merged data cells are not.
    problems = [Problem("merged_cells", file, r1, None, ref)
                for ref, r1, c1 in sheet_layout["merged"] if r1 >= layout.first_data_row]
    if problems:
        raise ImportRefused(problems)
    frame = pl.DataFrame({f"c{k}": [r[k] or None for r in layout.rows] for k in range(len(layout.header))},
                         schema={f"c{k}": pl.String for k in range(len(layout.header))})
    typed = {k: [(r, col0 + j) in sheet_layout["numeric"] for r in layout.numbers]
             for k, j in enumerate(layout.columns)}
    frame = _as_shown(frame, layout.numbers, layout.columns, col0, sheet_layout["percent"])
    return RawTable(file, "xlsx", layout.header, frame, layout.numbers, typed, sheet=name, notes=layout.notes,
                    header_row=layout.header_row, title_period=layout.title_period)


def _default_sheet(path: Path, names: list[str], file: str) -> tuple[str, dict]:
    """The first sheet a person opening the workbook sees that holds anything: publishers leave
    an empty 'Sheet1' in front, or keep a hidden lookup sheet first."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as z:
        sheets = ElementTree.fromstring(z.read("xl/workbook.xml")).findall("m:sheets/m:sheet", ns)
    for index, el in enumerate(sheets[:len(names)]):
        if el.get("state") in ("hidden", "veryHidden"):
            continue
        try:
            return names[index], _sheet_layout(path, index, file)
        except ImportRefused as refused:
            if any(p.code != "empty" for p in refused.problems):
                raise
            continue  # an empty sheet
    return names[0], _sheet_layout(path, 0, file)


def _sheet_layout(path: Path, sheet_index: int, file: str) -> dict:
    """From the sheet's XML: the first row and column holding a value (where the reader's grid
    starts), the cells stored as numbers, and the merged ranges."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    with zipfile.ZipFile(path) as z:
        workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
        # A workbook written by a program rather than saved by a spreadsheet asks to be calculated
        # when opened: its formula cells hold no result yet (often a placeholder 0).
        calc = workbook.find("m:calcPr", ns)
        uncalculated = calc is not None and calc.get("fullCalcOnLoad") in ("1", "true")
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        rid = workbook.findall("m:sheets/m:sheet", ns)[sheet_index].get(f"{{{ns['r']}}}id")
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        percent_styles = _percent_styles(z)
        numeric, rows, cols, merged, percent, stale = set(), [], [], [], set(), []
        with z.open(member) as f:
            for _, el in ElementTree.iterparse(f):
                tag = el.tag.rsplit("}", 1)[-1]
                if tag == "c":
                    has_value = el.find("m:v", ns) is not None or el.find("m:is", ns) is not None
                    if el.find("m:f", ns) is not None and (uncalculated or not has_value):
                        stale.append(el.get("r"))
                    if has_value:
                        r, c = _cell_ref(el.get("r"))
                        rows.append(r)
                        cols.append(c)
                        if el.get("t") in (None, "n"):
                            numeric.add((r, c))
                            if int(el.get("s") or 0) in percent_styles:
                                percent.add((r, c))
                    el.clear()
                elif tag == "mergeCell":
                    ref = el.get("ref")
                    r1, c1 = _cell_ref(ref.split(":")[0])
                    merged.append((ref, r1, c1))
    if stale:
        raise ImportRefused([Problem("xlsx_uncalculated", file, _cell_ref(ref)[0], None, ref) for ref in stale])
    if not rows:
        raise ImportRefused([Problem("empty", file)])
    return {"first_row": min(rows), "first_col": min(cols), "numeric": numeric, "merged": merged,
            "percent": percent}


def _percent_styles(z: zipfile.ZipFile) -> set[int]:
    """Cell style indexes whose number format is a percentage (Excel stores 24,62% as 0.2462)."""
    try:
        styles = ElementTree.fromstring(z.read("xl/styles.xml"))
    except KeyError:
        return set()
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    custom = {int(f.get("numFmtId")) for f in styles.findall("m:numFmts/m:numFmt", ns)
              if "%" in (f.get("formatCode") or "")}
    percent_ids = {9, 10} | custom
    return {i for i, xf in enumerate(styles.findall("m:cellXfs/m:xf", ns))
            if int(xf.get("numFmtId") or 0) in percent_ids}


def _as_shown(frame: pl.DataFrame, rows: list[int], columns: list[int], col0: int, percent: set) -> pl.DataFrame:
    """Percent-formatted cells as the sheet shows them: 0.2462 -> 24.62."""
    if not percent:
        return frame
    out = {}
    for k, j in enumerate(columns):
        name = f"c{k}"
        values = frame[name].to_list()
        out[name] = [_times_100(v) if v is not None and (r, col0 + j) in percent else v
                     for v, r in zip(values, rows)]
    return pl.DataFrame(out, schema=frame.schema)


def _times_100(text: str) -> str:
    try:
        return repr(round(float(text) * 100, 10))
    except ValueError:
        return text


def _cell_ref(ref: str) -> tuple[int, int]:
    """'B7' -> (7, 1): the 1-based row and 0-based column."""
    m = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col - 1


def _header_at(header: tuple, index: int) -> str | None:
    return header[index] if 0 <= index < len(header) and header[index] else None


def _cut_at_line(sample: bytes) -> bytes:
    """Drop a last partial line (and a split multi-byte character with it)."""
    cut = sample.rfind(b"\n")
    return sample[: cut + 1] if cut > 0 and len(sample) >= HEADER_SAMPLE_BYTES else sample


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
