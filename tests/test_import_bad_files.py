"""The bad-file corpus: every file gives its exact message, names where, and changes nothing."""

from __future__ import annotations

import csv
import os
import shutil

import pytest

from cakupan.__main__ import main
from import_support import BAD_FILES, ROOT, copy_db, file_sha256, layer_hashes, table_checksums

CASES = list(csv.DictReader((BAD_FILES / "cases.csv").open(encoding="utf-8")))


@pytest.fixture(scope="module")
def target(default_db_path, tmp_path_factory):
    """A private database copy and a private copy of the map layers, with their checksums."""
    tmp = tmp_path_factory.mktemp("badfiles")
    db = copy_db(default_db_path, tmp / "cakupan.duckdb")
    geo = tmp / "geo"
    geo.mkdir()
    for name in ("provinces.geojson", "regencies.geojson", "boundaries.json"):
        shutil.copyfile(ROOT / "geo" / name, geo / name)
    return {"db": db, "geo": geo, "tables": table_checksums(db), "sha": file_sha256(db),
            "layers": layer_hashes(geo)}


def run(argv: list[str], capsys) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


def assert_unchanged(target) -> None:
    assert table_checksums(target["db"]) == target["tables"]
    assert file_sha256(target["db"]) == target["sha"]
    assert layer_hashes(target["geo"]) == target["layers"]


def test_corpus_is_large_enough():
    files = {c["file"] for c in CASES}
    assert len(files) >= 30
    assert all((BAD_FILES / f).exists() for f in files)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_file(case, target, capsys):
    command, *args = case["args"].replace("{dir}", str(BAD_FILES)).split()
    argv = [command, str(BAD_FILES / case["file"]), *args, "--lang", "en"]
    argv += ["--geo-dir", str(target["geo"])] if command == "import-boundaries" else ["--db", str(target["db"])]
    code, output = run(argv, capsys)
    assert code == 1, output
    assert "Traceback" not in output
    fragments = [f.strip() for f in case["expect"].split(" | ")]
    line = next((ln for ln in output.splitlines() if fragments[0] in ln), None)
    assert line is not None, f"{fragments[0]!r} not in:\n{output}"
    for fragment in fragments:
        assert fragment in output, f"{fragment!r} not in:\n{output}"
    assert line.startswith("ERROR: " + case["file"])
    if case["row"]:
        assert f", row {case['row']}" in line, line
    if case["column"]:
        assert f"column '{case['column']}'" in line, line
    assert "Fix: " in line
    assert_unchanged(target)


def test_two_gigabyte_upload_is_refused_unread(target, capsys, tmp_path):
    """A sparse 2 GB file: refused by its size before a byte is read, on both doors."""
    from cakupan import settings
    from cakupan.importer import ImportRefused
    from cakupan.importer.reading import check_size

    huge = tmp_path / "huge_extract.csv"
    with open(huge, "wb") as f:
        f.truncate(2 * 1024**3)
    assert huge.stat().st_size == 2 * 1024**3
    assert os.stat(huge).st_blocks * 512 < 1024**2  # sparse: nothing was written to disk
    code, output = run(["import", str(huge), "--kind", "membership", "--db", str(target["db"]), "--lang", "en",
                        "--max-size-mb", str(settings.max_upload_mb())], capsys)
    assert code == 1
    assert "ERROR: huge_extract.csv: the file is 2,147 MB, over the 50 MB limit" in output
    with pytest.raises(ImportRefused) as refused:
        check_size(huge.stat().st_size, int(settings.max_upload_mb() * 1e6), "huge_extract.csv")
    assert refused.value.problems[0].code == "too_large"
    assert_unchanged(target)


def test_shapefile_without_prj_is_refused(target, capsys, tmp_path):
    import geopandas as gpd

    frame = gpd.read_file(ROOT / "geo" / "provinces.geojson").rename(columns={"code": "KODE"})
    frame[["KODE", "geometry"]].to_file(tmp_path / "provinsi.shp")
    (tmp_path / "provinsi.prj").unlink()
    code, output = run(["import-boundaries", str(tmp_path / "provinsi.shp"), "--level", "province",
                        "--code-column", "KODE", "--geo-dir", str(target["geo"]), "--lang", "en"], capsys)
    assert code == 1
    assert "ERROR: provinsi.shp: the file does not state its coordinate system (CRS)" in output
    assert_unchanged(target)


def test_messages_exist_in_indonesian(target, capsys):
    code, output = run(["import", str(BAD_FILES / "negative_count.csv"), "--kind", "membership",
                        "--db", str(target["db"])], capsys)
    assert code == 1
    assert "GALAT: negative_count.csv, baris 3, kolom 'peserta_aktif', nilai '-35': nilai negatif tidak mungkin" \
        in output
    assert "Perbaikan: " in output
