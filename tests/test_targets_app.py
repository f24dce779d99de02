"""The Target page in AppTest: every target shows, regional beside national, projections named and dashed."""

import json

import duckdb
from streamlit.testing.v1 import AppTest

from conftest import _fixture_database, run_page
from cakupan.i18n import t


def metrics(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def test_ntb_targets_beside_the_national_ones(app_env):
    at = run_page("target")
    assert not at.exception
    assert [s.value for s in at.subheader][:2] == ["Nusa Tenggara Barat (52)", "Indonesia (nasional)"]
    shown = metrics(at)
    # NTB's UCJ target (62,22%) and its 48.000 UKM target, then the national ones (54 M, RPJMN 32,15% and 43,92%).
    targets = [value for label, value in shown if label.startswith("Target ")]
    assert targets == ["62,22%", "48.000", "54.000.000", "32,15%", "43,92%"]
    # Every target has its burn-up chart, and the summary table lists all 14 targets.
    assert len(at.get("plotly_chart")) == 5
    assert len(at.dataframe[-1].value) == 14


def test_ntb_48000_ukm_as_of_june_shows_pace_needed_and_named_projections(app_env):
    at = run_page("target", asof="2025-06-01", national="0")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Laju yang dibutuhkan" in text and "selama 6 bulan sampai Desember 2025" in text
    ukm = json.loads(at.get("plotly_chart")[1].proto.spec)
    names = [trace.get("name", "") for trace in ukm["data"]]
    projections = [tr for tr in ukm["data"] if tr.get("name", "").startswith("Proyeksi: linear")]
    assert len(projections) == 3 and all(tr["line"]["dash"] in ("dash", "dashdot", "longdash") for tr in projections)
    assert "Proyeksi: linear, rata-rata perubahan 3 bulan (Mar 2025–Jun 2025)" in names
    assert "Target 48.000 (Des 2025)" in names
    assert ukm["layout"]["annotations"][0]["text"] == "Data s.d. Jun 2025 │ proyeksi →"
    # The projections table says when each pace reaches 48.000, or that it will not by the due date.
    table = at.dataframe[1].value
    assert list(table.columns) == ["Laju rata-rata", "Laju", "Mencapai target dengan laju ini"]
    assert all(v.startswith("tidak sampai tenggat (") for v in table["Mencapai target dengan laju ini"])
    assert "tidak sampai tenggat dengan laju ini" in text


def test_maluku_conflicting_targets_side_by_side(app_env):
    at = run_page("target", area="province:81", national="0")
    assert not at.exception
    targets = [value for label, value in metrics(at) if label.startswith("Target ")]
    assert targets == ["63,88%", "72,74%"]
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 2 and all("tidak digabung" in w for w in warnings)


def test_kota_tangerang_2019_target_outside_the_data(app_env):
    at = run_page("target", area="regency:36.71", national="0")
    assert not at.exception
    assert any("Tidak ada data untuk periode target ini" in i.value for i in at.info)


def test_english(app_env):
    at = run_page("target", lang="en", area="national:ID")
    assert not at.exception
    assert at.title[0].value == "Targets"
    assert len(at.subheader) == 2  # the national column only, then the summary
    spec = at.get("plotly_chart")[0].proto.spec
    assert "Projection: linear, average change over 3 months" in spec


def test_targets_without_any_month_of_membership_say_so(tmp_path, monkeypatch):
    db = tmp_path / "no_months.duckdb"
    _fixture_database(db, "fixture_rows.sql", "fixture_targets.sql").close()
    with duckdb.connect(str(db)) as con:
        con.execute("delete from membership")
    monkeypatch.setenv("CAKUPAN_DB", str(db))
    at = run_page("target")
    assert not at.exception
    assert [i.value for i in at.info] == [t("empty.no_data", "id")]
