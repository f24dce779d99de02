"""Writes the bad-file corpus next to this script: `python tests/bad_files/make_bad_files.py`.

Each file is wrong in one way (or, where noted, several) that an analyst's real file can be
wrong; cases.csv names the message each must produce. Text files are written byte by byte
so that encodings and delimiters are exactly as stated.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
M_HEADER = "periode;kode_wilayah;segmen;jenis_usaha;peserta_aktif\n"


def text(name: str, content: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(content.encode(encoding))


def raw(name: str, content: bytes) -> None:
    (HERE / name).write_bytes(content)


def membership(rows: list[str], header: str = M_HEADER) -> str:
    return header + "".join(r + "\n" for r in rows)


def csv_files() -> None:
    text("wrong_delimiter.csv", "periode kode_wilayah segmen jenis_usaha peserta_aktif\n"
                                "2025-06 52.71 PU lainnya 1200\n")
    text("mixed_delimiters.csv", M_HEADER + "2025-06,52.71,PU,lainnya,1200\n")
    text("mixed_numbers.csv", membership(["2025-06;52.71;PU;lainnya;1.234.567", "2025-06;52.01;PU;lainnya;1,234,567",
                                          "2025-06;52.02;PU;lainnya;2.345.678"]))
    # Kota Mataram in UTF-8 next to a Windows-1252 'é' further down: two encodings in one file.
    mixed = (M_HEADER + "2025-06;52.71;PU;lainnya;1.200;Café Mataram\n").encode("utf-8") + \
        "2025-06;52.01;PU;lainnya;800;Koperasi Séra\n".encode("cp1252")
    raw("mixed_encoding.csv", mixed.replace(b"peserta_aktif\n", b"peserta_aktif;catatan\n", 1))
    # A Windows-1252 file whose name has an accent: decoded correctly, then refused as no exact match.
    text("latin1_names.csv", "periode;nama_wilayah;segmen;jenis_usaha;peserta_aktif\n"
                             "2025-06;Kab. Séram Bagian Barat;PU;lainnya;900\n", "cp1252")
    text("bom_future_period.csv", "\ufeff" + membership(["2099-01;52.71;PU;lainnya;1200"]))
    text("header_typo.csv", membership(["2025-06;52.71;PU;lainnya;1200"],
                                       "periode;kode_wilayah;segmn;jenis_usaha;peserta_aktif\n"))
    text("empty.csv", "")
    text("blank_lines_only.csv", "\n\n  \n")
    text("header_only.csv", M_HEADER)
    text("duplicate_key.csv", membership(["2025-06;52.71;PU;lainnya;1200", "2025-06;5271;PU;Lainnya;1300"]))
    text("negative_count.csv", membership(["2025-06;52.71;PU;lainnya;1200", "2025-06;52.01;BPU;umkm;-35"]))
    text("unknown_code.csv", membership(["2025-06;52.71;PU;lainnya;1200", "2025-06;52.99;PU;lainnya;80"]))
    text("bps_code_column.csv", "periode;kode_bps;segmen;jenis_usaha;peserta_aktif\n2025-06;5271;PU;lainnya;1200\n")
    text("bps_without_crosswalk.csv", membership(["2025-06;5271;PU;lainnya;1200"]))
    text("bps_unknown_code.csv", "periode;kode_bps;segmen;jenis_usaha;peserta_aktif\n"
                                 "2025-06;5271;PU;lainnya;1200\n2025-06;5299;PU;lainnya;50\n")
    text("crosswalk_test.csv", "bps_code,kemendagri_code,note\n5271,52.71,test crosswalk: Kota Mataram\n")
    text("segment_outside.csv", membership(["2025-06;52.71;PNS;lainnya;1200"]))
    text("kind_outside.csv", membership(["2025-06;52.71;PU;BUMN;1200"]))
    text("province_code.csv", membership(["2025-06;52;PU;lainnya;1200"]))
    text("not_a_number.csv", membership(["2025-06;52.71;PU;lainnya;seribu"]))
    text("fractional_count.csv", "periode,kode_wilayah,segmen,jenis_usaha,peserta_aktif\n"
                                 "2025-06,52.71,PU,lainnya,1200.5\n")
    text("ambiguous_numbers.csv", "segmen;program;tarif;berlaku_mulai\nPU;JKK;1.250;2025-01\n")
    text("bad_period.csv", membership(["Q5 2025;52.71;PU;lainnya;1200"]))  # no fifth quarter
    text("unknown_name.csv", "periode;nama_wilayah;segmen;jenis_usaha;peserta_aktif\n"
                             "2025-06;Kota Mataraman;PU;lainnya;1200\n")
    text("missing_area.csv", "periode;segmen;jenis_usaha;peserta_aktif\n2025-06;PU;lainnya;1200\n")
    text("duplicate_column.csv", "periode;kode;kode_wilayah;segmen;jenis_usaha;peserta_aktif\n"
                                 "2025-06;52.71;52.71;PU;lainnya;1200\n")
    text("empty_cell.csv", membership(["2025-06;52.71;;lainnya;1200"]))
    text("workforce_no_workers.csv", "periode;kode_wilayah;angka\n2025-08;52.71;240.000\n")
    text("workforce_empty_workers.csv", "periode;kode_wilayah;pekerja\n2025-04;52.71;240.000\n2025-04;52.01;\n")
    # Issue 11: names, publishers' tables and published rates.
    text("ambiguous_name.csv", "periode;kabupaten/kota;peserta_aktif\n2025-06;Pontianak;12.345\n")
    text("title_unknown_header.csv", "Tabel 3. Peserta menurut wilayah\n\nWilayah X;Angka Y\nKota Mataram;1.234\n")
    text("year_columns_no_period.csv", "Jumlah Peserta Aktif menurut Kabupaten/Kota\n\nKabupaten/Kota;Peserta Aktif;\n"
                                       ";2023;2024\nKota Mataram;1.234;1.345\n")
    text("published_no_source.csv", "bulan;kabupaten/kota;cakupan (%)\n2025-06;Kota Mataram;41,2\n")
    text("published_ambiguous_level.csv", "bulan;wilayah;cakupan (%);sumber\n2025-06;Gorontalo;41,2;Berita\n")
    text("workforce_no_basis.csv", "periode;kode_wilayah;formal;informal\n2025-08;52.71;150.000;90.000\n")
    text("coop_enrolled_over.csv", "nama_koperasi;kode_wilayah;anggota;anggota_terdaftar;per\n"
                                   "Kopdit Uji;53.71;100;250;2025-06\n")
    text("target_no_basis.csv", "ditetapkan_oleh;jenis_penetap;tingkat;kode_wilayah;metrik;target;mulai;tenggat\n"
                                "Pemprov NTB;Pemprov;provinsi;52;cakupan;62,5;2026-01;2026-12\n")
    text("rates_both.csv", "segmen;program;tarif;iuran_tetap;berlaku_mulai\nBPU;JKM;0,5;Rp 6.800;2025-01\n")
    text("member_bad_status.csv", "id_peserta,kode_wilayah,segmen,jenis_usaha,program,status,periode\n"
                                  "a1,52.71,PU,lainnya,JKK+JKM,aktif,2025-06\n"
                                  "a2,52.71,BPU,umkm,JKK+JKM,aktif,2025-06\n"
                                  "a3,52.01,BPU,umkm,JKK+JKM,pending,2025-06\n")
    raw("old_format.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    raw("image_renamed.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")


def xlsx_files() -> None:
    import xlsxwriter

    header = ["periode", "kode_wilayah", "segmen", "jenis_usaha", "peserta_aktif"]
    wb = xlsxwriter.Workbook(HERE / "merged_cells.xlsx")
    ws = wb.add_worksheet("Kepesertaan")
    ws.write_row(0, 0, header)
    ws.merge_range(1, 0, 2, 0, "2025-06")
    ws.write_row(1, 1, ["52.71", "PU", "lainnya", 1200])
    ws.write_row(2, 1, ["52.01", "PU", "lainnya", 800])
    wb.close()

    wb = xlsxwriter.Workbook(HERE / "code_as_number.xlsx")
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, header)
    ws.write_row(1, 0, ["2025-06", 52.1, "PU", "lainnya", 1200])  # typed 52.10 in Excel; the zero is gone
    wb.close()

    wb = xlsxwriter.Workbook(HERE / "period_as_number.xlsx")
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, header)
    ws.write_row(1, 0, [45809, "52.71", "PU", "lainnya", 1200])  # a date serial without a date format
    wb.close()

    wb = xlsxwriter.Workbook(HERE / "no_such_sheet.xlsx")
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, header)
    ws.write_row(1, 0, ["2025-06", "52.71", "PU", "lainnya", 1200])
    wb.close()


def parquet_files() -> None:
    import polars as pl

    good = pl.DataFrame({"periode": ["2025-06"], "kode_wilayah": ["52.71"], "segmen": ["PU"],
                         "jenis_usaha": ["lainnya"], "peserta_aktif": [1200]})
    good.write_parquet(HERE / "_whole.parquet")
    data = (HERE / "_whole.parquet").read_bytes()
    (HERE / "_whole.parquet").unlink()
    raw("broken.parquet", data[: len(data) // 2])  # cut short, as by an interrupted upload
    pl.DataFrame({
        "id_peserta": ["p1", "p2", "p1", "p3"], "kode_wilayah": ["52.71"] * 4, "segmen": ["PU"] * 4,
        "jenis_usaha": ["lainnya"] * 4, "program": ["JKK+JKM+JHT+JP"] * 4, "status": ["aktif"] * 4,
        "periode": ["2025-06"] * 4,
    }).write_parquet(HERE / "member_duplicates.parquet")


def boundary_files() -> None:
    """Small GeoJSON files (a single feature is enough to reach each check)."""
    square = [[[116.0, -8.5], [116.1, -8.5], [116.1, -8.6], [116.0, -8.6], [116.0, -8.5]]]

    def collection(features: list[dict]) -> str:
        return json.dumps({"type": "FeatureCollection", "features": features})

    def feature(code: str, geometry: dict) -> dict:
        return {"type": "Feature", "properties": {"KODE_PROV": code}, "geometry": geometry}

    # 37 of 38 provinces as tiny squares: Aceh (11) is missing.
    codes = ["12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36", "51", "52",
             "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82", "91", "92", "93",
             "94", "95", "96"]
    features = []
    for i, code in enumerate(codes):
        x = 95.0 + i * 1.0
        ring = [[x, -5.0], [x + 0.5, -5.0], [x + 0.5, -5.5], [x, -5.5], [x, -5.0]]
        features.append(feature(code, {"type": "Polygon", "coordinates": [ring]}))
    text("boundary_missing_province.geojson", collection(features))
    text("boundary_line.geojson", collection([feature("52", {"type": "LineString",
                                                             "coordinates": [[116.0, -8.5], [116.1, -8.6]]})]))
    text("boundary_wrong_column.geojson", collection([feature("52", {"type": "Polygon", "coordinates": square})]))


if __name__ == "__main__":
    csv_files()
    xlsx_files()
    parquet_files()
    boundary_files()
    print(f"wrote {len([p for p in HERE.iterdir() if p.suffix not in ('.py',) and p.name != 'cases.csv'])} files")
