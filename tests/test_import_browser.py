"""The done-when walkthrough in a real browser, as a new analyst: load a BPS workforce table (XLSX)
and a membership extract (CSV) for NTB, read the dry-run diff, confirm, find the figures on the
map with their batch as source, and roll both batches back. Screenshots go to test-artifacts/."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import APP_IDLE, ROOT, artifact, streamlit_server, wait_quiet
from import_support import copy_db, table_checksums

SECRET = "rahasia-uji-coba"
WORKFORCE_TITLE = "Uji coba: BPS NTB, Sakernas Agustus 2025 (Tabel 3.1)"
MEMBERSHIP_TITLE = "Uji coba: ekstrak kepesertaan Kanwil Banuspa, NTB Agustus 2025"


def walkthrough_files(folder: Path) -> tuple[Path, Path]:
    """A BPS-style table (names as BPS prints them, formal/informal, no period column) and a
    membership extract (semicolons, Indonesian numbers, 'Agustus 2025'); demo numbers."""
    import xlsxwriter

    regencies = [r for r in csv.DictReader(open(ROOT / "data" / "seeds" / "regency.csv", encoding="utf-8"))
                 if r["province_code"] == "52"]
    population = sum(int(r["population"]) for r in regencies)
    workforce = folder / "sakernas_ntb_agustus_2025.xlsx"
    wb = xlsxwriter.Workbook(workforce)
    ws = wb.add_worksheet("Tabel 3.1")
    ws.write_row(0, 0, ["Kabupaten/Kota", "Formal", "Informal"])
    for i, r in enumerate(regencies, start=1):
        employed = round(3_180_000 * int(r["population"]) / population)
        formal = round(employed * (0.42 if r["kind"] == "kota" else 0.24))
        ws.write_row(i, 0, [r["name"].replace("Kabupaten ", ""), formal, employed - formal])
    wb.close()
    shares = [("PU", "lainnya", 0.50), ("PU", "umkm", 0.12), ("BPU", "umkm", 0.14), ("BPU", "koperasi", 0.04),
              ("JAKON", "lainnya", 0.17), ("PMI", "lainnya", 0.03)]
    lines = ["periode;kode_wilayah;segmen;jenis_usaha;peserta_aktif"]
    for r in regencies:
        active = 612_000 * int(r["population"]) / population * (1.5 if r["kind"] == "kota" else 0.95)
        for segment, kind, share in shares:
            lines.append(f"Agustus 2025;{r['regency_code']};{segment};{kind};" +
                         f"{round(active * share):,}".replace(",", "."))
    membership = folder / "kepesertaan_ntb_agustus_2025.csv"
    membership.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return workforce, membership


@pytest.fixture
def write_app(default_db_path, tmp_path):
    """Our own server (imports enabled) on a private copy of the default database."""
    db = copy_db(default_db_path, tmp_path / "cakupan.duckdb")
    before = table_checksums(db)
    with streamlit_server(db, tmp_path / "streamlit.log", CAKUPAN_ADMIN_SECRET=SECRET) as (url, proc):
        yield {"url": url, "db": db, "proc": proc, "before": before}


def settle(page, timeout_ms: int = 90_000) -> None:
    """Streamlit idle (its status widget gone for a moment) and a heading drawn."""
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
    page.locator("h1").first.wait_for(timeout=timeout_ms)
    wait_quiet(page, lambda p: (p.get_by_test_id("stStatusWidget").count() or p.get_by_role("dialog").count()
                                or not p.locator(APP_IDLE).count()), 200, timeout_ms)


def open_impor(page, url: str, secret: str = SECRET) -> None:
    """The Impor page at `url`, logged in with the admin secret."""
    page.goto(url + "/impor")
    settle(page)
    page.get_by_label("Kata sandi admin").fill(secret)
    page.get_by_role("button", name="Masuk").click()
    settle(page)


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox (the list sometimes needs a second click to open)."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=label)
    for _ in range(6):
        box.locator("input").click()
        if page.get_by_role("option", name=option).count():
            break
        page.keyboard.press("Escape")
        page.wait_for_timeout(400)
    page.get_by_role("option", name=option).click()
    settle(page)


def period_box(page):
    """The 'period' option, opening the options expander if it is closed."""
    box = page.get_by_role("textbox", name="Periode (jika berkas tanpa kolom periode)")
    if not box.is_visible():
        page.get_by_text("Pilihan berkas").click()
        settle(page)
    return box


def dry_run(page, file: Path, title: str, as_of: str, shot: str) -> None:
    page.locator("input[type=file]").first.set_input_files(str(file))
    settle(page)
    page.get_by_label("Judul sumber (ditampilkan di samping angka)").fill(title)
    page.get_by_label("Per tanggal").fill(as_of)
    page.get_by_label("Per tanggal").press("Enter")
    settle(page)
    page.get_by_role("button", name="Periksa (uji coba)").click()
    settle(page)
    page.screenshot(path=artifact(shot), full_page=True)
    assert page.get_by_text("baris terbaca tanpa galat").count() == 1
    assert page.get_by_text("Yang akan ditambahkan atau diganti, per periode dan wilayah").count() == 1


def ntb_hover(page) -> str:
    """Hover Nusa Tenggara Barat on the province map and return the tooltip's text."""
    box = page.evaluate("""() => {
        for (const p of document.querySelectorAll('path.choroplethlocation')) {
            if (p.__data__ && p.__data__.loc === '52') {
                const r = p.getBoundingClientRect();
                return {x: r.left + r.width * 0.3, y: r.top + r.height * 0.5};
            }
        }
        return null; }""")
    assert box is not None, "no NTB shape on the map"
    page.mouse.move(box["x"], box["y"])
    page.wait_for_timeout(1500)
    # SVG text has no innerText; textContent runs the tooltip's lines together, so join on spaces.
    return page.evaluate("""() => Array.from(document.querySelectorAll('.hovertext text tspan'))
        .map(t => t.textContent).join(' ')""")


def test_walkthrough_import_see_roll_back(write_app, browser, tmp_path):
    workforce, membership = walkthrough_files(tmp_path)
    url = write_app["url"]
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    open_impor(page, url)

    # 1. The BPS workforce table: no period column (stated once), BPS basis chosen.
    choose(page, "Jenis data", "Pekerja (pembagi)")
    period_box(page).fill("Agustus 2025")
    choose(page, "Dasar pembagi", "Penduduk bekerja BPS")
    dry_run(page, workforce, WORKFORCE_TITLE, "2025-11-05", "import_1_dry_run_workforce.png")
    page.get_by_role("button", name="Konfirmasi impor").click()
    settle(page)
    assert page.get_by_text("Batch 2 tersimpan: 20 baris ditambahkan").count() == 1

    # 2. The membership extract: it has its own period column, so the stated period is cleared.
    choose(page, "Jenis data", "Kepesertaan (peserta aktif)")
    period_box(page).fill("")
    dry_run(page, membership, MEMBERSHIP_TITLE, "2025-09-10", "import_2_dry_run_membership.png")
    page.get_by_role("button", name="Konfirmasi impor").click()
    settle(page)
    assert page.get_by_text("Batch 3 tersimpan: 60 baris ditambahkan").count() == 1
    page.screenshot(path=artifact("import_3_batches.png"), full_page=True)

    # 3. The map: NTB's figures name both imported sources; the batch list behind the page has them.
    page.goto(url + "/?period=2025-08-01&basis=bps")
    settle(page)
    page.get_by_text("Sumber dan batch data").click()
    settle(page)
    hover = ntb_hover(page)
    page.screenshot(path=artifact("import_4_overview_with_batches.png"), full_page=True)
    assert "Nusa Tenggara Barat" in hover
    assert "ekstrak kepesertaan Kanwil Banuspa" in hover
    assert "BPS NTB, Sakernas Agustus 2025" in hover
    sources = page.get_by_test_id("stExpander").filter(has_text="Sumber dan batch data").inner_text()
    assert WORKFORCE_TITLE in sources and MEMBERSHIP_TITLE in sources

    # 4. Roll both batches back from the page, newest first.
    open_impor(page, url)
    # Batch 3 had replaced NTB's 120 August 2025 membership rows and the province's published
    # total for that month (Suara NTB's 33,25%); its rollback restores all 121.
    for batch, removed, restored in ((3, "60", "121"), (2, "20", "20")):
        page.get_by_role("button", name="Batalkan batch").click()
        settle(page)
        # The first click only asks (review 3, F22), with the counts the rollback then reports.
        assert page.get_by_text(f"Batalkan batch {batch} (").count() == 1
        assert page.get_by_text(f"{removed} baris dari batch ini akan dihapus dan {restored} baris lama").count() == 1
        page.get_by_role("button", name=f"Ya, batalkan batch {batch}").click()
        settle(page)
        assert page.get_by_text(f"Batch {batch} dibatalkan: {removed} baris dihapus, {restored} baris lama "
                                "dipulihkan.").count() == 1
    page.screenshot(path=artifact("import_5_rolled_back.png"), full_page=True)
    page.goto(url + "/?period=2025-08-01&basis=bps")
    settle(page)
    page.get_by_text("Sumber dan batch data").click()
    settle(page)
    sources = page.get_by_test_id("stExpander").filter(has_text="Sumber dan batch data").inner_text()
    assert WORKFORCE_TITLE not in sources and MEMBERSHIP_TITLE not in sources
    page.close()

    # The database holds exactly what it held before, apart from the two batch records.
    write_app["proc"].terminate()
    write_app["proc"].wait(timeout=20)
    before, after = write_app["before"], table_checksums(write_app["db"])
    assert {t for t in before if before[t] != after[t]} == {"import_batch", "import_batch_detail"}
