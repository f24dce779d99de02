"""Settings in one place, each overridable by an environment variable read at call time."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def db_path() -> Path:
    """The DuckDB file the app reads (CAKUPAN_DB)."""
    return Path(os.environ.get("CAKUPAN_DB", ROOT / "data" / "cakupan.duckdb"))


def geo_dir() -> Path:
    """The folder holding the built boundary layers (CAKUPAN_GEO_DIR)."""
    return Path(os.environ.get("CAKUPAN_GEO_DIR", ROOT / "geo"))
