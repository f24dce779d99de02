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
    # Issue 13: one rule per unit: points two decimals, compact at most one, gaps actual minus target.
    (fmt.points, (1.234,), "id", "+1,23 poin"),
    (fmt.points, (-5.0,), "en", "-5.00 pts"),
    (fmt.signed, (943345,), "id", "+943.345"),
    (fmt.compact, (1_260_000,), "id", "1,3 juta"),
    (fmt.compact, (25_244_000,), "id", "25,2 juta"),
    (fmt.compact, (629_430,), "id", "629,4 ribu"),
    (fmt.compact, (13_000_000,), "id", "13 juta"),
    (fmt.compact, (999_960,), "id", "1 juta"),
    (fmt.compact, (629_430,), "en", "629.4 thousand"),
    (fmt.compact, (950,), "id", "950"),
    (fmt.gap, (-3.2,), "id", "kurang 3,20 poin"),
    (fmt.gap, (-3.2,), "en", "short by 3.20 pts"),
    (fmt.gap, (-1234.567,), "id", "kurang 1.234,57 poin"),
    (fmt.gap, (11.514,), "id", "terlampaui +11,51 poin"),
    (fmt.gap, (0.001,), "id", "tercapai"),
    (fmt.gap, (11.514,), "en", "exceeded by +11.51 pts"),
    (lambda v, lang: fmt.gap(v, lang, unit="count"), (-1234.4,), "id", "kurang 1.234"),
    (fmt.day, (date(2026, 12, 1),), "id", "1 Desember 2026"),
    (fmt.month, (date(2025, 12, 1),), "id", "Desember 2025"),
    (fmt.month, (date(2025, 12, 1),), "en", "December 2025"),
    (fmt.number, (None,), "id", "–"),
])
def test_formats(func, args, lang, expected):
    assert func(*args, lang=lang) == expected


@pytest.mark.parametrize("text, lang, value", [
    ("1.000.000.000", "id", 1_000_000_000.0),
    ("Rp 2.016.000", "id", 2_016_000.0),
    ("10,5", "id", 10.5),
    ("12%", "id", 12.0),
    ("  ", "id", None),
    ("1,000,000", "en", 1_000_000.0),
    ("IDR 10.5", "en", 10.5),
])
def test_parse_number_reads_what_the_reader_typed(text, lang, value):
    assert fmt.parse_number(text, lang) == value


@pytest.mark.parametrize("text, lang", [("10.5", "id"), ("1.000,5", "en"), ("sepuluh", "id"), ("1,000,000", "id")])
def test_parse_number_refuses_a_number_written_another_way(text, lang):
    with pytest.raises(ValueError):
        fmt.parse_number(text, lang)


def test_a_value_that_rounds_to_zero_prints_without_a_minus():
    # NTT's December 2024 rate is 386.491 of 1.171.185 = 32,999996%: 0,000004 points under the
    # printed 33%, which read "-0,00" beside it.
    assert fmt.points(-0.000004, "id") == "+0,00 poin"
    assert fmt.number(-0.000004, "id", 2) == "0,00"
    assert fmt.points(-0.006, "id") == "-0,01 poin"
