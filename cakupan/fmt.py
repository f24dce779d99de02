"""Numbers, percentages, money and months in the reader's locale (Babel), never by hand.

This module is the one rule for how a number reads, so that a figure looks the same on every page,
in every export and in the PDF:

- people and units: whole numbers (1.234.567); shortened, at most one decimal (13,1 juta; 629,4 ribu);
- a coverage rate or share: one decimal (33,2%); a target, and the rate set against it, keep the
  two decimals targets are stated with (62,22%);
- a change or a gap in percentage points: two decimals, always signed (+0,27 poin), because a
  month's change is often below a tenth of a point;
- a gap to a target is actual minus target, named in words as well: "kurang -3,20 poin" (short) or
  "terlampaui +11,51 poin" (exceeded). A "+" never means "short".
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberFormatError, NumberPattern, parse_decimal, parse_pattern

LOCALES = {"id": "id_ID", "en": "en_US"}
CURRENCY_PREFIX = {"id": "Rp", "en": "IDR"}
PERCENT_DIGITS = 1
POINTS_DIGITS = 2
TARGET_DIGITS = 2
COMPACT_DIGITS = 1
POINTS_UNIT = {"id": "poin", "en": "pts"}
# Scale words for shortened numbers, largest first (Babel's own compact form rounds 999.960 to "1000 ribu").
SCALES = ((1e12, {"id": "triliun", "en": "trillion"}), (1e9, {"id": "miliar", "en": "billion"}),
          (1e6, {"id": "juta", "en": "million"}), (1e3, {"id": "ribu", "en": "thousand"}))
GAP_WORDS = {"id": ("kurang", "terlampaui", "tercapai"), "en": ("short by", "exceeded by", "met")}


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES[lang])


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def _decimal(value: float | int, pattern: str, lang: str) -> str:
    """Babel's format_decimal with the locale and the pattern parsed once, not on every call: a
    table of a few hundred numbers spent two thirds of its formatting time re-parsing them (and
    the server holds the GIL meanwhile). The output is Babel's own."""
    return _pattern(pattern).apply(value, _locale(lang))


def _unsigned_zero(value: float | int, digits: int) -> float | int:
    """0 for a value that rounds to zero at `digits`: -0,000004 would print "-0,00"."""
    return 0 if round(value, digits) == 0 else value


def number(value: float | int | None, lang: str = "id", digits: int = 0) -> str:
    """1.234.567 (id) or 1,234,567 (en); an empty cell for a missing value."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return _decimal(_unsigned_zero(value, digits), pattern, lang)


def percent(value: float | None, lang: str = "id", digits: int = PERCENT_DIGITS) -> str:
    """A value already in percent (33.25) as 33,3% (id) or 33.3% (en)."""
    if value is None:
        return "–"
    return number(value, lang, digits) + "%"


def points(value: float | None, lang: str = "id", digits: int = POINTS_DIGITS, unit: bool = True) -> str:
    """A signed change in percentage points: +1,23 poin / +1.23 pts; without `unit` where a column
    heading or a sentence already names it (+1,23)."""
    if value is None:
        return "–"
    pattern = "+#,##0." + "0" * digits + ";-#,##0." + "0" * digits
    text = _decimal(_unsigned_zero(value, digits), pattern, lang)
    return f"{text} {POINTS_UNIT[lang]}" if unit else text


def is_zero(value: float | None, digits: int = POINTS_DIGITS) -> bool:
    """Whether a change reads as zero once rounded (then it gets no colour and no arrow)."""
    return value is None or round(value, digits) == 0


def signed(value: float | int | None, lang: str = "id") -> str:
    """A signed whole number: +12.345 / -12,345."""
    if value is None:
        return "–"
    return _decimal(value, "+#,##0;-#,##0", lang)


def compact(value: float | int | None, lang: str = "id") -> str:
    """1,3 juta / 1.3 million; 629,4 ribu; 13 juta (at most one decimal, a trailing zero dropped)."""
    if value is None:
        return "–"
    size = abs(value)
    for scale, words in SCALES:
        # Rounding first: 999.960 is "1 juta", not "1.000 ribu".
        if round(size / scale, COMPACT_DIGITS) >= 1:
            shown = _decimal(round(value / scale, COMPACT_DIGITS), "#,##0.#", lang)
            return f"{shown} {words[lang]}"
    return number(value, lang)


def money(value: float | int | None, lang: str = "id") -> str:
    """Rp 443 miliar / IDR 443 billion."""
    if value is None:
        return "–"
    if abs(value) < 1_000_000:
        return f"{CURRENCY_PREFIX[lang]} {number(value, lang)}"
    return f"{CURRENCY_PREFIX[lang]} {compact(value, lang)}"


def gap(actual_minus_target: float | None, lang: str = "id", unit: str = "points") -> str:
    """A target gap, actual minus target, as a word and a size: "kurang 3,20 poin", "terlampaui
    +11,51 poin", or in people/units ("kurang 1.234"). The word says which side of the target the
    figure is on, so a shortfall carries no minus: "kurang -3,20" read as short by minus three,
    that is ahead, to every reader who met it. `unit` is "points" or "count"."""
    if actual_minus_target is None:
        return "–"
    short, over, met = GAP_WORDS[lang]
    if (unit == "points" and is_zero(actual_minus_target)) or (unit != "points" and round(actual_minus_target) == 0):
        return met
    if actual_minus_target > 0:
        shown = points(actual_minus_target, lang) if unit == "points" else signed(round(actual_minus_target), lang)
        return f"{over} {shown}"
    size = abs(actual_minus_target)
    shown = f"{number(size, lang, POINTS_DIGITS)} {POINTS_UNIT[lang]}" if unit == "points" else number(round(size), lang)
    return f"{short} {shown}"


def parse_number(text: str | None, lang: str = "id") -> float | None:
    """A number typed the reader's way back into a value: "1.000.000.000" or "10,5" (id), "1,000,000"
    or "10.5" (en); a leading "Rp"/"IDR", a trailing "%" and spaces are ignored. None for empty
    text; ValueError for text that is not a number in that locale (e.g. "10.5" in Indonesian,
    where "." separates thousands)."""
    cleaned = (text or "").strip().removeprefix(CURRENCY_PREFIX[lang]).removesuffix("%").replace(" ", "")
    cleaned = cleaned.replace("\u00a0", "").replace("\u2212", "-")
    if not cleaned:
        return None
    try:
        return float(parse_decimal(cleaned, locale=LOCALES[lang], strict=True))
    except NumberFormatError:
        raise ValueError(text) from None


@lru_cache(maxsize=1024)  # a table repeats its month on every row, and Babel's date format is slow
def month(value: date, lang: str = "id", short: bool = False) -> str:
    """Desember 2025 / December 2025 (or Des 2025 / Dec 2025)."""
    return format_date(value, "MMM yyyy" if short else "MMMM yyyy", locale=_locale(lang))


def day(value: date, lang: str = "id") -> str:
    """1 Desember 2025 / December 1, 2025."""
    return format_date(value, "d MMMM yyyy" if lang == "id" else "MMMM d, yyyy", locale=_locale(lang))
