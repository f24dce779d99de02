"""Apa yang berubah: the monthly_change query, movers, band and target crossings, and the page."""

from datetime import date

import duckdb
import polars as pl
import pytest

from cakupan import bands, changes, db, fmt
from conftest import ROOT, run_page

APRIL, MARCH = date(2025, 4, 1), date(2025, 3, 1)
BANDS = bands.read_bands(ROOT / "data" / "seeds" / "ucj_bands.csv")

# March 2025 beside the fixture's April 2025. Worked out by hand:
#   52.71: March 290 + 100 = 390 of 1.000 = 39 %  → April 450 of 1.000 = 45 %: +6 points, +60 people
#   52.01: March 260 of 700 + 500 = 1.200 = 21,67 % → April 250 of 1.100 = 22,73 %: +1,06 points, −10 people
#   53.71: 100 of 1.000 both months: 0
#   province 52: 650 / 2.200 = 29,545 % → 700 / 2.100 = 33,333 %; nation: 750 / 3.200 → 800 / 3.100
MARCH_ROWS = """
insert into membership values
    ('2025-03-01', '52.71', 'PU', 'lainnya', 290, true, 2, 1),
    ('2025-03-01', '52.71', 'BPU', 'umkm', 100, true, 2, 1),
    ('2025-03-01', '52.01', 'PU', 'lainnya', 260, true, 2, 1),
    ('2025-03-01', '53.71', 'PU', 'lainnya', 100, true, 2, 1);
insert into workforce values
    ('2025-03-01', '52.71', 'ucj', 'formal', 600, true, 2, 1),
    ('2025-03-01', '52.71', 'ucj', 'informal', 400, true, 2, 1),
    ('2025-03-01', '52.01', 'ucj', 'formal', 700, true, 2, 1),
    ('2025-03-01', '52.01', 'ucj', 'informal', 500, true, 2, 1),
    ('2025-03-01', '53.71', 'ucj', 'formal', 400, true, 2, 1),
    ('2025-03-01', '53.71', 'ucj', 'informal', 600, true, 2, 1);
"""


@pytest.fixture(scope="module")
def two_months(tmp_path_factory):
    path = tmp_path_factory.mktemp("changes") / "fixture.duckdb"
    con = duckdb.connect(str(path))
    db.create_schema(con)
    con.execute((ROOT / "tests" / "fixture_rows.sql").read_text())
    con.execute(MARCH_ROWS)
    con.close()
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def change(con, level):
    return db.run_query(con, "monthly_change", period=APRIL, basis="ucj", level=level)


def test_regency_changes_are_exact(two_months):
    frame = change(two_months, "regency")
    rows = {r["area_code"]: r for r in frame.to_dicts()}
    assert set(rows) == {"52.01", "52.71", "53.71"}
    assert rows["52.71"]["rate_before_pct"] == pytest.approx(39.0)
    assert rows["52.71"]["rate_pct"] == pytest.approx(45.0)
    assert rows["52.71"]["rate_change_pts"] == pytest.approx(6.0)
    assert rows["52.71"]["active_change"] == 60
    assert rows["52.01"]["rate_change_pts"] == pytest.approx(100 * 250 / 1100 - 100 * 260 / 1200)
    assert (rows["52.01"]["active_change"], rows["52.01"]["workers_change"]) == (-10, -100)
    assert rows["53.71"]["rate_change_pts"] == pytest.approx(0.0)
    assert rows["52.71"]["period_before"] == MARCH


@pytest.mark.parametrize("level, code, name, before, after, people", [
    ("province", "52", "Nusa Tenggara Barat", 100 * 650 / 2200, 100 * 700 / 2100, 50),
    ("province", "53", "Nusa Tenggara Timur", 10.0, 10.0, 0),
    ("kanwil", "BANUSPA", "Kanwil Banuspa", 100 * 750 / 3200, 100 * 800 / 3100, 50),
    ("national", "ID", "Indonesia", 100 * 750 / 3200, 100 * 800 / 3100, 50),
])
def test_every_level_adds_up_its_kabupaten_kota(two_months, level, code, name, before, after, people):
    row = change(two_months, level).filter(pl.col("area_code") == code).row(0, named=True)
    assert row["area_name"] == name
    assert (row["rate_before_pct"], row["rate_pct"]) == pytest.approx((before, after))
    assert row["rate_change_pts"] == pytest.approx(after - before)
    assert row["active_change"] == people


def test_a_month_without_the_month_before_has_no_change(two_months):
    # March has no February: every change is missing, never zero.
    frame = db.run_query(two_months, "monthly_change", period=MARCH, basis="ucj", level="regency")
    assert frame["rate_change_pts"].null_count() == 3
    assert frame["rate_pct"].to_list() == pytest.approx([100 * 260 / 1200, 39.0, 10.0])


def test_movers_rise_and_fall_and_skip_the_unchanged(two_months):
    up, down = changes.movers(change(two_months, "regency"), n=5)
    assert up["area_code"].to_list() == ["52.71", "52.01"]
    assert down.is_empty()


def test_band_crossing_is_found_with_its_direction(two_months):
    crossed = changes.band_crossings(change(two_months, "regency"), BANDS)
    # 39 % (rendah, 20–<40) to 45 % (sedang, 40–<60); 52.01 stays rendah, 53.71 stays sangat rendah.
    assert crossed.select("area_code", "band_before", "band", "direction").rows() == [
        ("52.71", "rendah", "sedang", "up")]


def test_target_crossings(two_months):
    targets = pl.DataFrame({
        "target_id": [1, 2, 3, 4],
        "set_by": ["Pemprov NTB", "Pemprov NTT", "BPS target", "Old"],
        "area_level": ["province", "province", "province", "province"],
        "area_code": ["52", "53", "52", "52"],
        "metric": ["coverage_rate"] * 4,
        "basis": ["ucj", "ucj", "bps", "ucj"],
        "target_value": [32.0, 10.0, 30.0, 31.0],
        "due_period": [date(2026, 12, 1), date(2026, 12, 1), date(2026, 12, 1), date(2025, 1, 1)],
    })
    frames = {"province": change(two_months, "province")}
    found = changes.target_crossings(frames, targets, APRIL, "ucj")
    # 52 went 29,55 % → 33,33 %: crosses 32 (reached). 53 stayed at 10 %: not a crossing. The bps
    # target is another basis, and the last was due before April.
    assert found.select("area_code", "set_by", "direction").rows() == [("52", "Pemprov NTB", "reached")]


def test_participants_falling_while_coverage_rises_is_recognised(two_months):
    rows = {r["area_code"]: r for r in change(two_months, "regency").to_dicts()}
    assert changes.fell_while_rose(rows["52.01"])
    assert not changes.fell_while_rose(rows["52.71"])
    assert not changes.rose_while_fell(rows["52.01"])


def test_data_status_reads_the_newest_month_and_import(two_months):
    status = db.run_query(two_months, "data_status").row(0, named=True)
    assert status["latest_period"] == APRIL
    assert status["last_import_at"].date() == date(2025, 5, 1)


def test_the_page_headline_matches_the_raw_sums(app_env, default_db):
    at = run_page("berubah")
    assert not at.exception
    assert at.title[0].value == "Apa yang berubah"
    (latest, active_now), (_, active_before) = default_db.sql(
        "select period, sum(active_participants) from membership group by period order by period desc limit 2"
    ).fetchall()
    metrics = {m.label: m for m in at.metric}
    assert metrics["Peserta aktif"].delta == fmt.signed(active_now - active_before, "id")
    assert "Data per " + fmt.month(latest, "id") in at.caption[0].value
    assert [s.value for s in at.subheader][1:] == [
        "Per Kanwil", "Per provinsi", "Kab/kota yang paling bergerak", "Melewati ambang UCJ", "Melewati target",
        "Batch impor terbaru"]


def test_the_page_in_english_has_its_own_words(app_env):
    at = run_page("berubah", lang="en")
    assert not at.exception
    assert at.title[0].value == "What changed"
    assert at.caption[0].value.startswith(":material/event_available: **Data as of ")


def test_compare_two_kabupaten_kota_side_by_side(app_env, default_db):
    at = run_page("banding", a="52.71", b="53.71")
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Kota Mataram", "Kota Kupang"]
    latest = default_db.sql("select max(period) from membership").fetchall()[0][0]
    for code, metric in zip(("52.71", "53.71"), [m for m in at.metric if m.label == "Tingkat cakupan"]):
        active = default_db.sql("select sum(active_participants) from membership where regency_code = $c "
                                "and period = $p", params={"c": code, "p": latest}).fetchall()[0][0]
        workers = default_db.sql("select sum(workers) from workforce where regency_code = $c and period = $p "
                                 "and basis = 'ucj'", params={"c": code, "p": latest}).fetchall()[0][0]
        assert metric.value == fmt.percent(100 * active / workers, "id")
    # Each side has its trend and its split by segment and kind.
    assert len(at.get("plotly_chart")) == 4


def test_compare_a_province_with_a_kabupaten_kota_warns(app_env):
    at = run_page("banding", lang="en", a="52", b="53.71")
    assert not at.exception
    assert "differ in scale" in at.warning[0].value


def test_wilayah_ranking_caption_matches_its_bars(app_env):
    # Issue 13: the note spoke of target-progress bars under a table that drew only coverage bars.
    regencies = run_page("wilayah", kanwil="BANUSPA", rank_level="regency")
    assert not regencies.exception
    captions = [c.value for c in regencies.caption]
    assert "Diurutkan menurut tingkat cakupan; batang = tingkat cakupan." in captions
    assert not any("capaian target" in c for c in captions)
    provinces = run_page("wilayah", kanwil="BANUSPA", rank_level="province")  # NTB and NTT have targets
    assert any("capaian target" in c.value for c in provinces.caption)


def test_briefing_map_labels_never_touch():
    # Issue 13: NTT's ranks 5 and 19 printed on top of each other. Two points 0.05° apart on a
    # map 10° wide and 400 px across are 2 px apart: the second gives way; a far one stays.
    from cakupan.reports.briefing import apart

    keep = apart([(120.0, -9.0), (120.05, -9.0), (125.0, -9.0)], (118.0, 128.0), (-11.0, -8.0), 400, 300)
    assert keep == [True, False, True]


def test_a_band_crossing_shows_rates_that_differ():
    """At one decimal a crossing of the 20 % threshold read '20,0 → 20,0, turun'."""
    from streamlit.testing.v1 import AppTest

    def page():
        from pathlib import Path

        import polars as pl

        from cakupan import bands
        from cakupan.provenance import Provenance
        from cakupan.ui import berubah

        crossed = pl.DataFrame({"level": ["regency"], "area_code": ["61.12"], "area_name": ["Kab. Kubu Raya"],
                                "band_before": ["rendah"], "band": ["sangat_rendah"], "direction": ["down"],
                                "rate_before_pct": [20.04], "rate_pct": [19.96]})
        rules = bands.read_bands(Path.cwd() / "data" / "seeds" / "ucj_bands.csv")
        berubah.band_table(crossed, rules, Provenance(("Data sintetis",), "Desember 2025", "ucj", True), "id")

    at = AppTest.from_function(page, default_timeout=60).run()
    assert not at.exception, at.exception
    import pyarrow as pa

    shown = pa.ipc.open_stream(at.dataframe[0].proto.arrow_data.styler.display_values).read_all().to_pylist()[0]
    assert (shown["Cakupan bulan sebelumnya (%)"], shown["Cakupan (%)"]) == ("20,04", "19,96")


def test_the_national_cards_say_how_each_figure_came_to_be(app_env):
    """As the overview's cards do. April 2025: Kontan's 39,7 juta members, and the base derived from
    kabaran.id's printed 35,68% (national.csv). December 2025: no publication, and the members held
    from May read '+0', which only the label tells apart from a real standstill."""
    at = run_page("berubah", period="2025-04-01", lang="en")
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Published · ") and "(Kontan, report of the DPR hearing of 20 May 2025), April 2025"
               in c for c in captions)
    assert any(c.startswith("Derived from the published rate of 35.68% · ") and "kabaran.id" in c for c in captions)
    december = [c.value for c in run_page("berubah", period="2025-12-01").caption]
    assert december.count("Sintetis") == 3


def test_a_held_synthetic_national_count_is_not_read_as_a_standstill(app_env, default_db):
    # June to December 2025 have no national publication: the default data holds May 2025's
    # published 39,05 juta, so December read "peserta aktif tetap, selisih 0 orang" as if the
    # members had stood still. March to April 2025 are two publications (40,2 and 39,7 juta,
    # Kontan): 500.000 fewer, said as before.
    def sentence(period: str, lang: str = "id") -> str:
        at = run_page("berubah", period=period, lang=lang)
        assert not at.exception
        (line,) = [m.value for m in at.markdown if m.value.startswith(("Cakupan nasional", "National coverage"))]
        return line

    (now, before), = default_db.sql(
        "select sum(active_participants) filter (where period = '2025-12-01'),"
        " sum(active_participants) filter (where period = '2025-11-01') from membership").fetchall()
    assert now == before
    december = sentence("2025-12-01")
    assert "tetap, selisih 0 orang" not in december
    assert ("jumlah peserta aktif nasional bulan ini adalah data sintetis, sama dengan bulan sebelumnya karena "
            "belum ada angka terbit yang lebih baru") in december
    assert "is synthetic data, the same as the month before" in sentence("2025-12-01", "en")
    assert "peserta aktif berkurang 500.000 orang" in sentence("2025-04-01")
