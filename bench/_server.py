"""A fresh `streamlit run dashboard.py` on a free local port for a benchmark, and the browser to open it in."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Chromium 156 builds its address bar's suggestion popup as a web page of its own
# (chrome://omnibox-popup) in every new window, even headless: about 1,4 s of a renderer's time
# (traced) beside the page under test, on the same two cores. A reader's browser has it loaded long
# before they open the dashboard, so it is turned off here. (bench_browser_floor opens /peta both
# ways, interleaved: on this machine the page drew in about the same time either way.)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup"]


@dataclass(frozen=True)
class Server:
    url: str
    started: float  # time.perf_counter() just before the process was launched
    healthy: float  # seconds from launch until /_stcore/health answered "ok"
    pid: int = 0


@contextmanager
def streamlit_server(env: dict[str, str], root: Path = ROOT, script: str = "dashboard.py") -> Iterator[Server]:
    """Start the dashboard with this environment, wait until it answers, stop it on leaving. `root`
    is the checkout to run (another one, e.g. the main branch's, to compare against in one run);
    `script` another app in that folder (a bare Streamlit page to measure against)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless=true",
         "--server.address=127.0.0.1", f"--server.port={port}", "--server.fileWatcherType=none"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                if proc.poll() is not None:  # without this a server that failed to start is polled forever
                    raise RuntimeError(f"streamlit exited with code {proc.returncode} before answering") from None
                time.sleep(0.05)
        yield Server(url, started, time.perf_counter() - started, proc.pid)
    finally:
        # A server still holding sessions may ignore SIGTERM; a benchmark must end (and show
        # the error that ended it), so it gets 20 s and then SIGKILL.
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def chromium(playwright):
    """Debian's Chromium, headless, through Playwright (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
