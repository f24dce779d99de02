"""The default dataset: published province figures, filled in with a deterministic synthetic series.

Published numbers (data/seeds/anchors.csv) are kept exactly. Everything between them is
synthetic and marked so: months between published points, the split of a province total
into its kabupaten/kota, and the split by segment and enterprise kind. Every split is
done with largest-remainder rounding, so the parts add up exactly to the total they split.
"""

from __future__ import annotations

import csv
import hashlib
import math
from dataclasses import dataclass, field
from datetime import date

from cakupan.settings import ROOT
from cakupan.provenance import SYNTHETIC_TITLE

SEEDS = ROOT / "data" / "seeds"

FIRST_MONTH = date(2023, 12, 1)
LAST_MONTH = date(2025, 12, 1)  # the latest month with a sourced province figure
SEED = "cakupan-default-v1"

# Synthetic assumptions, named once. Each is used only where no published figure exists.
ACTIVE_GROWTH = 0.006  # per month; national active grew ~8.8% from Dec 2023 to Dec 2024
MAX_GROWTH = 0.015  # extrapolating from two published points never exceeds this per month
WORKFORCE_GROWTH = 0.0012  # per month, for both denominators
EMPLOYED_PER_PERSON = 0.50  # national BPS employed ÷ population, roughly 144 M ÷ 281 M
UCJ_BASE_PER_EMPLOYED = 0.62  # median UCJ base ÷ BPS employed where both are published
MIN_RATE_GAP = 0.01  # two synthetic province levels differ by at least a point of coverage
MAX_SYNTHETIC_RATE = (0.78, 0.93)  # a synthetic UCJ base keeps the rate below a cap drawn from this range
# Active participants dip early in the year (non-ASN contracts paid yearly or half-yearly).
SEASONAL = {1: 0.975, 2: 0.985, 3: 0.995}
UMKM_BASE_PER_PERSON = 0.0087  # NTB's 48,000 UKM base ÷ its population
KOPERASI_PER_PERSON = 0.00045  # about 130 thousand cooperatives ÷ 281 M people

# How many months a published figure's pull lasts: a province with a published figure this far
# away (or none) takes its full share of the national residual; nearer, proportionally less.
RAMP_MONTHS = 4
TAIL_RAMP_MONTHS = 12
# No synthetic kab/kota rate goes above this on either basis (a published one may).
REGENCY_CAP = 0.92
NATIONAL = "ID"  # the area code of national figures

SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
KINDS = ("koperasi", "umkm", "lainnya")
# Share of each segment's members by enterprise kind (koperasi, umkm); the rest is 'lainnya'.
KIND_SHARES = {"PU": (0.015, 0.22), "BPU": (0.06, 0.45), "JAKON": (0.005, 0.12), "PMI": (0.0, 0.0)}
FORMAL_SEGMENT_SHARES = {"PU": 0.83, "JAKON": 0.15, "PMI": 0.02}


def months() -> list[date]:
    """The months of the default window, first to last."""
    out, d = [], FIRST_MONTH
    while d <= LAST_MONTH:
        out.append(d)
        d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return out


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def parse_period(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def unit_random(*key: object) -> float:
    """A uniform number in [0, 1) that depends only on the key (stable across runs and machines)."""
    digest = hashlib.sha256("|".join([SEED, *map(str, key)]).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def lognormal(sigma: float, *key: object) -> float:
    """A deterministic log-normal factor with median 1, from two stable uniforms (Box-Muller)."""
    u1 = max(unit_random(*key, "a"), 1e-12)
    u2 = unit_random(*key, "b")
    return math.exp(sigma * math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2))


def split_total(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split an integer total by weights so that the parts add up exactly (largest remainder)."""
    if total < 0:
        raise ValueError(f"cannot split a negative total ({total})")
    keys = sorted(weights)
    wsum = sum(weights[k] for k in keys)
    if wsum <= 0:
        raise ValueError("cannot split by weights that sum to zero")
    raw = {k: total * weights[k] / wsum for k in keys}
    parts = {k: math.floor(raw[k]) for k in keys}
    short = total - sum(parts.values())
    for k in sorted(keys, key=lambda k: (-(raw[k] - parts[k]), k))[:short]:
        parts[k] += 1
    return parts


def fill_series(pins: dict[int, float], wanted: list[int], growth: float, seasonal: bool,
                default_level: float | None = None, hold: bool = False) -> dict[int, float]:
    """Values for the wanted month indexes: exact at pins, interpolated between, extrapolated outside.

    Pins are deseasonalised before interpolating, so the early-year dip appears between them
    without moving a pinned value. With `hold`, the months before the first pin and after the last
    keep that pin's (deseasonalised) level instead of carrying the slope between pins on: a slope
    drawn past the last published month would be a trend no source reported.
    """
    def season(i: int) -> float:
        return SEASONAL.get(i % 12 + 1, 1.0) if seasonal else 1.0

    if not pins:
        if default_level is None:
            raise ValueError("a series with no published point needs a default level")
        mid = wanted[len(wanted) // 2]
        return {i: default_level * (1 + growth) ** (i - mid) * season(i) for i in wanted}
    base = {i: v / season(i) for i, v in pins.items()}
    keys = sorted(base)
    if len(keys) >= 2:
        span = keys[-1] - keys[0]
        slope = (base[keys[-1]] / base[keys[0]]) ** (1 / span) - 1 if base[keys[0]] > 0 else 0.0
        tail_growth = max(-MAX_GROWTH, min(MAX_GROWTH, slope))
    else:
        tail_growth = growth
    out = {}
    for i in wanted:
        if i in pins:
            out[i] = float(pins[i])
            continue
        if i < keys[0]:
            value = base[keys[0]] * (1 + (0.0 if hold else tail_growth)) ** (i - keys[0])
        elif i > keys[-1]:
            value = base[keys[-1]] * (1 + (0.0 if hold else tail_growth)) ** (i - keys[-1])
        else:
            lo = max(k for k in keys if k < i)
            hi = min(k for k in keys if k > i)
            value = base[lo] + (base[hi] - base[lo]) * (i - lo) / (hi - lo)
        out[i] = value * season(i)
    return out


def distinct_rate(code: str, drawn: list[float]) -> float:
    """A synthetic coverage level for a province with no published count, at least MIN_RATE_GAP from
    every level drawn before it (which it joins). Such provinces take the same share of the national
    residual each month, so two equal levels would give two identical series (Papua Selatan and
    Papua Pegunungan did, to 0,002 points); a clash draws again from the next key."""
    attempt = 0
    while True:
        key = (code, "rate") if attempt == 0 else (code, "rate", attempt)
        rate = 0.20 + 0.15 * unit_random(*key)
        if all(abs(rate - other) >= MIN_RATE_GAP for other in drawn):
            drawn.append(rate)
            return rate
        attempt += 1


def freedom(pins: dict[int, float], wanted: list[int]) -> dict[int, float]:
    """How free a series is to move in each month: 0 at a published month, rising linearly to 1
    at RAMP_MONTHS or more from the nearest one, so a published figure reads as a level. After the
    last published month it rises over TAIL_RAMP_MONTHS: nothing after that month says the area
    moved, so it keeps close to its newest figure instead of sliding to the common residual."""
    if not pins:
        return dict.fromkeys(wanted, 1.0)
    last = max(pins)
    return {i: min(1.0, min(abs(i - k) for k in pins) / (TAIL_RAMP_MONTHS if i > last else RAMP_MONTHS))
            for i in wanted}


def reconcile(series_of: dict[str, dict[int, float]], freedom_of: dict[str, dict[int, float]],
              national: dict[int, float], wanted: list[int], rounds: int = 8) -> dict[str, dict[int, int]]:
    """`_reconcile_month` for every month, after `rounds` passes in which each province's
    correction is smoothed over the months around it: a residual that one month reveals (say a
    snapshot listing only some provinces) becomes a level for the provinces it falls on, not a
    one-month spike."""
    series_of = {c: dict(s) for c, s in series_of.items()}
    for _ in range(rounds):
        scaled = _reconcile_month(series_of, freedom_of, national, wanted, exact=False)
        for c, s in series_of.items():
            logs = {i: math.log(scaled[c][i] / s[i]) if s[i] > 0 else 0.0 for i in wanted}
            for i in wanted:
                near = {j: math.exp(-abs(i - j) / RAMP_MONTHS) for j in wanted if abs(i - j) <= 2 * RAMP_MONTHS}
                s[i] *= math.exp(sum(logs[j] * k for j, k in near.items()) / sum(near.values()) * freedom_of[c][i])
    return _reconcile_month(series_of, freedom_of, national, wanted, exact=True)


def _reconcile_month(series_of, freedom_of, national, wanted, exact):
    """Scale the provinces' series so that every month adds up exactly to the national one.

    Each province moves in proportion to its freedom (see `freedom`), so a published month stays
    exactly as printed and the residual between the national and the province figures goes to
    the provinces with no published figure near that month."""
    out: dict[str, dict[int, float]] = {code: {} for code in series_of}
    for i in wanted:
        target = round(national[i])
        total = sum(s[i] for s in series_of.values())
        movable = sum(s[i] * freedom_of[c][i] for c, s in series_of.items())
        if movable <= 0:
            raise ValueError(f"month {i}: every province is published, the national figure cannot be met")
        factor = 1 + (target - total) / movable
        if factor <= 0:
            raise ValueError(f"month {i}: published provinces exceed the national figure")
        if not exact:
            for c, s in series_of.items():
                out[c][i] = s[i] * (1 + (factor - 1) * freedom_of[c][i])
            continue
        fixed = {c: round(s[i]) for c, s in series_of.items() if freedom_of[c][i] == 0}
        free = {c: s[i] * (1 + (factor - 1) * freedom_of[c][i])
                for c, s in series_of.items() if c not in fixed}
        for c, v in {**fixed, **split_total(target - sum(fixed.values()), free)}.items():
            out[c][i] = v
    return out


def split_with_floors(total: int, weights: dict[str, float], floors: dict[str, int]) -> dict[str, int]:
    """Split like `split_total`, but no part falls below its floor while the floors fit in the
    total: parts under their floor are set to it and the rest is split again."""
    held: dict[str, int] = {}
    while True:
        rest = {k: w for k, w in weights.items() if k not in held}
        remaining = total - sum(held.values())
        if not rest or remaining < 0:
            return split_total(total, weights)
        parts = split_total(remaining, rest)
        under = [k for k in rest if parts[k] < floors.get(k, 0)]
        if not under:
            return {**parts, **held}
        if sum(floors.get(k, 0) for k in rest) > remaining:
            # The floors cannot all be met: split in proportion to them, so no part is further
            # under its floor than the whole is.
            return split_total(total, {k: floors.get(k, 0) or weights[k] for k in weights})
        for k in under:
            held[k] = floors[k]


def hold_share(shares: dict[int, float], wanted: list[int]) -> dict[int, float]:
    """A share known in some months: linear between them, held flat before the first and after the last."""
    keys = sorted(shares)
    out = {}
    for i in wanted:
        if i <= keys[0]:
            out[i] = shares[keys[0]]
        elif i >= keys[-1]:
            out[i] = shares[keys[-1]]
        else:
            lo = max(k for k in keys if k <= i)
            hi = min(k for k in keys if k >= i)
            out[i] = shares[lo] if lo == hi else shares[lo] + (shares[hi] - shares[lo]) * (i - lo) / (hi - lo)
    return out


@dataclass
class Anchor:
    area_code: str
    period: date
    measure: str
    value: int | None
    printed_rate_pct: float | None
    source_key: tuple[str, str]
    note: str

    @property
    def from_rate(self) -> bool:
        return self.value is None


@dataclass
class DefaultData:
    """Rows for every fact table, as lists of dicts keyed by column name."""
    sources: list[dict] = field(default_factory=list)
    membership: list[dict] = field(default_factory=list)
    workforce: list[dict] = field(default_factory=list)
    enterprise: list[dict] = field(default_factory=list)
    anchors: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    cooperatives: list[dict] = field(default_factory=list)
    rates: list[dict] = field(default_factory=list)
    published: list[dict] = field(default_factory=list)


def read_seed(name: str) -> list[dict]:
    """Rows of a seed CSV; empty cells become None."""
    with open(SEEDS / name, encoding="utf-8", newline="") as f:
        return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(f)]


class _Sources:
    """Assigns stable ids to sources, keyed by (title, url)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], dict] = {}

    def key(self, title: str, url: str, kind: str, as_of: str = "", note: str = "") -> tuple[str, str]:
        k = (title, url or "")
        if k not in self.rows:
            self.rows[k] = {"title": title, "url": url or None, "kind": kind, "as_of": as_of or None,
                            "note": note or None}
        return k

    def finish(self) -> tuple[list[dict], dict[tuple[str, str], int]]:
        ordered = sorted(self.rows, key=lambda k: (self.rows[k]["kind"], k))
        ids = {k: n + 1 for n, k in enumerate(ordered)}
        return [{"source_id": ids[k], **self.rows[k]} for k in ordered], ids


SYNTHETIC_SOURCE = (SYNTHETIC_TITLE, "")


def build_default_data() -> DefaultData:
    """Generate every default fact row from the committed seeds."""
    provinces = read_seed("province.csv")
    regencies = read_seed("regency.csv")
    by_province: dict[str, list[dict]] = {}
    for r in regencies:
        by_province.setdefault(r["province_code"], []).append(r)

    src = _Sources()
    src.key(*SYNTHETIC_SOURCE, kind="synthetic",
            note="Bulan di antara angka terbit, pembagian ke kabupaten/kota menurut penduduk, pembagian "
                 "menurut segmen dan jenis usaha (" + SEED + ").")

    anchors: list[Anchor] = []
    for a in read_seed("anchors.csv"):
        anchors.append(Anchor(
            area_code=a["area_code"], period=parse_period(a["period"]), measure=a["measure"],
            value=int(a["value"]) if a["value"] else None,
            printed_rate_pct=float(a["printed_rate_pct"]) if a["printed_rate_pct"] else None,
            source_key=src.key(a["source_title"], a["source_url"], kind="published", as_of=a["period"]),
            note=a["note"]))
    anchors.extend(_national_anchors(src))
    pins: dict[tuple[str, str], dict[int, Anchor]] = {}
    for a in anchors:
        pins.setdefault((a.area_code, a.measure), {})[month_index(a.period)] = a

    window = months()
    wanted = [month_index(d) for d in window]
    data = DefaultData()
    anchor_rows: list[dict] = []

    def pin_values(code: str, measure: str) -> dict[int, int]:
        return {i: a.value for i, a in pins.get((code, measure), {}).items() if a.value is not None}

    def record(a: Anchor, value: int) -> None:
        if month_index(a.period) in wanted:
            anchor_rows.append({"period": a.period, "area_code": a.area_code, "measure": a.measure,
                                "value": value, "derivation": "from_rate" if a.from_rate else "count",
                                "printed_rate_pct": a.printed_rate_pct, "source_key": a.source_key})

    members: dict[int, dict[str, tuple]] = {}
    national_segments = _national_segments()
    # Active participants: each province's own series first (its published months kept), then
    # every month brought to the national series, the residual going to provinces with no
    # published figure near that month.
    national_active = fill_series(pin_values(NATIONAL, "active"), wanted, ACTIVE_GROWTH, True, hold=True)
    employed_of, active_of, ramp_active = {}, {}, {}
    drawn: list[float] = []  # the synthetic rates of the provinces with no published count so far
    base_held: dict[str, dict[int, int]] = {}  # UCJ bases held under an active rate printed alone
    for p in provinces:
        code = p["province_code"]
        pop = int(p["population"])
        employed = fill_series(pin_values(code, "workers_bps"), wanted, WORKFORCE_GROWTH, False,
                               default_level=pop * EMPLOYED_PER_PERSON)
        employed_of[code] = {i: round(v) for i, v in employed.items()}
        a_pins = pin_values(code, "active")
        f_pins, i_pins = pin_values(code, "active_formal"), pin_values(code, "active_informal")
        for i in set(f_pins) & set(i_pins):
            a_pins.setdefault(i, f_pins[i] + i_pins[i])
        # A rate printed without its counts, for active participants: applied to the base the
        # province last published (held), so both the rate and the base a reader knows stay true.
        rate_pins = {i: a for i, a in pins.get((code, "active"), {}).items() if a.from_rate and i in wanted}
        if rate_pins:
            published_base = pin_values(code, "workers_ucj")
            if not published_base:
                raise ValueError(f"province {code}: an active rate without counts needs a published UCJ base")
            held = fill_series(published_base, wanted, 0.0, False, hold=True)
            for i, a in rate_pins.items():
                base_held[code] = {**base_held.get(code, {}), i: round(held[i])}
                a_pins[i] = round(a.printed_rate_pct / 100 * base_held[code][i])
        if a_pins:
            # A published province moves with the nation between and after its own figures: its
            # share of the national count is interpolated, and held after its newest figure. Its
            # level alone, held while the nation fell 12% in early 2025, left a residual that pushed
            # every unpublished month down (NTB slid from 30,7% to 26%).
            shares = fill_series({i: v / national_active[i] for i, v in a_pins.items()}, wanted, 0.0, False,
                                 hold=True)
            active_of[code] = {i: a_pins[i] if i in a_pins else shares[i] * national_active[i] for i in wanted}
        else:
            synthetic_rate = distinct_rate(code, drawn)
            active_of[code] = fill_series(a_pins, wanted, ACTIVE_GROWTH, True,
                                          default_level=synthetic_rate * UCJ_BASE_PER_EMPLOYED * pop * EMPLOYED_PER_PERSON)
        ramp_active[code] = freedom(a_pins, wanted)
    active_of = reconcile(active_of, ramp_active, national_active, wanted)
    for i, a in pins.get((NATIONAL, "active"), {}).items():
        record(a, round(national_active[i]))

    # The UCJ base: a printed rate fixes the base so that the rate reproduces; the rest is a share
    # of BPS employed, then brought to the national base where a national rate is published.
    ucj_of, ramp_ucj = {}, {}
    for p in provinces:
        code = p["province_code"]
        active, employed = active_of[code], employed_of[code]
        u_pins = pin_values(code, "workers_ucj")
        uf_pins, ui_pins = pin_values(code, "workers_ucj_formal"), pin_values(code, "workers_ucj_informal")
        for i in set(uf_pins) & set(ui_pins):
            u_pins.setdefault(i, uf_pins[i] + ui_pins[i])
        u_pins.update(base_held.get(code, {}))
        for i, a in pins.get((code, "workers_ucj"), {}).items():
            if a.from_rate and i in active:
                u_pins[i] = round(active[i] / (a.printed_rate_pct / 100))
        if u_pins:
            ucj_of[code] = fill_series(u_pins, wanted, WORKFORCE_GROWTH, False, hold=True)
        else:
            # A fixed share of BPS employed, raised once where it would put coverage above the cap.
            lo, hi = MAX_SYNTHETIC_RATE
            cap = lo + (hi - lo) * unit_random(code, "cap")
            share = max(UCJ_BASE_PER_EMPLOYED, max(active[i] / employed[i] for i in wanted) / cap)
            ucj_of[code] = {i: employed[i] * share for i in wanted}
        # A base is a slow count of potential workers: between two published bases it is drawn
        # straight from one to the other, never moved by the national residual (NTB's rose 8%
        # between its April 2024 and June 2025 figures, then fell back, a swing no source shows).
        ramp_ucj[code] = {i: 0.0 if u_pins and min(u_pins) <= i <= max(u_pins) else f
                          for i, f in freedom(u_pins, wanted).items()}
    national_rate = pins.get((NATIONAL, "workers_ucj"), {})
    if national_rate:
        national_ucj_pins = {i: national_active[i] / (a.printed_rate_pct / 100) for i, a in national_rate.items()}
        national_ucj = fill_series(national_ucj_pins, wanted, WORKFORCE_GROWTH, False)
        ucj_of = reconcile(ucj_of, ramp_ucj, national_ucj, wanted)
        for i, a in national_rate.items():
            record(a, round(national_ucj[i]))

    # The formal/informal split of active participants, province by province, then brought to the
    # national BPU (informal) count where it is published.
    informal_of, ramp_sector = {}, {}
    for p in provinces:
        code = p["province_code"]
        formal_share_active = 0.70 + 0.16 * (unit_random(code, "formal_active") - 0.5)
        formal = _sector_split(code, "active", active_of[code], wanted, formal_share_active, pins, record)
        informal_of[code] = {i: active_of[code][i] - formal[i] for i in wanted}
        sector_pins = {**pins.get((code, "active_formal"), {}), **pins.get((code, "active_informal"), {})}
        ramp_sector[code] = freedom(sector_pins, wanted)
    national_bpu = national_segments.get("BPU")
    if national_bpu:
        informal_of = reconcile(informal_of, ramp_sector, fill_series(national_bpu, wanted, ACTIVE_GROWTH, True),
                                wanted)
    for code, informal in informal_of.items():
        if any(not 0 <= informal[i] <= active_of[code][i] for i in wanted):
            raise ValueError(f"national BPU figures leave province {code} an impossible informal share")

    for p in provinces:
        code = p["province_code"]
        active, employed, ucj = active_of[code], employed_of[code], ucj_of[code]
        for measure, series in (("active", active), ("workers_ucj", ucj), ("workers_bps", employed)):
            for i, a in pins.get((code, measure), {}).items():
                if i in series:
                    record(a, series[i])
        formal_share_ucj = 0.40 + 0.12 * (unit_random(code, "formal_ucj") - 0.5)
        formal_share_bps = 0.42 + 0.16 * (unit_random(code, "formal_bps") - 0.5)
        active_formal = {i: active[i] - informal_of[code][i] for i in wanted}
        ucj_formal = _sector_split(code, "workers_ucj", ucj, wanted, formal_share_ucj, pins, record,
                                   numerators=active_formal, informal_numerators={
                                       i: active[i] - active_formal[i] for i in wanted})
        bps_formal = {i: _bounded_formal(employed[i], round(employed[i] * formal_share_bps), active_formal[i],
                                         active[i] - active_formal[i]) for i in wanted}

        regs = by_province[p["province_code"]]
        levels = {"active": _regency_levels(code, "active", regs, wanted, active, pins)}
        active_levels = {rc: {i: round(sh[i] * active[i]) for i in wanted} for rc, sh in levels["active"].items()}
        for measure, totals in (("ucj", ucj), ("bps", employed)):
            levels[measure] = _regency_levels(code, measure, regs, wanted, totals, pins, active_levels)
        for i, d in zip(wanted, window):
            totals = {
                "active": (active_formal[i], active[i] - active_formal[i]),
                "ucj": (ucj_formal[i], ucj[i] - ucj_formal[i]),
                "bps": (bps_formal[i], employed[i] - bps_formal[i]),
            }
            per_regency = {}
            for measure, (formal, informal) in totals.items():
                per_regency[measure] = _split_to_regencies(measure, formal, informal, regs, i, pins, record,
                                                           per_regency.get("active"), levels[measure])
            synthetic = src.key(*SYNTHETIC_SOURCE, kind="synthetic")
            for r in regs:
                rc = r["regency_code"]
                members.setdefault(i, {})[rc] = (d, *per_regency["active"][rc])
                for basis in ("ucj", "bps"):
                    formal, informal = per_regency[basis][rc]
                    for sector, value in (("formal", formal), ("informal", informal)):
                        data.workforce.append({"period": d, "regency_code": rc, "basis": basis,
                                               "sector": sector, "workers": value, "is_synthetic": True,
                                               "source_key": synthetic})

    synthetic = src.key(*SYNTHETIC_SOURCE, kind="synthetic")
    for i in wanted:
        for rc, (d, segment, kind, value) in _segment_rows(members[i], formal_segment_shares(national_segments, i)):
            data.membership.append({"period": d, "regency_code": rc, "segment": segment, "enterprise_kind": kind,
                                    "active_participants": value, "is_synthetic": True, "source_key": synthetic})
    data.anchors = anchor_rows
    _enterprises(data, provinces, by_province, window, src)
    _reference_tables(data, src)
    data.sources, ids = src.finish()
    for table in (data.membership, data.workforce, data.enterprise, data.anchors, data.targets,
                  data.cooperatives, data.rates, data.published):
        for row in table:
            row["source_id"] = ids[row.pop("source_key")]
    return data


def _national_anchors(src: _Sources) -> list[Anchor]:
    """National active participants and the national UCJ rate, from the national sourced figures."""
    out = []
    for r in read_seed("published/national.csv"):
        if r["segment"] != "all" or len(r["as_of"]) != 7:
            continue
        if r["measure"] == "active_participants":
            measure, value, rate = "active", int(r["value"]), None
        elif r["measure"] == "ucj_rate_pct":
            measure, value, rate = "workers_ucj", None, float(r["value"])
        else:
            continue
        out.append(Anchor(NATIONAL, parse_period(r["as_of"]), measure, value, rate,
                          src.key(r["source_title"], r["source_url"], kind="published", as_of=r["as_of"]),
                          "from_rate" if value is None else ""))
    return out


def _sector_split(code, measure, totals, wanted, default_share, pins, record, numerators=None,
                  informal_numerators=None):
    """Formal part of a province series; the informal part is the remainder. With numerators (a
    denominator series), an unpublished split keeps both sectors' rates under REGENCY_CAP where
    the total allows it."""
    f_pins = pins.get((code, measure + "_formal"), {})
    i_pins = pins.get((code, measure + "_informal"), {})
    share_pins = {}
    fixed: dict[int, int] = {}
    for i, a in f_pins.items():
        if i not in totals:
            continue
        value = a.value if not a.from_rate else round(numerators[i] / (a.printed_rate_pct / 100))
        fixed[i] = value
        record(a, value)
    for i, a in i_pins.items():
        if i not in totals:
            continue
        value = a.value if not a.from_rate else round(informal_numerators[i] / (a.printed_rate_pct / 100))
        record(a, value)
        fixed.setdefault(i, totals[i] - value)
    for i, v in fixed.items():
        share_pins[i] = v / totals[i]
    shares = fill_series(share_pins, wanted, 0.0, False, default_level=default_share)
    out = {}
    for i in wanted:
        out[i] = fixed[i] if i in fixed else round(totals[i] * min(1.0, max(0.0, shares[i])))
        if numerators is not None and i not in fixed:
            out[i] = _bounded_formal(totals[i], out[i], numerators[i], informal_numerators[i])
        if not 0 <= out[i] <= totals[i]:
            raise ValueError(f"{measure} formal part {out[i]} outside 0..{totals[i]} for area {code}")
    return out


def _weights(measure: str, sector: str, regs: list[dict], i: int) -> dict[str, float]:
    """Regency weights: population times a fixed propensity (and, for members, a slow drift)."""
    mid = month_index(FIRST_MONTH) + 12
    out = {}
    for r in regs:
        rc = r["regency_code"]
        weight = int(r["population"]) or 1
        urban = r["kind"] == "kota"
        if measure == "active":
            weight *= lognormal(0.35, rc, "active", sector)
            weight *= (1.6 if urban and sector == "formal" else 1.0)
            weight *= 1 + 0.15 * (2 * unit_random(rc, "drift") - 1) * (i - mid) / 12
        else:
            weight *= lognormal(0.12, rc, "workforce", sector)
            weight *= (1.4 if urban and sector == "formal" else 1.0)
        out[rc] = weight
    return out


def _bounded_formal(total: int, formal: int, active_formal: int, active_informal: int) -> int:
    """The formal part of a denominator, moved (if the total allows) so that neither sector's
    rate goes above REGENCY_CAP."""
    low = math.ceil(active_formal / REGENCY_CAP)
    high = total - math.ceil(active_informal / REGENCY_CAP)
    return min(max(formal, low), high) if low <= high else formal


PIN_MEASURE = {"active": "active", "ucj": "workers_ucj", "bps": "workers_bps"}


def _regency_levels(code, measure, regs, wanted, totals, pins, active_levels=None):
    """A published kab/kota figure is a level: its share of the province total in its published
    months, held in the months around them (so its siblings do not swing when it is pinned)."""
    out = {}
    for r in regs:
        rc = r["regency_code"]
        shares = {}
        for i, a in pins.get((rc, PIN_MEASURE[measure]), {}).items():
            if i not in totals or not totals[i]:
                continue
            if not a.from_rate:
                shares[i] = a.value / totals[i]
            elif active_levels and rc in active_levels:
                shares[i] = active_levels[rc][i] / (a.printed_rate_pct / 100) / totals[i]
        if shares:
            out[rc] = hold_share(shares, wanted)
    return out


def _split_to_regencies(measure, formal, informal, regs, i, pins, record, active_split, levels=None):
    """Split a province's formal and informal totals across its regencies, honouring regency pins
    (exact in their month, held as a share of the province around it). A denominator split keeps
    every synthetic kab/kota's rate, in each sector, at or under REGENCY_CAP where the total allows."""
    pin_measure = PIN_MEASURE[measure]
    fixed: dict[str, tuple[int, int]] = {}
    share = formal / (formal + informal) if formal + informal else 0.0
    for rc, by_month in (levels or {}).items():
        if pins.get((rc, pin_measure), {}).get(i) is None:
            total = round(by_month[i] * (formal + informal))
            f = round(total * share)
            fixed[rc] = (f, total - f)
    for r in regs:
        rc = r["regency_code"]
        total_pin = pins.get((rc, pin_measure), {}).get(i)
        if total_pin is None:
            continue
        if total_pin.from_rate:
            act_f, act_i = active_split[rc]
            total = round((act_f + act_i) / (total_pin.printed_rate_pct / 100))
        else:
            total = total_pin.value
        record(total_pin, total)
        f_pin = pins.get((rc, pin_measure + "_formal"), {}).get(i)
        i_pin = pins.get((rc, pin_measure + "_informal"), {}).get(i)
        if f_pin is not None and i_pin is not None and f_pin.value + i_pin.value == total:
            record(f_pin, f_pin.value)
            record(i_pin, i_pin.value)
            fixed[rc] = (f_pin.value, i_pin.value)
        else:
            f = round(total * share)
            fixed[rc] = (f, total - f)
    rest = [r for r in regs if r["regency_code"] not in fixed]
    parts = []
    for n, (sector, total) in enumerate((("formal", formal), ("informal", informal))):
        remaining = total - sum(v[n] for v in fixed.values())
        if remaining < 0:
            raise ValueError(f"published regency figures exceed their province's {measure} total")
        weights = _weights(measure, sector, rest, i)
        if active_split is None:
            parts.append(split_total(remaining, weights))
        else:
            floors = {r["regency_code"]: math.ceil(active_split[r["regency_code"]][n] / REGENCY_CAP) for r in rest}
            parts.append(split_with_floors(remaining, weights, floors))
    result = dict(fixed)
    for rc in parts[0]:
        result[rc] = (parts[0][rc], parts[1][rc])
    return result


def _national_segments() -> dict[str, dict[int, int]]:
    """Published national active participants by segment: {segment: {month index: count}}."""
    out: dict[str, dict[int, int]] = {}
    for r in read_seed("published/national.csv"):
        if r["measure"] == "active_participants" and r["segment"] in SEGMENTS and len(r["as_of"]) == 7:
            out.setdefault(r["segment"], {})[month_index(parse_period(r["as_of"]))] = int(r["value"])
    return out


def formal_segment_shares(national: dict[str, dict[int, int]], i: int) -> dict[str, float]:
    """Shares of PU, Jakon and PMI in formal membership in month i: Jakon and PMI from the national
    figures (held between and around their months), PU the rest; the assumed shares where none is
    published. The national PU count is left to follow: the December 2023 and February 2025
    figures print no PMI (their PU matches PU plus PMI here)."""
    shares = dict(FORMAL_SEGMENT_SHARES)
    formal = {k: national["PU"][k] + national["JAKON"][k] + national.get("PMI", {}).get(k, 0)
              for k in national.get("PU", {}) if k in national.get("JAKON", {})}
    for segment in ("JAKON", "PMI"):
        known = {k: v / formal[k] for k, v in national.get(segment, {}).items() if k in formal}
        if known:
            shares[segment] = hold_share(known, [i])[i]
    shares["PU"] = 1 - shares["JAKON"] - shares["PMI"]
    return shares


def _segment_rows(regencies: dict[str, tuple], shares: dict[str, float]):
    """Split each regency's formal members into PU/Jakon/PMI so that the national segment totals
    follow `shares` (a few passes of proportional fitting over each regency's own propensities),
    then every segment into enterprise kinds. Yields (regency, (period, segment, kind, value))."""
    jitter = {rc: {s: 0.8 + 0.4 * unit_random(rc, "segment", s) for s in FORMAL_SEGMENT_SHARES} for rc in regencies}
    fit = dict.fromkeys(FORMAL_SEGMENT_SHARES, 1.0)
    total_formal = sum(formal for _, formal, _ in regencies.values())
    for _ in range(6):
        sums = dict.fromkeys(FORMAL_SEGMENT_SHARES, 0.0)
        for rc, (_, formal, _) in regencies.items():
            w = {s: shares[s] * jitter[rc][s] * fit[s] for s in FORMAL_SEGMENT_SHARES}
            for s in w:
                sums[s] += formal * w[s] / sum(w.values())
        for s in fit:
            if sums[s] > 0:
                fit[s] *= shares[s] * total_formal / sums[s]
    for rc in sorted(regencies):
        d, formal, informal = regencies[rc]
        seg_weights = {s: shares[s] * jitter[rc][s] * fit[s] for s in FORMAL_SEGMENT_SHARES}
        by_segment = split_total(formal, seg_weights) if formal else dict.fromkeys(seg_weights, 0)
        by_segment["BPU"] = informal
        for segment in SEGMENTS:
            koperasi, umkm = KIND_SHARES[segment]
            kind_jitter = 0.7 + 0.6 * unit_random(rc, "kind", segment)
            koperasi, umkm = koperasi * kind_jitter, umkm * kind_jitter
            weights = {"koperasi": koperasi, "umkm": umkm, "lainnya": 1 - koperasi - umkm}
            parts = split_total(by_segment[segment], weights) if by_segment[segment] else dict.fromkeys(KINDS, 0)
            for kind in KINDS:
                yield rc, (d, segment, kind, parts[kind])


def published_umkm_bases() -> dict[str, tuple[int, str, str]]:
    """Province code -> (UMKM to enrol, source title, its address) where a publication names that
    number: the published enrolled_umkm targets of targets.csv (NTB's 48.000 UKM under the 2021 PKS).
    The address too: without it the same article became a second source record with none, which
    the Kanwil briefing printed as "alamat tidak tercatat" (review 3 F17)."""
    return {r["area_code"]: (int(float(r["target_value"])), r["source_title"], r["source_url"])
            for r in read_seed("targets.csv")
            if r["metric"] == "enrolled_umkm" and r["area_level"] == "province" and r["is_synthetic"] == "false"}


def _enterprises(data: DefaultData, provinces, by_province, window, src) -> None:
    """UMKM and cooperative bases per regency, with a synthetic enrolment path. A province whose
    UMKM base is published has it split over its kab/kota by population; the rest are synthetic."""
    published = published_umkm_bases()
    synthetic = src.key(*SYNTHETIC_SOURCE, kind="synthetic")
    for p in provinces:
        regs = by_province[p["province_code"]]
        pops = {r["regency_code"]: int(r["population"]) for r in regs}
        if p["province_code"] in published:
            total, title, url = published[p["province_code"]]
            umkm_base = split_total(total, pops)
            umkm_source = src.key(title, url, kind="published")
        else:
            umkm_base = {rc: round(v * UMKM_BASE_PER_PERSON) for rc, v in pops.items()}
            umkm_source = synthetic
        koperasi_base = {rc: max(1, round(v * KOPERASI_PER_PERSON)) for rc, v in pops.items()}
        for n, d in enumerate(window):
            progress = n / (len(window) - 1)
            for rc in sorted(pops):
                for kind, base, source, start, end in (
                        ("umkm", umkm_base[rc], umkm_source, 0.12, 0.45),
                        ("koperasi", koperasi_base[rc], synthetic, 0.08, 0.25)):
                    jitter = 0.7 + 0.6 * unit_random(rc, "enrol", kind)
                    enrolled = round(base * min(1.0, (start + (end - start) * progress) * jitter))
                    data.enterprise.append({"period": d, "regency_code": rc, "enterprise_kind": kind,
                                            "enterprises": base, "enrolled": enrolled,
                                            "is_synthetic": True, "source_key": source})


def _as_bool(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError(f"expected true or false, got {text!r}")
    return text == "true"


def _reference_tables(data: DefaultData, src: _Sources) -> None:
    """Targets, cooperatives, contribution rates and published figures, from their seed files."""
    for n, t in enumerate(read_seed("targets.csv"), start=1):
        data.targets.append({
            "target_id": n, "set_by": t["set_by"], "setter_kind": t["setter_kind"],
            "area_level": t["area_level"], "area_code": t["area_code"], "metric": t["metric"],
            "basis": t["basis"] or None, "target_value": float(t["target_value"]),
            "start_period": parse_period(t["start_period"]), "due_period": parse_period(t["due_period"]),
            "is_synthetic": _as_bool(t["is_synthetic"]),
            "source_key": src.key(t["source_title"], t["source_url"], kind="published"),
            "note": t["note"] or None})
    for n, c in enumerate(read_seed("cooperatives.csv"), start=1):
        data.cooperatives.append({
            "cooperative_id": n, "name": c["name"], "regency_code": c["regency_code"],
            "members": int(c["members"]), "enrolled_members": int(c["enrolled_members"]),
            "as_of": parse_period(c["as_of"]), "is_synthetic": _as_bool(c["is_synthetic"]),
            "source_key": src.key(c["source_title"], c["source_url"], kind="published"),
            "note": c["note"] or None})
    for r in read_seed("contribution_rates.csv"):
        data.rates.append({
            "segment": r["segment"], "program": r["program"],
            "rate_pct": float(r["rate_pct"]) if r["rate_pct"] else None,
            "fixed_amount_idr": int(r["fixed_amount_idr"]) if r["fixed_amount_idr"] else None,
            "min_amount_idr": int(r["min_amount_idr"]) if r["min_amount_idr"] else None,
            "max_amount_idr": int(r["max_amount_idr"]) if r["max_amount_idr"] else None,
            "effective_from": date.fromisoformat(r["effective_from"]),
            "source_key": src.key(r["source_title"], r["source_url"], kind="reference"),
            "note": r["note"] or None})
    _published_figures(data, src)


def _published_figures(data: DefaultData, src: _Sources) -> None:
    """Every row of the three sourced-figure files, and the national active participants, as printed,
    with its area code."""
    codes = {p["short_name"]: p["province_code"] for p in read_seed("province.csv")}
    regency_codes = {r["name"]: r["regency_code"] for r in read_seed("regency.csv")}

    def regency_code(name: str) -> str | None:
        return regency_codes.get(name) or regency_codes.get("Kabupaten " + name)

    def num(text: str) -> int | None:
        return int(text) if text else None

    rows = []
    for r in read_seed("published/provinces_active.csv"):
        rows.append(("province", r["province_name"], codes[r["province_name"]], r["as_of"], "active_participants",
                     num(r["active_participants"]), None, None, "", "", r))
    for r in read_seed("published/provinces_workforce.csv"):
        for measure in ("employed_persons", "labour_force"):
            if r[measure]:
                rows.append(("province", r["province_name"], codes[r["province_name"]], r["as_of"], measure,
                             num(r[measure]), None, None, "", "", r))
    # National active participants as printed, the total and each segment a source printed: the
    # overview sets the segment bars beside them (the bars split the formal total by the shares of
    # formal_segment_shares, so PU there is PU and PMI of a source that prints no PMI line).
    for r in read_seed("published/national.csv"):
        if r["measure"] == "active_participants" and len(r["as_of"]) == 7:
            rows.append(("national", "Indonesia", NATIONAL, r["as_of"], "active_participants", num(r["value"]),
                         None, None, r["segment"], "", r))
    for r in read_seed("published/coverage_reported.csv"):
        level = r["level"]
        code = codes.get(r["area_name"]) if level == "province" else (
            regency_code(r["area_name"]) if level == "regency" else None)
        if level != "branch_area" and code is None:
            raise ValueError(f"coverage_reported.csv: no reference code for {r['area_name']!r}")
        rows.append((level, r["area_name"], code, r["as_of"], "coverage_pct",
                     float(r["coverage_pct"]) if r["coverage_pct"] else None,
                     num(r["numerator"]), num(r["denominator"]), r["segment"], r["denominator_basis"], r))
    for n, (level, name, code, as_of, measure, value, numer, denom, segment, basis, r) in enumerate(rows, 1):
        data.published.append({
            "figure_id": n, "area_name": name, "area_level": level, "area_code": code, "as_of": as_of or None,
            "measure": measure, "value": value, "numerator": numer, "denominator": denom,
            "segment": segment or None, "denominator_basis": basis or None, "as_printed": r["as_printed"],
            "source_key": src.key(r["source_title"], r["source_url"], kind="published", as_of=as_of),
            "note": r.get("note") or None})
