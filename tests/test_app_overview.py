"""The Ringkasan Nasional page, run headless with AppTest on the default dataset."""

import json
from datetime import date

import pytest
from conftest import DASHBOARD
from streamlit.testing.v1 import AppTest


def run(**query):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def map_spec(at):
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def test_overview_renders_in_indonesian(app_env):
    at = run()
    assert not at.exception
    assert at.title[0].value == "Ringkasan Nasional"
    assert [m.label for m in at.metric] == [
        "Peserta aktif", "Pekerja (basis UCJ)", "Tingkat cakupan", "Belum terlindungi"]
    spec = map_spec(at)
    assert spec["data"][0]["type"] == "choropleth"
    assert len(spec["data"][0]["geojson"]["features"]) == 38
    assert "Desember 2025" in spec["layout"]["title"]["text"]


def test_switching_basis_changes_the_rate_and_its_label(app_env):
    ucj = run()
    bps = run(basis="bps")
    assert not bps.exception
    assert bps.metric[1].label == "Pekerja (penduduk bekerja BPS)"
    assert bps.metric[2].value != ucj.metric[2].value
    assert bps.radio[0].value == "bps"


def test_url_restores_the_month(app_env):
    at = run(period="2024-04-01")
    assert at.selectbox[0].value.isoformat() == "2024-04-01"
    assert "April 2024" in map_spec(at)["layout"]["title"]["text"]


def test_english_switch(app_env):
    at = run(lang="en")
    assert not at.exception
    assert at.title[0].value == "National Overview"
    assert at.metric[0].label == "Active participants"


def test_missing_database_gets_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("CAKUPAN_DB", str(tmp_path / "absent.duckdb"))
    at = run()
    assert not at.exception
    # Said to a reader, not a command to type (nothing on screen names a command).
    assert at.info[0].value.startswith("Basis data belum tersedia di server ini.") and "make" not in at.info[0].value


@pytest.mark.parametrize("bad", ["1999-01-01", "not-a-date"])
def test_unknown_month_in_url_falls_back_to_latest(app_env, bad):
    at = run(period=bad)
    assert not at.exception
    assert at.selectbox[0].value.isoformat() == "2025-12-01"


def test_consecutive_month_changes_are_all_kept(app_env):
    at = run()
    for month in ("2025-11-01", "2025-10-01", "2025-09-01"):
        at.selectbox[0].set_value(date.fromisoformat(month)).run()
        assert at.selectbox[0].value.isoformat() == month
    assert "September 2025" in map_spec(at)["layout"]["title"]["text"]


def test_the_closed_panels_are_built_only_once_opened(app_env, default_db):
    from conftest import open_panels

    from cakupan.db import run_query

    at = run()
    assert [e.label for e in at.expander] == ["Sumber dan batch data", "Semua angka cakupan terbit"]
    # Closed: only the province table is built; the panels hold no element yet.
    assert len(at.dataframe) == 1
    assert all(not e.children for e in at.expander)
    at = open_panels(at)
    assert not at.exception
    # Open: the batch list (the default data's one batch) and one row per published rate.
    assert len(at.dataframe) == 3
    batches, published = at.dataframe[1].value, at.dataframe[2].value
    assert list(batches.columns) == ["Batch impor", "Jenis", "Berkas", "Hash berkas (algoritme:nilai)",
                                     "Jumlah baris", "Diimpor pada", "Status", "Catatan"]
    assert len(batches) == default_db.execute("select count(*) from import_batch").fetchone()[0] == 1
    assert len(published) == run_query(default_db, "published_rates", month="all", level="all").height


def test_the_segment_chart_is_captioned_with_the_printed_split(app_env):
    """Review 3 F1: February 2025's Databoks split printed under the bars, PU/PMI called synthetic;
    a month without a printed split says the split is synthetic (and its total the printed one)."""
    at = run(period="2025-02-01")
    assert not at.exception
    # Markdown escapes stripped: the text as the reader sees it.
    (note,) = [c.value.replace("\\", "") for c in at.caption if c.value.startswith("Angka terbit Februari 2025")]
    assert "PU (penerima upah) 26.260.000" in note and "jumlah 41.380.000" in note
    assert "Databoks/Katadata" in note and "https://databoks.katadata.co.id/" in note
    assert "pembagian PU/PMI pada grafik bersifat sintetis" in note
    en = run(period="2024-12-01", lang="en")
    (note,) = [c.value.replace("\\", "") for c in en.caption if c.value.startswith("The split by segment")]
    assert "published national figure of 45,220,000" in note and "Kontan" in note


def test_a_published_active_count_is_shown_exact_under_its_card(app_env):
    """Review 3 F3: Databoks' 39,05 juta (May 2025) reads "39 juta" on the card (fmt.compact's house
    rule); the card's line under it gives 39.050.000 beside its source. A synthetic month does not."""
    at = run(period="2025-05-01")
    assert not at.exception
    assert at.metric[0].value == "39 juta"
    assert any(c.value.replace("\\", "").startswith("39.050.000 · Terbit · Peserta Aktif BPJS TK Indonesia")
               for c in at.caption)
    en = run(period="2025-01-01", lang="en")
    assert any(c.value.replace("\\", "").startswith("42,660,000 · Published") for c in en.caption)
    later = run(period="2025-08-01")
    assert not any(c.value.replace("\\", "").startswith("39.050.000 ·") for c in later.caption)


def test_the_national_trend_draws_the_2025_targets_side_by_side_and_the_plan_end(app_env):
    """Review 3 F5: Kemendagri's 52,15% for 2025 beside RPJMN's 32,15%, each with who set it, and
    RPJMN's 43,92% for 2029; RKP 2026's 34,99% (on the Target page) would lie on the line itself."""
    at = run()
    assert not at.exception
    [trend] = [s for s in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
               if s["layout"]["title"]["text"].startswith("Tren nasional")]
    lines = sorted(shape["y0"] for shape in trend["layout"]["shapes"])
    assert lines == [32.15, 43.92, 52.15]
    labels = sorted(a["text"] for a in trend["layout"]["annotations"] if a["text"].startswith("Target"))
    assert labels == ["Target 32,15% (RPJMN 2025–2029, Des 2025)", "Target 43,92% (RPJMN 2025–2029, Des 2029)",
                      "Target 52,15% (Kemendagri, Des 2025)"]


def test_the_reported_rates_read_as_their_sources_printed_them(app_env):
    # December 2025: Gorontalo's source printed "54 Persen" (Narasi21), Sulawesi Utara's "67,95%"
    # (Barometer.co.id). The table read "54,00" where the map's hover says "dilaporkan 54%".
    at = run(period="2025-12")
    assert not at.exception
    table = at.dataframe[0].value
    reported = dict(zip(table["Provinsi"], table["Cakupan dilaporkan (%)"]))
    assert reported["Gorontalo"] == "54"
    assert reported["Sulawesi Utara"] == "67,95"
    assert reported["Bali"] == "–"
