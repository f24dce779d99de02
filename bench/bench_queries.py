"""Old queries against the ones built on queries/models/: same rows, and the time of each, in one run.

Run: .venv/bin/python bench/bench_queries.py [--rev 5776171] [--every N]   (prints figures)
Uses data/cakupan.duckdb (CAKUPAN_DB). The old SQL is read from git revision --rev (before the
models); the new SQL is the working tree's. Both run on the app's own connection (db.Snapshot),
old then new for each set of parameters, so the machine's load falls on both alike. --every N
keeps every Nth set of parameters of each query (a quick check; the full run is the figure).
Exits with status 1 if any result differs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cakupan import db, settings  # noqa: E402

BASES = ("ucj", "bps")
MONTHS = (date(2025, 12, 1), date(2025, 6, 1), date(2024, 12, 1))
# Segment and enterprise-kind views of area_coverage: the whole, each segment, each kind.
VIEWS = (("all", "all"), ("PU", "all"), ("BPU", "all"), ("JAKON", "all"), ("PMI", "all"),
         ("all", "koperasi"), ("all", "umkm"), ("all", "lainnya"))


def old_sql(rev: str, name: str) -> str | None:
    """The query `name` as it was at `rev` (None: it did not exist there)."""
    shown = subprocess.run(["git", "show", f"{rev}:queries/{name}.sql"], cwd=ROOT, capture_output=True, text=True)
    return shown.stdout if shown.returncode == 0 else None


def cases(con) -> dict[str, list[dict]]:
    """Every query compared, with the sets of parameters it runs with."""
    def codes(sql: str) -> list[str]:
        return [row[0] for row in con.cursor().execute(sql).fetchall()]

    provinces = codes("select province_code from province order by 1")
    regencies = codes("select regency_code from regency order by 1")
    kanwils = codes("select kanwil_code from kanwil order by 1")
    targets = [int(c) for c in codes("select target_id from target order by 1")]
    areas = ["ID", *provinces, *regencies]
    return {
        "coverage_trend": [{"area_code": a, "basis": b} for a in areas for b in BASES],
        "province_trend": [{"kanwil": k, "basis": b} for k in ["all", *kanwils] for b in BASES],
        "national_summary": [{"period": m, "basis": b} for m in MONTHS for b in BASES],
        "monthly_change": [{"level": lv, "period": m, "basis": b}
                           for lv in ("national", "kanwil", "province", "regency") for m in MONTHS for b in BASES],
        "target_progress": [{"target_id": t} for t in targets],
        "province_targets": [{"province": p, "period": m} for p in provinces for m in MONTHS],
        "area_coverage": [{"level": "province", "province": "all", "period": m, "basis": b, "segment": s, "kind": k}
                          for m in MONTHS for b in BASES for s, k in VIEWS]
                         + [{"level": "regency", "province": p, "period": MONTHS[0], "basis": b, "segment": s,
                             "kind": k} for p in ["all", *provinces] for b in BASES for s, k in VIEWS],
        "area_split": [{"area_code": a, "period": MONTHS[0], "basis": b} for a in areas for b in BASES],
        "province_segments": [{"province": p, "period": m, "basis": b} for p in provinces for m in MONTHS for b in BASES],
        "province_enterprise": [{"province": p, "period": m} for p in provinces for m in MONTHS],
        "province_sources": [{"province": p, "period": MONTHS[0], "basis": b} for p in provinces for b in BASES],
        "enterprise_enrolment": [{"level": lv, "province": p, "period": MONTHS[0], "kind": k}
                                 for lv in ("province", "regency") for p in ["all", *provinces]
                                 for k in ("umkm", "koperasi")],
        "targets": [{}],
    }


def timed(run, *args, **params):
    started = time.perf_counter()
    frame = run(*args, **params)
    return frame, time.perf_counter() - started


def main(rev: str, every: int) -> int:
    snapshot = db.Snapshot(settings.db_path())

    def run_old(sql: str, **params):
        cursor = snapshot.cursor()
        try:
            return cursor.sql(sql, params=params or None).pl()
        finally:
            cursor.close()

    calls, differ, old_s, new_s = defaultdict(int), defaultdict(int), defaultdict(float), defaultdict(float)
    examples: list[str] = []
    for name, param_sets in cases(snapshot).items():
        sql = old_sql(rev, name)
        if sql is None:
            print(f"{name}: not in {rev}, skipped")
            continue
        # One untimed run of each first, so neither side pays for reading the file cold.
        run_old(sql, **param_sets[0])
        db.run_query(snapshot, name, **param_sets[0])
        for params in param_sets[::every]:
            old, t_old = timed(run_old, sql, **params)
            new, t_new = timed(db.run_query, snapshot, name, **params)
            calls[name] += 1
            old_s[name] += t_old
            new_s[name] += t_new
            if not old.equals(new):
                differ[name] += 1
                if len(examples) < 5:
                    examples.append(f"{name} {params}")

    # The connection a CLI or a test opens: the models are created on each query's own cursor.
    con = db.connect(settings.db_path())
    created = []
    for _ in range(50):
        cursor = con.cursor()
        started = time.perf_counter()
        db.create_models(cursor)
        created.append(time.perf_counter() - started)
        cursor.close()
    con.close()
    snapshot.close()

    print(f"{'query':<22}{'calls':>7}{'differ':>8}{'old s':>9}{'new s':>9}{'old ms':>8}{'new ms':>8}")
    for name in calls:
        n = calls[name]
        print(f"{name:<22}{n:>7}{differ[name]:>8}{old_s[name]:>9.2f}{new_s[name]:>9.2f}"
              f"{1000 * old_s[name] / n:>8.1f}{1000 * new_s[name] / n:>8.1f}")
    total_calls, total_differ = sum(calls.values()), sum(differ.values())
    total_old, total_new = sum(old_s.values()), sum(new_s.values())
    print(f"{'total':<22}{total_calls:>7}{total_differ:>8}{total_old:>9.2f}{total_new:>9.2f}"
          f"{1000 * total_old / total_calls:>8.1f}{1000 * total_new / total_calls:>8.1f}")
    print(f"new/old time: {total_new / total_old:.2f}")
    print(f"creating every model on a fresh cursor of a read-only file connection (CLI, tests): "
          f"{1000 * sum(created) / len(created):.1f} ms on average over {len(created)}")
    for example in examples:
        print("differs:", example)
    return 1 if total_differ else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="5776171", help="git revision holding the old queries")
    parser.add_argument("--every", type=int, default=1, help="keep every Nth set of parameters")
    args = parser.parse_args()
    sys.exit(main(args.rev, args.every))
