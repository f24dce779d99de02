"""Simultaneous sessions against one dashboard (or a proxy in front of several): a Monday routine of
page loads per user, spoken in Streamlit's own websocket protocol instead of N browsers.

Each page load opens a session on `/_stcore/stream`, asks for one run of a page with its URL
parameters (a BackMsg `rerun_script`, as the browser sends on a pasted link) and waits for the
run's `script_finished`. Latency is from the request to that message; an exception element, a
"page not found" or a time-out counts as an error. Every request goes to this machine only, and
the number of requests is bounded: users x steps per level.

    .venv/bin/python bench/bench_load.py                    # N = 1, 10, 25, 50 against a fresh server
    .venv/bin/python bench/bench_load.py --users 10,25 --url http://127.0.0.1:8080   # an existing server or proxy
    .venv/bin/python bench/bench_load.py --check-browser    # one routine in Chromium beside the client, to compare
    .venv/bin/python bench/bench_load.py --replicas 2       # also K servers behind Debian's nginx, and the gain
    .venv/bin/python bench/bench_load.py --users 25 --baseline ../main   # this checkout against another, interleaved

Besides latency it reports the servers' CPU time per page load (their own and their children's,
from /proc): on a shared machine other work stretches the latencies, not that cost.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import ROOT, chromium, streamlit_server  # noqa: E402

# page (its address without the slash) and URL parameters: what a deputy director opens on Monday.
ROUTINE = (
    ("", "period=2025-12&basis=ucj"),
    ("", "period=2025-11&basis=ucj"),
    ("peta", "level=province&period=2025-12"),
    ("peta", "level=regency&province=53&period=2025-12"),
    ("peta", "level=regency&province=53&period=2025-11&segment=BPU"),
    ("wilayah", "kanwil=BANUSPA&period=2025-12"),
)
LOAD_TIMEOUT_S = 30.0
MAX_REQUESTS = 2_000  # a hard bound on page loads in one run, whatever the arguments say
# A server whose health check has not answered for this long has stopped serving (seen: an
# interpreter-wide deadlock, every thread waiting for the GIL); the level ends there instead of
# every session waiting out its own time-out.
DEAD_AFTER_S = 15.0


@dataclass(frozen=True)
class Load:
    page: str
    seconds: float
    error: str | None
    charts: int = 0  # plotly charts the run sent (a page that stopped early, e.g. on an old database, sends none)


def _messages():
    # Imported lazily: the protobuf classes come with streamlit, which the venv has.
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    return BackMsg, ForwardMsg


def _has_exception(msg) -> bool:
    return (msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element"
            and msg.delta.new_element.WhichOneof("type") == "exception")


async def page_load(base: str, page: str, query: str, cookie: str | None) -> Load:
    """One session: open the stream, run `page` with `query`, wait for the run to finish."""
    import websockets

    BackMsg, ForwardMsg = _messages()
    ws_url = base.replace("http://", "ws://", 1) + "/_stcore/stream"
    headers = {"Cookie": cookie} if cookie else None
    started = time.perf_counter()
    try:
        async with asyncio.timeout(LOAD_TIMEOUT_S):
            # No keepalive pings from this side: with dozens of sessions in one event loop a pong
            # can wait behind a large message, and the client itself would drop the session.
            async with websockets.connect(ws_url, subprotocols=["streamlit"], additional_headers=headers,
                                          max_size=None, open_timeout=LOAD_TIMEOUT_S, ping_interval=None) as ws:
                back = BackMsg()
                back.rerun_script.query_string = query
                back.rerun_script.page_name = page
                await ws.send(back.SerializeToString())
                error, charts = None, 0
                async for frame in ws:
                    msg = ForwardMsg()
                    msg.ParseFromString(frame)
                    kind = msg.WhichOneof("type")
                    if (kind == "delta" and msg.delta.WhichOneof("type") == "new_element"
                            and msg.delta.new_element.WhichOneof("type") == "plotly_chart"):
                        charts += 1
                    if _has_exception(msg):
                        error = "exception"
                    elif kind == "page_not_found":
                        error = "page not found"
                    elif kind == "script_finished" and msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                        return Load(page, time.perf_counter() - started, error, charts)
                return Load(page, time.perf_counter() - started, "closed before the run finished")
    except TimeoutError:
        return Load(page, time.perf_counter() - started, "time-out")
    except (OSError, websockets.exceptions.ConnectionClosed) as exc:
        return Load(page, time.perf_counter() - started, f"connection: {exc.__class__.__name__}")


def route_cookie(base: str) -> str | None:
    """The proxy's sticky-session cookie, as a browser gets it with the first page (None: no proxy)."""
    with urllib.request.urlopen(base + "/", timeout=LOAD_TIMEOUT_S) as response:
        cookies = [h.split(";", 1)[0] for h in response.headers.get_all("Set-Cookie") or []]
    return "; ".join(cookies) or None


async def user(base: str, steps: int) -> list[Load]:
    try:
        cookie = await asyncio.to_thread(route_cookie, base)
    except OSError as exc:
        return [Load(page, 0.0, f"first page: {exc.__class__.__name__}") for page, _ in ROUTINE[:steps]]
    return [await page_load(base, page, query, cookie) for page, query in ROUTINE[:steps]]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=3) as response:
            return response.read() == b"ok"
    except OSError:
        return False


async def watchdog(servers: list[str]) -> str:
    """Returns (ends) once one of the servers has not answered its health check for DEAD_AFTER_S."""
    last_ok = {url: time.perf_counter() for url in servers}
    while True:
        await asyncio.sleep(1.0)
        for url in servers:
            if await asyncio.to_thread(_healthy, url):
                last_ok[url] = time.perf_counter()
            elif time.perf_counter() - last_ok[url] > DEAD_AFTER_S:
                return f"server {url} stopped answering"


def _tree(pid: int) -> list[int]:
    """A process and all its descendants (the kaleido browser included)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, MB."""
    total = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _tree_cpu_s(pids: list[int]) -> float:
    """CPU seconds (user + system) the servers and their descendants have used so far. Per page load
    this is the server's cost, which other work on a shared machine stretches in time but does not add to."""
    ticks = 0
    for pid in pids:
        for p in _tree(pid):
            try:
                fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
            except (OSError, IndexError, ValueError):
                pass
    return ticks / os.sysconf("SC_CLK_TCK")


async def level(base: str, n: int, steps: int, pids: list[int], servers: list[str]) -> dict:
    peak = 0.0

    async def sample() -> None:
        nonlocal peak
        while True:
            peak = max(peak, sum(_tree_rss_mb(p) for p in pids))
            await asyncio.sleep(0.25)

    sampler = asyncio.create_task(sample()) if pids else None
    cpu_before = _tree_cpu_s(pids)
    started = time.perf_counter()
    users = asyncio.gather(*(user(base, steps) for _ in range(n)))
    guard = asyncio.create_task(watchdog(servers))
    done, _ = await asyncio.wait([users, guard], return_when=asyncio.FIRST_COMPLETED)
    wall = time.perf_counter() - started
    cpu = _tree_cpu_s(pids) - cpu_before
    dead = None
    if guard in done:  # a stopped server: every load of this level counts as an error
        dead = guard.result()
        users.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await users
        loads = [Load("", wall, dead)] * (n * steps)
    else:
        guard.cancel()
        loads = [load for result in users.result() for load in result]
    if sampler:
        sampler.cancel()
    ok = sorted(load.seconds for load in loads if load.error is None)
    q = statistics.quantiles(ok, n=20, method="inclusive") if len(ok) >= 2 else ok * 19
    return {"n": n, "loads": len(loads), "errors": sum(load.error is not None for load in loads),
            "p50": statistics.median(ok) if ok else float("nan"), "p95": q[18] if ok else float("nan"),
            "max": ok[-1] if ok else float("nan"), "per_s": len(loads) / wall, "wall": wall, "rss_mb": peak,
            "cpu_ms": 1000 * cpu / len(loads) if pids else float("nan"),
            "kinds": sorted({load.error for load in loads if load.error}), "dead": dead}


def browser_routine(base: str) -> list[float]:
    """The same routine in one real Chromium, each step from navigation until the run has finished
    (the status widget has come and gone) and the page holds no exception."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for path, query in ROUTINE:
            started = time.perf_counter()
            page.goto(f"{base}/{path}?{query}")
            page.wait_for_selector("[data-testid='stApp']")
            # The widget appears only once the run has started; before that "detached" is trivially true.
            with contextlib.suppress(Exception):
                page.get_by_test_id("stStatusWidget").wait_for(state="attached", timeout=3_000)
            page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=90_000)
            times.append(time.perf_counter() - started)
            if page.get_by_test_id("stException").count():
                raise RuntimeError(f"/{path}?{query}: the page shows an exception in Chromium")
        browser.close()
    return times


def check_browser(base: str) -> None:
    client = asyncio.run(client_routine(base))
    browser = browser_routine(base)
    print("\ncheck against one real browser, the routine once on the warm server (s):")
    print(f"{'step':48} {'client':>7} {'Chromium':>9}")
    for (path, query), a, b in zip(ROUTINE, client, browser):
        print(f"{'/' + path + '?' + query:48} {a:7.2f} {b:9.2f}")


def report(rows: list[dict], label: str) -> None:
    print(f"\n{label}")
    print(f"{'N':>4} {'loads':>6} {'errors':>6} {'p50 s':>7} {'p95 s':>7} {'max s':>7} {'loads/s':>8} {'RSS MB':>7} "
          f"{'CPU ms/load':>11}")
    for r in rows:
        print(f"{r['n']:>4} {r['loads']:>6} {r['errors']:>6} {r['p50']:>7.2f} {r['p95']:>7.2f} {r['max']:>7.2f} "
              f"{r['per_s']:>8.2f} {r['rss_mb']:>7.0f} {r['cpu_ms']:>11.0f}"
              + (f"  ({', '.join(r['kinds'])})" if r["kinds"] else ""))
    if rows and rows[-1]["dead"]:
        print(f"stopped: {rows[-1]['dead']}; no further level was run")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")


async def warm(servers: list[str]) -> None:
    """Every page and query once on every server before anything is measured (through the proxy
    the warm-up user would reach one replica only, and the first user of another would measure its
    cold start)."""
    for server in servers:
        for (page, query), load in zip(ROUTINE, await user(server, len(ROUTINE))):
            if load.error or not load.charts:
                # Every page of the routine draws charts; one that draws none stopped early (an old
                # database, no months) and would be measured as a fast page.
                sys.exit(f"/{page}?{query} on {server}: {load.error or 'no chart drawn'}; is the database current?")


async def run_levels(base: str, users: list[int], steps: int, pids: list[int],
                     servers: list[str] | None = None) -> list[dict]:
    """Each level in turn on a warm server; after a level whose server stopped, no further level."""
    servers = servers or [base]
    await warm(servers)
    rows = []
    for n in users:
        rows.append(await level(base, n, steps, pids, servers))
        if rows[-1]["dead"]:
            break
    return rows


async def compared_levels(servers: list, users: list[int], steps: int) -> list[list[dict]]:
    """Each level on each of several servers (this checkout's and a baseline's), one after the other,
    so that both meet the same machine: on a shared machine the load of the minute moves every
    absolute figure."""
    await warm([s.url for s in servers])
    rows: list[list[dict]] = [[] for _ in servers]
    for n in users:
        for server, out in zip(servers, rows):
            out.append(await level(server.url, n, steps, [server.pid], [server.url]))
        if any(out[-1]["dead"] for out in rows):
            break
    return rows


async def client_routine(base: str) -> list[float]:
    """The routine once, by one websocket client, each step's seconds (to set beside Chromium's)."""
    return [(await page_load(base, page, query, None)).seconds for page, query in ROUTINE]


@contextlib.contextmanager
def nginx_proxy(replicas: list[str]):
    """Debian's nginx in front of the replicas, configured by `python -m cakupan proxy-config`'s code."""
    sys.path.insert(0, str(ROOT))
    from cakupan.proxy import write_config

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    with tempfile.TemporaryDirectory(prefix="cakupan-nginx-") as prefix:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        conf = write_config(replicas, f"127.0.0.1:{port}", Path(prefix))
        proc = subprocess.Popen([nginx, "-p", prefix, "-c", str(conf), "-e", f"{prefix}/error.log", "-g", "daemon off;"])
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                    break
                except OSError:
                    time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="1,10,25,50", help="simultaneous users per level, e.g. 1,10,25")
    parser.add_argument("--steps", type=int, default=3, help=f"page loads per user (1-{len(ROUTINE)})")
    parser.add_argument("--url", help="an already running server or proxy on this machine (else one is started)")
    parser.add_argument("--pid", type=int, action="append", default=[], help="server process(es) whose RSS to report")
    parser.add_argument("--check-browser", action="store_true", help="also time the routine in one Chromium")
    parser.add_argument("--replicas", type=int, default=1, help="also run K replicas behind nginx and compare")
    parser.add_argument("--baseline", help="another checkout (e.g. the main branch's) whose server runs each level "
                                           "too, interleaved with this one's, and the ratio of the two")
    parser.add_argument("--baseline-db", help="the baseline's own database (default: the same as this checkout's); "
                                              "for a baseline whose schema differs")
    args = parser.parse_args()
    users = [int(n) for n in args.users.split(",")]
    steps = max(1, min(args.steps, len(ROUTINE)))
    if sum(users) * steps > MAX_REQUESTS:
        parser.error(f"at most {MAX_REQUESTS} page loads per run")
    if args.url:
        host = urllib.parse.urlsplit(args.url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            parser.error("the load goes to this machine only (127.0.0.1, localhost or ::1)")
        rows = asyncio.run(run_levels(args.url.rstrip("/"), users, steps, args.pid))
        report(rows, f"{args.url}: {steps} page loads per user, warm")
        if args.check_browser:
            check_browser(args.url.rstrip("/"))
        return
    db = os.environ.get("CAKUPAN_DB", str(ROOT / "data" / "cakupan.duckdb"))
    if not Path(db).exists():
        sys.exit(f"no database at {db}; build it first with `make db`")
    env = {**os.environ, "CAKUPAN_DB": db}
    if args.baseline:
        their_env = {**env, "CAKUPAN_DB": args.baseline_db or db}
        with streamlit_server(env) as ours, streamlit_server(their_env, root=Path(args.baseline)) as theirs:
            mine, base = asyncio.run(compared_levels([ours, theirs], users, steps))
        report(mine, f"this checkout: {steps} page loads per user, warm")
        which = f"its own database {args.baseline_db}" if args.baseline_db else "same database"
        report(base, f"baseline {args.baseline}, {which}, levels interleaved with the above")
        print("\nbaseline / this checkout: " + ", ".join(
            f"N={a['n']}: p95 {b['p95'] / a['p95']:.2f}x, CPU per load {b['cpu_ms'] / a['cpu_ms']:.2f}x"
            for a, b in zip(mine, base)))
        return
    with streamlit_server(env) as server:
        single = asyncio.run(run_levels(server.url, users, steps, [server.pid]))
        report(single, f"one server: {steps} page loads per user, warm")
        if args.check_browser:
            check_browser(server.url)
    if args.replicas > 1:
        with contextlib.ExitStack() as stack:
            servers = [stack.enter_context(streamlit_server(env)) for _ in range(args.replicas)]
            url = stack.enter_context(nginx_proxy([s.url.removeprefix("http://") for s in servers]))
            many = asyncio.run(run_levels(url, users, steps, [s.pid for s in servers], [s.url for s in servers]))
        report(many, f"{args.replicas} replicas behind nginx: {steps} page loads per user, warm")
        print("\ngain (one server / replicas): " + ", ".join(
            f"N={a['n']}: p95 {a['p95'] / b['p95']:.2f}x, loads/s {b['per_s'] / a['per_s']:.2f}x"
            for a, b in zip(single, many)))


if __name__ == "__main__":
    main()
