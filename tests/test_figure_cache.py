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


def test_a_shared_figure_gives_its_plotly_json_without_rebuilding_it_and_each_caller_its_own_copy(database):
    fig = cache.figure("bars", "id", ("2025-12",), lambda: go.Figure(
        go.Bar(x=["a", "b"], y=[1, 2], customdata=[["x", 1.5], ["y", None]]), layout=dict(title=dict(text="T"))))
    expected = {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2], "customdata": [["x", 1.5], ["y", None]]}],
                "layout": {"title": {"text": "T"}, "separators": ",.", "template": fig.layout.template.to_plotly_json()}}
    first = fig.to_dict()
    assert first == expected
    # What st.plotly_chart and an export do to theirs: drop the trace's uid, rewrite layout keys.
    first["data"][0].pop("type")
    first["layout"].update(width=900, title={"text": "other"})
    assert fig.to_dict() == expected
    assert fig.to_dict()["data"][0]["customdata"] is fig.to_dict()["data"][0]["customdata"]  # not copied again


@pytest.mark.parametrize("level", ["province", "regency", "national", "all"])
def test_published_rates_of_a_month_are_the_month_query_rows(default_db_path, default_db, monkeypatch, level):
    """cache.published_rates cuts a month from the level's every month: the same rows, in the same
    order, with the same counts of other rates, as the query asked for that month alone."""
    from cakupan.db import run_query

    monkeypatch.setenv("CAKUPAN_DB", str(default_db_path))
    cache._shared.clear()
    months = [m for (m,) in default_db.execute(
        "select distinct coalesce(strftime(period, '%Y-%m'), as_of) from published_figure "
        "where measure = 'coverage_pct' and coalesce(strftime(period, '%Y-%m'), as_of) is not null "
        "order by 1").fetchall()]  # an undated figure (Sulawesi Barat's 11 %) belongs to no month
    assert len(months) > 3
    try:
        for month in [*months, "2025-09", "1999-01"]:  # and months without any published rate
            alone = run_query(default_db, "published_rates", month=month, level=level)
            assert cache.published_rates(month, level).equals(alone), month
    finally:
        cache._shared.clear()


def test_a_shared_figure_is_written_as_json_once_and_as_plotly_writes_it(database):
    """st.plotly_chart asks plotly.io.to_json for the figure on every run; a shared figure's JSON
    is written on the first ask and reused, and it is the JSON plotly writes for the same figure
    built afresh (what st.plotly_chart sent before)."""
    import plotly.io as pio

    from cakupan.ui import widgets

    import plotly.tools

    shared = cache.figure("bars", "id", ("2025-12",), _builder([]))
    # What st.plotly_chart does with a figure on every run (Streamlit 1.67).
    sent = lambda fig: pio.to_json(plotly.tools.return_figure_from_figure_or_data(fig, True), validate=False)  # noqa: E731
    first = sent(shared)
    assert sent(shared) is first
    fresh = _builder([])().update_layout(separators=",.")
    assert first == widgets._plotly_to_json(fresh, validate=False) == sent(fresh)
    assert sent(fresh) is not sent(fresh)  # a figure built on a page is written anew every time
    assert pio.to_json(shared.to_dict(), pretty=True) != first  # other options go to plotly's own
    # An export's print copy is a plain dict of its own: its changes are never mistaken for the figure.
    from cakupan.provenance import Provenance
    from cakupan.reports import export

    printed = export.print_spec(shared, Provenance(("Sumber A",), "Desember 2025", "ucj", False), "id")
    assert type(printed) is dict and pio.to_json(printed, validate=False) != first
