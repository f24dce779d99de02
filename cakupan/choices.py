"""The fixed lists a reader picks from: levels, segments, kinds, bases, references and metrics."""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("province", "regency")

SEGMENTS = ("all", "PU", "BPU", "JAKON", "PMI")

KINDS = ("all", "koperasi", "umkm", "lainnya")

BASES = ("ucj", "bps")

# "nearest": each area's target due soonest; otherwise only targets of that setter kind count.
TARGET_CHOICES = ("nearest", "Pemprov", "Cabang", "Kanwil", "BPJS", "RPJMN", "Pemkab", "Pemkot")

REFERENCES = ("median", "target")

ALL = "all"

# The province a page opens on when the link names none: NTB and its neighbour NTT, the provinces
# the dashboard was first built around (pages that compare two areas open on both).
DEFAULT_PROVINCES = ("52", "53")


def default_province(codes, which: int = 0) -> str:
    """The page's opening province among `codes` (DEFAULT_PROVINCES[which]), else the first code."""
    wanted = DEFAULT_PROVINCES[which]
    return wanted if wanted in codes else list(codes)[min(which, len(codes) - 1)]


@dataclass(frozen=True)
class Metric:
    """A map metric: the column it reads, its colour scale and unit, and which direction is good."""
    key: str
    column: str
    scale: str  # "rate" (fixed 0–100%), "count" (0–max), "diverging" (around 0) or "band"
    unit: str  # "pct", "people", "pts" or "band"
    better: str  # "higher" or "lower": decides which end of a diverging scale is the warm colour


METRICS: dict[str, Metric] = {m.key: m for m in (
    Metric("rate", "rate_pct", "rate", "pct", "higher"),
    Metric("active", "active", "count", "people", "higher"),
    Metric("uncovered", "uncovered", "count", "people", "lower"),
    Metric("gap_pts", "gap_pts", "diverging", "pts", "lower"),
    Metric("gap_people", "gap_people", "diverging", "people", "lower"),
    Metric("change_3m", "rate_change_3m_pts", "diverging", "pts", "higher"),
    Metric("change_12m", "rate_change_pts", "diverging", "pts", "higher"),
    Metric("band", "band", "band", "band", "higher"),
    # Not offered in the explorer's picker: the regional review's change between two chosen months.
    Metric("change_between", "change_pts", "diverging", "pts", "higher"),
    # Not offered either: the Koperasi & UMKM map's share of enterprises enrolled (enrolled ÷ enterprises).
    Metric("enrolment", "rate_pct", "rate", "pct", "higher"),
)}

EXPLORER_METRICS = ("rate", "active", "uncovered", "gap_pts", "gap_people", "change_3m", "change_12m", "band")
