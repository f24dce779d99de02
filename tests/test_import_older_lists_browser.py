"""The Impor page with a Papua table written before the 2022 splits, in a real browser: the
kabupaten listed under Papua are found with a note naming their province of today, and a row whose
old code names another kabupaten is refused with the database unchanged. Screenshots go to
test-artifacts/."""

from __future__ import annotations

from import_support import table_checksums
from test_import_browser import choose, open_impor, settle, write_app  # noqa: F401  (write_app is a fixture)

TITLE = "Uji coba: tabel Papua 2021"


def dry_run(page, path, shot):
    page.locator("input[type=file]").first.set_input_files(str(path))
    settle(page)
    page.get_by_label("Judul sumber (ditampilkan di samping angka)").fill(TITLE)
    page.get_by_label("Judul sumber (ditampilkan di samping angka)").press("Enter")
    settle(page)
    page.get_by_role("button", name="Periksa (uji coba)").click()
    settle(page)
    page.screenshot(path=__import__("conftest").artifact(shot), full_page=True)
    return page.locator("[data-testid='stMain']").inner_text()


def test_a_papua_table_from_before_the_splits_on_the_impor_page(write_app, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    open_impor(page, write_app["url"])
    choose(page, "Jenis data", "Angka cakupan terbit (dengan sumber)")

    listed = tmp_path / "papua_2021.csv"
    listed.write_text("Provinsi;Kabupaten/Kota;Bulan;Peserta Aktif;Potensi Pekerja;Cakupan (%)\n"
                      "Papua;Merauke;31/12/2021;40.000;100.000;40,00\n"
                      "Papua;Mimika;31/12/2021;60.000;120.000;50,00\n", encoding="utf-8")
    text = dry_run(page, listed, "import_papua_2021_moved.png")
    # The problems and changes are data grids (drawn on a canvas): their words are checked on the
    # command line (test_import_older_lists); here, that the page reads the file and warns twice.
    assert "papua_2021.csv: 2 baris terbaca tanpa galat" in text
    assert "2 peringatan: baris tetap dimuat dan ditandai." in text

    old_code = tmp_path / "papua_2021_kode.csv"
    old_code.write_text("Kode;Kabupaten/Kota;Bulan;Peserta Aktif;Potensi Pekerja;Cakupan (%)\n"
                        "94.01;Merauke;31/12/2021;40.000;100.000;40,00\n", encoding="utf-8")
    text = dry_run(page, old_code, "import_papua_2021_old_code.png")
    assert "Berkas ditolak (1 galat). Tidak ada yang ditulis; basis data tidak berubah." in text
    assert "kode 94.01 adalah Kabupaten Nabire, tetapi nama di baris yang sama ('Merauke') adalah Kabupaten Merauke" \
           " (93.01)" in text  # the errors are also listed as text above their grid
    page.close()
    write_app["proc"].terminate()
    write_app["proc"].wait(timeout=20)
    assert table_checksums(write_app["db"]) == write_app["before"]
