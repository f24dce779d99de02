"""A kab/kota table as offices write it (code, name, month, active participants; Indonesian
numbers), checked and imported at growing sizes: the time per row should not grow with the table.

    .venv/bin/python bench/bench_table_import.py [--months 5,10,20,40] [--repeat 3]

Each size is every kabupaten/kota over that many months (514 rows a month), written as CSV
(and as XLSX at 20 months). For each it prints the median over `--repeat` runs, in this process
and on a fresh copy of the database each time, of the check alone (`prepare`, what the dry run and
the Impor Data page's preview do) and of the whole import (check and write, as the command line
does), with rows per second, microseconds per row, and the per-row time of each size against the
smallest (1,00: linear). Prints figures; asserts nothing. Uses data/cakupan.duckdb (CAKUPAN_DB).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cakupan import db, settings  # noqa: E402
from cakupan.importer import import_new_version, prepare  # noqa: E402
from cakupan.importer.options import ImportOptions  # noqa: E402

HEADER = ["Kode", "Kabupaten/Kota", "Periode", "Peserta Aktif"]


def month_list(count: int) -> list[str]:
    """`count` months ending in December 2025, as 'YYYY-MM'."""
    out, year, month = [], 2025, 12
    for _ in range(count):
        out.append(f"{year}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def rows(months: int) -> list[list[str]]:
    """Every kab/kota for each month; a count drawn from a stable hash, written 1.234.567."""
    with (ROOT / "data" / "seeds" / "regency.csv").open(encoding="utf-8", newline="") as handle:
        regencies = [(r["regency_code"], r["name"]) for r in csv.DictReader(handle)]
    out = []
    for period in month_list(months):
        for code, name in regencies:
            count = 1_000 + int(hashlib.blake2b(f"{code}{period}".encode(), digest_size=4).hexdigest(), 16) % 900_000
            out.append([code, name, period, f"{count:,}".replace(",", ".")])
    return out


def write_csv(path: Path, table: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(table)


def write_xlsx(path: Path, table: list[list[str]]) -> None:
    import polars as pl

    pl.DataFrame(table, schema=HEADER, orient="row").write_excel(path)


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def measure(file: Path, database: Path, folder: Path, repeat: int) -> tuple[float, float]:
    """Median seconds of the check alone and of the whole import, each on a fresh database copy."""
    options = ImportOptions(kind="membership", file_name=file.name)
    checks, imports = [], []
    for run in range(repeat):
        copy = folder / f"run{run}.duckdb"
        shutil.copyfile(database, copy)
        con = db.connect(copy)
        try:
            checks.append(timed(lambda: prepare(con, file, options)))
        finally:
            con.close()
        imports.append(timed(lambda: import_new_version(copy, file, options)))
        copy.unlink()
    return statistics.median(checks), statistics.median(imports)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", default="5,10,20,40")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    database = settings.db_path()
    print(f"machine: {os.cpu_count()} cores; 1-minute load average {os.getloadavg()[0]:.1f} at the start")
    print(f"{'file':28s} {'rows':>7s} {'check s':>8s} {'rows/s':>9s} {'µs/row':>7s} {'× smallest':>10s} "
          f"{'import s':>9s} {'µs/row':>7s} {'× smallest':>10s}")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        first: tuple[float, float] | None = None
        files = [(f"csv, {m} months", m, ".csv") for m in (int(x) for x in args.months.split(","))]
        files.append(("xlsx, 20 months", 20, ".xlsx"))
        for label, months, suffix in files:
            table = rows(months)
            file = folder / f"kabkota_{months}{suffix}"
            (write_csv if suffix == ".csv" else write_xlsx)(file, table)
            check, whole = measure(file, database, folder, args.repeat)
            per_check, per_import = check / len(table) * 1e6, whole / len(table) * 1e6
            if first is None:
                first = (per_check, per_import)
            print(f"{label:28s} {len(table):7d} {check:8.2f} {len(table) / check:9.0f} {per_check:7.1f} "
                  f"{per_check / first[0]:10.2f} {whole:9.2f} {per_import:7.1f} {per_import / first[1]:10.2f}")
    print(f"1-minute load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
