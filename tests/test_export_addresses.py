"""Exports carry each source's full address beside its title (review 3 F13: the trend PNG, the XLSX
"Keterangan" sheet and the CSV's source columns gave titles only, while the database holds the
https addresses)."""

from __future__ import annotations

import csv
import io
from datetime import date

import plotly.graph_objects as go
import polars as pl
import pytest

from cakupan import db
from cakupan.provenance import Provenance, addresses_by_name, series_provenance
from cakupan.reports import export

KONTAN = ("BPJS Ketenagakerjaan Catat Jumlah Peserta Aktif 39,7 Juta Orang per April 2025 "
          "(Kontan, laporan rapat DPR 20 Mei 2025)")
URLS = {"Published A": "https://example.org/a", "Published B": "https://example.org/b"}


def test_footer_prints_each_source_with_its_address():
    prov = export.with_addresses(Provenance(("Published A", "No address"), "April 2025"), URLS, "id")
    lines = export.footer_lines(prov, "id", width_chars=200, today=date(2025, 5, 1))
    assert lines[0] == "Sumber: Published A — https://example.org/a; No address"


def test_a_long_address_is_wrapped_never_cut():
    url = "https://example.org/" + "sebuah-judul-berita-yang-panjang-" * 6 + "akhir"
    prov = export.with_addresses(Provenance(("Published A",), "April 2025"), {"Published A": url}, "id")
    lines = export.footer_lines(prov, "id", width_chars=80, today=date(2025, 5, 1))
    source = "".join(lines[:next(i for i, line in enumerate(lines) if line.startswith("Data per"))])
    assert all(len(line) <= 80 for line in lines)
    assert url in source  # broken across lines (at its hyphens), but whole


def test_tables_get_the_addresses_of_their_own_source_columns_and_the_about_sheet():
    frame = pl.DataFrame({"Wilayah": ["NTB", "Bali", "Papua"],
                          "Sumber peserta": ["Published A", "Published A | Published B", None]})
    prov = export.with_addresses(Provenance(("Published B",), "Desember 2025"), URLS, "id", frame)
    text = export.table_bytes(frame, prov, "id", "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [r["Alamat sumber"] for r in rows] == ["https://example.org/a", "https://example.org/a | https://example.org/b",
                                                  ""]
    data = export.table_bytes(frame, prov, "id", "xlsx", title="Uji")
    about = pl.read_excel(io.BytesIO(data), sheet_name="Keterangan")
    assert dict(zip(about["Keterangan"], about["Isi"]))["Sumber"] == "Published B — https://example.org/b"
    meta = export.parquet_metadata(export.table_bytes(frame, prov, "en", "parquet"))
    assert meta["Sources"] == "Published B — https://example.org/b"


def test_a_table_without_source_columns_gets_them_cited_with_addresses():
    frame = pl.DataFrame({"Wilayah": ["NTB"], "Cakupan (%)": [32.8]})
    prov = export.with_addresses(Provenance(("Published A", "Published B"), "Desember 2025"), URLS, "id", frame)
    text = export.table_bytes(frame, prov, "id", "csv").decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert row["Sumber"] == "Published A — https://example.org/a; Published B — https://example.org/b"
    assert "Alamat sumber" not in row  # no source column of its own to give addresses to


def test_the_overview_trend_cites_every_source_with_the_address_the_database_holds(default_db):
    trend = db.run_query(default_db, "coverage_trend", area_code="ID", basis="ucj")
    prov = series_provenance(trend.to_dicts(), "ucj", "id")
    urls = addresses_by_name(db.run_query(default_db, "source_addresses"), "id")
    cited = export.with_addresses(prov, urls, "id")
    kontan = default_db.execute("select url from source where title = ?", [KONTAN]).fetchone()[0]
    assert kontan.startswith("https://")
    assert dict(cited.addresses)[KONTAN] == kontan
    # every published title of the series with an address in the source table has it in the export
    stored = dict(default_db.execute("select title, url from source where url is not null and url <> ''").fetchall())
    assert {s for s in prov.sources if s in stored} == {n for n, _ in cited.addresses}
    fig = go.Figure(go.Scatter(x=[1, 2], y=[30, 31]), layout=dict(title=dict(text="Tren")))
    svg = export.chart_bytes(fig, cited, "id", "svg").decode()
    assert "keuangan.kontan.co.id" in svg
    png = export.chart_bytes(fig, cited, "id", "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_addresses_are_keyed_by_the_title_the_reader_sees(lang):
    frame = pl.DataFrame({"title": ["Data sintetis Cakupan (isian bawaan yang dapat diulang)", "Published A"],
                          "url": ["https://example.org/s", "https://example.org/a"]})
    names = addresses_by_name(frame, lang)
    assert names["Published A"] == "https://example.org/a"
    assert ("Cakupan synthetic data (reproducible default fill)" in names) == (lang == "en")


def test_ringkasan_hands_its_trend_export_the_addresses(chart_provenance, default_db):
    from conftest import run_page

    at = run_page("ringkasan")
    assert not at.exception
    trend = next(p for title, p in chart_provenance.items() if title.startswith("Tren"))
    kontan = default_db.execute("select url from source where title = ?", [KONTAN]).fetchone()[0]
    assert dict(trend.addresses)[KONTAN] == kontan
    assert f"{KONTAN} — {kontan}" in trend.cited("id")
