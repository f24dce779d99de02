"""Command line: `python -m cakupan build-db [--db PATH] [--replace]`, import|rollback|batches|import-boundaries|
coverage, briefing and proxy-config."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from cakupan import settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cakupan")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build-db", help="build the default database from data/seeds")
    build.add_argument("--db", type=Path, default=None, help="database file (default: data/cakupan.duckdb)")
    build.add_argument("--replace", action="store_true", help="overwrite an existing database")
    from cakupan.importer.cli import add_commands

    import_commands = add_commands(sub)
    from cakupan.readout import add_command as add_readout

    import_commands |= add_readout(sub)
    brief = sub.add_parser("briefing", help="one-page A4 province briefing (Ringkasan Pimpinan) as PDF and PNG")
    brief.add_argument("--province", help="Kemendagri province code, e.g. 52 (NTB)")
    brief.add_argument("--all", action="store_true", help="every province (38 briefings)")
    brief.add_argument("--kanwil", help="a Kanwil code (e.g. BANUSPA): one page on the whole regional office")
    brief.add_argument("--period", help="month as YYYY-MM (default: the latest month with data)")
    brief.add_argument("--lang", choices=["id", "en"], default="id", help="language (default: id)")
    brief.add_argument("--basis", choices=["ucj", "bps"], default="ucj", help="denominator (default: ucj)")
    brief.add_argument("--db", type=Path, default=None, help="database file (default: data/cakupan.duckdb)")
    brief.add_argument("--out", type=Path, required=True, help="folder for the PDF and PNG files")
    proxy = sub.add_parser("proxy-config", help="nginx configuration for several dashboard replicas (sticky sessions)")
    proxy.add_argument("--replica", action="append", required=True, help="a replica's host:port (repeat)")
    proxy.add_argument("--listen", default="0.0.0.0:8080", help="address nginx listens on (default: 0.0.0.0:8080)")
    proxy.add_argument("--prefix", type=Path, required=True, help="folder for nginx.conf, its pid, logs and temp files")
    args = parser.parse_args(argv)
    if args.command == "proxy-config":
        from cakupan.proxy import write_config

        print(write_config(args.replica, args.listen, args.prefix, int(settings.max_upload_mb())))
        return 0
    if args.command == "briefing" and args.kanwil:
        from cakupan.reports.kanwil_briefing import run_cli

        return run_cli(args.kanwil, args.period, args.lang, args.out, args.basis, args.db or settings.db_path(),
                       settings.geo_dir())
    if args.command == "briefing":
        from cakupan.reports.briefing import run_cli

        return run_cli(args.province, args.period, args.all, args.lang, args.out, args.basis,
                       args.db or settings.db_path(), settings.geo_dir())
    if args.command in import_commands:
        return import_commands[args.command](args)

    if args.command == "build-db":
        from cakupan.build.database import build_database

        path = args.db or settings.db_path()
        started = time.perf_counter()
        try:
            build_database(path, replace=args.replace)
        except FileExistsError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"built {path} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
