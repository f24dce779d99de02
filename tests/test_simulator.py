"""SHU → iuran simulator: contributions from the rate table, members coverable, coverage change, validation, PDF."""

import io
import subprocess
from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from pypdf import PdfReader

from cakupan import db, simulator
from cakupan.reports import rat_pdf
from cakupan.simulator import Inputs, Rate
from conftest import artifact, embedded_fonts

# The BPU rate table as stored in the seeds: JKK 1% (min 10.000, max 207.000), JKM 6.800 flat, JHT 2%.
BPU = {
    "JKK": Rate("JKK", 1.0, None, 10_000, 207_000),
    "JKM": Rate("JKM", None, 6_800, None, None),
    "JHT": Rate("JHT", 2.0, None, None, None),
}
MIN_INCOME = 1_000_000


def inputs(shu=1_000_000_000, share=10, package="jkk_jkm", income=1_000_000, months=12, members=200_000,
           enrolled=258) -> Inputs:
    return Inputs(shu, share, package, income, months, members, enrolled)


# --- the rate table is data ------------------------------------------------------------------

def test_rates_in_force_come_from_the_table(fixture_targets_db):
    # The fixture holds JKM 5.000 from 2024 and 6.800 from 2025: the day decides which one applies.
    now = simulator.rates_from_frame(db.run_query(fixture_targets_db, "contribution_rates", segment="BPU", on_date=date(2025, 6, 1)))
    assert {p: (r.rate_pct, r.fixed_amount_idr, r.min_amount_idr, r.max_amount_idr) for p, r in now.items()} == {
        "JHT": (2.0, None, None, None), "JKK": (1.0, None, 10_000, 207_000), "JKM": (None, 6_800, None, None)}
    before = db.run_query(fixture_targets_db, "contribution_rates", segment="BPU", on_date=date(2024, 6, 1))
    assert before.select("program", "fixed_amount_idr").rows() == [("JKM", 5_000)]


def test_seeded_rates_match_the_published_bpu_table(default_db):
    rates = simulator.rates_from_frame(db.run_query(default_db, "contribution_rates", segment="BPU",
                                                    on_date=date(2025, 12, 1)))
    def rule(r: Rate) -> tuple:
        return r.rate_pct, r.fixed_amount_idr, r.min_amount_idr, r.max_amount_idr

    assert rule(rates["JKK"]) == (1.0, None, 10_000, 207_000)
    assert rule(rates["JKM"]) == (None, 6_800, None, None)
    assert rule(rates["JHT"]) == (2.0, None, None, None)
    assert rates["JKK"].source_title.startswith("Iuran BPU: PP 44/2015")


def test_hand_calculation_ten_percent_of_shu(default_db):
    # Worked by hand from the rate table: SHU Rp 1.000.000.000 × 10% = Rp 100.000.000.
    # JKK = max(1% × 1.000.000, 10.000) = 10.000; JKM = 6.800 → 16.800 a month; × 12 = 201.600 a member.
    # floor(100.000.000 / 201.600) = 496 members (496 × 201.600 = 99.993.600; 6.400 left over).
    rates = simulator.rates_from_frame(db.run_query(default_db, "contribution_rates", segment="BPU",
                                                    on_date=date(2025, 12, 1)))
    jkk, jkm = rates["JKK"], rates["JKM"]
    by_hand = max(Decimal(1_000_000) * Decimal(str(jkk.rate_pct)) / 100, jkk.min_amount_idr) + jkm.fixed_amount_idr
    assert by_hand == 16_800
    expected = int(Decimal(1_000_000_000) * Decimal("0.10") // (by_hand * 12))
    assert expected == 496
    swasti = db.run_query(default_db, "cooperatives").filter(pl.col("name") == "Kopdit Swasti Sari").row(0, named=True)
    assert (swasti["members"], swasti["enrolled_members"], swasti["is_synthetic"]) == (200_000, 258, False)
    areas = ({"level": "regency", "code": "53.71", "name": "Kota Kupang", "active": 49_398, "workers": 84_836},
             {"level": "province", "code": "53", "name": "Nusa Tenggara Timur", "active": 421_201, "workers": 1_205_175})
    result = simulator.simulate(inputs(members=swasti["members"], enrolled=swasti["enrolled_members"]), rates,
                                MIN_INCOME, swasti["name"], areas)
    assert (result.budget_idr, result.per_member_month_idr, result.per_member_total_idr) == (100_000_000, 16_800, 201_600)
    assert (result.members_coverable, result.newly_covered, result.unused_budget_idr) == (496, 496, 6_400)
    assert [(c.program, c.amount_idr, c.rule) for c in result.breakdown] == [("JKK", 10_000, "percent"),
                                                                            ("JKM", 6_800, "fixed")]
    coop, regency, province = result.coverage
    # Cooperative 258 / 200.000 = 0,129% → (258 + 496) / 200.000 = 0,377%: +0,248 points.
    assert (coop.covered_before, coop.covered_after, coop.base) == (258, 754, 200_000)
    assert (coop.rate_before_pct, coop.rate_after_pct, coop.change_pts) == pytest.approx((0.129, 0.377, 0.248))
    # Kota Kupang 49.398 / 84.836 → 49.894 / 84.836; NTT 421.201 / 1.205.175 → 421.697 / 1.205.175.
    assert regency.covered_after == 49_894
    assert regency.change_pts == pytest.approx(100 * 496 / 84_836)
    assert province.covered_after == 421_697
    assert province.change_pts == pytest.approx(100 * 496 / 1_205_175)


@pytest.mark.parametrize("program, income, amount, rule", [
    ("JKK", 500_000, 10_000, "percent_min"),      # 1% = 5.000, raised to the 10.000 minimum
    ("JKK", 1_000_000, 10_000, "percent"),
    ("JKK", 2_000_000, 20_000, "percent"),
    ("JKK", 1_234_567, 12_346, "percent"),        # 12.345,67 rounded half up
    ("JKK", 25_000_000, 207_000, "percent_max"),  # 250.000 capped at 207.000
    ("JKM", 25_000_000, 6_800, "fixed"),
    ("JHT", 2_000_000, 40_000, "percent"),
    ("JHT", 1_234_567, 24_691, "percent"),        # 24.691,34
])
def test_programme_contribution(program, income, amount, rule):
    c = simulator.programme_contribution(BPU[program], income)
    assert (c.amount_idr, c.rule) == (amount, rule)


@pytest.mark.parametrize("package, income, per_month", [
    ("jkk_jkm", 1_000_000, 16_800),
    ("jkk_jkm_jht", 1_000_000, 36_800),
    ("jkk_jkm_jht", 3_000_000, 96_800),
    ("jkk_jkm", 25_000_000, 213_800),
])
def test_monthly_contribution_per_package(package, income, per_month):
    assert simulator.monthly_contribution(BPU, package, income) == per_month


def test_a_changed_rate_table_changes_the_answer():
    # Nothing is hard-wired: a JKM of 10.000 makes the package 20.000 and covers 416 members.
    rates = {**BPU, "JKM": Rate("JKM", None, 10_000, None, None)}
    result = simulator.simulate(inputs(), rates, MIN_INCOME)
    assert (result.per_member_month_idr, result.members_coverable) == (20_000, 416)  # 100.000.000 // 240.000


def test_quoted_11800_is_a_quote_not_a_rate(default_db):
    quoted = simulator.load_quoted_figures()["bpu_monthly_contribution_quoted"]
    assert (quoted["value_idr"], quoted["as_printed"]) == (11_800, "Rp 11.800 per bulan")
    rates = db.run_query(default_db, "contribution_rates", segment="BPU", on_date=date(2025, 12, 1))
    stored = set(rates["fixed_amount_idr"].drop_nulls()) | set(rates["min_amount_idr"].drop_nulls()) | \
        set(rates["max_amount_idr"].drop_nulls())
    assert 11_800 not in stored
    # The cheapest package the table allows is 16.800, not the quoted 11.800.
    assert simulator.monthly_contribution(simulator.rates_from_frame(rates), "jkk_jkm", 1) == 16_800


def test_minimum_income_is_data_with_its_caveat():
    row = simulator.load_assumptions()["bpu_min_declared_income_idr"]
    assert row["value"] == 1_000_000
    assert "do not state the legal minimum" in row["caveat"]


# --- edge cases -----------------------------------------------------------------------------

def test_zero_shu_covers_nobody():
    result = simulator.simulate(inputs(shu=0), BPU, MIN_INCOME, "K", ())
    assert (result.budget_idr, result.members_coverable, result.newly_covered, result.unused_budget_idr) == (0, 0, 0, 0)
    assert result.coverage[0].change_pts == 0


def test_hundred_percent_share_spends_the_whole_shu():
    # 100% of 2.016.000 = exactly 10 members at 201.600 a year.
    result = simulator.simulate(inputs(shu=2_016_000, share=100), BPU, MIN_INCOME)
    assert (result.budget_idr, result.members_coverable, result.unused_budget_idr) == (2_016_000, 10, 0)


def test_cooperative_with_no_members_enrolled():
    result = simulator.simulate(inputs(shu=10_080_000, share=50, months=6, members=1_000, enrolled=0), BPU,
                                MIN_INCOME, "Kopdit B")
    # 5.040.000 / (16.800 × 6 = 100.800) = 50 members: 0% → 5%.
    coop = result.coverage[0]
    assert (result.members_coverable, coop.rate_before_pct, coop.rate_after_pct, coop.change_pts) == (50, 0.0, 5.0, 5.0)


def test_newly_covered_is_capped_at_members_not_yet_enrolled():
    result = simulator.simulate(inputs(members=300, enrolled=100), BPU, MIN_INCOME)
    assert (result.members_coverable, result.newly_covered) == (496, 200)
    assert result.unused_budget_idr == 100_000_000 - 200 * 201_600
    assert result.coverage[0].rate_after_pct == 100.0


def test_fractional_share_and_shorter_period():
    # 12,5% of 1.000.000.000 = 125.000.000; JKK+JKM+JHT at 2.000.000 = 20.000 + 6.800 + 40.000 = 66.800; 3 months.
    result = simulator.simulate(inputs(share=12.5, package="jkk_jkm_jht", income=2_000_000, months=3), BPU, MIN_INCOME)
    assert (result.per_member_total_idr, result.members_coverable) == (200_400, 623)  # 125.000.000 // 200.400


@pytest.mark.parametrize("changes, field, key", [
    ({"shu": -1}, "shu", "sim.err.shu_negative"),
    ({"shu": None}, "shu", "sim.err.shu_missing"),
    ({"share": 100.5}, "share", "sim.err.share_range"),
    ({"share": -0.1}, "share", "sim.err.share_range"),
    ({"income": 0}, "income", "sim.err.income_positive"),
    ({"income": -5}, "income", "sim.err.income_positive"),
    ({"income": 999_999}, "income", "sim.err.income_min"),
    ({"months": 0}, "months", "sim.err.months"),
    ({"months": 13}, "months", "sim.err.months"),
    ({"months": 6.5}, "months", "sim.err.months"),
    ({"package": "jkk"}, "package", "sim.err.package"),
    ({"members": 0}, "members", "sim.err.members"),
    ({"enrolled": 201}, "enrolled", "sim.err.enrolled_above_members"),
    ({"enrolled": -1}, "enrolled", "sim.err.enrolled"),
])
def test_invalid_inputs_get_a_message_at_their_field(changes, field, key):
    base = {"shu": 1e9, "share": 10, "package": "jkk_jkm", "income": 1e6, "months": 12, "members": 200, "enrolled": 0}
    values = {**base, **changes}
    errors = simulator.validate(inputs(**values), MIN_INCOME)
    assert list(errors) == [field]
    assert errors[field].key == key
    with pytest.raises(ValueError, match=field):
        simulator.simulate(inputs(**values), BPU, MIN_INCOME)


@pytest.mark.parametrize("changes", [{"shu": 0}, {"share": 0}, {"share": 100}, {"months": 1}, {"months": 12},
                                     {"income": 1_000_000}, {"enrolled": 200}])
def test_boundary_values_are_valid(changes):
    values = {"shu": 1e9, "share": 10, "package": "jkk_jkm", "income": 1e6, "months": 12, "members": 200,
              "enrolled": 0, **changes}
    assert simulator.validate(inputs(**values), MIN_INCOME) == {}


def test_income_minimum_message_names_the_minimum():
    errors = simulator.validate(inputs(income=500_000), MIN_INCOME)
    assert errors["income"].values == {"minimum": 1_000_000}


def test_calculator_table():
    assert simulator.calculator_table(BPU, 2_000_000) == [
        {"package": "jkk_jkm", "JKK": 20_000, "JKM": 6_800, "total_month_idr": 26_800, "total_year_idr": 321_600},
        {"package": "jkk_jkm_jht", "JKK": 20_000, "JKM": 6_800, "JHT": 40_000, "total_month_idr": 66_800,
         "total_year_idr": 801_600},
    ]


def test_scenario_row_is_flat_and_complete():
    result = simulator.simulate(inputs(), BPU, MIN_INCOME, "Kopdit Swasti Sari")
    row = simulator.scenario_row("S1", "Kopdit Swasti Sari", inputs(), result)
    assert row["newly_covered"] == 496 and row["jkk_idr"] == 10_000 and row["jkm_idr"] == 6_800
    assert row["cooperative_rate_after_pct"] == pytest.approx(0.377)


# --- the RAT PDF -----------------------------------------------------------------------------

def scenarios(n: int) -> tuple[dict, Inputs, simulator.Result]:
    rows = []
    for i in range(n):
        inp = inputs(share=5 * (i % 4 + 1), package=("jkk_jkm", "jkk_jkm_jht")[i % 2], income=1_000_000 * (i % 3 + 1))
        res = simulator.simulate(inp, BPU, MIN_INCOME, "Kopdit Swasti Sari",
                                 ({"level": "regency", "code": "53.71", "name": "Kota Kupang", "active": 49_398,
                                   "workers": 84_836},))
        rows.append(simulator.scenario_row(f"Skenario {i + 1}: usulan pengurus dengan nama yang panjang", "Kopdit",
                                           inp, res))
    coop = {"name": "Kopdit Swasti Sari", "regency_name": "Kota Kupang", "is_synthetic": False,
            "source_title": "Seed article"}
    return coop, rows, inp, res


@pytest.mark.parametrize("n, lang", [(1, "id"), (15, "id"), (15, "en")])
def test_pdf_is_one_page_whatever_the_number_of_scenarios(n, lang):
    coop, rows, inp, res = scenarios(n)
    pdf = PdfReader(io.BytesIO(rat_pdf.rat_pdf(coop, inp, res, rows, lang, chart=False, today=date(2026, 1, 5))))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "Kopdit Swasti Sari" in text and "Kota Kupang" in text
    assert ("RAT" in text) and ("11.800" in text if lang == "id" else "11,800" in text)
    if n > 10:
        assert ("5 skenario lain" if lang == "id" else "5 more scenarios") in text


def test_pdf_with_chart_renders_to_one_png():
    coop, rows, inp, res = scenarios(4)
    data = rat_pdf.rat_pdf(coop, inp, res, rows, "id", chart=True, today=date(2026, 1, 5))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert len(reader.pages[0].images) == 1  # the kaleido chart
    path = artifact("rat_scenarios.pdf")
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(path), str(path.with_suffix(""))], check=True)
    assert path.with_suffix(".png").stat().st_size > 10_000


def test_rat_pdf_is_set_in_the_shipped_font_with_its_symbols(tmp_path):
    # The RAT PDF no longer depends on the machine's fonts: it embeds the project's Source Sans 3,
    # so the arrow in the title is printed as it is, not reduced to Latin-1.
    coop, rows, inp, res = scenarios(3)
    reader = PdfReader(io.BytesIO(rat_pdf.rat_pdf(coop, inp, res, rows, "id", chart=False)))
    assert len(reader.pages) == 1
    assert "Skenario SHU → iuran" in reader.pages[0].extract_text()
    assert embedded_fonts(reader) == {"SourceSans3", "SourceSans3Bold"}


def rat_text(coop: dict, inp, res, rows, lang: str = "id") -> str:
    reader = PdfReader(io.BytesIO(rat_pdf.rat_pdf(coop, inp, res, rows, lang, chart=False, today=date(2026, 1, 5))))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def with_province(synthetic_regency: bool, synthetic_province: bool):
    """One scenario whose coverage rows are Kota Kupang and NTT, flagged as given (review 2, finding 2)."""
    inp = inputs()
    res = simulator.simulate(inp, BPU, MIN_INCOME, "Kopdit Swasti Sari", (
        {"level": "regency", "code": "53.71", "name": "Kota Kupang", "active": 44_441, "workers": 83_034,
         "synthetic": synthetic_regency},
        {"level": "province", "code": "53", "name": "Nusa Tenggara Timur", "active": 368_062, "workers": 1_035_691,
         "synthetic": synthetic_province}))
    coop = {"name": "Kopdit Swasti Sari", "regency_name": "Kota Kupang", "is_synthetic": False,
            "source_title": "Seed article"}
    return coop, inp, res, [simulator.scenario_row("S1", "Kopdit Swasti Sari", inp, res)]


@pytest.mark.parametrize("lang, badge, word, note", [
    ("id", "DATA SINTETIS", "sintetis", "Berisi data sintetis"),
    ("en", "SYNTHETIC DATA", "synthetic", "Contains synthetic data"),
])
def test_rat_pdf_labels_synthetic_coverage_as_the_briefings_do(lang, badge, word, note):
    coop, inp, res, rows = with_province(True, True)
    text = rat_text(coop, inp, res, rows, lang)
    assert badge in text and note in text
    # The coverage table says which rows are demo data: the two areas, not the published cooperative.
    lines = text.splitlines()
    kupang = next(line for line in lines if "Kota Kupang" in line and ("53,5" in line or "53.5" in line))
    assert kupang.rstrip().endswith(word)
    coop_line = next(line for line in lines if line.startswith(("Koperasi", "Cooperative")) and "Kopdit" in line)
    assert coop_line.rstrip().endswith("terbit" if lang == "id" else "published")


def test_rat_pdf_of_published_figures_only_has_no_synthetic_label():
    coop, inp, res, rows = with_province(False, False)
    text = rat_text(coop, inp, res, rows)
    assert "DATA SINTETIS" not in text and "sintetis" not in text.lower()


def test_rat_pdf_method_is_in_words_not_code():
    coop, inp, res, rows = with_province(False, False)
    text = " ".join(rat_text(coop, inp, res, rows).split())
    assert "floor(" not in text
    assert "dibulatkan ke bawah" in text
    # The rate table's date is the one Cakupan applies, not the regulation's own.
    assert "dipakai Cakupan sejak" in text and "berlaku sejak" not in text
