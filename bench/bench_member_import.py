"""Member-level import at national scale, against a bare DuckDB group by over the same file.

    .venv/bin/python bench/bench_member_import.py [--rows 45M] [--format parquet|csv] [--repeat 1] [--keep]

For each size it writes the extract (bench/make_member_extract.py) under bench/out/, then runs,
each in a fresh child process and interleaved `--repeat` times:
  bare       one `group by` over the file (period, regency, segment, kind; active rows counted):
             the least any import must do;
  import     Cakupan's import as the command line runs it (on one connection to a new version of
             the database file: read, validate every distinct value, aggregate, diff, write one
             batch in one transaction, then the rename), without the duplicate check;
  import+dup the same with the one-row-per-participant-and-month check (the default);
  aggregate  only the two DuckDB passes over the file and the checks of their values (the part
             that moves to other machines at larger scale), no hashing, diff or write;
  hash       only the file's content hash (XXH3-128, which every import records to recognise a
             re-import; the import computes it beside the DuckDB pass);
  dup-check  only the one-row-per-participant-and-month check (the difference between the two imports);
  ids        only reading the participant-id column, nothing done with it: the least any exact
             duplicate check must do, as no other column holds the ids;
  sort       only finding repeats among one 64-bit hash per row (random ones, made before the clock)
             as the check does: split in two halves by value, each sorted on its own thread and
             compared with its neighbour; with `ids`, the floor under a check that hashes and sorts;
  write      only the write of an import prepared beforehand (untimed): a copy of the database
             file, the batch, a checkpoint and the rename, whatever the file's size; a line per
             run gives the wall time of each of these steps.
It reports the median wall time of the work itself (interpreter start-up and module loading
excluded), rows per second, the CPU seconds the child spent on it (all its threads), the child's
peak resident memory (GNU time's %M), the ratio to the bare query measured in the same run, and
the 1-minute load average when the measurement started (the machine is shared: at a load above
its core count every wall time stretches). A last line per size gives the floor under any import
that hashes the file: the bare query's CPU seconds plus the hash's, spread over every core, which
no scheduling of the two can beat. Big files are deleted afterwards unless --keep is given.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BARE_SQL = {
    "parquet": "select periode, kode_wilayah, segmen, jenis_usaha, count(*) as n from read_parquet($path) "
               "where status = 'aktif' group by all",
    "csv": "select periode, kode_wilayah, segmen, jenis_usaha, count(*) as n from read_csv($path, header = true, "
           "all_varchar = true) where status = 'aktif' group by all",
}
MODES = ("bare", "import", "import+dup", "aggregate", "hash", "dup-check", "ids", "sort", "write")
TIME = "/usr/bin/time"


def child(mode: str, path: Path, db: Path) -> dict:
    """One measurement, run inside a fresh process; returns wall seconds and peak RSS."""
    import duckdb
    import pyarrow  # noqa: F401 - module loading is start-up, not import work: load it before the clock starts

    from cakupan import settings, snapshot
    from cakupan.importer import ImportOptions, apply_new_version, prepare

    fmt = "parquet" if path.suffix == ".parquet" else "csv"
    cpu = time.process_time()
    if mode == "bare":
        con = duckdb.connect()
        started, cpu = time.perf_counter(), time.process_time()
        groups = len(con.execute(BARE_SQL[fmt], {"path": str(path)}).fetchall())
        wall = time.perf_counter() - started
    elif mode == "hash":
        from cakupan.importer import file_hash

        con = duckdb.connect()
        started, cpu = time.perf_counter(), time.process_time()
        file_hash(path)
        wall, groups = time.perf_counter() - started, 0
    elif mode == "dup-check":
        from cakupan.importer import members
        from cakupan.importer.kinds import MEMBER_COLUMNS
        from cakupan.importer.reading import read_header
        from cakupan.importer.validate import map_columns

        con = duckdb.connect()
        con.execute("set memory_limit = '" + settings.import_memory_limit() + "'")
        header = read_header(path, fmt, path.name)
        found, _ = map_columns(header, MEMBER_COLUMNS, path.name)
        problems: list = []
        started, cpu = time.perf_counter(), time.process_time()
        extract = members.Extract(con.cursor(), path, fmt, path.name, None)
        # The extract holds one month, as the import's survey of the file finds.
        members._check_duplicates(extract, header, found, ImportOptions(kind="membership"), problems, one_month=True)
        wall, groups = time.perf_counter() - started, len(problems)
    elif mode == "ids":
        import polars as pl

        from cakupan.importer.kinds import MEMBER_COLUMNS
        from cakupan.importer.reading import read_header
        from cakupan.importer.validate import map_columns

        header = read_header(path, fmt, path.name)
        found, _ = map_columns(header, MEMBER_COLUMNS, path.name)
        pid = header[found["participant_id"]]
        con = duckdb.connect()
        started, cpu = time.perf_counter(), time.process_time()
        # The byte length of each id, summed: every value is read and decoded, nothing is kept.
        scan = pl.scan_parquet(path) if fmt == "parquet" else pl.scan_csv(path, infer_schema=False)
        scan.select(pl.col(pid).str.len_bytes().sum()).collect(engine="streaming")
        wall, groups = time.perf_counter() - started, 0
    elif mode == "sort":
        import concurrent.futures

        import numpy as np
        import polars as pl

        from cakupan.importer import members

        rows = pq_rows(path)
        hashes = pl.Series("h", np.random.default_rng(7).integers(0, 2**64 - 1, size=rows, dtype=np.uint64,
                                                                   endpoint=True))
        con = duckdb.connect()
        started, cpu = time.perf_counter(), time.process_time()
        halves = [hashes.filter(hashes < 1 << 63), hashes.filter(hashes >= 1 << 63)]
        del hashes
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            groups = sum(len(r) for r in pool.map(members._repeated_in, [halves, halves], [0, 1]))
        wall = time.perf_counter() - started
    elif mode == "write":
        from cakupan.importer.cli import limit_memory

        options = ImportOptions(kind="membership", source_title="bench", check_duplicates=False, max_bytes=None)
        con = duckdb.connect(str(db), read_only=True)
        limit_memory(con)
        plan = prepare(con, path, options)
        con.close()
        parts = _time_write_parts()
        started, cpu = time.perf_counter(), time.process_time()
        groups = apply_new_version(db, plan, setup=limit_memory).rows_added
        wall = time.perf_counter() - started
        parts["checkpoint and the rest"] = wall - sum(parts.values())
        con = None
    elif mode == "aggregate":
        from datetime import date

        from cakupan.importer import members
        from cakupan.importer.areas import load_reference
        from cakupan.importer.reading import read_header
        from cakupan.importer.validate import AreaResolver

        con = duckdb.connect(str(db), read_only=True)
        options = ImportOptions(kind="membership", check_duplicates=False)
        resolver = AreaResolver(load_reference(con), options, None)
        header = read_header(path, fmt, path.name)
        started, cpu = time.perf_counter(), time.process_time()
        staged, _ = members.aggregate(con, path, fmt, header, options, resolver, date.today(), path.name)
        wall, groups = time.perf_counter() - started, staged.frame.height
    else:
        from cakupan.importer.cli import limit_memory

        from cakupan.importer import import_new_version

        # As the command line runs it: the lock-holder check, then on one connection to a new
        # version of the database file (a copy) the read, the checks, the diff, the batch, a
        # checkpoint and the rename.
        options = ImportOptions(kind="membership", source_title="bench", check_duplicates=mode == "import+dup",
                                max_bytes=None)
        started, cpu = time.perf_counter(), time.process_time()
        assert not snapshot.held_for_writing(db)
        _, result = import_new_version(db, path, options, setup=limit_memory)
        wall = time.perf_counter() - started
        groups = result.rows_added
        # No connection is left open here: an in-memory one opened for symmetry with the other
        # modes was counted in the import's CPU (DuckDB's start, about 20 ms, with the clock running).
        con = None
    cpu = time.process_time() - cpu
    if con is not None:
        con.close()
    out = {"mode": mode, "wall_s": wall, "cpu_s": cpu, "groups": groups}
    if mode == "write":
        out["parts"] = {k: round(v, 4) for k, v in parts.items()}
    return out


def _time_write_parts() -> dict[str, float]:
    """Wall seconds of the write's steps (cakupan.snapshot.writer and the batch), gathered by
    wrapping the functions it calls in this child process; the checkpoint, the connection's close
    and the lock are what is left of the total."""
    import shutil
    import types

    import duckdb

    from cakupan import importer, snapshot

    parts = {"copy of the database file": 0.0, "connect": 0.0,
             "the batch (statements; the commit writes the file)": 0.0, "fsync file and folder": 0.0, "rename": 0.0}

    def timed(name, fn):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                parts[name] += time.perf_counter() - started
        return run

    def module_with(module, **functions):
        """The module's names as seen from cakupan.snapshot, some of them timed."""
        return types.SimpleNamespace(**(vars(module) | functions))

    snapshot.shutil = module_with(shutil, copyfile=timed("copy of the database file", shutil.copyfile))
    snapshot.duckdb = module_with(duckdb, connect=timed("connect", duckdb.connect))
    snapshot.os = module_with(os, replace=timed("rename", os.replace))
    snapshot._fsync = timed("fsync file and folder", snapshot._fsync)
    importer.apply = timed("the batch (statements; the commit writes the file)", importer.apply)
    return parts


def pq_rows(path: Path) -> int:
    """Rows in the extract, from its footer (Parquet) or by a count (CSV)."""
    import duckdb

    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    return duckdb.execute("select count(*) from read_csv($p, header = true, all_varchar = true)",
                          {"p": str(path)}).fetchall()[0][0]


def measure(mode: str, path: Path, template_db: Path) -> dict:
    db = OUT / "bench_run.duckdb"
    for leftover in (db, Path(str(db) + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(template_db, db)  # every import starts from the same default database
    load = os.getloadavg()[0]
    # GNU time reports the child's own peak resident set (ru_maxrss of a process that did not
    # inherit this one's memory, as a fork of it would).
    done = subprocess.run([TIME, "-f", "MAXRSS_KB %M", sys.executable, __file__, "--child", mode, str(path),
                           str(db)], cwd=ROOT, capture_output=True, text=True, check=True)
    db.unlink(missing_ok=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    kb = next(line for line in done.stderr.splitlines() if line.startswith("MAXRSS_KB"))
    result["peak_rss_mb"] = int(kb.split()[1]) / 1024
    result["load"] = load
    return result


def run(sizes: list[str], fmt: str, repeat: int, keep: bool, modes: tuple[str, ...] = MODES) -> list[dict]:
    import duckdb
    from make_member_extract import parse_size, write_extract

    from cakupan import db
    from cakupan.build.database import build_database

    OUT.mkdir(parents=True, exist_ok=True)
    template = OUT / "bench_template.duckdb"
    if template.exists():  # a template from an earlier schema would fail at the write
        con = duckdb.connect(str(template), read_only=True)
        stale = db.fingerprint_of(con) != db.current_fingerprint()
        con.close()
        if stale:
            template.unlink()
    if not template.exists():
        build_database(template)
    results = []
    for size in sizes:
        rows = parse_size(size)
        path = OUT / f"members_{size.lower()}.{fmt}"
        if not path.exists():
            started = time.perf_counter()
            write_extract(rows, path, fmt)
            print(f"wrote {path.name}: {rows:,} rows, {path.stat().st_size / 1e6:,.0f} MB in "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
        runs: dict[str, list[dict]] = {m: [] for m in modes}
        for i in range(repeat):
            for mode in modes:
                r = measure(mode, path, template)
                runs[mode].append(r)
                print(f"  {size} {mode:<10} run {i + 1}: {r['wall_s']:.2f} s ({r['cpu_s']:.2f} s CPU), "
                      f"{r['peak_rss_mb']:,.0f} MB, load {r['load']:.1f}", flush=True)
        bare = statistics.median(r["wall_s"] for r in runs["bare"])
        cpu = {mode: statistics.median(r["cpu_s"] for r in runs[mode]) for mode in modes}
        for r in runs.get("write", []):
            print(f"  {size} write parts: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in r["parts"].items()),
                  flush=True)
        for mode in modes:
            wall = statistics.median(r["wall_s"] for r in runs[mode])
            results.append({
                "rows": rows, "size": size, "format": fmt, "mode": mode, "runs": len(runs[mode]),
                "wall_s": round(wall, 2), "cpu_s": round(cpu[mode], 2), "rows_per_s": round(rows / wall),
                "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs[mode])),
                "ratio_to_bare": round(wall / bare, 2), "cpu_ratio_to_bare": round(cpu[mode] / cpu["bare"], 2),
                "file_mb": round(path.stat().st_size / 1e6),
                "load": round(statistics.median(r["load"] for r in runs[mode]), 1),
            })
        if "hash" in cpu:
            floor = (cpu["bare"] + cpu["hash"]) / (os.cpu_count() or 1)
            results.append({"rows": rows, "size": size, "format": fmt, "mode": "floor", "runs": repeat,
                             "wall_s": round(floor, 2), "cpu_s": round(cpu["bare"] + cpu["hash"], 2),
                             "rows_per_s": round(rows / floor), "peak_rss_mb": None,
                             "ratio_to_bare": round(floor / bare, 2),
                             "cpu_ratio_to_bare": round((cpu["bare"] + cpu["hash"]) / cpu["bare"], 2),
                             "file_mb": round(path.stat().st_size / 1e6), "load": None})
        if not keep:
            path.unlink()
    return results


def table(results: list[dict]) -> str:
    lines = ["| rows | file | mode | wall (median) | CPU | rows/s | peak RSS | × bare (wall) | × bare (CPU) | load |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        rss = "–" if r["peak_rss_mb"] is None else f"{r['peak_rss_mb']:,} MB"
        load = "–" if r["load"] is None else f"{r['load']:.1f}"
        lines.append(f"| {r['rows']:,} | {r['format']} {r['file_mb']:,} MB | {r['mode']} | {r['wall_s']:.2f} s | "
                     f"{r['cpu_s']:.2f} s | {r['rows_per_s']:,} | {rss} | {r['ratio_to_bare']:.2f} | "
                     f"{r['cpu_ratio_to_bare']:.2f} | {load} |")
    return "\n".join(lines)


def explain(results: list[dict]) -> list[str]:
    """Where each import's time goes beyond the bare query, in CPU seconds as multiples of it (the
    CPU ratios hold on a busy machine, where the wall times stretch), from the parts measured alone."""
    from cakupan.importer import HASH_ALGORITHM

    lines = []
    for size in dict.fromkeys(r["size"] for r in results):
        cpu = {r["mode"]: r["cpu_ratio_to_bare"] for r in results if r["size"] == size}
        by_mode = {r["mode"]: r for r in results if r["size"] == size}
        # Issue 14's goals: the import at most 1,3 times the bare query, with the exact duplicate
        # check at most 4 times and 2 GB.
        for mode, goal, memory in (("import", 1.3, None), ("import+dup", 4.0, 2048)):
            if mode in by_mode:
                r = by_mode[mode]
                fits = memory is None or r["peak_rss_mb"] <= memory
                verdict = {True: "met", False: "not met"}
                busy = r["load"] > (os.cpu_count() or 1)
                lines.append(f"{size} goal {mode} <= {goal}x bare" + (f" and <= {memory:,} MB" if memory else "") +
                             f": {r['ratio_to_bare']:.2f}x wall, {r['cpu_ratio_to_bare']:.2f}x CPU, "
                             f"{r['peak_rss_mb']:,} MB, load {r['load']:.1f} -> wall "
                             f"{verdict[r['ratio_to_bare'] <= goal and fits]}, CPU "
                             f"{verdict[r['cpu_ratio_to_bare'] <= goal and fits]}" +
                             (" (load above the core count: the wall ratio is not to be trusted)" if busy else ""))
        if {"import", "bare", "write", "hash"} <= cpu.keys():
            # What the import must spend at least: the bare query's work, the content hash and
            # the write. The bare query keeps every core busy (its CPU seconds are nearly its wall
            # time times the cores on a quiet machine), so even an import whose every part is
            # spread perfectly over the cores takes at least this many times its wall time.
            floor = cpu["bare"] + cpu["hash"] + cpu["write"]
            lines.append(f"{size} import floor: bare 1.00x + hash ({HASH_ALGORITHM}) {cpu['hash']:.2f}x + write "
                         f"{cpu['write']:.2f}x = "
                         f"{floor:.2f}x the bare query's CPU, so about {floor:.2f}x its wall at best; measured "
                         f"{cpu['import']:.2f}x CPU, {by_mode['import']['ratio_to_bare']:.2f}x wall")
        if {"import", "aggregate", "write", "hash"} <= cpu.keys():
            lines.append(f"{size} import {cpu['import']:.2f}x bare (CPU) = the file's pass {cpu['aggregate']:.2f}x "
                         f"+ the write {cpu['write']:.2f}x + the content hash ({HASH_ALGORITHM}) {cpu['hash']:.2f}x "
                         f"(beside the pass) "
                         f"+ the rest {cpu['import'] - cpu['aggregate'] - cpu['write'] - cpu['hash']:.2f}x")
        if {"import+dup", "import", "dup-check", "ids"} <= cpu.keys():
            lines.append(f"{size} import+dup {cpu['import+dup']:.2f}x bare (CPU) = import {cpu['import']:.2f}x + "
                         f"the check {cpu['import+dup'] - cpu['import']:.2f}x (alone {cpu['dup-check']:.2f}x, of "
                         f"which reading the ids {cpu['ids']:.2f}x and hashing and sorting them the rest)")
        if {"import+dup", "import", "ids", "sort"} <= cpu.keys():
            # No scheduling beats the CPU seconds spread over every core; the bare query itself
            # keeps them nearly all busy, so this is also about the least wall ratio.
            floor = cpu["import"] + cpu["ids"] + cpu["sort"]
            lines.append(f"{size} import+dup floor: import {cpu['import']:.2f}x + reading the ids {cpu['ids']:.2f}x + "
                         f"sorting one hash per row {cpu['sort']:.2f}x = {floor:.2f}x bare (CPU), before any "
                         f"hashing; measured {cpu['import+dup']:.2f}x")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="45M", help="comma-separated sizes, e.g. 1M,10M,45M")
    parser.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated, from " + ", ".join(MODES))
    parser.add_argument("--repeat", type=int, default=1, help="runs of each mode (the machine is shared: few)")
    parser.add_argument("--keep", action="store_true", help="keep the generated extracts")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "FILE", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, file, db = args.child
        print(json.dumps(child(mode, Path(file), Path(db))))
        return 0
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; DuckDB import memory limit "
          f"{os.environ.get('CAKUPAN_IMPORT_MEMORY', '3GB')}", flush=True)
    modes = tuple(m.strip() for m in args.modes.split(","))
    if "bare" not in modes or not set(modes) <= set(MODES):
        parser.error("--modes must name 'bare' (every ratio is to it) and only " + ", ".join(MODES))
    results = run([s.strip() for s in args.rows.split(",")], args.format, args.repeat, args.keep, modes)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"results_{stamp}.json").write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    for line in explain(results):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
