"""Checks every cell of a table file and turns it into typed rows for one table, or refuses it.

All problems are collected before anything is refused: missing columns first (without them
the cells cannot be read), then every cell, then keys and rules across columns.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from cakupan.importer import safety, values
from cakupan.importer.areas import formed_from, splits, Reference, bps_code, kemendagri_code, suggest
from cakupan.importer.kinds import REGISTERED_NAMES, Column, Kind, header_key, header_parts, value_key
from cakupan.importer.options import ImportOptions
from cakupan.importer.problems import ImportRefused, Problem, capped
from cakupan.importer.reading import RawTable

NUMERIC = ("int", "float")
# A heading that states its figures in thousands or millions: BPS's "Penduduk Bekerja (ribu jiwa)",
# "(000)", "(juta)". Read as they stand, 382 (ribu) would be 382 people: 1,000 times too few.
_SCALED_UNIT = re.compile(r"\b(ribu|ribuan|rb|juta|jutaan|thousands?|millions?)\b|\(\s*'?000\s*\)|'000", re.IGNORECASE)
EITHER = "either"  # no text cell tells the conventions apart, and every one reads the same both ways


@dataclass
class Staged:
    """Validated rows, in the table's columns plus `file_row`, and the warnings accepted.
    `scope` lists replaced scopes that have no row (e.g. an area with no active participant)."""
    frame: pl.DataFrame
    warnings: list[Problem]
    convention: str | None
    scope: pl.DataFrame | None = None


def map_columns(header: list[str], columns: tuple[Column, ...], file: str, row: int = 1
                ) -> tuple[dict[str, int], list[Problem]]:
    """Which header position holds each known column; unknown columns are warned about (at `row`,
    the header's row in the file)."""
    found: dict[str, int] = {}
    problems = []
    for index, name in enumerate(header):
        key = header_key(name)
        match = next((c for c in columns if key in c.keys), None)
        sides = [next((c for c in columns if part in c.keys), None) for part in header_parts(name)]
        if match is None and sides and sides[0] is not None and all(side is sides[0] for side in sides):
            match = sides[0]  # "Provinsi/Province": both sides name the same column
        if match is None:
            if key:
                problems.append(Problem("unknown_column", file, row, name, None, severity="warning"))
            else:
                problems.append(Problem("blank_header", file, row, None, None, {"position": index + 1}))
            continue
        if match.name in found:
            problems.append(Problem("duplicate_column", file, row, name, None,
                                    {"other": header[found[match.name]]}))
            continue
        found[match.name] = index
        if key in REGISTERED_NAMES:
            problems.append(Problem("registered_as_active", file, row, name, None, severity="warning"))
    return found, problems


def missing_column(file: str, column: Column, header: list[str], found: dict[str, int], row: int = 1) -> Problem:
    """A missing column, with the closest unrecognised header as a hint."""
    unknown = [h for i, h in enumerate(header) if i not in found.values()]
    close = difflib.get_close_matches(header_key(column.name), [header_key(h) for h in unknown], n=1, cutoff=0.6)
    for alias in column.keys[1:]:
        close = close or difflib.get_close_matches(alias, [header_key(h) for h in unknown], n=1, cutoff=0.75)
    hint = next((h for h in unknown if close and header_key(h) == close[0]), None)
    # Named as a file may head it ('periode', 'peserta_aktif'), not by Cakupan's own field name.
    shown = column.keys[1:] or column.keys
    return Problem("missing_column_typo" if hint else "missing_column", file, row, shown[0], hint, {
        "accepted": ", ".join(shown[:6]), "found": ", ".join(header) or "–"})


def decide_convention(raw: RawTable, numeric: dict[str, tuple[int, Column]], stated: str | None,
                      problems: list[Problem], warnings: list[Problem] | None = None) -> str | None:
    """The file's number convention from every numeric text cell (or the stated one). A rate such as
    '33.2%' reads one way only and does not decide it: in an Indonesian file it is read as written
    (CellReader), with a warning here."""
    if stated:
        return stated
    first = {"comma": None, "dot": None, "ambiguous": None}
    count = {"comma": 0, "dot": 0, "ambiguous": 0}
    dot_rates = []
    for name, (index, column) in numeric.items():
        typed = raw.typed.get(index)
        for i, text in enumerate(raw.column(index)):
            if text is None or not text.strip() or (typed and typed[i]):
                continue
            if column.percent and values.dot_decimal_rate(text) is not None:
                dot_rates.append((raw.rows[i], raw.header[index], text))
                continue
            read = values.readings(text, column.kind == "int", column.percent)
            if len(read) == 1:
                kind = next(iter(read))
            elif len(read) == 2 and read["comma"] != read["dot"]:
                kind = "ambiguous"
            else:
                continue
            count[kind] += 1
            first[kind] = first[kind] or (raw.rows[i], raw.header[index], text)
    if count["comma"] and count["dot"]:
        row, column, value = first["dot"] if count["dot"] <= count["comma"] else first["comma"]
        other = first["comma"] if count["dot"] <= count["comma"] else first["dot"]
        problems.append(Problem("mixed_numbers", raw.file, row, column, value, {
            "other_row": other[0], "other_value": other[2], "n_comma": count["comma"], "n_dot": count["dot"]}))
        return None
    if count["comma"]:
        if dot_rates and warnings is not None:
            row, column, value = dot_rates[0]
            warnings.append(Problem("rate_decimal_dot", raw.file, row, column, value,
                                    {"n": len(dot_rates), "read": values.dot_decimal_rate(value)}, "warning"))
        return "comma"
    if count["dot"]:
        return "dot"
    if count["ambiguous"]:
        row, column, value = first["ambiguous"]
        problems.append(Problem("ambiguous_number", raw.file, row, column, value, {"n": count["ambiguous"]}))
        return None
    return EITHER


def allowed(column: Column) -> str:
    """The values a user may write; a total is written as the word publishers use, 'Semua'."""
    stored = set(column.values.values())
    words = sorted(v for v in stored if v != column.fill and v.lower() != "all")
    return ", ".join(words + (["Semua"] if len(words) < len(stored) else []))


def read_cell(column: Column, text: str, typed: bool, convention: str | None, this_month: date) -> tuple:
    """(value, problem code or None, message placeholders) for one non-empty cell."""
    refused = safety.refused_char(text)  # also for member extracts' values and a stated --period
    if refused:
        return None, *refused
    if column.kind in NUMERIC:
        return _number(column, text, typed, convention)
    if column.kind == "enum":
        value = column.values.get(value_key(text))
        if value is None:
            return None, "bad_value", {"allowed": allowed(column)}
        return value, None, {}
    if column.kind == "period":
        if typed and values.typed_number(text) is not None:
            return None, "period_as_number", {}
        period = values.parse_period(text)
        if period is None:
            serial = values.excel_serial_date(text)
            if serial is not None:
                return None, "period_excel_serial", {"month": serial}
            return None, "ambiguous_date" if values.ambiguous_date(text) else "bad_period", {}
        if not column.future_ok and period > this_month:
            return period, "future_period", {"month": this_month.strftime("%Y-%m")}
        return period, None, {}
    return text.strip(), None, {}


def _number(column: Column, text: str, typed: bool, convention: str | None) -> tuple:
    if typed:
        value = values.typed_number(text)
    elif convention is None:
        return None, None, {}  # the file-wide problem is already reported
    else:
        value = values.parse_in(text, "dot" if convention == EITHER else convention, column.percent)
    if value is None:
        return None, "not_number", {"convention": convention}
    unsafe = safety.number_problem(column.name, value)  # before int(): NaN and inf cannot be one
    if unsafe:
        return None, *unsafe
    if column.kind == "int" and value != int(value):
        return None, "not_integer", {}
    if value < 0:
        return None, "negative", {}
    return (int(value) if column.kind == "int" else value), None, {}


class CellReader:
    """Reads one column's cells into values, adding a problem for each cell that does not read."""

    def __init__(self, raw: RawTable, convention: str | None, today: date, problems: list[Problem],
                 dot_rates: bool = False, warnings: list[Problem] | None = None):
        self.raw, self.convention, self.problems = raw, convention, problems
        self.warnings = warnings if warnings is not None else []
        self.this_month = values.month_start(today)
        # A found (not stated) Indonesian convention reads a rate written '33.2%' as written.
        self.dot_rates = dot_rates and convention == "comma"

    def read(self, column: Column, index: int) -> list:
        raw, out = self.raw, []
        typed = raw.typed.get(index) or [False] * raw.height
        cache: dict[tuple[str, bool], tuple] = {}
        for i, text in enumerate(raw.column(index)):
            if text is None or not text.strip() or values.not_printed(text):
                if column.required or column.nonempty or column.fill is not None:
                    self.problems.append(Problem("empty_cell", raw.file, raw.rows[i], raw.header[index],
                                                 text.strip() if text and text.strip() else None))
                out.append(None)
                continue
            key = (text, typed[i])
            if key not in cache:
                dotted = values.dot_decimal_rate(text) if self.dot_rates and column.percent and not typed[i] else None
                cache[key] = (dotted, None, {}) if dotted is not None else \
                    read_cell(column, text, typed[i], self.convention, self.this_month)
            value, problem, params = cache[key]
            if problem:
                self.problems.append(Problem(problem, raw.file, raw.rows[i], raw.header[index], text, params))
            elif column.kind == "int" and not typed[i] and values.scale_word(text)[1] > 1:
                # "314 ribu" is 314.000 as printed: a rounded count, said so it is not taken as exact.
                self.warnings.append(Problem("count_in_words", raw.file, raw.rows[i], raw.header[index], text,
                                             {"read": int(value)}, "warning"))
            out.append(value)
        return out


_BARE_PROVINCE_CODE = re.compile(r"\d{2}")
# A code written in the name cell before the name (BPS web tables, Pemda lists).
_CODE_BEFORE_NAME = re.compile(r"^\[?(?P<code>\d{2}[.\s]?\d{2})\]?\s*[-\u2013:]?\s+(?P<name>\D.*)$")


class AreaResolver:
    """Area codes or names of a file to Kemendagri codes, at the level a kind needs."""

    def __init__(self, reference: Reference, opts: ImportOptions, crosswalk: dict[str, str] | None):
        self.ref, self.opts, self.crosswalk = reference, opts, crosswalk or {}
        self._beside: dict[tuple[str, str], set[str]] = {}  # a file repeats its code and name pairs

    def code(self, text: str, typed: bool) -> tuple[str | None, str | None, dict]:
        """A code in the file's code system to a Kemendagri code ('52' or '52.71')."""
        if self.opts.code_system == "bps":
            code = self.crosswalk.get(bps_code(text, typed))
            return (code, None, {}) if code else (None, "unknown_bps_code", {})
        code, bad = kemendagri_code(text, typed)
        if bad:
            return None, bad, {}
        if code not in self.ref.regencies and code not in self.ref.provinces:
            return None, "unknown_code", {}
        return code, None, {}

    def regency(self, code_text: str | None, name_text: str | None, typed: bool,
                province: str | None = None) -> tuple[str | None, str | None, dict]:
        """A kabupaten/kota code from a code cell or, failing that, an exact name (within
        `province`, a province code, when the file or the user names one)."""
        if code_text is not None:
            code, problem, params = self.code(code_text, typed)
            if problem:
                return None, problem, params
            if code in self.ref.provinces:
                return None, "province_not_regency", {"name": self.ref.provinces[code]}
            return code, None, {}
        province = province or self.opts.province
        written = _CODE_BEFORE_NAME.match(name_text.strip())
        if written:
            # "[5201] Lombok Barat", "5271 - Kota Mataram": the name decides, since the code may be
            # BPS's or an old one; a code that is not the name's own is said.
            own = kemendagri_code(written["code"])[0]
            if own in self.named_beside(own, written["name"]):  # "[5272] Bima" is Kota Bima
                return own, None, {}
            code, problem, params = self.regency(None, written["name"], False, province)
            if code and not problem and own != code:
                return code, "code_in_name_differs", {"written": written["code"], "code": code,
                                                      "name": self.ref.regencies[code][1]}
            return code, problem, params
        if _SUMMARY_ROW.match(name_text.strip()):
            return None, "summary_row", {}
        if _BRANCH.match(name_text.strip()):
            # A branch office serves several kab/kota ("Kantor Cabang Mataram": Kota Mataram and Lombok
            # Barat); its figures are no one kab/kota's, whatever kab/kota its name carries.
            return None, "branch_office", {}
        named = codes = self.ref.regencies_named(name_text)
        if province:
            codes = {c for c in codes if self.ref.regencies[c][0] == province}
            # A kabupaten under the province it was part of before a split (Merauke under Papua, in
            # a 2021 table or out of habit) is still that kabupaten; where it went is said, not guessed.
            moved = {c: s for s in formed_from(province) for c in named if self.ref.regencies[c][0] == s.province}
            if not codes and len(moved) == 1:
                code, split = moved.popitem()
                return code, "moved_province", {"name": self.ref.regencies[code][1],
                                                "province": self.ref.provinces[split.province],
                                                "former": self.ref.provinces[province], "law": split.law}
        if len(codes) > 1:
            return None, "ambiguous_name", {"names": " / ".join(
                f"{self.ref.regencies[c][1]} ({self.ref.provinces[self.ref.regencies[c][0]]})" for c in sorted(codes))}
        if not codes:
            names = [name for prov, name in self.ref.regencies.values() if province in (None, prov)]
            return None, "unknown_name", {"hint": suggest(name_text, names, same_province=bool(province))}
        return codes.pop(), None, {}

    def any_area(self, code_text: str | None, name_text: str | None, typed: bool, province: str | None,
                 level: str | None) -> tuple[str | None, str | None, dict]:
        """A province or a kabupaten/kota (a published figure may be either); `level` from the
        file's level column, if any. A name that is both (Gorontalo) needs that column."""
        if code_text is not None:
            code, problem, params = self.code(code_text, typed)
            if problem:
                return None, problem, params
        elif _SUMMARY_ROW.match(name_text.strip()):
            return None, "summary_row", {}
        else:
            as_province = self.ref.province_of(name_text)
            if province and as_province not in (None, province):
                as_province = None
            code, problem, params = (None, None, {}) if level == "province" else \
                self.regency(None, name_text, False, province)
            if as_province and level != "regency":
                if code and level is None:
                    return None, "ambiguous_level", {"names": f"{self.ref.province_names.get(as_province)} / "
                                                              f"{self.ref.regencies[code][1]}"}
                return as_province, None, {}
            if level == "province":
                return None, "unknown_province", {}
            if problem and code is None:
                return None, problem, params
        if level is not None and (level == "province") != (code in self.ref.provinces):
            return None, "area_level_mismatch", {"level": level}
        return code, problem, params  # a problem beside a code is a note (moved_province)

    def named_beside(self, code: str, name_text: str) -> set[str]:
        """Every area the name beside a code could mean: a province for a province code; for a
        kabupaten/kota code, the kabupaten or the kota a bare name may be ('Bima' under BPS's kota
        rows is Kota Bima)."""
        key = (code, name_text)
        if key not in self._beside:
            if code in self.ref.provinces:
                self._beside[key] = {c for c in [self.ref.province_of(name_text)] if c}
            else:
                named = self.ref.regencies_named(name_text)
                if not _PREFIXED.match(name_text.strip()):
                    named |= self.ref.regencies_named("Kota " + name_text)
                self._beside[key] = named
        return self._beside[key]

    def in_province(self, code: str, province: str) -> bool:
        """Whether an area's code fits the province named beside it: the province itself, or a
        kabupaten/kota in it or in a province since formed from it (Mimika under Papua)."""
        own = code.split(".")[0]
        return own == province or ("." in code and any(s.province == own for s in formed_from(province)))

    def area_name(self, code: str) -> str:
        return self.ref.province_names.get(code) or self.ref.regencies[code][1]

    def target_area(self, level: str, text: str, typed: bool) -> tuple[str | None, str | None, dict]:
        """A target's area: 'ID' (national), a Kanwil code, a province or a kabupaten/kota."""
        if level == "national":
            return ("ID", None, {}) if text.strip().upper() in ("ID", "IDN", "INDONESIA", "NASIONAL") else \
                (None, "area_level_mismatch", {"level": level})
        if level == "kanwil":
            code = text.strip().upper()
            return (code, None, {}) if code in self.ref.kanwils else (None, "unknown_kanwil", {})
        code, problem, params = self.code(text, typed)
        if problem:
            code = self.ref.province_of(text) if level == "province" else None
            if code is None:
                return None, problem, params
        is_province = code in self.ref.provinces
        if (level == "province") != is_province:
            return None, "area_level_mismatch", {"level": level}
        return code, None, {}


def validate(raw: RawTable, spec: Kind, opts: ImportOptions, reference: Reference,
             crosswalk: dict[str, str] | None, today: date) -> Staged:
    """Typed rows for `spec.table`, or ImportRefused listing every problem found."""
    raw = _segments_as_columns(raw, spec)
    found, header_problems = map_columns(raw.header, spec.columns, raw.file, raw.header_row)
    problems = [p for p in header_problems if p.severity == "error"]
    problems += [Problem("scaled_count_column", raw.file, raw.header_row, raw.header[found[c.name]], None,
                         {"unit": unit.group(0).strip("() '")})
                 for c in spec.columns if c.kind in NUMERIC and c.name in found
                 for unit in [_SCALED_UNIT.search(raw.header[found[c.name]])] if unit]
    warnings = list(raw.notes) + [_rate_hint(p, spec) for p in header_problems if p.severity == "warning"]
    provinces_only = spec.area_level == "any" and "province" in found and not ({"area_code", "area_name"} & set(found))
    if provinces_only:
        found["area_name"] = found.pop("province")  # a table of provinces: the province is the area
    problems += _missing(raw, spec, opts, found, provinces_only)
    if problems:
        raise ImportRefused(problems + warnings)
    if raw.height == 0:
        raise ImportRefused([Problem("header_only", raw.file, raw.header_row)])
    raw = _under_section_rows(raw, found, reference, warnings)
    raw, totals = _split_total_rows(raw, spec, found, reference)
    if raw.height == 0:
        raise ImportRefused([Problem("header_only", raw.file, raw.header_row)])

    numeric = {c.name: (found[c.name], c) for c in spec.columns if c.kind in NUMERIC and c.name in found}
    convention = decide_convention(raw, numeric, opts.decimal, problems, warnings)
    reader = CellReader(raw, convention, today, problems, dot_rates=not opts.decimal, warnings=warnings)
    cells = {c.name: reader.read(c, found[c.name]) for c in spec.columns
             if c.name in found and c.kind not in ("area_code", "area_name", "province")}
    _stated_columns(raw, spec, opts, cells, reader)
    if provinces_only and "area_level" not in cells:
        cells["area_level"] = ["province"] * raw.height  # "Jambi" under "Provinsi" is the province
    resolver = AreaResolver(reference, opts, crosswalk)
    has_area = any(c.kind in ("area_code", "area_name") for c in spec.columns)
    code_only: set[int] = set()
    area = _areas(raw, spec, found, cells, resolver, problems, warnings, code_only) if has_area else None
    names = {code: name for code, (_, name) in reference.regencies.items()} | reference.province_names
    rows = _rows(raw, spec, cells, area, names)
    if has_area:
        _before_splits(raw.file, raw.header[found.get("area_code", found.get("area_name"))], rows, code_only,
                       reference, problems, warnings)
    _duplicates(raw, spec, rows, problems)
    # Rules across columns mean nothing on a row whose cells did not read.
    unread = {p.row for p in problems if p.row is not None}
    _rules(raw, spec, [r for r in rows if r["file_row"] not in unread], problems, warnings)
    if any(p.severity == "error" for p in problems):
        raise ImportRefused(capped(problems) + capped(warnings))
    if spec.name == "published":
        _segments_add_up(raw.file, rows, problems)
    if spec.name in PART_TOTALS:
        rows = _without_part_totals(raw.file, rows, spec.name, problems, warnings)
    if any(p.severity == "error" for p in problems):
        raise ImportRefused(capped(problems) + capped(warnings))
    frame = _frame(spec, rows)
    warnings += _check_totals(raw.file, totals, spec, frame, convention)
    return Staged(frame, capped(warnings), None if convention == EITHER else convention)


# A publisher's own total row: "Jumlah", "Total", "Provinsi Papua Barat", or the province's name.
_TOTAL_NAME = re.compile(r"^(jumlah|total|jumlah total|total provinsi|jumlah provinsi|jumlah/total|"
                         r"provinsi\b.*|prov\.\s.*|kabupaten/kota total)$", re.IGNORECASE)
TOTAL_MEASURES = {"membership": ("active_participants",), "workforce": ("workers", "formal", "informal"),
                  "published": ("numerator",)}
# In a table of published rates a province's own row is a figure of its own; only an unnamed
# "Jumlah"/"Total" row is a sum of the rows above it.
_GRAND_TOTAL = re.compile(r"^(jumlah|total|jumlah total|jumlah/total|grand total|total provinsi|jumlah provinsi)$",
                          re.IGNORECASE)


@dataclass
class TotalRow:
    row: int
    name: str
    province: str | None  # None: a grand total of every row in the file
    cells: dict[str, tuple[str | None, bool]]  # measure column -> (text, stored as a number)


# BPS lists a province's kabupaten, then its kota, each under a row naming the group (bilingual
# tables add the English): "Kabupaten/Regency", "Kota/Municipality". Under the kota row "Bima" is
# Kota Bima, not the Kabupaten Bima a bare name means elsewhere.
_SECTION = re.compile(r"^(?P<group>kabupaten|kota)(\s*/\s*(regency|regencies|municipality|municipalities|city|"
                      r"cities))?\s*:?$", re.IGNORECASE)
_PREFIXED = re.compile(r"^(kab\b|kab\.|kabupaten\b|kota\b)", re.IGNORECASE)
# A BPJS Ketenagakerjaan branch office as releases name it: "Kantor Cabang Mataram", "KC Mataram",
# "KCP Praya", "Kancab Sumbawa", "Cabang Papua", "BPJS Ketenagakerjaan Cabang Sorong", "BPJamsostek Cabang
# Nabire". No Kemendagri name starts with any of these.
_BRANCH = re.compile(r"^((bpjs\s*(ketenagakerjaan|tk)|bp\s*jamsostek|bpjamsostek)\s+)?"
                     r"(kantor\s+cabang(\s+perintis)?|kc\.?|kcp\.?|kancab|cabang)\s+\S", re.IGNORECASE)
# A column of branch offices instead of kab/kota: "Kantor Cabang", "Cabang", "KC", "KCP", "Kantor".
_BRANCH_COLUMN = re.compile(r"(nama_)?(kantor_cabang(_perintis)?|cabang|kc|kcp|kancab|kantor)")
# A column of the parts of a kab/kota: kecamatan (distrik in Papua), desa, kelurahan, gampong, nagari.
# A ranking's last row: the country's figure, or an average of the rates above it (never a coverage).
_SUMMARY_ROW = re.compile(r"^(indonesia|nasional|total nasional|jumlah nasional|angka nasional|rata[\s-]*rata\b.*"
                          r"|rata2\b.*|rerata\b.*|average\b.*)$", re.IGNORECASE)
AREA_TOTAL_KINDS = ("membership", "workforce", "enterprises", "published")
_SUB_AREA_COLUMN = re.compile(r"(nama_)?(kecamatan|kec|distrik|desa|kelurahan|desa_kelurahan|kelurahan_desa|gampong"
                              r"|nagari)")


def _under_section_rows(raw: RawTable, found: dict[str, int], reference: Reference,
                        warnings: list[Problem]) -> RawTable:
    """Drop a table's "Kabupaten"/"Kota" group rows (a name and nothing else), and write "Kota"
    before the bare names under the kota row that a kota bears (not the province's total row)."""
    if "area_name" not in found:
        return raw
    index = found["area_name"]
    names = raw.column(index)
    others = [raw.column(j) for j in range(len(raw.header)) if j != index]
    keep, renamed, group = [], list(names), None
    for i in range(raw.height):
        m = _SECTION.match((names[i] or "").strip())
        if m and not any(column[i] and column[i].strip() for column in others):
            group = m.group("group").lower()
            warnings.append(Problem("section_row_skipped", raw.file, raw.rows[i], raw.header[index],
                                    names[i].strip(), {}, "warning"))
            continue
        name = (names[i] or "").strip()
        if group == "kota" and name and not _PREFIXED.match(name) and reference.regencies_named("Kota " + name):
            renamed[i] = "Kota " + name
        keep.append(i)
    if len(keep) == raw.height and renamed == list(names):
        return raw
    return raw.keeping(keep, raw.data.with_columns(pl.Series(f"c{index}", renamed, dtype=pl.String)))


def _segments_as_columns(raw: RawTable, spec: Kind) -> RawTable:
    """A branch's table of active participants with one column per segment ("PU", "BPU", "Jakon",
    or "Peserta Aktif" over them), read as one row per segment; a "Jumlah" column beside them
    becomes the segments' total row, checked against their sum and left out as in a long table.
    Only for membership: a published rate belongs to the row's total, not to each segment."""
    if spec.name != "membership":
        return raw
    segment, active = spec.column("segment"), spec.column("active_participants")
    keys = [header_key(h) for h in raw.header]
    if any(k in segment.keys for k in keys):
        return raw
    parts, totals = {}, []
    prefixes = ("",) + tuple(a + "_" for a in active.keys)
    for j, key in enumerate(keys):
        if key in active.keys:
            totals.append(j)  # "Peserta Aktif" over PU, BPU and its own "Jumlah"
            continue
        stored = next((segment.values[key[len(p):]] for p in prefixes
                       if key.startswith(p) and key[len(p):] in segment.values), None)
        if stored == "ALL":
            totals.append(j)
        elif stored is not None:
            parts[j] = stored
    if len(parts) < 2 or len(totals) > 1:
        return raw
    measured = list(parts.items()) + [(j, "Jumlah") for j in totals]
    keep = [j for j in range(len(raw.header)) if j not in parts and j not in totals]
    cells = {j: raw.column(j) for j in range(len(raw.header))}
    out: dict[int, list] = {k: [] for k in range(len(keep) + 2)}
    typed = {k: [] for k in range(len(keep) + 2)}
    rows = []
    names = next((cells[j] for j, key in enumerate(keys) if key in spec.column("area_name").keys), None)
    for i in range(raw.height):
        printed = [(j, label) for j, label in measured
                   if cells[j][i] and cells[j][i].strip() and not values.not_printed(cells[j][i])]
        if totals and names and _TOTAL_NAME.match((names[i] or "").strip()):
            # The province's own "Jumlah" row: its total is checked against the kab/kota (as in a
            # long table); its segments would each be checked against all of them.
            printed = [(j, label) for j, label in printed if j in totals]
        # A segment not printed for this kab/kota ("-") is no row, never a zero; a kab/kota with no
        # figure at all keeps one empty row, refused as an empty cell rather than dropped unsaid.
        for j, label in printed or measured[:1]:
            value = cells[j][i]
            for k, source in enumerate(keep):
                out[k].append(cells[source][i])
                typed[k].append(bool(raw.typed.get(source) and raw.typed[source][i]))
            out[len(keep)].append(label)
            typed[len(keep)].append(False)
            out[len(keep) + 1].append(value)
            typed[len(keep) + 1].append(bool(raw.typed.get(j) and raw.typed[j][i]))
            rows.append(raw.rows[i])
    frame = pl.DataFrame({f"c{k}": v for k, v in out.items()}, schema={f"c{k}": pl.String for k in out})
    note = Problem("segments_as_columns", raw.file, raw.header_row, None, None, {
        "columns": ", ".join(raw.header[j] for j in parts),
        "total": raw.header[totals[0]] if totals else "–"}, "warning")
    return replace(raw, header=[raw.header[j] for j in keep] + ["segmen", "peserta_aktif"], data=frame,
                   rows=rows, typed=typed, notes=list(raw.notes) + [note])


def _split_total_rows(raw: RawTable, spec: Kind, found: dict[str, int], reference: Reference
                      ) -> tuple[RawTable, list[TotalRow]]:
    """Take a province's own total row out of a kab/kota table (it is not an area of its own)."""
    if spec.name not in TOTAL_MEASURES or not ({"area_name", "area_code"} & set(found)):
        return raw, []
    names = raw.column(found["area_name"]) if "area_name" in found else [None] * raw.height
    codes = raw.column(found["area_code"]) if "area_code" in found else [None] * raw.height
    totals, keep = [], []
    for i in range(raw.height):
        name, code = (names[i] or "").strip(), (codes[i] or "").strip()
        # Judged by the name only: a bare province code stays an error ("this is a province code").
        as_province = reference.province_of(name) if name else None
        is_total = bool(name) and (bool(_TOTAL_NAME.match(name)) or (
            as_province is not None and not reference.regencies_named(name)))
        if spec.name == "published":
            is_total, as_province = bool(name) and not code and bool(_GRAND_TOTAL.match(name)), None
        province = as_province or (code if code in reference.provinces else None)
        if not is_total:
            keep.append(i)
            continue
        cells = {m: (raw.column(found[m])[i], bool(raw.typed.get(found[m]) and raw.typed[found[m]][i]))
                 for m in TOTAL_MEASURES[spec.name] if m in found}
        totals.append(TotalRow(raw.rows[i], name or code, province, cells))
    if not totals:
        return raw, []
    return raw.keeping(keep), totals


def _check_totals(file: str, totals: list[TotalRow], spec: Kind, frame: pl.DataFrame,
                  convention: str | None) -> list[Problem]:
    """Each skipped total row, checked against the sum of the file's kab/kota in its province."""
    out = []
    for total in totals:
        read = []
        for measure, (text, typed) in total.cells.items():
            if text is None or not text.strip():
                continue
            value = values.typed_number(text) if typed else values.parse_in(
                text, "dot" if convention in (None, EITHER) else convention)
            if value is not None:
                read.append((measure, value))
        area = "area_code" if spec.name == "published" else "regency_code"
        rows = frame if total.province is None else frame.filter(pl.col(area).str.starts_with(total.province + "."))
        column = {"membership": "active_participants", "workforce": "workers", "published": "numerator"}[spec.name]
        file_sum = int(rows[column].sum() or 0)
        numbers = dict(read)
        # A workforce total row holds either the total of workers or its formal and informal parts.
        value = numbers.get(column)
        if value is None and {"formal", "informal"} <= set(numbers):
            value = numbers["formal"] + numbers["informal"]
        if value is None:
            out.append(Problem("total_row_skipped", file, total.row, None, total.name,
                               {"total": "–", "sum": file_sum}, "warning"))
        elif int(value) == file_sum:
            out.append(Problem("total_row_skipped", file, total.row, None, total.name,
                               {"total": int(value), "sum": file_sum}, "warning"))
        else:
            out.append(Problem("total_row_mismatch", file, total.row, None, total.name,
                               {"total": int(value), "sum": file_sum, "difference": int(value) - file_sum},
                               "warning"))
    return out


def _rate_hint(problem: Problem, spec: Kind) -> Problem:
    """A printed rate in a count file is not silently dropped: the warning says where it can go."""
    from cakupan.importer.kinds import PUBLISHED

    if problem.code == "unknown_column" and spec.name != "published" and \
            header_key(problem.column or "") in PUBLISHED.column("value").keys:
        return Problem("rate_column_ignored", problem.file, problem.row, problem.column, None, {}, "warning")
    return problem


def _missing(raw: RawTable, spec: Kind, opts: ImportOptions, found: dict[str, int],
             provinces_only: bool = False) -> list[Problem]:
    out = [missing_column(raw.file, c, raw.header, found, raw.header_row)
           for c in spec.columns if c.required and c.name not in found
           and not (c.name == "period" and opts.period)]
    # A column that may be left out (the file is then a total) but whose name seems misspelt is
    # refused: reading 'segmn' as "no split" would silently turn a split into a total.
    for c in spec.columns:
        if c.fill is not None and c.name not in found:
            problem = missing_column(raw.file, c, raw.header, found, raw.header_row)
            if problem.code == "missing_column_typo":
                out.append(problem)
    if "period" in found and opts.period and any(c.name == "period" for c in spec.columns):
        out.append(Problem("period_twice", raw.file, raw.header_row, raw.header[found["period"]], opts.period))
    names = {c.name for c in spec.columns}
    # Columns the kind does not read that say the rows are not whole kab/kota: a branch office's
    # figures where no kab/kota column is given (they would be read as the province's), or a
    # kecamatan's or desa's (read as their kab/kota's: Ampenan's count as all of Kota Mataram's).
    # Only for area totals: a cooperative list may well give each cooperative's desa or kecamatan.
    filled = {i: h for i, h in enumerate(raw.header)
              if h and i not in found.values() and any((v or "").strip() for v in raw.column(i))} \
        if spec.name in AREA_TOTAL_KINDS else {}
    branch = next((h for h in filled.values() if _BRANCH_COLUMN.fullmatch(header_key(h))), None)
    part = next((h for h in filled.values() if _SUB_AREA_COLUMN.fullmatch(header_key(h))), None)
    no_area = not ({"area_code", "area_name"} & set(found))
    if part and {"area_code", "area_name"} <= names:
        out.append(Problem("sub_area_column", raw.file, raw.header_row, part))
    elif branch and {"area_code", "area_name"} <= names and (no_area or provinces_only):
        out.append(Problem("branch_column", raw.file, raw.header_row, branch))
    elif {"area_code", "area_name"} <= names and no_area:
        out.append(Problem("missing_area", raw.file, raw.header_row, None, None, {"found": ", ".join(raw.header)}))
    if opts.code_system != "bps" and "area_code" in found and "bps" in header_key(raw.header[found["area_code"]]):
        out.append(Problem("bps_without_flag", raw.file, raw.header_row, raw.header[found["area_code"]]))
    if opts.code_system == "bps" and "area_code" not in found and "area_code" in names:
        out.append(Problem("bps_needs_codes", raw.file, raw.header_row))
    if spec.name == "workforce":
        long_form = "workers" in found  # without a sector column, the workers are the total
        wide_form = {"formal", "informal"} <= set(found)
        if not (long_form or wide_form):
            out.append(Problem("workforce_columns", raw.file, raw.header_row, None, None, {"found": ", ".join(raw.header)}))
        if "basis" not in found and not opts.basis:
            out.append(Problem("basis_missing", raw.file, raw.header_row))
        if "basis" in found and opts.basis:
            out.append(Problem("basis_twice", raw.file, raw.header_row, raw.header[found["basis"]], opts.basis))
    if spec.name == "published" and "source_title" not in found and not (opts.source_title or "").strip():
        out.append(Problem("published_needs_source", raw.file, raw.header_row))
    if spec.name == "rates" and not ({"rate_pct", "fixed_amount_idr"} & set(found)):
        out.append(Problem("rates_columns", raw.file, raw.header_row, None, None, {"found": ", ".join(raw.header)}))
    return out


def _stated_columns(raw: RawTable, spec: Kind, opts: ImportOptions, cells: dict, reader: CellReader) -> None:
    """Values the user stated once for the whole file (--period, --basis) become columns."""
    if opts.period and "period" not in cells and any(c.name == "period" for c in spec.columns):
        value, problem, params = read_cell(spec.column("period"), opts.period, False, None, reader.this_month)
        if problem:
            reader.problems.append(Problem(problem, raw.file, None, "--period", opts.period, params))
        cells["period"] = [value] * raw.height
    if spec.name == "workforce" and opts.basis and "basis" not in cells:
        cells["basis"] = [opts.basis] * raw.height
    for column in spec.columns:
        if column.fill is not None and column.name not in cells:
            cells[column.name] = [column.fill] * raw.height
    if spec.name == "published":
        if "denominator_basis" not in cells:
            cells["denominator_basis"] = [opts.basis or "ucj"] * raw.height
        for name, stated in (("source_title", opts.source_title), ("source_url", opts.source_url),
                             ("as_of", opts.source_as_of)):
            if name not in cells:
                cells[name] = [(stated or "").strip() or None] * raw.height
    if spec.name == "workforce" and "sector" not in cells and "workers" in cells and "formal" not in cells:
        cells["sector"] = ["all"] * raw.height


def _areas(raw: RawTable, spec: Kind, found: dict[str, int], cells: dict, resolver: AreaResolver,
           problems: list[Problem], warnings: list[Problem], code_only: set[int]) -> list[str | None]:
    """The Kemendagri code of each row's area (None where it could not be resolved); `code_only`
    gets the file rows whose area rests on a code with no name beside it to confirm it."""
    codes = raw.column(found["area_code"]) if "area_code" in found else [None] * raw.height
    names = raw.column(found["area_name"]) if "area_name" in found else [None] * raw.height
    provinces = _provinces(raw, found, resolver, problems)
    named_provinces = raw.column(found["province"]) if "province" in found else [None] * raw.height
    typed = raw.typed.get(found.get("area_code", -1)) or [False] * raw.height
    column = raw.header[found["area_code"]] if "area_code" in found else raw.header[found["area_name"]]
    out, cache = [], {}
    for i in range(raw.height):
        code_text = codes[i] if codes[i] and codes[i].strip() else None
        name_text = names[i] if names[i] and names[i].strip() else None
        if code_text is None and name_text is None:
            problems.append(Problem("empty_cell", raw.file, raw.rows[i], column))
            out.append(None)
            continue
        if spec.area_level == "target":
            level = cells["area_level"][i]
            if level is None:
                out.append(None)
                continue
            key = ("t", level, code_text, typed[i])
            if key not in cache:
                cache[key] = resolver.target_area(level, code_text, typed[i])
        elif spec.area_level == "any":
            level = cells["area_level"][i] if "area_level" in cells else None
            key = ("a", level, code_text, None if code_text else name_text, typed[i], provinces[i])
            if key not in cache:
                cache[key] = resolver.any_area(code_text, name_text, typed[i], provinces[i], level)
        else:
            key = (code_text, None if code_text else name_text, typed[i], provinces[i])
            if key not in cache:
                cache[key] = resolver.regency(code_text, name_text, typed[i], provinces[i])
        code, problem, params = cache[key]
        if problem and code:  # found, with something to say about it
            warnings.append(Problem(problem, raw.file, raw.rows[i], raw.header[found["area_name"]], name_text, params,
                                    "warning"))
        elif problem:
            where = column if code_text else raw.header[found["area_name"]]
            problems.append(Problem(problem, raw.file, raw.rows[i], where, code_text or name_text, params))
        elif code_text and provinces[i] and not resolver.in_province(code, provinces[i]):
            problems.append(Problem("code_name_conflict", raw.file, raw.rows[i], column, code_text, {
                "code": code, "name": resolver.area_name(code), "named": named_provinces[i],
                "other": f"{resolver.area_name(provinces[i])} ({provinces[i]})"}))
        elif code_text and name_text and spec.area_level in ("regency", "any"):
            named = resolver.named_beside(code, name_text)
            if named and code not in named:
                # The name is another area's exact name: the code is wrong, or from an older list
                # (Papua's codes before 2022); stored under the code it would be silently misplaced.
                problems.append(Problem("code_name_conflict", raw.file, raw.rows[i], column, code_text, {
                    "code": code, "name": resolver.area_name(code), "named": name_text,
                    "other": " / ".join(f"{resolver.area_name(c)} ({c})" for c in sorted(named))}))
            elif not named:
                warnings.append(Problem("name_mismatch", raw.file, raw.rows[i], raw.header[found["area_name"]],
                                        name_text, {"code": code, "name": resolver.area_name(code)}, "warning"))
        # Resting on the code alone: no name beside it, or one that names no area (a conflict is refused
        # above), or a province code in the province column ('94' under 'Kode Provinsi').
        if code and (code_text and not (name_text and resolver.named_beside(code, name_text))
                     or not code_text and name_text and _BARE_PROVINCE_CODE.fullmatch(name_text.strip())):
            code_only.add(raw.rows[i])
        out.append(code)
    return out


def _before_splits(file: str, column: str | None, rows: list[dict], code_only: set[int], reference: Reference,
                   problems: list[Problem], warnings: list[Problem]) -> None:
    """Figures dated before a province was split (Papua and Papua Barat, 2022) are refused where
    they would land on the wrong area: a Papua code alone may be in the numbering of before the
    split (Papua was 94, Papua Barat 91: 94.01 was Merauke, today Nabire; 94 was all of Papua), and
    a province total then covered today's new provinces too. Kab/kota figures found by name go to
    the kabupaten/kota, which did not change, and so does a figure for a new province's area from
    before it was formed (with a note)."""
    renumbered = max(s.since for s in splits()).replace(month=12)  # codes of that year may be old ones
    affected = {s.province for s in splits()} | {s.formed_from for s in splits()}
    seen = set()
    for row in rows:
        code = row.get("area_code") or row.get("regency_code")
        period = row.get("period")
        if code is None or period is None or row["file_row"] in seen:
            continue
        seen.add(row["file_row"])
        province = code.split(".")[0]
        parts = formed_from(code)
        own = next((s for s in splits() if s.province == code), None)
        if row["file_row"] in code_only and province in affected and period <= renumbered:
            problems.append(Problem("code_before_split", file, row["file_row"], column, code,
                                    {"period": period, "year": str(renumbered.year)}))
        elif parts and period < min(s.since for s in parts):
            problems.append(Problem("province_before_split", file, row["file_row"], column,
                                    f"{reference.provinces[code]} {period:%Y-%m}", {
                "province": reference.provinces[code], "since": min(s.since for s in parts),
                "parts": [reference.provinces[s.province] for s in parts], "law": sorted({s.law for s in parts})}))
        elif own and period < own.since and "." not in code:
            # A publisher's figure for a new province's area before it was formed ("in 2022, when Sorong
            # Raya was still part of Papua Barat, 65,8 %") covers today's kab/kota of it: kept, said.
            warnings.append(Problem("province_before_formed", file, row["file_row"], column,
                                    f"{reference.provinces[code]} {period:%Y-%m}", {
                "province": reference.provinces[code], "since": own.since, "law": own.law,
                "former": reference.provinces[own.formed_from]}, "warning"))


def _provinces(raw: RawTable, found: dict[str, int], resolver: AreaResolver,
               problems: list[Problem]) -> list[str | None]:
    """Each row's province code from a province column (names are then matched within it)."""
    if "province" not in found:
        return [None] * raw.height
    out = []
    for i, text in enumerate(raw.column(found["province"])):
        code = resolver.ref.province_of(text) if text and text.strip() else None
        if text and text.strip() and code is None:
            problems.append(Problem("summary_row" if _SUMMARY_ROW.match(text.strip()) else "unknown_province",
                                    raw.file, raw.rows[i], raw.header[found["province"]], text))
        out.append(code)
    return out


def _published_row(row: dict, names: dict[str, str]) -> None:
    """A published rate's level, official name, and a count derived from the printed rate where the
    source printed only one of the two (labelled, never passed off as printed)."""
    code = row.get("area_code")
    row["area_level"] = None if code is None else ("regency" if "." in code else "province")
    row["area_name"] = names.get(code)
    row["measure"] = "coverage_pct"
    rate, active, workers = row.get("value"), row.get("numerator"), row.get("denominator")
    row["derivation"] = None
    if rate and active is not None and workers is None:
        row["denominator"], row["derivation"] = round(active * 100 / rate), "workers_from_rate"
    elif rate is not None and workers is not None and active is None:
        row["numerator"], row["derivation"] = round(rate * workers / 100), "active_from_rate"


def _rows(raw: RawTable, spec: Kind, cells: dict, area: list, resolver_names: dict | None = None) -> list[dict]:
    """One dict per output row (workforce in the wide form gives two rows per file row)."""
    area_name = "area_code" if spec.area_level in ("target", "any") else "regency_code"
    rows = []
    for i in range(raw.height):
        row = {name: cells[name][i] for name in cells}
        if area is not None:
            row[area_name] = area[i]
        row["file_row"] = raw.rows[i]
        if spec.name == "published":
            _published_row(row, resolver_names)
        if spec.name == "workforce" and "sector" not in cells:
            for sector in ("formal", "informal"):
                rows.append({**row, "sector": sector, "workers": row[sector]})
        else:
            rows.append(row)
    return rows


def _duplicates(raw: RawTable, spec: Kind, rows: list[dict], problems: list[Problem]) -> None:
    """A key may appear once in a file (the wide workforce form makes two rows of one file row)."""
    first_row: dict[tuple, int] = {}
    for row in rows:
        key = tuple(row.get(k) for k in spec.key)
        if any(row.get(k) is None for k in spec.key if k != "basis"):
            continue
        if spec.name == "cooperatives":
            key = (row["name"].lower(), row["regency_code"])
        if spec.name == "published" and row.get("area_level") == "regency" \
                and None not in (row.get("numerator"), row.get("denominator")):
            # Two sources' counts for one kab/kota, month and segment cannot both be its figures.
            key = (row["area_code"], row["period"], row["segment"], row["denominator_basis"])
        if key in first_row and first_row[key] != row["file_row"]:
            problems.append(Problem("duplicate_key", raw.file, row["file_row"], None,
                                    " / ".join(str(v) for v in key if v is not None),
                                    {"first_row": first_row[key]}))
        first_row.setdefault(key, row["file_row"])


def _rules(raw: RawTable, spec: Kind, rows: list[dict], problems: list[Problem], warnings: list[Problem]) -> None:
    """Rules across columns: enrolled within totals, one of rate or amount, a basis for rate targets."""
    for row in rows:
        r = row["file_row"]
        if spec.name == "enterprises" and None not in (row["enrolled"], row["enterprises"]) \
                and row["enrolled"] > row["enterprises"]:
            warnings.append(Problem("enrolled_over_total", raw.file, r, None, str(row["enrolled"]),
                                    {"total": row["enterprises"]}, "warning"))
        if spec.name == "cooperatives" and None not in (row["enrolled_members"], row["members"]) \
                and row["enrolled_members"] > row["members"]:
            problems.append(Problem("coop_enrolled_over_members", raw.file, r, None, str(row["enrolled_members"]),
                                    {"members": row["members"]}))
        if spec.name == "targets":
            if row["metric"] == "coverage_rate" and not row.get("basis"):
                problems.append(Problem("target_needs_basis", raw.file, r))
            if row["start_period"] and row["due_period"] and row["due_period"] < row["start_period"]:
                problems.append(Problem("due_before_start", raw.file, r, None, str(row["due_period"])[:7]))
            if row["metric"] == "coverage_rate" and (row["target_value"] or 0) > 100:
                warnings.append(Problem("rate_over_100", raw.file, r, None, str(row["target_value"]), {}, "warning"))
        if spec.name == "published":
            _published_rules(raw, row, problems, warnings)
        if spec.name == "rates" and (row.get("rate_pct") is None) == (row.get("fixed_amount_idr") is None):
            problems.append(Problem("rate_xor_fixed", raw.file, r))


def _segments_add_up(file: str, rows: list[dict], problems: list[Problem]) -> None:
    """Printed segment counts of a kab/kota become its members, so they must add up to the total
    printed beside them (if one is): otherwise part of the total would be lost, or counted twice."""
    counted = [r for r in rows if r.get("area_level") == "regency" and r.get("numerator") is not None
               and r.get("denominator") is not None]
    for total in (r for r in counted if r["segment"] == "ALL"):
        parts = [r for r in counted if r["segment"] != "ALL" and r["area_code"] == total["area_code"]
                 and r["period"] == total["period"]]
        if parts and sum(r["numerator"] for r in parts) != total["numerator"]:
            problems.append(Problem("segments_do_not_add_up", file, total["file_row"], None,
                                    str(total["numerator"]), {"sum": sum(r["numerator"] for r in parts),
                                                              "segments": ", ".join(r["segment"] for r in parts)}))


# The measure of a kind whose rows split a kab/kota's total, and each split: (column, the value
# meaning "all of them", the other columns a part shares with its total).
PART_TOTALS = {
    "membership": ("active_participants", (("segment", "ALL", ("enterprise_kind",)),
                                           ("enterprise_kind", "all", ("segment",)))),
    "workforce": ("workers", (("sector", "all", ("basis",)),)),
}


def _without_part_totals(file: str, rows: list[dict], kind: str, problems: list[Problem],
                         warnings: list[Problem]) -> list[dict]:
    """A publisher's table lists a kab/kota's segments (kinds of enterprise, sectors) and then
    their "Jumlah". Stored as it stands, that total would be counted again beside its parts: it
    is checked against their sum and left out (a note says so), or the file is refused."""
    measure, axes = PART_TOTALS[kind]
    for axis, total, others in axes:
        groups: dict[tuple, list[dict]] = {}
        for r in rows:
            if r.get(axis) is not None and r.get(measure) is not None:
                groups.setdefault((r["regency_code"], r["period"], *(r.get(o) for o in others)), []).append(r)
        dropped = set()
        for group in groups.values():
            parts = [r for r in group if r[axis] != total]
            for t in (r for r in group if r[axis] == total and parts):
                added = sum(r[measure] for r in parts)
                names = ", ".join(r[axis] for r in parts)
                if added != t[measure]:
                    problems.append(Problem("parts_do_not_add_up", file, t["file_row"], None,
                                            str(t[measure]), {"sum": added, "parts": names}))
                else:
                    warnings.append(Problem("part_total_skipped", file, t["file_row"], None,
                                            str(t[measure]), {"parts": names}, "warning"))
                dropped.add(id(t))
        rows = [r for r in rows if id(r) not in dropped]
    return rows


def printed_tolerance(rate: float) -> float:
    """Half a unit of the printed rate's last decimal: 29,26 -> 0,005; 32 -> 0,5."""
    text = f"{rate:.6f}".rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** -decimals + 1e-9


def _published_rules(raw: RawTable, row: dict, problems: list[Problem], warnings: list[Problem]) -> None:
    """A row needs its source; printed counts must give the printed rate (else a warning: the
    figure is kept as printed, its conflict shown)."""
    r = row["file_row"]
    if not row.get("source_title"):
        problems.append(Problem("published_row_source", raw.file, r))
    rate, active, workers = row.get("value"), row.get("numerator"), row.get("denominator")
    if row.get("derivation") is None and None not in (rate, active, workers) and workers:
        computed = 100 * active / workers
        if rate < 1 <= computed and abs(computed - 100 * rate) <= 100 * printed_tolerance(rate):
            # 0,3149 beside counts giving 31,49%: a share written as a fraction, not 0,31 %.
            problems.append(Problem("published_rate_fraction", raw.file, r, None, rate,
                                    {"computed": round(computed, 2)}))
        elif abs(computed - rate) > printed_tolerance(rate):
            warnings.append(Problem("published_rate_mismatch", raw.file, r, None, rate,
                                    {"computed": round(computed, 2), "active": active, "workers": workers},
                                    "warning"))
    elif rate is not None and 0 < rate < 1:
        # No two printed counts to tell: a rate under 1 % is far below any area's published coverage and is
        # how a share written as a fraction (0,3325 for 33,25 %) reads. Kept as printed, said loudly.
        # Deriving the missing count from it would be off by 100 times if it is a fraction: refused.
        if row.get("derivation") is not None:
            problems.append(Problem("published_rate_below_one_derived", raw.file, r, None, rate,
                                    {"percent": round(100 * rate, 2)}))
        else:
            warnings.append(Problem("published_rate_below_one", raw.file, r, None, rate,
                                    {"percent": round(100 * rate, 2)}, "warning"))
    if rate is not None and rate > 100:
        # Real for a city where head offices register workers from elsewhere; also how a count typed
        # into the rate column reads. Kept as printed, said.
        warnings.append(Problem("published_rate_over_100", raw.file, r, None, None, {"rate": float(rate)},
                                "warning"))
    if rate == 0 and active and workers is None:
        problems.append(Problem("published_zero_rate", raw.file, r, None, "0"))


def _frame(spec: Kind, rows: list[dict]) -> pl.DataFrame:
    """The rows as a typed frame: each value column typed as its file column reads."""
    kinds = {c.name: c.kind for c in spec.columns}
    types = {"period": pl.Date, "int": pl.Int64, "float": pl.Float64}
    schema = {name: types.get(kinds.get(name), pl.String) for name in spec.values} | {"file_row": pl.Int64}
    return pl.DataFrame([{k: row.get(k) for k in schema} for row in rows], schema=schema, orient="row")
