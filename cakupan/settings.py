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


def ucj_bands_path() -> Path:
    """The UCJ band thresholds, Cakupan's working values (CAKUPAN_UCJ_BANDS)."""
    return Path(os.environ.get("CAKUPAN_UCJ_BANDS", ROOT / "data" / "seeds" / "ucj_bands.csv"))


def max_upload_mb() -> float:
    """Largest file the Impor Data page accepts, in MB (CAKUPAN_MAX_UPLOAD_MB); keep it at or
    below `server.maxUploadSize` in .streamlit/config.toml."""
    return float(os.environ.get("CAKUPAN_MAX_UPLOAD_MB", 50))


def max_import_mb() -> float:
    """Largest file the command-line import accepts, in MB (CAKUPAN_MAX_IMPORT_MB); national
    member-level extracts are read by DuckDB without being loaded whole."""
    return float(os.environ.get("CAKUPAN_MAX_IMPORT_MB", 4096))


def import_memory_limit() -> str:
    """DuckDB's memory limit for a command-line import (CAKUPAN_IMPORT_MEMORY); it spills beyond."""
    return os.environ.get("CAKUPAN_IMPORT_MEMORY", "3GB")


def admin_secret_from_env() -> str | None:
    """The admin secret that enables imports, from CAKUPAN_ADMIN_SECRET (the page also reads
    Streamlit secrets); read on every use, never at import time."""
    return os.environ.get("CAKUPAN_ADMIN_SECRET") or None


def trusted_proxies() -> frozenset[str]:
    """Addresses of proxies in front of the dashboard (nginx on this machine by default), whose
    X-Forwarded-For names the real visitor: CAKUPAN_TRUSTED_PROXIES, comma-separated."""
    return frozenset(a.strip() for a in os.environ.get("CAKUPAN_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
                     if a.strip())
