"""The admin gate slows guessing, logs failures without the attempt, and refuses a short secret."""

from __future__ import annotations

import logging

import pytest

from cakupan.ui import admin

SECRET = "rahasia-panjang-uji"


@pytest.fixture(autouse=True)
def fresh_gate(monkeypatch):
    monkeypatch.setenv("CAKUPAN_ADMIN_SECRET", SECRET)
    admin.THROTTLE.clear()
    yield
    admin.THROTTLE.clear()


def test_three_free_attempts_then_a_wait_that_doubles(caplog):
    caplog.set_level(logging.WARNING, logger="cakupan.admin")
    t0 = 1000.0
    assert admin.attempt("tebakan-1", "s1", "10.0.0.7", t0) == ("wrong", 0.0)
    assert admin.attempt("tebakan-2", "s1", "10.0.0.7", t0 + 1) == ("wrong", 0.0)
    assert admin.attempt("tebakan-3", "s1", "10.0.0.7", t0 + 2) == ("wrong", 2.0)
    # While the wait runs, even the right secret is not checked.
    assert admin.attempt(SECRET, "s1", "10.0.0.7", t0 + 3) == ("wait", 1.0)
    assert admin.attempt("tebakan-4", "s1", "10.0.0.7", t0 + 4) == ("wrong", 4.0)
    assert admin.attempt("tebakan-5", "s1", "10.0.0.7", t0 + 8) == ("wrong", 8.0)
    # A new session from the same address waits too; another address does not.
    assert admin.attempt(SECRET, "s2", "10.0.0.7", t0 + 9) == ("wait", 7.0)
    assert admin.attempt(SECRET, "s3", "10.0.0.8", t0 + 9) == ("ok", 0.0)
    assert admin.attempt(SECRET, "s1", "10.0.0.7", t0 + 16) == ("ok", 0.0)
    assert admin.attempt("tebakan-6", "s1", "10.0.0.7", t0 + 17) == ("wrong", 0.0)  # a success starts afresh
    messages = [r.getMessage() for r in caplog.records]
    assert messages[:3] == [f"admin secret: failed attempt {n} (client 10.0.0.7)" for n in (1, 2, 3)]
    assert "admin secret: attempt refused unchecked, 1 s to wait (client 10.0.0.7)" in messages
    assert not any("tebakan" in m or SECRET in m for m in messages)  # never what was typed


def test_the_wait_is_capped():
    for i in range(20):
        admin.THROTTLE.failed(["session:x"], 0.0)
    assert admin.THROTTLE.wait(["session:x"], 0.0) == admin.MAX_WAIT_S


def test_a_secret_shorter_than_twelve_characters_is_refused(monkeypatch, caplog):
    monkeypatch.setenv("CAKUPAN_ADMIN_SECRET", "pendek-11ch")
    monkeypatch.setattr(admin, "_warned_short", False)
    caplog.set_level(logging.ERROR, logger="cakupan.admin")
    assert admin.secret_too_short() and not admin.import_enabled()
    assert not admin.check("pendek-11ch")
    assert [r.getMessage() for r in caplog.records] == [
        "the configured admin secret has 11 characters, fewer than 12; importing stays off"]
    monkeypatch.setenv("CAKUPAN_ADMIN_SECRET", "cukup-dua-belas")
    assert not admin.secret_too_short() and admin.import_enabled()


def open_import_page(lang: str = "id"):
    from streamlit.testing.v1 import AppTest

    from import_support import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.switch_page("pages/impor.py")
    return at.run()


def test_the_page_says_a_short_secret_keeps_importing_off(app_env, monkeypatch):
    monkeypatch.setenv("CAKUPAN_ADMIN_SECRET", "pendek")
    at = open_import_page("en")
    assert not at.exception
    assert at.error[0].value == (
        "Importing is off: the admin secret set on this server is shorter than 12 characters, so it is easy to "
        "guess. The server's administrator needs to replace `CAKUPAN_ADMIN_SECRET` with a secret of at least 12 "
        "characters and restart the dashboard.")
    assert not at.text_input  # no login form


def test_the_page_makes_a_guesser_wait(default_db_path, tmp_path, monkeypatch):
    from import_support import copy_db

    monkeypatch.setenv("CAKUPAN_DB", str(copy_db(default_db_path, tmp_path / "cakupan.duckdb")))
    monkeypatch.setattr(admin, "FIRST_WAIT_S", 60.0)  # longer than a slow AppTest run between two clicks
    at = open_import_page()
    for n in range(3):
        at.text_input[0].set_value(f"tebakan-{n}")
        at.button[0].click().run()
    assert not at.exception
    assert at.error[0].value == "Kata sandi admin salah."
    assert at.warning[0].value == ("Terlalu banyak percobaan yang salah. Coba lagi setelah 60 detik; setiap "
                                   "kesalahan berikutnya memperpanjang waktu tunggu.")
    at.text_input[0].set_value(SECRET)
    at.button[0].click().run()
    assert not at.error  # not even checked: no "wrong", and no way in yet
    assert at.warning[0].value.startswith("Terlalu banyak percobaan yang salah. Coba lagi setelah ")
    assert "import_admin_ok" not in at.session_state


PROXY = frozenset({"127.0.0.1", "::1"})


def test_behind_the_proxy_each_visitor_is_counted_by_the_address_the_proxy_saw():
    # nginx appends the address it was reached from; earlier entries are the visitor's own words.
    assert admin.client_address("127.0.0.1", "203.0.113.9", PROXY) == "203.0.113.9"
    assert admin.client_address("127.0.0.1", "10.9.9.9, 203.0.113.9", PROXY) == "203.0.113.9"
    assert admin.client_address("::1", "198.51.100.4", PROXY) == "198.51.100.4"
    # Straight to the server (no trusted proxy in between): its own address, whatever it claims.
    assert admin.client_address("198.51.100.4", "127.0.0.1", PROXY) == "198.51.100.4"
    assert admin.client_address("127.0.0.1", None, PROXY) == "127.0.0.1"
    assert admin.client_address("127.0.0.1", " , ", PROXY) == "127.0.0.1"
    assert admin.client_address(None, "203.0.113.9", PROXY) is None


def test_one_guesser_behind_the_proxy_does_not_make_another_admin_wait():
    t0 = 2000.0
    guesser = admin.client_address("127.0.0.1", "203.0.113.9", PROXY)
    for n in range(5):
        admin.attempt(f"tebakan-{n}", f"g{n}", guesser, t0 + n)  # a new session for every guess
    assert admin.attempt(SECRET, "g9", guesser, t0 + 6)[0] == "wait"
    colleague = admin.client_address("127.0.0.1", "198.51.100.4", PROXY)
    assert admin.attempt(SECRET, "c1", colleague, t0 + 6) == ("ok", 0.0)


def test_trusted_proxies_come_from_the_environment(monkeypatch):
    from cakupan import settings

    assert settings.trusted_proxies() == PROXY
    monkeypatch.setenv("CAKUPAN_TRUSTED_PROXIES", "10.0.0.2, 10.0.0.3,")
    assert settings.trusted_proxies() == {"10.0.0.2", "10.0.0.3"}
