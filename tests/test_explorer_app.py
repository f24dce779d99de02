"""Peta Cakupan and Tinjauan Wilayah run headless with AppTest on the default dataset.

Every combination of the filters that change the explorer's query (segment × enterprise kind ×
basis, with the map scope and the month cycling through their values) is run, and the
participants the map carries must equal the query run directly with the same parameters.
"""

from __future__ import annotations

import itertools
import math
import json
from datetime import date

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from cakupan import choices, db, fmt, gaps
from cakupan.figures import trends
from conftest import DASHBOARD, PROVINCE_SUMS

LATEST, EARLIER = "2025-12-01", "2024-06-01"
SCOPES = [  # (URL parameters, level, province, kanwil, areas drawn)
    ({"level": "province"}, "province", "all", "all", 38),
    ({"level": "regency"}, "regency", "all", "all", 514),
    ({"level": "regency", "kanwil": "BANUSPA"}, "regency", "all", "BANUSPA", 83),
    ({"province": "52", "area": "52"}, "regency", "52", "all", 10),
]
COMBINATIONS = list(itertools.product(choices.SEGMENTS, choices.KINDS, choices.BASES))


def run(page: str, **query) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{page}.py")
    return at.run()


def specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def map_areas(spec: dict) -> list[list]:
    """customdata rows of the traces that draw areas (not the outline or highlight overlays)."""
    return [row for trace in spec["data"] if trace["type"] == "choropleth" and trace.get("customdata")
            for row in trace["customdata"]]


@pytest.mark.parametrize("segment, kind, basis", COMBINATIONS)
def test_every_query_filter_combination(app_env, default_db, segment, kind, basis):
    number = COMBINATIONS.index((segment, kind, basis))
    query, level, province, kanwil, count = SCOPES[number % len(SCOPES)]
    period = LATEST if number % 3 else EARLIER
    at = run("peta", segment=segment, kind=kind, basis=basis, period=period, **query)
    assert not at.exception
    rows = map_areas(specs(at)[0])
    assert len(rows) == count
    expected = db.run_query(default_db, "area_coverage", period=date.fromisoformat(period), basis=basis,
                            level=level, province=province, segment=segment, kind=kind)
    if kanwil != "all":
        expected = expected.filter(pl.col("kanwil_code") == kanwil)
    assert sum(row[2] for row in rows) == expected["active"].sum()  # customdata[2] is active
    assert sum(row[3] for row in rows) == expected["workers"].sum()
    assert {k: at.query_params[k] for k in ("segment", "kind", "basis", "period", "level", "province")} == {
        "segment": segment, "kind": kind, "basis": basis, "period": period, "level": level, "province": province}


@pytest.mark.parametrize("metric", choices.EXPLORER_METRICS)
def test_every_metric_draws_with_its_unit(app_env, metric):
    at = run("peta", metric=metric)
    assert not at.exception
    spec = specs(at)[0]
    legend = spec["data"][0]["colorbar"]["title"]["text"]
    unit = {"rate": "%", "active": "orang", "uncovered": "orang", "gap_pts": "poin", "gap_people": "orang",
            "change_3m": "poin", "change_12m": "poin", "band": "ambang kerja Cakupan"}[metric]
    assert unit in legend
    assert len(map_areas(spec)) == 38
    if metric.startswith("gap"):
        # Five provinces have a target in the default data; the other 33 are grey, never made up.
        assert len(spec["data"][0]["locations"]) == 5
        assert "tidak ada target" in spec["data"][1]["hovertemplate"]


NTB = ["52.01", "52.02", "52.03", "52.04", "52.05", "52.06", "52.07", "52.08", "52.71", "52.72"]


def test_drilled_regency_shows_its_detail(app_env):
    at = run("peta", area="52.71")
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Rincian: Kota Mataram"]
    assert [b.label for b in at.button if b.key and b.key.startswith("crumb_")] == ["Indonesia", "Nusa Tenggara Barat"]
    assert [m.label for m in at.metric][:2] == ["Tingkat cakupan", "Peserta aktif"]
    charts = specs(at)
    assert len(map_areas(charts[0])) == 10  # NTB's kabupaten/kota
    assert charts[0]["data"][-1]["locations"] == ["52.71"]  # the highlight outline
    assert charts[1]["data"][0]["type"] == "scatter" and len(charts[1]["data"][0]["x"]) == 25  # 25 months
    # Segment and enterprise kind, each with its values as a text trace past the bars (issue 13).
    assert [trace["type"] for trace in charts[2]["data"]] == ["bar", "scatter", "bar", "scatter"]
    # Issue 13: first the ranked kab/kota of NTB beside the map, then the targets of the detail.
    ranked, targets = at.dataframe[0].value, at.dataframe[1].value
    assert sorted(ranked.iloc[:, 1]) == NTB and list(ranked.iloc[:, 0]) == list(range(1, 11))
    assert "Pemprov NTB" in set(targets.iloc[:, 1])  # the province's target, shown beside
    assert any("tidak punya target sendiri" in c.value for c in at.caption)


def test_breadcrumb_goes_back_to_the_nation(app_env):
    at = run("peta", area="52.71", kanwil="BANUSPA")
    assert [b.label for b in at.button if b.key and b.key.startswith("crumb_")] == [
        "Indonesia", "Kanwil Banuspa", "Nusa Tenggara Barat"]
    at.button(key="crumb_2").click().run()
    assert (at.query_params["province"], at.query_params["area"]) == ("52", "52")
    assert [s.value for s in at.subheader] == ["Rincian: Nusa Tenggara Barat"]
    at.button(key="crumb_0").click().run()
    assert not at.exception
    assert at.query_params["level"] == "province"
    assert (at.query_params["province"], at.query_params["area"], at.query_params["kanwil"]) == ("all", "all", "all")
    assert len(map_areas(specs(at)[0])) == 38


def test_level_and_kanwil_switches(app_env):
    at = run("peta")
    at.radio[1].set_value("regency").run()  # radio 0 is the basis
    assert at.query_params["level"] == "regency"
    assert len(map_areas(specs(at)[0])) == 514
    assert any("Ditampilkan 20 dari 514 wilayah" in c.value for c in at.caption)
    kanwil = next(s for s in at.selectbox if s.label == "Kanwil")
    kanwil.select("BANUSPA").run()
    assert at.query_params["kanwil"] == "BANUSPA"
    assert len(map_areas(specs(at)[0])) == 83


@pytest.mark.parametrize("page, prefix", [("peta", "exp"), ("wilayah", "reg")])
def test_consecutive_changes_are_all_kept(app_env, page, prefix):
    at = run(page, kanwil="BANUSPA")
    for month in ("2025-11-01", "2025-10-01", "2025-09-01"):
        at.selectbox(key=f"{prefix}_period").set_value(date.fromisoformat(month)).run()
        assert at.query_params["period"] == month
    for basis in ("bps", "ucj", "bps"):
        at.radio(key=f"{prefix}_basis").set_value(basis).run()
        assert at.query_params["basis"] == basis


def test_copied_url_restores_the_view(app_env):
    url = {"lang": "en", "level": "regency", "province": "53", "area": "53.71", "kanwil": "BANUSPA",
           "period": "2025-03-01", "basis": "bps", "segment": "BPU", "kind": "umkm", "metric": "change_12m",
           "target": "Cabang"}
    at = run("peta", **url)
    assert not at.exception
    assert {k: at.query_params[k] for k in url} == url  # nothing was overwritten
    # Issue 13: the drilled province's kab/kota are ranked beside the map, and the map's title says
    # where, when, and for which segment, kind and basis.
    assert [s.value for s in at.subheader] == ["Detail: Kota Kupang"]
    # The table ranks by the measure the map shows (its 12-month change), and says so.
    assert "**Kabupaten/kota in Nusa Tenggara Timur, by 12-month change**" in [m.value for m in at.markdown]
    assert specs(at)[0]["layout"]["title"]["text"] == (
        "12-month change by Kabupaten/kota<br>Nusa Tenggara Timur · March 2025<br>"
        "BPU (non-wage) · UMKM (micro, small & medium) · BPS employed")
    assert at.radio[0].value == "bps"
    assert [s.value for s in at.selectbox][:3] == [date(2025, 3, 1), "BPU", "umkm"]


def test_gap_under_a_segment_filter_explains_itself(app_env):
    at = run("peta", metric="gap_pts", segment="PU")
    assert not at.exception
    assert any("hanya tersedia tanpa saring" in c.value for c in at.caption)


@pytest.mark.parametrize("query", [
    {"level": "bogus", "metric": "nope", "period": "1999-01-01", "basis": "x", "segment": "Z", "kind": "q"},
    {"area": "99.99", "province": "77", "kanwil": "NOWHERE"},
    {"target": "Kanwil", "metric": "gap_people"},
])
def test_bad_or_empty_url_values_fall_back(app_env, query):
    at = run("peta", **query)
    assert not at.exception
    assert at.query_params["level"] in choices.LEVELS and at.query_params["metric"] in choices.METRICS


def test_english(app_env):
    at = run("peta", lang="en")
    assert not at.exception
    assert at.title[0].value == "Coverage Map"
    assert at.subheader[0].value == "Areas on the map, by coverage"  # the heading names what it ranks by


@pytest.mark.parametrize("page", ["peta", "wilayah"])
def test_missing_database_gets_a_clear_message(tmp_path, monkeypatch, page):
    monkeypatch.setenv("CAKUPAN_DB", str(tmp_path / "absent.duckdb"))
    at = run(page)
    assert not at.exception
    # Said to a reader, not a command to type (nothing on screen names a command).
    assert at.info[0].value.startswith("Basis data belum tersedia di server ini.") and "make" not in at.info[0].value


# Tinjauan Wilayah --------------------------------------------------------------------------

def test_kanwil_banuspa_review(app_env, default_db):
    at = run("wilayah", kanwil="BANUSPA")
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Peringkat Kabupaten/kota", "Tren provinsi", "Di mana bertindak",
                                               "Bandingkan dua bulan"]
    charts = specs(at)
    # One panel per province since issue 13: nine geo panels holding the 83 kab/kota, named on top.
    panels = [t for t in charts[0]["data"] if t["type"] == "choropleth"]
    assert sorted(t.get("geo", "geo") for t in panels) == sorted(["geo"] + [f"geo{i}" for i in range(2, 10)])
    assert sum(len(t["locations"]) for t in panels) == 83
    assert {t["locations"][0][:2] for t in panels} == {"51", "52", "53", "91", "92", "93", "94", "95", "96"}
    assert charts[0]["layout"]["annotations"][1]["text"] == "<b>Nusa Tenggara Barat</b>"
    assert charts[0]["layout"]["title"]["text"].startswith("Tingkat cakupan per kabupaten/kota<br>Kanwil Banuspa · ")
    ranking, act = at.dataframe[0].value, at.dataframe[1].value
    assert len(ranking) == 83

    period = date(2025, 12, 1)
    regencies = db.run_query(default_db, "area_coverage", period=period, basis="ucj", level="regency",
                             province="all", segment="all", kind="all").filter(pl.col("kanwil_code") == "BANUSPA")
    chosen = gaps.applicable_targets(db.run_query(default_db, "targets"), period, "ucj")
    expected = gaps.where_to_act(regencies, "median", chosen, "BANUSPA")
    # On screen "Kabupaten" is shortened to "Kab." so that the name fits its narrow column.
    assert list(act.iloc[:5, 1]) == [name.replace("Kabupaten ", "Kab. ", 1) if name.startswith("Kabupaten ") else name
                                     for name in expected["area_name"].head(5).to_list()]
    # Review 3 F19: the people to cover come right after the name (on a phone the later columns are off-screen).
    assert list(act.columns[:3]) == ["No.", "Wilayah", "Orang untuk dilindungi"]
    assert list(act.iloc[:5, 2]) == expected["people_to_cover"].head(5).to_list()
    median = gaps.kanwil_median(regencies)
    assert f"({median:.2f}%)".replace(".", ",") in at.markdown[0].value  # the formula, in one sentence
    top = gaps.top_bottom(regencies, 5)[0]
    assert list(charts[1]["data"][0]["y"]) == top["area_name"].to_list()
    assert [c["layout"]["title"]["text"] for c in charts[-3:]] == [
        "Desember 2024", "Desember 2025",
        "Perubahan cakupan, Desember 2024 → Desember 2025 (poin)<br>Kanwil Banuspa · basis UCJ"]


@pytest.mark.parametrize("rank_level, rows", [("province", 9), ("regency", 83)])
def test_ranking_level(app_env, rank_level, rows):
    at = run("wilayah", kanwil="BANUSPA", rank_level=rank_level)
    assert not at.exception
    assert len(at.dataframe[0].value) == rows


def test_where_to_act_against_targets(app_env, default_db):
    at = run("wilayah", kanwil="BANUSPA", reference="target")
    assert not at.exception
    act = at.dataframe[1].value
    # Only NTB (Pemprov NTB, 62.22%) and NTT (Cabang, 64.82%) have coverage targets in Banuspa.
    assert set(act["Provinsi"]) == {"Nusa Tenggara Barat", "Nusa Tenggara Timur"}
    assert len(act) == 32
    assert "target" in at.markdown[0].value


def test_other_kanwil_and_compare_month(app_env):
    at = run("wilayah", kanwil="JATIM", compare="2025-06-01", lang="en")
    assert not at.exception
    assert at.title[0].value == "Regional Review"
    assert specs(at)[-1]["layout"]["title"]["text"] == (
        "Coverage change, June 2025 → December 2025 (points)<br>Kanwil Jawa Timur · UCJ base")


@pytest.mark.parametrize("page", ["peta", "wilayah"])
def test_empty_database_gets_a_clear_message(tmp_path, monkeypatch, page):
    import duckdb

    path = tmp_path / "empty.duckdb"
    with duckdb.connect(str(path)) as con:
        db.create_schema(con)
    monkeypatch.setenv("CAKUPAN_DB", str(path))
    at = run(page)
    assert not at.exception
    assert at.info[0].value == "Belum ada data untuk pilihan ini."


def test_kanwil_headline_is_its_kab_kota_summed(app_env, default_db):
    at = run("wilayah", kanwil="BANUSPA")
    assert not at.exception
    sums = """
        select
            (select sum(m.active_participants) from membership as m join regency as r using (regency_code)
             join province as p using (province_code) where p.kanwil_code = 'BANUSPA' and m.period = $month),
            (select sum(w.workers) from workforce as w join regency as r using (regency_code)
             join province as p using (province_code)
             where p.kanwil_code = 'BANUSPA' and w.period = $month and w.basis = 'ucj')
    """
    active, workers = default_db.execute(sums, {"month": date(2025, 12, 1)}).fetchall()[0]
    active_before, workers_before = default_db.execute(sums, {"month": date(2024, 12, 1)}).fetchall()[0]
    rate = 100.0 * active / workers
    change = rate - 100.0 * active_before / workers_before
    rate_metric, active_metric, workers_metric, uncovered_metric = at.metric[:4]
    assert rate_metric.value == f"{rate:.1f}%".replace(".", ",")
    assert rate_metric.delta.replace("\u2212", "-") == f"{change:+.2f} poin".replace(".", ",")
    assert active_metric.help == f"{active:,}".replace(",", ".")
    assert workers_metric.help == f"{workers:,}".replace(",", ".")
    assert uncovered_metric.help == f"{workers - active:,}".replace(",", ".")


def test_the_ranking_shows_each_rate_to_one_decimal_as_everywhere_else(app_env, default_db):
    """The kab/kota ranking's rate once was a bar labelled with a cut whole number ("57%" for a
    57,7% that the top-five chart beside it printed in full)."""
    import json

    import pyarrow as pa

    at = run("wilayah", kanwil="BANUSPA")
    table = at.dataframe[0]
    rate = "Cakupan (%)"
    config = json.loads(table.proto.columns)
    assert config.get(rate, {}).get("type_config", {}).get("type") != "progress"
    shown = pa.ipc.open_stream(table.proto.arrow_data.styler.display_values).read_all().to_pydict()
    regencies = db.run_query(default_db, "area_coverage", period=date(2025, 12, 1), basis="ucj", level="regency",
                             province="all", segment="all", kind="all").filter(pl.col("kanwil_code") == "BANUSPA")
    expected = {name: f"{value:.1f}".replace(".", ",")
                for name, value in zip(regencies["area_name"], regencies["rate_pct"])}
    assert dict(zip(shown["Wilayah"], shown[rate])) == expected


def test_no_province_is_both_among_the_best_and_the_worst_of_a_small_kanwil(app_env):
    at = run("wilayah", kanwil="BANUSPA", rank_level="province")
    titles = {c["layout"]["title"]["text"]: c for c in specs(at)}
    best = next(c for title, c in titles.items() if title.startswith("4 teratas"))
    worst = next(c for title, c in titles.items() if title.startswith("4 terbawah"))
    # Nine provinces: four best, four worst, the middle one in neither.
    assert len(best["data"][0]["y"]) == len(worst["data"][0]["y"]) == 4
    assert not set(best["data"][0]["y"]) & set(worst["data"][0]["y"])


@pytest.mark.parametrize("area", ["52.71", "52", "53"])
def test_the_trend_note_names_only_the_marks_the_chart_draws(app_env, area):
    """Kota Mataram's note once explained diamonds and dashed target lines its chart did not have."""
    at = run("peta", area=area)
    assert not at.exception
    trend = specs(at)[1]
    note = next(c.value for c in at.caption if c.value.startswith(("Belah", "Titik")))
    dots = trend["data"][0]["marker"]["color"]
    diamonds = any(d.get("marker", {}).get("symbol") == "diamond" for d in trend["data"])
    dashed = any(s.get("line", {}).get("dash") == "dash" for s in trend["layout"].get("shapes", []))
    assert ("Belah ketupat" in note) == diamonds
    assert ("Garis putus-putus" in note) == dashed
    assert ("Titik kosong" in note) == ("white" in dots)
    # Three dots since review 3 F2: filled, light blue (a count published over a synthetic base), hollow.
    assert ("Titik berisi" in note) == (trends.MARK_COLOUR["filled"] in dots)
    assert ("Titik biru muda" in note) == (trends.MARK_COLOUR["count_only"] in dots)


SUARA_NTB = "Paritrana Award Provinsi NTB 2025: UCJ NTB baru 33,25 persen (Suara NTB, 10 September 2025)"


def test_compare_cards_say_how_each_figure_came_to_be_as_peta_does(app_env):
    """Bandingkan's cards stood without a kind: NTB's synthetic December rate beside a published one
    read alike, where Peta's card of the same area and month says 'Sintetis' or 'Terbit · source'.
    NTB in August 2025 is Suara NTB's printed 33,25% (members derived from it, the base held)."""
    at = run("banding", a="52", b="53", period="2025-08-01")
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert f"Terbit · {SUARA_NTB}, Agustus 2025" in captions
    assert f"Diturunkan dari angka terbit 33,25% · {SUARA_NTB}, Agustus 2025" in captions
    # NTT in August 2025 has no publication: its three cards are synthetic, and NTB's uncovered too.
    assert captions.count("Sintetis") == 4


def test_kanwil_cards_say_their_figures_are_synthetic(app_env):
    at = run("wilayah", kanwil="BANUSPA", lang="en")
    assert not at.exception
    captions = [c.value for c in at.caption]
    cards = captions.index("Synthetic")
    assert captions[cards:cards + 4] == ["Synthetic"] * 4
    # The ranking names the members as the cards and every other table do ("Covered (active
    # participants)" was this table's own name for them).
    assert "Active participants" in at.dataframe[0].value.columns


def test_the_detail_targets_name_and_count_as_the_target_page_does(app_env, default_db):
    # Pemprov NTB's 62,22% for 2025 (ANTARA Mataram), against NTB's December 2025 figures. The panel
    # named it "Tingkat cakupan (%)" where the Target page says "Tingkat cakupan (basis UCJ)", and counted
    # the people still needed to the nearest person where the Target page rounds up.
    at = run("peta", area="52", period="2025-12")
    assert not at.exception
    targets = at.dataframe[1].value
    (pemprov,) = [r for _, r in targets.iterrows() if r.iloc[1] == "Pemprov NTB"]
    assert pemprov["Ukuran target"] == "Tingkat cakupan (basis UCJ)"
    active, workers = default_db.execute(PROVINCE_SUMS, {"p": "52", "month": date(2025, 12, 1)}).fetchall()[0]
    # shown as Indonesian text, in words: "kurang 533.872"
    assert pemprov["Selisih ke target (orang)"] == f"kurang {fmt.number(math.ceil(62.22 / 100 * workers - active), 'id')}"


def test_the_detail_targets_give_the_gap_in_points_in_words(app_env, default_db):
    # Pemprov NTB's 62,22% against NTB's December 2025 rate, summed from the fact tables: the
    # panel's cell read a bare "29,32" where the Target page and the briefing say "kurang 29,32 poin".
    at = run("peta", area="52", period="2025-12")
    assert not at.exception
    targets = at.dataframe[1].value
    (pemprov,) = [r for _, r in targets.iterrows() if r.iloc[1] == "Pemprov NTB"]
    active, workers = default_db.execute(PROVINCE_SUMS, {"p": "52", "month": date(2025, 12, 1)}).fetchone()
    short = 62.22 - 100.0 * active / workers
    assert short > 0
    assert pemprov["Selisih ke target (poin)"] == f"kurang {fmt.number(short, 'id', 2)} poin"
    # A target of the areas above is shown beside it with no gap.
    national = [r for _, r in targets.iterrows() if r.iloc[0] == "Indonesia"]
    assert national and all(r["Selisih ke target (poin)"] == "–" for r in national)


def test_the_province_ranking_gives_its_gaps_in_words_and_whole_people(app_env, default_db):
    # Banuspa's provinces ranked, December 2025: NTT against BPJS Ketenagakerjaan NTT's 64,82%,
    # NTB against Pemprov NTB's 62,22%. The cells read "+31,02" and "+292.719,00" (a "+" for short,
    # people in hundredths); the gap is actual minus target in words, the people rounded up.
    at = run("wilayah", kanwil="BANUSPA", rank_level="province", period="2025-12-01")
    assert not at.exception
    ranking = at.dataframe[0].value
    for code, name, target in (("53", "Nusa Tenggara Timur", 64.82), ("52", "Nusa Tenggara Barat", 62.22)):
        active, workers = default_db.execute(PROVINCE_SUMS, {"p": code, "month": date(2025, 12, 1)}).fetchone()
        (row,) = [r for _, r in ranking.iterrows() if r["Wilayah"] == name]
        assert row["Selisih ke target (poin)"] == f"kurang {fmt.number(target - 100.0 * active / workers, 'id', 2)} poin"
        assert row["Selisih ke target (orang)"] == f"kurang {fmt.number(math.ceil(target / 100 * workers - active), 'id')}"


def test_the_province_ranking_gives_a_reported_rate_as_printed(app_env):
    # NTT's December 2024 is the 33% its source printed (Jarrakpos.com); the ranking read "33,00".
    at = run("wilayah", kanwil="BANUSPA", rank_level="province", period="2024-12-01")
    assert not at.exception
    ranking = at.dataframe[0].value
    reported = dict(zip(ranking["Wilayah"], ranking["Cakupan dilaporkan (%)"]))
    assert reported["Nusa Tenggara Timur"] == "33"


def test_the_detail_says_when_its_12_month_change_spans_publications(app_env, default_db):
    # NTB, December 2025 against December 2024: its own published figures in those 12 months come
    # from more than one publication (change_sources), so the -0,26 poin may reflect the source, as
    # the briefing's "beda sumber†" and Tinjauan Wilayah's note say; Peta's cards said nothing.
    # Jawa Tengah's 12 months rest on one publication or none: no note.
    sources = db.run_query(default_db, "change_sources", period=date(2025, 12, 1), basis="ucj", level="province",
                           province="all", segment="all", kind="all")
    by_code = {r["area_code"]: r for r in sources.to_dicts()}

    def many(code):
        return any(len(by_code[code][f"{p}_sources_12m"] or []) > 1 for p in ("active", "workers"))

    assert many("52") and not many("33")
    note = "Perubahan 12 bulan di atas: angka 12 bulan dari publikasi berbeda"
    ntb = run("peta", area="52", period="2025-12")
    assert not ntb.exception
    assert any(c.value.startswith(note) for c in ntb.caption)
    central = run("peta", area="33", period="2025-12")
    assert not central.exception
    assert not any(c.value.startswith(note) for c in central.caption)
