"""The server's start: what every first page needs is made ready in the background.

`streamlit run dashboard.py` finds dashboard.py's `st.App` and calls `lifespan` once, when the
server starts. Without it the first visitor after a start (a deploy, a restart, a new replica)
paid for importing pandas, polars and plotly, opening the database and reading the boundary
layers: about half of that first page's server time. Here it happens while the server already
answers, before anyone is likely to ask for a page. A visitor who comes sooner waits for it
(`wait`) rather than doing the same work at the same time, which would only share the one core
the interpreter lock allows them.

A failed warm-up is logged and changes nothing else: the first page then does the work itself,
and shows any error the way it always does.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time

from streamlit.logger import get_logger

# Streamlit's logger, so that the start-up lines appear beside Streamlit's own in the server log.
LOG = get_logger("cakupan.startup")
# The longest a page waits for the warm-up before doing the work itself (a very slow disk).
WAIT_SECONDS = 30.0

_started = threading.Event()
_done = threading.Event()


@contextlib.asynccontextmanager
async def lifespan(_app):
    _started.set()
    threading.Thread(target=warm, name="cakupan-warm-up", daemon=True).start()
    yield


def wait() -> None:
    """Return once the warm-up is over; at once where none was started (tests, AppTest)."""
    if _started.is_set() and not _done.is_set():
        _done.wait(WAIT_SECONDS)


def warm() -> None:
    started = time.perf_counter()
    try:
        # pandas and pyarrow first, as dashboard.py imports them (see there why).
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401

        from cakupan.ui import (banding, berubah, cache, impor, koperasi, peta, ringkasan,  # noqa: F401
                                simulator, target, widgets, wilayah)

        periods = cache.periods() if cache.database_ready() and cache.database_current() else []
        if periods:
            # The latest month's province figures (the overview's first query, read through
            # geography, which Peta and Tinjauan Wilayah ask for on every run).
            cache.geography(periods[0])
        for level in ("province", "regency"):
            cache.shown_layer(level)  # the national maps' coarse layer, and through it the full one
        settle()
        LOG.info("warm-up done in %.2f s", time.perf_counter() - started)
    except Exception:  # noqa: BLE001 - the first page does the work (and reports any error) instead
        LOG.exception("warm-up failed; the first page will load what it needs itself")
    finally:
        _done.set()


def settle() -> None:
    """Take what the server keeps for its whole life (the modules, the boundary layers and the
    newest month's province figures: about 230.000 objects) out of Python's full garbage collections. Such a
    pass walks every object that has lived long: on /peta one came with the first new month after
    the warm-up, and took 80–200 ms of that run (the interpreter lock held, so every session
    waited) to find next to nothing. Frozen objects are still freed the usual way once nothing
    refers to them; only a reference cycle among them would stay. A full collection at this point
    found none (and took 100 ms a first page would wait for), so there is none first."""
    gc.freeze()
