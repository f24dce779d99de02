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
