"""A member-level extract as a hive-partitioned Parquet folder (members/province=52/part-0.parquet):
the same rows as the same data in one file, and clear refusals that name the part at fault."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from cakupan.db import create_schema
from cakupan.importer import ImportOptions, ImportRefused, apply, prepare
from import_support import MEMBER_EXTRACT, ROOT, table_checksums

TODAY = date(2025, 6, 15)
# The extract of test_import's member-level test with its province written out.
MEMBERS = MEMBER_EXTRACT.with_columns(province=pl.Series(["52"] * 7 + ["53"]))
EXPECTED = [(date(2025, 4, 1), "52.01", "BPU", "umkm", 2), (date(2025, 4, 1), "52.71", "BPU", "umkm", 1),
            (date(2025, 4, 1), "52.71", "PU", "lainnya", 2)]
STORED = ("select period, regency_code, segment, enterprise_kind, active_participants from membership "
          "where batch_id = $b order by all")


def options(**kw) -> ImportOptions:
    return ImportOptions(kind="membership", today=TODAY, source_title="uji", **kw)


def write_folder(root: Path, frame: pl.DataFrame, key: str = "province", parts_per_value: int = 1) -> Path:
    """`root/<key>=<value>/part-<n>.parquet`, the key's column left out of the files (as writers do)."""
    for (value,), group in frame.group_by(key, maintain_order=True):
        folder = root / f"{key}={value}"
        folder.mkdir(parents=True, exist_ok=True)
        rows = group.drop(key)
        size = -(-rows.height // parts_per_value)
        for n in range(parts_per_value):
            rows.slice(n * size, size).write_parquet(folder / f"part-{n}.parquet")
    return root


@pytest.fixture
def con(writable_fixture_db):
    return writable_fixture_db


def test_a_folder_and_one_file_of_the_same_data_store_the_same_rows(con, tmp_path):
    single = tmp_path / "members.parquet"
    MEMBERS.drop("province").write_parquet(single)
    folder = write_folder(tmp_path / "members", MEMBERS, parts_per_value=2)
    (folder / "_SUCCESS").write_bytes(b"")  # a writer's marker is not data
    from_file = prepare(con, single, options())
    from_folder = prepare(con, folder, options())
    assert from_folder.member_level and from_folder.rows_in_file == from_file.rows_in_file == 8
    assert sorted(from_file.frame.drop("file_row").iter_rows()) == EXPECTED
    assert sorted(from_folder.frame.drop("file_row").iter_rows()) == EXPECTED
    assert from_folder.diff.equals(from_file.diff)
    assert from_folder.file_hash != from_file.file_hash and from_folder.file_hash.startswith("xxh3-128:")

    file_batch = apply(con, from_file)
    stored_from_file = con.execute(STORED, {"b": file_batch.batch_id}).fetchall()
    folder_batch = apply(con, prepare(con, folder, options()))
    assert not folder_batch.already
    assert con.execute(STORED, {"b": folder_batch.batch_id}).fetchall() == stored_from_file == EXPECTED
    # The folder's batch replaced exactly the file's rows: the same scope (53.71 included, by 0).
    assert folder_batch.rows_replaced == file_batch.rows_added == 3


def test_the_month_can_be_the_partition_key(con, tmp_path):
    folder = write_folder(tmp_path / "members", MEMBERS.drop("province"), key="periode")
    assert (folder / "periode=2025-04" / "part-0.parquet").exists()
    plan = prepare(con, folder, options())
    assert sorted(plan.frame.drop("file_row").iter_rows()) == EXPECTED


def test_the_same_folder_twice_is_a_no_op_and_a_moved_part_is_another_file(con, tmp_path):
    folder = write_folder(tmp_path / "members", MEMBERS)
    first = apply(con, prepare(con, folder, options()))
    state = table_checksums(con=con)
    again = prepare(con, folder, options())
    assert again.already_batch == first.batch_id and apply(con, again).already
    assert table_checksums(con=con) == state
    # The same bytes under another partition value are other data, so another hash.
    (folder / "province=53").rename(folder / "province=54")
    assert prepare(con, folder, options()).file_hash != again.file_hash


def refusal(con, path: Path, **kw) -> list:
    before = table_checksums(con=con)
    with pytest.raises(ImportRefused) as refused:
        prepare(con, path, options(**kw))
    assert table_checksums(con=con) == before
    return [(p.code, p.file, p.row, p.column, p.value) for p in refused.value.errors]


def test_a_bad_value_is_named_with_its_part_and_its_row_in_that_part(con, tmp_path):
    frame = MEMBERS.with_columns(pl.when(pl.col("id_peserta") == "h5").then(pl.lit("mungkin"))
                                 .otherwise(pl.col("status")).alias("status"))
    folder = write_folder(tmp_path / "members", frame, parts_per_value=2)
    # province=52 holds h0..h6 in two parts of four and three rows: h5 is the second row of part-1.
    assert refusal(con, folder) == [("bad_value", "members/province=52/part-1.parquet", 2, "status", "mungkin")]


def test_a_duplicate_across_parts_names_both_places(con, tmp_path):
    frame = MEMBERS.with_columns(pl.when(pl.col("id_peserta") == "h7").then(pl.lit("h1"))
                                 .otherwise(pl.col("id_peserta")).alias("id_peserta"))
    folder = write_folder(tmp_path / "members", frame)
    with pytest.raises(ImportRefused) as refused:
        prepare(con, folder, options())
    (problem,) = refused.value.errors
    assert (problem.code, problem.file, problem.row, problem.value) == \
        ("duplicate_participant", "members/province=53/part-0.parquet", 1, "h1")
    assert problem.params["first_row"] == "2 (members/province=52/part-0.parquet)"
    assert "members/province=52/part-0.parquet" in problem.text("en")


@pytest.mark.parametrize("case, expected", [
    ("other_file", [("folder_other_file", "members/province=52/notes.csv", None, None, None)]),
    ("not_hive", [("folder_not_hive", "members/lombok/part-0.parquet", None, None, "lombok")]),
    ("keys_differ", [("folder_keys_differ", "members/year=2025/province=53/part-0.parquet", None, None, None)]),
    ("columns_differ", [("folder_columns_differ", "members/province=53/part-0.parquet", None, "kanal", None)]),
    ("key_is_column", [("folder_key_is_column", "members/province=52/part-0.parquet", None, "province", None)]),
    ("empty", [("folder_empty", "members", None, None, None)]),
    ("not_member", [("folder_not_member", "members", None, None, None)]),
])
def test_a_folder_that_does_not_fit_is_refused_naming_the_part(con, tmp_path, case, expected):
    root = tmp_path / "members"
    if case == "empty":
        (root / "province=52").mkdir(parents=True)
    elif case == "not_member":
        (root / "province=52").mkdir(parents=True)
        pl.DataFrame({"kode_wilayah": ["52.71"], "periode": ["2025-04"], "peserta_aktif": [5]}).write_parquet(
            root / "province=52" / "part-0.parquet")
    else:
        write_folder(root, MEMBERS)
    if case == "other_file":
        (root / "province=52" / "notes.csv").write_text("id_peserta\nh9\n")
    elif case == "not_hive":
        (root / "lombok").mkdir()
        MEMBERS.drop("province").write_parquet(root / "lombok" / "part-0.parquet")
    elif case == "keys_differ":
        (root / "year=2025" / "province=53").mkdir(parents=True)
        (root / "province=53" / "part-0.parquet").rename(root / "year=2025" / "province=53" / "part-0.parquet")
    elif case == "columns_differ":
        part = root / "province=53" / "part-0.parquet"
        pl.read_parquet(part).with_columns(pl.lit("online").alias("kanal")).write_parquet(part)
    elif case == "key_is_column":
        for part in root.glob("province=*/part-0.parquet"):
            pl.read_parquet(part).with_columns(pl.lit("52").alias("province")).write_parquet(part)
    assert refusal(con, root) == expected


def test_the_command_line_imports_a_folder(tmp_path, capsys):
    from cakupan.__main__ import main

    db = tmp_path / "cakupan.duckdb"
    con = duckdb.connect(str(db))
    create_schema(con)
    con.execute((ROOT / "tests" / "fixture_rows.sql").read_text())
    con.close()
    folder = write_folder(tmp_path / "members", MEMBERS)
    assert main(["import", str(folder), "--kind", "membership", "--db", str(db), "--lang", "en"]) == 0
    capsys.readouterr()
    con = duckdb.connect(str(db), read_only=True)
    try:
        batch, name, kind = con.execute("select batch_id, file_name, kind from import_batch "
                                        "order by batch_id desc limit 1").fetchone()
        assert (name, kind) == ("members", "membership")
        assert con.execute(STORED, {"b": batch}).fetchall() == EXPECTED
    finally:
        con.close()
    assert main(["import", str(folder), "--kind", "membership", "--db", str(db), "--lang", "en"]) == 0
    assert "already imported as batch" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["text_ids.parquet", "number_ids.parquet", "extract.csv"])
def test_a_repeated_participant_is_found_by_either_pass(con, tmp_path, name):
    """Text ids in Parquet go through polars' hash pass, other extracts through DuckDB's: both find
    the repeat, with its row and the first one."""
    frame = MEMBERS.drop("province").with_columns(
        pl.Series("id_peserta", [101, 102, 103, 104, 105, 102, 107, 108]))
    if name.startswith("text"):
        frame = frame.with_columns(pl.col("id_peserta").cast(pl.String))
    path = tmp_path / name
    frame.write_csv(path) if name.endswith("csv") else frame.write_parquet(path)
    with pytest.raises(ImportRefused) as refused:
        prepare(con, path, options())
    (problem,) = refused.value.errors
    # The sixth record repeats the second: a CSV counts its header as row 1.
    header = 1 if name.endswith("csv") else 0
    assert (problem.code, problem.file, problem.row, problem.value) == \
        ("duplicate_participant", name, 6 + header, "102")
    assert problem.params == {"period": "2025-04", "n": 2, "first_row": 2 + header}


def test_the_area_can_be_the_partition_key(default_db_path, tmp_path):
    """kode_wilayah=11.10 (Aceh Singkil) keeps its text: the trailing zero is part of the code."""
    from import_support import copy_db

    con = duckdb.connect(str(copy_db(default_db_path, tmp_path / "cakupan.duckdb")))
    try:
        frame = pl.DataFrame({"id_peserta": ["a", "b", "c"], "kode_wilayah": ["11.10", "11.10", "12.10"],
                              "segmen": ["PU", "BPU", "PU"], "jenis_usaha": ["lainnya", "umkm", "lainnya"],
                              "status": ["aktif"] * 3, "periode": ["2025-12"] * 3})
        folder = write_folder(tmp_path / "members", frame, key="kode_wilayah")
        assert (folder / "kode_wilayah=11.10" / "part-0.parquet").exists()
        plan = prepare(con, folder, ImportOptions(kind="membership", today=date(2026, 1, 15)))
        assert sorted(plan.frame.drop("file_row").iter_rows()) == [
            (date(2025, 12, 1), "11.10", "BPU", "umkm", 1), (date(2025, 12, 1), "11.10", "PU", "lainnya", 1),
            (date(2025, 12, 1), "12.10", "PU", "lainnya", 1)]
    finally:
        con.close()


def test_over_two_months_a_participant_may_appear_once_in_each(con, tmp_path):
    """The same id in April and May is two records; twice in May is a repeat (row 4, first row 3)."""
    frame = MEMBERS.drop("province").head(4).with_columns(
        pl.Series("id_peserta", ["a", "b", "a", "a"]),
        pl.Series("periode", ["2025-04", "2025-04", "2025-05", "2025-05"]))
    path = tmp_path / "two_months.parquet"
    frame.write_parquet(path)
    with pytest.raises(ImportRefused) as refused:
        prepare(con, path, options())
    (problem,) = refused.value.errors
    assert (problem.code, problem.row, problem.value, problem.params["period"]) == \
        ("duplicate_participant", 4, "a", "2025-05")
    frame.with_columns(pl.Series("id_peserta", ["a", "b", "a", "c"])).write_parquet(path)
    assert sorted(prepare(con, path, options()).frame["period"].unique().to_list()) == [date(2025, 4, 1),
                                                                                         date(2025, 5, 1)]
