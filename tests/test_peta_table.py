"""Peta Cakupan's areas table ranks by the measure the map shows (review: the table ranked by
coverage whatever the map showed), names it in its heading and keeps coverage beside it."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest

from cakupan import db
from conftest import run_page

DECEMBER = date(2025, 12, 1)


def table(at):
    """The areas table as shown: the first dataframe on the page."""
    return at.dataframe[0].value


def map_values(at) -> dict[str, float]:
    """Area name -> the value the map colours it by (its first trace: the areas with a value)."""
    trace = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    return {row[0]: z for row, z in zip(trace["customdata"], trace["z"])}


def coverage(con, level: str, province: str = "all") -> pl.DataFrame:
    return db.run_query(con, "area_coverage", period=DECEMBER, basis="ucj", level=level, province=province,
                        segment="all", kind="all")


def test_a_gap_map_ranks_its_table_by_the_gap_largest_first(app_env):
    at = run_page("peta", metric="gap_people")
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Wilayah di peta, menurut selisih ke target (orang)"]
    shown = table(at)
    assert list(shown.columns) == ["No.", "Wilayah", "Selisih (orang)", "Cakupan (%)"]
    # The five provinces with a target, in the order of the values the map draws, largest gap first.
    on_map = map_values(at)
    expected = sorted(on_map, key=on_map.get, reverse=True)
    assert list(shown["Wilayah"][:5]) == expected
    assert list(shown["No."][:5]) == ["1", "2", "3", "4", "5"]
    # Whole people, with their sign, as the map's legend reads them (Kalimantan Barat first).
    top = max(on_map.values())
    assert shown["Selisih (orang)"][0] == "+" + f"{round(top):,}".replace(",", ".")
    # The 33 provinces without a target come after them, unranked, by coverage.
    assert set(shown["No."][5:]) == {"–"} and set(shown["Selisih (orang)"][5:]) == {"–"}
    rest = list(shown["Cakupan (%)"][5:])
    assert rest == sorted(rest, reverse=True) and len(rest) == 33


def test_an_uncovered_map_ranks_the_kab_kota_beside_it_by_people_not_covered(app_env, default_db):
    at = run_page("peta", metric="uncovered", province="52", area="52")
    assert not at.exception
    assert any(m.value == "**Kab/kota di Nusa Tenggara Barat, menurut belum terlindungi (orang)**"
               for m in at.markdown)
    shown = table(at)
    assert list(shown.columns) == ["No.", "Wilayah", "Belum terlindungi", "Cakupan (%)"]
    # Expected straight from the query: workers minus active participants, most first.
    rows = coverage(default_db, "regency", "52").with_columns(
        (pl.col("workers") - pl.col("active")).alias("not_covered")).sort("not_covered", descending=True)
    names = [n.replace("Kabupaten ", "Kab. ") for n in rows["area_name"]]
    assert list(shown["Wilayah"]) == names
    assert list(shown["Belum terlindungi"]) == rows["not_covered"].to_list()
    assert list(shown["Cakupan (%)"]) == pytest.approx(rows["rate_pct"].to_list())


def test_a_change_map_of_every_kab_kota_shows_the_biggest_rises_and_falls(app_env, default_db):
    at = run_page("peta", metric="change_3m", level="regency")
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Wilayah di peta, menurut perubahan 3 bulan"]
    assert any("separuh terbawah menurut perubahan 3 bulan" in c.value for c in at.caption)
    shown = table(at)
    rows = coverage(default_db, "regency").drop_nulls("rate_change_3m_pts").sort(
        ["rate_change_3m_pts", "area_code"], descending=[True, False])
    assert list(shown["3 bln (poin)"][:10]) == pytest.approx(rows["rate_change_3m_pts"][:10].to_list())
    assert list(shown["3 bln (poin)"][10:]) == pytest.approx(rows["rate_change_3m_pts"][-10:].to_list())
    assert list(shown["No."][-1:]) == [rows.height]


def test_without_a_value_anywhere_the_table_says_so_and_ranks_by_coverage(app_env, default_db):
    # No kab/kota of NTB has a target of its own: the gap map is grey, the table ranks by coverage.
    at = run_page("peta", metric="gap_pts", province="52", area="52")
    assert not at.exception
    assert any(m.value == "**Kab/kota di Nusa Tenggara Barat, menurut cakupan**" for m in at.markdown)
    assert any("Tidak ada wilayah di sini dengan nilai selisih ke target (poin)" in c.value for c in at.caption)
    shown = table(at)
    assert list(shown.columns) == ["No.", "Kode", "Wilayah", "Cakupan (%)"]
    rates = coverage(default_db, "regency", "52").sort("rate_pct", descending=True)
    assert list(shown["Kode"]) == rates["area_code"].to_list()


def test_the_coverage_map_keeps_its_table_and_english_names_the_measure(app_env):
    at = run_page("peta", metric="rate")
    assert [s.value for s in at.subheader] == ["Wilayah di peta, menurut cakupan"]
    assert list(table(at).columns) == ["No.", "Kode", "Wilayah", "Cakupan (%)"]
    at = run_page("peta", metric="active", lang="en", province="52", area="52")
    assert any(m.value == "**Kabupaten/kota in Nusa Tenggara Barat, by active participants**" for m in at.markdown)
    shown = table(at)
    assert list(shown.columns) == ["No.", "Area", "Active", "Coverage (%)"]
    assert list(shown["Active"]) == sorted(shown["Active"], reverse=True)


def test_a_band_map_beside_a_drilled_province_shows_each_kab_kota_band(app_env, default_db):
    # Review 3 F7: the band the map colours by was a fifth column, scrolled out of the narrow column.
    at = run_page("peta", metric="band", province="52", area="52")
    assert not at.exception
    assert any(m.value == "**Kab/kota di Nusa Tenggara Barat, menurut cakupan**" for m in at.markdown)
    shown = table(at)
    assert list(shown.columns) == ["No.", "Wilayah", "Cakupan (%)", "Pita"]
    rows = coverage(default_db, "regency", "52").sort("rate_pct", descending=True)
    assert list(shown["Wilayah"]) == [n.replace("Kabupaten ", "Kab. ") for n in rows["area_name"]]
    # The working thresholds the legend prints: under 20, 20 to under 40, 40 to under 60, 60 and over.
    names = ("Sangat rendah", "Rendah", "Sedang", "Tinggi")
    expected = [names[min(int(r // 20), 3)] for r in rows["rate_pct"]]
    assert list(shown["Pita"]) == expected
    assert {"Rendah", "Sedang"} <= set(expected)  # NTB's kab/kota span two bands (as on the map)
    at = run_page("peta", metric="band", lang="en", province="52", area="52")
    assert list(table(at).columns) == ["No.", "Area", "Coverage (%)", "Band"]
