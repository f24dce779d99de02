"""Target, Koperasi & UMKM and Simulator pages in a real browser (Debian Chromium): drawn, no exception, PDF download."""

import io
import subprocess

from pypdf import PdfReader

from conftest import artifact, wait_until_idle


def open_page(browser, live_app, path, ready, height=2600):
    page = browser.new_page(viewport={"width": 1400, "height": height})
    # The first request after the server starts may arrive before the pages are registered.
    page.goto(live_app + "/")
    wait_until_idle(page)
    page.goto(live_app + path)
    wait_until_idle(page)
    # A cold server can still be running the first queries after the status widget first clears.
    page.get_by_text(ready).first.wait_for(timeout=60_000)
    wait_until_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Page not found").count() == 0
    return page


def test_target_page_draws_burn_ups_with_dashed_projections(live_app, browser):
    page = open_page(browser, live_app, "/target?asof=2025-06-01", "Semua target, dievaluasi per Juni 2025", 3400)
    # Charts further down the page can still be drawing when the first one appears.
    # Six burn-ups: the national 54 juta is a target on registered participants, which Cakupan has
    # no series of, so it is listed without a chart (test_targets_app counts the same); Kemendagri's
    # 52,15% and RKP 2026's 34,99% have theirs beside RPJMN's (review 3 F5).
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 6", timeout=60_000)
    assert page.locator(".js-plotly-plot").count() == 6
    dashes = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot .scatterlayer path.js-line')]
        .map(p => p.style.strokeDasharray || '').filter(d => d && d !== 'none').length""")
    assert dashes >= 12  # three projections and the pace-needed line on most of the four charts
    assert page.get_by_text("Laju yang dibutuhkan").count() >= 1
    page.screenshot(path=artifact("targets_desktop.png"), full_page=True)
    page.close()


def test_cooperatives_page_draws_ntb_regencies(live_app, browser):
    # Issue 13: NTB lists no NTT cooperative; it says none is recorded there.
    page = open_page(browser, live_app, "/koperasi", "belum memuat satu pun koperasi Nusa Tenggara Barat")
    shapes = page.locator(".js-plotly-plot path.choroplethlocation")
    shapes.first.wait_for(timeout=30_000)
    assert shapes.count() == 10  # NTB's ten kabupaten/kota
    assert page.get_by_test_id("stDataFrame").filter(has_text="Kopdit").count() == 0
    page.screenshot(path=artifact("cooperatives_desktop.png"), full_page=True)
    page.close()


def test_simulator_messages_scenarios_and_rat_pdf(live_app, browser):
    page = open_page(browser, live_app, "/simulator", "Rp 201.600", 3000)
    assert page.get_by_text("Rp 201.600").count() >= 1
    page.screenshot(path=artifact("simulator_desktop.png"), full_page=True)

    # Number fields are typed and shown the Indonesian way (issue 13): text boxes, not spin buttons.
    shu = page.get_by_role("textbox", name="SHU setahun (Rp)")
    assert shu.input_value() == "1.000.000.000"
    shu.fill("-5")
    shu.press("Enter")
    wait_until_idle(page)
    page.get_by_text("SHU tidak boleh negatif. Isi 0 atau lebih.").wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    shu.fill("1000000000")
    shu.press("Enter")
    wait_until_idle(page)
    assert shu.input_value() == "1.000.000.000"  # rewritten with thousands separators

    income = page.get_by_role("textbox", name="Penghasilan yang dilaporkan per anggota per bulan (Rp)")
    income.fill("500000")
    income.press("Enter")
    wait_until_idle(page)
    page.get_by_text("Penghasilan di bawah batas minimum Rp 1 juta").wait_for(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=artifact("simulator_bad_income.png"), full_page=True)
    income.fill("1000000")
    income.press("Enter")
    wait_until_idle(page)

    save = page.get_by_role("button", name="Simpan skenario")
    save.click()
    wait_until_idle(page)
    share = page.get_by_role("textbox", name="Porsi SHU untuk iuran (%)")
    assert share.input_value() == "10,0"
    share.fill("25")
    share.press("Enter")
    wait_until_idle(page)
    save.click()
    wait_until_idle(page)
    page.get_by_text("Skenario \"Skenario 2\" disimpan.").wait_for(timeout=30_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)  # the comparison chart, from two scenarios

    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Unduh PDF satu halaman untuk RAT").click()
    path = artifact("simulator_rat.pdf")
    download.value.save_as(path)
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Kopdit Swasti Sari" in text and "1.240" in text  # 25% of Rp 1 miliar → 1.240 members
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(path), str(path.with_suffix(""))], check=True)
    page.screenshot(path=artifact("simulator_scenarios.png"), full_page=True)
    page.close()
