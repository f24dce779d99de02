"""In a real browser: text imported with Markdown and HTML in it stays literal text on the page (no img and
no a made from it), and a hostile file is refused on the page without a traceback or a server path."""

from __future__ import annotations

import pytest

from conftest import artifact, streamlit_server
from import_support import copy_db, table_checksums
from test_import_browser import choose, open_impor, settle

SECRET = "rahasia-uji-coba-panjang"
SET_BY = "Pemprov **NTB** ![px](http://127.0.0.1:9/set_by.png) <img src=x onerror=alert(1)>"
NOTE = '[klik di sini](http://evil.example/a) http://evil.example/b www.evil.example :red[merah] <a href="http://evil.example/c">c</a>'
TITLE = "Judul ![gambar](http://127.0.0.1:9/title.png) <b>tebal</b> http://evil.example/d"
URL = "https://bps.go.id/uji"


@pytest.fixture
def write_app(default_db_path, tmp_path):
    db = copy_db(default_db_path, tmp_path / "cakupan.duckdb")
    before = table_checksums(db)  # the server holds the database's lock while it runs
    with streamlit_server(db, tmp_path / "streamlit.log", CAKUPAN_ADMIN_SECRET=SECRET) as (url, proc):
        yield {"url": url, "db": db, "proc": proc, "before": before}


def upload_and_check(page, path, title: str = "", url: str = "") -> None:
    page.locator("input[type=file]").first.set_input_files(str(path))
    settle(page)
    if title:
        page.get_by_label("Judul sumber (ditampilkan di samping angka)").fill(title)
    if url:
        page.get_by_label("Tautan sumber").fill(url)
        page.get_by_label("Tautan sumber").press("Enter")
    settle(page)
    page.get_by_role("button", name="Periksa (uji coba)").click()
    settle(page)


def test_imported_markdown_and_html_stay_literal_text(write_app, browser, tmp_path):
    target_file = tmp_path / "target_ntb.csv"
    target_file.write_text(
        "ditetapkan_oleh;jenis_penetap;tingkat;kode_wilayah;metrik;dasar;target;mulai;tenggat;catatan\n"
        f'"{SET_BY}";Pemprov;province;52;coverage_rate;ucj;60;2025-01;2026-12;"{NOTE.replace(chr(34), chr(34) * 2)}"\n',
        encoding="utf-8")
    long_field = tmp_path / "panjang.csv"
    long_field.write_text("periode;kode_wilayah;segmen;jenis_usaha;peserta_aktif\n"
                          '2025-06;52.71;PU;lainnya;"' + "x" * 200_000 + '"\n', encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 2200})
    open_impor(page, write_app["url"], SECRET)

    # A hostile file first: refused on the page with its message, no traceback, no server path.
    upload_and_check(page, long_field)
    text = page.locator("[data-testid='stMain']").inner_text()
    page.screenshot(path=artifact("hostile_1_refused.png"), full_page=True)
    assert "Berkas ditolak (1 galat)" in text
    assert "satu isian lebih panjang dari 131.072 karakter (batas pembaca CSV), jauh melebihi anggaran 10.000 " \
           "karakter per isian." in text
    assert "Traceback" not in text and "_csv.Error" not in text and "/tmp/" not in text

    # Then a target whose who-set-it, note and source title carry Markdown and HTML.
    choose(page, "Jenis data", "Target")
    upload_and_check(page, target_file, TITLE, URL)
    assert page.get_by_text("baris terbaca tanpa galat").count() == 1
    page.get_by_role("button", name="Konfirmasi impor").click()
    settle(page)
    assert page.get_by_text("tersimpan: 1 baris ditambahkan").count() == 1

    page.goto(write_app["url"] + "/target?area=province:52&national=0")
    settle(page)
    # The cards (who set it, note, source) sit in the details under the one-row-per-target table.
    page.get_by_text("Rincian, grafik dan proyeksi").click()
    settle(page)
    page.screenshot(path=artifact("hostile_2_target_card.png"), full_page=True)
    main = page.locator("[data-testid='stMain']")
    shown = main.inner_text().replace("\u2060", "")  # the invisible joiners that break autolinks
    assert SET_BY in shown
    assert NOTE in shown
    assert TITLE in shown
    # Nothing was made from the imported text: no image, no link to its addresses, no bold from **.
    images = page.evaluate("() => Array.from(document.querySelectorAll('[data-testid=stMain] img'))"
                           ".map(i => i.getAttribute('src'))")
    assert not [src for src in images if "127.0.0.1:9" in src or src == "x"], images
    links = page.evaluate("() => Array.from(document.querySelectorAll('[data-testid=stMain] a'))"
                          ".map(a => a.getAttribute('href'))")
    assert not [href for href in links if "evil" in (href or "") or "127.0.0.1:9" in (href or "")], links
    assert URL in links  # the http(s) source address is the one link
    bold = page.evaluate("() => Array.from(document.querySelectorAll('[data-testid=stMain] strong, "
                         "[data-testid=stMain] b')).map(b => b.textContent)")
    assert "NTB" not in bold and "tebal" not in bold
    page.close()

    # The refused file changed nothing; the target import changed only what a target import writes.
    write_app["proc"].terminate()
    write_app["proc"].wait(timeout=20)
    before, after = write_app["before"], table_checksums(write_app["db"])
    assert {t for t in before if before[t] != after[t]} == {"target", "source", "import_batch", "import_batch_detail"}
