"""Text cells to values: numbers in either convention, periods, and the file-wide number convention.

A file's number convention is decided once, for the whole file: 'comma' (Indonesian:
1.234.567 and 33,2) or 'dot' (1,234,567 and 33.2). Each cell says which conventions it fits;
if cells disagree the file is refused rather than read one way here and another way there.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

CONVENTIONS = ("comma", "dot")
_CURRENCY = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)
_PATTERNS = {
    "comma": (re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?"), re.compile(r"\d+(,\d+)?")),
    "dot": (re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?"), re.compile(r"\d+(\.\d+)?")),
}

MONTHS = {
    # Indonesian and English names and abbreviations, lower case.
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nop": 11, "nopember": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}
_SPACES = re.compile(r"\s+")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?[\s\-]+(\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})([ T]00:00(:00(\.0+)?)?)?")
# "Feb-25", "Des 24", "Jan'25": a month with a two-digit year, as Excel shows a date formatted
# mmm-yy (a header of one column per month, or a Bulan column saved to CSV). Always 20yy.
_MONTH_SHORT_YEAR = re.compile(r"([a-z]+)\.?(?:[\s\-]+|\s*['\u2019])(\d{2})")
_MONTH_SLASH_YEAR = re.compile(r"(\d{1,2})/(\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[\s\-]+([a-z]+)\.?[\s\-]+(\d{4})")
# "31/08/2025", "31-08-2025": an Indonesian spreadsheet's date is day first, a US one's month first.
# Only a number over 12 says which is the day; "01/08/2025" could be either and is not read.
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})")
# A figure "per Semester I 2025" or "Triwulan III 2025" is a count at the period's end (coverage is a
# stock, reported every six months under Inpres 2/2021): its last month.
_PART_OF_YEAR = re.compile(r"(?:(?P<kind>semester|sem|smt|triwulan|tw|trw|kuartal|quarter)(?:\.\s*|\s+)"
                           r"(?P<n>iv|iii|ii|i|[1-4])|q(?P<q>[1-4]))\s*(?:tahun\s+|[\s\-/])\s*(?P<year>\d{4})")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# "Januari–September 2024", "Jan-Sep 2024", "Januari s.d. September 2024": participants counted to the
# range's end, a stock at its last month (as "s.d. September 2024" and Triwulan III 2024 are).
_MONTH_RANGE = re.compile(r"([a-z]+)\.?\s*(?:-|\u2013|\u2014|s\.?\s?d\.?|s/d|sampai dengan|sampai|hingga)\s*"
                          r"([a-z]+)\.?[\s\-]+(\d{4})")
# A preliminary figure's mark after its month: "Desember 2024*", "Desember 2024*)", "Desember 2024**".
_PERIOD_MARK = re.compile(r"\s*\*+\)?$")
# Words before the date of a stock figure: "per 31 Juli 2024", "s.d. Agustus 2025", "posisi Juni 2025".
_AS_AT = re.compile(r"^(per|s\.?\s?d\.?|s/d|sampai dengan|hingga|posisi|kondisi|keadaan|bulan)\s+")


# What publishers print in a cell for a figure they do not give: "-" (BPS: nil), "...", "n/a",
# "tidak tersedia". Read as an empty cell (not printed), never as zero.
_NOT_PRINTED = {"-", "\u2013", "\u2014", "--", "...", "\u2026", "n/a", "na", "n.a.", "tidak tersedia"}
# Thousands grouped with spaces (BPS bilingual tables, text pasted from the web): "1 864 450".
_SPACE_GROUPED = re.compile(r"\d{1,3}( \d{3})+([.,]\d+)?")


def not_printed(text: str) -> bool:
    return text.strip().lower() in _NOT_PRINTED


# The word after a figure copied from an article: "39.695 orang", "161.206 jiwa", "24,62 persen".
PEOPLE_WORD = re.compile(r"\s+(orang|jiwa|pekerja|peserta|tenaga kerja)$", re.IGNORECASE)
PERCENT_WORD = re.compile(r"\s*(%|persen)$", re.IGNORECASE)


def clean_number(text: str, percent: bool = False) -> tuple[str, bool]:
    """Strip a currency prefix, spaces (also between groups of thousands), a trailing word for
    people and (if allowed) a trailing % or 'persen'; returns (body, negative)."""
    body = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    body = _CURRENCY.sub("", body)
    body = PERCENT_WORD.sub("", body).strip() if percent else PEOPLE_WORD.sub("", body)
    if _SPACE_GROUPED.fullmatch(body.lstrip("-\u2212")):
        body = body.replace(" ", "")
    negative = body.startswith(("-", "\u2212"))
    if negative:
        body = body[1:].strip()
    return body, negative


# A rate with a decimal dot and one or two decimals ("33.2%", "24.62") cannot be a group of
# thousands, so it reads the same in a file written the Indonesian way (three decimals can: 1.234).
_DOT_RATE = re.compile(r"\d{1,3}\.\d{1,2}")


def dot_decimal_rate(text: str) -> float | None:
    """The rate a cell such as '33.2%' writes with a decimal dot, or None."""
    body, negative = clean_number(text, percent=True)
    return float(body) if not negative and _DOT_RATE.fullmatch(body) else None


# A count as an article prints it, in thousands or millions: "314 ribu", "1,2 juta", "1.2 jt".
_SCALE_WORD = re.compile(r"(?<=\d)\s*(ribu|rb|juta|jt)\.?$", re.IGNORECASE)
_SCALES = {"ribu": 1_000, "rb": 1_000, "juta": 1_000_000, "jt": 1_000_000}


def scale_word(text: str, percent: bool = False) -> tuple[str, int]:
    """(the number without its word, what the word multiplies by): ('1,2', 1000000) for '1,2 juta';
    (text, 1) without one. A rate never carries one."""
    body = PEOPLE_WORD.sub("", text.strip().replace("\u00a0", " "))
    m = None if percent else _SCALE_WORD.search(body)
    return (body[:m.start()], _SCALES[m.group(1).lower()]) if m else (text, 1)


def parse_in(text: str, convention: str, percent: bool = False) -> float | None:
    """The number `text` means under one convention, or None if it is not written that way."""
    text, scale = scale_word(text, percent)
    body, negative = clean_number(text, percent)
    grouped, plain = _PATTERNS[convention]
    if not (grouped.fullmatch(body) or plain.fullmatch(body)):
        return None
    thousands, decimal = (".", ",") if convention == "comma" else (",", ".")
    value = float(body.replace(thousands, "").replace(decimal, "."))
    if scale > 1:
        value = round(value * scale, 6)  # 1,86 juta: 1860000, not 1859999.9999999998
    return -value if negative else value


def readings(text: str, integer: bool, percent: bool = False) -> dict[str, float]:
    """Each convention under which `text` is a valid number (an integer, if `integer`)."""
    out = {}
    base, scale = scale_word(text, percent)
    for convention in CONVENTIONS:
        value = parse_in(text, convention, percent)
        # A count is never written with decimals: '60.000' people is sixty thousand, not 60.000;
        # in millions it may be ('1,2 juta').
        decimals = scale == 1 and ("," if convention == "comma" else ".") in clean_number(base, percent)[0]
        if value is not None and (not integer or (value == int(value) and not decimals)):
            out[convention] = value
    return out


def typed_number(text: str) -> float | None:
    """A cell the file stored as a number (XLSX numeric cell, Parquet numeric column)."""
    try:
        return float(text)
    except ValueError:
        return None


def parse_period(text: str) -> date | None:
    """2024-12, 2024-12-01 (any date: its month), Des 2024, Desember 2024, Dec 2024, Des-24, 12/2024,
    31/12/2024, Semester II 2024, Triwulan IV 2024 (the last month of either)."""
    value = _AS_AT.sub("", _SPACES.sub(" ", text.strip().lower().replace(",", " ")))
    value = _PERIOD_MARK.sub("", value)
    m = _MONTH_RANGE.fullmatch(value)
    if m and m.group(1) in MONTHS and m.group(2) in MONTHS and MONTHS[m.group(1)] <= MONTHS[m.group(2)]:
        return _month(int(m.group(3)), MONTHS[m.group(2)])
    m = _ISO_MONTH.fullmatch(value)
    if m:
        return _month(int(m.group(1)), int(m.group(2)))
    m = _ISO_DATE.fullmatch(value)
    if m:
        try:
            date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return _month(int(m.group(1)), int(m.group(2)))
    m = _MONTH_YEAR.fullmatch(value)
    if m and m.group(1) in MONTHS:
        return _month(int(m.group(2)), MONTHS[m.group(1)])
    m = _MONTH_SHORT_YEAR.fullmatch(value)
    if m and m.group(1) in MONTHS:
        return _month(2000 + int(m.group(2)), MONTHS[m.group(1)])
    m = _MONTH_SLASH_YEAR.fullmatch(value)
    if m:
        return _month(int(m.group(2)), int(m.group(1)))
    # "31 Juli 2024", "per 31 Juli 2024": a named month leaves no doubt about which number is the day.
    m = _DAY_MONTH_YEAR.fullmatch(value)
    if m and m.group(2) in MONTHS and 1 <= int(m.group(1)) <= 31:
        return _month(int(m.group(3)), MONTHS[m.group(2)])
    m = _NUMERIC_DATE.fullmatch(value)
    if m:
        first, second, year = (int(g) for g in m.groups())
        day, month = (first, second) if first > 12 else (second, first) if second > 12 else (0, 0)
        try:
            date(year, month, day)
        except ValueError:
            return None  # also the ambiguous ones (ambiguous_date says why)
        return _month(year, month)
    m = _PART_OF_YEAR.fullmatch(value)
    if m:
        n = int(m["q"]) if m["q"] else _ROMAN.get(m["n"]) or int(m["n"])
        halves = m["kind"] in ("semester", "sem", "smt")
        if n <= (2 if halves else 4):
            return _month(int(m["year"]), n * (6 if halves else 3))
    return None


def ambiguous_date(text: str) -> bool:
    """A date such as 01/08/2025: 1 August (day first) or 8 January (month first)."""
    m = _NUMERIC_DATE.fullmatch(_AS_AT.sub("", text.strip().lower()))
    return bool(m) and int(m.group(1)) <= 12 and int(m.group(2)) <= 12


# Excel counts days from 30 December 1899; 20000 to 80000 are the years 1954 to 2119.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_SERIAL = re.compile(r"\d{5}")


def excel_serial_date(text: str) -> date | None:
    """The day a five-digit cell would be as an Excel date number (45870 is 1 August 2025), for a
    CSV saved from a sheet whose period column was formatted as a number. Only for saying so: the
    cell is still refused, since the number alone does not show that a date was meant."""
    value = text.strip()
    if not _EXCEL_SERIAL.fullmatch(value) or not 20000 <= int(value) <= 80000:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(value))


def month_start(today: date) -> date:
    return today.replace(day=1)


def _month(year: int, month: int) -> date | None:
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        return None
    return date(year, month, 1)
