"""Koperasi & UMKM: enrolment against its base and the cooperative table, on hand-made rows and in the app."""

from datetime import date

import pytest

from conftest import run_page
from cakupan import db


def test_enrolment_by_province(fixture_targets_db):
    # 2025-04 UMKM: NTB 16 + 8 = 24 of 60 + 40 = 100; NTT has no enterprise rows.
    frame = db.run_query(fixture_targets_db, "enterprise_enrolment", period=date(2025, 4, 1), level="province",
                         province="all", kind="umkm")
    assert frame.select("rank", "area_code", "enterprises", "enrolled", "not_enrolled").rows() == [
        (1, "52", 100, 24, 76), (2, "53", None, None, None)]
    assert frame["rate_pct"].to_list() == [24.0, None]
    # The 2025-04 rows cite the published source (id 1); the earlier months the synthetic one.
    assert frame.row(0, named=True)["base_published"] is True
    assert frame.row(0, named=True)["enrolled_synthetic"] is True


def test_enrolment_by_regency_within_a_province(fixture_targets_db):
    frame = db.run_query(fixture_targets_db, "enterprise_enrolment", period=date(2025, 4, 1), level="regency",
                         province="52", kind="umkm")
    assert frame.select("rank", "area_code", "area_name", "enterprises", "enrolled").rows() == [
        (1, "52.71", "Kota Mataram", 60, 16), (2, "52.01", "Kabupaten Lombok Barat", 40, 8)]
    assert frame["rate_pct"].to_list() == pytest.approx([100 * 16 / 60, 20.0])


def test_enrolment_of_cooperatives_is_its_own_kind(fixture_targets_db):
    frame = db.run_query(fixture_targets_db, "enterprise_enrolment", period=date(2025, 4, 1), level="regency",
                         province="52", kind="koperasi")
    assert frame.select("area_code", "enterprises", "enrolled").rows() == [("52.71", 5, 1), ("52.01", None, None)]
    assert frame.row(0, named=True)["base_published"] is False


def test_cooperatives_ranked_by_enrolment_rate(fixture_targets_db):
    # A: 10 of 1.000 = 1%; B: 0 of 500 = 0% (no member enrolled); C: 20 of 200 = 10%.
    frame = db.run_query(fixture_targets_db, "cooperatives")
    assert frame.select("rank", "name", "regency_name", "province_name", "members", "enrolled_members",
                        "not_enrolled", "is_synthetic").rows() == [
        (1, "Koperasi C", "Kabupaten Lombok Barat", "Nusa Tenggara Barat", 200, 20, 180, True),
        (2, "Kopdit A", "Kota Kupang", "Nusa Tenggara Timur", 1000, 10, 990, False),
        (3, "Kopdit B", "Kota Mataram", "Nusa Tenggara Barat", 500, 0, 500, True),
    ]
    assert frame["rate_pct"].to_list() == [10.0, 1.0, 0.0]


def test_default_ntb_umkm_base_is_48000_every_month(default_db):
    months = db.run_query(default_db, "periods")["period"].to_list()
    for period in (months[0], months[-1]):
        row = db.run_query(default_db, "enterprise_enrolment", period=period, level="province", province="52",
                           kind="umkm").row(0, named=True)
        assert (row["enterprises"], row["base_published"], row["enrolled_synthetic"]) == (48_000, True, True)


def test_default_cooperatives_from_the_sources(default_db):
    frame = db.run_query(default_db, "cooperatives").sort("name")
    assert frame.select("name", "members", "enrolled_members", "is_synthetic").rows() == [
        ("Kopdit Obor Mas", 60_000, 180, True),
        ("Kopdit Pintu Air", 150_000, 420, True),
        ("Kopdit Sangosay", 40_000, 95, True),
        ("Kopdit Swasti Sari", 200_000, 258, False),  # the only published numbers
    ]


def test_page_shows_ntb_against_its_48000_base(app_env):
    at = run_page("koperasi")
    assert not at.exception
    assert at.title[0].value == "Koperasi & UMKM"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Basis (jumlah usaha)"] == "48.000"
    assert "sintetis" in at.info[0].value
    assert len(at.get("plotly_chart")) == 2  # map and bars
    # Issue 13: NTB's page no longer lists the four NTT cooperatives; it says none is recorded.
    assert "belum memuat satu pun koperasi Nusa Tenggara Barat" in at.info[-1].value
    assert not at.text_input


def test_ntt_lists_its_own_cooperatives(app_env):
    at = run_page("koperasi", scope="53")
    assert not at.exception
    table = at.dataframe[-1].value
    assert len(table) == 4 and list(table["Koperasi"])[-1] == "Kopdit Swasti Sari"


def test_search_filters_the_cooperative_table(app_env):
    at = run_page("koperasi", scope="53")
    at.text_input[0].set_value("sikka").run()
    assert not at.exception
    assert sorted(at.dataframe[-1].value["Koperasi"]) == ["Kopdit Obor Mas", "Kopdit Pintu Air"]
    at.text_input[0].set_value("tidak ada").run()
    assert "Tidak ada koperasi yang cocok" in at.info[-1].value


def test_all_provinces_cooperatives_kind_in_english(app_env):
    at = run_page("koperasi", lang="en", scope="all", kind="koperasi")
    assert not at.exception
    assert at.title[0].value == "Cooperatives & UMKM"
    assert not at.metric  # no headline for all provinces: the map and bars carry it
    spec = at.get("plotly_chart")[0].proto.spec
    assert "Cooperatives enrolled" in spec


def test_the_enrolment_map_names_its_province_and_prints_each_value(app_env):
    import json

    at = run_page("koperasi")  # NTB, UMKM: ten kab/kota
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["title"]["text"] == "UMKM terdaftar ÷ basis<br>Nusa Tenggara Barat · Desember 2025"
    labels = [trace for trace in spec["data"] if trace.get("mode") == "text"]
    # Ten kab/kota; a value that would print over a larger area's value is left to the hover (the
    # coverage maps' rule), so Lombok's crowded west may keep one or two fewer.
    assert len(labels) == 1 and 8 <= len(labels[0]["text"]) <= 10
    assert all(text.endswith("%") and "," in text for text in labels[0]["text"])  # 47,2% the Indonesian way


def test_swasti_saris_figures_are_dated_by_their_article_not_later(default_db):
    # 258 enrolled of about 200.000 members were printed by Jarrakpos.com in June 2024: the
    # figures cannot be "per Desember 2024" (review 2, finding 16).
    rows = db.run_query(default_db, "cooperatives").to_dicts()
    row = next(r for r in rows if r["name"] == "Kopdit Swasti Sari")
    assert "Jarrakpos.com, Juni 2024" in row["source_title"]
    assert (row["members"], row["enrolled_members"], row["is_synthetic"]) == (200_000, 258, False)
    assert row["as_of"] == date(2024, 6, 1)
