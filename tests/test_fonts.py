"""The project prints and draws in its own shipped font, whatever fonts the machine has."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date

import plotly.graph_objects as go
from pypdf import PdfReader

from cakupan import fonts
from cakupan.reports import briefing, render
from conftest import ROOT, embedded_fonts
from test_briefing import APRIL, briefing_db, runner  # noqa: F401 - briefing_db is a fixture

SHIPPED = {"SourceSans3", "SourceSans3Bold"}  # as fpdf2 names the embedded regular and bold


def test_the_shipped_fonts_and_their_licence_are_in_the_repository():
    regular, bold = fonts.files()
    assert regular.endswith("SourceSans3-Regular.ttf") and bold.endswith("SourceSans3-Bold.ttf")
    assert "SIL Open Font License" in (fonts.FONT_DIR / "LICENSE.md").read_text()


def test_every_character_of_every_message_is_in_the_shipped_fonts():
    # Exports and PDFs draw only with the shipped font: a character it lacks prints as an empty box
    # (a "│" in the burn-up chart's label once did), while the screen quietly falls back to another.
    from fontTools.ttLib import TTFont

    from cakupan.i18n import messages

    for path in fonts.files():
        covered = TTFont(path).getBestCmap()
        missing = {(key, ch) for key, texts in messages().items() for text in texts for ch in text
                   if ord(ch) not in covered and not ch.isspace()}
        assert missing == set(), (path, sorted(missing))


def test_no_code_reads_a_system_font_folder():
    offenders = [str(p.relative_to(ROOT)) for folder in ("cakupan", "geo", "pages")
                 for p in (ROOT / folder).rglob("*.py")
                 if "/usr/share/fonts" in p.read_text() or "fc-match" in p.read_text()]
    assert offenders == []


def test_the_fontconfig_file_knows_only_the_shipped_folder(tmp_path):
    text = fonts.fontconfig_file(tmp_path).read_text()
    assert f"<dir>{fonts.FONT_DIR}</dir>" in text
    assert text.count("<dir>") == 1 and "/usr/share/fonts" not in text


def test_a_process_leaves_no_font_folder_behind():
    # Each server, test and export process writes its fontconfig file into a folder of its own.
    code = ("import os, sys; sys.path.insert(0, %r); from cakupan import fonts; "
            "fonts.use_shipped_fonts_for_browsers(); print(os.environ['FONTCONFIG_FILE'])" % str(ROOT))
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    config = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                            check=True).stdout.strip()
    assert config.endswith("fonts.conf") and "cakupan-fonts-" in config
    assert not os.path.exists(os.path.dirname(config))


def test_the_briefing_embeds_the_shipped_font(briefing_db):
    data = briefing.load(runner(briefing_db), "52", APRIL)
    pdf, _ = briefing.compose(data, None, "id", "credit", date(2025, 5, 1))
    assert embedded_fonts(PdfReader(io.BytesIO(pdf))) == SHIPPED


def test_a_chart_export_is_drawn_in_the_shipped_font():
    # Chromium's PDF embeds the fonts it actually drew with, so this shows what fontconfig chose.
    fig = go.Figure(go.Bar(x=["Kab. Lombok Barat", "Kota Mataram"], y=[33.2, 41.5]),
                    layout=dict(title="Cakupan ÷ pekerja ≥ 30%", font=dict(family=fonts.STACK)))
    pdf = render.render(fig, "pdf", 600, 400)
    used = embedded_fonts(PdfReader(io.BytesIO(pdf)))
    assert used and all(name.startswith("SourceSans3") for name in used), used


LAYOUT_SCRIPT = """
import json, sys
from dataclasses import replace
from datetime import date
sys.path.insert(0, {root!r})
from cakupan.reports import briefing
from cakupan.reports import render
from test_briefing import APRIL, runner
import duckdb
con = duckdb.connect({db!r}, read_only=True)
data = briefing.load(runner(con), "52", APRIL)
long = replace(data, province_name="Provinsi Kepulauan Bangka Belitung Dan Sekitarnya Yang Panjang Sekali")
pdf, overflows = briefing.compose(long, None, "id", "credit", date(2025, 5, 1))
print(json.dumps({{"overflows": overflows, "size": len(pdf) > 0}}))
"""


def test_layout_is_the_same_whatever_fonts_the_system_has(briefing_db, tmp_path):
    db_file = briefing_db.execute("select path from duckdb_databases() where database_name = current_database()"
                                  ).fetchone()[0]
    empty = tmp_path / "empty-fonts.conf"
    empty.write_text('<?xml version="1.0"?><fontconfig></fontconfig>\n')
    script = LAYOUT_SCRIPT.format(root=str(ROOT), db=db_file)
    results = []
    for extra in ({}, {"FONTCONFIG_FILE": str(empty)}):
        env = {**os.environ, **extra, "PYTHONPATH": str(ROOT / "tests")}
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    assert results[0] == results[1]
    assert results[0]["overflows"] == []


def test_the_font_list_is_valid_css():
    """Plotly writes the family into each text's style. As CSS, an unquoted name with a word that
    starts with a digit ("Source Sans 3") is invalid, and the browser drops the whole list: every
    chart on screen was drawn in plotly's default font (and a legend measured in one font and
    drawn in another cut its last letters off)."""
    import re

    identifier = re.compile(r"-?[A-Za-z_][A-Za-z0-9_-]*")
    for family in (part.strip() for part in fonts.STACK.split(",")):
        quoted = len(family) > 1 and family[0] == family[-1] and family[0] in "\"'"
        assert quoted or all(identifier.fullmatch(word) for word in family.split()), family
    assert fonts.STACK.split(",")[0].strip().strip('"') == fonts.FAMILY
