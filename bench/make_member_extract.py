"""Writes a synthetic member-level extract (one row per participant per month) with DuckDB.

    .venv/bin/python bench/make_member_extract.py --rows 10M --format parquet --out bench/out/members_10m.parquet

Columns: id_peserta (an MD5 hex digest standing in for a hashed participant id), kode_wilayah
(Kemendagri regency code, drawn in proportion to population), segmen, jenis_usaha, program,
status ('aktif' or 'nonaktif') and periode ('2025-12'). Everything is computed inside DuckDB
from `range(n)` and a stable hash, so 45 M rows take seconds and no Python loop touches a row.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
REGENCY_SEED = ROOT / "data" / "seeds" / "regency.csv"
SLOTS = 100_000  # regency draw table; each regency gets slots in proportion to its population

# Shares in 1/1000: segment PU 60%, BPU 22%, JAKON 16%, PMI 2%; enterprise kind koperasi 3%,
# UMKM 30%, the rest 'lainnya'; 7% of rows are non-active participants.
EXTRACT_SQL = """
copy (
    with
    draws as (
        select
            i,
            (hash(i, 'regency') % $slots)::bigint as regency_slot,
            (hash(i, 'segment') % 1000)::int as segment_draw,
            (hash(i, 'kind') % 1000)::int as kind_draw,
            (hash(i, 'status') % 1000)::int as status_draw,
            (hash(i, 'programme') % 2)::int as programme_draw
        from range($rows) as t(i)
    ),

    final as (
        select
            md5('participant-' || i::varchar) as id_peserta,
            $regency_slots[regency_slot + 1] as kode_wilayah,
            case
                when segment_draw < 600 then 'PU'
                when segment_draw < 820 then 'BPU'
                when segment_draw < 980 then 'JAKON'
                else 'PMI'
            end as segmen,
            case when kind_draw < 30 then 'koperasi' when kind_draw < 330 then 'umkm' else 'lainnya' end
                as jenis_usaha,
            case
                when segment_draw >= 600 and segment_draw < 820 and programme_draw = 0 then 'JKK+JKM'
                when segment_draw >= 600 and segment_draw < 820 then 'JKK+JKM+JHT'
                else 'JKK+JKM+JHT+JP'
            end as program,
            case when status_draw < 70 then 'nonaktif' else 'aktif' end as status,
            $period as periode
        from draws
    )

    select * from final
) to '{out}' ({options})
"""


def parse_size(text: str) -> int:
    """'45M' -> 45_000_000, '250k' -> 250_000, '1000' -> 1000."""
    text = text.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def regency_slots(slots: int = SLOTS) -> list[str]:
    """Regency codes repeated in proportion to population (largest remainder), `slots` long."""
    with open(REGENCY_SEED, encoding="utf-8") as f:
        rows = [(r["regency_code"], int(r["population"])) for r in csv.DictReader(f)]
    total = sum(p for _, p in rows)
    raw = [(code, slots * p / total) for code, p in rows]
    counts = {code: max(1, int(share)) for code, share in raw}
    short = slots - sum(counts.values())
    for code, share in sorted(raw, key=lambda r: -(r[1] - int(r[1])))[:max(short, 0)]:
        counts[code] += 1
    return [code for code, _ in rows for _ in range(counts[code])][:slots]


def write_extract(rows: int, out: Path, fmt: str = "parquet", period: str = "2025-12",
                  threads: int | None = None) -> Path:
    """Write `rows` participant rows to `out` as Parquet (zstd) or CSV; returns the path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    options = "format parquet, compression zstd, row_group_size 1000000" if fmt == "parquet" else \
        "format csv, header true"
    # The output path is a file name chosen on the command line, not data; COPY cannot bind it.
    sql = EXTRACT_SQL.replace("{out}", str(out).replace("'", "''")).replace("{options}", options)
    con = duckdb.connect()
    # Row order carries no meaning here; letting DuckDB write in any order uses both cores.
    con.execute("set preserve_insertion_order = false")
    if threads:
        con.execute("set threads = " + str(int(threads)))
    slots = regency_slots()
    con.execute(sql, {"rows": rows, "slots": len(slots), "regency_slots": slots, "period": period})
    con.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1M", help="number of rows: 1M, 10M, 45M, ...")
    parser.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    parser.add_argument("--period", default="2025-12", help="the month every row belongs to (YYYY-MM)")
    parser.add_argument("--out", type=Path, default=None, help="output file (default bench/out/members_<rows>.<fmt>)")
    args = parser.parse_args(argv)
    rows = parse_size(args.rows)
    out = args.out or ROOT / "bench" / "out" / f"members_{args.rows.lower()}.{args.format}"
    started = time.perf_counter()
    write_extract(rows, out, args.format, args.period)
    print(f"wrote {rows:,} rows to {out} ({out.stat().st_size / 1e6:,.0f} MB) in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
