"""Targets: the queries on hand-made rows, and progress, gap, pace and projections worked out by hand."""

from datetime import date

import polars as pl
import pytest

from cakupan import db
from cakupan.targets import add_months, evaluate, gap_units, months_between, project, relations



def progress(con, target_id: int):
    """target_progress for one target, called as the Target page calls it (with its area and basis)."""
    level, code, basis = con.execute("select area_level, area_code, coalesce(basis, 'ucj') from target "
                                      "where target_id = $id", {"id": target_id}).fetchone()
    return db.run_query(con, "target_progress", target_id=target_id, area_level=level, area_code=code, basis=basis)

def series(values: dict[date, float], numerators=None, denominators=None) -> pl.DataFrame:
    periods = sorted(values)
    return pl.DataFrame({
        "period": periods,
        "value": [float(values[p]) for p in periods],
        "numerator": [int(numerators[p]) if numerators else int(values[p]) for p in periods],
        "denominator": [int(denominators[p]) if denominators else None for p in periods],
        "is_synthetic": [True] * len(periods),
    }, schema_overrides={"denominator": pl.Int64})


@pytest.mark.parametrize("start, n, expected", [
    (date(2025, 12, 1), 1, date(2026, 1, 1)),
    (date(2025, 1, 1), -1, date(2024, 12, 1)),
    (date(2025, 4, 1), 24, date(2027, 4, 1)),
    (date(2025, 4, 1), 0, date(2025, 4, 1)),
])
def test_add_months(start, n, expected):
    assert add_months(start, n) == expected
    assert months_between(start, expected) == n


# --- queries on the fixture rows -----------------------------------------------------------

def test_targets_query_lists_every_target_with_area_name_and_source(fixture_targets_db):
    frame = db.run_query(fixture_targets_db, "targets")
    assert frame["target_id"].to_list() == [4, 5, 1, 3, 2, 6]  # national first, then by area, metric, due
    assert frame.filter(pl.col("target_id") == 1)["area_name"].item() == "Nusa Tenggara Barat"
    assert frame.filter(pl.col("target_id") == 6)["area_name"].item() == "Kota Kupang"
    assert frame.filter(pl.col("target_id") == 4)["area_name"].item() == "Indonesia"
    assert set(frame["source_title"]) == {"Target source T"}


def test_target_progress_coverage_rate_of_a_province(fixture_targets_db):
    # NTB (52) on the UCJ base: 2024-04 active 300+100+200 = 600 of 600+400+500+500 = 2000 → 30%;
    # 2025-04 active 330+120+250 = 700 of 600+400+600+500 = 2100 → 33.33%. The 2025-04 active count is
    # anchored (published) but the UCJ workers are synthetic rows, so both months are synthetic.
    frame = progress(fixture_targets_db, 1)
    assert frame.select("period", "numerator", "denominator", "is_synthetic").rows() == [
        (date(2024, 4, 1), 600, 2000, True),
        (date(2025, 4, 1), 700, 2100, True),
    ]
    assert frame["value"].to_list() == pytest.approx([30.0, 100 * 700 / 2100])


def test_target_progress_active_participants_of_a_regency(fixture_targets_db):
    # Kota Kupang (53.71) has no anchor, so its synthetic rows stay synthetic.
    frame = progress(fixture_targets_db, 6)
    assert frame.select("period", "value", "numerator", "denominator", "is_synthetic").rows() == [
        (date(2024, 4, 1), 150.0, 150, 1000, True),
        (date(2025, 4, 1), 100.0, 100, 1000, True),
    ]


def test_target_progress_national_rate(fixture_targets_db):
    # Nation: 2024-04 active 600+150 = 750 of 2000+1000 = 3000 (25%); 2025-04 800 of 3100.
    frame = progress(fixture_targets_db, 4)
    assert frame.select("numerator", "denominator").rows() == [(750, 3000), (800, 3100)]
    assert frame["value"].to_list() == pytest.approx([25.0, 100 * 800 / 3100])


def test_target_progress_enrolled_umkm(fixture_targets_db):
    frame = progress(fixture_targets_db, 2)
    assert frame.select("period", "value", "numerator", "denominator").rows() == [
        (date(2025, 1, 1), 15.0, 15, 100),
        (date(2025, 2, 1), 18.0, 18, 100),
        (date(2025, 3, 1), 21.0, 21, 100),
        (date(2025, 4, 1), 24.0, 24, 100),
    ]
    assert frame["is_synthetic"].all()


# --- arithmetic -----------------------------------------------------------------------------

def test_enrolment_target_as_of_april_by_hand(fixture_targets_db):
    # 24 of 100 enrolled in 2025-04, due 2025-12: 8 months left, gap 76 → 9.5 per month needed.
    # Last 3 months: (24 - 15) / 3 = 3 per month → 76 / 3 = 25.33 → 26 months → 2027-06, after the due date.
    # 6 and 12 months back there is no data. Planned pace from the start (2025-01, 15): 85 / 11.
    frame = progress(fixture_targets_db, 2)
    p = evaluate(frame, "enrolled_umkm", 100, date(2025, 1, 1), date(2025, 12, 1), date(2025, 4, 1))
    assert (p.status, p.value, p.progress_pct, p.gap_value, p.gap_units, p.months_left) == \
        ("open", 24.0, 24.0, 76.0, 76, 8)
    assert p.pace_needed == pytest.approx(9.5)
    assert p.planned_pace == pytest.approx(85 / 11)
    three, six, twelve = p.projections
    assert (three.window, three.status, three.reach_period) == (3, "not_by_due", date(2027, 6, 1))
    assert three.pace_per_month == pytest.approx(3.0)
    assert three.from_period == date(2025, 1, 1)
    # The dashed line runs from the evaluation month to the due date, one point a month.
    assert three.path[0] == (date(2025, 4, 1), 24.0) and three.path[-1] == (date(2025, 12, 1), 48.0)
    assert (six.status, twelve.status) == ("no_history", "no_history")
    assert six.from_period == date(2024, 10, 1)


def test_coverage_target_reach_month_is_exact_despite_float_noise(fixture_targets_db):
    # 33.33% in 2025-04 against 40% due 2025-10; the 12-month pace (33.33 - 30) / 12 = 0.2778 pts
    # closes the 6.667-point gap in exactly 24 months: 2027-04, not a month later from rounding.
    frame = progress(fixture_targets_db, 1)
    p = evaluate(frame, "coverage_rate", 40.0, date(2024, 4, 1), date(2025, 10, 1), date(2025, 4, 1))
    assert p.gap_value == pytest.approx(40 - 100 * 700 / 2100)
    assert p.gap_units == 140  # 40% of 2100 = 840 people, 700 active
    assert p.pace_needed == pytest.approx((40 - 100 * 700 / 2100) / 6)
    twelve = p.projections[2]
    assert (twelve.status, twelve.reach_period) == ("not_by_due", date(2027, 4, 1))


RISING = {date(2025, m, 1): 10 + 2 * m for m in range(1, 13)}  # Sep 28, Dec 34: +2 a month


@pytest.mark.parametrize("values, target, due, status, reach", [
    (RISING, 40, date(2026, 6, 1), "reaches", date(2026, 3, 1)),      # 6 more at 2 a month: 3 months
    (RISING, 40, date(2026, 2, 1), "not_by_due", date(2026, 3, 1)),
    (RISING, 41, date(2026, 6, 1), "reaches", date(2026, 4, 1)),      # 7 more: 3.5 → 4 months
    (RISING, 30, date(2026, 6, 1), "met", date(2025, 12, 1)),
    ({date(2025, m, 1): 50 - m for m in range(1, 13)}, 60, date(2026, 6, 1), "never", None),
    ({date(2025, m, 1): 20 for m in range(1, 13)}, 60, date(2026, 6, 1), "never", None),
])
def test_three_month_projection_cases(values, target, due, status, reach):
    p = project(sorted(values.items()), date(2025, 12, 1), target, due, 3, due)
    assert (p.status, p.reach_period) == (status, reach)


def test_projection_path_ends_at_the_horizon_and_starts_at_the_last_actual():
    p = project(sorted(RISING.items()), date(2025, 12, 1), 40, date(2026, 6, 1), 6, date(2026, 6, 1))
    assert p.pace_per_month == pytest.approx(2.0)  # (34 - 22) / 6
    assert p.path[0] == (date(2025, 12, 1), 34.0)
    assert p.path[-1] == (date(2026, 6, 1), pytest.approx(46.0))
    assert len(p.path) == 7


def test_due_date_passed_is_judged_at_the_due_month():
    # Due 2025-06 (value 22 < 25), evaluated as of 2025-12: missed, judged on June's figure.
    p = evaluate(series(RISING), "enrolled_umkm", 25, date(2025, 1, 1), date(2025, 6, 1), date(2025, 12, 1))
    assert (p.status, p.period, p.value, p.gap_units, p.months_left, p.pace_needed) == \
        ("missed_at_due", date(2025, 6, 1), 22.0, 3, 0, None)
    assert p.planned_pace == pytest.approx((25 - 12) / 5)
    met = evaluate(series(RISING), "enrolled_umkm", 20, date(2025, 1, 1), date(2025, 6, 1), date(2025, 12, 1))
    assert (met.status, met.gap_units) == ("met_at_due", 0)


def test_due_before_the_data_starts_has_no_data():
    # Kota Tangerang's 2019 target against data that starts in 2025.
    p = evaluate(series(RISING), "enrolled_umkm", 200, date(2019, 1, 1), date(2019, 12, 1), date(2025, 12, 1))
    assert (p.status, p.first_period, p.value) == ("no_data", date(2025, 1, 1), None)


def test_evaluation_ignores_data_after_the_as_of_month():
    p = evaluate(series(RISING), "enrolled_umkm", 40, date(2025, 1, 1), date(2026, 6, 1), date(2025, 6, 1))
    assert (p.period, p.value, p.months_left) == (date(2025, 6, 1), 22.0, 12)
    assert p.pace_needed == pytest.approx(18 / 12)


@pytest.mark.parametrize("metric, target, numerator, denominator, expected", [
    # NTB Dec 2025 in the default data: 62.22% of 1,784,942 = 1,110,590.91 → 560,263.91 → 560,264 people.
    ("coverage_rate", 62.22, 550_327, 1_784_942, 560_264),
    ("coverage_rate", 40.0, 700, 2100, 140),
    ("coverage_rate", 30.0, 700, 2100, 0),
    ("enrolled_umkm", 48_000, 22_663, 48_000, 25_337),
    ("active_participants", 54_000_000, 43_570_606, None, 10_429_394),
])
def test_gap_in_people_or_units(metric, target, numerator, denominator, expected):
    assert gap_units(metric, target, numerator, denominator) == expected


def test_relations_conflicts_and_paths(fixture_targets_db):
    frame = db.run_query(fixture_targets_db, "targets")
    rel = relations(frame)
    assert rel[1] == {"conflicts": [3], "path": []}   # 40% and 45% for NTB, both due 2025-10
    assert rel[3] == {"conflicts": [1], "path": []}
    assert rel[4] == {"conflicts": [], "path": [5]}   # the RPJMN path: 2025 and 2029
    assert rel[2] == {"conflicts": [], "path": []}


# --- the default dataset: the "done when" -------------------------------------------

def test_ntb_48000_ukm_progress_pace_and_projection(default_db):
    goals = db.run_query(default_db, "targets")
    ntb = goals.filter((pl.col("area_code") == "52") & (pl.col("metric") == "enrolled_umkm")).row(0, named=True)
    assert (ntb["target_value"], ntb["set_by"]) == (48_000, "Pemprov NTB & BPJS Ketenagakerjaan (PKS 12 Jan 2021)")
    frame = progress(default_db, ntb["target_id"])
    assert set(frame["denominator"]) == {48_000}  # the published base, split over NTB's regencies
    june = frame.filter(pl.col("period") == date(2025, 6, 1)).row(0, named=True)
    p = evaluate(frame, "enrolled_umkm", 48_000, ntb["start_period"], ntb["due_period"], date(2025, 6, 1))
    assert (p.status, p.value, p.months_left) == ("open", june["value"], 6)
    assert p.pace_needed == pytest.approx((48_000 - june["value"]) / 6)
    assert p.progress_pct == pytest.approx(100 * june["value"] / 48_000)
    assert [pr.window for pr in p.projections] == [3, 6, 12]
    assert all(pr.status in ("reaches", "not_by_due") for pr in p.projections)
    march = frame.filter(pl.col("period") == date(2025, 3, 1))["value"].item()
    assert p.projections[0].pace_per_month == pytest.approx((june["value"] - march) / 3)


def test_rpjmn_path_and_regional_targets_stay_separate(default_db):
    goals = db.run_query(default_db, "targets")
    # By who set them: RKP 2026 and Kemendagri's national targets share the national plan's kind.
    rpjmn = goals.filter(pl.col("set_by") == "RPJMN 2025–2029").sort("due_period")
    assert rpjmn.select("target_value", "due_period").rows() == [(32.15, date(2025, 12, 1)), (43.92, date(2029, 12, 1))]
    maluku = goals.filter(pl.col("area_code") == "81")
    assert sorted(maluku["target_value"]) == [63.88, 72.74]  # two printed 2025 targets, never merged
    rel = relations(goals)
    assert all(rel[i]["conflicts"] for i in maluku["target_id"])
    assert rel[rpjmn["target_id"][1]]["path"] == [rpjmn["target_id"][0]]
    # Review 3 F5: Kemendagri's 52,15% for 2025 stands beside RPJMN's 32,15% as a conflict, not a
    # milestone of the same path; RKP 2026's 34,99% is a third setter's, due a year later.
    national = goals.filter(pl.col("area_level") == "national", pl.col("metric") == "coverage_rate")
    by_setter = {r["set_by"]: r for r in national.iter_rows(named=True)
                 if r["set_by"] in ("Kemendagri", "Pemerintah (RKP 2026)")}
    assert [(r["target_value"], r["due_period"], r["basis"]) for r in by_setter.values()] == [
        (52.15, date(2025, 12, 1), "ucj"), (34.99, date(2026, 12, 1), "ucj")]
    kemendagri, rkp = (r["target_id"] for r in by_setter.values())
    assert rel[kemendagri]["conflicts"] == [rpjmn["target_id"][0]] and rel[kemendagri]["path"] == []
    assert rel[rkp]["conflicts"] == [] and rel[rkp]["path"] == []


def test_national_registered_target_is_not_measured_against_active_participants(default_db):
    """Review 2, finding 1: the 54 juta of Kontan's DPR report is a target for registered participants
    (active and inactive). The database holds no registered series, so the target has no actual,
    progress or gap; measured on active members it read 71,9% and 15.198.547 short."""
    row = default_db.execute(
        "select target_id, metric, target_value, area_code from target where set_by = 'BPJS Ketenagakerjaan' "
        "and area_level = 'national'").fetchall()
    assert len(row) == 1
    target_id, metric, value, code = row[0]
    assert (metric, value, code) == ("registered_participants", 54_000_000, "ID")
    assert progress(default_db, target_id).is_empty()
    judged = evaluate(progress(default_db, target_id), metric, value, date(2025, 1, 1), date(2025, 12, 1),
                      date(2025, 12, 1))
    assert judged.status == "untracked"
    assert judged.value is None and judged.progress_pct is None and judged.gap_value is None
    assert judged.gap_units is None and judged.projections == ()
    # No active-participant target is left at national level to be compared with active members.
    # fetchall, not fetchone: the session's shared connection must not keep an unfinished result.
    assert default_db.execute("select count(*) from target where area_level = 'national' "
                              "and metric = 'active_participants'").fetchall() == [(0,)]
