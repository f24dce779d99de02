"""Hostile text in exports: a name or source that starts like a formula stays inert text in CSV and XLSX."""

from __future__ import annotations

import csv
import io
import zipfile

import polars as pl
import pytest

from cakupan.provenance import Provenance
from cakupan.reports import export

HOSTILE = Provenance(('=HYPERLINK("http://evil.example/x","klik")',), "April 2025")


@pytest.mark.parametrize("text, expected", [
    ('=HYPERLINK("http://evil.example/x","klik")', '\'=HYPERLINK("http://evil.example/x","klik")'),
    ("+1+2", "'+1+2"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    # A signed number written as text is not a formula; ordinary text is left alone.
    ("-5", "-5"),
    ("-3,5", "-3,5"),
    ("Kota Mataram", "Kota Mataram"),
    ("a=b", "a=b"),
])
def test_neutral_text_follows_the_owasp_rule(text, expected):
    assert export.neutral_text(text) == expected


def test_csv_cells_that_start_like_formulas_get_an_apostrophe_and_numbers_stay_numbers():
    frame = pl.DataFrame({"nama": ['=HYPERLINK("http://evil.example/x","klik")', "@SUM(A1)", "Kota Bima"],
                          "aktif": [-12, 3, 4], "tingkat": [-1.5, 2.0, 3.25]})
    # The Indonesian CSV: ';' between fields and decimal commas (what Excel set to Indonesian reads).
    data = export.table_bytes(frame, HOSTILE, "id", "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert rows[0] == ["nama", "aktif", "tingkat", "Sumber", "Per", "Sintetis", "Batch impor"]
    assert [r[0] for r in rows[1:]] == ['\'=HYPERLINK("http://evil.example/x","klik")', "'@SUM(A1)", "Kota Bima"]
    assert [r[1] for r in rows[1:]] == ["-12", "3", "4"]  # numbers are written bare, with their sign
    assert [r[2] for r in rows[1:]] == ["-1,5", "2,0", "3,25"]
    assert {r[3] for r in rows[1:]} == {'\'=HYPERLINK("http://evil.example/x","klik")'}


def _sheet(data: bytes) -> tuple[str, list[str]]:
    """The data sheet's XML and the workbook's shared strings."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        about = z.read("xl/worksheets/sheet2.xml").decode()
        shared = z.read("xl/sharedStrings.xml").decode()
    import re
    from html import unescape

    return sheet + about, [unescape(s) for s in re.findall(r"<t[^>]*>(.*?)</t>", shared, re.S)]


def test_xlsx_writes_formula_like_text_as_strings_never_as_formulas_or_links():
    formula = '=HYPERLINK("http://evil.example/x","klik")'
    frame = pl.DataFrame({"nama": [formula, "http://evil.example/y", "+7"], "aktif": [1, -2, 3]})
    sheets, strings = _sheet(export.table_bytes(frame, HOSTILE, "id", "xlsx"))
    assert "<f>" not in sheets and "<f " not in sheets  # no formula cell anywhere, the 'about' sheet included
    assert "hyperlink" not in sheets.lower()
    assert formula in strings and "http://evil.example/y" in strings and "+7" in strings
    assert '<c r="B3" s="3"><v>-2</v></c>' in sheets  # the number stays a number cell


def test_a_chart_export_prints_a_hostile_source_as_text():
    """The footer of an exported chart shows a source's tags as characters; plotly makes no link of them."""
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=["NTB"], y=[30.8]))
    fig.update_layout(title="Cakupan")
    source = '<a href="http://evil.example/x">klik</a> =HYPERLINK("http://evil.example")'
    svg = export.chart_bytes(fig, Provenance((source,), "April 2025"), "id", "svg").decode()
    assert "<a " not in svg and "xlink:href" not in svg.split("</defs>")[-1]  # no link element drawn
    assert '>Sumber: &#60;a href="http://evil.example/x"&#62;klik&#60;/a&#62; =HYPERLINK("http://evil.example")' \
           '</tspan>' in svg
