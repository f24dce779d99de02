"""Who may import: an admin secret from Streamlit secrets or CAKUPAN_ADMIN_SECRET, read at each use.

The gate slows guessing: after a few failures a session and a client address must wait, longer
after each further failure, and every failure is logged (never what was typed). A secret shorter
than MIN_SECRET_CHARS is refused: importing then stays off until it is replaced.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections.abc import Iterable

from cakupan import settings

SECRET_KEYS = ("CAKUPAN_ADMIN_SECRET", "cakupan_admin_secret")
MIN_SECRET_CHARS = 12
FREE_ATTEMPTS = 3  # failures before the first wait
FIRST_WAIT_S = 2.0  # then 2, 4, 8 … seconds after each further failure
MAX_WAIT_S = 300.0
log = logging.getLogger("cakupan.admin")


def configured_secret() -> str | None:
    """The configured secret, or None when importing is not enabled on this server."""
    secret = settings.admin_secret_from_env()
    if secret:
        return secret
    try:
        import streamlit as st

        # Without a secrets.toml, touching st.secrets raises; ask first whether one exists.
        if not st.secrets.load_if_toml_exists():
            return None
        for key in SECRET_KEYS:
            value = st.secrets.get(key)
            if value:
                return str(value)
    except Exception:  # noqa: BLE001 - an unreadable secrets file means "not configured"
        return None
    return None


_warned_short = False


def secret_too_short() -> bool:
    """Whether a secret is configured but too short to stand up to guessing (logged once)."""
    global _warned_short
    secret = configured_secret()
    short = secret is not None and len(secret) < MIN_SECRET_CHARS
    if short and not _warned_short:
        log.error("the configured admin secret has %d characters, fewer than %d; importing stays off",
                  len(secret), MIN_SECRET_CHARS)
        _warned_short = True
    return short


def import_enabled() -> bool:
    return configured_secret() is not None and not secret_too_short()


def check(entered: str | None) -> bool:
    """Whether the entered secret is the configured one (constant-time comparison)."""
    secret = configured_secret()
    if not secret or not entered or len(secret) < MIN_SECRET_CHARS:
        return False
    return hmac.compare_digest(secret.encode(), entered.encode())


def token(entered: str) -> str:
    """What a session keeps after a correct entry: a digest, never the secret itself."""
    return hashlib.sha256(b"cakupan-admin:" + entered.encode()).hexdigest()


def token_valid(kept: str | None) -> bool:
    """Whether a kept token still matches the secret configured now (it may have changed)."""
    secret = configured_secret()
    return bool(secret and kept) and hmac.compare_digest(token(secret), kept)


class Throttle:
    """Failed attempts per key (one session, one client address) and when the last one was.
    After FREE_ATTEMPTS failures a key must wait FIRST_WAIT_S, doubling with each further failure
    up to MAX_WAIT_S, before its next attempt is even checked."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}

    def wait(self, keys: Iterable[str], now: float) -> float:
        """Seconds until the keys may try again (0: now)."""
        with self._lock:
            return max((self._wait(*self._failures[k], now) for k in keys if k in self._failures), default=0.0)

    @staticmethod
    def _wait(count: int, last: float, now: float) -> float:
        if count < FREE_ATTEMPTS:
            return 0.0
        return max(0.0, last + min(FIRST_WAIT_S * 2 ** (count - FREE_ATTEMPTS), MAX_WAIT_S) - now)

    def failed(self, keys: Iterable[str], now: float) -> int:
        """Count one failure for each key; returns the highest count."""
        with self._lock:
            if len(self._failures) > 10_000:  # forget keys idle for long, so the table stays small
                self._failures = {k: v for k, v in self._failures.items() if now - v[1] < 2 * MAX_WAIT_S}
            counts = []
            for key in keys:
                count = self._failures.get(key, (0, now))[0] + 1
                self._failures[key] = (count, now)
                counts.append(count)
            return max(counts)

    def succeeded(self, keys: Iterable[str]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()


THROTTLE = Throttle()


def client_address(peer: str | None, forwarded_for: str | None, trusted: frozenset[str]) -> str | None:
    """The visitor's address for the gate. Behind the proxy every visitor arrives from the proxy's
    address, so counting failures by it would make one guesser lock out every admin; the proxy
    appends the address it was reached from as the last entry of X-Forwarded-For, which is the one
    to count (entries before it come from the visitor and could be made up). A request not from a
    trusted proxy is counted by its own address, whatever header it brings."""
    if peer in trusted and forwarded_for:
        last = forwarded_for.split(",")[-1].strip()
        if last:
            return last
    return peer


def attempt(entered: str | None, session: str, client: str | None, now: float | None = None) -> tuple[str, float]:
    """Try a secret for one session from one client: ('ok' | 'wrong' | 'wait', seconds to wait).
    While a wait runs the secret is not checked at all."""
    keys = (f"session:{session}", f"client:{client or 'unknown'}")
    now = time.monotonic() if now is None else now
    wait = THROTTLE.wait(keys, now)
    if wait > 0:
        log.warning("admin secret: attempt refused unchecked, %.0f s to wait (client %s)", wait, client or "unknown")
        return "wait", wait
    if check(entered):
        THROTTLE.succeeded(keys)
        return "ok", 0.0
    count = THROTTLE.failed(keys, now)
    log.warning("admin secret: failed attempt %d (client %s)", count, client or "unknown")
    return "wrong", THROTTLE.wait(keys, now)
