"""Ringkasan's "Sumber dan batch data" panel lists the national figures' sources too (review 3 F22:
it listed the month's province articles only, not Databoks May 2025 behind the 39,05 juta card)."""

from __future__ import annotations

import polars as pl

from cakupan.ui.ringkasan import national_titles
from cakupan.user_text import md
from conftest import open_panels, run_page

DATABOKS_MAY = ("Peserta Aktif BPJS TK Indonesia Makin Berkurang hingga Mei 2025 "
                "(Databoks/Katadata; data BPJS TK diverifikasi Kemnaker)")


def test_national_titles_come_from_the_cards_and_every_month_of_the_trend():
    trend = pl.DataFrame({"active_source": ["A", "B | C", None], "workers_source": ["D", None, "A"]})
    assert national_titles({"active_source": "E", "workers_source": None}, trend) == ["A", "B", "C", "D", "E"]
    assert national_titles(None, None) == []


def test_the_panel_names_the_may_2025_card_source_with_its_address(app_env, default_db):
    url = default_db.execute("select url from source where title = ?", [DATABOKS_MAY]).fetchone()[0]
    assert url.startswith("https://databoks.katadata.co.id/")
    # May 2025: the card's 39,05 juta is Databoks' figure; the province articles of the month are others.
    at = open_panels(run_page("ringkasan", period="2025-05-01"))
    assert not at.exception
    lines = [m.value for m in at.markdown]
    national = lines.index("**Angka nasional** (kartu dan tren):")
    provinces = lines.index("**Provinsi** bulan ini (peta dan tabel):")
    listed = lines[national + 1:provinces]
    # the title as Markdown text (escaped), then its address as the link's target
    assert any(line.startswith(f"- {md(DATABOKS_MAY)} — [") and line.endswith(f"(<{url}>)") for line in listed)
    # the national trend's December 2023 source (SPN News) is there too, and the province list follows
    assert any("SPN News" in line for line in listed)
    assert lines[provinces + 1].startswith("- ")
