"""The Impor Data page under AppTest: closed without a secret, locked until the secret is entered."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from import_support import ROOT, copy_db


def open_page(lang: str = "id") -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/impor.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_without_a_secret_the_page_says_who_enables_it_without_a_path_or_command(app_env, monkeypatch):
    monkeypatch.delenv("CAKUPAN_ADMIN_SECRET", raising=False)
    at = open_page()
    assert at.title[0].value == "Impor Data"
    # Issue 13: the reader is sent to the server's administrator; no file path or command is shown.
    assert "pengelola server" in at.info[0].value
    for internal in ("CAKUPAN_ADMIN_SECRET", "secrets.toml", "python -m", "--kind"):
        assert internal not in at.info[0].value
    assert not at.text_input and not at.button  # no login, no upload, no rollback
    assert len(at.dataframe) == 1  # the batch list is public: viewing needs no login
    assert at.subheader[0].value == "Batch impor"


def test_english(app_env, monkeypatch):
    monkeypatch.delenv("CAKUPAN_ADMIN_SECRET", raising=False)
    at = open_page("en")
    assert at.title[0].value == "Import Data"
    assert at.info[0].value.startswith("Importing is not enabled on this server.")


@pytest.fixture
def admin_env(default_db_path, tmp_path, monkeypatch):
    """Imports enabled, on a private copy (the app then holds this copy read-write)."""
    db = copy_db(default_db_path, tmp_path / "cakupan.duckdb")
    monkeypatch.setenv("CAKUPAN_DB", str(db))
    monkeypatch.setenv("CAKUPAN_ADMIN_SECRET", "s3cret-for-tests")
    return db


def test_secret_is_asked_and_checked(admin_env):
    at = open_page()
    assert [t.label for t in at.text_input] == ["Kata sandi admin"]
    # Values in a form are sent with its submit button, in the same run.
    at.text_input[0].set_value("wrong")
    at.button[0].click().run()
    assert at.error[0].value == "Kata sandi admin salah."
    assert not at.selectbox
    at.text_input[0].set_value("s3cret-for-tests")
    at.button[0].click().run()
    assert not at.exception
    assert [s.label for s in at.selectbox][:2] == ["Jenis data", "Format angka"]
    assert "Periksa (uji coba)" in [b.label for b in at.button]
    # [0] is the data line under every title (issue 13), [1] the page intro.
    assert at.caption[2].value.startswith("Kolom: periode, kode_wilayah")
    # Only the seed batch exists, and it cannot be rolled back.
    assert "Belum ada batch impor yang bisa dibatalkan." in [c.value for c in at.caption]
    # The session keeps a digest, not the secret.
    from cakupan.ui.admin import token

    assert at.session_state["import_admin_ok"] == token("s3cret-for-tests") != "s3cret-for-tests"


def test_the_upload_limit_is_the_configured_one(monkeypatch):
    """The page refuses files over CAKUPAN_MAX_UPLOAD_MB, read at use; config.toml allows no more."""
    import tomllib

    from cakupan import settings

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert settings.max_upload_mb() == 50 == config["server"]["maxUploadSize"]
    monkeypatch.setenv("CAKUPAN_MAX_UPLOAD_MB", "5")
    assert settings.max_upload_mb() == 5


def test_a_file_imported_before_reads_as_imported_with_nothing_to_confirm(admin_env, tmp_path):
    """Review 3 F15: the dry run of a file already imported said 'nothing changed' under a green
    'then confirm', counts of replaced areas and a '53.000 → 53.000' row. F16: the batch list names
    the kind as the upload form's picker does."""
    import duckdb

    from cakupan.importer import ImportOptions, apply, prepare
    from cakupan.ui import impor

    path = tmp_path / "mataram_2025_12.csv"
    path.write_text("periode;kode_wilayah;segmen;jenis_usaha;peserta_aktif\n"
                    "2025-12;52.71;PU;lainnya;41000\n2025-12;52.71;BPU;umkm;12000\n", encoding="utf-8")
    options = ImportOptions(kind="membership", source_title="Uji coba: Kota Mataram", file_name=path.name)
    con = duckdb.connect(str(admin_env))
    first = apply(con, prepare(con, path, options))
    again = prepare(con, path, options)
    con.close()
    assert again.already_batch == first.batch_id and again.areas_replaced == 1  # the case of the review
    for lang, said in (("id", f"mataram\\_2025\\_12\\.csv sudah diimpor sebagai batch {first.batch_id} "),
                       ("en", f"mataram\\_2025\\_12\\.csv is already imported as batch {first.batch_id} ")):
        at = open_page(lang)
        at.text_input[0].set_value("s3cret-for-tests")
        at.button[0].click().run()
        # The dry run as the page keeps it, for what the form holds untouched (no file picked here:
        # AppTest cannot upload one): kind, code system, no crosswalk, numbers, period, sheet, basis,
        # source. The info's value is Markdown source: the file name's _ and . escaped.
        at.session_state[impor.SESSION_PLAN] = ((None, "membership", "kemendagri", None, "auto", "", "", "auto",
                                                 "", "", ""), again)
        at.run()
        assert not at.exception
        assert [i.value for i in at.info] == [at.info[0].value] and at.info[0].value.startswith(said)
        assert not at.success and not at.metric and not at.warning  # no "read without errors", no counts
        assert len(at.dataframe) == 1  # the batch list only: no diff table
        labels = [b.label for b in at.button]
        assert not [b for b in labels if b.startswith(("Konfirmasi", "Confirm"))]
        batches = at.dataframe[0].value
        kinds = dict(zip(batches["Batch"], batches["Jenis" if lang == "id" else "Kind"]))
        assert kinds == {1: "data bawaan" if lang == "id" else "default data",
                         first.batch_id: "Kepesertaan (peserta aktif)" if lang == "id"
                         else "Membership (active participants)"}


@pytest.mark.parametrize("lang, expected", [
    ("id", "Tarik berkas ke kotak di atas, atau tekan tombol “Upload” di kotak itu untuk memilih berkas dari "
           "komputer. Satu berkas, paling besar 50 MB; jenis yang diterima: CSV, TXT, XLSX, Parquet."),
    ("en", "Drag a file onto the box above, or press its “Upload” button to pick a file from your computer. "
           "One file, at most 50 MB; accepted types: CSV, TXT, XLSX, Parquet.")])
def test_the_upload_box_is_explained_in_the_readers_language(admin_env, lang, expected):
    """Streamlit's upload box prints its button and size line in English only (review 3, F22):
    the page says what the box is for, with the configured limit, in the reader's language."""
    at = open_page(lang)
    at.text_input[0].set_value("s3cret-for-tests")
    at.button[0].click().run()
    assert [u.label for u in at.get("file_uploader")][:1] == [
        {"id": "Berkas CSV, XLSX, atau Parquet (maks. 50 MB)", "en": "CSV, XLSX or Parquet file (max 50 MB)"}[lang]]
    assert expected in [c.value for c in at.caption]


def test_a_message_about_no_one_cell_shows_a_dash_not_none():
    # "baris 1–2 ... dilewati sebagai judul tabel" names a row but no column or value: those cells
    # read "–" (Streamlit printed an English "None"), and the row number stays as the sheet shows it.
    from cakupan.importer.problems import Problem
    from cakupan.ui import impor

    frame = impor.problems_frame([Problem("title_rows_skipped", "tabel.csv", 1234, None, None,
                                          {"rows": "1–2", "header_row": 1234}, "warning")], "id")
    html = impor._dashes(frame).to_html()
    assert "None" not in html and "nan" not in html
    assert html.count(">–</td>") == 2  # Kolom and Nilai
    assert ">1234</td>" in html
