"""Who may import: an admin secret from Streamlit secrets or CAKUPAN_ADMIN_SECRET, read at each use."""

from __future__ import annotations

import hashlib
import hmac

from cakupan import settings

SECRET_KEYS = ("CAKUPAN_ADMIN_SECRET", "cakupan_admin_secret")


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


def import_enabled() -> bool:
    return configured_secret() is not None


def check(entered: str | None) -> bool:
    """Whether the entered secret is the configured one (constant-time comparison)."""
    secret = configured_secret()
    if not secret or not entered:
        return False
    return hmac.compare_digest(secret.encode(), entered.encode())


def token(entered: str) -> str:
    """What a session keeps after a correct entry: a digest, never the secret itself."""
    return hashlib.sha256(b"cakupan-admin:" + entered.encode()).hexdigest()


def token_valid(kept: str | None) -> bool:
    """Whether a kept token still matches the secret configured now (it may have changed)."""
    secret = configured_secret()
    return bool(secret and kept) and hmac.compare_digest(token(secret), kept)
