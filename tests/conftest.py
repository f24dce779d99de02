"""Shared fixtures: the small fixture database, the default database, and a live app for browsers."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
# A province's active participants and UCJ workers in a month, summed from the fact tables
# ($p, $month): what a test checks a page's or a PDF's figures against.
PROVINCE_SUMS = """
    select
        (select sum(m.active_participants) from membership as m join regency as r using (regency_code)
         where r.province_code = $p and m.period = $month),
        (select sum(w.workers) from workforce as w join regency as r using (regency_code)
         where r.province_code = $p and w.period = $month and w.basis = 'ucj')
"""
DASHBOARD = str(ROOT / "dashboard.py")  # AppTest resolves relative paths against the calling file
sys.path.insert(0, str(ROOT))

from cakupan.build.database import build_database  # noqa: E402
from cakupan.db import create_schema  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# Chromium 156 builds its address bar's suggestion popup as a web page of its own
# (chrome://omnibox-popup) in every new window, even headless: about 1,4 s of a renderer's time
# (traced) beside the page under test, on the same two cores. A reader's browser has it loaded long
# before they open the dashboard, so it is turned off here. (bench_browser_floor opens /peta both
# ways, interleaved: on this machine the page drew in about the same time either way.)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup"]


def _fixture_database(path: Path, *row_files: str) -> duckdb.DuckDBPyConnection:
    """Create the schema at `path`, load the given tests/*.sql row files, reopen read-only."""
    con = duckdb.connect(str(path))
    create_schema(con)
    for name in row_files:
        con.execute((ROOT / "tests" / name).read_text())
    con.close()
    return duckdb.connect(str(path), read_only=True)


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the fixture database (schema + tests/fixture_rows.sql)."""
    con = _fixture_database(tmp_path_factory.mktemp("fixture") / "fixture.duckdb", "fixture_rows.sql")
    yield con
    con.close()


@pytest.fixture
def writable_fixture_db(tmp_path) -> duckdb.DuckDBPyConnection:
    """A writable fixture database of this test's own (schema + tests/fixture_rows.sql), for imports."""
    con = duckdb.connect(str(tmp_path / "fixture.duckdb"))
    create_schema(con)
    con.execute((ROOT / "tests" / "fixture_rows.sql").read_text())
    yield con
    con.close()


@pytest.fixture(scope="session")
def fixture_targets_db(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """The fixture database plus tests/fixture_targets.sql (targets, enterprises, cooperatives, rates)."""
    con = _fixture_database(tmp_path_factory.mktemp("fixture_targets") / "fixture.duckdb",
                            "fixture_rows.sql", "fixture_targets.sql")
    yield con
    con.close()


@pytest.fixture(scope="session")
def default_db_path(tmp_path_factory) -> Path:
    """The default dataset, built once per test session into a temporary file."""
    path = tmp_path_factory.mktemp("default") / "cakupan.duckdb"
    build_database(path)
    return path


@pytest.fixture(scope="session")
def default_con(default_db_path) -> duckdb.DuckDBPyConnection:
    """One read-only connection to the default database for the session (tests take a cursor)."""
    con = duckdb.connect(str(default_db_path), read_only=True)
    yield con
    con.close()


@pytest.fixture
def default_db(default_con) -> duckdb.DuckDBPyConnection:
    """A cursor of its own on the session's connection. DuckDB 2.0 refuses new work on a connection
    whose last result was not read to its end (a fetchone), so a test sharing the connection would
    fail after whichever test ran before it on the same worker."""
    cursor = default_con.cursor()
    yield cursor
    cursor.close()


@pytest.fixture
def app_env(default_db_path, monkeypatch):
    """Point the app at the session's default database."""
    monkeypatch.setenv("CAKUPAN_DB", str(default_db_path))
    return default_db_path


def run_page(page: str, **query_params):
    """The dashboard under AppTest with these URL query parameters, switched to pages/<page>.py and run."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    for key, value in query_params.items():
        at.query_params[key] = value
    # Straight to the page, as a pasted link does: a first run on the default page would read
    # (and rewrite) the same URL parameters before this page saw them.
    at.switch_page(f"pages/{page}.py")
    return at.run()


def open_panels(at):
    """The overview run again with its closed panels open (their content is built only when open),
    so that a scan of the page also reads the sources and published-figures tables."""
    from cakupan.ui.ringkasan import CLOSED_PANELS

    for key in CLOSED_PANELS:
        at.session_state[key] = True
    return at.run()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(db_path: Path, log_path: Path, **env):
    """`streamlit run dashboard.py` on a free local port over `db_path`; yields (base URL, process)."""
    port = _free_port()
    # The server's output goes to a file: an unread pipe could fill up and stall the server.
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless=true",
         "--server.address=127.0.0.1", f"--server.port={port}",
         # No file watcher: a file edited during the run must not leave a "file changed" status up.
         "--server.fileWatcherType=none"],
        cwd=ROOT, env={**os.environ, "CAKUPAN_DB": str(db_path), **env}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        log.close()
        raise RuntimeError("streamlit did not start: " + log_path.read_text(errors="replace")[-2000:])
    try:
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def live_app(default_db_path, tmp_path_factory):
    """The dashboard served over the default database for the whole session; yields its base URL."""
    with streamlit_server(default_db_path, tmp_path_factory.mktemp("live_app") / "streamlit.log") as (url, _):
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


# Streamlit marks its root with the script's state: "initial" until the first run has begun,
# then "running" / "rerunRequested" / "notRunning"; and with the connection's state.
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning'][data-test-connection-state='CONNECTED']"


def wait_until_idle(page, timeout_ms: int = 45_000) -> None:
    """Wait until Streamlit has connected, run the script at least once, and finished drawing.

    Waiting only for the status widget to go was not enough on a loaded machine: before the
    first run begins there is no status widget, so the wait ended on an empty page.
    """
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)
    page.wait_for_timeout(500)
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)  # a rerun the first run asked for
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=timeout_ms)
    page.wait_for_timeout(1000)


def wait_quiet(page, busy, poll_ms: int, timeout_ms: int, polls: int = 4) -> None:
    """Poll until `busy(page)` has been false `polls` times in a row (or the time is up): Streamlit
    may start another run a moment after one ends, so one idle look is not enough."""
    quiet, waited = 0, 0
    while quiet < polls and waited < timeout_ms:
        quiet = 0 if busy(page) else quiet + 1
        page.wait_for_timeout(poll_ms)
        waited += poll_ms


def artifact(name: str) -> Path:
    """A path under test-artifacts/ for screenshots and downloads."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def embedded_fonts(reader) -> set[str]:
    """The base names of the fonts a PDF embeds (pypdf reader), without the subset prefix."""
    names = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


@pytest.fixture
def chart_provenance(app_env, monkeypatch):
    """The provenance each chart of a page run is exported with, by chart title."""
    from cakupan.provenance import Provenance
    from cakupan.reports import export as export_module

    seen: dict[str, Provenance] = {}
    made = export_module.chart_data

    def record(fig, provenance, lang, kind):
        seen[str(fig.layout.title.text)] = provenance
        return made(fig, provenance, lang, kind)

    monkeypatch.setattr(export_module, "chart_data", record)
    return seen
