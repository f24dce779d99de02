"""The shortcuts of the member-level import's checks stay exact: the programme lists read from a
Parquet file's dictionaries, the month read from its statistics, the duplicate check's hash pass
started beside the DuckDB pass. Each case is one where a shortcut would be wrong if it trusted
what it may not, with the answer worked out from the rows by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cakupan.importer import ImportOptions, ImportRefused, prepare
from import_support import MEMBER_EXTRACT

TODAY = date(2025, 6, 15)
# MEMBER_EXTRACT's active participants (see import_support), the rows every good variant gives.
EXPECTED = [(date(2025, 4, 1), "52.01", "BPU", "umkm", 2), (date(2025, 4, 1), "52.71", "BPU", "umkm", 1),
            (date(2025, 4, 1), "52.71", "PU", "lainnya", 2)]


def options(**kw) -> ImportOptions:
    return ImportOptions(kind="membership", today=TODAY, source_title="uji", **kw)


def rows(plan) -> list[tuple]:
    return sorted(plan.frame.drop("file_row").iter_rows())


@pytest.fixture
def con(writable_fixture_db):
    return writable_fixture_db


def the_one_problem(con, path):
    """The single problem for which `path` is refused."""
    with pytest.raises(ImportRefused) as refused:
        prepare(con, path, options())
    (problem,) = refused.value.errors
    return problem


def test_a_bad_programme_in_parquet_is_named_at_its_row(con, tmp_path):
    """'JKX' is the fifth record's list (row 5: a Parquet file has no header row)."""
    path = tmp_path / "extract.parquet"
    MEMBER_EXTRACT.with_columns(pl.Series("program", ["JKK+JKM"] * 4 + ["JKK+JKX"] + ["JKK"] * 3)).write_parquet(path)
    problem = the_one_problem(con, path)
    assert (problem.code, problem.row, problem.column, problem.value) == ("bad_programme", 5, "program", "JKK+JKX")


def test_an_empty_programme_in_parquet_is_named_at_its_row(con, tmp_path):
    path = tmp_path / "extract.parquet"
    MEMBER_EXTRACT.with_columns(pl.Series("program", ["JKK"] * 6 + [None, "JKK"])).write_parquet(path)
    problem = the_one_problem(con, path)
    assert (problem.code, problem.row, problem.column) == ("empty_cell", 7, "program")


def test_a_bad_list_only_in_the_dictionary_is_no_problem(con, tmp_path):
    """A dictionary may keep a value no row holds: 'JXX' is in it, every row says 'JKK+JKM' or 'JKK'."""
    table = MEMBER_EXTRACT.drop("program").to_arrow()
    programmes = pa.DictionaryArray.from_arrays(pa.array([0, 1] * 4, pa.int32()), pa.array(["JKK+JKM", "JKK", "JXX"]))
    path = tmp_path / "extract.parquet"
    pq.write_table(table.append_column("program", programmes), path)
    assert "JXX" in pq.ParquetFile(path, read_dictionary=["program"]).read().column("program").chunk(0).dictionary \
        .to_pylist()
    assert rows(prepare(con, path, options())) == EXPECTED


@pytest.mark.parametrize("statistics", [True, False])
def test_one_id_in_two_months_is_two_records_with_or_without_statistics(con, tmp_path, statistics):
    """Without statistics the month cannot be known to be one, so the hashes take it: 'a' in April
    and in May is no repeat either way; 'a' twice in May is one, at row 4 (first row 3)."""
    frame = MEMBER_EXTRACT.head(4).with_columns(pl.Series("id_peserta", ["a", "b", "a", "c"]),
                                                pl.Series("periode", ["2025-04", "2025-04", "2025-05", "2025-05"]))
    path = tmp_path / "two_months.parquet"
    frame.write_parquet(path, statistics=statistics)
    plan = prepare(con, path, options())
    assert sorted(plan.frame["period"].unique().to_list()) == [date(2025, 4, 1), date(2025, 5, 1)]
    frame.with_columns(pl.Series("id_peserta", ["a", "b", "a", "a"])).write_parquet(path, statistics=statistics)
    problem = the_one_problem(con, path)
    assert (problem.code, problem.row, problem.value, problem.params) == \
        ("duplicate_participant", 4, "a", {"period": "2025-05", "n": 2, "first_row": 3})


def test_a_repeat_in_a_one_month_file_across_row_groups_is_found(con, tmp_path):
    """One month in every row group (the statistics say so), the repeat in two different groups:
    h2 is the third record and again the eighth (the groups hold three rows each)."""
    frame = MEMBER_EXTRACT.with_columns(pl.Series("id_peserta", ["h0", "h1", "h2", "h3", "h4", "h5", "h6", "h2"]))
    path = tmp_path / "extract.parquet"
    frame.write_parquet(path, row_group_size=3)
    assert pq.ParquetFile(path).num_row_groups == 3
    problem = the_one_problem(con, path)
    assert (problem.code, problem.row, problem.value, problem.params) == \
        ("duplicate_participant", 8, "h2", {"period": "2025-04", "n": 2, "first_row": 3})


def test_a_refused_file_is_refused_for_its_values_not_for_a_repeat(con, tmp_path):
    """The hash pass starts before the values are checked; a bad value still refuses the file with
    that value alone, as the duplicate check runs only on an otherwise good file."""
    frame = MEMBER_EXTRACT.with_columns(pl.Series("id_peserta", ["h1"] * 8),
                                        pl.Series("segmen", ["XX"] + ["PU"] * 7))
    path = tmp_path / "extract.parquet"
    frame.write_parquet(path)
    with pytest.raises(ImportRefused) as refused:
        prepare(con, path, options())
    # The first record is an active participant's, so its segment is checked.
    assert [(p.code, p.row, p.column, p.value) for p in refused.value.errors] == [("bad_value", 1, "segmen", "XX")]


@pytest.mark.parametrize("statistics", [True, False])
def test_one_month_read_from_the_statistics_gives_the_same_rows(con, tmp_path, statistics):
    path = tmp_path / "extract.parquet"
    MEMBER_EXTRACT.write_parquet(path, statistics=statistics, row_group_size=3)
    assert rows(prepare(con, path, options())) == EXPECTED


def test_an_empty_month_among_one_month_is_named_at_its_row(con, tmp_path):
    """The statistics count the empty cell, so they prove nothing: the pass finds it, row 3."""
    path = tmp_path / "extract.parquet"
    MEMBER_EXTRACT.with_columns(pl.Series("periode", ["2025-04"] * 2 + [None] + ["2025-04"] * 5)).write_parquet(path)
    problem = the_one_problem(con, path)
    assert (problem.code, problem.row, problem.column) == ("empty_cell", 3, "periode")


def test_a_single_month_in_the_future_is_named_at_the_first_row(con, tmp_path):
    """Every row says 2025-09, after the import's date (2025-06-15): the first row is row 1."""
    path = tmp_path / "extract.parquet"
    MEMBER_EXTRACT.with_columns(pl.lit("2025-09").alias("periode")).write_parquet(path)
    problem = the_one_problem(con, path)
    assert (problem.code, problem.row, problem.column, problem.value) == ("future_period", 1, "periode", "2025-09")
