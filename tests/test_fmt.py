"""Indonesian-first number, percent, money and month formatting."""

from datetime import date

import pytest

from cakupan import fmt


@pytest.mark.parametrize("func, args, lang, expected", [
    (fmt.number, (1234567,), "id", "1.234.567"),
    (fmt.number, (1234567,), "en", "1,234,567"),
    (fmt.percent, (33.2,), "id", "33,2%"),
    (lambda v, lang: fmt.percent(v, lang, 2), (29.2604,), "id", "29,26%"),
    (fmt.percent, (33.2,), "en", "33.2%"),
    (fmt.money, (443e9,), "id", "Rp 443 miliar"),
    (fmt.money, (443e9,), "en", "IDR 443 billion"),
    (fmt.money, (16800,), "id", "Rp 16.800"),
    (fmt.points, (1.234,), "id", "+1,2 poin"),
    (fmt.points, (-5.0,), "en", "-5.0 pts"),
    (fmt.signed, (943345,), "id", "+943.345"),
    (fmt.compact, (1_250_000,), "id", "1,25 juta"),
    (fmt.month, (date(2025, 12, 1),), "id", "Desember 2025"),
    (fmt.month, (date(2025, 12, 1),), "en", "December 2025"),
    (fmt.number, (None,), "id", "–"),
])
def test_formats(func, args, lang, expected):
    assert func(*args, lang=lang) == expected
