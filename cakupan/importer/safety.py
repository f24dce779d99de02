"""The import path's guards against hostile files: budgets, finite numbers, stated text rules, refusals.

Everything here refuses with a Problem (file, row, column, what to do) rather than letting a
reader run out of memory, a value overflow, or a traceback reach the user.
"""

from __future__ import annotations

from cakupan import user_text
from cakupan.importer.problems import ImportRefused, Problem


def check_source(source_url: str | None, file: str) -> None:
    """A source address is stored only if it is an absolute http(s) URL (it is shown as a link)."""
    if source_url and source_url.strip() and user_text.safe_url(source_url) is None:
        raise ImportRefused([Problem("bad_source_url", file, None, None, source_url.strip()[:200])])
