"""SHU → iuran simulator: contributions from the rate table, members coverable and coverage change."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import polars as pl

from cakupan.settings import ROOT

SEEDS = ROOT / "data" / "seeds"
# A package names which programmes a member joins; the amounts always come from the rate table.
PACKAGES: dict[str, tuple[str, ...]] = {
    "jkk_jkm": ("JKK", "JKM"),
    "jkk_jkm_jht": ("JKK", "JKM", "JHT"),
}
MAX_MONTHS = 12


@dataclass(frozen=True)
class Rate:
    """One programme's contribution rule, as stored in contribution_rate."""
    program: str
    rate_pct: float | None
    fixed_amount_idr: int | None
    min_amount_idr: int | None
    max_amount_idr: int | None
    effective_from: date | None = None
    source_title: str | None = None


@dataclass(frozen=True)
class Contribution:
    """What one member pays for one programme in one month, and the rule that produced it."""
    program: str
    amount_idr: int
    rule: str           # 'fixed', 'percent', 'percent_min' (raised to the minimum), 'percent_max' (capped)
    rate: Rate


@dataclass(frozen=True)
class Message:
    """A validation message for one input field: a catalogue key and its placeholder values."""
    key: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Inputs:
    """Everything the simulator needs from the reader (amounts in rupiah, share in percent)."""
    shu_idr: float | None
    share_pct: float | None
    package: str
    income_idr: float | None
    months: float | None
    members: int | None
    enrolled: int | None


@dataclass(frozen=True)
class AreaCoverage:
    """Coverage of one level (cooperative, kabupaten/kota, province) before and after the scenario."""
    level: str          # 'cooperative', 'regency', 'province'
    code: str | None
    name: str
    covered_before: int
    base: int
    covered_after: int
    rate_before_pct: float | None
    rate_after_pct: float | None
    change_pts: float | None
    synthetic: bool = False
    as_of: date | None = None


@dataclass(frozen=True)
class Result:
    """The outcome of one scenario."""
    budget_idr: int
    per_member_month_idr: int
    per_member_total_idr: int
    members_coverable: int          # what the budget pays for
    newly_covered: int              # capped at the members not yet enrolled
    unused_budget_idr: int
    breakdown: tuple[Contribution, ...]
    coverage: tuple[AreaCoverage, ...] = ()


def rates_from_frame(frame: pl.DataFrame) -> dict[str, Rate]:
    """The contribution_rates query's rows (one per programme) as Rate objects keyed by programme."""
    rates: dict[str, Rate] = {}
    for row in frame.iter_rows(named=True):
        if row["program"] in rates:
            raise ValueError(f"two rates in force for {row['program']}; the query must pick one per programme")
        rates[row["program"]] = Rate(
            program=row["program"], rate_pct=row["rate_pct"], fixed_amount_idr=row["fixed_amount_idr"],
            min_amount_idr=row["min_amount_idr"], max_amount_idr=row["max_amount_idr"],
            effective_from=row.get("effective_from"), source_title=row.get("source_title"))
    return rates


def programme_contribution(rate: Rate, income_idr: float) -> Contribution:
    """One programme's monthly amount for a declared income, in whole rupiah (half up).

    A percentage rate is applied to the income, then raised to its minimum or capped at its
    maximum when the table gives them; a fixed amount ignores the income.
    """
    if rate.fixed_amount_idr is not None:
        return Contribution(rate.program, int(rate.fixed_amount_idr), "fixed", rate)
    if rate.rate_pct is None:
        raise ValueError(f"{rate.program}: a rate needs either rate_pct or fixed_amount_idr")
    raw = Decimal(str(income_idr)) * Decimal(str(rate.rate_pct)) / 100
    amount = int(raw.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    rule = "percent"
    if rate.min_amount_idr is not None and amount < rate.min_amount_idr:
        amount, rule = int(rate.min_amount_idr), "percent_min"
    if rate.max_amount_idr is not None and amount > rate.max_amount_idr:
        amount, rule = int(rate.max_amount_idr), "percent_max"
    return Contribution(rate.program, amount, rule, rate)


def contribution_breakdown(rates: dict[str, Rate], package: str, income_idr: float) -> tuple[Contribution, ...]:
    """The monthly amount of every programme in a package."""
    missing = [p for p in PACKAGES[package] if p not in rates]
    if missing:
        raise KeyError(f"no rate in force for {', '.join(missing)}")
    return tuple(programme_contribution(rates[p], income_idr) for p in PACKAGES[package])


def monthly_contribution(rates: dict[str, Rate], package: str, income_idr: float) -> int:
    """Contribution per member per month for a package."""
    return sum(c.amount_idr for c in contribution_breakdown(rates, package, income_idr))


def budget(shu_idr: float, share_pct: float) -> Decimal:
    """The part of the SHU converted into contributions, in rupiah (not rounded)."""
    return Decimal(str(shu_idr)) * Decimal(str(share_pct)) / 100


def members_coverable(shu_idr: float, share_pct: float, per_member_month_idr: int, months: int) -> int:
    """floor(SHU × share ÷ (contribution per member per month × months))."""
    if per_member_month_idr <= 0 or months <= 0:
        raise ValueError("the contribution and the number of months must be positive")
    cost = Decimal(per_member_month_idr) * months
    return int((budget(shu_idr, share_pct) / cost).to_integral_value(rounding=ROUND_FLOOR))


def _number(value) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def validate(inputs: Inputs, min_income_idr: int | None) -> dict[str, Message]:
    """Field-level messages for invalid inputs; an empty dict means the scenario can be computed."""
    errors: dict[str, Message] = {}
    shu = _number(inputs.shu_idr)
    if shu is None:
        errors["shu"] = Message("sim.err.shu_missing")
    elif shu < 0:
        errors["shu"] = Message("sim.err.shu_negative")
    share = _number(inputs.share_pct)
    if share is None:
        errors["share"] = Message("sim.err.share_missing")
    elif share < 0 or share > 100:
        errors["share"] = Message("sim.err.share_range")
    income = _number(inputs.income_idr)
    if income is None:
        errors["income"] = Message("sim.err.income_missing")
    elif income <= 0:
        errors["income"] = Message("sim.err.income_positive")
    elif min_income_idr is not None and income < min_income_idr:
        errors["income"] = Message("sim.err.income_min", {"minimum": min_income_idr})
    months = _number(inputs.months)
    if months is None or months != months.to_integral_value() or not 1 <= months <= MAX_MONTHS:
        errors["months"] = Message("sim.err.months", {"max": MAX_MONTHS})
    if inputs.package not in PACKAGES:
        errors["package"] = Message("sim.err.package")
    members = _number(inputs.members)
    enrolled = _number(inputs.enrolled)
    if members is None or members != members.to_integral_value() or members < 1:
        errors["members"] = Message("sim.err.members")
    if enrolled is None or enrolled != enrolled.to_integral_value() or enrolled < 0:
        errors["enrolled"] = Message("sim.err.enrolled")
    elif members is not None and "members" not in errors and enrolled > members:
        errors["enrolled"] = Message("sim.err.enrolled_above_members")
    return errors


def coverage_change(level: str, code: str | None, name: str, covered: int, base: int, added: int,
                    synthetic: bool = False, as_of: date | None = None) -> AreaCoverage:
    """Rates before and after `added` people join the numerator; the base (denominator) stays."""
    before = 100.0 * covered / base if base else None
    after = 100.0 * (covered + added) / base if base else None
    change = after - before if before is not None and after is not None else None
    return AreaCoverage(level, code, name, covered, base, covered + added, before, after, change, synthetic, as_of)


def simulate(inputs: Inputs, rates: dict[str, Rate], min_income_idr: int | None = None,
             cooperative_name: str = "", areas: tuple[dict, ...] = ()) -> Result:
    """Run one scenario. `areas` are the kabupaten/kota and province rows (level, code, name,
    active, workers, synthetic, period) whose numerators the newly covered members join.
    Raises ValueError on invalid inputs; call validate() first to show messages."""
    errors = validate(inputs, min_income_idr)
    if errors:
        raise ValueError("invalid simulator inputs: " + ", ".join(sorted(errors)))
    months = int(inputs.months)
    breakdown = contribution_breakdown(rates, inputs.package, inputs.income_idr)
    per_month = sum(c.amount_idr for c in breakdown)
    coverable = members_coverable(inputs.shu_idr, inputs.share_pct, per_month, months)
    newly = min(coverable, int(inputs.members) - int(inputs.enrolled))
    money = budget(inputs.shu_idr, inputs.share_pct)
    unused = int((money - Decimal(newly * per_month * months)).to_integral_value(rounding=ROUND_FLOOR))
    coverage = [coverage_change("cooperative", None, cooperative_name, int(inputs.enrolled),
                                int(inputs.members), newly)]
    for area in areas:
        if area.get("active") is None or not area.get("workers"):
            continue
        coverage.append(coverage_change(area["level"], area["code"], area["name"], int(area["active"]),
                                        int(area["workers"]), newly, bool(area.get("synthetic")),
                                        area.get("period")))
    return Result(
        budget_idr=int(money.to_integral_value(rounding=ROUND_FLOOR)),
        per_member_month_idr=per_month,
        per_member_total_idr=per_month * months,
        members_coverable=coverable,
        newly_covered=newly,
        unused_budget_idr=unused,
        breakdown=breakdown,
        coverage=tuple(coverage),
    )


def scenario_row(name: str, cooperative: str, inputs: Inputs, result: Result) -> dict:
    """One flat row for the scenario comparison table and its CSV/PDF exports."""
    row = {
        "scenario": name,
        "cooperative": cooperative,
        "shu_idr": inputs.shu_idr,
        "share_pct": inputs.share_pct,
        "budget_idr": result.budget_idr,
        "package": inputs.package,
        "income_idr": inputs.income_idr,
        "months": int(inputs.months),
        "per_member_month_idr": result.per_member_month_idr,
        "per_member_total_idr": result.per_member_total_idr,
        "members_coverable": result.members_coverable,
        "newly_covered": result.newly_covered,
        "unused_budget_idr": result.unused_budget_idr,
    }
    for c in result.breakdown:
        row[f"{c.program.lower()}_idr"] = c.amount_idr
    for area in result.coverage:
        row[f"{area.level}_rate_before_pct"] = area.rate_before_pct
        row[f"{area.level}_rate_after_pct"] = area.rate_after_pct
        row[f"{area.level}_change_pts"] = area.change_pts
    return row


def calculator_table(rates: dict[str, Rate], income_idr: float) -> list[dict]:
    """The BPU contribution calculator: every package's monthly amount for one declared income."""
    rows = []
    for package, programs in PACKAGES.items():
        breakdown = contribution_breakdown(rates, package, income_idr)
        row = {"package": package, **{c.program: c.amount_idr for c in breakdown}}
        row["total_month_idr"] = sum(c.amount_idr for c in breakdown)
        row["total_year_idr"] = row["total_month_idr"] * 12
        rows.append(row)
    return rows


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_assumptions(path: Path = SEEDS / "simulator_assumptions.csv") -> dict[str, dict]:
    """Cakupan's stated assumptions (e.g. the minimum declared income), keyed, with source and caveat."""
    return {row["key"]: {**row, "value": int(row["value"])} for row in _read_csv(path)}


def load_quoted_figures(path: Path = SEEDS / "quoted_figures.csv") -> dict[str, dict]:
    """Figures quoted in sources that match no rate table; shown as quotes, never computed with."""
    return {row["figure_key"]: {**row, "value_idr": int(row["value_idr"])} for row in _read_csv(path)}

