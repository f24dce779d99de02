"""Numbers, percentages, money and months in the reader's locale (Babel), never by hand."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal

LOCALES = {"id": "id_ID", "en": "en_US"}
CURRENCY_PREFIX = {"id": "Rp", "en": "IDR"}


def number(value: float | int | None, lang: str = "id", digits: int = 0) -> str:
    """1.234.567 (id) or 1,234,567 (en); an empty cell for a missing value."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def percent(value: float | None, lang: str = "id", digits: int = 1) -> str:
    """A value already in percent (33.25) as 33,3% (id) or 33.3% (en)."""
    if value is None:
        return "–"
    return number(value, lang, digits) + "%"


def points(value: float | None, lang: str = "id", digits: int = 1) -> str:
    """A signed change in percentage points: +1,2 poin / +1.2 pts."""
    if value is None:
        return "–"
    pattern = "+#,##0." + "0" * digits + ";-#,##0." + "0" * digits
    unit = {"id": "poin", "en": "pts"}[lang]
    return f"{format_decimal(value, format=pattern, locale=LOCALES[lang])} {unit}"


def signed(value: float | int | None, lang: str = "id") -> str:
    """A signed whole number: +12.345 / -12,345."""
    if value is None:
        return "–"
    return format_decimal(value, format="+#,##0;-#,##0", locale=LOCALES[lang])


def compact(value: float | int | None, lang: str = "id") -> str:
    """1,25 juta / 1.25 million."""
    if value is None:
        return "–"
    return format_compact_decimal(value, format_type="long", locale=LOCALES[lang], fraction_digits=2)


def money(value: float | int | None, lang: str = "id") -> str:
    """Rp 443 miliar / IDR 443 billion."""
    if value is None:
        return "–"
    if abs(value) < 1_000_000:
        return f"{CURRENCY_PREFIX[lang]} {number(value, lang)}"
    return f"{CURRENCY_PREFIX[lang]} {compact(value, lang)}"


def month(value: date, lang: str = "id", short: bool = False) -> str:
    """Desember 2025 / December 2025 (or Des 2025 / Dec 2025)."""
    return format_date(value, "MMM yyyy" if short else "MMMM yyyy", locale=LOCALES[lang])
