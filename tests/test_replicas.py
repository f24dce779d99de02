"""Two dashboard replicas over one database file behind Debian's nginx, and an import while they serve:
both see the new version without a restart, and the proxy keeps each visitor on one replica."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import polars as pl
import pytest

from cakupan import proxy, snapshot
from cakupan.ui import preload
from conftest import ROOT, _free_port, artifact, streamlit_server, wait_until_idle
from import_support import copy_db

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
JUNE = "2025-06-01"
SEGMENTS = [("PU", "lainnya"), ("PU", "umkm"), ("BPU", "umkm"), ("BPU", "koperasi"), ("JAKON", "lainnya"),
            ("PMI", "lainnya")]


def nginx_in_front(replicas: list[str], prefix: Path) -> tuple[str, subprocess.Popen]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: install Debian's nginx (make system does)")
    port = _free_port()
    conf = proxy.write_config(replicas, f"127.0.0.1:{port}", prefix)
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log"),
                             "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            return url, proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("nginx did not answer: " + (prefix / "error.log").read_text(errors="replace"))


def route(url: str, cookie: str | None = None) -> tuple[str, str]:
    """(the route cookie the proxy hands out, the replica that answered) for one request."""
    request = urllib.request.Request(url + "/_stcore/health", headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        ours = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie")
                if c.startswith(proxy.ROUTE_COOKIE + "=")]
        return ours[0], response.headers["X-Cakupan-Replica"]


def national_active(browser, url: str) -> str:
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(f"{url}/?period={JUNE}&basis=ucj")
    page.wait_for_selector("h1", timeout=45_000)  # the run has begun (a session's first takes a while)
    wait_until_idle(page)
    # By its label: read before the page had finished, "first" was once the workers' figure.
    value = page.get_by_test_id("stMetric").filter(has_text="Peserta aktif").first \
        .get_by_test_id("stMetricValue").inner_text()
    page.close()
    return value


def test_two_replicas_behind_nginx_see_an_import_at_once(default_db_path, tmp_path, browser):
    db_path = copy_db(default_db_path, tmp_path / "cakupan.duckdb")
    with streamlit_server(db_path, tmp_path / "a.log") as (a, proc_a), \
            streamlit_server(db_path, tmp_path / "b.log") as (b, proc_b):
        replicas = [a.removeprefix("http://"), b.removeprefix("http://")]
        proxy_url, nginx = nginx_in_front(replicas, tmp_path / "nginx")
        try:
            # Sticky: a visitor's cookie keeps every request on one replica; new visitors spread.
            cookie, first = route(proxy_url)
            assert first in replicas
            assert {route(proxy_url, cookie)[1] for _ in range(8)} == {first}
            assert {route(proxy_url)[1] for _ in range(24)} == set(replicas)
            # Scripts reach a browser compressed: plotly's 4,7 MB as gzip, the same bytes unpacked.
            script = f"/static/js/{preload._bundle_name()}"
            direct = urllib.request.urlopen(a + script, timeout=10).read()
            request = urllib.request.Request(proxy_url + script, headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.headers["Content-Encoding"] == "gzip"
                packed = response.read()
            assert gzip.decompress(packed) == direct and len(packed) < 0.4 * len(direct)

            before = {name: national_active(browser, url) for name, url in (("a", a), ("b", b), ("proxy", proxy_url))}
            assert len(set(before.values())) == 1
            version = snapshot.version(db_path)
            # Kota Mataram's June 2025 replaced by two million participants per part: the national
            # figure moves by millions, so its rounded headline must change.
            extract = tmp_path / "mataram_juni.csv"
            pl.DataFrame([("2025-06", "52.71", s, k, 2_000_000) for s, k in SEGMENTS], orient="row",
                         schema=["periode", "kode_wilayah", "segmen", "jenis_usaha", "peserta_aktif"]
                         ).write_csv(extract)
            done = subprocess.run([sys.executable, "-m", "cakupan", "import", str(extract), "--kind", "membership",
                                   "--db", str(db_path), "--lang", "en"], cwd=ROOT, capture_output=True, text=True)
            assert done.returncode == 0, done.stdout + done.stderr
            assert snapshot.version(db_path) != version

            after = {name: national_active(browser, url) for name, url in (("a", a), ("b", b), ("proxy", proxy_url))}
            assert len(set(after.values())) == 1 and after["a"] != before["a"], (before, after)
            assert proc_a.poll() is None and proc_b.poll() is None  # served throughout, never restarted
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            page.goto(f"{proxy_url}/?period={JUNE}&basis=ucj")
            wait_until_idle(page)
            # The map's data and plotly's static files came through the proxy too.
            page.wait_for_function(
                "document.querySelectorAll('.js-plotly-plot path.choroplethlocation').length >= 38", timeout=60_000)
            assert page.locator("[data-testid='stException']").count() == 0
            page.screenshot(path=artifact("replicas_proxy_overview.png"), full_page=True)
            page.close()
        finally:
            nginx.terminate()
            nginx.wait(timeout=20)
