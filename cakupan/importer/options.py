"""What the user states about a file on import (the same for the command line and the page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class ImportOptions:
    """Everything an import needs besides the file. `file_name` is the name shown in messages
    (an uploaded file is saved under a temporary path)."""
    kind: str
    code_system: str = "kemendagri"
    crosswalk: Path | None = None
    decimal: str | None = None  # 'comma' | 'dot'; None: detect the file's convention
    sheet: str | None = None
    period: str | None = None  # for files without a period column (e.g. a BPS table of one month)
    basis: str | None = None  # workforce files without a basis column
    header_row: int | None = None  # the sheet row holding the column names (publishers' tables)
    province: str | None = None  # a province code: names are matched (and suggested) within it
    source_title: str | None = None
    source_url: str | None = None
    source_as_of: str | None = None
    file_name: str | None = None
    max_bytes: int | None = None
    check_duplicates: bool = True  # member-level extracts: one row per participant and month
    today: date | None = None  # 'the current month' for the future-period check; tests pin it
