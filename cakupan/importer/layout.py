"""Finds the table in a publisher's sheet: the header row under a title, a second header row,
the column of one year or month, and the data rows above a "Sumber: BPS …" footnote.

BPS and Dinas tables are laid out for print: a title row, a blank row, a header of two rows
(a measure over its years, or a group over its parts), a column-number row "(1) (2) (3)",
the data, and footnotes. Nothing here reads values; it only decides which rows and columns
are the table, and says what it skipped so the dry run can show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from cakupan.importer.kinds import header_key, header_parts
from cakupan.importer.problems import ImportRefused, Problem
from cakupan.importer.values import MONTHS, PEOPLE_WORD, PERCENT_WORD, parse_period

# Rows below the data that are notes, not figures.
_FOOTNOTE = re.compile(r"^\s*(sumber|source|catatan|keterangan|ket\s*[:.]|note|notes|\*|¹|²|\d\))", re.IGNORECASE)
_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$")
_BRACKETED_NUMBER = re.compile(r"^\(\d{1,2}\)$")
_YEAR = re.compile(r"^(19|20)\d{2}$")
# A footnote mark after a period heading: "2025*", "2025*)", "2025 1)", "2025²".
_HEADER_MARK = re.compile(r"\s*(\*+\)?|\(?\d\)|[\u00b9\u00b2\u00b3])$")
_GROUP_TOTAL = re.compile(r"^(jumlah|total)\b", re.IGNORECASE)
# How far down a header may sit under titles and blank rows.
HEADER_SEARCH_ROWS = 30
# Where a title line gives the table's date: "Posisi 31 Desember 2024", "Keadaan s.d. Desember 2024".
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_TITLE_MONTH = re.compile(r"([A-Za-z]+)\.?[\s\-]+((?:19|20)\d{2})(?!\d)")
_TITLE_AS_AT = re.compile(r"(?:^|\s)(posisi|keadaan|kondisi|per|s\.\s?d\.?|s/d|sampai dengan|hingga)(?=\s)",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Shape:
    """What to look for: the kind's column names (header keys), its main figure's column (the
    name a bare year column takes), and what the user stated (--header-row, --period)."""
    known: frozenset[str]
    main: str | None
    header_row: int | None = None
    period: date | None = None


@dataclass
class Layout:
    """The table found in a sheet: its column names, the positions they come from, its data
    rows with their sheet row numbers, and notes on what was skipped."""
    header: list[str]
    columns: list[int]
    rows: list[list[str]]
    numbers: list[int]
    first_data_row: int
    notes: list[Problem] = field(default_factory=list)
    header_row: int = 1
    title_period: tuple[date, int, str] | None = None  # the month one title line states: (month, row, line)


def period_label(text: str) -> tuple[int, int | None] | None:
    """(year, month or None) for a header cell that names a period: '2024', 'Juli 2025', '2025-07',
    also with a footnote mark ('2025*)' for a preliminary figure)."""
    text = _HEADER_MARK.sub("", (text or "").strip())
    if _YEAR.fullmatch(text):
        return int(text), None
    if re.split(r"[^a-z]", text.lower())[0] in MONTHS or re.match(r"^\d{4}-\d{1,2}", text):
        found = parse_period(text)
        if found:
            return found.year, found.month
    return None


def _cells(record: list[str]) -> list[str]:
    return [(c or "").strip() for c in record]


def _score(record: list[str], known: set[str]) -> int:
    return sum(1 for c in _cells(record) if c and (header_key(c) in known or (
        header_parts(c) and all(p in known for p in header_parts(c)))))


def _is_number(text: str) -> bool:
    body = PERCENT_WORD.sub("", PEOPLE_WORD.sub("", text.strip()))  # "39.695 orang", "24,62 persen"
    return bool(re.fullmatch(r"[-+]?[\d.,\s]+", body)) and any(ch.isdigit() for ch in body)


def locate(records: list[list[str]], numbers: list[int], file: str, known: set[str], main: str | None,
           header_row: int | None = None, period: date | None = None) -> Layout:
    """The table in `records` (every row of the sheet, `numbers` their row numbers)."""
    filled = [i for i, r in enumerate(records) if any(_cells(r))]
    if not filled:
        raise ImportRefused([Problem("empty", file)])
    notes: list[Problem] = []
    if header_row is not None:
        if header_row not in numbers or records[numbers.index(header_row)] is None \
                or not any(_cells(records[numbers.index(header_row)])):
            raise ImportRefused([Problem("header_row_empty", file, header_row, None, str(header_row))])
        h = numbers.index(header_row)
    else:
        candidates = filled[:HEADER_SEARCH_ROWS]
        scores = [_score(records[i], known) for i in candidates]
        best = max(scores)
        # Two recognised names make a header; otherwise the first filled row is read as one and
        # the usual missing-column messages explain what is wrong.
        h = candidates[scores.index(best)] if best >= 2 else filled[0]
        wide = next((i for i in candidates if sum(1 for c in _cells(records[i]) if c) >= 2), None)
        if best < 2 and wide is not None and wide != filled[0]:
            # A title above names we do not know: say which rows to remove, or which row to name.
            raise ImportRefused([Problem("header_not_found", file, numbers[wide], None, None, {
                "rows": _ranges([numbers[i] for i in filled if i < wide]), "row": numbers[wide],
                "found": ", ".join(c for c in _cells(records[wide]) if c)})])
    above = [i for i in filled if i < h]
    period_over = header_row is None and above and _is_period_row(_cells(records[above[-1]]), known)
    if period_over:
        # One group of measures per month: the months head the row above the measures' names.
        h, measures = above[-1], _cells(records[h])
    skipped_above = [numbers[i] for i in filled if i < h]
    if skipped_above:
        notes.append(Problem("title_rows_skipped", file, numbers[h], None, None,
                             {"rows": _ranges(skipped_above), "header_row": numbers[h]}, "warning"))
    header = _cells(records[h])
    width = max(len(header), *(len(records[i]) for i in filled if i > h)) if any(i > h for i in filled) \
        else len(header)
    header += [""] * (width - len(header))
    below = [i for i in filled if i > h]
    sub = None
    if period_over:
        sub = measures + [""] * width
        below = below[1:]
    elif below and _is_subheader(_cells(records[below[0]]), header):
        sub = _cells(records[below[0]]) + [""] * width
        below = below[1:]
    if below and all(_COLUMN_NUMBERS.fullmatch(c) for c in _cells(records[below[0]]) if c):
        below = below[1:]  # "(1) (2) (3)": the column numbers of a printed table
    below = _drop_repeated_header(records, numbers, below, header, sub, numbers[h], notes, file)
    below = _drop_footnotes(records, numbers, below, notes, file)
    _refuse_second_table(records, numbers, below, known, file)
    names, labels = _names(header, sub, known)
    padded = [_cells(records[i]) + [""] * width for i in below]
    keep = [j for j in range(width) if names[j] or labels[j] or any(r[j] for r in padded)]
    keep, names = _choose_period(keep, names, labels, known, main, period, file, numbers[h], notes)
    rows = [[(_cells(records[i]) + [""] * width)[j] for j in keep] for i in below]
    first = numbers[below[0]] if below else numbers[h] + 1
    title = _title_period(records, numbers, [i for i in filled if i < h])
    return Layout([names[j] for j in keep], keep, rows, [numbers[i] for i in below], first, notes, numbers[h], title)


def _title_period(records: list[list[str]], numbers: list[int], titles: list[int]) -> tuple[date, int, str] | None:
    """The month the title lines above a table state as its date ("Posisi 31 Desember 2024"); a
    table copied from a PDF often has its date only there. None where the titles name any other
    month or year ("Capaian Desember 2024 dan Target 2025"): which one the rows are is then unsaid."""
    found, years, months = [], set(), set()
    for i in titles:
        for cell in _cells(records[i]):
            years |= {int(y) for y in _TITLE_YEAR.findall(cell)}
            months |= {(int(y), MONTHS[m.lower()]) for m, y in _TITLE_MONTH.findall(cell) if m.lower() in MONTHS}
            for m in _TITLE_AS_AT.finditer(cell):
                when = parse_period(cell[m.start(1):])
                if when:
                    found.append((when, numbers[i], cell))
                    break
    if len({f[0] for f in found}) != 1:
        return None
    when = found[0][0]
    return found[0] if years == {when.year} and months <= {(when.year, when.month)} else None


def _refuse_second_table(records: list[list[str]], numbers: list[int], rows: list[int], known: set[str],
                         file: str) -> None:
    """Refuse a sheet holding a second table under the first (another header among the data rows,
    with no figure in it): its rows would be read under the first table's column names."""
    for k, i in enumerate(rows):
        cells = [c for c in _cells(records[i]) if c]
        if _score(records[i], known) >= 2 and not any(_is_number(c) for c in cells):
            # The second table's own title rows above it go with it ("Tabel 2. Target 2025").
            start = k
            while start > 0 and len([c for c in _cells(records[rows[start - 1]]) if c]) == 1 \
                    and not _is_number(next(c for c in _cells(records[rows[start - 1]]) if c)):
                start -= 1
            raise ImportRefused([Problem("second_table", file, numbers[i], None, None, {
                "row": numbers[i], "found": ", ".join(cells)[:120],
                "rows": _ranges([numbers[j] for j in rows[start:]])})])


def _drop_repeated_header(records: list[list[str]], numbers: list[int], rows: list[int], header: list[str],
                          sub: list[str] | None, header_row: int, notes: list[Problem], file: str) -> list[int]:
    """Drop the column names printed again among the data: a table copied from a PDF repeats its
    header (and its column-number row) at the top of every page."""
    def signature(cells: list[str]) -> tuple[str, ...]:
        return tuple(c.lower() for c in cells if c)

    again = {signature(header)} | ({signature(sub)} if sub else set())
    kept, dropped = [], []
    for i in rows:
        cells = signature(_cells(records[i]))
        # "(1) (2) (3)" again: bracketed, so never a row of figures (a code and a rate can be "11", "25").
        numbered = len(cells) >= 2 and all(_BRACKETED_NUMBER.fullmatch(c) for c in cells)
        if cells in again or numbered:
            dropped.append(numbers[i])
        else:
            kept.append(i)
    if dropped:
        notes.append(Problem("header_repeated", file, dropped[0], None, None,
                             {"rows": _ranges(dropped), "header_row": header_row}, "warning"))
    return kept


def _is_period_row(cells: list[str], known: set[str]) -> bool:
    """A row of months (or years) over groups of measures, beside at most the area's own heading."""
    filled = [c for c in cells if c]
    periods = [c for c in filled if period_label(c)]
    return bool(periods) and all(period_label(c) or header_key(c) in known for c in filled)


def _is_subheader(cells: list[str], header: list[str]) -> bool:
    """A second header row: no figures in it (years and months aside), and it labels columns the
    first row leaves blank, or names periods under a measure."""
    filled = [c for c in cells if c]
    if not filled or any(_is_number(c) and not _YEAR.fullmatch(c) for c in filled):
        return False
    if all(_COLUMN_NUMBERS.fullmatch(c) for c in filled):
        return False
    under_blank = any(c and j < len(header) and not header[j] for j, c in enumerate(cells))
    return under_blank or any(period_label(c) for c in filled)


def _names(header: list[str], sub: list[str] | None, known: set[str]) -> tuple[list[str], list]:
    """Each column's name and, where its header names a period, that period."""
    names, labels, groups = [], [], []
    top = ""
    for j, cell in enumerate(header):
        below = sub[j] if sub else ""
        # A merged group heading covers the blank cells to its right that have a part below them.
        top = cell if cell else (top if below else "")
        label = period_label(below) if below else (period_label(cell) if cell else None)
        if label:
            names.append("" if period_label(top) else top)
        elif below and top and period_label(top):
            label = period_label(top)  # a measure under its month
            names.append(below)
        elif not below:
            names.append(top)
        elif not top:
            names.append(below)
        else:
            options = [f"{top} {below}", below, top]
            names.append(next((o for o in options if header_key(o) in known), f"{top} {below}"))
            if names[-1] == top:
                groups.append((top, below, j))
        labels.append(label)
    # A part the kind does not know stands for its group ("Jumlah (orang)" under "Peserta Aktif").
    # Where a group has several such parts ("PU", "BPU", "Jumlah"), only its total does; the
    # others keep their own names, to be passed over with a note rather than read as one column.
    for top in {t for t, _, _ in groups}:
        parts = [(below, j) for t, below, j in groups if t == top]
        if len(parts) > 1:
            totals = [j for below, j in parts if _GROUP_TOTAL.match(below)]
            for below, j in parts:
                if not (len(totals) == 1 and j == totals[0]):
                    names[j] = f"{top} {below}"
    return names, labels


def _choose_period(keep: list[int], names: list[str], labels: list, known: set[str], main: str | None,
                   period: date | None, file: str, header_row: int, notes: list[Problem]) -> tuple[list[int], list]:
    """Keep one period's column of each measure: the one --period names."""
    dated = [j for j in keep if labels[j]]
    if not dated:
        return keep, names
    shown = ", ".join(dict.fromkeys(_label_text(labels[j]) for j in dated))  # a month over two measures: once
    if period is None:
        # Even a single period column needs its month stated: the column name is only a year.
        raise ImportRefused([Problem("period_columns", file, header_row, None, shown)])
    exact = [j for j in dated if labels[j] == (period.year, period.month)]
    yearly = [j for j in dated if labels[j] == (period.year, None)]
    chosen = exact or yearly
    if not chosen:
        raise ImportRefused([Problem("period_column_missing", file, header_row, "--period",
                                     period.strftime("%Y-%m"), {"labels": shown})])
    names = list(names)
    for j in chosen:
        if not names[j] or header_key(names[j]) not in known:
            names[j] = main or names[j]
    notes.append(Problem("period_column_chosen", file, header_row, None, ", ".join(dict.fromkeys(
        _label_text(labels[j]) for j in chosen)), {"dropped": len(dated) - len(chosen)}, "warning"))
    return [j for j in keep if j not in dated or j in chosen], names


def _label_text(label: tuple[int, int | None]) -> str:
    year, month = label
    return str(year) if month is None else f"{year}-{month:02d}"


def _drop_footnotes(records: list[list[str]], numbers: list[int], rows: list[int], notes: list[Problem],
                    file: str) -> list[int]:
    """Drop the block of notes under the data ("Sumber: BPS …", "Catatan: …", "*) angka sementara")."""
    # Walk up through note-like rows (one text cell, or a footnote marker); the block starts at the
    # topmost row that opens with a marker ("Sumber:", "Catatan:", "*)").
    end, k = len(rows), len(rows)
    while k > 0:
        cells = [c for c in _cells(records[rows[k - 1]]) if c]
        marker = bool(_FOOTNOTE.match(cells[0]))
        if not (marker or (len(cells) == 1 and not _is_number(cells[0]))):
            break
        k -= 1
        if marker:
            end = k
    dropped = [numbers[i] for i in rows[end:]]
    if dropped:
        notes.append(Problem("footnote_skipped", file, dropped[0], None, None, {"rows": _ranges(dropped)}, "warning"))
    return rows[:end]


def _ranges(rows: list[int]) -> str:
    """[1, 2, 3, 5] -> '1–3, 5'."""
    parts, start = [], None
    for k, r in enumerate(rows):
        if start is None:
            start = r
        if k + 1 == len(rows) or rows[k + 1] != r + 1:
            parts.append(str(start) if start == r else f"{start}–{r}")
            start = None
    return ", ".join(parts)
