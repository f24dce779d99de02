"""The server's start-up warm-up (cakupan.ui.startup): it runs when `streamlit run` starts the
server, a page that comes early waits for it, and a failed warm-up changes nothing else."""

from __future__ import annotations

import gc
import logging
import threading
import time

import pytest

from cakupan.ui import startup
from conftest import streamlit_server


@pytest.fixture
def fresh_start(monkeypatch):
    """The module's start-up state as in a process whose server has not started."""
    monkeypatch.setattr(startup, "_started", threading.Event())
    monkeypatch.setattr(startup, "_done", threading.Event())
    return startup


def test_a_page_does_not_wait_where_no_server_started_a_warm_up(fresh_start):
    # AppTest and the command line run pages without st.App's lifespan.
    waiter = threading.Thread(target=fresh_start.wait)
    waiter.start()
    waiter.join(timeout=5)
    assert not waiter.is_alive()


def test_a_page_waits_for_a_warm_up_under_way_and_then_goes_on(fresh_start):
    fresh_start._started.set()
    waiter = threading.Thread(target=fresh_start.wait)
    waiter.start()
    waiter.join(timeout=0.3)
    assert waiter.is_alive()  # still waiting: the warm-up is not over
    fresh_start._done.set()
    waiter.join(timeout=5)
    assert not waiter.is_alive()


def test_a_failed_warm_up_is_logged_and_lets_pages_go_on(fresh_start, app_env, monkeypatch):
    from cakupan.ui import cache

    def broken():
        raise OSError("disk gone")

    records = []
    handler = logging.Handler()
    handler.emit = records.append
    monkeypatch.setattr(cache, "periods", broken)
    fresh_start.LOG.addHandler(handler)
    try:
        fresh_start._started.set()
        fresh_start.warm()  # does not raise
    finally:
        fresh_start.LOG.removeHandler(handler)
    assert fresh_start._done.is_set()
    assert [r.exc_info[1].args for r in records if r.exc_info] == [("disk gone",)]
    fresh_start.wait()  # returns at once


def test_what_the_warm_up_loaded_is_left_out_of_full_garbage_collections(fresh_start, app_env):
    from cakupan.ui import cache

    frozen_before = gc.get_freeze_count()
    fresh_start._started.set()
    try:
        fresh_start.warm()
        shapes = cache.layer("regency").geojson  # the warm-up loaded it (the national kab/kota map's)
        assert gc.is_tracked(shapes)
        assert gc.get_freeze_count() > frozen_before
        # gc.get_objects lists the objects of the three generations a collection walks, not the frozen ones.
        assert not any(o is shapes for o in gc.get_objects())
        # Made after the warm-up: walked by collections as before.
        later = {"made": ["after", "the warm-up"]}
        assert any(o is later for o in gc.get_objects())
    finally:
        gc.unfreeze()


def test_the_server_warms_up_when_it_starts_before_any_page_is_asked_for(default_db_path, tmp_path):
    log_path = tmp_path / "streamlit.log"
    with streamlit_server(default_db_path, log_path):
        deadline = time.time() + 90
        while "warm-up" not in log_path.read_text(errors="replace") and time.time() < deadline:
            time.sleep(0.2)
        log = log_path.read_text(errors="replace")
    assert "warm-up done" in log, log[-2000:]
    assert "Traceback" not in log and "failed" not in log
    # The warm-up's cached calls run outside a page, under the server's runtime: no warning about it.
    assert "ScriptRunContext" not in log
