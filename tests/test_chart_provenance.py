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
