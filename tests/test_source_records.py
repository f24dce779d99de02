"""One publication is one source record, with its address (review 3 F17: the Radar Lombok article
behind NTB's UMKM target was stored twice, once without its address, and the Kanwil briefing
printed that one: "alamat tidak tercatat")."""

from __future__ import annotations

import csv
import io
from datetime import date

from pypdf import PdfReader

from cakupan import db
from cakupan.reports import kanwil_briefing
from conftest import ROOT


def radar_lombok() -> tuple[str, str]:
    """The article's title and address as the targets seed gives them."""
    with open(ROOT / "data" / "seeds" / "targets.csv", encoding="utf-8", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["metric"] == "enrolled_umkm" and r["area_code"] == "52")
    return row["source_title"], row["source_url"]


def test_no_title_is_stored_twice(default_db):
    assert default_db.execute("select title from source group by title having count(*) > 1").fetchall() == []


def test_the_radar_lombok_article_is_one_record_with_its_address(default_db):
    title, url = radar_lombok()
    assert url.startswith("https://radarlombok.co.id/")
    assert default_db.execute("select url from source where title = ?", [title]).fetchall() == [(url,)]
    # the NTB UMKM base it gives (the enterprise rows) cites that record
    assert default_db.execute("""
        select count(*) from enterprise join source using (source_id) where title = ? and url = ?
    """, [title, url]).fetchone()[0] > 0


def test_the_kanwil_briefing_prints_its_address(default_db):
    title, url = radar_lombok()
    data = kanwil_briefing.load(lambda name, **p: db.run_query(default_db, name, **p), "BANUSPA", date(2025, 12, 1))
    pdf, _ = kanwil_briefing.compose(data, None, "id", "credit", date(2026, 1, 5))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    start = text.index(title)
    entry = text[start:start + len(title) + 200]
    assert "alamat tidak tercatat" not in entry
    # the address, as printed (a long address may break over two lines)
    assert url in entry.replace(" ", "")
