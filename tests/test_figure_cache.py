"""cache.figure: one build per choice and data version, shared by every session, rebuilt after an import."""

from __future__ import annotations

import os
import shutil

import plotly.graph_objects as go
import pytest

from cakupan.ui import cache


@pytest.fixture
def database(tmp_path, monkeypatch):
    """A database file of this test's own (its content does not matter here, only its version)."""
    path = tmp_path / "cakupan.duckdb"
    path.write_bytes(b"version one")
    monkeypatch.setenv("CAKUPAN_DB", str(path))
    cache._figure.clear()
    yield path
    cache._figure.clear()


def _builder(calls: list):
    def build() -> go.Figure:
        calls.append(1)
        return go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    return build


def test_the_same_choice_is_built_once_and_shared(database):
    calls = []
    first = cache.figure("bars", "id", ("2025-12", "ucj"), _builder(calls))
    again = cache.figure("bars", "id", ("2025-12", "ucj"), _builder(calls))
    assert calls == [1]
    assert again is first


def test_another_choice_or_language_builds_anew_with_its_separators(database):
    calls = []
    indonesian = cache.figure("bars", "id", ("2025-12",), _builder(calls))
    english = cache.figure("bars", "en", ("2025-12",), _builder(calls))
    other_month = cache.figure("bars", "id", ("2025-11",), _builder(calls))
    assert len(calls) == 3
    # Indonesian: decimal comma, thousands dot; English the other way round (plotly's "decimal, thousands").
    assert indonesian.layout.separators == ",."
    assert english.layout.separators == ".,"
    assert other_month is not indonesian


def test_a_new_database_version_builds_anew(database, tmp_path):
    calls = []
    before = cache.figure("bars", "id", ("2025-12",), _builder(calls))
    # An import writes a new file and swaps it in (a new inode and modification time).
    replacement = tmp_path / "next.duckdb"
    replacement.write_bytes(b"version two")
    os.replace(replacement, database)
    after = cache.figure("bars", "id", ("2025-12",), _builder(calls))
    assert len(calls) == 2
    assert after is not before


def test_another_database_file_never_gets_this_ones_figure(database, tmp_path, monkeypatch):
    calls = []
    cache.figure("bars", "id", ("2025-12",), _builder(calls))
    other = tmp_path / "other.duckdb"
    shutil.copy2(database, other)
    monkeypatch.setenv("CAKUPAN_DB", str(other))
    cache.figure("bars", "id", ("2025-12",), _builder(calls))
    assert len(calls) == 2
