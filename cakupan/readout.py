"""`python -m cakupan coverage`: the rates the app shows, for scripts, from the app's own query.

One row per area: the rate, its numerator (active participants) and denominator (workers),
how each part came to be (published, synthetic, imported) and the import batches behind it.
Keys and codes are stable English identifiers for scripts; the `provenance_label` column is
the label the app shows, in the chosen language. Numbers are plain (a dot for decimals).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from cakupan import provenance as kinds_of, settings
from cakupan.db import run_query
from cakupan.i18n import t

COLUMNS = ("area_code", "area_name", "level", "province_code", "period", "basis", "segment", "enterprise_kind",
           "rate_pct", "active", "workers", "denominator_rule", "provenance", "provenance_label", "active_provenance",
           "workers_provenance", "active_source", "workers_source", "import_batches", "workers_derivation", "derived",
           "unsplit_regencies", "is_mixed", "published_rate_pct", "published_source", "published_count")


def coverage_rows(con: duckdb.DuckDBPyConnection, level: str, period: date, basis: str, province: str = "all",
                  segment: str = "all", kind: str = "all", lang: str = "id") -> list[dict]:
    """The area_coverage rows the app shows, with provenance spelled out (no second formula)."""
    frame = run_query(con, "area_coverage", period=period, basis=basis, level=level, province=province,
                      segment=segment, kind=kind)
    printed: dict[str, list[dict]] = {}
    for figure in run_query(con, "printed_rates", period=period, basis=basis).iter_rows(named=True):
        printed.setdefault(figure["area_code"], []).append(figure)
    out = []
    for row in frame.sort("area_code").iter_rows(named=True):
        # the figure a source printed for this area and month (the newest import first), beside
        # the computed rate; conflicting figures are counted, not chosen between
        quoted = printed.get(row["area_code"], []) if segment == "all" and kind == "all" else []
        parts = {part: kinds_of.part_kind(row, part) for part in ("active", "workers")}
        batches = sorted({b.strip() for part in ("active", "workers")
                          for b in (row.get(f"{part}_import_batches") or "").split(",") if b.strip()}, key=int)
        kinds = set(parts.values())
        provenance = ("mixed" if row["is_mixed"] else "synthetic" if "synthetic" in kinds
                      else kinds.pop() if len(kinds) == 1 else "+".join(sorted(kinds)))
        out.append({
            "area_code": row["area_code"], "area_name": row["area_name"], "level": row["area_level"],
            "province_code": row["province_code"], "period": row["period"].strftime("%Y-%m"), "basis": basis,
            "segment": segment, "enterprise_kind": kind,
            "rate_pct": None if row["rate_pct"] is None else round(row["rate_pct"], 4),
            "active": row["active"], "workers": row["workers"], "denominator_rule": row["denominator_rule"],
            "provenance": provenance,
            "provenance_label": "; ".join(
                [t("readout.mixed", lang) if row["is_mixed"] else kinds_of.rate_label(row, lang)]
                + ([t("readout.derived", lang)] if row["active_derived"] or row["workers_derived"] else [])),
            "active_provenance": parts["active"], "workers_provenance": parts["workers"],
            "active_source": row["active_source"], "workers_source": row["workers_source"],
            "import_batches": ", ".join(batches) or None,
            "workers_derivation": row["workers_derivation"],
            # which count an import derived from a printed rate: "diturunkan dari angka terbit"
            "derived": ", ".join(p for p in ("active", "workers") if row[f"{p}_derived"]) or None,
            "unsplit_regencies": row["unsplit_regencies"], "is_mixed": row["is_mixed"],
            "published_rate_pct": quoted[0]["rate_pct"] if quoted else None,
            "published_source": quoted[0]["source_title"] if quoted else None,
            "published_count": len(quoted),
        })
    return out


def render(rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in rows)
    return buffer.getvalue()


def add_command(sub: argparse._SubParsersAction) -> dict:
    p = sub.add_parser("coverage", help="print the coverage rates the app shows (CSV or JSON), for scripts")
    p.add_argument("--level", required=True, choices=["province", "regency"])
    p.add_argument("--period", required=True, help="month as YYYY-MM")
    p.add_argument("--basis", choices=["ucj", "bps"], default="ucj")
    p.add_argument("--province", default="all", help="Kemendagri province code, e.g. 92 (default: all)")
    p.add_argument("--segment", default="all", choices=["all", "PU", "BPU", "JAKON", "PMI"])
    p.add_argument("--kind", default="all", choices=["all", "koperasi", "umkm", "lainnya"])
    p.add_argument("--format", default="csv", choices=["csv", "json"])
    p.add_argument("--db", type=Path, default=None, help="database file (default: CAKUPAN_DB or data/cakupan.duckdb)")
    p.add_argument("--lang", choices=["id", "en"], default="id", help="language of labels and messages")
    return {"coverage": run}


def run(args: argparse.Namespace) -> int:
    from cakupan.importer.values import parse_period

    period = parse_period(args.period)
    if period is None:
        print(t("readout.bad_period", args.lang, value=args.period), file=sys.stderr)
        return 2
    path = args.db or settings.db_path()
    if not Path(path).exists():
        print(t("empty.no_db", args.lang), file=sys.stderr)
        return 3
    from cakupan import db

    try:
        con = db.connect(Path(path))
    except db.OldDatabase:
        print(t("empty.old_db", args.lang), file=sys.stderr)
        return 3
    try:
        province = args.province
        if province != "all":
            from cakupan.importer.areas import load_reference

            # a code ('92') or a name ('Papua Barat', 'Provinsi NTB')
            province = load_reference(con).province_of(province) or province
        rows = coverage_rows(con, args.level, period, args.basis, province, args.segment, args.kind, args.lang)
    finally:
        con.close()
    if args.province != "all" and not rows:
        print(t("readout.no_province", args.lang, value=args.province), file=sys.stderr)
        return 2
    sys.stdout.write(render(rows, args.format))
    return 0


def frame(rows: list[dict]) -> pl.DataFrame:
    """The rows as a frame (for tests and notebooks)."""
    return pl.DataFrame(rows)
