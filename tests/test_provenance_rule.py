"""One provenance rule (cakupan/provenance.py), asked by every place that shows a figure: on the
built default database, NTT in December 2024 (a printed 33% with no printed counts) reads the same
in the map hover, the explorer, the detail panel's sources, the headline badge, the table, the
trend, the export and the briefing."""

import ast
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from cakupan import provenance
from cakupan.choices import METRICS
from cakupan.db import run_query
from cakupan.figures import maps
from cakupan.reports import briefing, export
from cakupan.ui import widgets

ROOT = Path(__file__).resolve().parent.parent
DEC24 = date(2024, 12, 1)
JARRAKPOS = "Jarrakpos.com, Juni 2024"


@pytest.fixture(scope="module")
def ntt(default_con):
    with default_con.cursor() as cursor:
        frame = run_query(cursor, "area_coverage", period=DEC24, basis="ucj", level="province", province="all",
                          segment="all", kind="all")
    return frame, frame.filter(pl.col("area_code") == "53").row(0, named=True)


def test_ntt_december_2024_is_a_published_rate_with_a_derived_denominator(ntt):
    _, row = ntt
    assert round(row["rate_pct"], 2) == 33.00
    assert provenance.part_kind(row, "active") == "synthetic"
    assert provenance.part_kind(row, "workers") == "derived"
    assert provenance.rate_kind(row) == "published"
    assert provenance.rate_label(row, "id") == "angka terbit"
    assert provenance.part_label(row, "workers", "id") == "diturunkan dari angka terbit 33%"


def test_ntt_reads_the_same_in_every_place(default_db, ntt):
    frame, row = ntt
    published = provenance.published_by_area(run_query(default_db, "published_rates", month="2024-12",
                                                       level="province"))
    # Map hover (Ringkasan Nasional).
    hover = maps.rate_hover_text(row | {"name": row["area_name"]}, "ucj", False, "id", published["53"])
    lines = hover.replace("<br>", " ")
    assert "Cakupan: <b>33,0%</b> (angka terbit)" in lines
    # The members are the synthetic fill, whose name says so once (it was followed by "(data sintetis)").
    assert "Peserta aktif — Sumber: Data sintetis Cakupan (isian bawaan yang dapat diulang) Pekerja — " in lines
    assert "(diturunkan dari angka terbit 33%)" in lines
    assert "dilaporkan 33% · " in lines and "Desember 2024 (selisih +0,00 poin)" in lines
    # Explorer map hover: the same column-wise frame (the one hover), with the rate's label and the
    # workers' derivation from the printed rate.
    explorer = maps.hover_frame(frame, METRICS["rate"], _NoLayer(), "id", {}).filter(pl.col("area_code") == "53")
    assert explorer["_rate_label"][0] == "angka terbit"
    assert explorer["_sources"][0].replace("<br>", " ").endswith("(diturunkan dari angka terbit 33%)")
    # Headline badge and the workers' badge.
    assert provenance.badge(row, "id", DEC24).startswith("Terbit · BPJS Ketenagakerjaan NTT")
    assert provenance.badge(row, "id", DEC24).endswith(f"({JARRAKPOS}), Desember 2024")
    assert provenance.badge(row, "id", DEC24, "active") == "Sintetis"
    assert provenance.badge(row, "id", DEC24, "workers").startswith("Diturunkan dari angka terbit 33% · ")
    # The export of the coverage table names the kinds of its rows; NTT's is among them.
    kinds = widgets.coverage_provenance(frame, "ucj", "Desember 2024").kinds
    assert "published" in kinds and "synthetic" in kinds
    # Trend: December 2024 is a published point, labelled as printed.
    trend = run_query(default_db, "coverage_trend", area_code="53", basis="ucj").to_dicts()
    points = {p[0]: p[2] for p in provenance.published_points(trend, "id")}
    assert points[DEC24] == "33%"
    # Briefing: the rate box is 'terbit' and shows the reported rate beside its own.
    data = briefing.load(_runner(default_db), "53", DEC24)
    assert provenance.rate_kind(data.headline) == "published"
    assert [f["value"] for f in data.published] == [33.0]


def test_ntb_april_2024_trend_point_keeps_its_printed_precision(default_db):
    trend = run_query(default_db, "coverage_trend", area_code="52", basis="ucj").to_dicts()
    points = {p[0]: p[2] for p in provenance.published_points(trend, "id")}
    assert points[date(2024, 4, 1)] == "29,26%"
    assert points[date(2025, 6, 1)] == "30,7%"


def test_every_published_rate_is_listed_with_conflicts_beside_it(default_db):
    figures_ = run_query(default_db, "published_rates", month="all", level="all").to_dicts()
    rows = provenance.published_list(figures_, ("2023-12", "2025-12"), "id")
    ntt = [r for r in rows if r["Wilayah"] == "Nusa Tenggara Timur"]
    assert [(r["Per"], r["Cakupan terbit"], r["Status"]) for r in ntt] == [
        ("Mei 2024", "42,47%", "ditampilkan"), ("Desember 2024", "33%", "ditampilkan"),
        ("April 2025", "35%", "ditampilkan")]
    ntb_june = [r for r in rows if r["Wilayah"] == "Nusa Tenggara Barat" and r["Per"] == "Juni 2025"]
    assert {(r["Cakupan terbit"], r["Status"], r["Angka lain bulan itu"]) for r in ntb_june} == {
        ("30,7%", "ditampilkan", "32%"), ("32%", "angka lain untuk bulan yang sama ditampilkan", "30,7%")}
    babel = [r for r in rows if r["Wilayah"] == "Kepulauan Bangka Belitung" and r["Per"] == "Desember 2024"]
    assert {r["Cakupan terbit"]: r["Status"] for r in babel} == {
        "40,27%": "ditampilkan", "35%": "hanya untuk satu segmen atau sebagian pekerja"}
    # Every left-out figure says why.
    assert all(r["Status"] for r in rows) and len(rows) == len(figures_)


def test_the_provenance_module_is_pure():
    tree = ast.parse((ROOT / "cakupan" / "provenance.py").read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name and name.split(".")[0] == "streamlit" for name in imported)


def test_export_footer_and_column_name_the_kinds():
    prov = provenance.Provenance(("A",), "Desember 2024", "ucj", True, kinds=("published", "synthetic"))
    lines = export.footer_lines(prov, "id", today=date(2025, 1, 1))
    # In the words of a table's own "Asal angka" cells (provenance.label), as the rows say them
    assert "Asal angka: angka terbit, data sintetis" in " ".join(lines)
    table = export.with_provenance_columns(pl.DataFrame({"x": [1]}), prov, "id")
    assert table["Asal angka"].to_list() == ["angka terbit, data sintetis"]


class _NoLayer:
    approximate: frozenset = frozenset()


def _runner(con):
    return lambda name, **params: run_query(con, name, **params)


def test_the_sources_list_says_where_the_national_residual_went(default_db):
    def note(period):
        national = run_query(default_db, "national_summary", period=period, basis="ucj").row(0, named=True)
        provinces = run_query(default_db, "area_coverage", period=period, basis="ucj", level="province",
                              province="all", segment="all", kind="all").to_dicts()
        return provenance.residual_note(national, provinces, "id")

    # December 2023: 41,56 juta nationally, 28 provinces published (39.782.324 together).
    assert note(date(2023, 12, 1)) == (
        "Peserta aktif nasional bulan ini adalah angka terbit (41.560.000). 28 provinsi punya angka terbit "
        "sendiri (bersama 39.782.324); sisanya, 1.777.676, dibagi ke 10 provinsi tanpa angka terbit bulan ini, "
        "sehingga angka mereka sintetis.")
    # May 2025: 39,05 juta nationally (Databoks), DKI Jakarta's 7.670.000 and Maluku Utara's 176.604
    # published beside it, so 39.050.000 - 7.846.604 is spread over the other 36 provinces.
    assert note(date(2025, 5, 1)) == (
        "Peserta aktif nasional bulan ini adalah angka terbit (39.050.000). 2 provinsi punya angka terbit "
        "sendiri (bersama 7.846.604); sisanya, 31.203.396, dibagi ke 36 provinsi tanpa angka terbit bulan ini, "
        "sehingga angka mereka sintetis.")
    assert note(date(2025, 6, 1)) is None  # no national figure published for June 2025


def test_the_regional_and_national_tables_put_the_published_rate_beside_their_own(app_env):
    from conftest import run_page

    at = run_page("wilayah", kanwil="BANUSPA", period="2024-12-01", rank_level="province")
    assert not at.exception
    table = at.dataframe[0].value
    (ntt,) = table[table["Wilayah"] == "Nusa Tenggara Timur"].to_dict("records")
    assert ntt["Asal angka"] == "angka terbit"
    # As its source printed it (Jarrakpos.com: "33%"), as the hover's "dilaporkan 33%"
    assert ntt["Cakupan dilaporkan (%)"] == "33" and ntt["Selisih dari dilaporkan (poin)"] == "0,00"
    at = run_page("ringkasan", period="2024-12-01")
    table = at.dataframe[0].value
    (ntt,) = table[table["Provinsi"] == "Nusa Tenggara Timur"].to_dict("records")
    assert ntt["Asal angka"] == "angka terbit" and ntt["Cakupan dilaporkan (%)"] == "33"


APR25 = date(2025, 4, 1)
KONTAN = "BPJS Ketenagakerjaan Catat Jumlah Peserta Aktif 39,7 Juta Orang per April 2025 (Kontan"
KABARAN = "Kemendagri Dorong Percepatan Jaminan Sosial Ketenagakerjaan (kabaran.id"


def test_derived_national_figures_are_not_badged_published(default_db):
    # April 2025: 39,7 juta active (Kontan) over a base chosen so that kabaran.id's 35,68%
    # reproduces (111,3 juta). No source prints 111,3 - 39,7 = 71,6 juta: it is computed, and
    # says so with both parts' sources (review 2, finding 11).
    row = run_query(default_db, "national_summary", period=APR25, basis="ucj").row(0, named=True)
    assert provenance.badge(row, "id", APR25).startswith("Terbit · " + KABARAN)  # the rate itself is printed
    uncovered = provenance.uncovered_badge(row, "id", APR25)
    assert uncovered.startswith("Dihitung dari angka terbit (pekerja dikurangi peserta aktif) · " + KONTAN)
    assert KABARAN in uncovered and uncovered.endswith(", April 2025")
    assert "Terbit" not in uncovered
    assert provenance.uncovered_badge(row, "en", APR25).startswith("Computed from published figures")
    # The trend's hover labels each count: the participants printed by Kontan, the denominator
    # derived from kabaran.id's printed rate, never called a published figure.
    trend = {r["period"]: r for r in run_query(default_db, "coverage_trend", area_code="ID", basis="ucj").to_dicts()}
    assert provenance.rate_label(trend[APR25], "id") == "angka terbit"
    assert provenance.part_hover(trend[APR25], "active", "id") == "angka terbit · Kontan"
    assert provenance.part_hover(trend[APR25], "workers", "id") == "diturunkan dari angka terbit 35,68% · kabaran.id"
    assert provenance.part_hover(trend[APR25], "workers", "en") == \
        "derived from the published rate of 35.68% · kabaran.id"


def test_a_published_rate_over_a_synthetic_count_leaves_a_synthetic_difference(ntt):
    # NTT, December 2024: 33% printed, the base derived from it, the members synthetic fill.
    _, row = ntt
    assert provenance.uncovered_badge(row, "id", DEC24) == "Sintetis"
    assert provenance.rate_label(row, "id") == "angka terbit"
    assert provenance.part_hover(row, "workers", "id") == "diturunkan dari angka terbit 33% · Jarrakpos.com"


@pytest.mark.parametrize("stored, english", [
    # Cakupan's citation around an original title: its words and months in English; the title stays.
    ("RPJMN 2025–2029 (Perpres 12/2025), diberitakan kabaran.id (Mei 2025)",
     "RPJMN 2025–2029 (Perpres 12/2025), reported by kabaran.id (May 2025)"),
    ("Pekerja Koperasi dan UKM Dapat Perlindungan Sosial Ketenagakerjaan (berita, Mataram, Januari 2021; "
     "BPJamsostek NTB dan Dinas Koperasi dan UKM NTB)",
     "Pekerja Koperasi dan UKM Dapat Perlindungan Sosial Ketenagakerjaan (news article, Mataram, January 2021; "
     "BPJamsostek NTB dan Dinas Koperasi dan UKM NTB)"),
    ("Peserta aktif BPJS Ketenagakerjaan turun (Kontan, laporan rapat DPR 20 Mei 2025)",
     "Peserta aktif BPJS Ketenagakerjaan turun (Kontan, report of the DPR hearing of 20 May 2025)"),
    ("Iuran BPU: PP 44/2015 jo. PP 82/2019 (JKK, JKM), Permenaker 5/2021 (kelompok penghasilan BPU)",
     "BPU contributions: PP 44/2015 jo. PP 82/2019 (JKK, JKM), Permenaker 5/2021 (BPU income brackets)"),
    # Cakupan's words inside its brackets ("mengutip", "pernyataan", "hlm."); the same word in the
    # title as printed stays.
    ("BPS mengutip data Sakernas (Fokus/Hitam Putih, mengutip Radar Banten, Juni 2025)",
     "BPS mengutip data Sakernas (Fokus/Hitam Putih, citing Radar Banten, June 2025)"),
    ("Koranpapua.id (BPJamsostek Cabang Sorong, pernyataan 7 Januari 2026)",
     "Koranpapua.id (BPJamsostek Cabang Sorong, statement of 7 January 2026)"),
    ("E-Kliping Ketenagakerjaan 11 November 2021 (Kemnaker, hlm. 409)",
     "E-Kliping Ketenagakerjaan 11 November 2021 (Kemnaker, p. 409)"),
    # A month in the original title itself (outside Cakupan's brackets) is the publisher's: kept.
    ("Peserta Aktif BPJS TK Indonesia Makin Berkurang hingga Mei 2025 (Databoks/Katadata)",
     "Peserta Aktif BPJS TK Indonesia Makin Berkurang hingga Mei 2025 (Databoks/Katadata)"),
])
def test_cakupans_own_words_in_a_source_title_are_english_for_an_english_reader(stored, english):
    assert provenance.source_name(stored, "en") == english
    assert provenance.source_name(stored, "id") == stored  # the Indonesian reader sees it as stored


class _Reading(dict):
    """A row that records which of its keys a function reads."""

    def __init__(self, *args):
        super().__init__(*args)
        self.read = set()

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


@pytest.mark.parametrize("level", ["province", "regency"])
def test_rate_labels_worked_out_once_per_combination_are_each_rows_own(default_db, level):
    """provenance.rate_labels (the areas table) and coverage_provenance's kinds work out each
    distinct combination of RATE_INPUTS once: those must be everything the rule reads, and the
    labels the same as rate_label of every whole row."""
    frame = run_query(default_db, "area_coverage", period=DEC24, basis="ucj", level=level, province="all",
                      segment="all", kind="all")
    rows = frame.to_dicts()
    for row in rows:
        reading = _Reading(row)
        provenance.rate_label(reading, "id"), provenance.rate_kind(reading)
        assert reading.read <= set(provenance.RATE_INPUTS), reading.read - set(provenance.RATE_INPUTS)
    inputs = [c for c in provenance.RATE_INPUTS if c in frame.columns]
    assert inputs == list(provenance.RATE_INPUTS)
    for lang in ("id", "en"):
        assert provenance.rate_labels(frame.select(inputs).iter_rows(), inputs, lang) == [
            provenance.rate_label(r, lang) for r in rows]
    kinds = {provenance.rate_kind(r) for r in rows if r["rate_pct"] is not None}
    assert widgets.coverage_provenance(frame, "ucj", "Des 2024").kinds == tuple(sorted(kinds))
    assert {"published", "synthetic"} <= kinds if level == "province" else kinds == {"synthetic"}


def test_ntb_august_2025_reads_as_printed_in_the_trend_as_on_the_map(default_db):
    """Suara NTB printed 'UCJ di NTB baru mencapai 33,25 persen (hingga Agustus 2025)' and no counts:
    the members were derived from that rate over the base NTB last published (June 2025, held).
    The map called the rate published while every trend (Peta's panel, Bandingkan, the briefing)
    called the same month synthetic, drew no diamond, and the hover read 'diturunkan dari angka
    terbit –' for want of the rate the members were derived from."""
    aug = date(2025, 8, 1)
    frame = run_query(default_db, "area_coverage", period=aug, basis="ucj", level="province", province="all",
                      segment="all", kind="all")
    row = frame.filter(pl.col("area_code") == "52").row(0, named=True)
    hover = maps.rate_hover_text(row, "ucj", False, "id").replace("<br>", " ")
    assert "(angka terbit)" in hover and "(diturunkan dari angka terbit 33,25%)" in hover
    assert "angka terbit –" not in hover
    assert provenance.badge(row, "id", aug, "active").startswith("Diturunkan dari angka terbit 33,25% · Paritrana")
    trend = {r["period"]: r for r in run_query(default_db, "coverage_trend", area_code="52", basis="ucj").to_dicts()}
    assert provenance.rate_kind(trend[aug]) == provenance.rate_kind(row) == "published"
    assert provenance.part_hover(trend[aug], "active", "id") == "diturunkan dari angka terbit 33,25% · Suara NTB"
    assert provenance.part_hover(trend[aug], "workers", "id") == "data sintetis"
    points = {p[0]: p[2] for p in provenance.published_points(list(trend.values()), "id")}
    assert points == {date(2024, 4, 1): "29,26%", date(2025, 6, 1): "30,7%", aug: "33,25%"}
    # The briefing's trend has the same diamonds.
    data = briefing.load(_runner(default_db), "52", date(2025, 12, 1))
    assert aug in {p[0] for p in provenance.published_points(data.trend.to_dicts(), "id")}


def test_a_trend_hover_reads_a_month_as_its_label_does(default_db):
    """The trend's hover said 29,26% (April 2024) beside the diamond's '29,26%' by luck of two
    decimals, and 32,83% (December 2025) under a card of 32,8%; the Kanwil's small multiples printed
    32,8% at the line's end and hovered 32,83%. A published month reads as printed, any other to
    fmt's one decimal."""
    import polars as pl

    from cakupan.figures import trends

    active, workers = default_db.execute(
        "select (select sum(active_participants) from membership join regency using (regency_code)"
        " where province_code = '52' and period = '2025-12-01'),"
        " (select sum(workers) from workforce join regency using (regency_code)"
        " where province_code = '52' and period = '2025-12-01' and basis = 'ucj')").fetchone()
    december = f"{100.0 * active / workers:.1f}%".replace(".", ",")
    trend = run_query(default_db, "coverage_trend", area_code="52", basis="ucj")
    no_targets = pl.DataFrame(schema={"metric": pl.String, "target_value": pl.Float64})
    hovers = trends.trend_figure(trend, no_targets, "NTB", "id").data[0].hovertext
    assert hovers[4].startswith("April 2024: 29,26%<br>")  # Inside Lombok's printed rate
    assert hovers[-1].startswith(f"Desember 2025: {december}<br>")
    panels = run_query(default_db, "province_trend", kanwil="BANUSPA", basis="ucj")
    fig = trends.small_multiples(panels.filter(pl.col("province_code") == "52"), "Banuspa", "id")
    # No source printed NTB's December 2025: its month is the synthetic fill, and the hover says so.
    assert fig.data[0].hovertext[-1] == f"Nusa Tenggara Barat, Desember 2025: {december}<br>data sintetis"
    assert fig.data[1].text == (december,)


def test_the_kanwil_small_multiples_read_a_published_month_as_printed_and_say_what_it_is(default_db):
    """The small multiples' hover gave every month only its rate: NTT's December 2024 read 33,0%
    beside the 33% its source printed (the trend's diamond), with nothing saying that it was
    published while the months around it are synthetic."""
    from cakupan.figures import trends

    panels = run_query(default_db, "province_trend", kanwil="BANUSPA", basis="ucj")
    fig = trends.small_multiples(panels, "Banuspa", "id")
    hovers = {t.name: dict(zip(t.x, t.hovertext)) for t in fig.data if t.mode == "lines"}
    ntt, ntb = hovers["Nusa Tenggara Timur"], hovers["Nusa Tenggara Barat"]
    # DOMAIN's sources: NTT 33% in December 2024 (a printed rate, its base derived from it), NTB
    # 33,25% in August 2025 (Suara NTB, the members derived from it).
    assert ntt[date(2024, 12, 1)] == "Nusa Tenggara Timur, Desember 2024: 33%<br>angka terbit"
    assert ntb[date(2025, 8, 1)] == "Nusa Tenggara Barat, Agustus 2025: 33,25%<br>angka terbit"
    assert ntt[date(2024, 11, 1)].endswith("<br>data sintetis")


def test_a_kanwil_trend_names_the_import_behind_a_province_month(default_db_path, tmp_path):
    """province_trend did not carry the import batches, so an imported month of NTB's kab/kota
    counted as 'angka terbit' in the Kanwil's small multiples and its export named no batch."""
    import duckdb

    from cakupan.__main__ import main
    from cakupan.figures import trends
    from import_support import copy_db

    db = copy_db(default_db_path, tmp_path / "cakupan.duckdb")
    codes = ["52.01", "52.02", "52.03", "52.04", "52.05", "52.06", "52.07", "52.08", "52.71", "52.72"]
    path = tmp_path / "ntb_desember_2025.csv"
    path.write_text("kode_wilayah;periode;peserta_aktif\n" +
                    "".join(f"{code};2025-12;{10_000 + i}\n" for i, code in enumerate(codes)), encoding="utf-8")
    assert main(["import", str(path), "--kind", "membership", "--source-title", "Uji", "--db", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        (batch,) = con.execute("select max(batch_id) from import_batch").fetchone()
        panels = run_query(con, "province_trend", kanwil="BANUSPA", basis="ucj")
    month = panels.filter((pl.col("province_code") == "52") & (pl.col("period") == date(2025, 12, 1))).row(0, named=True)
    assert month["active"] == sum(10_000 + i for i in range(10))
    assert month["active_import_batches"] == str(batch)
    # The members imported, the workers still the synthetic fill: the rate is synthetic, partly imported.
    fig = trends.small_multiples(panels.filter(pl.col("province_code") == "52"), "Banuspa", "id")
    assert fig.data[0].hovertext[-1].endswith(f"<br>data sintetis; sebagian hasil impor, batch {batch}")
    assert provenance.series_provenance(panels.to_dicts(), "ucj", "id").batches == (str(batch),)


def test_close_published_labels_take_turns_above_and_below(default_db):
    # NTB's published months (anchors): April 2024 (Inside Lombok, 29,26%), June 2025 (MPP Kota
    # Mataram) and August 2025 (Suara NTB, 33,25%). The last two, two months apart, ran into one
    # another in Bandingkan's half-width chart ("30,7%33,25%"): the second goes below its diamond.
    from cakupan.figures import trends

    trend = run_query(default_db, "coverage_trend", area_code="52", basis="ucj")
    no_targets = pl.DataFrame(schema={"metric": pl.String, "target_value": pl.Float64})
    diamonds = trends.trend_figure(trend, no_targets, "NTB", "id").data[1]
    assert list(diamonds.x) == [date(2024, 4, 1), date(2025, 6, 1), date(2025, 8, 1)]
    assert list(diamonds.textposition) == ["top center", "top center", "bottom center"]
    # Three close months in a row: above, below, above; months far apart all above.
    months = [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1), date(2025, 12, 1)]
    assert trends.label_positions(months) == ["top center", "bottom center", "top center", "top center"]


def test_a_tables_added_provenance_column_says_it_as_the_rows_do():
    # "Di mana bertindak"'s download (no per-row column) read "sintetis" under "Asal angka", where
    # the ranking's rows beside it read "data sintetis" (rate_label).
    synthetic_row = {"active_synthetic": True, "workers_synthetic": True}
    prov = provenance.Provenance(("A",), "Desember 2025", "ucj", True)
    for lang, words in (("id", "data sintetis"), ("en", "synthetic data")):
        table = export.with_provenance_columns(pl.DataFrame({"x": [1]}), prov, lang)
        column = "Asal angka" if lang == "id" else "Provenance"
        assert table[column].to_list() == [provenance.rate_label(synthetic_row, lang)] == [words]
