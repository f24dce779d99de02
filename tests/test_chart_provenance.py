"""A chart's exported provenance is its own rows' sources: a trend names the sources of its months
and of the targets it draws, a segment chart the sources of its segment rows, and only a map
carries the boundary credit (review 2, finding 3)."""

from datetime import date

import plotly.graph_objects as go
import polars as pl

from cakupan import provenance
from cakupan.db import run_query
from cakupan.figures.bars import segment_bar
from cakupan.provenance import Provenance
from cakupan.reports import export

APR24, APR25 = date(2024, 4, 1), date(2025, 4, 1)


def test_a_province_trend_names_the_sources_of_each_of_its_months(fixture_db):
    # NTB on UCJ: April 2024 is all synthetic fill (both parts from source 2); April 2025's members
    # are the published total of "Published A" (700), its workers still the fill. Neither month's
    # rate is published (the denominator is synthetic), so the chart is synthetic throughout.
    rows = run_query(fixture_db, "coverage_trend", area_code="52", basis="ucj").to_dicts()
    assert [(r["period"], r["active_source"], r["workers_source"]) for r in rows] == [
        (APR24, "Synthetic fill", "Synthetic fill"), (APR25, "Published A", "Synthetic fill")]
    got = provenance.series_provenance(rows, "ucj", "id", unit="persen (%)")
    assert got == Provenance(("Synthetic fill", "Published A"), "April 2024 – April 2025", "ucj", True,
                             unit="persen (%)", kinds=("synthetic",))


def test_a_trend_of_published_rows_only_is_not_flagged_synthetic(fixture_db):
    # On BPS only April 2025 has workers: NTB's members are the anchor, its workers the published
    # rows of "Published A" (2.000 + 3.000), so the one month is published, with one source.
    rows = run_query(fixture_db, "coverage_trend", area_code="52", basis="bps").to_dicts()
    got = provenance.series_provenance(rows, "bps", "en")
    assert got == Provenance(("Published A",), "April 2025", "bps", False, kinds=("published",))


def test_the_targets_drawn_on_a_trend_are_among_its_sources():
    rows = [{"period": APR25, "rate_pct": 35.68, "active": 397, "workers": 1113, "active_synthetic": False,
             "workers_synthetic": False, "active_source": "Kontan", "workers_source": "kabaran.id"}]
    targets = [{"source_title": "RPJMN 2025–2029"}, {"source_title": "Kemendagri 2025"}]
    got = provenance.series_provenance(rows, "ucj", "id", targets)
    assert got.sources == ("Kontan", "kabaran.id", "RPJMN 2025–2029", "Kemendagri 2025")
    assert not got.synthetic


def test_a_kanwil_small_multiple_names_each_provinces_sources(fixture_db):
    rows = run_query(fixture_db, "province_trend", kanwil="BANUSPA", basis="ucj").to_dicts()
    got = provenance.series_provenance(rows, "ucj", "id")
    # NTT (53) is synthetic fill in both months; NTB as above.
    assert got.sources == ("Synthetic fill", "Published A")
    assert got.as_of == "April 2024 – April 2025" and got.synthetic


def test_the_segment_chart_names_its_segment_rows_sources_not_the_months_headline(fixture_db):
    rows = run_query(fixture_db, "national_segments", period=APR25).to_dicts()
    # PU 330 + 250 + 100 and BPU 120, all rows of the synthetic fill (source 2).
    assert [(r["segment"], r["active"], r["source_titles"]) for r in rows] == [
        ("PU", 680, ["Synthetic fill"]), ("BPU", 120, ["Synthetic fill"])]
    got = provenance.segment_provenance(rows, "April 2025", "orang")
    assert got == Provenance(("Synthetic fill",), "April 2025", None, True, unit="orang")


CREDIT = "Batas wilayah: perkiraan (uji)."


def test_a_bar_chart_export_carries_no_boundary_credit():
    fig = segment_bar(pl.DataFrame({"segment": ["PU", "BPU"], "active": [300, 100], "share_pct": [75.0, 25.0]}),
                      "Peserta aktif menurut segmen", "id")
    spec = export.print_spec(fig, Provenance(("Published A",), "April 2025", boundary_credit=CREDIT), "id")
    footer = spec["layout"]["annotations"][-1]["text"]
    assert footer.startswith("Sumber: Published A")
    assert CREDIT not in footer


def test_a_line_chart_export_carries_no_boundary_credit_but_a_map_does():
    line = go.Figure(go.Scatter(x=[APR24, APR25], y=[30.0, 31.0]))
    assert CREDIT not in export.print_spec(line, Provenance(("A",), "2024", boundary_credit=CREDIT),
                                           "id")["layout"]["annotations"][-1]["text"]
    geo = go.Figure(go.Choropleth(locations=["52"], z=[1.0]))
    assert CREDIT in export.print_spec(geo, Provenance(("A",), "2024", boundary_credit=CREDIT),
                                       "id")["layout"]["annotations"][-1]["text"]


# --- the pages hand each chart its own provenance (review 2, finding 3) ----------------------

DEC25 = date(2025, 12, 1)


def test_ringkasan_trend_and_segments_cite_their_own_sources(chart_provenance):
    from conftest import run_page

    at = run_page("ringkasan")
    assert not at.exception
    trend = next(p for title, p in chart_provenance.items() if title.startswith("Tren"))
    segments = next(p for title, p in chart_provenance.items() if title.startswith("Peserta aktif menurut segmen"))
    # The national series' publications (DOMAIN's national figures: SPN News Dec 2023, Kontan,
    # Databoks Feb 2025, kabaran.id's 35,68% and the RPJMN targets drawn on the chart).
    for publisher in ("SPN News", "Kontan", "Databoks", "kabaran.id", "RPJMN 2025–2029"):
        assert any(publisher in s for s in trend.sources), publisher
    assert trend.as_of == "Desember 2023 – Desember 2025" and trend.boundary_credit is None
    # December's province articles behind the map are not the trend's or the segments' sources.
    for p in (trend, segments):
        assert not any("ANTARA Babel" in s or "Barometer" in s for s in p.sources)
    assert segments.sources == (provenance.SYNTHETIC_TITLE,) and segments.boundary_credit is None


def test_wilayah_top_and_bottom_five_cite_their_own_provinces(chart_provenance, default_db):
    from cakupan import gaps
    from conftest import run_page

    at = run_page("wilayah", kanwil="BANUSPA", rank_level="province")
    assert not at.exception
    provinces = run_query(default_db, "area_coverage", period=DEC25, basis="ucj", level="province", province="all",
                          segment="all", kind="all").filter(pl.col("kanwil_code") == "BANUSPA")
    chosen = gaps.applicable_targets(run_query(default_db, "targets"), DEC25, "ucj")
    top, bottom = gaps.top_bottom(gaps.with_gaps(provinces, chosen, "province", filtered=False), 5)
    for word, rows in (("teratas", top), ("terbawah", bottom)):
        got = next(p for title, p in chart_provenance.items() if title.startswith(f"{rows.height} {word}"))
        expected = sorted({s for r in rows.iter_rows(named=True) for s in (r["active_source"], r["workers_source"])
                           if s})
        assert list(got.sources) == expected


def test_the_change_chart_cites_both_months(chart_provenance, default_db):
    from conftest import run_page

    at = run_page("berubah")
    assert not at.exception
    got = next(p for title, p in chart_provenance.items() if title.startswith("Perubahan cakupan per provinsi"))
    assert got.as_of == "November 2025 – Desember 2025"
    expected = set()
    for month in (date(2025, 11, 1), DEC25):
        rows = run_query(default_db, "area_coverage", period=month, basis="ucj", level="province", province="all",
                         segment="all", kind="all")
        expected |= set(rows["active_source"].drop_nulls()) | set(rows["workers_source"].drop_nulls())
    assert set(got.sources) == expected


# --- Review 3 F1: the national segment bars beside the published split ---

def _segment_rows(active, printed, pmi_printed, total=41_380_000):
    source = "Provinsi dengan Peserta Aktif BPJS TK Terbanyak pada Februari 2025 (Databoks/Katadata; data Kemnaker)"
    return [{"segment": s, "active": a, "share_pct": 100 * a / sum(active.values()), "published_active": printed.get(s),
             "published_source": source if s in printed else None,
             "published_source_url": "https://databoks.katadata.co.id/x" if s in printed else None,
             "published_total": total, "published_total_source": source, "published_total_source_url": None,
             "pmi_printed": pmi_printed} for s, a in active.items()]


FEB25 = _segment_rows({"PU": 25_605_551, "BPU": 9_580_000, "JAKON": 5_531_740, "PMI": 662_709},
                      {"PU": 26_260_000, "BPU": 9_580_000, "JAKON": 5_530_000}, False)


def test_a_count_matches_a_printed_figure_at_its_printed_precision():
    assert provenance.matches_printed(5_531_740, 5_530_000)  # printed to ten thousand: within 5.000
    assert not provenance.matches_printed(5_536_000, 5_530_000)
    assert not provenance.matches_printed(24_333_145, 25_000_000)  # "25 juta": to a million, off by 667 ribu
    assert provenance.matches_printed(640_005, 640_000) and not provenance.matches_printed(641, None)
    assert provenance.matches_printed(1_234, 1_234) and not provenance.matches_printed(1_235, 1_234)


def test_a_source_short_name_is_the_publisher_in_its_last_brackets():
    assert provenance.source_short(FEB25[0]["published_source"], "id") == "Databoks/Katadata"
    assert provenance.source_short("Judul tanpa kurung", "id") == "Judul tanpa kurung"


def test_segment_hovers_say_which_bars_are_printed_and_which_synthetic():
    got = [provenance.segment_hover(r, "id") for r in FEB25]
    assert got == [
        "data sintetis; angka terbit PU, sudah termasuk PMI: 26.260.000 (Databoks/Katadata)",
        "sesuai angka terbit 9.580.000 (Databoks/Katadata)",
        "sesuai angka terbit 5.530.000 (Databoks/Katadata)",
        "data sintetis",
    ]
    assert provenance.segment_hover(FEB25[0], "en") == (
        "synthetic data; published PU, PMI included: 26,260,000 (Databoks/Katadata)")
    fig = segment_bar(pl.DataFrame(FEB25), "t", "id")
    assert fig.data[0].hovertext[0] == ("PU (penerima upah): 25.605.551 (61,9%)<br>data sintetis; angka terbit PU, "
                                        "sudah termasuk PMI: 26.260.000 (Databoks/Katadata)")


def test_the_segment_note_gives_the_printed_split_and_says_pu_pmi_is_synthetic_without_a_pmi_line():
    text, title, url, after = provenance.segment_note(FEB25, "Februari 2025", "id")
    assert text == ("Angka terbit Februari 2025: PU (penerima upah) 26.260.000, BPU (bukan penerima upah) 9.580.000, "
                    "Jakon (jasa konstruksi) 5.530.000; jumlah 41.380.000.")
    assert title.startswith("Provinsi dengan Peserta Aktif") and url == "https://databoks.katadata.co.id/x"
    assert "PU terbitnya sudah termasuk PMI" in after and "sintetis" in after
    # A source printing PMI (Kontan, April 2025) needs no such sentence.
    april = _segment_rows({"PU": 25_430_004, "PMI": 640_005}, {"PU": 25_430_000, "PMI": 640_000}, True, 39_700_000)
    assert provenance.segment_note(april, "April 2025", "en")[3] == ""
    # No split printed: synthetic, its total the printed national figure where there is one.
    none = _segment_rows({"PU": 28_369_913, "BPU": 9_649_333}, {}, False, 45_220_000)
    text, title, _, _ = provenance.segment_note(none, "December 2024", "en")
    assert text == ("The split by segment for December 2024 is synthetic: Cakupan holds no published split by segment for this month. "
                    "Its total follows the published national figure of 45,220,000.")
    assert title is not None
    text, title, _, _ = provenance.segment_note(_segment_rows({"PU": 5}, {}, False, None), "Desember 2025", "id")
    assert text.endswith("Jumlahnya juga sintetis.") and title is None


# --- Review 3 F2: the national trend labels each count, and its dots tell the months apart ---

def test_the_national_trend_hover_labels_the_published_count_and_the_synthetic_base(default_db):
    from cakupan.figures import trends

    trend = run_query(default_db, "coverage_trend", area_code="ID", basis="ucj")
    fig = trends.trend_figure(trend, pl.DataFrame(schema={"metric": pl.String, "target_value": pl.Float64}), "t", "id")
    hover = dict(zip(trend["period"], fig.data[0].hovertext))
    colour = dict(zip(trend["period"], fig.data[0].marker.color))
    # Kontan's 45,22 juta for December 2024 over a synthetic UCJ base (no source prints one then).
    dec24 = hover[date(2024, 12, 1)].split("<br>")
    assert dec24[1] == "Peserta aktif 45.220.000 (angka terbit · Kontan)"
    assert dec24[2].startswith("Pekerja ") and dec24[2].endswith(" (data sintetis)")
    assert colour[date(2024, 12, 1)] == trends.MARK_COLOUR["count_only"]
    # Databoks' 39,05 juta for May 2025, the same way.
    assert hover[APR25.replace(month=5)].split("<br>")[1] == "Peserta aktif 39.050.000 (angka terbit · Databoks/Katadata)"
    # April 2025: the base is derived from kabaran.id's printed 35,68%, so the month is filled.
    apr = hover[APR25].split("<br>")
    assert apr[0] == "April 2025: 35,68%" and apr[1] == "Peserta aktif 39.700.000 (angka terbit · Kontan)"
    assert apr[2].endswith("(diturunkan dari angka terbit 35,68% · kabaran.id)")
    assert colour[APR25] == trends.MARK_COLOUR["filled"]
    # A month between published ones is synthetic on both counts, and hollow.
    assert hover[date(2024, 6, 1)].count("(data sintetis)") == 2 and colour[date(2024, 6, 1)] == "white"
    note = trends.trend_note(trend, pl.DataFrame(schema={"metric": pl.String, "target_value": pl.Float64}), "id")
    assert "Titik biru muda = peserta aktif terbit" in note and "Titik kosong" in note


def test_a_segment_export_cites_the_printed_split_it_stands_beside():
    got = provenance.segment_provenance([{**r, "source_titles": ["Synthetic fill"], "is_synthetic": True} for r in FEB25], "Februari 2025")
    assert got.sources == ("Provinsi dengan Peserta Aktif BPJS TK Terbanyak pada Februari 2025 (Databoks/Katadata; "
                           "data Kemnaker)", "Synthetic fill") and got.synthetic
